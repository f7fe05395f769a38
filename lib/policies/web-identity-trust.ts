/**
 * Who may become an `oidc-role` source of account B: the trust policy of a role that CI jobs assume
 * with their OIDC token (`sts:AssumeRoleWithWebIdentity`), and the claims it requires, from the
 * GitHub, GitLab or generic form of the config. Pure.
 *
 * Every statement requires the issuer's `aud` and `sub`: a trust without `sub` lets every job of every
 * repository the issuer serves in (the known abuse of GitHub's issuer). Exact subjects are written with
 * `StringEquals`, subjects with `*` or `?` with `StringLike` in a statement of their own (one statement
 * with both operators on `sub` would require both, which no token meets).
 */
import { oidcProviderArn } from "../iam/arns";
import type { OidcTrust, SourceSpec } from "../model/config";
import type { ConditionBlock, PolicyDocument, PolicyStatement } from "../model/policy";

/** The web identity action of a CI role's trust. */
export const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";

/** The claims a token must carry, as the trust policy compares them. */
export interface WebIdentityClaims {
    /** Issuer URL without `https://`: the prefix of every condition key. */
    issuer: string;
    audiences: string[];
    subjects: string[];
    /** Other claims (key suffix -> accepted values): GitHub's `job_workflow_ref`. */
    other: Record<string, string[]>;
}

/** True when IAM reads `value` as a pattern (`StringLike`). */
export function hasWildcard(value: string): boolean {
    return /[*?]/.test(value);
}

/** The `sub` a GitHub job carries for the configured ref: `repo:<owner>/<repo>:ref:refs/heads/<branch>` and the like. */
export function githubSubject(repository: string, ref: Extract<OidcTrust, { preset: "github" }>["ref"]): string {
    const base = `repo:${repository}`;
    if (ref === undefined) return `${base}:*`;
    if ("branch" in ref) return `${base}:ref:refs/heads/${ref.branch}`;
    if ("tag" in ref) return `${base}:ref:refs/tags/${ref.tag}`;
    if ("environment" in ref) return `${base}:environment:${ref.environment}`;
    return `${base}:pull_request`;
}

/** The `sub` a GitLab job carries: `project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>`. */
export function gitlabSubject(projectPath: string, ref: Extract<OidcTrust, { preset: "gitlab" }>["ref"]): string {
    const base = `project_path:${projectPath}`;
    return ref === undefined ? `${base}:*` : `${base}:ref_type:${ref.refType}:ref:${ref.ref}`;
}

/** The claims of the configured form. */
export function webIdentityClaims(oidc: OidcTrust): WebIdentityClaims {
    switch (oidc.preset) {
        case "github":
            return {
                issuer: oidc.issuer,
                audiences: [oidc.audience],
                subjects: [githubSubject(oidc.repository, oidc.ref)],
                other: oidc.jobWorkflowRef === undefined ? {} : { job_workflow_ref: [oidc.jobWorkflowRef] },
            };
        case "gitlab":
            return { issuer: oidc.issuer, audiences: [oidc.audience], subjects: [gitlabSubject(oidc.projectPath, oidc.ref)], other: {} };
        case "generic":
            return { issuer: oidc.issuer, audiences: [...oidc.audiences], subjects: [...oidc.subjects], other: {} };
    }
}

/** Sid of the trust statements, per form. */
const SIDS: Readonly<Record<OidcTrust["preset"], string>> = { github: "GitHubActions", gitlab: "GitLabCi", generic: "WebIdentity" };

/** Puts `values` under `key`: `StringEquals` for exact ones, `StringLike` for patterns (never both on one key). */
function compare(block: ConditionBlock, key: string, values: string[]): void {
    const like = values.some(hasWildcard);
    const op = like ? "StringLike" : "StringEquals";
    block[op] = { ...(block[op] ?? {}), [key]: values.length === 1 ? values[0] : values };
}

/**
 * Trust policy of an `oidc-role` source: the OIDC provider of account B (`Principal.Federated`) may
 * `sts:AssumeRoleWithWebIdentity` with a token whose `aud` is one of the audiences and whose `sub` is
 * one of the subjects (and, for GitHub, whose `job_workflow_ref` is the configured one).
 */
export function webIdentityTrustPolicy(partition: string, accountId: string, oidc: OidcTrust): PolicyDocument {
    const claims = webIdentityClaims(oidc);
    if (claims.subjects.length === 0) throw new Error("webIdentityTrustPolicy: no subject; a trust without sub would let every job of the issuer in");
    const exact = claims.subjects.filter((s) => !hasWildcard(s));
    const patterns = claims.subjects.filter(hasWildcard);
    const groups = [exact, patterns].filter((g) => g.length > 0);
    const k = (claim: string) => `${claims.issuer}:${claim}`;
    return {
        Version: "2012-10-17",
        Statement: groups.map((subjects): PolicyStatement => {
            const condition: ConditionBlock = {};
            compare(condition, k("aud"), claims.audiences);
            compare(condition, k("sub"), subjects);
            for (const [claim, values] of Object.entries(claims.other)) compare(condition, k(claim), values);
            return {
                Sid: `${SIDS[oidc.preset]}${groups.length > 1 && subjects === patterns ? "Patterns" : ""}`,
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn(partition, accountId, claims.issuer) },
                Action: WEB_IDENTITY_ACTION,
                Condition: condition,
            };
        }),
    };
}

/** An OIDC provider account B creates: its URL and the audiences of every source that uses it. */
export interface OidcProviderToCreate {
    issuer: string;
    url: string;
    audiences: string[];
}

/**
 * The OIDC providers account B creates: one per issuer among the `oidc-role` sources that name no
 * `providerArn` (IAM holds one provider per URL per account), with the audiences of all of them.
 */
export function oidcProvidersToCreate(sources: readonly SourceSpec[]): OidcProviderToCreate[] {
    const out: OidcProviderToCreate[] = [];
    for (const s of sources) {
        if (s.kind !== "oidc-role" || s.providerArn !== undefined) continue;
        const claims = webIdentityClaims(s.oidc);
        let p = out.find((x) => x.issuer === claims.issuer);
        if (!p) out.push((p = { issuer: claims.issuer, url: `https://${claims.issuer}`, audiences: [] }));
        for (const a of claims.audiences) if (!p.audiences.includes(a)) p.audiences.push(a);
    }
    return out;
}
