/**
 * The accounts growth benchmark (tools/bench/accounts.ts) measures what it says: a point renders every stack of its
 * config directory in a child process of its own, as npm start does, with every access report row passing.
 */
import { strict as assert } from "assert";
import { benchAccounts, formatAccountsTable } from "../../tools/bench/accounts";

describe("the accounts growth benchmark (issue 16): a point, in its child process", () => {
    it("renders one role in 2 target accounts as npm start does: 3 stacks, every row passing, the grant inline", () => {
        const row = benchAccounts(2, 1);
        assert.deepEqual(
            { ...row, wallMs: 0, cpuMs: 0 },
            { accounts: 2, stacks: 3, resources: 6, wallMs: 0, cpuMs: 0, trustChars: 171, grantChars: 234, grantManagedPolicies: 0, checks: 26 },
        );
        assert.ok(row.wallMs > 0 && row.cpuMs > 0);
        assert.match(formatAccountsTable([row]), /^\| accounts \| stacks \| resources \| checks \| wall ms \|/);
    });
});
