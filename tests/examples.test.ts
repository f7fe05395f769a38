/**
 * The example stack configurations, one per seed scenario, rendered from their files exactly as
 * `npm start -- --dir examples/<scenario>` does, proven by the access report, with the documents
 * that make each scenario what it is asserted exactly.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { PolicyDocument } from "../lib/iam";
import type { RecordedResource } from "../tools/mock-runtime";
import { RenderedStack, reportFor, renderStacks } from "../tools/render";

const EXAMPLES = path.join(__dirname, "..", "examples");
const A = "111111111111";
const B = "222222222222";
const B_ROOT = `arn:aws:iam::${B}:root`;

function find(r: RenderedStack, type: string, name: string): RecordedResource {
    const found = r.result.resources.find((x) => x.type === type && x.name === name);
    if (!found) throw new Error(`${r.stack}: no ${type} ${name}; have ${r.result.resources.map((x) => x.name).join(", ")}`);
    return found;
}

const policy = (r: RenderedStack, type: string, name: string, input: string) => JSON.parse(find(r, type, name).inputs[input] as string) as PolicyDocument;
const awsTypes = (r: RenderedStack) => r.result.resources.filter((x) => x.type.startsWith("aws:")).map((x) => `${x.type} ${x.name}`);

async function renderExample(name: string): Promise<{ a: RenderedStack; b?: RenderedStack }> {
    const stacks = await renderStacks(path.join(EXAMPLES, name), ["account-b", "account-a"]);
    return { a: stacks.find((s) => s.stack === "account-a")!, b: stacks.find((s) => s.stack === "account-b") };
}

describe("examples: one per seed scenario", () => {
    it("has a directory with Pulumi.yaml and both stack files for each scenario", () => {
        const dirs = fs.readdirSync(EXAMPLES).sort();
        assert.deepEqual(dirs, ["developers-s3-read", "ec2-dynamodb-backup", "ec2-logs", "job-and-people", "user-list-buckets", "vendor-external-id"]);
        for (const d of dirs) {
            assert.deepEqual(fs.readdirSync(path.join(EXAMPLES, d)).sort(), ["Pulumi.account-a.yaml", "Pulumi.account-b.yaml", "Pulumi.yaml"]);
        }
    });

    for (const name of ["ec2-logs", "ec2-dynamodb-backup", "user-list-buckets", "developers-s3-read", "vendor-external-id", "job-and-people"]) {
        it(`${name}: renders both stacks and every access check passes`, async () => {
            const { a, b } = await renderExample(name);
            const report = await reportFor([b, a].filter((x): x is RenderedStack => x !== undefined));
            assert.ok(report);
            const failed = report.roles.flatMap((r) => r.checks.filter((c) => !c.pass).map((c) => `${r.role}: ${c.title}: ${c.why}`));
            assert.deepEqual(failed, []);
            assert.ok(report.passed >= 8, `only ${report.passed} checks`);
            assert.deepEqual(report.vocabulary.problems, []);
        });
    }

    it("ec2-logs: EC2 role with instance profile in B; log-reader in A reads /app/cron only", async () => {
        const { a, b } = await renderExample("ec2-logs");
        assert.deepEqual(awsTypes(b!), [
            "aws:iam/role:Role log-shipper-role",
            "aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles",
            "aws:iam/instanceProfile:InstanceProfile log-shipper-instance-profile",
        ]);
        assert.deepEqual(policy(a, "aws:iam/role:Role", "log-reader-role", "assumeRolePolicy").Statement[0].Principal, {
            AWS: `arn:aws:iam::${B}:role/cross-account/log-shipper`,
        });
    });

    it("ec2-dynamodb-backup: the cron job must name itself; the role backs up only the orders table", async () => {
        const { a, b } = await renderExample("ec2-dynamodb-backup");
        const trust = policy(a, "aws:iam/role:Role", "orders-backup-role", "assumeRolePolicy").Statement[0];
        assert.deepEqual(trust.Action, ["sts:AssumeRole", "sts:SetSourceIdentity"]);
        assert.deepEqual(trust.Condition, { StringLike: { "sts:SourceIdentity": "nightly-backup" } });
        assert.deepEqual(policy(b!, "aws:iam/rolePolicy:RolePolicy", "backup-cron-assume-target-roles", "policy").Statement, [
            { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${A}:role/orders-backup` },
            { Sid: "SetSourceIdentityOnTargetRoles", Effect: "Allow", Action: "sts:SetSourceIdentity", Resource: `arn:aws:iam::${A}:role/orders-backup` },
        ]);
        assert.deepEqual(
            policy(a, "aws:iam/rolePolicy:RolePolicy", "orders-backup-permissions", "policy").Statement[0].Resource,
            `arn:aws:dynamodb:eu-west-1:${A}:table/orders`,
        );
    });

    it("user-list-buckets: an IAM user without access keys, MFA required, ListAllMyBuckets only", async () => {
        const { a, b } = await renderExample("user-list-buckets");
        assert.deepEqual(awsTypes(b!), ["aws:iam/user:User auditor-user", "aws:iam/userPolicy:UserPolicy auditor-assume-target-roles"]);
        assert.deepEqual(policy(a, "aws:iam/role:Role", "bucket-lister-role", "assumeRolePolicy").Statement[0].Condition, {
            Bool: { "aws:MultiFactorAuthPresent": "true" },
            NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
        });
        assert.deepEqual(policy(a, "aws:iam/rolePolicy:RolePolicy", "bucket-lister-permissions", "policy"), {
            Version: "2012-10-17",
            Statement: [{ Sid: "ListAllBuckets", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }],
        });
    });

    it("developers-s3-read: group members (IAM users of B, with MFA) read the daily/ prefix for up to 4 hours", async () => {
        const { a, b } = await renderExample("developers-s3-read");
        assert.deepEqual(awsTypes(b!), ["aws:iam/group:Group developers-group", "aws:iam/groupPolicy:GroupPolicy developers-assume-target-roles"]);
        const role = find(a, "aws:iam/role:Role", "prod-reports-read-role");
        assert.equal(role.inputs.maxSessionDuration, 14400);
        const trust = policy(a, "aws:iam/role:Role", "prod-reports-read-role", "assumeRolePolicy").Statement[0];
        assert.deepEqual(trust.Principal, { AWS: B_ROOT });
        assert.deepEqual(trust.Condition?.ArnLike, { "aws:PrincipalArn": `arn:aws:iam::${B}:user/*` });
        assert.deepEqual(policy(a, "aws:iam/rolePolicy:RolePolicy", "prod-reports-read-permissions", "policy").Statement[1], {
            Sid: "ReadObjects",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::acme-prod-reports/daily/*",
        });
    });

    it("vendor-external-id: B's whole account, held by a secret ExternalId; nothing created in B, no StackReference", async () => {
        const { a, b } = await renderExample("vendor-external-id");
        assert.deepEqual(awsTypes(b!), []);
        const role = find(a, "aws:iam/role:Role", "vendor-log-reader-role");
        assert.deepEqual(role.secretPaths, ["assumeRolePolicy"]);
        const trust = policy(a, "aws:iam/role:Role", "vendor-log-reader-role", "assumeRolePolicy").Statement[0];
        assert.deepEqual(trust.Principal, { AWS: B_ROOT });
        // The stack file holds only ciphertext; the renderer substitutes a placeholder, never a real value.
        assert.deepEqual(trust.Condition, { StringEquals: { "sts:ExternalId": "SECRET-PLACEHOLDER" } });
        assert.equal(a.result.outputs.sourceStack, undefined);
    });

    it("job-and-people: the job needs no MFA, the operators do; both by principal ARN", async () => {
        const { a } = await renderExample("job-and-people");
        assert.deepEqual(policy(a, "aws:iam/role:Role", "audit-reader-role", "assumeRolePolicy").Statement, [
            {
                Sid: "TrustNightlyJob",
                Effect: "Allow",
                Principal: { AWS: B_ROOT },
                Action: "sts:AssumeRole",
                Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${B}:role/jobs/nightly-job` } },
            },
            {
                Sid: "TrustOperators",
                Effect: "Allow",
                Principal: { AWS: B_ROOT },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${B}:user/*` },
                    Bool: { "aws:MultiFactorAuthPresent": "true" },
                    NumericLessThan: { "aws:MultiFactorAuthAge": "1800" },
                },
            },
        ]);
    });
});
