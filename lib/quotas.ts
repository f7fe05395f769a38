/**
 * IAM quota checks, run on the documents this program would write, before anything reaches AWS.
 * Each problem names the role (or source), the limit and the measured value.
 */
import { policySize, sidFragment } from "./iam/documents";
import { IAM_LIMITS } from "./iam/limits";
import type { CrossAccountConfig, TargetRoleSpec } from "./model/config";
import type { ResolvedSource } from "./model/outputs";
import { keyPath, managedGrantPolicyName } from "./names";
import { permissionPolicy } from "./policies/permissions";
import { INLINE_GRANT_LIMITS, fillInOrder, ownPermissionsUse, sourceGrantPolicies, sourceGrantPolicy } from "./policies/source-grant";
import { sourceManagedPolicyArns, sourcePermissionPolicy } from "./policies/source-permissions";
import { configuredSource } from "./policies/sources";
import { trustPolicy } from "./policies/trust";

/** Same length as a real IAM unique id (AROA + 17 characters), so sizes measured here are exact. */
const UNIQUE_ID_PLACEHOLDER = "AROAPLACEHOLDER000000";

/** IAM's limit on customer managed policy names. */
const MANAGED_POLICY_NAME_LENGTH = 128;

export function checkQuotas(cfg: CrossAccountConfig): string[] {
    const problems: string[] = [];
    const resolved = cfg.sources.map((s) => {
        const r = configuredSource(cfg, s);
        return s.kind === "service-role" || s.kind === "oidc-role" || s.kind === "user" ? { ...r, uniqueIds: [UNIQUE_ID_PLACEHOLDER] } : r;
    });
    for (const role of cfg.targetRoles) {
        const key = keyPath("targetRoles", role.name);
        // The source side may not hold the ExternalId; measure with the shortest one IAM accepts (a lower bound).
        const externalId = cfg.externalIds[role.name] ?? "x".repeat(IAM_LIMITS.externalIdMinLength);
        const trustDocument = trustPolicy(cfg, role, resolved, externalId);
        const trust = policySize(trustDocument);
        problems.push(
            ...repeatedTrustSids(
                key,
                role.trustedSources.map((t) => t.source),
                trustDocument.Statement.map((st) => st.Sid ?? ""),
            ),
        );
        if (trust > cfg.limits.trustPolicySize) {
            const fitting = (limit: number) => trustedSourcesThatFit(cfg, role, resolved, externalId, limit);
            const n = role.trustedSources.length;
            const fit = fitting(cfg.limits.trustPolicySize);
            const atMax =
                cfg.limits.trustPolicySize < IAM_LIMITS.trustPolicySizeMax
                    ? `; raised to ${IAM_LIMITS.trustPolicySizeMax}, ${atMaxCount(fitting(IAM_LIMITS.trustPolicySizeMax), n)}`
                    : "";
            // When not even the first source fits, its own conditions are what is too long: fewer sources would not help.
            const howMany =
                fit === 0
                    ? `${n === 1 ? "Its one trusted source" : "Even its first trusted source"} alone is over the limit${atMax}`
                    : `The first ${fit} of its ${n} trusted sources fit${atMax}`;
            const fix =
                fit === 0
                    ? "Give it fewer condition values (tags, session names, OU paths), or raise the quota and trustPolicySizeLimit"
                    : "Trust fewer sources, give them identical conditions so they share a statement, or raise the quota and trustPolicySizeLimit";
            problems.push(
                `${key}: trust policy is ${trust} characters; the limit is ${cfg.limits.trustPolicySize} (trustPolicySizeLimit; IAM's default ACLSizePerRole quota is ${IAM_LIMITS.trustPolicySizeDefault}, raisable to ${IAM_LIMITS.trustPolicySizeMax}). ${howMany}. ${fix}`,
            );
        }
        const perms = permissionPolicy(cfg, role);
        if (perms) {
            const size = policySize(perms);
            if (size > IAM_LIMITS.roleInlinePolicySize) {
                problems.push(
                    `${keyPath(key, "permissions")}: inline policy is ${size} characters; IAM allows ${IAM_LIMITS.roleInlinePolicySize} per role in total. Move statements into a customer managed policy (managedPolicyArns)`,
                );
            }
            const sids = perms.Statement.map((s) => s.Sid);
            const dup = sids.filter((s, i) => sids.indexOf(s) !== i);
            if (dup.length > 0)
                problems.push(
                    `${keyPath(keyPath(key, "permissions"), "statements")}: Sid ${[...new Set(dup)].join(", ")} used more than once; every Sid in a policy must be unique`,
                );
        }
        const managed = role.permissions.managedPolicyArns.length;
        if (managed > cfg.limits.managedPoliciesPerRole) {
            problems.push(
                `${keyPath(keyPath(key, "permissions"), "managedPolicyArns")}: ${managed} policies; the limit is ${cfg.limits.managedPoliciesPerRole} per role (managedPoliciesPerRoleLimit; IAM's default is ${IAM_LIMITS.managedPoliciesPerRoleDefault}, raisable to ${IAM_LIMITS.managedPoliciesPerRoleMax})`,
            );
        }
    }
    problems.push(...checkSourcePermissionQuotas(cfg));
    problems.push(...checkGrantQuotas(cfg));
    return problems;
}

/** How many fit at IAM's maximum trust size: `all 40 would`, or `15 would`. */
function atMaxCount(fit: number, of: number): string {
    if (of === 1) return fit >= 1 ? "it would fit" : "it would not fit either";
    return fit >= of ? `all ${of} would` : fit === 0 ? "none would" : `${fit} would`;
}

/**
 * How many of a role's trusted sources, taken in config order, the trust policy holds within `limit`
 * characters: the longest run from the first whose trust policy (built by `trustPolicy`, as deployed) fits.
 * Trust grows with every source added (a principal, or a statement), so the run is found by doubling and halving.
 */
export function trustedSourcesThatFit(
    cfg: Pick<CrossAccountConfig, "partition" | "accounts" | "sources">,
    role: Pick<TargetRoleSpec, "trustMode" | "trustedSources">,
    resolved: ResolvedSource[],
    externalId: string | undefined,
    limit: number,
): number {
    const fits = (run: readonly TargetRoleSpec["trustedSources"][number][]) =>
        policySize(trustPolicy(cfg, { ...role, trustedSources: [...run] }, resolved, externalId)) <= limit;
    const first = fillInOrder(role.trustedSources, fits)[0] ?? [];
    return first.length === 1 && !fits(first) ? 0 : first.length;
}

/**
 * A source's own permissions (`sources.<key>.permissions`): its inline policy within the holder's
 * inline quota, unique Sids, and no more managed policies than may be attached. Its share of the
 * inline quota and of the managed policy limit is what the AssumeRole grant then has left
 * (`sourceGrantPolicies`).
 */
function checkSourcePermissionQuotas(cfg: CrossAccountConfig): string[] {
    const problems: string[] = [];
    for (const s of cfg.sources) {
        if (s.kind !== "service-role" && s.kind !== "oidc-role" && s.kind !== "user" && s.kind !== "group") continue;
        const key = keyPath(keyPath("sources", s.key), "permissions");
        const own = sourcePermissionPolicy(s);
        const limit = INLINE_GRANT_LIMITS[s.kind];
        if (own) {
            const size = policySize(own);
            if (size > limit.size) {
                problems.push(
                    `${key}: inline policy is ${size} characters; IAM allows ${limit.size} per ${limit.what} in total, shared with its AssumeRole grant. Move statements into a customer managed policy (managedPolicyArns)`,
                );
            }
            const sids = own.Statement.map((st) => st.Sid);
            const dup = sids.filter((sid, i) => sids.indexOf(sid) !== i);
            if (dup.length > 0)
                problems.push(`${keyPath(key, "statements")}: Sid ${[...new Set(dup)].join(", ")} used more than once; every Sid in a policy must be unique`);
        }
        const managed = sourceManagedPolicyArns(s).length;
        if (managed > cfg.limits.managedPoliciesPerRole) {
            problems.push(
                `${keyPath(key, "managedPolicyArns")}: ${managed} policies; the limit is ${cfg.limits.managedPoliciesPerRole} per ${limit.what} (managedPoliciesPerRoleLimit; IAM's default is ${IAM_LIMITS.managedPoliciesPerRoleDefault}, raisable to ${IAM_LIMITS.managedPoliciesPerRoleMax})`,
            );
        }
    }
    return problems;
}

/**
 * B's AssumeRole grants, placed by `sourceGrantPolicies` exactly as account-b declares them: inline
 * while they fit, else split across customer managed policies. Reports a split that needs more
 * policies than may be attached (saying how many target roles fit), and managed policy names that
 * are too long or shared by two sources (IAM names policies per account).
 */
export function checkGrantQuotas(cfg: CrossAccountConfig): string[] {
    const problems: string[] = [];
    const names = new Map<string, string>();
    for (const s of cfg.sources) {
        if (s.kind === "sso-permission-set") {
            // One inline policy per permission set, copied into its role in B: no managed policies to split into.
            const grant = sourceGrantPolicy(cfg, s.key);
            const size = grant ? policySize(grant) : 0;
            if (size > IAM_LIMITS.roleInlinePolicySize) {
                problems.push(
                    `${keyPath("sources", s.key)}: its sts:AssumeRole grant is ${size} characters, over the ${IAM_LIMITS.roleInlinePolicySize} of inline policy IAM allows per role, and a permission set's grant is its one inline policy; split the target roles across several permission sets`,
                );
            }
            continue;
        }
        if (s.kind !== "service-role" && s.kind !== "oidc-role" && s.kind !== "user" && s.kind !== "group") continue;
        const placed = sourceGrantPolicies(cfg, s.key, s.kind);
        const limit = INLINE_GRANT_LIMITS[s.kind];
        const key = keyPath("sources", s.key);
        if (placed.overflow) {
            const size = policySize(sourceGrantPolicy(cfg, s.key)!);
            const { fittingRoles, roleCount } = placed.overflow;
            const what = cfg.layout === "two-account" ? "target roles" : "role ARNs (each role in each account it is deployed to)";
            const fitWhat = cfg.layout === "two-account" ? "target roles" : "role ARNs";
            const own = ownPermissionsUse(cfg, s.key);
            const inlineLeft = own.inlineSize > 0 ? ` (less the ${own.inlineSize} its own permissions take)` : "";
            const ownManaged = own.managedPolicies > 0 ? `, ${own.managedPolicies} of them its own permissions' managed policies` : "";
            problems.push(
                `${key}: its sts:AssumeRole grant on ${roleCount} ${what} is ${size} characters, over the ${limit.size} of inline policy IAM allows per ${limit.what}${inlineLeft}; split into customer managed policies of at most ${IAM_LIMITS.managedPolicySize} characters it needs ${placed.managed.length}, but at most ${cfg.limits.managedPoliciesPerRole} may be attached per ${limit.what}${ownManaged} (managedPoliciesPerRoleLimit; IAM's default is ${IAM_LIMITS.managedPoliciesPerRoleDefault}, raisable to ${IAM_LIMITS.managedPoliciesPerRoleMax}), which fits ${fittingRoles} of the ${roleCount} ${fitWhat}. Split the roles across several sources, or raise the quota and managedPoliciesPerRoleLimit`,
            );
            continue;
        }
        placed.managed.forEach((_, i) => {
            const name = managedGrantPolicyName(s.name, i, s.grantPolicyName);
            if (name.length > MANAGED_POLICY_NAME_LENGTH) {
                problems.push(
                    `${keyPath(key, "name")}: the grant of ${s.kind} ${s.name} is split into customer managed policies named ${name}, longer than IAM's ${MANAGED_POLICY_NAME_LENGTH} characters; use a shorter name`,
                );
            } else if (names.has(`${s.account}\0${name.toLowerCase()}`) && names.get(`${s.account}\0${name.toLowerCase()}`) !== s.key) {
                problems.push(
                    `${key}: its grant is split into a customer managed policy named ${name}, as is the grant of ${keyPath("sources", names.get(`${s.account}\0${name.toLowerCase()}`)!)}; IAM policy names are unique per account, so give one of them another name`,
                );
            }
            // Policy names are unique per account: only sources of the same account can collide.
            names.set(`${s.account}\0${name.toLowerCase()}`, s.key);
        });
    }
    return problems;
}

/**
 * IAM requires every Sid in a policy to be unique. Trust statement Sids come from source keys, and keys
 * that differ only in case or punctuation (`a-b`, `aB`) make the same Sid when their conditions differ.
 */
function repeatedTrustSids(roleKey: string, sourceKeys: string[], sids: string[]): string[] {
    const repeated = [...new Set(sids.filter((sid, i) => sids.indexOf(sid) !== i))];
    return repeated.map((sid) => {
        const keys = sourceKeys.filter((k) => sourceKeys.some((other) => other !== k && sidFragment(other) === sidFragment(k)));
        return `${keyPath(roleKey, "trustedSources")}: two trust statements would both have Sid ${sid}${keys.length > 0 ? ` (source keys ${keys.join(", ")} make the same Sid)` : ""}; every Sid in a policy must be unique, so rename one of those sources`;
    });
}
