/**
 * A trust policy is the union of its statements: a group source (any IAM user of B) or an account-root
 * source (any principal of B) admits the role's other sources under its own conditions. A stricter
 * entry beside a weaker wide one is refused (issue 13: conditions silently weakened).
 */
import { strict as assert } from "assert";
import { baseConfig } from "./support/harness";
import { Mutable, problemsOf, rejectsEach } from "./support/bad-config";

const ENTRY = "targetRoles.log-reader.trustedSources";
const role = (c: Mutable) => c.targetRoles["log-reader"];
const skip = (narrow: string, demands: string, wide: string, kind: string, admits: string) =>
    `source ${narrow} demands ${demands}, but the same role trusts ${wide} (${kind}: ${admits}) without it, so ${narrow} can assume the role through that statement and skip it; give ${wide}'s entry the same conditions, or trust ${narrow} from a role of its own`;

function people(c: Mutable): void {
    c.sources.operators = { kind: "group", path: "/people/" };
    c.sources.auditor = { kind: "user", path: "/people/" };
}

describe("config: a group or account-root trust must not let a stricter source skip its conditions", () => {
    rejectsEach([
        {
            rule: "a user with MFA beside a group without it: the group's user/* statement admits the user without MFA (and lets it set a source identity)",
            change: (c) => {
                people(c);
                role(c).trustedSources = [
                    { source: "operators", externalId: true, sourceIdentity: true },
                    { source: "auditor", externalId: true, mfa: true },
                ];
                c.externalIds = { "log-reader": "a-very-secret-id" };
            },
            messages: [`${ENTRY}[1]: ${skip("auditor", "mfa (maxAgeSeconds 3600), sourceIdentity off", "operators", "group", "any IAM user of B")}`],
            stack: "account-a",
        },
        {
            rule: "a group's MFA age looser than the user's",
            change: (c) => {
                people(c);
                role(c).trustedSources = [
                    { source: "operators", mfa: { maxAgeSeconds: 3600 } },
                    { source: "auditor", mfa: { maxAgeSeconds: 600 } },
                ];
            },
            messages: [`${ENTRY}[1]: ${skip("auditor", "mfa (maxAgeSeconds 600)", "operators", "group", "any IAM user of B")}`],
            stack: "account-a",
        },
        {
            rule: "an existing user of B with an ExternalId beside a group without one",
            change: (c) => {
                c.sources.operators = { kind: "group" };
                c.sources.legacy = { kind: "existing", arns: ["arn:aws:iam::222222222222:user/legacy"] };
                role(c).trustedSources = [
                    { source: "operators", mfa: true },
                    { source: "legacy", externalId: true, mfa: true },
                ];
                c.externalIds = { "log-reader": "a-very-secret-id" };
            },
            messages: [`${ENTRY}[1]: ${skip("legacy", "externalId", "operators", "group", "any IAM user of B")}`],
            stack: "account-a",
        },
        {
            rule: "B's root with an ExternalId beside people with MFA: any principal of B gets in without MFA",
            change: (c) => {
                people(c);
                c.sources.vendor = { kind: "account-root" };
                role(c).trustedSources = ["log-shipper", { source: "auditor", mfa: true }, { source: "vendor", externalId: true }];
                c.externalIds = { "log-reader": "a-very-secret-id" };
            },
            messages: [`${ENTRY}[1]: ${skip("auditor", "mfa (maxAgeSeconds 3600)", "vendor", "account-root", "any principal of B")}`],
            stack: "account-a",
        },
    ]);

    it("accepts a wide entry at least as strict as the narrow one, a service role beside a group, and each in a role of its own", () => {
        const same = baseConfig();
        people(same);
        role(same).trustedSources = [
            { source: "operators", mfa: { maxAgeSeconds: 600 } },
            { source: "auditor", mfa: { maxAgeSeconds: 900 } },
        ];
        assert.deepEqual(problemsOf(same), []);
        const service = baseConfig();
        people(service);
        role(service).trustedSources = ["log-shipper", { source: "operators", mfa: true }];
        assert.deepEqual(problemsOf(service), []);
        const apart = baseConfig();
        people(apart);
        role(apart).trustedSources = [{ source: "operators", mfa: true }];
        (apart.targetRoles as Mutable)["auditor-reader"] = {
            trustedSources: [{ source: "auditor", mfa: { maxAgeSeconds: 600 } }],
            permissions: { logsRead: { logGroups: ["/app/cron"] } },
        };
        assert.deepEqual(problemsOf(apart), []);
    });
});
