/**
 * The expectations: from the parsed config (the intent) and the rendered documents (what would be
 * deployed), the list of requests to simulate and the decision each must get. Pure.
 *
 * Request ARNs are written out here from config facts, independently of lib/iam/arns.ts's builders, so a
 * wrong ARN format in the program shows up as a failed check instead of agreeing with itself.
 */
import { serviceEndpoint } from "../../lib/iam/arns";
import { KMS_KEY_ARN_PATTERN } from "../../lib/iam/patterns";
import type { CrossAccountConfig, SourceSpec, TargetRoleSpec, TrustConditions } from "../../lib/model/config";
import type { PolicyDocument } from "../../lib/model/policy";
import type { RecordedResource } from "../shared/mock-runtime";
import { appliesTo } from "../../lib/iam/sts-condition-keys";
import { FoundPolicy, identityPoliciesOf, rolePathOf, trustPolicyOf } from "./documents";

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

export interface PlannedCheck {
    /** Role name in account A the check belongs to. */
    role: string;
    kind: CheckKind;
    /** One line a reader understands without the JSON. */
    title: string;
    expect: Expectation;
    request: PlannedRequest;
    /** Caveat, e.g. an identity policy this program does not manage and the report assumes. */
    note?: string;
    /** Config key of the trusted source the check is about (the access map colours that edge); absent for the role's own checks. */
    source?: string;
}

/**
 * A check the report cannot prove offline, shown as a NOTE row and counted neither as passed nor as
 * failed: e.g. that a principal whose identity policy B manages outside this program assumes no other
 * role of A (its real policy lives in B's account, not in the render).
 */
export interface UnprovenCheck {
    role: string;
    kind: CheckKind;
    title: string;
    /** What the check would expect, were it provable. */
    expect: Expectation;
    /** Why it cannot be simulated. */
    reason: string;
    /** Index in the role's `checks` before which the row is shown (the checks' length: after them). */
    position: number;
    /** Config key of the trusted source the check is about. */
    source?: string;
}

export interface RolePlan {
    role: string;
    arn: string;
    trustMode: string;
    checks: PlannedCheck[];
    unproven: UnprovenCheck[];
    /** What the report cannot simulate for this role (managed policies, boundaries, custom statements). */
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
    /** Policy ARNs attached to the principal in account-b's render whose documents are not rendered. */
    unresolved?: string[];
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
    const path = rolePathOf(targetResources, role.name) ?? role.path;
    const arn = `arn:${p}:iam::${A}:role${role.path}${role.name}`;
    const trust = trustPolicyOf(targetResources, role.name);
    const checks: PlannedCheck[] = [];
    const unproven: UnprovenCheck[] = [];
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

    for (const entry of role.trustedSources) {
        const source = cfg.sources.find((s) => s.key === entry.source);
        if (!source) continue;
        const c = entry.conditions;
        const context = suppliedContext(c, cfg.externalIds[role.name]);
        const what = describeSupplied(c);
        for (const caller of callersFor(cfg, source, sourceResources, arn)) {
            const note = unmanagedNote(caller);
            const unresolved = caller.unresolved ?? [];
            if (unresolved.length > 0 && !notes.some((n) => n.startsWith(`${caller.label}: `))) {
                notes.push(`${caller.label}: attached policies not rendered here, not simulated: ${unresolved.join(", ")}`);
            }
            const add = (kind: CheckKind, title: string, expect: Expectation, request: PlannedRequest) =>
                checks.push({ role: role.name, kind, title, expect, request, ...(note ? { note } : {}), source: source.key });

            // a) the trusted source, supplying what the trust requires.
            add(
                "trusted-source",
                `${caller.label} assumes ${role.name}${what ? ` with ${what}` : " (no condition required)"}`,
                "allow",
                assume(caller, context),
            );
            if (c.sourceIdentity) {
                add("trusted-source", `${caller.label} sets a source identity on ${role.name}`, "allow", assume(caller, context, "sts:SetSourceIdentity"));
            }
            if (c.sessionTags) {
                const keys = c.sessionTags.allowedKeys.length > 0 ? c.sessionTags.allowedKeys : ["team"];
                add(
                    "trusted-source",
                    `${caller.label} tags its session (${keys.join(", ")})`,
                    "allow",
                    assume(caller, { ...context, ...tagContext(keys) }, "sts:TagSession"),
                );
            }

            // b) the same request, one required condition missing at a time.
            for (const [title, ctx, action] of conditionMutations(c, context)) {
                add("missing-condition", `${caller.label} ${title}`, "deny", assume(caller, ctx, action));
            }

            // c) other callers with the same request: another principal of B, a principal of a third account.
            const otherGrant = grantPolicy(`report: AssumeRole on * for another principal`, "*");
            if (source.kind === "account-root") {
                const other = stranger(p, B, "another-role-of-b", otherGrant);
                add(
                    "other-principal",
                    `any other principal of B that B's admins allow (account-root trust) assumes ${role.name}`,
                    "allow",
                    assume(other, context),
                );
            } else {
                const other = stranger(p, B, "some-other-role", otherGrant);
                add("other-principal", `another role of B (${other.label}) with the same request is refused`, "deny", assume(other, context));
                if (source.kind === "group") {
                    const anyUser = { ...caller, label: `user/not-in-${source.name} of B`, principal: `arn:${p}:iam::${B}:user/not-in-${source.name}` };
                    anyUser.principalArn = anyUser.principal;
                    anyUser.identity = [otherGrant];
                    add(
                        "other-principal",
                        `any IAM user of B granted AssumeRole (${anyUser.label}) assumes ${role.name}: A cannot check group membership`,
                        "allow",
                        assume(anyUser, context),
                    );
                }
            }
            const outsider = stranger(p, thirdAccount(cfg), "outsider", otherGrant);
            add("other-principal", `a principal of a third account (${outsider.principalArn}) is refused`, "deny", assume(outsider, context));

            // d) the source may assume no other role name in A, even one that trusted B's whole account.
            const otherName = ["other-role", "other-role-x", "other-role-y"].find((n) => !cfg.targetRoles.some((r) => r.name === n))!;
            if (!caller.managed) {
                // Its identity policy lives in B, outside this program: the report would only prove its own assumption.
                unproven.push({
                    role: role.name,
                    kind: "other-role",
                    title: `${caller.label} cannot assume another role of A (${role.path}${otherName})`,
                    expect: "deny",
                    reason: "not provable offline, B's identity policy for it is not managed by this program",
                    position: checks.length,
                    source: source.key,
                });
            } else {
                const otherArn = `arn:${p}:iam::${A}:role${role.path}${otherName}`;
                const openTrust: FoundPolicy = {
                    origin: `report: a role of A that trusts all of account ${B}`,
                    input: "assumeRolePolicy",
                    document: {
                        Version: "2012-10-17",
                        Statement: [{ Sid: "TrustAllOfB", Effect: "Allow", Principal: { AWS: `arn:${p}:iam::${B}:root` }, Action: "sts:AssumeRole" }],
                    },
                };
                // Every policy account-b renders for it counts: the grant, and its own permissions policy (sources.<key>.permissions).
                const unread = caller.unresolved ?? [];
                add(
                    "other-role",
                    `${caller.label} cannot assume ${role.path}${otherName} (its ${unread.length > 0 ? "rendered identity policies name" : "identity policy names"} only its roles)`,
                    "deny",
                    assume(caller, context, "sts:AssumeRole", otherArn, openTrust),
                );
                if (unread.length > 0) {
                    // An attached managed policy (AWS managed, e.g. AmazonSSMManagedInstanceCore) is not in the render: it could allow more.
                    unproven.push({
                        role: role.name,
                        kind: "other-role",
                        title: `${caller.label} cannot assume ${role.path}${otherName} through its attached managed policies`,
                        expect: "deny",
                        reason: `not provable offline, ${unread.join(", ")} ${unread.length === 1 ? "is" : "are"} not rendered here`,
                        position: checks.length,
                    });
                }
            }
        }
    }

    checks.push(...permissionChecks(cfg, role, targetResources));
    const perm = role.permissions;
    if (perm.managedPolicyArns.length > 0) notes.push(`managed policies not simulated (their documents live in AWS): ${perm.managedPolicyArns.join(", ")}`);
    if (perm.statements.length > 0) notes.push(`${perm.statements.length} custom statement(s): checked for known actions and condition keys only`);
    if (role.permissionsBoundary) notes.push(`permissions boundary ${role.permissionsBoundary} not simulated`);
    return { role: role.name, arn, trustMode: role.trustMode, checks, unproven, notes };
}

/** The callers that stand for one source (one per ARN for `existing`). */
function callersFor(cfg: CrossAccountConfig, s: SourceSpec, resources: readonly RecordedResource[], roleArnInA: string): Caller[] {
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
                    ...identityOf(resources, "role", s.name),
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
                    ...identityOf(resources, "user", s.name),
                    managed: true,
                },
            ];
        }
        case "group": {
            const group = identityOf(resources, "group", s.name);
            if (s.members && s.members.length > 0) {
                // The configured members, each with the group's policies and, for a user source of this program, its own.
                return s.members.map((userName) => {
                    const asSource = cfg.sources.find((u) => u.kind === "user" && u.name === userName);
                    const userArn = `arn:${p}:iam::${B}:user${asSource?.kind === "user" ? asSource.path : "/"}${userName}`;
                    const own = identityOf(resources, "user", userName);
                    return {
                        label: `user/${userName} (member of group ${s.path}${s.name})`,
                        principal: userArn,
                        principalArn: userArn,
                        account: B,
                        identity: [...group.identity, ...own.identity],
                        unresolved: [...(group.unresolved ?? []), ...(own.unresolved ?? [])],
                        managed: true,
                    };
                });
            }
            const member = `arn:${p}:iam::${B}:user/${s.name}-member`;
            return [
                {
                    label: `user/${s.name}-member (in group ${s.path}${s.name})`,
                    principal: member,
                    principalArn: member,
                    account: B,
                    ...identityOf(resources, "group", s.name),
                    managed: true,
                },
            ];
        }
        case "existing":
            return s.arns.map((arn) => {
                const m = /^arn:[^:]+:iam::(\d{12}):(role|user)(\/.*\/|\/)([^/]+)$/.exec(arn);
                const principal = m && m[2] === "role" ? `arn:${p}:sts::${m[1]}:assumed-role/${m[4]}/report-session` : arn;
                return { label: `existing ${arn}`, principal, principalArn: arn, account: B, identity: [assumed], managed: false };
            });
        case "account-root":
            return [
                {
                    label: "role/a-principal-of-b (account-root trust)",
                    principal: `arn:${p}:sts::${B}:assumed-role/a-principal-of-b/report-session`,
                    principalArn: `arn:${p}:iam::${B}:role/a-principal-of-b`,
                    account: B,
                    identity: [assumed],
                    managed: false,
                },
            ];
    }
}

/** The identity policies of a principal account-b renders, and the attached ones it could not resolve. */
function identityOf(resources: readonly RecordedResource[], kind: "role" | "user" | "group", name: string): Pick<Caller, "identity" | "unresolved"> {
    const found = identityPoliciesOf(resources, kind, name);
    return { identity: found.policies, unresolved: found.unresolved };
}

function stranger(partition: string, account: string, roleName: string, grant: FoundPolicy): Caller {
    return {
        label: `role/${roleName}`,
        principal: `arn:${partition}:sts::${account}:assumed-role/${roleName}/report-session`,
        principalArn: `arn:${partition}:iam::${account}:role/${roleName}`,
        account,
        identity: [grant],
        managed: false,
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

/** For each condition the trust requires: a title, the request context without it, and the action. */
export function conditionMutations(c: TrustConditions, context: Record<string, string | string[]>): Array<[string, Record<string, string | string[]>, string]> {
    const without = (...keys: string[]) => Object.fromEntries(Object.entries(context).filter(([k]) => !keys.includes(k)));
    const out: Array<[string, Record<string, string | string[]>, string]> = [];
    if (c.externalId) {
        out.push(["without sts:ExternalId is refused", without("sts:ExternalId"), "sts:AssumeRole"]);
        out.push(["with a wrong sts:ExternalId is refused", { ...context, "sts:ExternalId": "wrong-external-id" }, "sts:AssumeRole"]);
    }
    if (c.mfa) {
        out.push(["without MFA is refused", { ...without("aws:MultiFactorAuthAge"), "aws:MultiFactorAuthPresent": "false" }, "sts:AssumeRole"]);
        // Long-term access keys: STS sends neither MFA key, so a condition that only tests "false" would let them in.
        out.push([
            "with long-term keys (no MFA key in the request) is refused",
            without("aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge"),
            "sts:AssumeRole",
        ]);
        out.push([
            `with MFA older than ${c.mfa.maxAgeSeconds} s is refused`,
            { ...context, "aws:MultiFactorAuthAge": String(c.mfa.maxAgeSeconds + 1) },
            "sts:AssumeRole",
        ]);
    }
    if (c.principalOrgId) {
        const other = c.principalOrgId === "o-0000000000" ? "o-1111111111" : "o-0000000000";
        out.push([`from another organization (${other}) is refused`, { ...context, "aws:PrincipalOrgID": other }, "sts:AssumeRole"]);
    }
    if (c.sourceIdentity?.required) out.push(["without a source identity is refused", without("sts:SourceIdentity"), "sts:AssumeRole"]);
    if (c.sourceIdentity && c.sourceIdentity.allowed.length > 0) {
        let unlisted = "unlisted-identity";
        while (c.sourceIdentity.allowed.some((pattern) => globMatches(pattern, unlisted))) unlisted += "-x";
        out.push([`with a source identity not allowed (${unlisted}) is refused`, { ...context, "sts:SourceIdentity": unlisted }, "sts:AssumeRole"]);
    }
    if (c.sessionTags && c.sessionTags.allowedKeys.length > 0) {
        let key = "unlisted-tag";
        while (c.sessionTags.allowedKeys.includes(key)) key += "-x";
        out.push([`tagging its session with ${key} (not in allowedKeys) is refused`, { ...context, ...tagContext([key]) }, "sts:TagSession"]);
    }
    return out;
}

function tagContext(keys: string[]): Record<string, string | string[]> {
    const ctx: Record<string, string | string[]> = { "aws:TagKeys": keys };
    for (const k of keys) ctx[`aws:RequestTag/${k}`] = "report";
    return ctx;
}

/** IAM's `*` and `?` wildcards. */
export function globMatches(pattern: string, value: string): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
    );
    return re.test(value);
}

/** A value that matches a source identity pattern (wildcards filled in). */
function sampleMatching(pattern: string): string {
    return pattern.replace(/\*/g, "x").replace(/\?/g, "x");
}

/** e) what the role may do: each preset action on its resources, and refusals next to them. */
function permissionChecks(cfg: CrossAccountConfig, role: TargetRoleSpec, targetResources: readonly RecordedResource[]): PlannedCheck[] {
    const p = cfg.partition;
    const A = cfg.targetAccountId;
    const region = cfg.region;
    const otherRegion = region === "us-east-1" ? "eu-west-1" : "us-east-1";
    // Managed policy ARNs from config are reported in a note; attached documents rendered here are simulated.
    const identity = identityPoliciesOf(targetResources, "role", role.name).policies;
    const roleArnInA = `arn:${p}:iam::${A}:role${role.path}${role.name}`;
    const principal = `arn:${p}:sts::${A}:assumed-role/${role.name}/report-session`;
    const out: PlannedCheck[] = [];
    const check = (
        expect: Expectation,
        action: string,
        resource: string,
        title: string,
        extra: Record<string, string | string[]> = {},
        resourcePolicy?: FoundPolicy,
    ) =>
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
                ...(resourcePolicy ? { resourcePolicy } : {}),
            },
        });
    const perm = role.permissions;
    if (perm.logsRead) {
        const names = perm.logsRead.logGroups;
        let other = "/report/other-log-group";
        while (names.includes(other)) other += "-x";
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
        let other = "report-other-table";
        while (tables.includes(other)) other += "-x";
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
        check("deny", "s3:DeleteBucket", `arn:${p}:s3:::report-other-bucket`, "s3:DeleteBucket on a bucket is refused (not in the preset)");
    }
    for (const [preset, write] of [
        ["s3Read", false],
        ["s3ReadWrite", true],
    ] as const) {
        const s3 = perm[preset];
        if (!s3) continue;
        let other = "report-other-bucket";
        while (s3.buckets.includes(other)) other += "-x";
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
                let outside = "outside-prefix/";
                while (outside.startsWith(s3.prefix) || s3.prefix.startsWith(outside)) outside = `x${outside}`;
                check("deny", "s3:GetObject", `${bucket}/${outside}report-object.txt`, `s3:GetObject on ${b}/${outside}* (outside ${s3.prefix}) is refused`);
                check("deny", "s3:ListBucket", bucket, `s3:ListBucket on ${b} under ${outside} is refused`, { "s3:prefix": outside });
            }
        }
        check("deny", "s3:GetObject", `arn:${p}:s3:::${other}/${prefix}report-object.txt`, `s3:GetObject on another bucket (${other}) is refused`);
        // A key is used only when its key policy also allows it: simulated with KMS's default key policy,
        // which leaves the decision to account A's IAM policies (the condition kmsKeyArns documents).
        const keyPolicy: FoundPolicy = {
            origin: "KMS default key policy (assumed; not rendered here)",
            input: "policy",
            document: {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "EnableIAMUserPermissions", Effect: "Allow", Principal: { AWS: `arn:${p}:iam::${A}:root` }, Action: "kms:*", Resource: "*" },
                ],
            },
        };
        for (const key of s3.kmsKeyArns ?? []) {
            const keyRegion = KMS_KEY_ARN_PATTERN.exec(key)?.[2] ?? region;
            const viaS3 = { "kms:ViaService": serviceEndpoint(p, "s3", keyRegion) };
            const id = key.slice(key.lastIndexOf("/") + 1);
            check("allow", "kms:Decrypt", key, `kms:Decrypt on key ${id} through S3`, viaS3, keyPolicy);
            if (write) check("allow", "kms:GenerateDataKey", key, `kms:GenerateDataKey on key ${id} through S3`, viaS3, keyPolicy);
            check("deny", "kms:Decrypt", key, `kms:Decrypt on key ${id} called directly, not through S3, is refused`, {}, keyPolicy);
        }
    }
    return out;
}
