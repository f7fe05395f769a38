/**
 * Every policy document this program writes, each built by one pure function:
 *
 * - `sourceServiceTrustPolicy`  who may use B's source role (EC2, Lambda, ECS tasks);
 * - `sourceGrantPolicy`         what a source principal of B may do: AssumeRole on exact role ARNs of A;
 * - `trustPolicy`               who may assume a role of A, under which conditions;
 * - `permissionPolicy`          what a role of A may do, scoped to the named resources.
 *
 * Conditions are added by one helper, `trustConditionBlock`, never by copying a document per flag.
 */
import { createHash } from "crypto";
import type { CrossAccountConfig, SourceKind, SourceSpec, TargetRoleSpec, TrustConditions } from "./config";
import {
    ConditionBlock,
    IAM_LIMITS,
    PolicyDocument,
    PolicyStatement,
    SERVICE_PRINCIPALS,
    accountRootArn,
    dynamodbTableArn,
    logGroupArn,
    policySize,
    roleArn,
    s3BucketArn,
    sidFragment,
    userArn,
} from "./iam";

/** A source of account B as account A sees it: the principal ARNs it stands for and their IAM unique ids. */
export interface ResolvedSource {
    key: string;
    kind: SourceKind;
    /** Role or user ARNs (service-role, user: one; existing: the listed ARNs; group, account-root: none). */
    arns: string[];
    /** IAM unique ids (AROA..., AIDA...) of the principals B created, when known. */
    uniqueIds: string[];
}

/** Short human description of a source, used in messages and reports. */
export function describeSource(s: SourceSpec): string {
    switch (s.kind) {
        case "service-role":
            return `role ${s.path}${s.name} (trusted by ${SERVICE_PRINCIPALS[s.service]})`;
        case "user":
            return `user ${s.path}${s.name}`;
        case "group":
            return `members of group ${s.path}${s.name}`;
        case "existing":
            return `existing principal${s.arns.length > 1 ? "s" : ""} ${s.arns.join(", ")}`;
        case "account-root":
            return "account B (root: any principal B's admins allow)";
    }
}

/** The ARN of a target role in account A, known before it exists (which breaks the chicken-and-egg). */
export function targetRoleArn(cfg: Pick<CrossAccountConfig, "partition" | "targetAccountId">, role: Pick<TargetRoleSpec, "path" | "name">): string {
    return roleArn(cfg.partition, cfg.targetAccountId, role.path, role.name);
}

/** The principal ARNs a source stands for, computed from config alone (deterministic names). */
export function configuredSource(cfg: Pick<CrossAccountConfig, "partition" | "sourceAccountId">, s: SourceSpec): ResolvedSource {
    switch (s.kind) {
        case "service-role":
            return { key: s.key, kind: s.kind, arns: [roleArn(cfg.partition, cfg.sourceAccountId, s.path, s.name)], uniqueIds: [] };
        case "user":
            return { key: s.key, kind: s.kind, arns: [userArn(cfg.partition, cfg.sourceAccountId, s.path, s.name)], uniqueIds: [] };
        case "existing":
            return { key: s.key, kind: s.kind, arns: [...s.arns], uniqueIds: [] };
        case "group":
        case "account-root":
            return { key: s.key, kind: s.kind, arns: [], uniqueIds: [] };
    }
}

/** Trust policy of B's source role: only the configured AWS service may assume it. */
export function sourceServiceTrustPolicy(service: keyof typeof SERVICE_PRINCIPALS): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: `Allow${sidFragment(service)}ToAssume`,
                Effect: "Allow",
                Principal: { Service: SERVICE_PRINCIPALS[service] },
                Action: "sts:AssumeRole",
            },
        ],
    };
}

/** The STS actions a trusted source needs on a role: AssumeRole, plus SetSourceIdentity / TagSession when used. */
export function trustActions(c: TrustConditions): string[] {
    const actions = ["sts:AssumeRole"];
    if (c.sourceIdentity) actions.push("sts:SetSourceIdentity");
    if (c.sessionTags) actions.push("sts:TagSession");
    return actions;
}

/** The target roles (with their trust entry) that trust a given source. */
export function rolesTrusting(cfg: Pick<CrossAccountConfig, "targetRoles">, sourceKey: string): Array<{ role: TargetRoleSpec; conditions: TrustConditions }> {
    const out: Array<{ role: TargetRoleSpec; conditions: TrustConditions }> = [];
    for (const role of cfg.targetRoles) {
        const entry = role.trustedSources.find((t) => t.source === sourceKey);
        if (entry) out.push({ role, conditions: entry.conditions });
    }
    return out;
}

/**
 * Identity policy of a source principal in B: `sts:AssumeRole` on exactly the ARNs of the roles in A
 * that trust it (never `*`), plus `sts:SetSourceIdentity` / `sts:TagSession` on the roles whose trust
 * uses them. Undefined when no role trusts the source.
 */
export function sourceGrantPolicy(
    cfg: Pick<CrossAccountConfig, "targetRoles" | "partition" | "targetAccountId">,
    sourceKey: string,
): PolicyDocument | undefined {
    const trusting = rolesTrusting(cfg, sourceKey);
    if (trusting.length === 0) return undefined;
    const arnsFor = (pred: (c: TrustConditions) => boolean) => trusting.filter((t) => pred(t.conditions)).map((t) => targetRoleArn(cfg, t.role));
    const statements: PolicyStatement[] = [{ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: one(arnsFor(() => true)) }];
    const withIdentity = arnsFor((c) => c.sourceIdentity !== undefined);
    if (withIdentity.length > 0)
        statements.push({ Sid: "SetSourceIdentityOnTargetRoles", Effect: "Allow", Action: "sts:SetSourceIdentity", Resource: one(withIdentity) });
    const withTags = arnsFor((c) => c.sessionTags !== undefined);
    if (withTags.length > 0) statements.push({ Sid: "TagSessionOnTargetRoles", Effect: "Allow", Action: "sts:TagSession", Resource: one(withTags) });
    return { Version: "2012-10-17", Statement: statements };
}

/** Source kinds whose AssumeRole grant this program writes (as an inline policy, or managed policies). */
export type GrantHolderKind = "service-role" | "user" | "group";

/** IAM's quota on all inline policies of one role, user or group together, and the word for the holder. */
export const INLINE_GRANT_LIMITS: Readonly<Record<GrantHolderKind, { size: number; what: "role" | "user" | "group" }>> = {
    "service-role": { size: IAM_LIMITS.roleInlinePolicySize, what: "role" },
    user: { size: IAM_LIMITS.userInlinePolicySize, what: "user" },
    group: { size: IAM_LIMITS.groupInlinePolicySize, what: "group" },
};

/** Where a source's AssumeRole grant goes: decided by `sourceGrantPolicies`. */
export interface SourceGrantPolicies {
    /** The whole grant, as the one inline policy `assume-target-roles`, when it fits the inline quota. */
    inline?: PolicyDocument;
    /** Otherwise the grant split across customer managed policies, each within IAM's managed policy size, in role order. */
    managed: PolicyDocument[];
    /** Set when `managed` needs more policies than `limits.managedPoliciesPerRole`: how many roles the allowed ones hold. */
    overflow?: { fittingRoles: number; roleCount: number };
}

/**
 * Places a source's AssumeRole grant (`sourceGrantPolicy`): one inline policy while it fits the
 * holder's inline quota (role 10240, user 2048, group 5120 characters), else split across customer
 * managed policies of at most 6144 characters each, filled with whole target roles in config order.
 * More managed policies than `limits.managedPoliciesPerRole` is reported in `overflow`, with the number
 * of roles that the allowed policies hold. Empty when no role trusts the source.
 */
export function sourceGrantPolicies(
    cfg: Pick<CrossAccountConfig, "targetRoles" | "partition" | "targetAccountId" | "limits">,
    sourceKey: string,
    kind: GrantHolderKind,
): SourceGrantPolicies {
    const whole = sourceGrantPolicy(cfg, sourceKey);
    if (!whole) return { managed: [] };
    if (policySize(whole) <= INLINE_GRANT_LIMITS[kind].size) return { inline: whole, managed: [] };
    const grantFor = (roles: TargetRoleSpec[]) => sourceGrantPolicy({ ...cfg, targetRoles: roles }, sourceKey)!;
    const chunks: TargetRoleSpec[][] = [];
    let current: TargetRoleSpec[] = [];
    for (const { role } of rolesTrusting(cfg, sourceKey)) {
        const candidate = [...current, role];
        if (current.length > 0 && policySize(grantFor(candidate)) > IAM_LIMITS.managedPolicySize) {
            chunks.push(current);
            current = [role];
        } else current = candidate;
    }
    chunks.push(current);
    const out: SourceGrantPolicies = { managed: chunks.map(grantFor) };
    const limit = cfg.limits.managedPoliciesPerRole;
    if (chunks.length > limit) {
        out.overflow = { fittingRoles: chunks.slice(0, limit).reduce((n, c) => n + c.length, 0), roleCount: chunks.reduce((n, c) => n + c.length, 0) };
    }
    return out;
}

/** IAM name of the `index`th (0-based) customer managed policy holding a source principal's AssumeRole grant. */
export function managedGrantPolicyName(principalName: string, index: number): string {
    return `${principalName}-assume-target-roles-${index + 1}`;
}

/**
 * The condition block of one trust statement. The only place trust conditions are written.
 * @param principalArns ARNs to require in `aws:PrincipalArn` (trust mode principal-arn); empty for none.
 * @param principalArnPattern an `ArnLike` pattern for `aws:PrincipalArn` (group sources: users of B only).
 */
export function trustConditionBlock(
    c: TrustConditions,
    externalId: string | undefined,
    principalArns: string[],
    principalArnPattern?: string,
): ConditionBlock | undefined {
    const block: ConditionBlock = {};
    const put = (op: string, key: string, value: string | string[]) => {
        block[op] = { ...(block[op] ?? {}), [key]: value };
    };
    if (c.externalId) {
        if (externalId === undefined) throw new Error("trustConditionBlock: externalId required by the trust entry but not supplied");
        put("StringEquals", "sts:ExternalId", externalId);
    }
    if (c.principalOrgId) put("StringEquals", "aws:PrincipalOrgID", c.principalOrgId);
    if (principalArns.length > 0) put("ArnEquals", "aws:PrincipalArn", one(principalArns));
    if (principalArnPattern) put("ArnLike", "aws:PrincipalArn", principalArnPattern);
    if (c.mfa) {
        put("Bool", "aws:MultiFactorAuthPresent", "true");
        put("NumericLessThan", "aws:MultiFactorAuthAge", String(c.mfa.maxAgeSeconds));
    }
    if (c.sourceIdentity) {
        if (c.sourceIdentity.allowed.length > 0)
            put(c.sourceIdentity.required ? "StringLike" : "StringLikeIfExists", "sts:SourceIdentity", one(c.sourceIdentity.allowed));
        else if (c.sourceIdentity.required) put("Null", "sts:SourceIdentity", "false");
    }
    if (c.sessionTags && c.sessionTags.allowedKeys.length > 0) put("ForAllValues:StringEquals", "aws:TagKeys", one(c.sessionTags.allowedKeys));
    return Object.keys(block).length > 0 ? block : undefined;
}

/** A Sid fragment that changes whenever any of the trusted principals is recreated (new unique id). */
export function uniqueIdRevision(uniqueIds: string[]): string {
    if (uniqueIds.length === 0) return "";
    return (
        "Rev" +
        createHash("sha256")
            .update([...uniqueIds].sort().join(","))
            .digest("hex")
            .slice(0, 10)
    );
}

/**
 * Trust policy of a role in account A.
 *
 * Each trusted source gets its own statement with its own conditions (a nightly job without MFA,
 * people with MFA); sources whose actions and conditions are identical share one statement.
 * - trust mode `principal`: `Principal.AWS` names the source's role/user ARN (read from account-b's
 *   outputs). The Sid carries a revision derived from the principals' unique ids, so recreating B's
 *   role changes this document and `pulumi up -s account-a` rewrites it.
 * - trust mode `principal-arn`: `Principal.AWS` is B's account root and `aws:PrincipalArn` must equal
 *   the source ARN: survives recreation of B's role and lets A deploy before B.
 * Group and account-root sources always trust B's root (a group cannot be a principal); a group is
 * narrowed to IAM users of B with `ArnLike aws:PrincipalArn`.
 */
export function trustPolicy(
    cfg: Pick<CrossAccountConfig, "partition" | "sourceAccountId">,
    role: Pick<TargetRoleSpec, "trustMode" | "trustedSources">,
    sources: ResolvedSource[],
    externalId: string | undefined,
): PolicyDocument {
    const root = accountRootArn(cfg.partition, cfg.sourceAccountId);
    interface Group {
        mergeKey: string;
        keys: string[];
        principals: string[];
        principalArns: string[];
        uniqueIds: string[];
        actions: string[];
        conditions: TrustConditions;
        userPattern?: string;
    }
    const groups: Group[] = [];
    for (const entry of role.trustedSources) {
        const src = sources.find((s) => s.key === entry.source);
        if (!src) throw new Error(`trustPolicy: source ${entry.source} was not resolved`);
        const viaRoot = role.trustMode === "principal-arn" || src.kind === "group" || src.kind === "account-root";
        const principals = viaRoot ? [root] : src.arns;
        const principalArns = role.trustMode === "principal-arn" ? src.arns : [];
        const userPattern = src.kind === "group" ? `arn:${cfg.partition}:iam::${cfg.sourceAccountId}:user/*` : undefined;
        const actions = trustActions(entry.conditions);
        const uniqueIds = role.trustMode === "principal" ? src.uniqueIds : [];
        // Sources that differ only in which principal they name share one statement.
        const mergeKey = JSON.stringify([actions, trustConditionBlock(entry.conditions, externalId, []), userPattern ?? null, viaRoot]);
        const same = groups.find((g) => g.mergeKey === mergeKey);
        if (same) {
            same.keys.push(src.key);
            for (const p of principals) if (!same.principals.includes(p)) same.principals.push(p);
            for (const a of principalArns) if (!same.principalArns.includes(a)) same.principalArns.push(a);
            same.uniqueIds.push(...uniqueIds);
        } else {
            groups.push({
                mergeKey,
                keys: [src.key],
                principals: [...principals],
                principalArns: [...principalArns],
                uniqueIds: [...uniqueIds],
                actions,
                conditions: entry.conditions,
                userPattern,
            });
        }
    }
    return {
        Version: "2012-10-17",
        Statement: groups.map((g) => {
            const st: PolicyStatement = {
                Sid: `Trust${sidFragment(g.keys.join("-and-"))}${uniqueIdRevision(g.uniqueIds)}`,
                Effect: "Allow",
                Principal: { AWS: one(g.principals) },
                Action: one(g.actions),
            };
            const condition = trustConditionBlock(g.conditions, externalId, g.principalArns, g.userPattern);
            if (condition) st.Condition = condition;
            return st;
        }),
    };
}

/** Actions of each permission preset, exactly. */
export const PRESET_ACTIONS = {
    logsRead: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
    logsDescribeGroups: ["logs:DescribeLogGroups"],
    dynamodbBackupTable: ["dynamodb:CreateBackup", "dynamodb:DescribeTable"],
    dynamodbBackupDescribe: ["dynamodb:DescribeBackup"],
    dynamodbBackupList: ["dynamodb:ListBackups"],
    s3ListAllBuckets: ["s3:ListAllMyBuckets"],
    s3List: ["s3:ListBucket"],
    s3Read: ["s3:GetObject"],
    s3ReadWrite: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
} as const;

/**
 * Inline permission policy of a role in account A: one statement per preset, each scoped to the
 * named resources. Actions that IAM cannot scope to a resource (DescribeLogGroups, ListBackups,
 * ListAllMyBuckets) get `*`; the first two are held to the stack's region with `aws:RequestedRegion`.
 * Undefined when the role has only managed policies.
 */
export function permissionPolicy(
    cfg: Pick<CrossAccountConfig, "partition" | "region" | "targetAccountId">,
    role: Pick<TargetRoleSpec, "permissions">,
): PolicyDocument | undefined {
    const p = role.permissions;
    const { partition, region, targetAccountId: account } = cfg;
    const inRegion: ConditionBlock = { StringEquals: { "aws:RequestedRegion": region } };
    const st: PolicyStatement[] = [];
    if (p.logsRead) {
        const groups = p.logsRead.logGroups.map((g) => logGroupArn(partition, region, account, g));
        st.push({ Sid: "ReadLogGroups", Effect: "Allow", Action: [...PRESET_ACTIONS.logsRead], Resource: groups.flatMap((g) => [g, `${g}:*`]) });
        st.push({ Sid: "DescribeLogGroupsInRegion", Effect: "Allow", Action: one([...PRESET_ACTIONS.logsDescribeGroups]), Resource: "*", Condition: inRegion });
    }
    if (p.dynamodbBackup) {
        const tables = p.dynamodbBackup.tables.map((t) => dynamodbTableArn(partition, region, account, t));
        st.push({ Sid: "BackupTables", Effect: "Allow", Action: [...PRESET_ACTIONS.dynamodbBackupTable], Resource: one(tables) });
        st.push({
            Sid: "DescribeTableBackups",
            Effect: "Allow",
            Action: one([...PRESET_ACTIONS.dynamodbBackupDescribe]),
            Resource: one(tables.map((t) => `${t}/backup/*`)),
        });
        st.push({ Sid: "ListBackupsInRegion", Effect: "Allow", Action: one([...PRESET_ACTIONS.dynamodbBackupList]), Resource: "*", Condition: inRegion });
    }
    if (p.s3ListAllBuckets) {
        st.push({ Sid: "ListAllBuckets", Effect: "Allow", Action: one([...PRESET_ACTIONS.s3ListAllBuckets]), Resource: "*" });
    }
    for (const [preset, sidPart, actions] of [
        ["s3Read", "Read", PRESET_ACTIONS.s3Read],
        ["s3ReadWrite", "ReadWrite", PRESET_ACTIONS.s3ReadWrite],
    ] as const) {
        const s3 = p[preset];
        if (!s3) continue;
        const buckets = s3.buckets.map((b) => s3BucketArn(partition, b));
        const list: PolicyStatement = { Sid: `List${sidPart}Buckets`, Effect: "Allow", Action: one([...PRESET_ACTIONS.s3List]), Resource: one(buckets) };
        if (s3.prefix) list.Condition = { StringLike: { "s3:prefix": [s3.prefix, `${s3.prefix}*`] } };
        st.push(list);
        st.push({ Sid: `${sidPart}Objects`, Effect: "Allow", Action: one([...actions]), Resource: one(buckets.map((b) => `${b}/${s3.prefix ?? ""}*`)) });
    }
    p.statements.forEach((s, i) => st.push({ ...s, Sid: s.Sid ?? `Custom${i}` }));
    return st.length > 0 ? { Version: "2012-10-17", Statement: st } : undefined;
}

/** A single value as itself, several as a list: how people write IAM JSON by hand. */
function one(values: string[]): string | string[] {
    return values.length === 1 ? values[0] : values;
}
