/**
 * An `sso-permission-set` source with named accounts: the AWSReservedSSO roles of the source's account are trusted
 * by the role in every account it is deployed to, and the permission set's inline policy (the grant, on the exact
 * role ARNs) is written by the stack of `identityCenter.account`, the administration account, one of `accounts`.
 */
import { strict as assert } from "assert";
import { parseConfig, validateConfig } from "../../lib/config/read";
import type { PolicyDocument } from "../../lib/model/policy";
import { deployOrder, stackDependencies } from "../../lib/deploy-order";
import { buildAccessReport } from "../../tools/access-report/report";
import { editPolicy, failures } from "../support/access-report";
import { flatten, render } from "../support/harness";

type Mutable = Record<string, any>;

const IDENTITY = "222222222222";
const DEV = "333333333333";
const PROD = "111111111111";
const MANAGEMENT = "999999999999";
const TOOLING = "444444444444";
const PS_OPERATOR = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-abcdef1234567890";
const PS = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef";
const ctx = (stack: string) => ({ project: "cross-account-iam", organization: "organization", stack });

function config(): Mutable {
    return {
        accounts: { identity: IDENTITY, dev: DEV, prod: PROD, management: MANAGEMENT },
        sources: { readers: { kind: "sso-permission-set", account: "identity", permissionSet: "LogReader" } },
        identityCenter: {
            startUrl: "https://acme.awsapps.com/start",
            region: "eu-west-1",
            account: "management",
            instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
            permissionSets: { LogReader: PS },
        },
        targetRoles: { "log-reader": { accounts: ["dev", "prod"], trustedSources: ["readers"], permissions: { logsRead: { logGroups: ["/app/x"] } } } },
        "aws:region": "eu-west-1",
    };
}

async function rendered() {
    const identity = await render(config(), { stack: "identity", accountId: IDENTITY });
    const management = await render(config(), { stack: "management", accountId: MANAGEMENT });
    const dev = await render(config(), {
        stack: "dev",
        accountId: DEV,
        references: { "organization/cross-account-iam/identity": { outputs: identity.outputs } },
    });
    return { identity, management, dev };
}

/** Two permission sets, their roles in two accounts (identity and tooling), trusted by one role: each pattern names its own account. */
function twoAccountsConfig(): Mutable {
    const c = config();
    c.accounts.tooling = TOOLING;
    c.sources.ops = { kind: "sso-permission-set", account: "tooling", permissionSet: "Operator" };
    c.identityCenter.permissionSets.Operator = PS_OPERATOR;
    c.targetRoles["log-reader"].trustedSources = ["readers", "ops"];
    return c;
}

describe("sso-permission-set with named accounts", () => {
    it("the management stack writes the permission set's inline policy: the exact role ARNs in dev and prod", async () => {
        const { management } = await rendered();
        assert.equal(management.error, undefined);
        const written = management.resources.filter((r) => r.type === "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy");
        assert.deepEqual(
            written.map((r) => ({ ...r.inputs, inlinePolicy: JSON.parse(r.inputs.inlinePolicy as string) })),
            [
                {
                    instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
                    permissionSetArn: PS,
                    inlinePolicy: {
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "AssumeTargetRoles",
                                Effect: "Allow",
                                Action: "sts:AssumeRole",
                                Resource: [`arn:aws:iam::${DEV}:role/log-reader`, `arn:aws:iam::${PROD}:role/log-reader`],
                            },
                        ],
                    },
                },
            ],
        );
        assert.deepEqual(management.outputs, { side: "source", account: "management", sourceAccountId: MANAGEMENT, sources: {}, assumableRoleArns: [] });
    });

    it("the management stack is in the deploy order (it reads no stack), which npm run plan and npm start follow", () => {
        const cfg = parseConfig(flatten(config()), ctx("management"));
        assert.equal(cfg.side, "source");
        const order = deployOrder(stackDependencies(cfg, {}));
        assert.ok(order.ok);
        assert.deepEqual(order.up, ["identity", "dev", "prod", "management"]);
    });

    it("the identity stack writes nothing and says which stack writes the grant", async () => {
        const { identity } = await rendered();
        assert.deepEqual(
            identity.resources.map((r) => r.type),
            ["pulumi:pulumi:Stack"],
        );
        const out = (identity.outputs.sources as Record<string, Record<string, unknown>>).readers;
        assert.equal(out.permissionSetInlinePolicy, undefined);
        assert.equal(
            (out.notes as string[])[1],
            `the stack of account management (${MANAGEMENT}), the Identity Center administration account, writes the AssumeRole grant as the inline policy of permission set LogReader (replacing any inline policy it had); Identity Center provisions it to every account the permission set is assigned to.`,
        );
    });

    it("the role in dev trusts identity's root narrowed to the permission set's roles: the whole document", async () => {
        const { dev } = await rendered();
        const role = dev.resources.find((r) => r.type === "aws:iam/role:Role")!;
        assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy as string) as PolicyDocument, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TrustReaders",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` },
                    Action: "sts:AssumeRole",
                    Condition: {
                        ArnLike: {
                            "aws:PrincipalArn": [
                                `arn:aws:iam::${IDENTITY}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_LogReader_*`,
                                `arn:aws:iam::${IDENTITY}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_LogReader_*`,
                            ],
                        },
                    },
                },
            ],
        });
    });

    it("the client snippets of dev sign in to the permission set in identity", async () => {
        const { dev } = await rendered();
        const cc = dev.outputs.clientConfig as Record<string, { sources: Record<string, { notes: string[]; awsConfigProfile: string }> }>;
        const readers = cc["log-reader"].sources.readers;
        assert.match(
            readers.awsConfigProfile,
            new RegExp(`\\[profile readers\\]\\nsso_session = identity-center\\nsso_account_id = ${IDENTITY}\\nsso_role_name = LogReader\\n`),
        );
        assert.match(
            readers.notes[0],
            new RegExp(
                `^Profile readers signs in through IAM Identity Center \\(https://acme.awsapps.com/start\\) as permission set LogReader in account identity \\(${IDENTITY}\\), which must be assigned to you there`,
            ),
        );
    });

    it("when the source's own account is the administration account, its stack writes the inline policy and management holds nothing", async () => {
        const c = config();
        c.identityCenter.account = "identity";
        const identity = await render(c, { stack: "identity", accountId: IDENTITY });
        assert.deepEqual(
            identity.resources
                .filter((r) => r.type === "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy")
                .map((r) => r.inputs.permissionSetArn),
            [PS],
        );
        assert.deepEqual(validateConfig(flatten(c), ctx("management")), [
            "account: account management holds no source and no role is deployed to it, so this stack would create nothing; name it in sources.<key>.account or targetRoles.<role>.accounts, or remove the stack",
        ]);
    });

    it("refuses an administration account that is not one of the accounts when it is to write the permission sets", () => {
        const c = config();
        c.identityCenter.account = "888888888888";
        assert.deepEqual(validateConfig(flatten(c), ctx("dev")), [
            `identityCenter.account = "888888888888": expected one of the accounts (identity, dev, prod, management): its stack writes the inline policy of permission set LogReader; add the account to accounts, or remove instanceArn and permissionSets (each source's stack then outputs the grant for the administration account's admins to attach)`,
        ]);
        c.identityCenter.account = "nobody";
        assert.deepEqual(validateConfig(flatten(c), ctx("dev")), [
            'identityCenter.account = "nobody": expected a 12-digit AWS account id, or the name of one of the accounts (identity, dev, prod, management)',
        ]);
    });

    it("without instanceArn the identity stack outputs the grant for the admins of the administration account", async () => {
        const c = config();
        delete c.identityCenter.instanceArn;
        delete c.identityCenter.permissionSets;
        c.identityCenter.account = "888888888888";
        const identity = await render(c, { stack: "identity", accountId: IDENTITY });
        assert.equal(identity.error, undefined);
        const out = (identity.outputs.sources as Record<string, Record<string, unknown>>).readers;
        assert.deepEqual(JSON.parse(out.permissionSetInlinePolicy as string).Statement[0].Resource, [
            `arn:aws:iam::${DEV}:role/log-reader`,
            `arn:aws:iam::${PROD}:role/log-reader`,
        ]);
        assert.match(
            (out.notes as string[])[1],
            /^the stack of account identity cannot write permission set LogReader: the admins of account 888888888888, the Identity Center administration account, must put/,
        );
    });

    it("the access report of dev passes with the written inline policy, and fails a trust that lets every role of identity in", async () => {
        const { identity, management, dev } = await rendered();
        const input = {
            config: parseConfig(flatten(config()), ctx("dev")),
            sourceResources: new Map([
                ["identity", identity.resources],
                ["management", management.resources],
            ]),
            targetResources: dev.resources,
            secretValues: [],
            stacks: [],
        };
        const report = await buildAccessReport(input);
        const checks = report.roles.flatMap((r) => r.checks);
        assert.deepEqual(
            checks.filter((c) => c.result !== "PASS").map((c) => c.title),
            [],
        );
        assert.ok(
            checks.some(
                (c) =>
                    c.title ===
                    `an IAM user of account identity (${IDENTITY}) (arn:aws:iam::${IDENTITY}:user/AWSReservedSSO_LogReader_0123456789abcdef) is refused`,
            ),
        );
        const name = dev.resources.find((r) => r.type === "aws:iam/role:Role")!.name;
        const loose = await buildAccessReport({
            ...input,
            targetResources: editPolicy("aws:iam/role:Role", name, "assumeRolePolicy", (d) => {
                delete d.Statement[0].Condition;
            })(structuredClone(dev.resources)),
        });
        assert.ok(failures(loose).length >= 8, failures(loose).join("\n"));
        assert.ok(
            failures(loose).every((f) => f.endsWith("=> expected deny, got Allowed")),
            failures(loose).join("\n"),
        );
    });

    it("two permission sets of two accounts: management writes both, and each SSO role's twin in the other account is refused", async () => {
        const c = twoAccountsConfig();
        const identity = await render(c, { stack: "identity", accountId: IDENTITY });
        const tooling = await render(c, { stack: "tooling", accountId: TOOLING });
        const management = await render(c, { stack: "management", accountId: MANAGEMENT });
        const dev = await render(c, {
            stack: "dev",
            accountId: DEV,
            references: {
                "organization/cross-account-iam/identity": { outputs: identity.outputs },
                "organization/cross-account-iam/tooling": { outputs: tooling.outputs },
            },
        });
        assert.deepEqual(
            management.resources
                .filter((r) => r.type === "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy")
                .map((r) => [r.name, r.inputs.permissionSetArn]),
            [
                ["readers-permission-set-grant-inline-policy", PS],
                ["ops-permission-set-grant-inline-policy", PS_OPERATOR],
            ],
        );
        const report = await buildAccessReport({
            config: parseConfig(flatten(c), ctx("dev")),
            sourceResources: new Map([
                ["identity", identity.resources],
                ["tooling", tooling.resources],
                ["management", management.resources],
            ]),
            targetResources: dev.resources,
            secretValues: [],
            stacks: [],
        });
        const checks = report.roles.flatMap((r) => r.checks);
        assert.deepEqual(
            checks.filter((x) => x.result !== "PASS").map((x) => x.title),
            [],
        );
        const sso = (account: string, name: string, region = "") =>
            `role /aws-reserved/sso.amazonaws.com/${region}AWSReservedSSO_${name}_0123456789abcdef of account ${account}`;
        assert.deepEqual(
            checks.filter((x) => x.title.includes("the same name in another account")).map((x) => `${x.result} ${x.expect} ${x.title}`),
            [
                `PASS deny ${sso("tooling", "LogReader")} (${TOOLING}), the same name in another account log-reader trusts, is refused`,
                `PASS deny ${sso("tooling", "LogReader", "eu-west-1/")} (${TOOLING}), the same name in another account log-reader trusts, is refused`,
                `PASS deny ${sso("identity", "Operator")} (${IDENTITY}), the same name in another account log-reader trusts, is refused`,
                `PASS deny ${sso("identity", "Operator", "eu-west-1/")} (${IDENTITY}), the same name in another account log-reader trusts, is refused`,
            ],
        );
    });
});
