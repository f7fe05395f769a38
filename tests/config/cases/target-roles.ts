/**
 * Bad configuration, one rule a case with its exact messages: `targetRoles.<name>` (lib/config/target-roles.ts): the roles of account A, their names, paths, sessions, tags, boundary and the sources they name.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import { BadCase, role } from "../../support/bad-config";

export const TARGET_ROLE_CASES: BadCase[] = [
    {
        rule: "a target role name (its key) is at most 64 characters",
        change: (c) => (c.targetRoles = { ["x".repeat(65)]: role(c) }),
        messages: [
            `targetRoles.${"x".repeat(65)}: the key is the role name and is not a valid one (65 characters); expected 1 to 64 characters from [A-Za-z0-9+=,.@_-]`,
        ],
    },
    {
        rule: "a path starts and ends with a slash",
        change: (c) => (role(c).path = "cross-account"),
        messages: [
            'targetRoles.log-reader.path = "cross-account": expected an IAM path of at most 512 characters that starts and ends with "/", without "//", e.g. /cross-account/',
        ],
    },
    {
        rule: "a path is at most 512 characters, and the message says so",
        change: (c) => (role(c).path = `/${"p".repeat(511)}/`),
        messages: [
            `targetRoles.log-reader.path = "/${"p".repeat(115)}...: expected an IAM path of at most 512 characters that starts and ends with "/", without "//", e.g. /cross-account/ (length 513)`,
        ],
    },
    {
        rule: "max session duration is 3600..43200 seconds",
        change: (c) => (role(c).maxSessionDuration = 100),
        messages: ["targetRoles.log-reader.maxSessionDuration = 100: expected an integer from 3600 to 43200 seconds"],
    },
    {
        rule: "max session duration is not above 12 hours",
        change: (c) => (role(c).maxSessionDuration = 50000),
        messages: ["targetRoles.log-reader.maxSessionDuration = 50000: expected an integer from 3600 to 43200 seconds"],
    },
    {
        rule: "the trust mode is principal or principal-arn",
        change: (c) => (role(c).trustMode = "arn"),
        messages: ['targetRoles.log-reader.trustMode = "arn": expected one of principal, principal-arn'],
    },
    {
        rule: "trusted sources name configured sources",
        change: (c) => (role(c).trustedSources = ["nope"]),
        messages: ['targetRoles.log-reader.trustedSources[0] = "nope": expected one of the keys of sources (log-shipper)'],
    },
    {
        rule: "a role trusts at least one source",
        change: (c) => (role(c).trustedSources = []),
        messages: ["targetRoles.log-reader.trustedSources = []: expected a non-empty list of source keys, or of { source: <key>, ...conditions }"],
    },
    {
        rule: "a permissions boundary is a policy ARN",
        change: (c) => (role(c).permissionsBoundary = "boundary"),
        messages: ['targetRoles.log-reader.permissionsBoundary = "boundary": expected an IAM policy ARN such as arn:aws:iam::123456789012:policy/boundary'],
    },
    {
        rule: "tags keep to IAM's key and value lengths",
        change: (c) => (role(c).tags = { team: "v".repeat(257) }),
        messages: [`targetRoles.log-reader.tags.team = "${"v".repeat(116)}...: expected a tag value of at most 256 letters, digits, spaces or _.:/=+-@`],
    },
];

/** The `pulumi config set --path` trap, as the program sees it under pulumi up (the merged config only). */
export const SHARED_KEY_CASES: BadCase[] = [
    {
        rule: "a role left with settings but neither trustedSources nor permissions names the trap as the likely cause",
        change: (c) => (c.targetRoles = { "log-reader": { maxSessionDuration: 7200 } }),
        stack: "account-a",
        messages: [
            "targetRoles.log-reader.trustedSources: not set; expected a list of source keys (from `sources`) that may assume this role; targetRoles.log-reader sets only maxSessionDuration: if that was set with `pulumi config set --path`, it went into the stack file, whose targetRoles replaces the whole of Pulumi.yaml's; edit targetRoles in Pulumi.yaml instead (docs/deploy.md#where-configuration-lives)",
            "targetRoles.log-reader.permissions: not set; expected at least one of logsRead, dynamodbBackup, s3ListAllBuckets, s3Read, s3ReadWrite, managedPolicyArns, statements",
        ],
    },
];
