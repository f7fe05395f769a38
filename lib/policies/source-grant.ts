/**
 * What a source principal of account B may do: `sts:AssumeRole` on the exact ARNs of the roles of A
 * that trust it, and where that grant goes (inline, or split across customer managed policies). Pure.
 *
 * The one exception to exact ARNs: a role deployed to whole OUs through a StackSet (`organizationalUnits`) lives in
 * accounts that may not exist yet, so it is granted in every account (`arn:<partition>:iam::*:role<path><name>`)
 * and only ever together with the condition that pins that account to those OUs (`organizationGrantStatements`).
 */
import { roleArnInEveryAccount } from "../iam/arns";
import { one, policySize, sidFragment } from "../iam/documents";
import { IAM_LIMITS } from "../iam/limits";
import { RESOURCE_ACCOUNT_KEY, RESOURCE_ORG_ID_KEY, RESOURCE_ORG_PATHS_KEY, organizationScope, organizationalUnitPathPattern } from "../iam/organizations";
import type { CrossAccountConfig, TargetRoleSpec, TrustConditions } from "../model/config";
import type { OrganizationScope } from "../model/organization";
import type { ConditionBlock, PolicyDocument, PolicyStatement } from "../model/policy";
import { sourceManagedPolicyArns, sourcePermissionPolicy } from "./source-permissions";
import { rolesTrusting, targetRoleArn } from "./sources";

/**
 * Identity policy of a source principal in B: `sts:AssumeRole` on exactly the ARNs of the roles in A
 * that trust it (never `*`), plus `sts:SetSourceIdentity` / `sts:TagSession` on the roles whose trust
 * uses them. Roles deployed to whole OUs follow, granted by `organizationGrantStatements`. Undefined when
 * no role trusts the source.
 */
export function sourceGrantPolicy(
    cfg: Pick<CrossAccountConfig, "targetRoles" | "partition" | "targetAccountId" | "organization">,
    sourceKey: string,
): PolicyDocument | undefined {
    const all = rolesTrusting(cfg, sourceKey);
    if (all.length === 0) return undefined;
    const trusting = all.filter((t) => t.role.organizationalUnits === undefined);
    const arnsFor = (pred: (c: TrustConditions) => boolean) => trusting.filter((t) => pred(t.conditions)).map((t) => targetRoleArn(cfg, t.role));
    const statements: PolicyStatement[] = [];
    if (trusting.length > 0) statements.push({ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: one(arnsFor(() => true)) });
    const withIdentity = arnsFor((c) => c.sourceIdentity !== undefined);
    if (withIdentity.length > 0)
        statements.push({ Sid: "SetSourceIdentityOnTargetRoles", Effect: "Allow", Action: "sts:SetSourceIdentity", Resource: one(withIdentity) });
    const withTags = arnsFor((c) => c.sessionTags !== undefined);
    if (withTags.length > 0) statements.push({ Sid: "TagSessionOnTargetRoles", Effect: "Allow", Action: "sts:TagSession", Resource: one(withTags) });
    const inOrganization = all.filter((t) => t.role.organizationalUnits !== undefined);
    if (inOrganization.length > 0) {
        const org = cfg.organization;
        if (!org) throw new Error("sourceGrantPolicy: a role is deployed to organizationalUnits but the config has no organization");
        statements.push(
            ...organizationGrantStatements(
                cfg.partition,
                inOrganization.map((t) => ({ role: t.role, conditions: t.conditions, scope: organizationScope(org, t.role.organizationalUnits!) })),
            ),
        );
    }
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
    /** Otherwise the grant split across customer managed policies, each within IAM's managed policy size, in role order. */
    managed: PolicyDocument[];
    /** Set when `managed` needs more policies than `limits.managedPoliciesPerRole`: how many roles the allowed ones hold. */
    overflow?: { fittingRoles: number; roleCount: number };
}

/**
 * Places a source's AssumeRole grant (`sourceGrantPolicy`): one inline policy while it fits the
 * holder's inline quota (role 10240, user 2048, group 5120 characters, less what the source's own
 * inline policy takes), else split across customer managed policies of at most 6144 characters each,
 * filled with whole target roles in config order. More managed policies than
 * `limits.managedPoliciesPerRole` (less the source's own managed policies) is reported in `overflow`,
 * with the number of roles that the allowed policies hold. Empty when no role trusts the source.
 */
export function sourceGrantPolicies(
    cfg: Pick<CrossAccountConfig, "targetRoles" | "sources" | "partition" | "targetAccountId" | "limits" | "organization">,
    sourceKey: string,
    kind: GrantHolderKind,
): SourceGrantPolicies {
    const whole = sourceGrantPolicy(cfg, sourceKey);
    if (!whole) return { managed: [] };
    const own = ownPermissionsUse(cfg, sourceKey);
    if (policySize(whole) + own.inlineSize <= INLINE_GRANT_LIMITS[kind].size) return { inline: whole, managed: [] };
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
    const limit = Math.max(0, cfg.limits.managedPoliciesPerRole - own.managedPolicies);
    if (chunks.length > limit) {
        out.overflow = { fittingRoles: chunks.slice(0, limit).reduce((n, c) => n + c.length, 0), roleCount: chunks.reduce((n, c) => n + c.length, 0) };
    }
    return out;
}
