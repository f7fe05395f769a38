/**
 * What a source principal may do: `sts:AssumeRole` on the exact ARNs of the roles that trust it, in
 * every account each is deployed to, and where that grant goes (inline, or split across customer
 * managed policies). Pure.
 */
import { one, policySize } from "../iam/documents";
import { IAM_LIMITS } from "../iam/limits";
import type { CrossAccountConfig, TrustConditions } from "../model/config";
import type { PolicyDocument, PolicyStatement } from "../model/policy";
import { roleArn } from "../iam/arns";
import { roleAccounts } from "./accounts";
import { rolesTrusting } from "./sources";

type GrantConfig = Pick<CrossAccountConfig, "targetRoles" | "partition" | "accounts">;

/** One role ARN a source is granted: a trusting role in one of its accounts, with that role's trust entry for the source. */
export interface GrantTarget {
    arn: string;
    role: string;
    /** The name of the account of `arn`. */
    account: string;
    conditions: TrustConditions;
}

/**
 * The role ARNs a source is granted, in config order: each role that trusts it, in each account it is
 * deployed to (the order of its `accounts`). Never a wildcard.
 */
export function grantTargets(cfg: GrantConfig, sourceKey: string): GrantTarget[] {
    return rolesTrusting(cfg, sourceKey).flatMap(({ role, conditions }) =>
        roleAccounts(cfg, role).map((account) => ({
            arn: roleArn(cfg.partition, account.id, role.path, role.name),
            role: role.name,
            account: account.name,
            conditions,
        })),
    );
}

/**
 * Identity policy of a source principal: `sts:AssumeRole` on exactly the ARNs of the roles that trust
 * it in every account they are deployed to (never `*`), plus `sts:SetSourceIdentity` / `sts:TagSession`
 * on the roles whose trust uses them. Undefined when no role trusts the source.
 */
export function sourceGrantPolicy(cfg: GrantConfig, sourceKey: string): PolicyDocument | undefined {
    return grantDocument(grantTargets(cfg, sourceKey));
}

/** The grant on exactly these role ARNs; undefined for none. */
function grantDocument(targets: readonly GrantTarget[]): PolicyDocument | undefined {
    if (targets.length === 0) return undefined;
    const arnsFor = (pred: (c: TrustConditions) => boolean) => targets.filter((t) => pred(t.conditions)).map((t) => t.arn);
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
 * holder's inline quota (role 10240, user 2048, group 5120 characters), else split across customer
 * managed policies of at most 6144 characters each, filled with whole role ARNs (`grantTargets`) in
 * config order, so a role deployed to many accounts may span several. More managed policies than
 * `limits.managedPoliciesPerRole` is reported in `overflow`, with the number of role ARNs that the
 * allowed policies hold. Empty when no role trusts the source.
 */
export function sourceGrantPolicies(cfg: GrantConfig & Pick<CrossAccountConfig, "limits">, sourceKey: string, kind: GrantHolderKind): SourceGrantPolicies {
    const targets = grantTargets(cfg, sourceKey);
    const whole = grantDocument(targets);
    if (!whole) return { managed: [] };
    if (policySize(whole) <= INLINE_GRANT_LIMITS[kind].size) return { inline: whole, managed: [] };
    const grantFor = (part: GrantTarget[]) => grantDocument(part)!;
    const chunks: GrantTarget[][] = [];
    let current: GrantTarget[] = [];
    for (const target of targets) {
        const candidate = [...current, target];
        if (current.length > 0 && policySize(grantFor(candidate)) > IAM_LIMITS.managedPolicySize) {
            chunks.push(current);
            current = [target];
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
