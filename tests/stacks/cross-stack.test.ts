/**
 * Cross-stack consistency under mocks (lib/cross-stack.ts in the target stack): account-a refuses to
 * deploy a trust that account-b's outputs do not back, and says to update account-b first.
 */
import { strict as assert } from "assert";
import { ConfigError } from "../../lib/errors";
import { uniqueIdRevision } from "../../lib/policies/trust";
import {
    ACCOUNT_A,
    ACCOUNT_B,
    B_ROOT,
    READER,
    SHIPPER,
    SOURCE_STACK,
    awsResources,
    baseConfig,
    byType,
    doc,
    render,
    renderBoth,
    resource,
} from "../support/harness";

const UPDATE_B = "update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again";

describe("cross-stack consistency", () => {
    const renderA = (outputs: Record<string, unknown>) => render(baseConfig(), { stack: "account-a", references: { [SOURCE_STACK]: { outputs } } });

    it("fails, naming what is missing, when account-b has no sources output", async () => {
        const a = await renderA({});
        assert.ok(ConfigError.isConfigError(a.error));
        assert.deepEqual(a.error.problems, [
            `stack ${SOURCE_STACK} has no output "sources" (it has not been deployed with this program, or sourceStack names the wrong stack); update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again`,
        ]);
        assert.deepEqual(awsResources(a), []);
    });

    it("fails with 'update account-b first' when B does not yet grant AssumeRole on A's role", async () => {
        const { b } = await renderBoth(baseConfig());
        const stale = JSON.parse(JSON.stringify(b.outputs));
        stale.sources["log-shipper"].assumableRoleArns = [`arn:aws:iam::${ACCOUNT_A}:role/cross-account/old-name`];
        const a = await renderA(stale);
        assert.ok(ConfigError.isConfigError(a.error));
        assert.deepEqual(a.error.problems, [
            `stack ${SOURCE_STACK}: source "log-shipper" may not assume ${READER} (not in its assumableRoleArns); update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again`,
        ]);
        assert.match(a.error.message, /^account-b \(organization\/cross-account-iam\/account-b\) does not back this stack's trust/);
        assert.deepEqual(awsResources(a), []);
    });

    it("fails when account-b reports another account or another principal than this stack's config", async () => {
        const { b } = await renderBoth(baseConfig());
        const other = JSON.parse(JSON.stringify(b.outputs));
        other.sourceAccountId = "333333333333";
        other.sources["log-shipper"].arns = ["arn:aws:iam::222222222222:role/log-shipper"];
        const a = await renderA(other);
        assert.ok(ConfigError.isConfigError(a.error));
        assert.deepEqual(a.error.problems, [
            `stack ${SOURCE_STACK}: output "sourceAccountId" is "333333333333" but sourceAccountId here is ${ACCOUNT_B}; both stacks must read it from Pulumi.yaml`,
            `stack ${SOURCE_STACK}: source "log-shipper" is service-role ["arn:aws:iam::222222222222:role/log-shipper"] there but service-role ["${SHIPPER}"] in this stack's config; keep sources in Pulumi.yaml so both stacks share them, and update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again`,
        ]);
    });

    it("fails, saying to update account-b first, when account-b's outputs predate unique ids (a source trusted in trust mode principal)", async () => {
        const { b } = await renderBoth(baseConfig());
        const old = JSON.parse(JSON.stringify(b.outputs));
        delete old.sources["log-shipper"].uniqueIds;
        const a = await renderA(old);
        assert.ok(ConfigError.isConfigError(a.error));
        assert.deepEqual(a.error.problems, [
            `stack ${SOURCE_STACK}: output "sources.log-shipper.uniqueIds" is missing; expected one IAM unique id per ARN of "sources.log-shipper.arns" (1). ` +
                `account-b's outputs predate unique ids, which the trust of log-reader (trust mode principal) needs so that a recreated principal changes it; ${UPDATE_B}`,
        ]);
        assert.deepEqual(awsResources(a), []);
    });

    it("fails when account-b exports a different number of unique ids than ARNs for a source trusted in trust mode principal", async () => {
        const { b } = await renderBoth(baseConfig());
        const odd = JSON.parse(JSON.stringify(b.outputs));
        odd.sources["log-shipper"].uniqueIds = [];
        const a = await renderA(odd);
        assert.ok(ConfigError.isConfigError(a.error));
        assert.deepEqual(a.error.problems, [
            `stack ${SOURCE_STACK}: output "sources.log-shipper.uniqueIds" is []; expected one IAM unique id per ARN of "sources.log-shipper.arns" (1). ` +
                `account-b's outputs predate unique ids, which the trust of log-reader (trust mode principal) needs so that a recreated principal changes it; ${UPDATE_B}`,
        ]);
    });

    it("checks only the sources trust mode principal reads: a principal-arn role renders though account-b does not export its source yet", async () => {
        const c = baseConfig() as any;
        c.sources.backup = { kind: "service-role", service: "ec2" };
        c.targetRoles["table-backup"] = { trustMode: "principal-arn", trustedSources: ["backup"], permissions: { dynamodbBackup: { tables: ["orders"] } } };
        // account-b was last deployed before the backup source and the table-backup role existed.
        const before = baseConfig();
        const { b } = await renderBoth(before);
        const a = await render(c, { stack: "account-a", references: { [SOURCE_STACK]: { outputs: b.outputs } } });
        assert.equal(a.error, undefined);
        assert.equal(a.outputs.sourceStack, SOURCE_STACK);
        const uniqueId = (b.outputs.sources as any)["log-shipper"].uniqueIds[0] as string;
        assert.deepEqual(doc(resource(a, "aws:iam/role:Role", "log-reader-role"), "assumeRolePolicy").Statement, [
            { Sid: `TrustLogShipper${uniqueIdRevision([uniqueId])}`, Effect: "Allow", Principal: { AWS: SHIPPER }, Action: "sts:AssumeRole" },
        ]);
        assert.deepEqual(doc(resource(a, "aws:iam/role:Role", "table-backup-role"), "assumeRolePolicy").Statement, [
            {
                Sid: "TrustBackup",
                Effect: "Allow",
                Principal: { AWS: B_ROOT },
                Action: "sts:AssumeRole",
                Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_B}:role/backup` } },
            },
        ]);
    });

    it("a source shared by a principal and a principal-arn role is checked for the principal role only", async () => {
        const c = baseConfig() as any;
        c.targetRoles["table-backup"] = {
            trustMode: "principal-arn",
            trustedSources: ["log-shipper"],
            permissions: { dynamodbBackup: { tables: ["orders"] } },
        };
        // account-b does not grant AssumeRole on table-backup yet: only log-reader (trust mode principal) depends on it.
        const { b } = await renderBoth(baseConfig());
        const a = await render(c, { stack: "account-a", references: { [SOURCE_STACK]: { outputs: b.outputs } } });
        assert.equal(a.error, undefined);
        assert.deepEqual(
            byType(a, "aws:iam/role:Role").map((r) => r.inputs.name),
            ["log-reader", "table-backup"],
        );
        // The principal role is still held to account-b's grant.
        const stale = JSON.parse(JSON.stringify(b.outputs));
        stale.sources["log-shipper"].assumableRoleArns = [`arn:aws:iam::${ACCOUNT_A}:role/table-backup`];
        const refused = await render(c, { stack: "account-a", references: { [SOURCE_STACK]: { outputs: stale } } });
        assert.ok(ConfigError.isConfigError(refused.error));
        assert.deepEqual(refused.error.problems, [
            `stack ${SOURCE_STACK}: source "log-shipper" may not assume ${READER} (not in its assumableRoleArns); ${UPDATE_B}`,
        ]);
    });

    it("reads the stack named by sourceStack", async () => {
        const c = { ...baseConfig(), sourceStack: "acme/iam/prod-b" };
        const b = await render(c, { stack: "account-b" });
        const a = await render(c, { stack: "account-a", references: { "acme/iam/prod-b": { outputs: b.outputs } } });
        assert.equal(a.error, undefined);
        assert.equal(a.outputs.sourceStack, "acme/iam/prod-b");
    });
});
