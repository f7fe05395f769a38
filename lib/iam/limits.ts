/** IAM facts this program depends on: service principals and the IAM quotas checked before deploy. */
/** Service principals a source role can be trusted by (`sources.<key>.service`). */
export const SERVICE_PRINCIPALS = {
    ec2: "ec2.amazonaws.com",
    lambda: "lambda.amazonaws.com",
    "ecs-tasks": "ecs-tasks.amazonaws.com",
} as const;

/** IAM quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const IAM_LIMITS = {
    roleNameLength: 64,
    userNameLength: 64,
    groupNameLength: 128,
    instanceProfileNameLength: 128,
    pathLength: 512,
    descriptionLength: 1000,
    /** Default ACLSizePerRole quota, characters without white space. */
    trustPolicySizeDefault: 2048,
    /** Highest value the ACLSizePerRole quota can be raised to. */
    trustPolicySizeMax: 4096,
    /** All inline policies of one role together. */
    roleInlinePolicySize: 10240,
    /** All inline policies of one user together. */
    userInlinePolicySize: 2048,
    /** All inline policies of one group together. */
    groupInlinePolicySize: 5120,
    managedPolicySize: 6144,
    managedPoliciesPerRoleDefault: 10,
    managedPoliciesPerRoleMax: 20,
    minSessionDuration: 3600,
    maxSessionDuration: 43200,
    externalIdMinLength: 2,
    externalIdMaxLength: 1224,
    tagsPerResource: 50,
    tagKeyLength: 128,
    tagValueLength: 256,
} as const;
