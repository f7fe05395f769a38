/**
 * The test harness's render memo (tests/support/harness.ts `render`): a repeated render is answered from the first,
 * each caller with its own copy; a failed render, and one whose references are not plain data, is rendered afresh.
 */
import { strict as assert } from "assert";
import { SOURCE_STACK, baseConfig, render } from "./support/harness";

describe("test harness: a repeated render (tests/support/harness.ts)", () => {
    it("gives each caller its own copy: editing one result reaches no later render", async () => {
        const config = { ...baseConfig(), "aws:region": "eu-north-1" };
        const first = await render(config, { stack: "account-b" });
        assert.equal(first.error, undefined);
        const pristine = structuredClone(first);
        first.resources[0].inputs.edited = true;
        first.outputs.edited = true;
        first.resources.pop();
        const second = await render(config, { stack: "account-b" });
        assert.deepEqual(second, pristine);
        second.outputs.again = true;
        assert.deepEqual(await render(config, { stack: "account-b" }), pristine);
    });

    it("renders a failing config afresh each time: each error is its own, with its problems", async () => {
        const bad = { ...baseConfig(), sourceAccountId: "not-an-account" };
        const one = await render(bad, { stack: "account-b" });
        const two = await render(bad, { stack: "account-b" });
        assert.ok(one.error instanceof Error && two.error instanceof Error);
        assert.notEqual(one.error, two.error);
        assert.deepEqual((two.error as Error & { problems: string[] }).problems, (one.error as Error & { problems: string[] }).problems);
        assert.match((one.error as Error & { problems: string[] }).problems[0], /^sourceAccountId = "not-an-account": /);
    });

    it("renders afresh when the references hold a Proxy or a getter below the top (a test watching what the program reads)", async () => {
        const config = baseConfig();
        const b = await render(config, { stack: "account-b" });
        const readsPerRender = async (outputs: Record<string, unknown>, reads: () => string[]) => {
            const seen: string[][] = [];
            for (let i = 0; i < 2; i++) {
                const before = reads().length;
                const a = await render(config, { stack: "account-a", references: { [SOURCE_STACK]: { outputs } } });
                assert.equal(a.error, undefined);
                seen.push(reads().slice(before));
            }
            return seen;
        };
        const names: string[] = [];
        const proxied = new Proxy({ ...b.outputs }, { get: (t, k) => (names.push(String(k)), Reflect.get(t, k)) });
        const [first, second] = await readsPerRender(proxied, () => names);
        assert.ok(first.length > 0);
        assert.deepEqual(second, first, "the second render read the references as the first did");
        assert.ok(!first.includes("toJSON"), "nothing but the program read them");

        const calls: string[] = [];
        const withGetter = { ...b.outputs };
        const value = b.outputs.sourceAccountId;
        Object.defineProperty(withGetter, "sourceAccountId", { enumerable: true, get: () => (calls.push("sourceAccountId"), value) });
        const [once, twice] = await readsPerRender(withGetter, () => calls);
        assert.ok(once.length > 0);
        assert.deepEqual(twice, once);
    });
});
