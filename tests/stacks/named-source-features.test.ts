/**
 * Issue 14's source features under named accounts (issue 16): aws:SourceAccount, a source's own
 * permissions and policy names, and group members all belong to the source's OWN account, not to any
 * other named account; KMS keys of a role's S3 presets belong to an account the role is deployed to; a source
 * account's stack that cannot be read is named with stacks.<account>.
 */
import { strict as assert } from "assert";
import { doc, render, resource } from "../support/harness";

const TOOLING = "222222222222";
const OPS = "555555555555";
const PROD = "111111111111";

const STATEMENT = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::artifacts/build.zip" };

const config = (): Record<string, any> => ({
    accounts: { tooling: TOOLING, ops: OPS, prod: PROD },
    sources: {
        ci: { kind: "service-role", service: "ecs-tasks", account: "tooling" },
        job: {
            kind: "service-role",
            service: "lambda",
            account: "ops",
            grantPolicyName: "AssumeBackup",
            permissions: { policyName: "ArtifactsRead", statements: [STATEMENT] },
        },
        oncall: { kind: "user", account: "ops" },
        people: { kind: "group", account: "ops", members: ["oncall"] },
    },
    targetRoles: {
        deployer: { accounts: ["prod"], trustMode: "principal-arn", trustedSources: ["ci"], permissions: { logsRead: { logGroups: ["/a"] } } },
        backup: {
            accounts: ["prod"],
            trustMode: "principal-arn",
            trustedSources: ["job", "oncall", { source: "people", mfa: true }],
            permissions: { logsRead: { logGroups: ["/b"] } },
        },
    },
    "aws:region": "eu-west-1",
});

describe("named accounts: a source's own settings apply in its own account", () => {
    it("aws:SourceAccount of a lambda or ecs-tasks source trust is the source's own account id", async () => {
        const tooling = await render(config(), { stack: "tooling", accountId: TOOLING });
        const ops = await render(config(), { stack: "ops", accountId: OPS });
        assert.equal(tooling.error, undefined);
        assert.equal(ops.error, undefined);
        assert.deepEqual(doc(resource(tooling, "aws:iam/role:Role", "ci-role"), "assumeRolePolicy").Statement[0].Condition, {
            StringEquals: { "aws:SourceAccount": TOOLING },
        });
        assert.deepEqual(doc(resource(ops, "aws:iam/role:Role", "job-role"), "assumeRolePolicy").Statement[0].Condition, {
            StringEquals: { "aws:SourceAccount": OPS },
        });
    });

    it("a source's grantPolicyName, own permissions and group members are declared by its account's stack only", async () => {
        const ops = await render(config(), { stack: "ops", accountId: OPS });
        const tooling = await render(config(), { stack: "tooling", accountId: TOOLING });
        assert.equal(ops.error, undefined);
        assert.equal(resource(ops, "aws:iam/rolePolicy:RolePolicy", "job-assume-target-roles").inputs.name, "AssumeBackup");
        assert.equal(resource(ops, "aws:iam/rolePolicy:RolePolicy", "job-permissions").inputs.name, "ArtifactsRead");
        const grant = doc(resource(ops, "aws:iam/rolePolicy:RolePolicy", "job-assume-target-roles"), "policy");
        assert.deepEqual(grant.Statement[0].Resource, `arn:aws:iam::${PROD}:role/backup`);
        const memberships = ops.resources.filter((r) => r.type === "aws:iam/userGroupMembership:UserGroupMembership");
        assert.equal(memberships.length, 1);
        assert.equal(memberships[0].inputs.user, "oncall");
        assert.deepEqual(
            tooling.resources.filter((r) => r.type.startsWith("aws:iam/") && /job|oncall|people/.test(r.name)),
            [],
        );
    });

    it("a KMS key of an account the role is not deployed to is refused, naming the role's accounts", async () => {
        const c = config();
        c.targetRoles.backup.permissions = {
            s3Read: { buckets: ["backups"], kmsKeyArns: [`arn:aws:kms:eu-west-1:${OPS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`] },
        };
        const prod = await render(c, { stack: "prod", accountId: PROD });
        assert.deepEqual((prod.error as { problems?: string[] }).problems, [
            `targetRoles.backup.permissions.s3Read.kmsKeyArns[0] = "arn:aws:kms:eu-west-1:${OPS}:key/1234abcd-12ab-34cd-56ef-1234567890ab": expected a key of account prod (${PROD}) the role is deployed to; a key of another account also needs its key policy to name the role, which this program does not write`,
        ]);
        c.targetRoles.backup.permissions.s3Read.kmsKeyArns = [`arn:aws:kms:eu-west-1:${PROD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`];
        assert.equal((await render(c, { stack: "prod", accountId: PROD })).error, undefined);
    });

    it("a source account's stack that cannot be read names stacks.<account> and the stack to deploy", async () => {
        const c = config();
        c.targetRoles.deployer.trustMode = "principal";
        const prod = await render(c, { stack: "prod", accountId: PROD, references: {} });
        assert.ok(prod.error instanceof Error);
        assert.match(prod.error.message, /^organization\/cross-account-iam\/tooling \(account tooling\) could not be read \(1 problem\):/);
        assert.deepEqual((prod.error as { problems?: string[] }).problems, [
            "stacks.tooling = \"organization/cross-account-iam/tooling\": the stack of account tooling, whose principals this stack's roles trust, could not be read (failed to read resource #organization/cross-account-iam/tooling 'source-stack-tooling' [pulumi:pulumi:StackReference]: no such stack: organization/cross-account-iam/tooling (the mock knows none)); check that it is deployed (pulumi up -s tooling), or set stacks.tooling to the name of account tooling's stack",
        ]);
    });
});
