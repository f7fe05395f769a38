/** IAM facts this program depends on: service principals and the IAM quotas checked before deploy. */
/** Service principals a source role can be trusted by (`sources.<key>.service`). */
export const SERVICE_PRINCIPALS = {
    ec2: "ec2.amazonaws.com",
    lambda: "lambda.amazonaws.com",
    "ecs-tasks": "ecs-tasks.amazonaws.com",
} as const;

/**
 * The services whose AssumeRole of a service role carries `aws:SourceAccount` (the account of the
 * function or task it runs for), so a trust can require B's own account: AWS's confused-deputy advice.
 * Lambda and ECS tasks pass it (the ECS task role guide shows it in the trust; Lambda execution roles
 * accept it). EC2 does not: an instance profile's role under that condition could no longer be used, so
 * an EC2 source role is trusted by the service principal alone (IAM roles cannot be passed to another
 * account's instances anyway).
 */
export const SERVICES_WITH_SOURCE_ACCOUNT: ReadonlySet<keyof typeof SERVICE_PRINCIPALS> = new Set(["lambda", "ecs-tasks"]);

/** IAM quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const IAM_LIMITS = {
    roleNameLength: 64,
    /** An inline or managed policy name. */
    policyNameLength: 128,
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
