/**
 * CrossGuard rules for IAM cross-account access, kept apart from `new PolicyPack(...)` (index.ts) so
 * tests can call each rule's validate function directly. Each rule lives in rules/ by what it reads
 * (trust.ts, trust-conditions.ts, web-identity.ts, identity-center.ts, assume-role.ts, cross-account-actions.ts); the documents, statements and resources they read
 * are documents.ts, statements.ts and resources.ts. This file is the pack's list.
 *
 * The rules read resources by their type token (`aws:iam/role:Role`, ...) and never import
 * @pulumi/aws, so they work on any Pulumi program that manages IAM with the aws provider. Policy
 * documents arrive as JSON text or as objects; both are read. A value that is unknown during
 * `pulumi preview` (a document built from another resource's output) is skipped, not failed: the
 * engine runs the rules again during `pulumi up`, when the value is known.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { assumeRoleOnExactArns } from "./rules/assume-role";
import { noWildcardActionsForCrossAccountRoles } from "./rules/cross-account-actions";
import { accountTrustNeedsCondition, noWildcardTrustPrincipal, sessionDurationWithinLimit, trustPolicySizeWithinQuota } from "./rules/trust";
import { webIdentityTrustRequiresSub } from "./rules/web-identity";
import { identityCenterTrustPinsPermissionSet } from "./rules/identity-center";
import { principalOrgPathsWithinOu, roleSessionNameNarrows } from "./rules/trust-conditions";

export { identityCenterTrustPinsPermissionSet, principalOrgPathsWithinOu, roleSessionNameNarrows, webIdentityTrustRequiresSub };

/** Every rule of the pack, in the order they are reported. */
export const policies: Array<ResourceValidationPolicy | StackValidationPolicy> = [
    noWildcardTrustPrincipal,
    accountTrustNeedsCondition,
    webIdentityTrustRequiresSub,
    identityCenterTrustPinsPermissionSet,
    roleSessionNameNarrows,
    principalOrgPathsWithinOu,
    assumeRoleOnExactArns,
    noWildcardActionsForCrossAccountRoles,
    sessionDurationWithinLimit,
    trustPolicySizeWithinQuota,
];
