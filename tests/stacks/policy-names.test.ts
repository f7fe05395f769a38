/**
 * Inline policy names a user chooses (the seeds name theirs, `S3ReadPolicy`): a target role's
 * `permissions.policyName`, a source's `grantPolicyName` and `permissions.policyName`. Only the IAM name
 * changes; Pulumi's logical names stay, so renaming is an update in place, not a new resource.
 */
import { strict as assert } from "assert";
import { baseConfig, render, renderBoth, resource } from "../support/harness";
import { Mutable, problemsOf } from "../support/bad-config";

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
