/**
 * The accounts growth benchmark (tools/bench/accounts.ts, quota-points.ts) measures what it says: a point renders
 * every stack of its config directory in a child process, with every access report row passing, and the quota
 * points documented in docs/scale.md are the builders' own numbers.
 */
import { strict as assert } from "assert";
import { benchAccounts, formatAccountsTable } from "../../tools/bench/accounts";
import { grantPoints, trustPoints } from "../../tools/bench/quota-points";

describe("the accounts growth benchmark (issue 16)", () => {
    it("renders one role in 2 target accounts as npm start does: 3 stacks, every row passing, the grant inline", () => {
        const row = benchAccounts(2, 1);
        assert.deepEqual(
            { ...row, wallMs: 0, cpuMs: 0 },
            { accounts: 2, stacks: 3, resources: 6, wallMs: 0, cpuMs: 0, trustChars: 171, grantChars: 234, grantManagedPolicies: 0, checks: 26 },
        );
        assert.ok(row.wallMs > 0 && row.cpuMs > 0);
        assert.match(formatAccountsTable([row]), /^\| accounts \| stacks \| resources \| checks \| wall ms \|/);
    });

    it("places the quota points where docs/scale.md says: inline to 180 accounts, 107 ARNs a managed policy, 43 and 89 principals in the trust", () => {
        assert.deepEqual(grantPoints(), {
            arnLength: 53,
            inlineUpTo: 180,
            arnsPerManagedPolicy: 107,
            managedDefaultUpTo: 999,
            managedMaxUpTo: 999,
            policiesAtMostAccounts: 10,
        });
        assert.deepEqual(trustPoints(), [
            { trustMode: "principal", one: 180, perSource: 45, at2048: 43, at4096: 89 },
            { trustMode: "principal-arn", one: 247, perSource: 45, at2048: 41, at4096: 88 },
        ]);
    });
});
