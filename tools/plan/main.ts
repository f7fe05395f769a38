/**
 * `npm run plan`: the order to deploy (or destroy) the stacks of a named-accounts config, one
 * `pulumi up -s <stack>` line per stack, each with what it waits for (lib/deploy-order.ts); with `--run`,
 * runs them in that order through the Pulumi Automation API (tools/plan/run.ts).
 *
 *   npm run plan -- [--dir DIR] [--destroy] [--run] [--help]
 *
 * Exit codes: 0 the order printed (and, with --run, every stack done); 1 invalid configuration (one line per
 * problem, a cycle among them); 2 a usage error, a two-account config (its order is fixed: account-b, then
 * account-a), no stack file, or (--run) no Pulumi CLI or a stack without its file; 3 (--run) a stack's
 * `pulumi up` or `destroy` failed (the line names it; the stacks after it were not run).
 */
import * as fs from "fs";
import * as path from "path";
import { parseConfig } from "../../lib/config/read";
import { deployOrder, stackDependencies } from "../../lib/deploy-order";
import { ConfigError } from "../../lib/errors";
import { stackOfAccount } from "../../lib/names";
import { RENDER_EXIT, UsageError, readCommandLine, runAsProcess } from "../shared/cli";
import { MOCK_ORGANIZATION } from "../render/stacks";
import { StackConfig, loadProjectConfig, loadStackConfig } from "../shared/stack-files";
import { StackWorkspace, automationWorkspace, failureLine, findPulumiCli, runPlan, runSteps } from "./run";

export const PLAN_USAGE = "usage: npm run plan -- [--dir DIR] [--destroy] [--run] [--help]";

/** `--run` failed at a stack (exit code 3). */
export const PLAN_RUN_FAILED = 3;

/** What `--run` needs from outside: the CLI check and the workspace that runs Pulumi (replaced in tests). */
export interface PlanRunner {
    /** Undefined when the Pulumi CLI is there; else the line to print. */
    findCli(): Promise<string | undefined>;
    workspace(dir: string): StackWorkspace;
}

const AUTOMATION: PlanRunner = { findCli: findPulumiCli, workspace: automationWorkspace };

/** The whole command. Returns the exit code; writes to the given streams. */
export async function main(
    argv: readonly string[],
    stdout: (s: string) => void,
    stderr: (s: string) => void,
    runner: PlanRunner = AUTOMATION,
): Promise<number> {
    let dir: string;
    let destroy: boolean;
    let run: boolean;
    try {
        const v = readCommandLine(
            argv,
            { dir: { type: "string" }, destroy: { type: "boolean" }, run: { type: "boolean" }, help: { type: "boolean", short: "h" } },
            PLAN_USAGE,
        );
        if (v.help) {
            stdout(
                `${PLAN_USAGE}\n  --dir DIR   directory with Pulumi.yaml and Pulumi.<stack>.yaml (default: the repository)\n  --destroy   print the destroy order (the deploy order reversed)\n  --run       run pulumi up (with --destroy: pulumi destroy) for each stack in that order, through the\n              Pulumi Automation API; needs the pulumi CLI; stops at the first stack that fails\n`,
            );
            return RENDER_EXIT.ok;
        }
        dir = v.dir === undefined ? path.resolve(__dirname, "..", "..") : path.resolve(v.dir);
        destroy = v.destroy ?? false;
        run = v.run ?? false;
    } catch (e) {
        stderr(`${(e as UsageError).message}\n`);
        return RENDER_EXIT.usage;
    }
    // Before anything else: without the CLI, --run can do nothing, and saying so after printing a plan would bury it.
    if (run) {
        const missing = await runner.findCli();
        if (missing !== undefined) {
            stderr(`${missing}\n`);
            return RENDER_EXIT.usage;
        }
    }
    let planned: Planned;
    try {
        planned = plan(dir, destroy, stdout, stderr);
    } catch (e) {
        stderr(`${e instanceof Error ? e.message : String(e)}\n`);
        return RENDER_EXIT.usage;
    }
    if (!("order" in planned) || !run) return planned.code;
    if (planned.withoutFile.length > 0) {
        stderr(
            `--run: no stack file for ${planned.withoutFile.join(", ")} (Pulumi.<stack>.yaml in ${dir}); write it (aws:region, aws:allowedAccountIds) before running, nothing was run\n`,
        );
        return RENDER_EXIT.usage;
    }
    const action = destroy ? "destroy" : "up";
    const outcome = await runPlan(runSteps(planned.order, action), runner.workspace(dir), stdout);
    if (!outcome.ok) {
        stderr(`${failureLine(outcome, action)}\n`);
        return PLAN_RUN_FAILED;
    }
    stdout(`\n${destroy ? "Destroyed" : "Deployed"} ${outcome.done.length} stacks in order: ${outcome.done.join(", ")}\n`);
    return RENDER_EXIT.ok;
}

/** What printing the plan gave: an exit code, and when it printed an order, the order and the stacks without a file. */
type Planned = { code: number } | { code: number; order: string[]; withoutFile: string[] };

function plan(dir: string, destroy: boolean, stdout: (s: string) => void, stderr: (s: string) => void): Planned {
    const project = loadProjectConfig(dir);
    const ns = project.project;
    const declared = objectValue(project, "accounts");
    if (declared === undefined) {
        stderr(`${dir}: a two-account config (no accounts in Pulumi.yaml); its order is fixed: pulumi up -s account-b, then -s account-a (docs/deploy.md)\n`);
        return { code: RENDER_EXIT.usage };
    }
    const stacks = (objectValue(project, "stacks") ?? {}) as Record<string, string>;
    const withFile = Object.keys(declared)
        .map((account) => stackOfAccount(account, stacks))
        .filter((stack) => fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`)));
    if (withFile.length === 0) {
        stderr(`${dir}: no stack file of any account (Pulumi.<stack>.yaml for one of ${Object.keys(declared).join(", ")})\n`);
        return { code: RENDER_EXIT.usage };
    }
    // Every stack reads the same Pulumi.yaml: one stack's view of the accounts, sources and roles orders them all.
    const first = withFile[0];
    let files: StackConfig;
    let cfg;
    try {
        files = loadStackConfig(dir, first);
        cfg = parseConfig(files.config, { project: ns, stack: first, organization: MOCK_ORGANIZATION });
    } catch (e) {
        if (!ConfigError.isConfigError(e)) throw e;
        stderr(`${first}: ${e.message.split("\n")[0]}\n${e.problems.map((p) => `  - ${p}\n`).join("")}`);
        return { code: RENDER_EXIT.config };
    }
    const deps = stackDependencies(cfg, stacks);
    const order = deployOrder(deps);
    if (!order.ok) {
        // The reader refuses a cycle, so this is only reached when a stack file overrides Pulumi.yaml's roles.
        stderr(`${first}: ${order.problem}\n`);
        return { code: RENDER_EXIT.config };
    }
    const byStack = new Map(deps.map((d) => [d.stack, d]));
    const list = destroy ? order.destroy : order.up;
    const width = Math.max(...list.map((s) => s.length));
    const lines = list.map((stack) => {
        const d = byStack.get(stack)!;
        const waits = destroy
            ? deps.filter((x) => x.reads.some((r) => r.account === d.account)).map((x) => x.stack)
            : d.reads.map((r) => `${stackOfAccount(r.account, stacks)} (${r.roles.join(", ")})`);
        const note = waits.length === 0 ? "" : destroy ? `after ${waits.join(", ")}, which read it` : `after ${waits.join(", ")}`;
        const missing = withFile.includes(stack) ? "" : "no stack file yet";
        const comment = [note, missing].filter((x) => x !== "").join("; ");
        return `  pulumi ${destroy ? "destroy" : "up"} -s ${stack.padEnd(width)}${comment === "" ? "" : `  # ${comment}`}`.trimEnd();
    });
    stdout(
        `${destroy ? "Destroy" : "Deploy"} order of ${list.length} stacks (${destroy ? "the deploy order reversed" : "each after the source stacks it reads"}):\n${lines.join("\n")}\n`,
    );
    return { code: RENDER_EXIT.ok, order: list, withoutFile: list.filter((stack) => !withFile.includes(stack)) };
}

/** A project key holding an object, decoded; undefined when not set or not an object. */
function objectValue(files: StackConfig, key: string): Record<string, unknown> | undefined {
    const text = files.config[`${files.project}:${key}`];
    if (text === undefined) return undefined;
    try {
        const v: unknown = JSON.parse(text);
        return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

if (require.main === module) runAsProcess(main);
