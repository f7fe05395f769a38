/** The config keys this program reads (to become the key table). */

/** Keys of the project namespace this program reads; anything else in it is a typo. */
export const PROJECT_KEYS = [
    "side",
    "sourceAccountId",
    "targetAccountId",
    "partition",
    "sourceStack",
    "sources",
    "targetRoles",
    "externalIds",
    "trustPolicySizeLimit",
    "managedPoliciesPerRoleLimit",
] as const;

export const TRUST_CONDITION_KEYS = ["externalId", "mfa", "principalOrgId", "sourceIdentity", "sessionTags", "unsafeAllowUnconditionalAccountTrust"];
