/**
 * Bad configuration, one rule a case with its exact messages: `sources.<key>` (lib/config/sources.ts): the principals of account B, their names, paths, tags and ARNs.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import { BadCase, Mutable, role } from "../../support/bad-config";

export const SOURCE_CASES: BadCase[] = [
    {
        rule: "a source kind is one of the known kinds",
        change: (c) => (c.sources["log-shipper"].kind = "robot"),
        messages: [
            'sources.log-shipper.kind = "robot": expected one of service-role, oidc-role, sso-permission-set, federated-role, user, group, existing, account-root',
        ],
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
        rule: "a path has no empty segment (IAM refuses //)",
        change: (c) => (c.sources["log-shipper"].path = "//"),
        messages: [
            'sources.log-shipper.path = "//": expected an IAM path of at most 512 characters that starts and ends with "/", without "//", e.g. /cross-account/',
        ],
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
];

const SSM = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
const AGENT_METRICS = { Sid: "PutAgentMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" };
const on = (c: Mutable) => (c.sources["log-shipper"].permissions ??= {});

/** `sources.<key>.permissions`: the guards of a target role's permissions, from the same reader (lib/config/permissions.ts). */
export const SOURCE_PERMISSION_CASES: BadCase[] = [
    {
        rule: "a source's statement may not allow sts:AssumeRole: the grant alone says which roles it assumes",
        change: (c) => (on(c).statements = [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::333333333333:role/elsewhere" }]),
        messages: [
            'sources.log-shipper.permissions.statements[0].Action = "sts:AssumeRole": expected no action that can grant more privilege; sts:AssumeRole can gain more privilege than the role was granted: assumes further roles, and acts with their permissions; set permissions.unsafeAllowPrivilegeEscalation: true to accept that',
        ],
    },
    {
        rule: "a source refuses a broad AWS managed policy",
        change: (c) => (on(c).managedPolicyArns = ["arn:aws:iam::aws:policy/AdministratorAccess"]),
        messages: [
            'sources.log-shipper.permissions.managedPolicyArns[0] = "arn:aws:iam::aws:policy/AdministratorAccess": expected no broad AWS managed policy: AdministratorAccess grants whole services on every resource, so the role could reach far more than it needs (and, through IAM, grant itself anything); set permissions.unsafeAllowPrivilegeEscalation: true to accept that',
        ],
    },
    {
        rule: "a source's Allow statement names its resources: * needs allowWildcardResources",
        change: (c) => (on(c).statements = [AGENT_METRICS]),
        messages: [
            'sources.log-shipper.permissions.statements[0].Resource = "*": expected a resource ARN without * or ?: in an Allow statement IAM reads them as wildcards that match every resource of that shape; name the resources, or set permissions.allowWildcardResources: true for actions that support only "*"',
        ],
    },
    {
        rule: "a source's wildcard action needs allowWildcardActions",
        change: (c) => (on(c).statements = [{ Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::bucket-b/x" }]),
        messages: [
            'sources.log-shipper.permissions.statements[0].Action = "s3:Get*": expected a specific action; wildcard actions (*, s3:*, s3:Get*) need permissions.allowWildcardActions: true',
        ],
    },
    {
        rule: "a user's own permissions are guarded the same way, naming the user",
        change: (c) => {
            c.sources.auditor = {
                kind: "user",
                permissions: { statements: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::222222222222:role/x" }] },
            };
        },
        messages: [
            'sources.auditor.permissions.statements[0].Action = "iam:PassRole": expected no action that can grant more privilege; iam:PassRole can gain more privilege than the user was granted: hands a role to a service, which then acts with that role\'s permissions; set permissions.unsafeAllowPrivilegeEscalation: true to accept that',
        ],
    },
    {
        rule: "source permissions hold managed policies and statements only: a preset is a target role's",
        change: (c) => (on(c).s3Read = { buckets: ["b-bucket"] }),
        messages: [
            "sources.log-shipper.permissions.s3Read: unknown key; expected one of policyName, managedPolicyArns, statements, allowWildcardActions, allowWildcardResources, unsafeAllowPrivilegeEscalation",
            "sources.log-shipper.permissions: grants nothing; expected at least one of managedPolicyArns, statements (or leave permissions out: the AssumeRole grant is written without it)",
        ],
    },
    {
        rule: "an existing principal or account root has no permissions here: B's admins manage those",
        change: (c) => (c.sources.legacy = { kind: "existing", arns: ["arn:aws:iam::222222222222:role/legacy"], permissions: { managedPolicyArns: [SSM] } }),
        messages: ["sources.legacy.permissions: unknown key; expected one of kind, arns, roleSessionName"],
    },
    {
        rule: "a source's own inline policy fits the holder's inline quota (a group: 5120 characters)",
        change: (c) => {
            const statements = Array.from({ length: 42 }, (_, i) => ({
                Sid: `Read${i}`,
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: `arn:aws:s3:::bucket-of-account-b-number-${i}/reports/*`,
            }));
            c.sources.ops = { kind: "group", permissions: { statements, allowWildcardResources: true } };
        },
        messages: [
            "sources.ops.permissions: inline policy is 5226 characters; IAM allows 5120 per group in total, shared with its AssumeRole grant. Move statements into a customer managed policy (managedPolicyArns)",
        ],
    },
    {
        rule: "a source's own statements have unique Sids",
        change: (c) =>
            (on(c).statements = [
                { Sid: "A", Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" },
                { Sid: "A", Effect: "Deny", Action: "s3:PutObject", Resource: "*" },
            ]),
        messages: ["sources.log-shipper.permissions.statements: Sid A used more than once; every Sid in a policy must be unique"],
    },
    {
        rule: "an oidc-role's own statement may not allow sts:AssumeRole either: its grant alone says which roles a CI job reaches",
        change: (c) =>
            (c.sources.deploy = {
                kind: "oidc-role",
                github: { repository: "acme/web-app", branch: "main" },
                permissions: { statements: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::333333333333:role/elsewhere" }] },
            }),
        messages: [
            'sources.deploy.permissions.statements[0].Action = "sts:AssumeRole": expected no action that can grant more privilege; sts:AssumeRole can gain more privilege than the role was granted: assumes further roles, and acts with their permissions; set permissions.unsafeAllowPrivilegeEscalation: true to accept that',
        ],
    },
];

/** `sources.<key>.members`: the users this program puts in a group. */
export const GROUP_MEMBER_CASES: BadCase[] = [
    {
        rule: "a member is an IAM user name",
        change: (c) => (c.sources.developers = { kind: "group", members: ["david smith"] }),
        messages: ['sources.developers.members[0] = "david smith": expected an IAM user name of 1 to 64 characters from [A-Za-z0-9+=,.@_-]'],
    },
    {
        rule: "members are only for groups",
        change: (c) => (c.sources.david = { kind: "user", members: ["erin"] }),
        messages: [
            "sources.david.members: unknown key; expected one of kind, name, path, permissionsBoundary, tags, roleSessionName, grantPolicyName, permissions",
        ],
    },
];
