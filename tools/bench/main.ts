/**
 * `npm run bench`: the two speed ratios of issue 15, measured side by side in one run (docs/speed.md).
 *
 * 1. `npm start` (both stacks and the whole access report) against the import floor (tools/bench/start.ts).
 * 2. Per declared resource under mocks, the program against a plain-JavaScript floor declaring the same
 *    resources (tools/bench/per-resource.ts).
 *
 *   npm run bench -- [--rounds N] [--roles N] [--processes N]      (defaults: 7 rounds, 100 roles, 3 processes)
 *
 * The machine's load (os.loadavg, as `uptime` prints it) is printed before and after: on a shared machine
 * compare runs made under similar load, and prefer the CPU columns, which load moves less than wall time.
 * The growth table is `npm run bench:growth` (tools/bench/growth.ts).
 */
import * as os from "os";
import { readCommandLine } from "../shared/cli";
import { formatPerResource, perResourceAcrossProcesses } from "./per-resource";
import { formatStart, startAgainstFloor } from "./start";

const USAGE = "usage: npm run bench -- [--rounds N] [--roles N] [--processes N]";

function load(): string {
    return os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(", ");
}

function positive(value: string | undefined, name: string, fallback: number): number {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} = "${value}": expected a whole number of at least 1; ${USAGE}`);
    return n;
}

function main(argv: readonly string[]): void {
    const values = readCommandLine(argv, { rounds: { type: "string" }, roles: { type: "string" }, processes: { type: "string" } }, USAGE);
    const rounds = positive(values.rounds, "rounds", 7);
    const roles = positive(values.roles, "roles", 100);
    const processes = positive(values.processes, "processes", 3);
    const cpus = os.cpus();
    console.log(`Node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}); load average before: ${load()}\n`);
    console.log(formatStart(startAgainstFloor(rounds), rounds));
    console.log("");
    console.log(formatPerResource(perResourceAcrossProcesses(roles, rounds, processes)));
    console.log(`\nload average after: ${load()}`);
}

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (e: unknown) {
        console.error(e instanceof Error ? e.message : String(e));
        process.exit(2);
    }
}
