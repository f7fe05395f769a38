/**
 * tools/shared/mock-runtime.ts renders with V8's stack traces off (the SDK formats one for most of its
 * promises): the limit is put back after each render, also after a failed one and after two at once, and an
 * error Pulumi would print with its trace (not a RunError) still carries one.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { RenderOptions, renderStack } from "../../tools/shared/mock-runtime";
import { restoreStackTraces, withoutStackTraces } from "../../tools/shared/stack-traces";

const ACCOUNT = "111111111111";

function options(program: RenderOptions["program"]): RenderOptions {
    return { project: "traces", stack: "dev", config: {}, accountId: ACCOUNT, program };
}

/** A program that declares one component, and what Error.stackTraceLimit was while it ran. */
function declaring(seen: number[]): RenderOptions["program"] {
    return () => {
        seen.push(Error.stackTraceLimit);
        new pulumi.ComponentResource("test:index:Thing", "thing");
        return Promise.resolve({ limitSeen: Error.stackTraceLimit });
    };
}

describe("mock runtime: stack traces off while a render runs (tools/shared/mock-runtime.ts)", () => {
    let outside: number;
    beforeEach(() => {
        outside = Error.stackTraceLimit;
    });
    afterEach(() => {
        Error.stackTraceLimit = outside;
    });

    it("the program runs with the limit at 0, and the limit is back to its value after the render", async () => {
        Error.stackTraceLimit = 17;
        const seen: number[] = [];
        const r = await renderStack(options(declaring(seen)));
        assert.equal(r.error, undefined);
        assert.deepEqual(seen, [0]);
        assert.deepEqual(r.outputs, { limitSeen: 0 });
        assert.equal(Error.stackTraceLimit, 17);
    });

    // The runtime renders one stack at a time; a caller that awaits two at once must still get its limit back.
    it("two renders awaited together: the limit comes back only when the last one ends", async () => {
        Error.stackTraceLimit = 12;
        const seen: number[] = [];
        const [a, b] = await Promise.all([renderStack(options(declaring(seen))), renderStack(options(declaring(seen)))]);
        assert.equal(a.error, undefined);
        assert.equal(b.error, undefined);
        assert.deepEqual(seen, [0, 0]);
        assert.equal(Error.stackTraceLimit, 12);
    });

    it("a RunError (a config error, say) is returned from the one render, without a trace, and the limit is back", async () => {
        let runs = 0;
        const r = await renderStack(
            options(() => {
                runs++;
                return Promise.reject(new pulumi.RunError("sources.x: unknown key"));
            }),
        );
        assert.ok(pulumi.RunError.isInstance(r.error));
        assert.equal(r.error.message, "sources.x: unknown key");
        assert.equal(runs, 1);
        assert.equal(Error.stackTraceLimit, outside);
    });

    it("any other error (a bug) is rendered again with traces on: the error returned names the frame that threw", async () => {
        let runs = 0;
        const r = await renderStack(
            options(function programWithABug() {
                runs++;
                const roles = undefined as unknown as string[];
                return Promise.resolve({ first: roles[0] });
            }),
        );
        assert.ok(r.error instanceof TypeError, String(r.error));
        assert.equal(runs, 2);
        assert.match(r.error.stack ?? "", /at (Object\.)?programWithABug /);
        assert.equal(Error.stackTraceLimit, outside);
    });

    it("a first run that fails with a bug and a second that does not: the first failure is returned, never the clean second result", async () => {
        let runs = 0;
        const r = await renderStack(
            options(() => {
                runs++;
                if (runs === 1) throw new TypeError("only the first time");
                return Promise.resolve({ ok: 1 });
            }),
        );
        assert.equal(runs, 2);
        assert.ok(r.error instanceof TypeError);
        assert.equal(r.error.message, "only the first time");
        assert.deepEqual(r.outputs, {});
    });

    it("a render that never ends: restoreStackTraces (run after each test) puts the limit back, and its late end changes nothing", async () => {
        Error.stackTraceLimit = 9;
        let finish: () => void = () => undefined;
        const hung = withoutStackTraces(() => new Promise<void>((resolve) => (finish = resolve)));
        assert.equal(Error.stackTraceLimit, 0);
        restoreStackTraces();
        assert.equal(Error.stackTraceLimit, 9);
        assert.ok((new Error("x").stack ?? "").split("\n").length > 1, "a new error has frames again");
        const seen: number[] = [];
        await renderStack(options(declaring(seen)));
        assert.deepEqual(seen, [0]);
        finish();
        await hung;
        assert.equal(Error.stackTraceLimit, 9);
    });
});
