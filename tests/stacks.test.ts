/**
 * Both stacks under Pulumi mocks, account-b's outputs fed to account-a's StackReference:
 * the resources, their exact documents, the outputs, and the cross-stack consistency checks.
 */
import { strict as assert } from "assert";
import { ConfigError } from "../lib/errors";
import { uniqueIdRevision } from "../lib/policies/trust";
import { ACCOUNT_A, ACCOUNT_B, SOURCE_STACK, awsResources, baseConfig, byType, doc, render, renderBoth, resource } from "./harness";

const SHIPPER = `arn:aws:iam::${ACCOUNT_B}:role/cross-account/log-shipper`;
const READER = `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`;
const B_ROOT = `arn:aws:iam::${ACCOUNT_B}:root`;
const UPDATE_B = "update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again";

/** Every `Principal.AWS` ARN of the trust policies account-a declares, once each, sorted. */
function principalsOfTrustPolicies(a: Awaited<ReturnType<typeof render>>): string[] {
    const all = byType(a, "aws:iam/role:Role").flatMap((r) =>
        doc(r, "assumeRolePolicy").Statement.flatMap((st) => {
            const p = typeof st.Principal === "object" ? st.Principal.AWS : undefined;
            return p === undefined ? [] : typeof p === "string" ? [p] : p;
        }),
    );
    return [...new Set(all)].sort();
}

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

describe("account-a (target side) under mocks", () => {
    it("trusts exactly the principal read from account-b's outputs, with a Sid tied to its unique id", async () => {
        const { a, b } = await renderBoth(baseConfig());
        const uniqueId = (b.outputs.sources as any)["log-shipper"].uniqueIds[0] as string;
        const role = resource(a, "aws:iam/role:Role", "log-reader-role");
        assert.deepEqual(doc(role, "assumeRolePolicy"), {
            Version: "2012-10-17",
            Statement: [{ Sid: `TrustLogShipper${uniqueIdRevision([uniqueId])}`, Effect: "Allow", Principal: { AWS: SHIPPER }, Action: "sts:AssumeRole" }],
        });
        assert.equal(role.inputs.name, "log-reader");
        assert.equal(role.inputs.path, "/cross-account/");
        assert.equal(role.inputs.maxSessionDuration, 3600);
        assert.deepEqual(role.secretPaths, []);
    });

    it("lets the role read only the named log group", async () => {
        const { a } = await renderBoth(baseConfig());
        const lg = `arn:aws:logs:eu-west-1:${ACCOUNT_A}:log-group:/app/cron`;
        assert.deepEqual(doc(resource(a, "aws:iam/rolePolicy:RolePolicy", "log-reader-permissions"), "policy"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadLogGroups",
                    Effect: "Allow",
                    Action: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
                    Resource: [lg, `${lg}:*`],
                },
                {
                    Sid: "DescribeLogGroupsInRegion",
                    Effect: "Allow",
                    Action: "logs:DescribeLogGroups",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
                },
            ],
        });
    });

    it("references the log group by name, or creates it when config asks", async () => {
        const { a } = await renderBoth(baseConfig());
        assert.deepEqual(byType(a, "aws:cloudwatch/logGroup:LogGroup"), []);
        const c = baseConfig() as any;
        c.targetRoles["log-reader"].permissions.logsRead = { logGroups: ["/app/cron"], create: true, retentionInDays: 30 };
        const created = await renderBoth(c);
        assert.deepEqual(
            byType(created.a, "aws:cloudwatch/logGroup:LogGroup").map((r) => [r.name, r.inputs]),
            [["log-group-app-cron", { name: "/app/cron", retentionInDays: 30 }]],
        );
    });

    it("reads account-b through a StackReference named <org>/<project>/account-b by default", async () => {
        const { a } = await renderBoth(baseConfig());
        assert.equal(a.outputs.sourceStack, SOURCE_STACK);
    });

    it("exports the target role and the trusted principal", async () => {
        const { a } = await renderBoth(baseConfig());
        assert.deepEqual(a.outputs.trustedPrincipalArns, [SHIPPER]);
        assert.deepEqual(a.outputs.trustedPrincipalArns, principalsOfTrustPolicies(a));
        assert.deepEqual(a.outputs.targetAccountId, ACCOUNT_A);
        assert.deepEqual((a.outputs.roles as any)["log-reader"], {
            arn: READER,
            name: "log-reader",
            path: "/cross-account/",
            trustMode: "principal",
            maxSessionDuration: 3600,
            trustedSources: [{ source: "log-shipper", kind: "service-role", principalArns: [SHIPPER], trustPrincipals: [SHIPPER], externalId: false }],
            resources: { region: "eu-west-1", logGroups: ["/app/cron"], dynamodbTables: [], s3ListAllBuckets: false },
            managedPolicyArns: [],
        });
    });

    it("trustedPrincipalArns lists every Principal.AWS of the trust policies, B's root included; each source names the aws:PrincipalArn that narrows it", async () => {
        const c = baseConfig() as any;
        c.sources.developers = { kind: "group" };
        c.sources.vendor = { kind: "account-root" };
        c.targetRoles["log-reader"].trustedSources = ["log-shipper", { source: "developers", mfa: true }, { source: "vendor", externalId: true, mfa: true }];
        c.targetRoles["table-backup"] = {
            trustMode: "principal-arn",
            trustedSources: ["log-shipper"],
            permissions: { dynamodbBackup: { tables: ["orders"] } },
        };
        c.externalIds = { "log-reader": "do-not-print-me" };
        const { a } = await renderBoth(c);
        assert.deepEqual(a.outputs.trustedPrincipalArns, [SHIPPER, B_ROOT]);
        assert.deepEqual(principalsOfTrustPolicies(a), [SHIPPER, B_ROOT]);
        const trusted = (role: string) => (a.outputs.roles as any)[role].trustedSources;
        assert.deepEqual(trusted("log-reader"), [
            { source: "log-shipper", kind: "service-role", principalArns: [SHIPPER], trustPrincipals: [SHIPPER], externalId: false },
            {
                source: "developers",
                kind: "group",
                principalArns: [],
                trustPrincipals: [B_ROOT],
                principalArnCondition: { ArnLike: [`arn:aws:iam::${ACCOUNT_B}:user/*`] },
                externalId: false,
                mfaMaxAgeSeconds: 3600,
            },
            { source: "vendor", kind: "account-root", principalArns: [], trustPrincipals: [B_ROOT], externalId: true, mfaMaxAgeSeconds: 3600 },
        ]);
        assert.deepEqual(trusted("table-backup"), [
            {
                source: "log-shipper",
                kind: "service-role",
                principalArns: [SHIPPER],
                trustPrincipals: [B_ROOT],
                principalArnCondition: { ArnEquals: [SHIPPER] },
                externalId: false,
            },
        ]);
        assert.ok(!JSON.stringify(a.outputs.roles).includes("do-not-print-me"));
    });

    it("one role's ExternalId makes the whole clientConfig output secret, the other roles' snippets included", async () => {
        const c = baseConfig() as any;
        c.sources.backup = { kind: "service-role", service: "ec2" };
        c.targetRoles["table-backup"] = { trustedSources: [{ source: "backup", externalId: true }], permissions: { dynamodbBackup: { tables: ["orders"] } } };
        c.externalIds = { "table-backup": "do-not-print-me" };
        const { a } = await renderBoth(c);
        assert.deepEqual(a.secretOutputNames, ["clientConfig"]);
        assert.deepEqual(Object.keys(a.outputs.clientConfig as object), ["log-reader", "table-backup"]);
    });

    it("keeps the ExternalId secret: the trust policy input is secret and no plain output carries it", async () => {
        const c = baseConfig() as any;
        c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", externalId: true }];
        c.externalIds = { "log-reader": "do-not-print-me" };
        const { a } = await renderBoth(c);
        const role = resource(a, "aws:iam/role:Role", "log-reader-role");
        assert.deepEqual(role.secretPaths, ["assumeRolePolicy"]);
        assert.deepEqual(doc(role, "assumeRolePolicy").Statement[0].Condition, { StringEquals: { "sts:ExternalId": "do-not-print-me" } });
        for (const [name, value] of Object.entries(a.outputs)) {
            if (a.secretOutputNames.includes(name)) continue;
            assert.ok(!JSON.stringify(value).includes("do-not-print-me"), `output ${name} leaks the ExternalId`);
        }
    });

    it("attaches managed policies, a permissions boundary, tags and the session length", async () => {
        const c = baseConfig() as any;
        Object.assign(c.targetRoles["log-reader"], {
            maxSessionDuration: 7200,
            permissionsBoundary: `arn:aws:iam::${ACCOUNT_A}:policy/boundary`,
            tags: { team: "platform" },
            description: "Reads the cron logs",
        });
        c.targetRoles["log-reader"].permissions.managedPolicyArns = ["arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess"];
        const { a } = await renderBoth(c);
        const role = resource(a, "aws:iam/role:Role", "log-reader-role");
        assert.equal(role.inputs.maxSessionDuration, 7200);
        assert.equal(role.inputs.permissionsBoundary, `arn:aws:iam::${ACCOUNT_A}:policy/boundary`);
        assert.deepEqual(role.inputs.tags, { team: "platform" });
        assert.equal(role.inputs.description, "Reads the cron logs");
        assert.deepEqual(resource(a, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "log-reader-CloudWatchLogsReadOnlyAccess").inputs, {
            role: "log-reader",
            policyArn: "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess",
        });
    });

    it("declares several target roles, each with its own sources, and B may assume exactly those that trust it", async () => {
        const c = baseConfig() as any;
        c.sources.backup = { kind: "service-role", service: "ec2" };
        c.targetRoles["table-backup"] = { trustedSources: ["backup"], permissions: { dynamodbBackup: { tables: ["orders"] } } };
        const { a, b } = await renderBoth(c);
        assert.deepEqual(
            byType(a, "aws:iam/role:Role").map((r) => r.inputs.name),
            ["log-reader", "table-backup"],
        );
        assert.deepEqual(
            doc(resource(b, "aws:iam/rolePolicy:RolePolicy", "backup-assume-target-roles"), "policy").Statement[0].Resource,
            `arn:aws:iam::${ACCOUNT_A}:role/table-backup`,
        );
        assert.deepEqual(b.outputs.assumableRoleArns, [READER, `arn:aws:iam::${ACCOUNT_A}:role/table-backup`]);
    });
});

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

describe("lifecycle: recreated roles, deploy order, mixed sources", () => {
    it("a recreated source role (new unique id) changes A's trust policy text, so pulumi up -s account-a repairs it", async () => {
        const first = await renderBoth(baseConfig(), { uniqueIdSalt: "first" });
        const second = await renderBoth(baseConfig(), { uniqueIdSalt: "recreated" });
        const trust = (r: typeof first) => resource(r.a, "aws:iam/role:Role", "log-reader-role").inputs.assumeRolePolicy;
        const ids = (r: typeof first) => (r.b.outputs.sources as any)["log-shipper"].uniqueIds[0];
        assert.notEqual(ids(first), ids(second));
        assert.notEqual(trust(first), trust(second));
        // Only the Sid differs: the principal ARN is the same, as IAM would show it.
        const strip = (r: typeof first) => JSON.parse(trust(r) as string).Statement.map(({ Sid: _sid, ...rest }: { Sid: string }) => rest);
        assert.deepEqual(strip(first), strip(second));
    });

    it("trust mode principal-arn reads no StackReference, so account A can be deployed before account B", async () => {
        const c = baseConfig() as any;
        c.targetRoles["log-reader"].trustMode = "principal-arn";
        const a = await render(c, { stack: "account-a", references: {} });
        assert.equal(a.error, undefined);
        assert.equal(a.outputs.sourceStack, undefined);
        assert.deepEqual(doc(resource(a, "aws:iam/role:Role", "log-reader-role"), "assumeRolePolicy").Statement, [
            {
                Sid: "TrustLogShipper",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
                Action: "sts:AssumeRole",
                Condition: { ArnEquals: { "aws:PrincipalArn": SHIPPER } },
            },
        ]);
        // A recreated B role does not change this trust: it names the ARN, not the unique id.
        const again = await render(c, { stack: "account-a", references: {}, uniqueIdSalt: "recreated" });
        assert.deepEqual(resource(again, "aws:iam/role:Role", "log-reader-role").inputs, resource(a, "aws:iam/role:Role", "log-reader-role").inputs);
    });

    it("a group trusted in trust mode principal reads no StackReference: its trust is B's root narrowed to B's users", async () => {
        const c = baseConfig() as any;
        c.sources = { developers: { kind: "group" }, ci: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/ci`] } };
        c.targetRoles["log-reader"].trustedSources = [{ source: "developers", mfa: true }, "ci"];
        const a = await render(c, { stack: "account-a", references: {} });
        assert.equal(a.error, undefined);
        assert.equal(a.outputs.sourceStack, undefined);
        assert.deepEqual(doc(resource(a, "aws:iam/role:Role", "log-reader-role"), "assumeRolePolicy").Statement, [
            {
                Sid: "TrustDevelopers",
                Effect: "Allow",
                Principal: { AWS: B_ROOT },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_B}:user/*` },
                    Bool: { "aws:MultiFactorAuthPresent": "true" },
                    NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
                },
            },
            { Sid: "TrustCi", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:role/ci` }, Action: "sts:AssumeRole" },
        ]);
    });

    it("trust mode principal fails clearly when account-b's stack does not exist yet", async () => {
        const a = await render(baseConfig(), { stack: "account-a", references: {} });
        assert.ok(a.error instanceof Error);
        assert.match(a.error.message, /no such stack: organization\/cross-account-iam\/account-b/);
        assert.deepEqual(awsResources(a), []);
    });

    it("one role serves a nightly job (no MFA) and people (MFA), as separate trust statements", async () => {
        const c = baseConfig() as any;
        c.sources.operators = { kind: "group" };
        c.targetRoles["log-reader"].trustedSources = ["log-shipper", { source: "operators", mfa: { maxAgeSeconds: 3600 } }];
        const { a } = await renderBoth(c);
        const statements = doc(resource(a, "aws:iam/role:Role", "log-reader-role"), "assumeRolePolicy").Statement;
        assert.equal(statements.length, 2);
        assert.equal(statements[0].Condition, undefined);
        assert.deepEqual(statements[1].Condition?.Bool, { "aws:MultiFactorAuthPresent": "true" });
    });
});
