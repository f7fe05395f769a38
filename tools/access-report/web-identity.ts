/**
 * The web identity half of an `oidc-role` source: which CI jobs become B's role. Planned from config
 * (the intent) against B's RENDERED trust policy (tools/access-report/documents.ts). Pure.
 *
 * A job is simulated as iam-simulate models web identity: the request's principal is the OIDC
 * provider (matched against `Principal.Federated`), the action `sts:AssumeRoleWithWebIdentity`, the
 * token's claims are context keys (`token.actions.githubusercontent.com:sub`). The right repository
 * and ref get in; another ref, another repository, a fork, a token without `sub`, another audience
 * and another issuer are refused.
 *
 * One translation, and only for the simulator: iam-simulate (0.1.173) accepts as context only the keys
 * the Service Authorization Reference lists for the action, and it lists provider-specific claims
 * (GitHub's `job_workflow_ref`) but not the `<issuer>:aud` and `<issuer>:sub` that IAM documents for
 * every OIDC provider; it would drop them, and every condition on them would fail. So `simulatorForm`
 * renames exactly those two keys of the trusted issuer, in a copy of the rendered trust and in the
 * request, to `accounts.google.com:aud` / `:sub`, web identity keys it does evaluate, of the same type
 * (String). Operators and values are untouched; a key the trust misspells is not renamed, so its
 * condition still fails.
 */
import { oidcClaimKey } from "./vocabulary";
import type { CrossAccountConfig, SourceSpec } from "../../lib/model/config";
import type { PolicyDocument } from "../../lib/model/policy";
import type { RecordedResource } from "../shared/mock-runtime";
import { probeName } from "../../lib/names";
import { trustPolicyOf } from "./documents";
import { valueMatchingNone } from "./probes";
import type { CheckKind, Expectation, PlannedCheck, PlannedRequest } from "./checks";
import { accountOf } from "./callers";
import { describeAccount } from "../../lib/policies/accounts";

export const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";

/** The simulator's stand-ins for `<issuer>:aud` and `<issuer>:sub` (see the module comment). */
const STAND_INS: Readonly<Record<string, string>> = { aud: "accounts.google.com:aud", sub: "accounts.google.com:sub" };

type OidcSource = Extract<SourceSpec, { kind: "oidc-role" }>;

/** IAM's `*` and `?` wildcards. */
function globMatches(pattern: string, value: string): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
    );
    return re.test(value);
}

/** A value a pattern matches (each wildcard filled in). */
function sample(pattern: string): string {
    return pattern.replace(/[*?]/g, "x");
}

/** The claims a token of the configured job carries, and tokens that must be refused, each with a title. */
interface Token {
    title: string;
    kind: CheckKind;
    expect: Expectation;
    claims: Record<string, string>;
    /** Issuer whose provider presents the token. @default the configured one */
    issuer?: string;
    /** Set when no token can test the refusal (the configured subjects match every sub): the row is UNPROVEN for this reason. */
    untestable?: string;
}

/** @param ofB the source's account as rows name it: "of B", with named accounts "of account tooling (222222222222)". */
function tokens(s: OidcSource, ofB: string): Token[] {
    const o = s.oidc;
    const role = `role ${s.path}${s.name} ${ofB}`;
    const out: Token[] = [];
    const right: Record<string, string> = {};
    const deny = (title: string, kind: CheckKind, claims: Record<string, string>, issuer?: string) =>
        out.push({ title, kind, expect: "deny", claims, ...(issuer ? { issuer } : {}) });
    const subs = (sub: string) => ({ ...right, sub });
    if (o.preset === "github") {
        const ref = o.ref;
        const suffix =
            ref === undefined
                ? "ref:refs/heads/main"
                : "branch" in ref
                  ? `ref:refs/heads/${sample(ref.branch)}`
                  : "tag" in ref
                    ? `ref:refs/tags/${sample(ref.tag)}`
                    : "environment" in ref
                      ? `environment:${sample(ref.environment)}`
                      : "pull_request";
        const repo = sample(o.repository);
        Object.assign(right, { aud: o.audience, sub: `repo:${repo}:${suffix}` });
        if (o.jobWorkflowRef !== undefined) right.job_workflow_ref = sample(o.jobWorkflowRef);
        out.push({
            title: `a GitHub Actions job of ${repo} (sub ${right.sub}) becomes ${role}`,
            kind: "trusted-source",
            expect: "allow",
            claims: { ...right },
        });
        const [owner, name] = repo.split("/");
        deny(
            `a job of another branch (sub repo:${repo}:ref:refs/heads/report-other-branch) is refused`,
            "other-principal",
            subs(`repo:${repo}:ref:refs/heads/report-other-branch`),
        );
        deny(
            `a job of another tag (sub repo:${repo}:ref:refs/tags/report-other-tag) is refused`,
            "other-principal",
            subs(`repo:${repo}:ref:refs/tags/report-other-tag`),
        );
        deny(
            `a job of another repository of ${owner} (repo:${owner}/${name}-other) is refused`,
            "other-principal",
            subs(`repo:${owner}/${name}-other:${suffix}`),
        );
        deny(`a job of a fork (repo:report-fork/${name}) is refused`, "other-principal", subs(`repo:report-fork/${name}:${suffix}`));
        deny(
            `a pull request job (sub repo:${repo}:pull_request, as a fork's pull request presents it) is refused`,
            "other-principal",
            subs(`repo:${repo}:pull_request`),
        );
        if (o.jobWorkflowRef !== undefined)
            deny("a job run by another workflow (job_workflow_ref) is refused", "missing-condition", {
                ...right,
                job_workflow_ref: `${owner}/report-other/.github/workflows/x.yml@refs/heads/main`,
            });
    } else if (o.preset === "gitlab") {
        const path = sample(o.projectPath);
        const ref = o.ref ?? { refType: "branch" as const, ref: "main" };
        Object.assign(right, { aud: o.audience, sub: `project_path:${path}:ref_type:${ref.refType}:ref:${sample(ref.ref)}` });
        out.push({ title: `a GitLab CI job of ${path} (sub ${right.sub}) becomes ${role}`, kind: "trusted-source", expect: "allow", claims: { ...right } });
        deny(`a job of another branch of ${path} is refused`, "other-principal", subs(`project_path:${path}:ref_type:branch:ref:report-other-branch`));
        deny(`a job of another tag of ${path} is refused`, "other-principal", subs(`project_path:${path}:ref_type:tag:ref:report-other-tag`));
        deny(
            `a job of another project (${path}-other) is refused`,
            "other-principal",
            subs(`project_path:${path}-other:ref_type:${ref.refType}:ref:${sample(ref.ref)}`),
        );
    } else {
        Object.assign(right, { aud: o.audiences[0], sub: sample(o.subjects[0]) });
        out.push({ title: `a token of ${o.issuer} with sub ${right.sub} becomes ${role}`, kind: "trusted-source", expect: "allow", claims: { ...right } });
        // A probe the configured subjects match would test nothing: built to miss them all (tools/access-report/probes.ts).
        const other = valueMatchingNone(o.subjects, probeName("report-other-subject", o.subjects));
        if (other !== undefined) deny(`a token with another sub (${other}) is refused`, "other-principal", subs(other));
        else
            out.push({
                title: "a token with another sub is refused",
                kind: "other-principal",
                expect: "deny",
                claims: { ...right },
                untestable: `no sub is outside subjects (${o.subjects.join(", ")}): its patterns match every value, so the trust refuses no job of ${o.issuer}`,
            });
    }
    const { sub: _sub, ...withoutSub } = right;
    void _sub;
    deny("a token without sub is refused", "missing-condition", withoutSub);
    // Probe names built to miss the configured audiences and issuer (lib/names.ts probeName).
    const audience = probeName("report-other-audience", o.preset === "generic" ? o.audiences : [o.audience]);
    deny(`a token for another audience (${audience}) is refused`, "missing-condition", { ...right, aud: audience });
    const issuer = probeName("report-other-issuer.example.com", [o.issuer]);
    deny(`the same claims from another issuer (${issuer}) are refused`, "other-principal", { ...right }, issuer);
    // A token the trust in fact accepts is no refusal: a wildcard ref (`release/*`, `*`) may cover the "other" ones.
    const subjects = webSubjects(s);
    return out.filter(
        (t) => t.kind !== "other-principal" || t.issuer !== undefined || t.untestable !== undefined || !subjects.some((p) => globMatches(p, t.claims.sub)),
    );
}

/** The subjects the configured trust accepts (the same strings lib/policies/web-identity-trust.ts writes, spelled out here independently). */
function webSubjects(s: OidcSource): string[] {
    const o = s.oidc;
    if (o.preset === "generic") return o.subjects;
    if (o.preset === "gitlab") return [o.ref ? `project_path:${o.projectPath}:ref_type:${o.ref.refType}:ref:${o.ref.ref}` : `project_path:${o.projectPath}:*`];
    const r = o.ref;
    const suffix =
        r === undefined
            ? "*"
            : "branch" in r
              ? `ref:refs/heads/${r.branch}`
              : "tag" in r
                ? `ref:refs/tags/${r.tag}`
                : "environment" in r
                  ? `environment:${r.environment}`
                  : "pull_request";
    return [`repo:${o.repository}:${suffix}`];
}

/** The web identity checks of an `oidc-role` source, against the trust account-b rendered for its role. */
export function webIdentityChecks(cfg: CrossAccountConfig, roleName: string, s: OidcSource, sourceResources: readonly RecordedResource[]): PlannedCheck[] {
    const p = cfg.partition;
    const B = accountOf(cfg, s.account).id;
    const trust = trustPolicyOf(sourceResources, s.name);
    const resource = `arn:${p}:iam::${B}:role${s.path}${s.name}`;
    const ofB = cfg.layout === "named-accounts" ? `of ${describeAccount(cfg, accountOf(cfg, s.account))}` : "of B";
    return tokens(s, ofB).map((t) => {
        const issuer = t.issuer ?? s.oidc.issuer;
        const request: PlannedRequest = {
            principal: `arn:${p}:iam::${B}:oidc-provider/${issuer}`,
            action: WEB_IDENTITY_ACTION,
            resource,
            resourceAccount: B,
            context: Object.fromEntries(Object.entries(t.claims).map(([claim, v]) => [`${s.oidc.issuer}:${claim}`, v])),
            identityPolicies: [],
            ...(trust ? { resourcePolicy: trust } : {}),
        };
        return {
            role: roleName,
            kind: t.kind,
            title: t.title,
            expect: t.expect,
            request,
            // B's trust is rendered, and a web identity caller has no identity policy: nothing unread.
            unread: [],
            ...(t.untestable !== undefined ? { untestable: { reason: t.untestable, dependsOn: [] } } : {}),
            source: s.key,
        };
    });
}

/**
 * The request and trust as the simulator can evaluate them: `<issuer>:aud` / `<issuer>:sub` of each
 * issuer the trust names in `Principal.Federated`, renamed to the stand-ins (see the module comment).
 */
export function simulatorForm(
    context: Record<string, string | string[]>,
    trust: PolicyDocument | undefined,
): { context: Record<string, string | string[]>; trust?: PolicyDocument } {
    if (!trust) return { context };
    const issuers = trust.Statement.flatMap((st) => {
        const f = typeof st.Principal === "object" ? st.Principal.Federated : undefined;
        return (f === undefined ? [] : typeof f === "string" ? [f] : f).flatMap((arn) => /:oidc-provider\/(.+)$/.exec(arn)?.[1] ?? []);
    });
    const rename = (key: string) => (oidcClaimKey(key, issuers) ? STAND_INS[key.slice(key.lastIndexOf(":") + 1)] : key);
    return {
        context: Object.fromEntries(Object.entries(context).map(([k, v]) => [rename(k), v])),
        trust: {
            ...trust,
            Statement: trust.Statement.map((st) =>
                st.Condition
                    ? {
                          ...st,
                          Condition: Object.fromEntries(
                              Object.entries(st.Condition).map(([op, block]) => [
                                  op,
                                  Object.fromEntries(Object.entries(block).map(([k, v]) => [rename(k), v])),
                              ]),
                          ),
                      }
                    : st,
            ),
        },
    };
}
