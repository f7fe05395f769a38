/**
 * Bad configuration, one rule a case with its exact messages: `targetRoles.<name>.permissions` (lib/config/permissions.ts, and the log groups several roles create, lib/config/rules.ts): presets, managed policies, custom statements.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import { BadCase, Mutable, role } from "../../support/bad-config";

export const PERMISSION_CASES: BadCase[] = [
    {
        rule: "a role grants something",
        change: (c) => (role(c).permissions = {}),
        messages: [
            "targetRoles.log-reader.permissions: grants nothing; expected at least one of logsRead, dynamodbBackup, s3ListAllBuckets: true, s3Read, s3ReadWrite, managedPolicyArns, statements",
        ],
    },
    {
        rule: "bucket names follow S3 rules",
        change: (c) => (role(c).permissions = { s3Read: { buckets: ["My_Bucket"] } }),
        messages: [
            'targetRoles.log-reader.permissions.s3Read.buckets[0] = "My_Bucket": expected an S3 bucket name (3 to 63 characters: lowercase letters, digits, dots, hyphens)',
        ],
    },
    {
        rule: "an S3 prefix has no leading slash",
        change: (c) => (role(c).permissions = { s3Read: { buckets: ["reports"], prefix: "/daily/" } }),
        messages: [
            'targetRoles.log-reader.permissions.s3Read.prefix = "/daily/": expected a key prefix ending in "/" such as "reports/" (no leading "/", no wildcards; without the "/", "reports" would also grant "reports-old/")',
        ],
    },
    {
        rule: "an S3 prefix ends in a slash, so daily never also grants daily-secret/",
        change: (c) => (role(c).permissions = { s3ReadWrite: { buckets: ["reports"], prefix: "daily" } }),
        messages: [
            'targetRoles.log-reader.permissions.s3ReadWrite.prefix = "daily": expected a key prefix ending in "/" such as "reports/" (no leading "/", no wildcards; without the "/", "reports" would also grant "reports-old/")',
        ],
    },
    {
        rule: "an S3 prefix has no wildcard anywhere",
        change: (c) => (role(c).permissions = { s3Read: { buckets: ["reports"], prefix: "a*/" } }),
        messages: [
            `targetRoles.log-reader.permissions.s3Read.prefix = "a*/": expected no * or ?: it is part of the object ARNs and the s3:prefix condition in the role's permissions, where IAM reads them as wildcards that match other keys`,
        ],
    },
    {
        rule: "log retention is one CloudWatch accepts",
        change: (c) => (role(c).permissions.logsRead = { logGroups: ["/app/cron"], create: true, retentionInDays: 10 }),
        messages: [
            "targetRoles.log-reader.permissions.logsRead.retentionInDays = 10: expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (days)",
        ],
    },
    {
        rule: "custom statements need Effect, Action and Resource",
        change: (c) => (role(c).permissions = { statements: [{ Action: "s3:GetObject" }] }),
        messages: [
            'targetRoles.log-reader.permissions.statements[0].Effect: not set; expected "Allow" or "Deny"',
            'targetRoles.log-reader.permissions.statements[0].Resource: not set; expected a resource ARN, or "*" or a list of them',
        ],
    },
    {
        rule: "custom statements may not use wildcard actions unless allowed",
        change: (c) => (role(c).permissions.statements = [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::reports" }]),
        messages: [
            'targetRoles.log-reader.permissions.statements[0].Action = "s3:*": expected a specific action; wildcard actions (*, s3:*, s3:Get*) need permissions.allowWildcardActions: true',
            'targetRoles.log-reader.permissions.statements[0].Action = "s3:*": expected no action that can grant more privilege; s3:* includes s3:AssociateAccessGrantsIdentityCenter, s3:BypassGovernanceRetention, s3:CreateAccessGrant and 24 more, through which a role can gain more privilege than it was granted; set permissions.unsafeAllowPrivilegeEscalation: true to accept that',
        ],
    },
    {
        rule: "a partial wildcard action (s3:Get*, iam:Pass?ole) is a wildcard too",
        change: (c) =>
            (role(c).permissions.statements = [
                { Effect: "Allow", Action: ["s3:Get*", "iam:Pass?ole", "s3:GetObject"], Resource: "arn:aws:s3:::reports/daily.csv" },
            ]),
        messages: [
            'targetRoles.log-reader.permissions.statements[0].Action = "s3:Get*": expected a specific action; wildcard actions (*, s3:*, s3:Get*) need permissions.allowWildcardActions: true',
            'targetRoles.log-reader.permissions.statements[0].Action = "iam:Pass?ole": expected a specific action; wildcard actions (*, s3:*, s3:Get*) need permissions.allowWildcardActions: true',
            'targetRoles.log-reader.permissions.statements[0].Action = "iam:Pass?ole": expected no action that can grant more privilege; iam:Pass?ole includes iam:PassRole, through which a role can gain more privilege than it was granted; set permissions.unsafeAllowPrivilegeEscalation: true to accept that',
        ],
    },
    {
        rule: "managed policies are policy ARNs",
        change: (c) => (role(c).permissions.managedPolicyArns = ["ReadOnlyAccess"]),
        messages: [
            'targetRoles.log-reader.permissions.managedPolicyArns[0] = "ReadOnlyAccess": expected an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess',
        ],
    },
    {
        rule: "two created log groups may not share a Pulumi resource name",
        change: (c) => {
            role(c).permissions.logsRead = { logGroups: ["/app/cron", "/app.cron"], create: true };
        },
        messages: [
            "targetRoles.log-reader.permissions.logsRead.logGroups: log groups /app/cron (role log-reader) and /app.cron would both be created as Pulumi resource log-group-app-cron; rename one, or create one of them outside this program (create: false)",
        ],
    },
    {
        rule: "roles that create the same log group agree on its retention",
        change: (c) => {
            role(c).permissions.logsRead = { logGroups: ["/app/cron"], create: true, retentionInDays: 30 };
            c.targetRoles["log-auditor"] = { trustedSources: ["log-shipper"], permissions: { logsRead: { logGroups: ["/app/cron"], create: true } } };
        },
        messages: [
            "targetRoles.log-auditor.permissions.logsRead.retentionInDays: log group /app/cron is created once, but role log-reader asks for 30 days and role log-auditor for never expire; give both the same retentionInDays",
        ],
    },
];

const set = (c: Mutable, arn: string) => (c.targetRoles["log-reader"].permissions = { s3Read: { buckets: ["reports-a"], kmsKeyArns: [arn] } });
const KEY_PATH = "targetRoles.log-reader.permissions.s3Read.kmsKeyArns[0]";
const EXPECTED = "a KMS key ARN such as arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab (not an alias)";

/** `s3Read.kmsKeyArns` / `s3ReadWrite.kmsKeyArns`: only exact keys of account A. */
export const KMS_KEY_CASES: BadCase[] = [
    {
        rule: "an alias is not a key: IAM does not match aliases against Resource",
        change: (c) => set(c, "arn:aws:kms:eu-west-1:111111111111:alias/reports"),
        messages: [`${KEY_PATH} = "arn:aws:kms:eu-west-1:111111111111:alias/reports": expected ${EXPECTED}`],
        stack: "account-a",
    },
    {
        rule: "a wildcard key would match every key of the account",
        change: (c) => set(c, "arn:aws:kms:eu-west-1:111111111111:key/*"),
        messages: [
            `${KEY_PATH} = "arn:aws:kms:eu-west-1:111111111111:key/*": expected no * or ?: it is the Resource of the role's kms statement, where IAM reads them as wildcards that match other keys`,
        ],
        stack: "account-a",
    },
    {
        rule: "a key of another account also needs its key policy changed, which this program does not do",
        change: (c) => set(c, "arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        messages: [
            `${KEY_PATH} = "arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab": expected a key of targetAccountId 111111111111; a key of another account also needs its key policy to name the role, which this program does not write`,
        ],
        stack: "account-a",
    },
    {
        rule: "a key of another partition",
        change: (c) => set(c, "arn:aws-cn:kms:cn-north-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        messages: [`${KEY_PATH} = "arn:aws-cn:kms:cn-north-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab": expected a key ARN in partition aws`],
        stack: "account-a",
    },
];

const STATEMENT = { Sid: "ReadReports", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports-of-b/daily.csv" };

/** `permissions.policyName` and `sources.<key>.grantPolicyName`: refused when IAM would refuse them or keep only one. */
export const POLICY_NAME_CASES: BadCase[] = [
    {
        rule: "a policy name uses the characters IAM allows",
        change: (c) => (c.targetRoles["log-reader"].permissions.policyName = "S3 Read Policy"),
        messages: [
            'targetRoles.log-reader.permissions.policyName = "S3 Read Policy": expected an IAM policy name of 1 to 128 characters from [A-Za-z0-9+=,.@_-]',
        ],
    },
    {
        rule: "a policy name has at most 128 characters",
        change: (c) => (c.sources["log-shipper"].grantPolicyName = "g".repeat(129)),
        messages: [
            `sources.log-shipper.grantPolicyName = "${"g".repeat(116)}...: expected an IAM policy name of 1 to 128 characters from [A-Za-z0-9+=,.@_-] (length 129)`,
        ],
    },
    {
        rule: "a source's own inline policy may not take its grant's name, even in another case: IAM keeps one inline policy per name",
        change: (c) => {
            c.sources["log-shipper"].grantPolicyName = "S3ReadPolicy";
            c.sources["log-shipper"].permissions = { policyName: "s3readpolicy", statements: [STATEMENT] };
        },
        messages: [
            'sources.log-shipper.permissions.policyName = "s3readpolicy": expected a name other than the grant\'s (grantPolicyName S3ReadPolicy): both are inline policies of the role, and IAM keeps one inline policy per name, so one would replace the other',
        ],
    },
    {
        rule: "a source's own inline policy may not be named assume-target-roles while the grant keeps that default name",
        change: (c) => (c.sources.operator = { kind: "user", permissions: { policyName: "assume-target-roles", statements: [STATEMENT] } }),
        messages: [
            'sources.operator.permissions.policyName = "assume-target-roles": expected a name other than the grant\'s (grantPolicyName assume-target-roles): both are inline policies of the user, and IAM keeps one inline policy per name, so one would replace the other',
        ],
    },
    {
        rule: "a name alone grants nothing",
        change: (c) => (c.sources["log-shipper"].permissions = { policyName: "S3ReadPolicy" }),
        messages: [
            "sources.log-shipper.permissions: grants nothing; expected at least one of managedPolicyArns, statements (or leave permissions out: the AssumeRole grant is written without it)",
        ],
    },
];
