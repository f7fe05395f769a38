/**
 * account-a, the target side (stacks/target.ts), under Pulumi mocks, account-b's outputs fed to its
 * StackReference: the trust and permission documents, managed policies and tags, and the outputs.
 */
import { strict as assert } from "assert";
import { uniqueIdRevision } from "../../lib/policies/trust";
import { ACCOUNT_A, ACCOUNT_B, B_ROOT, READER, SHIPPER, SOURCE_STACK, baseConfig, byType, doc, render, renderBoth, resource } from "../support/harness";

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
