/**
 * Config validation: every rule, with a bad value and its exact message. The cases are tables, one per
 * area of lib/config/ (tests/config/cases/); each case is checked twice: purely (validateConfig) and
 * through the real program under mocks, which must fail with the same lines and declare no AWS resource.
 */
import { strict as assert } from "assert";
import { parseConfig, validateConfig } from "../../lib/config/read";
import { ConfigError } from "../../lib/errors";
import { rejectsEach, role } from "../support/bad-config";
import { PROJECT, baseConfig, flatten } from "../support/harness";
import { ACCOUNT_CASES } from "./cases/accounts";
import { KMS_KEY_CASES, PERMISSION_CASES, POLICY_NAME_CASES } from "./cases/permissions";
import { QUOTA_CASES } from "./cases/quotas";
import { OIDC_ROLE_CASES } from "./cases/oidc-role";
import { GROUP_MEMBER_CASES, SOURCE_CASES, SOURCE_PERMISSION_CASES } from "./cases/sources";
import { SSO_PERMISSION_SET_CASES } from "./cases/sso-permission-set";
import { FEDERATED_ROLE_CASES } from "./cases/federated-role";
import { SHARED_KEY_CASES, TARGET_ROLE_CASES } from "./cases/target-roles";
import { TRUST_CASES } from "./cases/trust";
import { TYPO_CASES } from "./cases/typos";

const AREAS = {
    "accounts, region and side": ACCOUNT_CASES,
    sources: SOURCE_CASES,
    "oidc-role sources": OIDC_ROLE_CASES,
    "sso-permission-set sources and identityCenter": SSO_PERMISSION_SET_CASES,
    "federated-role sources": FEDERATED_ROLE_CASES,
    "target roles": TARGET_ROLE_CASES,
    trust: TRUST_CASES,
    permissions: PERMISSION_CASES,
    quotas: QUOTA_CASES,
    typos: TYPO_CASES,
    "source permissions": SOURCE_PERMISSION_CASES,
    "group members": GROUP_MEMBER_CASES,
    kmsKeyArns: KMS_KEY_CASES,
    "policy names": POLICY_NAME_CASES,
    "the pulumi config set --path trap": SHARED_KEY_CASES,
};
const cases = Object.values(AREAS).flat();

describe("config validation", () => {
    it("accepts the base configuration", () => {
        assert.deepEqual(validateConfig(flatten(baseConfig()), { project: PROJECT, stack: "account-b", organization: "o" }), []);
    });

    it(`has at least 25 bad-config cases (${cases.length})`, () => assert.ok(cases.length >= 25));

    for (const [area, table] of Object.entries(AREAS)) describe(area, () => rejectsEach(table));

    it("does not ask account B for the ExternalId: only account A's trust policy holds it", () => {
        const config = baseConfig() as any;
        role(config).trustedSources = [{ source: "log-shipper", externalId: true }];
        assert.deepEqual(validateConfig(flatten(config), { project: PROJECT, stack: "account-b", organization: "o" }), []);
    });

    it("reports every problem at once, one line each", () => {
        const config = baseConfig();
        config.sourceAccountId = "1";
        role(config).maxSessionDuration = 1;
        role(config).path = "x";
        const problems = validateConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "o" });
        assert.equal(problems.length, 3);
        assert.ok(problems.every((p) => !p.includes("\n")));
    });

    it("prints one line per problem without a stack trace (ConfigError is a Pulumi RunError)", () => {
        const config = baseConfig();
        config.sourceAccountId = "1";
        try {
            parseConfig(flatten(config), { project: PROJECT, stack: "account-b", organization: "o" });
            assert.fail("expected a ConfigError");
        } catch (e) {
            assert.ok(ConfigError.isConfigError(e));
            assert.equal(e.message, 'invalid configuration (1 problem):\n  - sourceAccountId = "1": expected a 12-digit AWS account id');
            // RunError tells `pulumi up` to print the message only.
            assert.equal((e as unknown as { __pulumiRunError: boolean }).__pulumiRunError, true);
        }
    });
});
