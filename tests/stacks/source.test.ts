/**
 * account-b, the source side (stacks/source.ts), under Pulumi mocks: each source kind's resources,
 * their exact documents, and the outputs account-a reads.
 */
import { strict as assert } from "assert";
import { ACCOUNT_B, READER, SHIPPER, awsResources, baseConfig, byType, doc, renderBoth, resource } from "../support/harness";

describe("account-b (source side) under mocks", () => {
    it("declares the EC2 source role, its AssumeRole-only policy and an instance profile, nothing else", async () => {
        const { b } = await renderBoth(baseConfig());
        assert.deepEqual(
            awsResources(b).map((r) => `${r.type} ${r.name}`),
            [
                "aws:iam/role:Role log-shipper-role",
                "aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles",
                "aws:iam/instanceProfile:InstanceProfile log-shipper-instance-profile",
            ],
        );
        const role = resource(b, "aws:iam/role:Role", "log-shipper-role");
        assert.equal(role.inputs.name, "log-shipper");
        assert.equal(role.inputs.path, "/cross-account/");
        assert.deepEqual(doc(role, "assumeRolePolicy"), {
            Version: "2012-10-17",
            Statement: [{ Sid: "AllowEc2ToAssume", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        assert.deepEqual(doc(resource(b, "aws:iam/rolePolicy:RolePolicy", "log-shipper-assume-target-roles"), "policy"), {
            Version: "2012-10-17",
            Statement: [{ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: READER }],
        });
        assert.deepEqual(resource(b, "aws:iam/instanceProfile:InstanceProfile", "log-shipper-instance-profile").inputs, {
            name: "log-shipper",
            path: "/cross-account/",
            role: "log-shipper",
        });
    });

    it("exports the source principal, its unique id, instance profile and the ARNs it may assume", async () => {
        const { b } = await renderBoth(baseConfig());
        const uniqueId = (b.outputs.sources as Record<string, { uniqueIds: string[] }>)["log-shipper"].uniqueIds[0];
        assert.match(uniqueId, /^AROA[0-9A-F]{17}$/);
        assert.deepEqual(b.outputs, {
            side: "source",
            sourceAccountId: ACCOUNT_B,
            sources: {
                "log-shipper": {
                    kind: "service-role",
                    arns: [SHIPPER],
                    uniqueIds: [uniqueId],
                    name: "log-shipper",
                    instanceProfileName: "log-shipper",
                    assumableRoleArns: [READER],
                },
            },
            assumableRoleArns: [READER],
        });
        assert.deepEqual(b.secretOutputNames, []);
    });

    it("creates no instance profile for Lambda and ECS task roles", async () => {
        for (const service of ["lambda", "ecs-tasks"]) {
            const c = baseConfig() as any;
            c.sources["log-shipper"].service = service;
            const { b } = await renderBoth(c);
            assert.deepEqual(byType(b, "aws:iam/instanceProfile:InstanceProfile"), []);
            assert.equal((b.outputs.sources as any)["log-shipper"].instanceProfileName, undefined);
        }
    });

    it("an IAM user source gets an AssumeRole-only user policy and never an access key", async () => {
        const c = baseConfig() as any;
        c.sources = { operator: { kind: "user", path: "/ops/" } };
        c.targetRoles["log-reader"].trustedSources = ["operator"];
        const { b } = await renderBoth(c);
        assert.deepEqual(
            awsResources(b).map((r) => r.type),
            ["aws:iam/user:User", "aws:iam/userPolicy:UserPolicy"],
        );
        assert.deepEqual(doc(resource(b, "aws:iam/userPolicy:UserPolicy", "operator-assume-target-roles"), "policy").Statement, [
            { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: READER },
        ]);
    });

    it("an IAM group source gets an AssumeRole-only group policy for its members", async () => {
        const c = baseConfig() as any;
        c.sources = { developers: { kind: "group" } };
        c.targetRoles["log-reader"].trustedSources = [{ source: "developers", mfa: true }];
        const { a, b } = await renderBoth(c);
        assert.deepEqual(
            awsResources(b).map((r) => `${r.type} ${r.name}`),
            ["aws:iam/group:Group developers-group", "aws:iam/groupPolicy:GroupPolicy developers-assume-target-roles"],
        );
        assert.deepEqual(doc(resource(b, "aws:iam/groupPolicy:GroupPolicy", "developers-assume-target-roles"), "policy").Statement[0].Resource, READER);
        assert.deepEqual(doc(resource(a, "aws:iam/role:Role", "log-reader-role"), "assumeRolePolicy").Statement[0].Principal, {
            AWS: `arn:aws:iam::${ACCOUNT_B}:root`,
        });
    });

    it("existing principals and the account root create nothing in B", async () => {
        const c = baseConfig() as any;
        c.sources = { ci: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/ci`] }, vendor: { kind: "account-root" } };
        c.targetRoles["log-reader"].trustedSources = ["ci", { source: "vendor", externalId: true }];
        c.externalIds = { "log-reader": "tenant-42" };
        const { b } = await renderBoth(c);
        assert.deepEqual(awsResources(b), []);
        assert.deepEqual((b.outputs.sources as any).ci.assumableRoleArns, [READER]);
    });
});
