/**
 * An `oidc-role` source with named accounts: it lives in the account it names, like every source, so its OIDC
 * provider, its web identity trust and its ARN are that account's, and its grant names the role in every account
 * the trusting role is deployed to.
 */
import { strict as assert } from "assert";
import { parseConfig, validateConfig } from "../../lib/config/read";
import { thirdAccount } from "../../tools/access-report/callers";
import { buildAccessReport } from "../../tools/access-report/report";
import type { PolicyDocument } from "../../lib/model/policy";
import { flatten, render } from "../support/harness";

type Mutable = Record<string, any>;

const TOOLING = "222222222222";
const DEV = "333333333333";
const PROD = "111111111111";
const GITHUB = "token.actions.githubusercontent.com";

function config(): Mutable {
    return {
        accounts: { tooling: TOOLING, dev: DEV, prod: PROD },
        sources: { deploy: { kind: "oidc-role", account: "tooling", github: { repository: "acme/app", branch: "main" } } },
        targetRoles: { deployer: { accounts: ["dev", "prod"], trustedSources: ["deploy"], permissions: { logsRead: { logGroups: ["/app/deploy"] } } } },
        "aws:region": "eu-west-1",
    };
}

describe("oidc-role with named accounts", () => {
    it("tooling creates the provider and the role trusting it, granted deployer in dev and prod by exact ARNs", async () => {
        const tooling = await render(config(), { stack: "tooling" });
        assert.equal(tooling.error, undefined);
        const role = tooling.resources.find((r) => r.type === "aws:iam/role:Role")!;
        const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as PolicyDocument;
        assert.deepEqual(
            trust.Statement.map((s) => s.Principal),
            [{ Federated: `arn:aws:iam::${TOOLING}:oidc-provider/${GITHUB}` }],
        );
        const grant = tooling.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!;
        assert.deepEqual(JSON.parse(grant.inputs.policy as string), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AssumeTargetRoles",
                    Effect: "Allow",
                    Action: "sts:AssumeRole",
                    Resource: [`arn:aws:iam::${DEV}:role/deployer`, `arn:aws:iam::${PROD}:role/deployer`],
                },
            ],
        });
        assert.equal(role.inputs.description, `Assumed by ${GITHUB} jobs through OIDC; may only assume roles of accounts dev, prod`);
        const out = (tooling.outputs.sources as Record<string, Record<string, unknown>>).deploy;
        assert.equal(out.oidcProviderArn, `arn:aws:iam::${TOOLING}:oidc-provider/${GITHUB}`);
        assert.deepEqual(out.arns, [`arn:aws:iam::${TOOLING}:role/deploy`]);
    });

    it("refuses a providerArn of another account, naming the source's own", () => {
        const c = config();
        c.sources.deploy.providerArn = `arn:aws:iam::${DEV}:oidc-provider/${GITHUB}`;
        assert.deepEqual(validateConfig(flatten(c), { project: "cross-account-iam", organization: "organization", stack: "prod" }), [
            `sources.deploy.providerArn = "arn:aws:iam::${DEV}:oidc-provider/${GITHUB}": expected the provider of issuer https://${GITHUB} in account tooling (${TOOLING}), where source deploy lives, arn:aws:iam::${TOOLING}:oidc-provider/${GITHUB}`,
        ]);
    });

    it("a target stack trusts the role by its ARN in tooling", async () => {
        const tooling = await render(config(), { stack: "tooling" });
        const dev = await render(config(), { stack: "dev", references: { "organization/cross-account-iam/tooling": { outputs: tooling.outputs } } });
        assert.equal(dev.error, undefined);
        const role = dev.resources.find((r) => r.type === "aws:iam/role:Role")!;
        const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as PolicyDocument;
        assert.deepEqual(
            trust.Statement.map((s) => s.Principal),
            [{ AWS: `arn:aws:iam::${TOOLING}:role/deploy` }],
        );
        assert.deepEqual(dev.outputs.sourceStacks, { tooling: "organization/cross-account-iam/tooling" });
        // The access report of dev: the job's token becomes tooling's role (web identity checks), which assumes deployer here, not in another account.
        const report = await buildAccessReport({
            config: parseConfig(flatten(config()), { project: "cross-account-iam", organization: "organization", stack: "dev" }),
            sourceResources: new Map([["tooling", tooling.resources]]),
            targetResources: dev.resources,
            secretValues: [],
            stacks: [],
        });
        const checks = report.roles.flatMap((r) => r.checks);
        assert.deepEqual(
            checks.filter((c) => c.result !== "PASS").map((c) => c.title),
            [],
        );
        assert.ok(
            checks.some((c) => c.action === "sts:AssumeRoleWithWebIdentity" && c.resource === `arn:aws:iam::${TOOLING}:role/deploy` && c.expect === "allow"),
        );
        // deployer is in dev and prod, its source in tooling: the account it is not deployed to is one outside the config.
        assert.deepEqual(
            checks.filter((c) => c.kind === "other-account").map((c) => [c.resource, c.expect]),
            [
                [
                    `arn:aws:iam::${thirdAccount({
                        accounts: [
                            { name: "tooling", id: TOOLING },
                            { name: "dev", id: DEV },
                            { name: "prod", id: PROD },
                        ],
                    })}:role/deployer`,
                    "deny",
                ],
            ],
        );
    });
});
