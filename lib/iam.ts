/**
 * IAM vocabulary shared by every builder: policy document types, ARN builders and the
 * IAM quotas we check before anything reaches AWS. Pure; no Pulumi resources.
 */

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: { AWS?: string | string[]; Service?: string | string[] } | "*";
    Action: string | string[];
    Resource?: string | string[];
    Condition?: ConditionBlock;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

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

/** Role, user and instance profile names: `[\w+=,.@-]`. */
export const IAM_NAME_PATTERN = /^[\w+=,.@-]+$/;
/** A path is `/` or `/segments/` of printable ASCII (0x21-0x7E); IAM refuses `//`. */
export const IAM_PATH_PATTERN = /^\/(?:[\x21-\x7E]+\/)?$/;
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]+$/;
export const ORG_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
export const POLICY_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:iam::(?:aws|\d{12}):policy\/[\w+=,.@/-]+$/;
/**
 * An exact role or user ARN: path segments of printable ASCII, an IAM name, and no `*` or `?`
 * anywhere (in a trust policy or an `aws:PrincipalArn` ArnEquals condition a wildcard would match
 * every principal of that shape).
 */
export const PRINCIPAL_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):(role|user)((?:\/[\x21-\x29\x2B-\x2E\x30-\x3E\x40-\x7E]+)*\/[\w+=,.@-]+)$/;
/** IAM tag keys and values: letters, digits, white space and `_ . : / = + - @` (values may be empty). */
export const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
export const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;

/** Size of a policy as IAM counts it: the JSON text without white space outside strings. */
export function policySize(doc: PolicyDocument): number {
    return JSON.stringify(doc).length;
}

export function accountRootArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:root`;
}

export function roleArn(partition: string, accountId: string, path: string, name: string): string {
    return `arn:${partition}:iam::${accountId}:role${path}${name}`;
}

export function userArn(partition: string, accountId: string, path: string, name: string): string {
    return `arn:${partition}:iam::${accountId}:user${path}${name}`;
}

export function logGroupArn(partition: string, region: string, accountId: string, name: string): string {
    return `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`;
}

export function dynamodbTableArn(partition: string, region: string, accountId: string, table: string): string {
    return `arn:${partition}:dynamodb:${region}:${accountId}:table/${table}`;
}

export function s3BucketArn(partition: string, bucket: string): string {
    return `arn:${partition}:s3:::${bucket}`;
}

/** Turns a config key such as `log-reader` into an IAM Sid fragment (letters and digits only). */
export function sidFragment(text: string): string {
    return text
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w.length > 0)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join("");
}
