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
