/**
 * The example stack configurations, one per seed scenario, rendered from their files exactly as
 * `npm start -- --dir examples/<scenario>` does, proven by the access report, and asserted whole:
 * every resource each stack declares (type and logical name) with all of its inputs, every policy
 * document parsed and written out literally below, so a reviewer can read each one against the AWS
 * docs and a regression in any action list, Resource ARN or Condition fails here.
 *
 * The one value not written literally is the revision in a `principal`-mode trust Sid: it is derived
 * from the IAM unique ids account B's stack outputs (mock-generated), so it is checked by its rule.
 */
import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { reportFor } from "../tools/render/main";
import { RenderedStack, renderStacks } from "../tools/render/stacks";

const EXAMPLES = path.join(__dirname, "..", "examples");
/** Inputs that hold an IAM policy document as JSON text; parsed so they can be compared as documents. */
const POLICY_INPUTS = ["assumeRolePolicy", "policy"];
/** What the renderer puts in place of every `secure:` config value (tools/shared/stack-files.ts). */
const SECRET_PLACEHOLDER = "SECRET-PLACEHOLDER";

/**
 * Every resource a stack declares, keyed `<type> <logical name>`, with its inputs (policies parsed).
 * Compared with deepEqual, this asserts the resource set and every input of every resource at once.
 */
function declared(r: RenderedStack): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const res of r.result.resources) {
        const key = `${res.type} ${res.name}`;
        if (key in out) throw new Error(`${r.stack}: ${key} declared twice`);
        const inputs: Record<string, unknown> = { ...res.inputs };
        for (const k of POLICY_INPUTS.filter((p) => p in inputs)) {
            const text = inputs[k];
            if (typeof text !== "string") throw new Error(`${r.stack}: ${key} ${k} is not JSON text`);
            inputs[k] = JSON.parse(text);
        }
        out[key] = inputs;
    }
    return out;
}

/** Inputs held as Pulumi secrets, as `<type> <logical name> <input path>`, sorted. */
function secretInputs(r: RenderedStack): string[] {
    return r.result.resources.flatMap((res) => res.secretPaths.map((p) => `${res.type} ${res.name} ${p}`)).sort();
}

/** Where a value occurs in a stack's resource inputs (`<type> <name> <input>`) and outputs (`output <name>`). */
function occurrences(r: RenderedStack, value: string): string[] {
    const contains = (v: unknown): boolean => JSON.stringify(v ?? null).includes(value);
    return [
        ...r.result.resources.flatMap((res) => Object.entries(res.inputs).flatMap(([k, v]) => (contains(v) ? [`${res.type} ${res.name} ${k}`] : []))),
        ...Object.entries(r.result.outputs).flatMap(([k, v]) => (contains(v) ? [`output ${k}`] : [])),
    ].sort();
}

/**
 * The revision a `principal`-mode trust Sid carries: "Rev" + the first 10 hex digits of the SHA-256 of
 * the sources' IAM unique ids (sorted, comma-joined), read from account B's outputs, so recreating a
 * principal in B rewrites the trust policy in A. Written out here, not taken from lib/policies/trust.ts.
 */
function revision(b: RenderedStack, ...sourceKeys: string[]): string {
    const sources = b.result.outputs.sources as Record<string, { uniqueIds: string[] }>;
    const ids = sourceKeys.flatMap((k) => sources[k].uniqueIds);
    assert.equal(ids.length, sourceKeys.length, `one unique id per source in ${b.stack}'s outputs`);
    for (const id of ids) assert.match(id, /^(AROA|AIDA)[0-9A-Z]{17}$/);
    return `Rev${createHash("sha256")
        .update([...ids].sort().join(","))
        .digest("hex")
        .slice(0, 10)}`;
}

async function renderExample(name: string): Promise<{ a: RenderedStack; b: RenderedStack }> {
    const stacks = await renderStacks(path.join(EXAMPLES, name), ["account-b", "account-a"]);
    const a = stacks.find((s) => s.stack === "account-a");
    const b = stacks.find((s) => s.stack === "account-b");
    if (!a || !b) throw new Error(`${name}: rendered ${stacks.map((s) => s.stack).join(", ")}`);
    return { a, b };
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
        it(`${name}: renders both stacks, no access check fails, and only the rows that need B's own policies are UNPROVEN`, async () => {
            const { a, b } = await renderExample(name);
            const report = await reportFor([b, a]);
            assert.ok(report);
            const failed = report.roles.flatMap((r) => r.checks.filter((c) => c.result === "FAIL").map((c) => `${r.role}: ${c.title}: ${c.why}`));
            assert.deepEqual(failed, []);
            // Only the vendor's account-root trust leaves a row the report cannot decide: B's admins choose what its principals may assume.
            const unproven = report.roles.flatMap((r) => r.checks.filter((c) => c.result === "UNPROVEN").map((c) => `${r.role}: ${c.title}`));
            assert.deepEqual(
                unproven,
                name === "vendor-external-id"
                    ? ["vendor-log-reader: role/a-principal-of-b (account-root trust) cannot assume another role of A (/vendors/other-role)"]
                    : [],
            );
            assert.ok(report.passed >= 8, `only ${report.passed} checks`);
            assert.deepEqual(report.vocabulary.problems, []);
        });
    }

    it("ec2-logs: an EC2 role with instance profile in B may assume log-reader, which reads the /app/cron log group only", async () => {
        const { a, b } = await renderExample("ec2-logs");
        assert.deepEqual(declared(b), {
            "pulumi:pulumi:Stack cross-account-iam-account-b": {},
            "cross-account-iam:index:SourceRole log-shipper": {},
            "aws:iam/role:Role log-shipper-role": {
                name: "log-shipper",
                path: "/cross-account/",
                description: "Runs on ec2; may only assume roles of account 111111111111",
                tags: {},
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [{ Sid: "AllowEc2ToAssume", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                },
            },
            "aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles": {
                role: "log-shipper",
                name: "assume-target-roles",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AssumeTargetRoles",
                            Effect: "Allow",
                            Action: "sts:AssumeRole",
                            Resource: "arn:aws:iam::111111111111:role/cross-account/log-reader",
                        },
                    ],
                },
            },
            "aws:iam/instanceProfile:InstanceProfile log-shipper-instance-profile": { name: "log-shipper", path: "/cross-account/", role: "log-shipper" },
        });
        assert.deepEqual(declared(a), {
            "pulumi:pulumi:Stack cross-account-iam-account-a": {},
            "cross-account-iam:index:CrossAccountRole log-reader": {},
            "aws:iam/role:Role log-reader-role": {
                name: "log-reader",
                path: "/cross-account/",
                description: "Assumed from account B by log-shipper",
                maxSessionDuration: 3600,
                tags: {},
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: `TrustLogShipper${revision(b, "log-shipper")}`,
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::222222222222:role/cross-account/log-shipper" },
                            Action: "sts:AssumeRole",
                        },
                    ],
                },
            },
            "aws:iam/rolePolicy:RolePolicy log-reader-permissions": {
                role: "log-reader",
                name: "permissions",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ReadLogGroups",
                            Effect: "Allow",
                            Action: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
                            Resource: ["arn:aws:logs:eu-west-1:111111111111:log-group:/app/cron", "arn:aws:logs:eu-west-1:111111111111:log-group:/app/cron:*"],
                        },
                        {
                            Sid: "DescribeLogGroupsInRegion",
                            Effect: "Allow",
                            Action: "logs:DescribeLogGroups",
                            Resource: "*",
                            Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
                        },
                    ],
                },
            },
        });
        assert.deepEqual([...secretInputs(b), ...secretInputs(a)], []);
    });

    it("ec2-dynamodb-backup: the cron job must name itself nightly-backup; the role backs up the orders table only", async () => {
        const { a, b } = await renderExample("ec2-dynamodb-backup");
        assert.deepEqual(declared(b), {
            "pulumi:pulumi:Stack cross-account-iam-account-b": {},
            "cross-account-iam:index:SourceRole backup-cron": {},
            "aws:iam/role:Role backup-cron-role": {
                name: "backup-cron",
                path: "/",
                description: "Runs on ec2; may only assume roles of account 111111111111",
                tags: {},
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [{ Sid: "AllowEc2ToAssume", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                },
            },
            "aws:iam/rolePolicy:RolePolicy backup-cron-assume-target-roles": {
                role: "backup-cron",
                name: "assume-target-roles",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/orders-backup" },
                        {
                            Sid: "SetSourceIdentityOnTargetRoles",
                            Effect: "Allow",
                            Action: "sts:SetSourceIdentity",
                            Resource: "arn:aws:iam::111111111111:role/orders-backup",
                        },
                    ],
                },
            },
            "aws:iam/instanceProfile:InstanceProfile backup-cron-instance-profile": { name: "backup-cron", path: "/", role: "backup-cron" },
        });
        assert.deepEqual(declared(a), {
            "pulumi:pulumi:Stack cross-account-iam-account-a": {},
            "cross-account-iam:index:CrossAccountRole orders-backup": {},
            "aws:iam/role:Role orders-backup-role": {
                name: "orders-backup",
                path: "/",
                description: "Nightly on-demand backups of the orders table, run from account B",
                maxSessionDuration: 3600,
                tags: {},
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: `TrustBackupCron${revision(b, "backup-cron")}`,
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::222222222222:role/backup-cron" },
                            Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
                            Condition: { StringLike: { "sts:SourceIdentity": "nightly-backup" } },
                        },
                    ],
                },
            },
            "aws:iam/rolePolicy:RolePolicy orders-backup-permissions": {
                role: "orders-backup",
                name: "permissions",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "BackupTables",
                            Effect: "Allow",
                            Action: ["dynamodb:CreateBackup", "dynamodb:DescribeTable"],
                            Resource: "arn:aws:dynamodb:eu-west-1:111111111111:table/orders",
                        },
                        {
                            Sid: "DescribeTableBackups",
                            Effect: "Allow",
                            Action: "dynamodb:DescribeBackup",
                            Resource: "arn:aws:dynamodb:eu-west-1:111111111111:table/orders/backup/*",
                        },
                        {
                            Sid: "ListBackupsInRegion",
                            Effect: "Allow",
                            Action: "dynamodb:ListBackups",
                            Resource: "*",
                            Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
                        },
                    ],
                },
            },
        });
        assert.deepEqual([...secretInputs(b), ...secretInputs(a)], []);
    });

    it("user-list-buckets: an IAM user without access keys, MFA within an hour, ListAllMyBuckets only", async () => {
        const { a, b } = await renderExample("user-list-buckets");
        assert.deepEqual(declared(b), {
            "pulumi:pulumi:Stack cross-account-iam-account-b": {},
            "cross-account-iam:index:SourceUser auditor": {},
            "aws:iam/user:User auditor-user": { name: "auditor", path: "/people/", tags: {} },
            "aws:iam/userPolicy:UserPolicy auditor-assume-target-roles": {
                user: "auditor",
                name: "assume-target-roles",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/bucket-lister" },
                    ],
                },
            },
        });
        assert.deepEqual(declared(a), {
            "pulumi:pulumi:Stack cross-account-iam-account-a": {},
            "cross-account-iam:index:CrossAccountRole bucket-lister": {},
            "aws:iam/role:Role bucket-lister-role": {
                name: "bucket-lister",
                path: "/",
                description: "Assumed from account B by auditor",
                maxSessionDuration: 3600,
                tags: {},
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: `TrustAuditor${revision(b, "auditor")}`,
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::222222222222:user/people/auditor" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                Bool: { "aws:MultiFactorAuthPresent": "true" },
                                NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
                            },
                        },
                    ],
                },
            },
            "aws:iam/rolePolicy:RolePolicy bucket-lister-permissions": {
                role: "bucket-lister",
                name: "permissions",
                policy: {
                    Version: "2012-10-17",
                    Statement: [{ Sid: "ListAllBuckets", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }],
                },
            },
        });
        assert.deepEqual([...secretInputs(b), ...secretInputs(a)], []);
    });

    it("developers-s3-read: group members (IAM users of B, with MFA) list and read the daily/ prefix only, for up to 4 hours", async () => {
        const { a, b } = await renderExample("developers-s3-read");
        assert.deepEqual(declared(b), {
            "pulumi:pulumi:Stack cross-account-iam-account-b": {},
            "cross-account-iam:index:SourceGroup developers": {},
            "aws:iam/group:Group developers-group": { name: "developers", path: "/people/" },
            "aws:iam/groupPolicy:GroupPolicy developers-assume-target-roles": {
                group: "developers",
                name: "assume-target-roles",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/prod-reports-read" },
                    ],
                },
            },
        });
        assert.deepEqual(declared(a), {
            "pulumi:pulumi:Stack cross-account-iam-account-a": {},
            "cross-account-iam:index:CrossAccountRole prod-reports-read": {},
            "aws:iam/role:Role prod-reports-read-role": {
                name: "prod-reports-read",
                path: "/",
                description: "Assumed from account B by developers",
                maxSessionDuration: 14400,
                tags: {},
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            // A group cannot be a principal: B's root, narrowed to IAM users of B.
                            Sid: "TrustDevelopers",
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::222222222222:root" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                ArnLike: { "aws:PrincipalArn": "arn:aws:iam::222222222222:user/*" },
                                Bool: { "aws:MultiFactorAuthPresent": "true" },
                                NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
                            },
                        },
                    ],
                },
            },
            "aws:iam/rolePolicy:RolePolicy prod-reports-read-permissions": {
                role: "prod-reports-read",
                name: "permissions",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ListReadBuckets",
                            Effect: "Allow",
                            Action: "s3:ListBucket",
                            Resource: "arn:aws:s3:::acme-prod-reports",
                            Condition: { StringLike: { "s3:prefix": ["daily/", "daily/*"] } },
                        },
                        { Sid: "ReadObjects", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-prod-reports/daily/*" },
                    ],
                },
            },
        });
        assert.deepEqual([...secretInputs(b), ...secretInputs(a)], []);
    });

    it("vendor-external-id: B's whole account, held by a secret ExternalId; nothing created in B, no StackReference", async () => {
        const { a, b } = await renderExample("vendor-external-id");
        assert.deepEqual(declared(b), { "pulumi:pulumi:Stack cross-account-iam-account-b": {} });
        assert.deepEqual(declared(a), {
            "pulumi:pulumi:Stack cross-account-iam-account-a": {},
            "cross-account-iam:index:CrossAccountRole vendor-log-reader": {},
            "aws:iam/role:Role vendor-log-reader-role": {
                name: "vendor-log-reader",
                path: "/vendors/",
                description: "Assumed from account B by vendor",
                maxSessionDuration: 3600,
                tags: {},
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "TrustVendor",
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::222222222222:root" },
                            Action: "sts:AssumeRole",
                            // The stack file holds only ciphertext; the renderer substitutes a placeholder, never a real value.
                            Condition: { StringEquals: { "sts:ExternalId": SECRET_PLACEHOLDER } },
                        },
                    ],
                },
            },
            "aws:iam/rolePolicy:RolePolicy vendor-log-reader-permissions": {
                role: "vendor-log-reader",
                name: "permissions",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ReadLogGroups",
                            Effect: "Allow",
                            Action: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
                            Resource: [
                                "arn:aws:logs:eu-west-1:111111111111:log-group:/app/audit",
                                "arn:aws:logs:eu-west-1:111111111111:log-group:/app/audit:*",
                            ],
                        },
                        {
                            Sid: "DescribeLogGroupsInRegion",
                            Effect: "Allow",
                            Action: "logs:DescribeLogGroups",
                            Resource: "*",
                            Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
                        },
                    ],
                },
            },
        });
        // The ExternalId is in no resource input but the trust policy, and that input is held as a secret.
        assert.deepEqual(secretInputs(b), []);
        assert.deepEqual(secretInputs(a), ["aws:iam/role:Role vendor-log-reader-role assumeRolePolicy"]);
        assert.deepEqual(occurrences(b, SECRET_PLACEHOLDER), []);
        // Outputs: only clientConfig carries it (for the vendor's profile), and clientConfig is a secret output.
        assert.deepEqual(occurrences(a, SECRET_PLACEHOLDER), ["aws:iam/role:Role vendor-log-reader-role assumeRolePolicy", "output clientConfig"]);
        assert.deepEqual(a.result.secretOutputNames, ["clientConfig"]);
        assert.equal(a.result.outputs.sourceStack, undefined);
    });

    it("job-and-people: trusted by principal ARN, the ECS job needs no MFA, the operators' users do", async () => {
        const { a, b } = await renderExample("job-and-people");
        assert.deepEqual(declared(b), {
            "pulumi:pulumi:Stack cross-account-iam-account-b": {},
            "cross-account-iam:index:SourceRole nightly-job": {},
            "cross-account-iam:index:SourceGroup operators": {},
            "aws:iam/role:Role nightly-job-role": {
                name: "nightly-job",
                path: "/jobs/",
                description: "Runs on ecs-tasks; may only assume roles of account 111111111111",
                tags: {},
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [{ Sid: "AllowEcsTasksToAssume", Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
                },
            },
            "aws:iam/rolePolicy:RolePolicy nightly-job-assume-target-roles": {
                role: "nightly-job",
                name: "assume-target-roles",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/audit-reader" },
                    ],
                },
            },
            "aws:iam/group:Group operators-group": { name: "operators", path: "/people/" },
            "aws:iam/groupPolicy:GroupPolicy operators-assume-target-roles": {
                group: "operators",
                name: "assume-target-roles",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/audit-reader" },
                    ],
                },
            },
        });
        assert.deepEqual(declared(a), {
            "pulumi:pulumi:Stack cross-account-iam-account-a": {},
            "cross-account-iam:index:CrossAccountRole audit-reader": {},
            "aws:iam/role:Role audit-reader-role": {
                name: "audit-reader",
                path: "/",
                description: "Assumed from account B by nightly-job, operators",
                maxSessionDuration: 3600,
                tags: {},
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            // principal-arn mode: no unique-id revision, the role of B may be recreated freely.
                            Sid: "TrustNightlyJob",
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::222222222222:root" },
                            Action: "sts:AssumeRole",
                            Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/jobs/nightly-job" } },
                        },
                        {
                            Sid: "TrustOperators",
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::222222222222:root" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                ArnLike: { "aws:PrincipalArn": "arn:aws:iam::222222222222:user/*" },
                                Bool: { "aws:MultiFactorAuthPresent": "true" },
                                NumericLessThan: { "aws:MultiFactorAuthAge": "1800" },
                            },
                        },
                    ],
                },
            },
            "aws:iam/rolePolicy:RolePolicy audit-reader-permissions": {
                role: "audit-reader",
                name: "permissions",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ReadLogGroups",
                            Effect: "Allow",
                            Action: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
                            Resource: [
                                "arn:aws:logs:eu-west-1:111111111111:log-group:/app/audit",
                                "arn:aws:logs:eu-west-1:111111111111:log-group:/app/audit:*",
                            ],
                        },
                        {
                            Sid: "DescribeLogGroupsInRegion",
                            Effect: "Allow",
                            Action: "logs:DescribeLogGroups",
                            Resource: "*",
                            Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
                        },
                        // No prefix configured: the whole bucket, and no s3:prefix condition.
                        { Sid: "ListReadBuckets", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::acme-audit-exports" },
                        { Sid: "ReadObjects", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-audit-exports/*" },
                    ],
                },
            },
        });
        assert.deepEqual([...secretInputs(b), ...secretInputs(a)], []);
    });
});
