/**
 * What a source principal may do: `sts:AssumeRole` on the exact ARNs of the roles that trust it, in
 * every account each is deployed to, and where that grant goes (inline, or split across customer
 * managed policies). Pure.
 *
 * The one exception to exact ARNs: a role deployed to whole OUs through a StackSet (`organizationalUnits`) lives in
 * accounts that may not exist yet, so it is granted in every account (`arn:<partition>:iam::*:role<path><name>`)
 * and only ever together with the condition that pins that account to those OUs (`organizationGrantStatements`).
 */
import { roleArn, roleArnInEveryAccount } from "../iam/arns";
import { one, policySize, sidFragment } from "../iam/documents";
import { IAM_LIMITS } from "../iam/limits";
import { RESOURCE_ACCOUNT_KEY, RESOURCE_ORG_ID_KEY, RESOURCE_ORG_PATHS_KEY, organizationScope, organizationalUnitPathPattern } from "../iam/organizations";
import type { CrossAccountConfig, TargetRoleSpec, TrustConditions } from "../model/config";
import type { OrganizationScope } from "../model/organization";
import type { ConditionBlock, PolicyDocument, PolicyStatement } from "../model/policy";
import { roleAccounts } from "./accounts";
import { sourceManagedPolicyArns, sourcePermissionPolicy } from "./source-permissions";
import { rolesTrusting } from "./sources";

type GrantConfig = Pick<CrossAccountConfig, "targetRoles" | "partition" | "accounts" | "organization">;

/** One role ARN a source is granted: a trusting role in one of its accounts, with that role's trust entry for the source. */
export interface GrantTarget {
    arn: string;
    role: string;
    /** The name of the account of `arn`. */
    account: string;
    conditions: TrustConditions;
}

/**
 * The exact role ARNs a source is granted, in config order: each role that trusts it, in each account it is
 * deployed to (the order of its `accounts`). Never a wildcard; roles deployed to whole OUs are in `organizationGrants`.
 */
export function grantTargets(cfg: GrantConfig, sourceKey: string): GrantTarget[] {
    return rolesTrusting(cfg, sourceKey)
        .filter(({ role }) => role.organizationalUnits === undefined)
        .flatMap(({ role, conditions }) =>
            roleAccounts(cfg, role).map((account) => ({
                arn: roleArn(cfg.partition, account.id, role.path, role.name),
                role: role.name,
                account: account.name,
                conditions,
            })),
        );
}

/** The roles deployed to whole OUs that trust a source, in config order, each with the scope its grant is pinned to. */
export function organizationGrants(cfg: GrantConfig, sourceKey: string): OrganizationRoleGrant[] {
    const inOrganization = rolesTrusting(cfg, sourceKey).filter(({ role }) => role.organizationalUnits !== undefined);
    if (inOrganization.length === 0) return [];
    const org = cfg.organization;
    if (!org) throw new Error("organizationGrants: a role is deployed to organizationalUnits but the config has no organization");
    return inOrganization.map(({ role, conditions }) => ({ role, conditions, scope: organizationScope(org, role.organizationalUnits!) }));
}

/** One part of a grant, in config order: an exact role ARN, or a role deployed to whole OUs. */
type GrantPart = { exact: GrantTarget } | { organization: OrganizationRoleGrant };

function grantParts(cfg: GrantConfig, sourceKey: string): GrantPart[] {
    const exact = grantTargets(cfg, sourceKey);
    const inOrganization = organizationGrants(cfg, sourceKey);
    // Config order of the roles; each role's exact ARNs in the order of its accounts.
    const exactOf = new Map<string, GrantPart[]>();
    for (const t of exact) {
        const list = exactOf.get(t.role);
        if (list) list.push({ exact: t });
        else exactOf.set(t.role, [{ exact: t }]);
    }
    return rolesTrusting(cfg, sourceKey).flatMap(({ role }): GrantPart[] =>
        role.organizationalUnits === undefined
            ? (exactOf.get(role.name) ?? [])
            : inOrganization.filter((g) => g.role.name === role.name).map((g) => ({ organization: g })),
    );
}

/**
 * Identity policy of a source principal: `sts:AssumeRole` on exactly the ARNs of the roles that trust
 * it in every account they are deployed to (never `*`), plus `sts:SetSourceIdentity` / `sts:TagSession`
 * on the roles whose trust uses them. Roles deployed to whole OUs follow, granted by `organizationGrantStatements`.
 * Undefined when no role trusts the source.
 */
export function sourceGrantPolicy(cfg: GrantConfig, sourceKey: string): PolicyDocument | undefined {
    return grantDocument(cfg.partition, grantParts(cfg, sourceKey));
}

/** The grant on exactly these parts; undefined for none. */
function grantDocument(partition: string, parts: readonly GrantPart[]): PolicyDocument | undefined {
    if (parts.length === 0) return undefined;
    const targets = parts.flatMap((p) => ("exact" in p ? [p.exact] : []));
    const inOrganization = parts.flatMap((p) => ("organization" in p ? [p.organization] : []));
    const arnsFor = (pred: (c: TrustConditions) => boolean) => targets.filter((t) => pred(t.conditions)).map((t) => t.arn);
    const statements: PolicyStatement[] = [];
    if (targets.length > 0) statements.push({ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: one(arnsFor(() => true)) });
    const withIdentity = arnsFor((c) => c.sourceIdentity !== undefined);
    if (withIdentity.length > 0)
        statements.push({ Sid: "SetSourceIdentityOnTargetRoles", Effect: "Allow", Action: "sts:SetSourceIdentity", Resource: one(withIdentity) });
    const withTags = arnsFor((c) => c.sessionTags !== undefined);
    if (withTags.length > 0) statements.push({ Sid: "TagSessionOnTargetRoles", Effect: "Allow", Action: "sts:TagSession", Resource: one(withTags) });
    if (inOrganization.length > 0) statements.push(...organizationGrantStatements(partition, inOrganization));
    return { Version: "2012-10-17", Statement: statements };
}

/** A role deployed to whole OUs (or the whole organization) that trusts the source, with that trust's conditions. */
export interface OrganizationRoleGrant {
    role: Pick<TargetRoleSpec, "name" | "path">;
    conditions: TrustConditions;
    scope: OrganizationScope;
}

/**
 * The condition that pins a grant on `arn:<partition>:iam::*:role/...` to the accounts a StackSet deploys to:
 * - OUs: `ForAnyValue:StringLike aws:ResourceOrgPaths` = `<org id>/<root id>/<ou id>/*` per OU (that OU and every
 *   OU below it; a role in an account of no organization has no such path and is refused);
 * - the whole organization: `StringEquals aws:ResourceOrgID` = the organization id;
 * - and, in both, `StringNotEquals aws:ResourceAccount` = the management account, where StackSets never deploy, so
 *   a role of that name there is not one of ours.
 */
export function organizationGrantCondition(scope: OrganizationScope): ConditionBlock {
    const notManagement = { StringNotEquals: { [RESOURCE_ACCOUNT_KEY]: scope.managementAccountId } };
    if (scope.kind === "organization") return { StringEquals: { [RESOURCE_ORG_ID_KEY]: scope.organizationId }, ...notManagement };
    const patterns = scope.organizationalUnitIds.map((ou) => organizationalUnitPathPattern(scope.organizationId, scope.rootId, ou));
    return { "ForAnyValue:StringLike": { [RESOURCE_ORG_PATHS_KEY]: one(patterns) }, ...notManagement };
}

/**
 * The grant statements of roles deployed to whole OUs: the one documented exception to exact ARNs. The account of
 * the role ARN is `*` (the accounts of an OU are not known, and may not exist yet), never the path or the name, and
 * every statement carries `organizationGrantCondition`. Roles with the same scope share statements: AssumeRole on
 * all of them, SetSourceIdentity / TagSession on those whose trust uses them.
 */
export function organizationGrantStatements(partition: string, grants: readonly OrganizationRoleGrant[]): PolicyStatement[] {
    const groups = new Map<string, OrganizationRoleGrant[]>();
    for (const g of grants) {
        const key = JSON.stringify(g.scope);
        groups.set(key, [...(groups.get(key) ?? []), g]);
    }
    const out: PolicyStatement[] = [];
    for (const group of groups.values()) {
        const scope = group[0].scope;
        const where = scopeSid(scope);
        const Condition = organizationGrantCondition(scope);
        const arnsFor = (pred: (c: TrustConditions) => boolean) =>
            group.filter((g) => pred(g.conditions)).map((g) => roleArnInEveryAccount(partition, g.role.path, g.role.name));
        out.push({ Sid: `AssumeTargetRolesIn${where}`, Effect: "Allow", Action: "sts:AssumeRole", Resource: one(arnsFor(() => true)), Condition });
        const withIdentity = arnsFor((c) => c.sourceIdentity !== undefined);
        if (withIdentity.length > 0)
            out.push({
                Sid: `SetSourceIdentityOnTargetRolesIn${where}`,
                Effect: "Allow",
                Action: "sts:SetSourceIdentity",
                Resource: one(withIdentity),
                Condition,
            });
        const withTags = arnsFor((c) => c.sessionTags !== undefined);
        if (withTags.length > 0)
            out.push({ Sid: `TagSessionOnTargetRolesIn${where}`, Effect: "Allow", Action: "sts:TagSession", Resource: one(withTags), Condition });
    }
    return out;
}

/** The Sid fragment of a scope: `OuAb1211111111`, `OuAb1211111111AndOuAb1222222222`, `OrganizationOA1b2c3d4e5`. */
function scopeSid(scope: OrganizationScope): string {
    return scope.kind === "organization" ? `Organization${sidFragment(scope.organizationId)}` : sidFragment(scope.organizationalUnitIds.join("-and-"));
}

/** Source kinds whose AssumeRole grant this program writes (as an inline policy, or managed policies). */
export type GrantHolderKind = "service-role" | "oidc-role" | "user" | "group";

/** IAM's quota on all inline policies of one role, user or group together, and the word for the holder. */
export const INLINE_GRANT_LIMITS: Readonly<Record<GrantHolderKind, { size: number; what: "role" | "user" | "group" }>> = {
    "service-role": { size: IAM_LIMITS.roleInlinePolicySize, what: "role" },
    "oidc-role": { size: IAM_LIMITS.roleInlinePolicySize, what: "role" },
    user: { size: IAM_LIMITS.userInlinePolicySize, what: "user" },
    group: { size: IAM_LIMITS.groupInlinePolicySize, what: "group" },
};

/**
 * What the source's own permissions (`sources.<key>.permissions`) take of the holder's quotas: the size
 * of its own inline policy, counted against the same inline quota as the grant, and its managed
 * policies, counted against the same per-holder limit as the grant's managed policies.
 */
export function ownPermissionsUse(cfg: Pick<CrossAccountConfig, "sources">, sourceKey: string): { inlineSize: number; managedPolicies: number } {
    const source = cfg.sources.find((s) => s.key === sourceKey);
    const own = source ? sourcePermissionPolicy(source) : undefined;
    return { inlineSize: own ? policySize(own) : 0, managedPolicies: source ? sourceManagedPolicyArns(source).length : 0 };
}

/** Where a source's AssumeRole grant goes: decided by `sourceGrantPolicies`. */
export interface SourceGrantPolicies {
    /** The whole grant, as the one inline policy `assume-target-roles`, when it fits the inline quota. */
    inline?: PolicyDocument;
    /** Otherwise the grant split across customer managed policies, each within IAM's managed policy size, in config order. */
    managed: PolicyDocument[];
    /**
     * Set when `managed` needs more policies than `limits.managedPoliciesPerRole`: how many role ARNs the
     * allowed ones hold, of how many (a role deployed to n accounts is n ARNs; one per role in the two-account layout).
     */
    overflow?: { fittingRoles: number; roleCount: number };
}

/**
 * Places a source's AssumeRole grant (`sourceGrantPolicy`): one inline policy while it fits the
 * holder's inline quota (role 10240, user 2048, group 5120 characters, less what the source's own
 * inline policy takes), else split across customer managed policies of at most 6144 characters each,
 * filled with whole role ARNs (`grantTargets`) in config order, so a role deployed to many accounts may
 * span several. More managed policies than `limits.managedPoliciesPerRole` (less the source's own
 * managed policies) is reported in `overflow`, with the number of role ARNs that the allowed policies
 * hold. Empty when no role trusts the source.
 */
export function sourceGrantPolicies(
    cfg: GrantConfig & Pick<CrossAccountConfig, "sources" | "limits">,
    sourceKey: string,
    kind: GrantHolderKind,
): SourceGrantPolicies {
    const parts = grantParts(cfg, sourceKey);
    const whole = grantDocument(cfg.partition, parts);
    if (!whole) return { managed: [] };
    const own = ownPermissionsUse(cfg, sourceKey);
    if (policySize(whole) + own.inlineSize <= INLINE_GRANT_LIMITS[kind].size) return { inline: whole, managed: [] };
    const grantFor = (part: readonly GrantPart[]) => grantDocument(cfg.partition, part)!;
    const chunks = fillInOrder(parts, (part) => policySize(grantFor(part)) <= IAM_LIMITS.managedPolicySize);
    const out: SourceGrantPolicies = { managed: chunks.map(grantFor) };
    const limit = Math.max(0, cfg.limits.managedPoliciesPerRole - own.managedPolicies);
    if (chunks.length > limit) {
        out.overflow = { fittingRoles: chunks.slice(0, limit).reduce((n, c) => n + c.length, 0), roleCount: chunks.reduce((n, c) => n + c.length, 0) };
    }
    return out;
}

/**
 * Cuts `items` into consecutive chunks, in order, each the longest run from where the last ended that `fits`
 * (at least one item, fitting or not): greedy filling. `fits` must be monotone (a run that fits stays fitting
 * when shortened), as the size of a policy over fewer ARNs is. Each chunk's length is found by doubling and
 * then halving (O(log n) calls of `fits` per chunk) rather than by trying every length (a role deployed to
 * 1000 accounts made that 1000 policy renders, each of up to 100 ARNs, per stack).
 */
export function fillInOrder<T>(items: readonly T[], fits: (run: readonly T[]) => boolean): T[][] {
    const chunks: T[][] = [];
    let start = 0;
    while (start < items.length) {
        const ok = (length: number) => fits(items.slice(start, start + length));
        // The longest length in [good, bad) that fits: 1 always counts (an item alone goes in a chunk of its own).
        let good = 1;
        let bad = items.length - start + 1;
        for (let step = 2; step < bad; step *= 2) {
            if (!ok(step)) {
                bad = step;
                break;
            }
            good = step;
        }
        while (bad - good > 1) {
            const mid = (good + bad) >> 1;
            if (ok(mid)) good = mid;
            else bad = mid;
        }
        chunks.push(items.slice(start, start + good));
        start += good;
    }
    return chunks;
}
