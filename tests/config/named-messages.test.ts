/**
 * With named accounts, the reader's messages name the account a source lives in ("account tooling (222222222222)"),
 * never "account B" or "account A", which only the two-account layout has. Exact lines, as the user reads them.
 */
import { strict as assert } from "assert";
import { validateConfig } from "../../lib/config/read";
import { flatten } from "../support/harness";

type Mutable = Record<string, any>;

const CTX = { project: "cross-account-iam", organization: "organization" };

/** CI in tooling may assume deployer in prod. */
function namedConfig(): Mutable {
    return {
        accounts: { tooling: "222222222222", prod: "111111111111" },
        sources: { ci: { kind: "service-role", service: "ecs-tasks", account: "tooling" } },
        targetRoles: { deployer: { accounts: ["prod"], trustedSources: ["ci"], permissions: { logsRead: { logGroups: ["/app/deploy"] } } } },
        "aws:region": "eu-west-1",
    };
}

function problems(change: (c: Mutable) => void): string[] {
    const c = namedConfig();
    change(c);
    return validateConfig(flatten(c), { ...CTX, stack: "prod" });
}

describe("named accounts: messages name the source's account, not account B", () => {
    it("a group trusted without MFA or ExternalId: the root of account tooling (222222222222) would be trusted", () => {
        assert.deepEqual(
            problems((c) => {
                c.sources.operators = { kind: "group", account: "tooling" };
                c.targetRoles.deployer.trustedSources = [{ source: "operators", principalOrgId: "o-a1b2c3d4e5" }];
            }),
            [
                "targetRoles.deployer.trustedSources[0]: group operators (a group cannot be a principal, so account tooling (222222222222)'s root is trusted) trusts every principal that account tooling (222222222222)'s admins allow; add externalId: true or mfa: true (principalOrgId narrows nothing here: every principal of account tooling (222222222222) is in its organization), or set unsafeAllowUnconditionalAccountTrust: true to accept that",
            ],
        );
    });

    it("an account-root source without a narrowing condition: every principal account tooling (222222222222)'s admins allow", () => {
        assert.deepEqual(
            problems((c) => {
                c.sources.partner = { kind: "account-root", account: "tooling" };
                c.targetRoles.deployer.trustedSources = ["partner"];
            }),
            [
                "targetRoles.deployer.trustedSources[0]: account-root source partner trusts every principal that account tooling (222222222222)'s admins allow; add externalId: true or mfa: true, or set unsafeAllowUnconditionalAccountTrust: true to accept that",
            ],
        );
    });

    it("no source, no role: says so without account A or B", () => {
        const found = problems((c) => {
            c.sources = {};
            c.targetRoles = {};
        });
        assert.ok(found.includes("sources = {}: expected at least one principal of one of the accounts"), found.join("\n"));
        assert.ok(found.includes("targetRoles = {}: expected at least one role, deployed to some of the accounts"), found.join("\n"));
        assert.deepEqual(
            found.filter((l) => /account [AB]\b/.test(l)),
            [],
        );
    });
});
