/**
 * Config validation: every rule, with a bad value and its exact message. Each case is checked
 * twice: purely (validateConfig) and through the real program under mocks, which must fail with
 * the same lines and declare no AWS resource.
 */
import { strict as assert } from "assert";
import { parseConfig, validateConfig } from "../lib/config/read";
import { STACK_SIDES } from "../lib/names";
import { ConfigError } from "../lib/errors";
import { PROJECT, awsResources, baseConfig, flatten, render } from "./harness";

type Mutable = Record<string, any>;

const role = (c: Mutable) => c.targetRoles["log-reader"];

interface BadCase {
    rule: string;
    change: (c: Mutable) => void;
    messages: string[];
    stack?: string;
    /** Config keys Pulumi holds as secrets. @default not told (validateConfig), externalIds (render) */
    secretKeys?: string[];
}

const cases: BadCase[] = [
    {
        rule: "account ids are 12 digits",
        change: (c) => (c.sourceAccountId = "12345"),
        messages: ['sourceAccountId = "12345": expected a 12-digit AWS account id'],
    },
    {
        rule: "the target account id is required",
        change: (c) => delete c.targetAccountId,
        messages: ["targetAccountId: not set; expected a 12-digit AWS account id (`pulumi config set targetAccountId 123456789012`)"],
    },
    {
        rule: "the two accounts differ",
        change: (c) => (c.targetAccountId = c.sourceAccountId),
        messages: ['targetAccountId = "222222222222": expected an account other than sourceAccountId (this program wires two different accounts)'],
    },
    {
        rule: "a region is required",
        change: (c) => delete c["aws:region"],
        messages: ["aws:region: not set; expected an AWS region such as eu-west-1 (`pulumi config set aws:region eu-west-1`)"],
    },
    {
        rule: "the region looks like a region",
        change: (c) => (c["aws:region"] = "Ireland"),
        messages: ['aws:region = "Ireland": expected an AWS region such as eu-west-1'],
    },
    {
        rule: "aws:allowedAccountIds includes the account the stack deploys into",
        change: (c) => (c["aws:allowedAccountIds"] = ["111111111111"]),
        messages: [
            'aws:allowedAccountIds = ["111111111111"]: expected a list that includes sourceAccountId 222222222222, the account this source stack deploys into',
        ],
    },
    {
        rule: "unknown keys in the project namespace are reported with the key they likely misspell",
        change: (c) => (c.targetRole = {}),
        messages: [
            'targetRole: unknown key in namespace "cross-account-iam" (did you mean targetRoles?); expected one of side, sourceAccountId, targetAccountId, partition, sourceStack, sources, targetRoles, externalIds, trustPolicySizeLimit, managedPoliciesPerRoleLimit',
        ],
    },
    {
        rule: "side is one of source, target",
        change: (c) => (c.side = "both"),
        messages: ['side = "both": expected one of source, target'],
        stack: "prod-b",
    },
    {
        rule: "side must not contradict the stack name",
        change: (c) => (c.side = "target"),
        messages: ['side = "target": expected "source" for stack account-b, or a stack name other than account-a/account-b'],
    },
    {
        rule: "a source kind is one of the known kinds",
        change: (c) => (c.sources["log-shipper"].kind = "robot"),
        messages: ['sources.log-shipper.kind = "robot": expected one of service-role, user, group, existing, account-root'],
    },
    {
        rule: "a service role's service is ec2, lambda or ecs-tasks",
        change: (c) => (c.sources["log-shipper"].service = "batch"),
        messages: ['sources.log-shipper.service = "batch": expected one of ec2, lambda, ecs-tasks'],
    },
    {
        rule: "a source role name is at most 64 characters",
        change: (c) => (c.sources["log-shipper"].name = "r".repeat(65)),
        messages: [`sources.log-shipper.name = "${"r".repeat(65)}": expected an IAM name of 1 to 64 characters from [A-Za-z0-9+=,.@_-] (length 65)`],
    },
    {
        rule: "a source name uses the IAM name charset",
        change: (c) => (c.sources["log-shipper"].name = "log shipper"),
        messages: ['sources.log-shipper.name = "log shipper": expected an IAM name of 1 to 64 characters from [A-Za-z0-9+=,.@_-]'],
    },
    {
        rule: "an existing principal is a role or user ARN of account B",
        change: (c) => (c.sources.ci = { kind: "existing", arns: ["arn:aws:iam::333333333333:role/ci"] }),
        messages: ['sources.ci.arns[0] = "arn:aws:iam::333333333333:role/ci": expected a principal of sourceAccountId 222222222222'],
    },
    {
        rule: "unknown keys inside a source are reported with the key they likely misspell",
        change: (c) => (c.sources["log-shipper"].sevice = "ec2"),
        messages: [
            "sources.log-shipper.sevice: unknown key (did you mean service?); expected one of kind, service, name, path, description, permissionsBoundary, tags, roleSessionName, grantPolicyName, permissions",
        ],
    },
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
        rule: "a path has no empty segment (IAM refuses //)",
        change: (c) => (c.sources["log-shipper"].path = "//"),
        messages: [
            'sources.log-shipper.path = "//": expected an IAM path of at most 512 characters that starts and ends with "/", without "//", e.g. /cross-account/',
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
        rule: "an ExternalId requirement needs the secret value",
        change: (c) => (role(c).trustedSources = [{ source: "log-shipper", externalId: true }]),
        messages: [
            "externalIds.log-reader: not set, but a trusted source of role log-reader requires an ExternalId; set it with `pulumi config set --secret --path 'externalIds.log-reader' <value>`",
        ],
        stack: "account-a",
    },
    {
        rule: "an ExternalId is 2..1224 characters and is never printed",
        change: (c) => {
            role(c).trustedSources = [{ source: "log-shipper", externalId: true }];
            c.externalIds = { "log-reader": "x" };
        },
        messages: ["externalIds.log-reader = [secret, 1 character]: expected an ExternalId of 2 to 1224 characters from [A-Za-z0-9+=,.@:/_-]"],
    },
    {
        rule: "an ExternalId uses the STS charset and is never printed",
        change: (c) => {
            role(c).trustedSources = [{ source: "log-shipper", externalId: true }];
            c.externalIds = { "log-reader": "top secret!" };
        },
        messages: ["externalIds.log-reader = [secret, 11 characters]: expected an ExternalId of 2 to 1224 characters from [A-Za-z0-9+=,.@:/_-]"],
    },
    {
        rule: "an ExternalId no trust requires is refused (it would be sent for nothing)",
        change: (c) => (c.externalIds = { "log-reader": "abc123" }),
        messages: ["externalIds.log-reader: set, but no trusted source of role log-reader has externalId: true, so the trust policy would never require it"],
    },
    {
        rule: "MFA age is positive",
        change: (c) => (role(c).trustedSources = [{ source: "log-shipper", mfa: { maxAgeSeconds: 0 } }]),
        messages: ["targetRoles.log-reader.trustedSources[0].mfa.maxAgeSeconds = 0: expected an integer from 1 to 129600 seconds"],
    },
    {
        rule: "an organization id looks like o-xxxxxxxxxx",
        change: (c) => (role(c).trustConditions = { principalOrgId: "my-org" }),
        messages: ['targetRoles.log-reader.trustConditions.principalOrgId = "my-org": expected an AWS Organizations id such as o-a1b2c3d4e5'],
    },
    {
        rule: "trusting account B's root needs ExternalId, MFA or an organization condition",
        change: (c) => {
            c.sources.ops = { kind: "account-root" };
            role(c).trustedSources = ["ops"];
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0]: account-root source ops trusts every principal that account B's admins allow; add externalId: true or mfa: true, or set unsafeAllowUnconditionalAccountTrust: true to accept that",
        ],
    },
    {
        rule: "trusting a group (through B's root) needs a condition too",
        change: (c) => {
            c.sources.developers = { kind: "group" };
            role(c).trustedSources = ["developers"];
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0]: group developers (a group cannot be a principal, so account B's root is trusted) trusts every principal that account B's admins allow; add externalId: true or mfa: true, or set unsafeAllowUnconditionalAccountTrust: true to accept that",
        ],
    },
    {
        rule: "the unconditional-trust opt-out only applies to root and group sources",
        change: (c) => (role(c).trustedSources = [{ source: "log-shipper", unsafeAllowUnconditionalAccountTrust: true }]),
        messages: [
            "targetRoles.log-reader.trustedSources[0].unsafeAllowUnconditionalAccountTrust = true: expected not set: it only applies to account-root and group sources, and log-shipper is a service-role",
        ],
    },
    {
        rule: "trust mode principal-arn cannot name the account root",
        change: (c) => {
            c.sources.ops = { kind: "account-root" };
            role(c).trustMode = "principal-arn";
            role(c).trustedSources = [{ source: "ops", externalId: true }];
            c.externalIds = { "log-reader": "abc123" };
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0]: source ops is the account root, which has no principal ARN to name in an aws:PrincipalArn condition; use trustMode: principal for this role, or trust a role/user source",
        ],
    },
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
        rule: "a permissions boundary is a policy ARN",
        change: (c) => (role(c).permissionsBoundary = "boundary"),
        messages: ['targetRoles.log-reader.permissionsBoundary = "boundary": expected an IAM policy ARN such as arn:aws:iam::123456789012:policy/boundary'],
    },
    {
        rule: "managed policies per role stay within the quota",
        change: (c) => (role(c).permissions.managedPolicyArns = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`)),
        messages: [
            "targetRoles.log-reader.permissions.managedPolicyArns: 11 policies; the limit is 10 per role (managedPoliciesPerRoleLimit; IAM's default is 10, raisable to 20)",
        ],
    },
    {
        rule: "the trust policy size limit is at most 4096",
        change: (c) => (c.trustPolicySizeLimit = 5000),
        messages: ['trustPolicySizeLimit = "5000": expected an integer from 1 to 4096 characters'],
    },
    {
        rule: "the trust policy fits the ACLSizePerRole quota",
        change: (c) => {
            c.sources = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`job-${i}`, { kind: "user", path: "/batch/jobs/" }]));
            role(c).trustedSources = Object.keys(c.sources).map((source, i) => ({ source, mfa: { maxAgeSeconds: 600 + i } }));
        },
        messages: [
            "targetRoles.log-reader: trust policy is 7758 characters; the limit is 2048 (trustPolicySizeLimit; IAM's default ACLSizePerRole quota is 2048, raisable to 4096). Trust fewer sources, give them identical conditions so they share a statement, or raise the quota and trustPolicySizeLimit",
        ],
    },
    {
        rule: "tags keep to IAM's key and value lengths",
        change: (c) => (role(c).tags = { team: "v".repeat(257) }),
        messages: [`targetRoles.log-reader.tags.team = "${"v".repeat(116)}...: expected a tag value of at most 256 letters, digits, spaces or _.:/=+-@`],
    },
    {
        rule: "tag keys and values keep to IAM's characters",
        change: (c) => (c.sources["log-shipper"].tags = { "cost#centre": "42", owner: "ops;dev" }),
        messages: [
            'sources.log-shipper.tags["cost#centre"] = "cost#centre": expected a tag key of 1 to 128 letters, digits, spaces or _.:/=+-@, not starting with "aws:"',
            'sources.log-shipper.tags.owner = "ops;dev": expected a tag value of at most 256 letters, digits, spaces or _.:/=+-@',
        ],
    },
    {
        rule: "an existing principal ARN is exact: a wildcard would trust every matching role of B",
        change: (c) => {
            c.sources.ci = { kind: "existing", arns: ["arn:aws:iam::222222222222:role/*", "arn:aws:iam::222222222222:user/ci-?"] };
            role(c).trustedSources = ["ci"];
            role(c).trustMode = "principal-arn";
        },
        messages: [
            `sources.ci.arns[0] = "arn:aws:iam::222222222222:role/*": expected no * or ?: account A's trust policy names it, and IAM reads them as wildcards that trust every matching principal`,
            `sources.ci.arns[1] = "arn:aws:iam::222222222222:user/ci-?": expected no * or ?: account A's trust policy names it, and IAM reads them as wildcards that trust every matching principal`,
        ],
    },
    {
        rule: "a service role is never asked for MFA (its sessions cannot carry it)",
        change: (c) => (role(c).trustedSources = [{ source: "log-shipper", mfa: true }]),
        messages: [
            "targetRoles.log-reader.trustedSources[0].mfa: source log-shipper is a service-role (ec2): an AWS service's session never carries MFA, so this trust could never be met; write { source: log-shipper, mfa: false } here, and require MFA from people (user, group or existing sources)",
        ],
    },
    {
        rule: "role-wide MFA is not inherited by a service role silently",
        change: (c) => {
            c.sources.alice = { kind: "user" };
            role(c).trustConditions = { mfa: true };
            role(c).trustedSources = ["log-shipper", "alice"];
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0]: source log-shipper is a service-role (ec2): an AWS service's session never carries MFA, so this trust could never be met (mfa is inherited from targetRoles.log-reader.trustConditions); write { source: log-shipper, mfa: false } here, and require MFA from people (user, group or existing sources)",
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
    {
        rule: "an ExternalId is at most 1224 characters, and is never printed",
        stack: "account-a",
        change: (c) => {
            role(c).trustedSources = [{ source: "log-shipper", externalId: true }];
            c.externalIds = { "log-reader": "e".repeat(1225) };
        },
        messages: ["externalIds.log-reader = [secret, 1225 characters]: expected an ExternalId of 2 to 1224 characters from [A-Za-z0-9+=,.@:/_-]"],
    },
    {
        rule: "a role's inline permission policy fits IAM's 10240 characters",
        stack: "account-a",
        change: (c) => (role(c).permissions.logsRead.logGroups = Array.from({ length: 120 }, (_, i) => `/app/some-rather-long-log-group-name-${i}`)),
        messages: [
            "targetRoles.log-reader.permissions: inline policy is 21719 characters; IAM allows 10240 per role in total. Move statements into a customer managed policy (managedPolicyArns)",
        ],
    },
    {
        rule: "an ExternalId stored in plain text (not pulumi config set --secret) is refused",
        stack: "account-a",
        secretKeys: [],
        change: (c) => {
            role(c).trustedSources = [{ source: "log-shipper", externalId: true }];
            c.externalIds = { "log-reader": "c0ffee-42" };
        },
        messages: [
            "externalIds.log-reader: stored in plain text in the stack's config; an ExternalId must be a Pulumi secret: `pulumi config set --secret --path 'externalIds.log-reader' <value>`",
        ],
    },
];

describe("config validation", () => {
    it("accepts the base configuration", () => {
        assert.deepEqual(validateConfig(flatten(baseConfig()), { project: PROJECT, stack: "account-b", organization: "o" }), []);
    });

    it(`has at least 25 bad-config cases (${cases.length})`, () => assert.ok(cases.length >= 25));

    for (const c of cases) {
        it(`rejects: ${c.rule}`, async () => {
            const config = baseConfig();
            c.change(config);
            const stack = c.stack ?? "account-b";
            assert.deepEqual(validateConfig(flatten(config), { project: PROJECT, stack, organization: "organization", secretKeys: c.secretKeys }), c.messages);
            // The real program fails the same way, before declaring anything.
            const result = await render(config, { stack, secretKeys: c.secretKeys });
            assert.ok(ConfigError.isConfigError(result.error), `expected a ConfigError, got ${String(result.error)}`);
            assert.deepEqual(result.error.problems, c.messages);
            assert.deepEqual(awsResources(result), []);
        });
    }

    it("does not ask account B for the ExternalId: only account A's trust policy holds it", () => {
        const config = baseConfig() as any;
        role(config).trustedSources = [{ source: "log-shipper", externalId: true }];
        assert.deepEqual(validateConfig(flatten(config), { project: PROJECT, stack: "account-b", organization: "o" }), []);
    });

    it("reports every problem at once, one line each", () => {
        const config = baseConfig();
        config.sourceAccountId = "1";
        role(config).maxSessionDuration = 1;
        role(config).path = "x";
        const problems = validateConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "o" });
        assert.equal(problems.length, 3);
        assert.ok(problems.every((p) => !p.includes("\n")));
    });

    it("prints one line per problem without a stack trace (ConfigError is a Pulumi RunError)", () => {
        const config = baseConfig();
        config.sourceAccountId = "1";
        try {
            parseConfig(flatten(config), { project: PROJECT, stack: "account-b", organization: "o" });
            assert.fail("expected a ConfigError");
        } catch (e) {
            assert.ok(ConfigError.isConfigError(e));
            assert.equal(e.message, 'invalid configuration (1 problem):\n  - sourceAccountId = "1": expected a 12-digit AWS account id');
            // RunError tells `pulumi up` to print the message only.
            assert.equal((e as unknown as { __pulumiRunError: boolean }).__pulumiRunError, true);
        }
    });
});

describe("side selection", () => {
    const ctx = (stack: string) => ({ project: PROJECT, stack, organization: "o" });
    it("account-a is the target side and account-b the source side", () => {
        assert.deepEqual(STACK_SIDES, { "account-a": "target", "account-b": "source" });
        assert.equal(parseConfig(flatten(baseConfig()), ctx("account-a")).side, "target");
        assert.equal(parseConfig(flatten(baseConfig()), ctx("account-b")).side, "source");
    });
    it("any other stack name takes its side from config", () => {
        assert.equal(parseConfig(flatten({ ...baseConfig(), side: "target" }), ctx("prod-a")).side, "target");
        assert.equal(parseConfig(flatten({ ...baseConfig(), side: "source" }), ctx("staging-b")).side, "source");
    });
    it("any other stack name without side is a clear error", () => {
        assert.deepEqual(validateConfig(flatten(baseConfig()), ctx("prod")), [
            'side: not set and stack "prod" is neither account-a nor account-b; set it with `pulumi config set side source` (account B) or `target` (account A)',
        ]);
    });
    it("the peer stack defaults to <org>/<project>/account-b and is configurable", () => {
        assert.equal(parseConfig(flatten(baseConfig()), ctx("account-a")).sourceStack, "o/cross-account-iam/account-b");
        assert.equal(parseConfig(flatten({ ...baseConfig(), sourceStack: "acme/iam/prod-b" }), ctx("account-a")).sourceStack, "acme/iam/prod-b");
    });
});
