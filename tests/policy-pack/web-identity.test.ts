/**
 * The policy pack's rule for web identity trusts (iam-web-identity-trust-requires-sub), called
 * directly with hand-built args: a passing and a failing case each, with the exact messages.
 */
import { strict as assert } from "assert";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { ROLE_TYPE } from "../../policy-pack/resources";
import { webIdentityTrustRequiresSub } from "../../policy-pack/rules/web-identity";
import { ACCOUNT_B, baseConfig, renderBoth } from "../support/harness";

const GH = "token.actions.githubusercontent.com";
const FEDERATED = { Federated: `arn:aws:iam::${ACCOUNT_B}:oidc-provider/${GH}` };

async function check(assumeRolePolicy: unknown): Promise<string[]> {
    const messages: string[] = [];
    const args = { type: ROLE_TYPE, name: "ci", props: { assumeRolePolicy } } as unknown as ResourceValidationArgs;
    const v = webIdentityTrustRequiresSub.validateResource;
    for (const f of Array.isArray(v) ? v : v ? [v] : []) await f(args, (m) => messages.push(m));
    return messages;
}
const trust = (Condition?: object) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "Ci", Effect: "Allow", Principal: FEDERATED, Action: "sts:AssumeRoleWithWebIdentity", ...(Condition ? { Condition } : {}) }],
    });

describe("policy pack: a web identity trust requires its sub claim (iam-web-identity-trust-requires-sub)", () => {
    it("passes sub with StringEquals, and StringLike with a wildcard inside one repository", async () => {
        assert.deepEqual(await check(trust({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" } })), []);
        assert.deepEqual(await check(trust({ StringLike: { [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/release/*" } })), []);
    });

    it("fails no sub condition, StringEqualsIfExists, a whole organization, a bare *, and StringLike without a wildcard", async () => {
        const at = `Role "ci": trust policy statement "Ci" trusts OIDC provider ${GH}`;
        const none = `${at} with no condition on ${GH}:sub, so every job that issuer serves may assume the role; require StringEquals ${GH}:sub = the repository and ref (e.g. repo:acme/app:ref:refs/heads/main)`;
        assert.deepEqual(await check(trust({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" } })), [none]);
        assert.deepEqual(await check(trust()), [none]);
        assert.deepEqual(await check(trust({ StringEqualsIfExists: { [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" } })), [none]);
        assert.deepEqual(await check(trust({ StringLike: { [`${GH}:sub`]: ["repo:acme/*", "*"] } })), [
            `${at} with StringLike ${GH}:sub repo:acme/*, *, which matches other repositories or projects; name one of them`,
        ]);
        assert.deepEqual(await check(trust({ StringLike: { [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" } })), [
            `${at} with StringLike on ${GH}:sub but no wildcard in repo:acme/app:ref:refs/heads/main; use StringEquals, which says the value is exact`,
        ]);
    });

    it("passes the trust account-b renders for an oidc-role", async () => {
        const config = {
            ...baseConfig(),
            sources: { "log-shipper": { kind: "oidc-role", path: "/cross-account/", github: { repository: "acme/app", tag: "v*" } } },
        };
        const { b } = await renderBoth(config);
        const role = b.resources.find((r) => r.type === ROLE_TYPE)!;
        assert.deepEqual(await check(role.inputs.assumeRolePolicy), []);
    });
});
