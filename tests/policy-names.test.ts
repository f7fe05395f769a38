/**
 * Inline policy names a user chooses (the seeds name theirs, `S3ReadPolicy`): a target role's
 * `permissions.policyName`, a source's `grantPolicyName` and `permissions.policyName`. Only the IAM name
 * changes; Pulumi's logical names stay, so renaming is an update in place, not a new resource.
 */
import { strict as assert } from "assert";
import { baseConfig, render, renderBoth, resource } from "./harness";
import { Mutable, problemsOf, rejectsEach } from "./support/bad-config";

const STATEMENT = { Sid: "ReadReports", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports-of-b/daily.csv" };

describe("policy names: what IAM and the console call the inline policies", () => {
    it("a target role's inline policy is named permissions.policyName; the logical name stays", async () => {
        const c: Mutable = baseConfig();
        c.targetRoles["log-reader"].permissions.policyName = "LogsReadPolicy";
        const { a } = await renderBoth(c);
        assert.equal(resource(a, "aws:iam/rolePolicy:RolePolicy", "log-reader-permissions").inputs.name, "LogsReadPolicy");
    });

    it("a source's grant is named grantPolicyName and its own inline policy permissions.policyName", async () => {
        const c: Mutable = baseConfig();
        c.sources["log-shipper"].grantPolicyName = "AssumeLogReader";
        c.sources["log-shipper"].permissions = { policyName: "S3ReadPolicy", statements: [STATEMENT] };
        const { b } = await renderBoth(c);
        assert.equal(resource(b, "aws:iam/rolePolicy:RolePolicy", "log-shipper-assume-target-roles").inputs.name, "AssumeLogReader");
        assert.equal(resource(b, "aws:iam/rolePolicy:RolePolicy", "log-shipper-permissions").inputs.name, "S3ReadPolicy");
    });

    it("without them the names stay permissions and assume-target-roles", async () => {
        const c: Mutable = baseConfig();
        c.sources["log-shipper"].permissions = { statements: [STATEMENT] };
        const { a, b } = await renderBoth(c);
        assert.equal(resource(a, "aws:iam/rolePolicy:RolePolicy", "log-reader-permissions").inputs.name, "permissions");
        assert.equal(resource(b, "aws:iam/rolePolicy:RolePolicy", "log-shipper-assume-target-roles").inputs.name, "assume-target-roles");
        assert.equal(resource(b, "aws:iam/rolePolicy:RolePolicy", "log-shipper-permissions").inputs.name, "permissions");
    });

    it("a grant split into customer managed policies names them <principal>-<grantPolicyName>-<n>", async () => {
        const c: Mutable = baseConfig();
        const PATH = `/${"p".repeat(198)}/`;
        c.sources = { operator: { kind: "user", grantPolicyName: "AssumeAudit" } };
        c.targetRoles = {};
        for (let i = 1; i <= 10; i++) c.targetRoles[`r-${i}`] = { path: PATH, trustedSources: ["operator"], permissions: { s3ListAllBuckets: true } };
        const b = await render(c, { stack: "account-b" });
        assert.equal(b.error, undefined);
        assert.deepEqual(
            b.resources.filter((r) => r.type === "aws:iam/policy:Policy").map((r) => [r.name, r.inputs.name]),
            [["operator-assume-target-roles-1", "operator-AssumeAudit-1"]],
        );
    });

    it("accepts a tutorial's names", () => {
        const c: Mutable = baseConfig();
        c.targetRoles["log-reader"].permissions.policyName = "CloudWatchLogsRead";
        c.sources["log-shipper"].grantPolicyName = "AssumeRoleInAccountA";
        assert.deepEqual(problemsOf(c, "account-b"), []);
    });
});

describe("policy names: refused when IAM would refuse them or keep only one", () => {
    rejectsEach([
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
    ]);
});
