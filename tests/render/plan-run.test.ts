/**
 * `npm run plan -- --run` (tools/plan/run.ts): the stacks run in deploy order through a workspace; the order,
 * the calls and the stop at the first failure are tested with a fake workspace, since this machine has no
 * Pulumi CLI. The CLI check itself runs for real: without `pulumi` on PATH it prints one line and exits 2.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MISSING_CLI, StackWorkspace, findPulumiCli, runPlan, runSteps } from "../../tools/plan/run";
import { PLAN_RUN_FAILED, PlanRunner, main } from "../../tools/plan/main";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "multi-account");

/** A workspace that records each call and fails on the stacks named in `failOn`. */
function fakeWorkspace(failOn: Record<string, string> = {}): StackWorkspace & { calls: string[] } {
    const calls: string[] = [];
    const call = (action: string) => (stack: string, onOutput: (s: string) => void) => {
        calls.push(`${action} ${stack}`);
        onOutput(`output of ${action} ${stack}\n`);
        return failOn[stack] === undefined ? Promise.resolve() : Promise.reject(new Error(failOn[stack]));
    };
    return { calls, up: call("up"), destroy: call("destroy") };
}

async function run(argv: string[], runner: PlanRunner): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(
        argv,
        (s) => (stdout += s),
        (s) => (stderr += s),
        runner,
    );
    return { code, stdout, stderr };
}

const withCli = (workspace: StackWorkspace, dirs: string[] = []): PlanRunner => ({
    findCli: () => Promise.resolve(undefined),
    workspace: (dir) => (dirs.push(dir), workspace),
});

describe("npm run plan -- --run (issue 16)", () => {
    it("runs pulumi up for every stack in deploy order, on a workspace of the config directory, streaming each stack's output", async () => {
        const ws = fakeWorkspace();
        const dirs: string[] = [];
        const r = await run(["--dir", EXAMPLE, "--run"], withCli(ws, dirs));
        assert.equal(r.code, 0);
        assert.deepEqual(ws.calls, ["up tooling", "up dev", "up staging", "up prod"]);
        assert.deepEqual(dirs, [EXAMPLE]);
        assert.equal(r.stderr, "");
        assert.ok(
            r.stdout.endsWith(
                [
                    "==> pulumi up -s tooling (1 of 4)",
                    "output of up tooling",
                    "",
                    "==> pulumi up -s dev (2 of 4)",
                    "output of up dev",
                    "",
                    "==> pulumi up -s staging (3 of 4)",
                    "output of up staging",
                    "",
                    "==> pulumi up -s prod (4 of 4)",
                    "output of up prod",
                    "",
                    "Deployed 4 stacks in order: tooling, dev, staging, prod",
                    "",
                ].join("\n"),
            ),
            r.stdout,
        );
        assert.ok(r.stdout.startsWith("Deploy order of 4 stacks"), "the plan is printed first");
    });

    it("--destroy --run destroys in the reverse order", async () => {
        const ws = fakeWorkspace();
        const r = await run(["--dir", EXAMPLE, "--destroy", "--run"], withCli(ws));
        assert.equal(r.code, 0);
        assert.deepEqual(ws.calls, ["destroy prod", "destroy staging", "destroy dev", "destroy tooling"]);
        assert.match(r.stdout, /\nDestroyed 4 stacks in order: prod, staging, dev, tooling\n$/);
    });

    it("stops at the first stack that fails, naming it, what was done and what was not run; exit 3", async () => {
        // As the Automation API's CommandError words it.
        const ws = fakeWorkspace({
            dev: "code: 255\n stdout: Updating (dev)\n\n stderr: warning: a thing\nerror: update failed: the role already exists\n\n err?: Error: exit 255",
        });
        const r = await run(["--dir", EXAMPLE, "--run"], withCli(ws));
        assert.equal(r.code, PLAN_RUN_FAILED);
        assert.deepEqual(ws.calls, ["up tooling", "up dev"]);
        assert.equal(r.stderr, "pulumi up -s dev failed: error: update failed: the role already exists (done before it: tooling; not run: staging, prod)\n");
        const first = fakeWorkspace({ prod: "boom" });
        const d = await run(["--dir", EXAMPLE, "--destroy", "--run"], withCli(first));
        assert.deepEqual(first.calls, ["destroy prod"]);
        assert.equal(d.stderr, "pulumi destroy -s prod failed: boom (no stack was changed before it; not run: staging, dev, tooling)\n");
    });

    it("without the Pulumi CLI: one line, exit 2, before the config is read or any stack is called", async () => {
        const ws = fakeWorkspace();
        const r = await run(["--dir", "/nonexistent-config-dir", "--run"], { findCli: () => Promise.resolve(MISSING_CLI), workspace: () => ws });
        assert.deepEqual(r, { code: 2, stdout: "", stderr: `${MISSING_CLI}\n` });
        assert.deepEqual(ws.calls, []);
    });

    it("finds no Pulumi CLI on this machine's PATH (the Automation API's PulumiCommand.get), and says so in one line", async function () {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
        const saved = process.env.PATH;
        // A PATH with no pulumi on it, whether or not one is installed: the check must not depend on the machine.
        process.env.PATH = dir;
        try {
            assert.equal(await findPulumiCli(), MISSING_CLI);
        } finally {
            process.env.PATH = saved;
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses to run when a stack of the order has no stack file, naming it, and runs nothing", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-run-"));
        try {
            for (const f of fs.readdirSync(EXAMPLE)) if (f !== "Pulumi.staging.yaml") fs.copyFileSync(path.join(EXAMPLE, f), path.join(dir, f));
            const ws = fakeWorkspace();
            const r = await run(["--dir", dir, "--run"], withCli(ws));
            assert.equal(r.code, 2);
            assert.deepEqual(ws.calls, []);
            assert.equal(
                r.stderr,
                `--run: no stack file for staging (Pulumi.<stack>.yaml in ${dir}); write it (aws:region, aws:allowedAccountIds) before running, nothing was run\n`,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("makes one step per stack with the action asked for", () => {
        assert.deepEqual(runSteps(["a", "b"], "destroy"), [
            { stack: "a", action: "destroy" },
            { stack: "b", action: "destroy" },
        ]);
    });

    it("runPlan never starts a stack after a failure, and an empty plan does nothing", async () => {
        const ws = fakeWorkspace({ b: "no" });
        const out = await runPlan(runSteps(["a", "b", "c"], "up"), ws, () => undefined);
        assert.deepEqual(out, { ok: false, done: ["a"], failed: "b", error: "no", notRun: ["c"] });
        assert.deepEqual(await runPlan([], ws, () => undefined), { ok: true, done: [] });
    });
});
