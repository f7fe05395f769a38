/** ARN builders: the one place an ARN is spelled. Pure. */
export function accountRootArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:root`;
}

export function roleArn(partition: string, accountId: string, path: string, name: string): string {
    return `arn:${partition}:iam::${accountId}:role${path}${name}`;
}

/**
 * A role of one path and name in every account: `arn:<partition>:iam::*:role<path><name>`. Only ever written
 * together with a condition that pins the account to an organization or its units (lib/policies/source-grant.ts,
 * `organizationGrantStatements`): the one documented exception to exact ARNs.
 */
export function roleArnInEveryAccount(partition: string, path: string, name: string): string {
    return `arn:${partition}:iam::*:role${path}${name}`;
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

/**
 * A service's endpoint host in a region, as `kms:ViaService` names it (`s3.eu-west-1.amazonaws.com`;
 * China's partition ends in `amazonaws.com.cn`).
 */
export function serviceEndpoint(partition: string, service: string, region: string): string {
    return `${service}.${region}.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

/** An IAM OIDC provider: its ARN ends in the issuer URL without `https://`. */
export function oidcProviderArn(partition: string, accountId: string, issuer: string): string {
    return `arn:${partition}:iam::${accountId}:oidc-provider/${issuer}`;
}

/** The path IAM Identity Center creates its roles under in every account a permission set is assigned to. */
export const IDENTITY_CENTER_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/";

/** The name IAM Identity Center gives a permission set's role, up to its random suffix: `AWSReservedSSO_<name>_`. */
export function identityCenterRoleNamePrefix(permissionSet: string): string {
    return `AWSReservedSSO_${permissionSet}_`;
}

/**
 * The `ArnLike` patterns of the roles IAM Identity Center creates in an account for one permission set:
 * `.../sso.amazonaws.com/AWSReservedSSO_<name>_*` (instances in us-east-1, and older ones) and
 * `.../sso.amazonaws.com/*\/AWSReservedSSO_<name>_*` (a region segment: `eu-west-1/`). The `_` after the
 * name is what keeps `Admin` from matching the roles of `AdminFull`; the name itself holds no wildcard.
 */
export function identityCenterRolePatterns(partition: string, accountId: string, permissionSet: string): [string, string] {
    const base = `arn:${partition}:iam::${accountId}:role${IDENTITY_CENTER_ROLE_PATH}`;
    const name = `${identityCenterRoleNamePrefix(permissionSet)}*`;
    return [`${base}${name}`, `${base}*/${name}`];
}
