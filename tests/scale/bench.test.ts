/**
 * The accounts growth benchmark (tools/bench/accounts.ts, quota-points.ts) measures what it says: the quota points
 * documented in docs/scale.md are the builders' own numbers. A point rendered in its child process:
 * tests/scale/bench.e2e.test.ts.
 */
import { strict as assert } from "assert";
import { grantPoints, trustPoints } from "../../tools/bench/quota-points";

describe("the accounts growth benchmark (issue 16)", () => {
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
