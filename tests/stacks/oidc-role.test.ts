/**
 * What account B declares for an `oidc-role` source (the OIDC provider, the role and its grant, the
 * outputs), and how account A trusts it.
 */
import { strict as assert } from "assert";
import type { PolicyDocument } from "../../lib/model/policy";
import { Mutable } from "../support/bad-config";
import { ACCOUNT_A, ACCOUNT_B, render, renderBoth } from "../support/harness";
import { GITHUB, PROVIDER, githubConfig } from "../support/oidc";

describe("oidc-role: what account B declares", () => {
    it("an OIDC provider, the role trusting it and the exact AssumeRole grant; outputs say role chaining caps sessions at 1 hour", async () => {
        const b = await render(githubConfig(), { stack: "account-b" });
        assert.equal(b.error, undefined);
        const aws = b.resources.filter((r) => r.type.startsWith("aws:"));
        assert.deepEqual(
            aws.map((r) => `${r.type} ${r.name}`),
            [
                "aws:iam/openIdConnectProvider:OpenIdConnectProvider oidc-provider-token-actions-githubusercontent-com-provider",
                "aws:iam/role:Role github-deploy-role",
                "aws:iam/rolePolicy:RolePolicy github-deploy-assume-target-roles",
            ],
        );
        assert.deepEqual(aws[0].inputs, { url: `https://${GITHUB}`, clientIdLists: ["sts.amazonaws.com"], tags: {} });
        assert.deepEqual(JSON.parse(aws[2].inputs.policy as string), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${ACCOUNT_A}:role/cross-account/deployer` },
            ],
        });
        const out = (b.outputs.sources as Record<string, Record<string, unknown>>)["github-deploy"];
        assert.equal(out.oidcProviderArn, PROVIDER);
        assert.deepEqual(out.notes, [
            "Role chaining: the CI job's session of this role is a role session, so assuming a role of account A from it is role chaining, which AWS caps at 1 hour (3600 s) whatever that role's maxSessionDuration says.",
        ]);
    });

    it("with providerArn, account B creates no provider and the trust names that one", async () => {
        const config = githubConfig();
        (config.sources as Mutable)["github-deploy"].providerArn = PROVIDER;
        const b = await render(config, { stack: "account-b" });
        assert.deepEqual(
            b.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.type),
            ["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"],
        );
    });

    it("account A trusts B's CI role by ARN, with the unique-id revision of a created role", async () => {
        const { a } = await renderBoth(githubConfig());
        const role = a.resources.find((r) => r.type === "aws:iam/role:Role")!;
        const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as PolicyDocument;
        assert.equal(trust.Statement.length, 1);
        assert.match(trust.Statement[0].Sid!, /^TrustGithubDeployRev[0-9a-f]{10}$/);
        assert.deepEqual(
            { ...trust.Statement[0], Sid: undefined },
            {
                Sid: undefined,
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:role/ci/github-deploy` },
                Action: "sts:AssumeRole",
            },
        );
    });
});
