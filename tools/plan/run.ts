/**
 * `npm run plan -- --run`: drives `pulumi up` (or, with `--destroy`, `pulumi destroy`) for each stack, in
 * the order `npm run plan` prints, with Pulumi's Automation API (`@pulumi/pulumi/automation`, a
 * LocalWorkspace on the config directory). Split in two so the order and the calls are tested without the
 * Pulumi CLI: `runPlan` (which stack, which call, when to stop) takes any `StackWorkspace`; the one that
 * really runs Pulumi is `automationWorkspace`, a thin adapter with no decisions of its own.
 *
 * The Automation API runs the `pulumi` CLI underneath; without it nothing can run, so `findPulumiCli` is
 * asked first, before any stack is selected. This machine has no Pulumi CLI: only the fake-workspace tests
 * and the missing-CLI message have been run here (docs/organizations.md#deploy-order).
 */

/** What `--run` does to one stack. */
export type StackAction = "up" | "destroy";

/** One step of a run: a stack and what to do to it. */
export interface RunStep {
    stack: string;
    action: StackAction;
}

/** The calls a run makes, per stack: what the Automation API's Stack offers, narrowed to what `--run` uses. */
export interface StackWorkspace {
    /** `pulumi up -s <stack>` (the stack is created on the backend when it does not exist yet); output streamed to `onOutput`. */
    up(stack: string, onOutput: (text: string) => void): Promise<void>;
    /** `pulumi destroy -s <stack>` (the stack must exist); output streamed to `onOutput`. */
    destroy(stack: string, onOutput: (text: string) => void): Promise<void>;
}

/** The steps of a run, from the order `npm run plan` prints (lib/deploy-order.ts: `up`, or `destroy` for a destroy). Pure. */
export function runSteps(order: readonly string[], action: StackAction): RunStep[] {
    return order.map((stack) => ({ stack, action }));
}

/** The outcome of a run: every step done, or the first that failed and the ones never started. */
export type RunOutcome =
    | { ok: true; done: string[] }
    | {
          ok: false;
          done: string[];
          /** The stack whose call failed. */
          failed: string;
          /** The first line of its error. */
          error: string;
          /** The stacks after it, never started. */
          notRun: string[];
      };

/**
 * Runs the steps one after the other, each only after the previous one succeeded (a target stack reads its
 * source stack's outputs, so it must never run after that stack failed), streaming each stack's output with a
 * heading line. Stops at the first failure.
 */
export async function runPlan(steps: readonly RunStep[], workspace: StackWorkspace, stdout: (s: string) => void): Promise<RunOutcome> {
    const done: string[] = [];
    for (const [i, step] of steps.entries()) {
        stdout(`\n==> pulumi ${step.action} -s ${step.stack} (${i + 1} of ${steps.length})\n`);
        try {
            await workspace[step.action](step.stack, stdout);
        } catch (e) {
            const error = errorLine(e instanceof Error ? e.message : String(e));
            return { ok: false, done, failed: step.stack, error, notRun: steps.slice(i + 1).map((s) => s.stack) };
        }
        done.push(step.stack);
    }
    return { ok: true, done };
}

/**
 * One line for a failed call. The Automation API's CommandError reads `code: N\n stdout: ...\n stderr: ...\n err?: ...`:
 * the line that says what went wrong is the last `error:` line of the CLI's stderr (else its last line).
 */
export function errorLine(message: string): string {
    const stderr = /\n stderr: ([\s\S]*?)(?:\n err\?: |$)/.exec(message)?.[1];
    if (stderr === undefined) return message.trim().split("\n")[0] ?? "";
    const lines = stderr
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "");
    return [...lines].reverse().find((l) => l.startsWith("error:")) ?? lines.pop() ?? message.trim().split("\n")[0];
}

/** The one line a failed run ends with. */
export function failureLine(outcome: Extract<RunOutcome, { ok: false }>, action: StackAction): string {
    const before = outcome.done.length === 0 ? "no stack was changed before it" : `done before it: ${outcome.done.join(", ")}`;
    const after = outcome.notRun.length === 0 ? "" : `; not run: ${outcome.notRun.join(", ")}`;
    return `pulumi ${action} -s ${outcome.failed} failed: ${outcome.error} (${before}${after})`;
}

/** The line `--run` prints and exits with when the Pulumi CLI cannot be found. */
export const MISSING_CLI =
    "--run needs the Pulumi CLI (the Automation API runs it), and `pulumi` was not found on PATH: install it (https://www.pulumi.com/docs/install/), or run the printed `pulumi up -s` lines yourself";

/**
 * Finds the Pulumi CLI the Automation API would run (`PulumiCommand.get()`: `pulumi version` on PATH).
 * Undefined when found; the line to print when not.
 */
export async function findPulumiCli(): Promise<string | undefined> {
    const { PulumiCommand } = await import("@pulumi/pulumi/automation");
    try {
        await PulumiCommand.get();
        return undefined;
    } catch (e) {
        const code = (e as { code?: unknown }).code;
        const text = e instanceof Error ? e.message : String(e);
        if (code === "ENOENT" || /ENOENT|not found/i.test(text)) return MISSING_CLI;
        // Found, but refused (too old a version, say): its own first line.
        return `--run cannot use the Pulumi CLI: ${text.trim().split("\n")[0]}`;
    }
}

/**
 * The real workspace: a LocalWorkspace on `workDir` (the directory with Pulumi.yaml and the stack files),
 * one Automation API Stack per stack name. `up` uses createOrSelectStack (a first deploy creates the stack
 * on the backend, as `pulumi up -s` after `pulumi stack init` would); `destroy` uses selectStack (never
 * creates a stack only to destroy it).
 */
export function automationWorkspace(workDir: string): StackWorkspace {
    return {
        async up(stack, onOutput) {
            const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
            const s = await LocalWorkspace.createOrSelectStack({ stackName: stack, workDir });
            await s.up({ onOutput });
        },
        async destroy(stack, onOutput) {
            const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
            const s = await LocalWorkspace.selectStack({ stackName: stack, workDir });
            await s.destroy({ onOutput });
        },
    };
}
