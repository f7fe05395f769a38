/**
 * What a source principal of account B may do: `sts:AssumeRole` on the exact ARNs of the roles of A
 * that trust it, and where that grant goes (inline, or split across customer managed policies). Pure.
 */
import { one, policySize } from "../iam/documents";
import { IAM_LIMITS } from "../iam/limits";
import type { CrossAccountConfig, TargetRoleSpec, TrustConditions } from "../model/config";
import type { PolicyDocument, PolicyStatement } from "../model/policy";
import { sourceManagedPolicyArns, sourcePermissionPolicy } from "./source-permissions";
import { rolesTrusting, targetRoleArn } from "./sources";

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
    cfg: Pick<CrossAccountConfig, "targetRoles" | "sources" | "partition" | "targetAccountId" | "limits">,
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
