/**
 * The expectations: from the parsed config (the intent) and the rendered documents (what would be
 * deployed), the list of requests to simulate and the decision each must get. Pure.
 *
 * Request ARNs are written out here from config facts, independently of lib/iam/arns.ts's builders, so a
 * wrong ARN format in the program shows up as a failed check instead of agreeing with itself.
 */
import type { CrossAccountConfig, SourceSpec, TargetRoleSpec, TrustConditions } from "../../lib/model/config";
import type { PolicyDocument } from "../../lib/model/policy";
import type { RecordedResource } from "../shared/mock-runtime";
import { appliesTo } from "../../lib/iam/sts-condition-keys";
import { WRONG_EXTERNAL_ID_PROBE, probeName, probePrefix } from "../../lib/names";
import { FoundPolicy, identityPoliciesOf, permissionsBoundaryOf, rolePathOf, trustPolicyOf } from "./documents";
import { sampleMatching, valueMatchingNone } from "./probes";

export type CheckKind = "trusted-source" | "missing-condition" | "other-principal" | "other-role" | "permission" | "outside-permission";
export type Expectation = "allow" | "deny";

/** One request to simulate. */
export interface PlannedRequest {
    /** The caller as STS sees it (a role session, or a user). */
    principal: string;
    action: string;
    resource: string;
    resourceAccount: string;
    /** Context keys supplied with the request (aws:PrincipalArn and aws:PrincipalAccount included). */
    context: Record<string, string | string[]>;
    identityPolicies: FoundPolicy[];
    /** The role's trust policy for STS requests; none for permission checks. */
    resourcePolicy?: FoundPolicy;
}

/**
 * A document that applies to a request but that the report does not have: a managed policy attached and
 * not rendered (an AWS managed one), a permissions boundary, the identity policy B keeps outside this
 * program for an `existing` or `account-root` principal. A row whose answer it could change is UNPROVEN.
 */
export interface UnreadDocument {
    /** What it is and where it applies, e.g. `AWS managed policy arn:aws:iam::aws:policy/ReadOnlyAccess attached to role log-reader`. */
    what: string;
    /** An identity policy may allow or deny; a permissions boundary only narrows (it can deny, never allow). */
    may: "allow-or-deny" | "deny";
}

export interface PlannedCheck {
    /** Role name in account A the check belongs to. */
    role: string;
    kind: CheckKind;
    /** One line a reader understands without the JSON. */
    title: string;
    expect: Expectation;
    request: PlannedRequest;
    /** Documents that apply to the request and are not in the render (see UnreadDocument). */
    unread: UnreadDocument[];
    /** Set when no request can test the claim: the row is UNPROVEN for this reason (and the documents it names) and not simulated. */
    untestable?: { reason: string; dependsOn: string[] };
    /** Caveat, e.g. an identity policy this program does not manage and the report assumes. */
    note?: string;
    /** Config key of the trusted source the check is about (the access map colours that edge); absent for the role's own checks. */
    source?: string;
}

export interface RolePlan {
    role: string;
    arn: string;
    trustMode: string;
    checks: PlannedCheck[];
    /** What the reader should know about this role's rows (a role not rendered, custom statements). */
    notes: string[];
}

/** Account of a principal outside A and B, for the "third account" checks. */
export function thirdAccount(cfg: Pick<CrossAccountConfig, "sourceAccountId" | "targetAccountId">): string {
    return ["333333333333", "444444444444", "555555555555"].find((a) => a !== cfg.sourceAccountId && a !== cfg.targetAccountId)!;
}

/** A stand-in caller for a source, with the identity policies that would apply to it. */
interface Caller {
    label: string;
    principal: string;
    principalArn: string;
    account: string;
    identity: FoundPolicy[];
    /** True when the identity policy comes from account-b's render (not assumed by the report). */
    managed: boolean;
    /** Documents that apply to the caller and are not in account-b's render (attached policies, a boundary). */
    unread: UnreadDocument[];
}

/**
 * Every name the config holds that a probe could collide with: role, source and principal names,
 * log groups, tables, buckets, session tag keys. Never a secret (see lib/names.ts probeName).
 */
export function configuredNames(cfg: CrossAccountConfig): string[] {
    const names: string[] = [];
    for (const s of cfg.sources) {
        names.push(s.key);
        if ("name" in s) names.push(s.name);
        if (s.kind === "existing") for (const arn of s.arns) names.push(arn.slice(arn.lastIndexOf("/") + 1));
    }
    for (const r of cfg.targetRoles) {
        names.push(r.name);
        const p = r.permissions;
        names.push(...(p.logsRead?.logGroups ?? []), ...(p.dynamodbBackup?.tables ?? []), ...(p.s3Read?.buckets ?? []), ...(p.s3ReadWrite?.buckets ?? []));
        for (const t of r.trustedSources) names.push(...(t.conditions.sessionTags?.allowedKeys ?? []));
    }
    return names;
}

/** Plans every check for every target role. */
export function planChecks(cfg: CrossAccountConfig, sourceResources: readonly RecordedResource[], targetResources: readonly RecordedResource[]): RolePlan[] {
    return cfg.targetRoles.map((role) => planRole(cfg, role, sourceResources, targetResources));
}

function planRole(
    cfg: CrossAccountConfig,
    role: TargetRoleSpec,
    sourceResources: readonly RecordedResource[],
    targetResources: readonly RecordedResource[],
): RolePlan {
    const p = cfg.partition;
    const A = cfg.targetAccountId;
    const B = cfg.sourceAccountId;
    const taken = configuredNames(cfg);
    const path = rolePathOf(targetResources, role.name) ?? role.path;
    const arn = `arn:${p}:iam::${A}:role${role.path}${role.name}`;
    const trust = trustPolicyOf(targetResources, role.name);
    const checks: PlannedCheck[] = [];
    const notes: string[] = [];
    if (!trust) notes.push(`no aws:iam/role:Role named ${role.name} was rendered in account A: every assume check below fails`);
    if (path !== role.path) notes.push(`role ${role.name} was rendered with path ${path}, config says ${role.path}`);

    const assume = (caller: Caller, context: Record<string, string | string[]>, action = "sts:AssumeRole", resource = arn, policy = trust): PlannedRequest => ({
        principal: caller.principal,
        action,
        resource,
        resourceAccount: A,
        // One AssumeRole call is evaluated once per action; each action sees only the keys STS evaluates for it.
        context: Object.fromEntries(
            Object.entries({ "aws:PrincipalArn": caller.principalArn, "aws:PrincipalAccount": caller.account, ...context }).filter(([k]) =>
                appliesTo(action, k),
            ),
        ),
        identityPolicies: caller.identity,
        resourcePolicy: policy,
    });
    const unmanagedNote = (c: Caller) =>
        c.managed ? undefined : `identity policy of ${c.label} is not managed by this program; assumed: B's admins grant sts:AssumeRole on ${arn}`;
    const otherGrant = grantPolicy(`report: AssumeRole on * for another principal`, "*");
    const otherName = probeName("other-role", taken);

    for (const entry of role.trustedSources) {
        const source = cfg.sources.find((s) => s.key === entry.source);
        if (!source) continue;
        const c = entry.conditions;
        const context = suppliedContext(c, cfg.externalIds[role.name]);
        const what = describeSupplied(c);
        for (const caller of callersFor(cfg, source, sourceResources, arn, taken)) {
            const note = unmanagedNote(caller);
            const add = (kind: CheckKind, title: string, expect: Expectation, request: PlannedRequest, more: Partial<PlannedCheck> = {}) =>
                checks.push({ role: role.name, kind, title, expect, request, unread: caller.unread, ...(note ? { note } : {}), source: source.key, ...more });
            // What the caller may do, as this report can prove it: for a principal B manages elsewhere, what A's trust lets it do.
            const may = (does: string, doWhat: string) => (caller.managed ? `${caller.label} ${does}` : `A's trust lets ${caller.label} ${doWhat}`);

            // a) the trusted source, supplying what the trust requires.
            add(
                "trusted-source",
                `${may(`assumes ${role.name}`, `assume ${role.name}`)}${what ? ` with ${what}` : " (no condition required)"}`,
                "allow",
                assume(caller, context),
            );
            if (c.sourceIdentity) {
                add(
                    "trusted-source",
                    may(`sets a source identity on ${role.name}`, `set a source identity on ${role.name}`),
                    "allow",
                    assume(caller, context, "sts:SetSourceIdentity"),
                );
            }
            if (c.sessionTags) {
                const keys = c.sessionTags.allowedKeys.length > 0 ? c.sessionTags.allowedKeys : ["team"];
                add(
                    "trusted-source",
                    may(`tags its session (${keys.join(", ")})`, `tag its session (${keys.join(", ")})`),
                    "allow",
                    assume(caller, { ...context, ...tagContext(keys) }, "sts:TagSession"),
                );
            }

            // b) the same request, one required condition missing at a time.
            for (const m of conditionMutations(c, context, taken)) {
                add(
                    "missing-condition",
                    `${caller.label} ${m.title}`,
                    "deny",
                    assume(caller, m.context, m.action),
                    m.untestable ? { untestable: { reason: m.untestable, dependsOn: [] } } : {},
                );
            }

            // c) other callers with the same request: another principal of B, a principal of a third account.
            if (source.kind === "account-root") {
                const other = stranger(p, B, probeName("another-role-of-b", taken), otherGrant);
                add(
                    "other-principal",
                    `any other principal of B that B's admins allow (account-root trust) assumes ${role.name}`,
                    "allow",
                    assume(other, context),
                    { unread: [] },
                );
            } else {
                const other = stranger(p, B, probeName("some-other-role", taken), otherGrant);
                add("other-principal", `another role of B (${other.label}) with the same request is refused`, "deny", assume(other, context), { unread: [] });
                if (source.kind === "group") {
                    const name = probeName(`not-in-${source.name}`, taken);
                    const anyUser = { ...caller, label: `user/${name} of B`, principal: `arn:${p}:iam::${B}:user/${name}` };
                    anyUser.principalArn = anyUser.principal;
                    anyUser.identity = [otherGrant];
                    add(
                        "other-principal",
                        `any IAM user of B granted AssumeRole (${anyUser.label}) assumes ${role.name}: A cannot check group membership`,
                        "allow",
                        assume(anyUser, context),
                        { unread: [] },
                    );
                }
            }
            const outsider = stranger(p, thirdAccount(cfg), probeName("outsider", taken), otherGrant);
            add("other-principal", `a principal of a third account (${outsider.principalArn}) is refused`, "deny", assume(outsider, context), { unread: [] });

            // d) the source may assume no other role name in A, even one that trusted B's whole account.
            const otherArn = `arn:${p}:iam::${A}:role${role.path}${otherName}`;
            const openTrust: FoundPolicy = {
                origin: `report: a role of A that trusts all of account ${B}`,
                input: "assumeRolePolicy",
                document: {
                    Version: "2012-10-17",
                    Statement: [{ Sid: "TrustAllOfB", Effect: "Allow", Principal: { AWS: `arn:${p}:iam::${B}:root` }, Action: "sts:AssumeRole" }],
                },
            };
            if (caller.managed) {
                add(
                    "other-role",
                    `${caller.label} cannot assume ${role.path}${otherName} (its identity policy names only its roles)`,
                    "deny",
                    assume(caller, context, "sts:AssumeRole", otherArn, openTrust),
                );
            } else {
                // Its identity policy lives in B, outside this program: only B's admins decide which roles it may assume.
                add(
                    "other-role",
                    `${caller.label} cannot assume another role of A (${role.path}${otherName})`,
                    "deny",
                    assume(caller, context, "sts:AssumeRole", otherArn, openTrust),
                    {
                        unread: [{ what: `B's identity policy for ${caller.label} (managed outside this program)`, may: "allow-or-deny" }],
                    },
                );
            }
        }
    }

    const permissions = identityOf(targetResources, "role", role.name, `role ${role.name}`);
    checks.push(...permissionChecks(cfg, role, permissions, taken));
    const mayAllow = permissions.unread.filter((u) => u.may === "allow-or-deny");
    if (mayAllow.length > 0) {
        checks.push({
            role: role.name,
            kind: "outside-permission",
            title: `${role.name} may do nothing beyond its rendered policies`,
            expect: "deny",
            request: {
                principal: `arn:${p}:sts::${A}:assumed-role/${role.name}/report-session`,
                action: "*",
                resource: "*",
                resourceAccount: A,
                context: {},
                identityPolicies: permissions.identity,
            },
            unread: permissions.unread,
            untestable: {
                reason: `the report does not have ${mayAllow.map((u) => u.what).join(" nor ")}, which may allow anything`,
                dependsOn: mayAllow.map((u) => u.what),
            },
        });
    }
    if (role.permissions.statements.length > 0)
        notes.push(`${role.permissions.statements.length} custom statement(s): checked for known actions, condition keys and operators only`);
    return { role: role.name, arn, trustMode: role.trustMode, checks, notes };
}

/** The callers that stand for one source (one per ARN for `existing`). */
function callersFor(cfg: CrossAccountConfig, s: SourceSpec, resources: readonly RecordedResource[], roleArnInA: string, taken: readonly string[]): Caller[] {
    const p = cfg.partition;
    const B = cfg.sourceAccountId;
    const assumed = grantPolicy(`report: B's admins grant AssumeRole on ${roleArnInA}`, roleArnInA);
    switch (s.kind) {
        case "service-role": {
            const roleArn = `arn:${p}:iam::${B}:role${s.path}${s.name}`;
            return [
                {
                    label: `role ${s.path}${s.name}`,
                    principal: `arn:${p}:sts::${B}:assumed-role/${s.name}/report-session`,
                    principalArn: roleArn,
                    account: B,
                    ...identityOf(resources, "role", s.name, `role ${s.path}${s.name} in B`),
                    managed: true,
                },
            ];
        }
        case "user": {
            const userArn = `arn:${p}:iam::${B}:user${s.path}${s.name}`;
            return [
                {
                    label: `user ${s.path}${s.name}`,
                    principal: userArn,
                    principalArn: userArn,
                    account: B,
                    ...identityOf(resources, "user", s.name, `user ${s.path}${s.name} in B`),
                    managed: true,
                },
            ];
        }
        case "group": {
            const name = probeName(`${s.name}-member`, taken);
            const member = `arn:${p}:iam::${B}:user/${name}`;
            return [
                {
                    label: `user/${name} (in group ${s.path}${s.name})`,
                    principal: member,
                    principalArn: member,
                    account: B,
                    ...identityOf(resources, "group", s.name, `group ${s.path}${s.name} in B`),
                    managed: true,
                },
            ];
        }
        case "existing":
            return s.arns.map((arn) => {
                const m = /^arn:[^:]+:iam::(\d{12}):(role|user)(\/.*\/|\/)([^/]+)$/.exec(arn);
                const principal = m && m[2] === "role" ? `arn:${p}:sts::${m[1]}:assumed-role/${m[4]}/report-session` : arn;
                return { label: `existing ${arn}`, principal, principalArn: arn, account: B, identity: [assumed], managed: false, unread: [] };
            });
        case "account-root": {
            const name = probeName("a-principal-of-b", taken);
            return [
                {
                    label: `role/${name} (account-root trust)`,
                    principal: `arn:${p}:sts::${B}:assumed-role/${name}/report-session`,
                    principalArn: `arn:${p}:iam::${B}:role/${name}`,
                    account: B,
                    identity: [assumed],
                    managed: false,
                    unread: [],
                },
            ];
        }
    }
}

/**
 * The identity policies of a principal a stack renders (inline, and the managed ones attached and
 * rendered), and what applies to it that the render does not hold: attached policies whose document is
 * not rendered (AWS managed ones) and its permissions boundary. `where` names the principal in messages.
 */
function identityOf(resources: readonly RecordedResource[], kind: "role" | "user" | "group", name: string, where: string): Pick<Caller, "identity" | "unread"> {
    const found = identityPoliciesOf(resources, kind, name);
    const unread: UnreadDocument[] = found.unresolved.map((arn) => ({
        what: `${/^arn:[^:]+:iam::aws:policy\//.test(arn) ? "AWS managed policy" : "managed policy"} ${arn} attached to ${where}`,
        may: "allow-or-deny",
    }));
    const boundary = permissionsBoundaryOf(resources, kind, name);
    if (boundary !== undefined) unread.push({ what: `permissions boundary ${boundary} of ${where}`, may: "deny" });
    return { identity: found.policies, unread };
}

function stranger(partition: string, account: string, roleName: string, grant: FoundPolicy): Caller {
    return {
        label: `role/${roleName}`,
        principal: `arn:${partition}:sts::${account}:assumed-role/${roleName}/report-session`,
        principalArn: `arn:${partition}:iam::${account}:role/${roleName}`,
        account,
        identity: [grant],
        managed: false,
        unread: [],
    };
}

/** An identity policy the report assumes for a caller this program does not manage. */
function grantPolicy(origin: string, resource: string): FoundPolicy {
    const document: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [{ Sid: "ReportAssumedGrant", Effect: "Allow", Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"], Resource: resource }],
    };
    return { origin, input: "policy", document };
}

/** What a caller supplies to meet a trust entry's conditions. The ExternalId is the configured one (a secret). */
export function suppliedContext(c: TrustConditions, externalId: string | undefined): Record<string, string | string[]> {
    const ctx: Record<string, string | string[]> = {};
    if (c.externalId && externalId !== undefined) ctx["sts:ExternalId"] = externalId;
    if (c.mfa) {
        ctx["aws:MultiFactorAuthPresent"] = "true";
        ctx["aws:MultiFactorAuthAge"] = String(Math.floor(c.mfa.maxAgeSeconds / 2));
    }
    if (c.principalOrgId) ctx["aws:PrincipalOrgID"] = c.principalOrgId;
    if (c.sourceIdentity && (c.sourceIdentity.required || c.sourceIdentity.allowed.length > 0)) {
        ctx["sts:SourceIdentity"] = c.sourceIdentity.allowed.length > 0 ? sampleMatching(c.sourceIdentity.allowed[0]) : "report-identity";
    }
    return ctx;
}

function describeSupplied(c: TrustConditions): string {
    const parts: string[] = [];
    if (c.externalId) parts.push("its ExternalId");
    if (c.mfa) parts.push(`MFA (${Math.floor(c.mfa.maxAgeSeconds / 2)} s old)`);
    if (c.principalOrgId) parts.push(`org ${c.principalOrgId}`);
    if (c.sourceIdentity && (c.sourceIdentity.required || c.sourceIdentity.allowed.length > 0)) parts.push("a source identity");
    return parts.join(", ");
}

/** One request with a required condition missing, or why no such request exists. */
export interface ConditionMutation {
    title: string;
    context: Record<string, string | string[]>;
    action: string;
    /** Set when no value can be left out or made wrong (an allow-list that allows everything): the row is UNPROVEN for this reason. */
    untestable?: string;
}

/**
 * For each condition the trust requires: a title, the request context without it (or with a value it
 * refuses), and the action. Every probe value is built to miss what is configured (`taken`: see
 * lib/names.ts probeName), never by a loop without a bound.
 */
export function conditionMutations(c: TrustConditions, context: Record<string, string | string[]>, taken: readonly string[] = []): ConditionMutation[] {
    const without = (...keys: string[]) => Object.fromEntries(Object.entries(context).filter(([k]) => !keys.includes(k)));
    const out: ConditionMutation[] = [];
    const push = (title: string, ctx: Record<string, string | string[]>, action = "sts:AssumeRole") => out.push({ title, context: ctx, action });
    if (c.externalId) {
        push("without sts:ExternalId is refused", without("sts:ExternalId"));
        push("with a wrong sts:ExternalId is refused", { ...context, "sts:ExternalId": WRONG_EXTERNAL_ID_PROBE });
    }
    if (c.mfa) {
        push("without MFA is refused", { ...without("aws:MultiFactorAuthAge"), "aws:MultiFactorAuthPresent": "false" });
        // Long-term access keys: STS sends neither MFA key, so a condition that only tests "false" would let them in.
        push("with long-term keys (no MFA key in the request) is refused", without("aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge"));
        push(`with MFA older than ${c.mfa.maxAgeSeconds} s is refused`, { ...context, "aws:MultiFactorAuthAge": String(c.mfa.maxAgeSeconds + 1) });
    }
    if (c.principalOrgId) {
        const other = c.principalOrgId === "o-0000000000" ? "o-1111111111" : "o-0000000000";
        push(`from another organization (${other}) is refused`, { ...context, "aws:PrincipalOrgID": other });
    }
    if (c.sourceIdentity?.required) push("without a source identity is refused", without("sts:SourceIdentity"));
    if (c.sourceIdentity && c.sourceIdentity.allowed.length > 0) {
        const allowed = c.sourceIdentity.allowed;
        const unlisted = valueMatchingNone(allowed, probeName("unlisted-identity", [...taken, ...allowed]));
        if (unlisted !== undefined) {
            push(`with a source identity not allowed (${unlisted}) is refused`, { ...context, "sts:SourceIdentity": unlisted });
        } else {
            out.push({
                title: "with a source identity not allowed is refused",
                context,
                action: "sts:AssumeRole",
                untestable: `no source identity is outside sourceIdentity.allowed (${allowed.join(", ")}): its patterns match every value (as * does), so the allow-list refuses nothing`,
            });
        }
    }
    if (c.sessionTags && c.sessionTags.allowedKeys.length > 0) {
        const key = probeName("unlisted-tag", [...taken, ...c.sessionTags.allowedKeys]);
        push(`tagging its session with ${key} (not in allowedKeys) is refused`, { ...context, ...tagContext([key]) }, "sts:TagSession");
    }
    return out;
}

function tagContext(keys: string[]): Record<string, string | string[]> {
    const ctx: Record<string, string | string[]> = { "aws:TagKeys": keys };
    for (const k of keys) ctx[`aws:RequestTag/${k}`] = "report";
    return ctx;
}

/** e) what the role may do: each preset action on its resources, and refusals next to them. */
function permissionChecks(
    cfg: CrossAccountConfig,
    role: TargetRoleSpec,
    permissions: Pick<Caller, "identity" | "unread">,
    taken: readonly string[],
): PlannedCheck[] {
    const p = cfg.partition;
    const A = cfg.targetAccountId;
    const region = cfg.region;
    const otherRegion = region === "us-east-1" ? "eu-west-1" : "us-east-1";
    // Attached documents rendered here are simulated; the others (AWS managed policies) and a boundary make rows UNPROVEN.
    const identity = permissions.identity;
    const roleArnInA = `arn:${p}:iam::${A}:role${role.path}${role.name}`;
    const principal = `arn:${p}:sts::${A}:assumed-role/${role.name}/report-session`;
    const out: PlannedCheck[] = [];
    const check = (expect: Expectation, action: string, resource: string, title: string, extra: Record<string, string | string[]> = {}) =>
        out.push({
            role: role.name,
            kind: expect === "allow" ? "permission" : "outside-permission",
            title,
            expect,
            request: {
                principal,
                action,
                resource,
                resourceAccount: A,
                context: { "aws:PrincipalArn": roleArnInA, "aws:PrincipalAccount": A, "aws:RequestedRegion": region, ...extra },
                identityPolicies: identity,
            },
            unread: permissions.unread,
        });
    const perm = role.permissions;
    if (perm.logsRead) {
        const names = perm.logsRead.logGroups;
        const other = probeName("/report/other-log-group", taken);
        for (const g of names) {
            const arn = `arn:${p}:logs:${region}:${A}:log-group:${g}`;
            check("allow", "logs:DescribeLogStreams", arn, `logs:DescribeLogStreams on log group ${g}`);
            check("allow", "logs:FilterLogEvents", arn, `logs:FilterLogEvents on log group ${g}`);
            check("allow", "logs:GetLogEvents", `${arn}:log-stream:report-stream`, `logs:GetLogEvents on a stream of ${g}`);
            check("deny", "logs:DeleteLogGroup", arn, `logs:DeleteLogGroup on ${g} is refused (not in the preset)`);
        }
        check("allow", "logs:DescribeLogGroups", "*", `logs:DescribeLogGroups in ${region}`);
        check("deny", "logs:DescribeLogGroups", "*", `logs:DescribeLogGroups in ${otherRegion} is refused`, { "aws:RequestedRegion": otherRegion });
        check(
            "deny",
            "logs:FilterLogEvents",
            `arn:${p}:logs:${region}:${A}:log-group:${other}`,
            `logs:FilterLogEvents on another log group (${other}) is refused`,
        );
    }
    if (perm.dynamodbBackup) {
        const tables = perm.dynamodbBackup.tables;
        const other = probeName("report-other-table", taken);
        for (const t of tables) {
            const arn = `arn:${p}:dynamodb:${region}:${A}:table/${t}`;
            for (const action of ["dynamodb:CreateBackup", "dynamodb:DescribeTable"]) check("allow", action, arn, `${action} on table ${t}`);
            check("allow", "dynamodb:DescribeBackup", `${arn}/backup/01700000000000-a1b2c3d4`, `dynamodb:DescribeBackup on a backup of ${t}`);
            check("deny", "dynamodb:DeleteTable", arn, `dynamodb:DeleteTable on ${t} is refused (not in the preset)`);
        }
        check("allow", "dynamodb:ListBackups", "*", `dynamodb:ListBackups in ${region}`);
        check(
            "deny",
            "dynamodb:DescribeTable",
            `arn:${p}:dynamodb:${region}:${A}:table/${other}`,
            `dynamodb:DescribeTable on another table (${other}) is refused`,
        );
    }
    if (perm.s3ListAllBuckets) {
        check("allow", "s3:ListAllMyBuckets", "*", "s3:ListAllMyBuckets");
        const other = probeName("report-other-bucket", taken);
        check("deny", "s3:DeleteBucket", `arn:${p}:s3:::${other}`, `s3:DeleteBucket on a bucket (${other}) is refused (not in the preset)`);
    }
    for (const [preset, write] of [
        ["s3Read", false],
        ["s3ReadWrite", true],
    ] as const) {
        const s3 = perm[preset];
        if (!s3) continue;
        const other = probeName("report-other-bucket", taken);
        const prefix = s3.prefix ?? "";
        const listContext: Record<string, string> = s3.prefix ? { "s3:prefix": s3.prefix } : {};
        for (const b of s3.buckets) {
            const bucket = `arn:${p}:s3:::${b}`;
            const object = `${bucket}/${prefix}report-object.txt`;
            check("allow", "s3:ListBucket", bucket, `s3:ListBucket on ${b}${s3.prefix ? ` under ${s3.prefix}` : ""}`, listContext);
            check("allow", "s3:GetObject", object, `s3:GetObject on ${b}/${prefix}*`);
            if (write) {
                for (const action of ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"])
                    check("allow", action, object, `${action} on ${b}/${prefix}*`);
                check("deny", "s3:DeleteBucket", bucket, `s3:DeleteBucket on ${b} is refused (not in the preset)`);
            } else {
                check("deny", "s3:PutObject", object, `s3:PutObject on ${b}/${prefix}* is refused (read-only preset)`);
            }
            if (s3.prefix) {
                const outside = probePrefix(s3.prefix);
                check("deny", "s3:GetObject", `${bucket}/${outside}report-object.txt`, `s3:GetObject on ${b}/${outside}* (outside ${s3.prefix}) is refused`);
                check("deny", "s3:ListBucket", bucket, `s3:ListBucket on ${b} under ${outside} is refused`, { "s3:prefix": outside });
            }
        }
        check("deny", "s3:GetObject", `arn:${p}:s3:::${other}/${prefix}report-object.txt`, `s3:GetObject on another bucket (${other}) is refused`);
    }
    return out;
}
