/**
 * IAM quota checks, run on the documents this program would write, before anything reaches AWS.
 * Each problem names the role (or source), the limit and the measured value.
 */
import type { CrossAccountConfig } from "./config";
import { IAM_LIMITS, policySize } from "./iam";
import { configuredSource, permissionPolicy, sourceGrantPolicy, trustPolicy } from "./policies";

/** Same length as a real IAM unique id (AROA + 17 characters), so sizes measured here are exact. */
const UNIQUE_ID_PLACEHOLDER = "AROAPLACEHOLDER000000";

export const GRANT_LIMITS = {
    "service-role": { size: IAM_LIMITS.roleInlinePolicySize, what: "role" },
    user: { size: IAM_LIMITS.userInlinePolicySize, what: "user" },
    group: { size: IAM_LIMITS.groupInlinePolicySize, what: "group" },
} as const;

export function checkQuotas(cfg: CrossAccountConfig): string[] {
    const problems: string[] = [];
    const resolved = cfg.sources.map((s) => {
        const r = configuredSource(cfg, s);
        return s.kind === "service-role" || s.kind === "user" ? { ...r, uniqueIds: [UNIQUE_ID_PLACEHOLDER] } : r;
    });
    for (const role of cfg.targetRoles) {
        const key = `targetRoles.${role.name}`;
        // The source side may not hold the ExternalId; measure with the shortest one IAM accepts (a lower bound).
        const externalId = cfg.externalIds[role.name] ?? "x".repeat(IAM_LIMITS.externalIdMinLength);
        const trust = policySize(trustPolicy(cfg, role, resolved, externalId));
        if (trust > cfg.limits.trustPolicySize) {
            problems.push(
                `${key}: trust policy is ${trust} characters; the limit is ${cfg.limits.trustPolicySize} (trustPolicySizeLimit; IAM's default ACLSizePerRole quota is ${IAM_LIMITS.trustPolicySizeDefault}, raisable to ${IAM_LIMITS.trustPolicySizeMax}). Trust fewer sources, give them identical conditions so they share a statement, or raise the quota and trustPolicySizeLimit`,
            );
        }
        const perms = permissionPolicy(cfg, role);
        if (perms) {
            const size = policySize(perms);
            if (size > IAM_LIMITS.roleInlinePolicySize) {
                problems.push(
                    `${key}.permissions: inline policy is ${size} characters; IAM allows ${IAM_LIMITS.roleInlinePolicySize} per role in total. Move statements into a customer managed policy (managedPolicyArns)`,
                );
            }
            const sids = perms.Statement.map((s) => s.Sid);
            const dup = sids.filter((s, i) => sids.indexOf(s) !== i);
            if (dup.length > 0)
                problems.push(`${key}.permissions.statements: Sid ${[...new Set(dup)].join(", ")} used more than once; every Sid in a policy must be unique`);
        }
        const managed = role.permissions.managedPolicyArns.length;
        if (managed > cfg.limits.managedPoliciesPerRole) {
            problems.push(
                `${key}.permissions.managedPolicyArns: ${managed} policies; the limit is ${cfg.limits.managedPoliciesPerRole} per role (managedPoliciesPerRoleLimit; IAM's default is ${IAM_LIMITS.managedPoliciesPerRoleDefault}, raisable to ${IAM_LIMITS.managedPoliciesPerRoleMax})`,
            );
        }
    }
    for (const s of cfg.sources) {
        if (s.kind !== "service-role" && s.kind !== "user" && s.kind !== "group") continue;
        const grant = sourceGrantPolicy(cfg, s.key);
        if (!grant) continue;
        const size = policySize(grant);
        const limit = GRANT_LIMITS[s.kind];
        if (size > limit.size) {
            const perRole = Math.max(1, Math.round(size / grant.Statement.reduce((n, st) => n + (Array.isArray(st.Resource) ? st.Resource.length : 1), 0)));
            problems.push(
                `sources.${s.key}: its sts:AssumeRole policy is ${size} characters; IAM allows ${limit.size} of inline policy per ${limit.what}, which fits about ${Math.floor(limit.size / perRole)} target roles. Split the roles across several sources`,
            );
        }
    }
    return problems;
}
