/**
 * The only `*` the documents this program builds hold on purpose, each with its reason. Every other
 * value that reaches a Resource, a Principal or an `aws:PrincipalArn` condition is exact: config refuses
 * `*`, `?` and `${` in every value that ends up in an ARN (lib/config, one wildcard rule). The property
 * test tests/config-hostile-properties.test.ts holds every accepted config's documents to this list, and
 * docs/checks.md lists the same entries. A new builder that needs a wildcard adds it here, with why.
 */
export interface IntendedWildcard {
    /** Where the value stands: a statement's Resource, or an `aws:PrincipalArn` condition value of a trust. */
    where: "Resource" | "aws:PrincipalArn";
    /** The Sids of the statements that may hold it (built by this program); absent: any statement. */
    sid?: RegExp;
    /** Only in statements of this effect (a Deny only takes away). */
    effect?: "Allow" | "Deny";
    /** The whole value, with the `*` in its one intended place. */
    value: RegExp;
    why: string;
}

export const INTENDED_WILDCARDS: readonly IntendedWildcard[] = [
    {
        where: "Resource",
        sid: /^(DescribeLogGroupsInRegion|ListBackupsInRegion)$/,
        value: /^\*$/,
        why: 'logs:DescribeLogGroups and dynamodb:ListBackups support only Resource "*"; the statement holds them to the stack\'s region (aws:RequestedRegion)',
    },
    {
        where: "Resource",
        sid: /^ListAllBuckets$/,
        value: /^\*$/,
        why: 's3:ListAllMyBuckets supports only "*"; written only when permissions.s3ListAllBuckets is true',
    },
    {
        where: "Resource",
        sid: /^ReadLogGroups$/,
        value: /^arn:[^*?$]+:log-group:[^*?$]+:\*$/,
        why: "the log streams of a named log group (`<log group ARN>:*`)",
    },
    {
        where: "Resource",
        sid: /^DescribeTableBackups$/,
        value: /^arn:[^*?$]+:table\/[^*?$/]+\/backup\/\*$/,
        why: "the backups of a named table (`<table ARN>/backup/*`)",
    },
    {
        where: "Resource",
        sid: /^(Read|ReadWrite)Objects$/,
        value: /^arn:[^*?$]+:s3:::[^*?$/]+\/[^*?$]*\*$/,
        why: "the objects of a named bucket, under the preset's prefix (`arn:aws:s3:::<bucket>/<prefix>*`)",
    },
    {
        where: "Resource",
        effect: "Deny",
        value: /^[\s\S]*$/,
        why: "a custom Deny statement may name resources with wildcards: it only takes away (an Allow needs permissions.allowWildcardResources)",
    },
    {
        where: "aws:PrincipalArn",
        value: /^arn:[a-z-]+:iam::\d{12}:user\/\*$/,
        why: "a group source: any IAM user of account B (`ArnLike aws:PrincipalArn user/*`; A cannot check group membership), held by the entry's conditions",
    },
];

/** True when `value` at `where` (in a statement with `sid` and `effect`) is one of the intended wildcards. */
export function isIntendedWildcard(where: IntendedWildcard["where"], value: string, statement: { Sid?: string; Effect?: string }): boolean {
    return INTENDED_WILDCARDS.some(
        (w) =>
            w.where === where &&
            (w.sid === undefined || (statement.Sid !== undefined && w.sid.test(statement.Sid))) &&
            (w.effect === undefined || w.effect === statement.Effect) &&
            w.value.test(value),
    );
}
