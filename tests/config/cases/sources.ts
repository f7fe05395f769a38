/**
 * Bad configuration, one rule a case with its exact messages: `sources.<key>` (lib/config/sources.ts): the principals of account B, their names, paths, tags and ARNs.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import { BadCase, role } from "../../support/bad-config";

export const SOURCE_CASES: BadCase[] = [
    {
        rule: "a source kind is one of the known kinds",
        change: (c) => (c.sources["log-shipper"].kind = "robot"),
        messages: ['sources.log-shipper.kind = "robot": expected one of service-role, oidc-role, user, group, existing, account-root'],
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
        rule: "unknown keys inside a source are reported",
        change: (c) => (c.sources["log-shipper"].sevice = "ec2"),
        messages: [
            "sources.log-shipper.sevice: unknown key; expected one of kind, service, name, path, description, permissionsBoundary, tags, roleSessionName",
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
