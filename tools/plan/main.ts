/**
 * `npm run plan`: the order to deploy (or destroy) the stacks of a named-accounts config, one
 * `pulumi up -s <stack>` line per stack, each with what it waits for (lib/deploy-order.ts).
 *
 *   npm run plan -- [--dir DIR] [--destroy] [--help]
 *
 * Exit codes: 0 the order printed; 1 invalid configuration (one line per problem, a cycle among them);
 * 2 a usage error, a two-account config (its order is fixed: account-b, then account-a), or no stack file.
 */
import * as fs from "fs";
import * as path from "path";
import { parseConfig } from "../../lib/config/read";
import { deployOrder, stackDependencies } from "../../lib/deploy-order";
import { ConfigError } from "../../lib/errors";
import { stackOfAccount } from "../../lib/names";
import { RENDER_EXIT, UsageError, readCommandLine } from "../shared/cli";
import { MOCK_ORGANIZATION } from "../render/stacks";
import { StackConfig, loadProjectConfig, loadStackConfig } from "../shared/stack-files";

export const PLAN_USAGE = "usage: npm run plan -- [--dir DIR] [--destroy] [--help]";

/** The whole command. Returns the exit code; writes to the given streams. */
export function main(argv: readonly string[], stdout: (s: string) => void, stderr: (s: string) => void): number {
    let dir: string;
    let destroy: boolean;
    try {
        const v = readCommandLine(argv, { dir: { type: "string" }, destroy: { type: "boolean" }, help: { type: "boolean", short: "h" } }, PLAN_USAGE);
        if (v.help) {
            stdout(
                `${PLAN_USAGE}\n  --dir DIR   directory with Pulumi.yaml and Pulumi.<stack>.yaml (default: the repository)\n  --destroy   print the destroy order (the deploy order reversed)\n`,
            );
            return RENDER_EXIT.ok;
        }
        dir = v.dir === undefined ? path.resolve(__dirname, "..", "..") : path.resolve(v.dir);
        destroy = v.destroy ?? false;
    } catch (e) {
        stderr(`${(e as UsageError).message}\n`);
        return RENDER_EXIT.usage;
    }
    try {
        return plan(dir, destroy, stdout, stderr);
    } catch (e) {
        stderr(`${e instanceof Error ? e.message : String(e)}\n`);
        return RENDER_EXIT.usage;
    }
}

function plan(dir: string, destroy: boolean, stdout: (s: string) => void, stderr: (s: string) => void): number {
    const project = loadProjectConfig(dir);
    const ns = project.project;
    const declared = objectValue(project, "accounts");
    if (declared === undefined) {
        stderr(`${dir}: a two-account config (no accounts in Pulumi.yaml); its order is fixed: pulumi up -s account-b, then -s account-a (docs/deploy.md)\n`);
        return RENDER_EXIT.usage;
    }
    const stacks = (objectValue(project, "stacks") ?? {}) as Record<string, string>;
    const withFile = Object.keys(declared)
        .map((account) => stackOfAccount(account, stacks))
        .filter((stack) => fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`)));
    if (withFile.length === 0) {
        stderr(`${dir}: no stack file of any account (Pulumi.<stack>.yaml for one of ${Object.keys(declared).join(", ")})\n`);
        return RENDER_EXIT.usage;
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
        return RENDER_EXIT.config;
    }
    const deps = stackDependencies(cfg, stacks);
    const order = deployOrder(deps);
    if (!order.ok) {
        // The reader refuses a cycle, so this is only reached when a stack file overrides Pulumi.yaml's roles.
        stderr(`${first}: ${order.problem}\n`);
        return RENDER_EXIT.config;
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
    return RENDER_EXIT.ok;
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

if (require.main === module) {
    process.exitCode = main(
        process.argv.slice(2),
        (s) => process.stdout.write(s),
        (s) => process.stderr.write(s),
    );
}
