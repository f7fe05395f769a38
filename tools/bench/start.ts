/**
 * `npm start` against the import floor: wall and CPU of the whole command (npm, the bundle's freshness check, both
 * stacks, the access report) against `node` doing nothing but require @pulumi/pulumi and the @pulumi/aws
 * modules the program uses, read from the bundle's own require calls (so importing all of @pulumi/aws
 * would move the floor with it). Also the start script run without npm (the bundle's freshness check, then
 * the bundle). Each round runs every command once, in rotating order; medians are reported.
 *
 * The start script loads the SDK without its closure serializer (tools/shared/defer-closure-serializer.js), which
 * is about two thirds of the import floor. So a second floor requires the same modules the same way, and each
 * command's ratio is printed against both: the issue's floor, and the floor this program could reach at best.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { PACKAGE_ROOT, packageScript, runPackageScript, scriptEnv } from "../shared/package-scripts";
import { median } from "./statistics";

const IMPORT_FLOOR = "import floor";
const DEFERRED_FLOOR = "deferred floor";

export interface Timed {
    label: string;
    command: string;
    /** Median wall ms, and median CPU ms of the command's processes (null where /proc is not there). */
    wallMs: number;
    cpuMs: number | null;
}

/** The bundle npm start runs: the last file its script names. */
export function startBundle(): string {
    const m = /(\S+\.js)$/.exec(packageScript("start"));
    if (!m) throw new Error(`the start script does not end with the bundle it runs: ${packageScript("start")}`);
    return path.join(PACKAGE_ROOT, m[1]);
}

/** The @pulumi/* modules the bundle requires, in order (externals stay require calls in an esbuild bundle). */
export function floorModules(bundleText: string): string[] {
    const found = [...bundleText.matchAll(/require\("(@pulumi\/(?:pulumi|aws)(?:\/[\w/-]+)?)"\)/g)].map((m) => m[1]);
    return [...new Set(found)];
}

/** CPU ms used so far by this process's finished children (utime + stime of waited-for children), or null. */
function childrenCpuMs(): number | null {
    try {
        const stat = fs.readFileSync("/proc/self/stat", "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // After "(comm)": state is field 3; cutime and cstime are fields 16 and 17, in clock ticks (100 a second on Linux).
        return (Number(fields[13]) + Number(fields[14])) * 10;
    } catch {
        return null;
    }
}

function timeOnce(command: string): { wall: number; cpu: number | null } {
    const cpu0 = childrenCpuMs();
    const start = performance.now();
    const r = spawnSync("sh", ["-c", command], { cwd: PACKAGE_ROOT, env: scriptEnv(), stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    const wall = performance.now() - start;
    const cpu1 = childrenCpuMs();
    if (r.status !== 0) throw new Error(`${command} exited ${r.status}: ${r.stderr}`);
    return { wall, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}

export function startAgainstFloor(rounds: number): Timed[] {
    // Build once, so the floor can be read from the bundle and no start below rebuilds it.
    runPackageScript("build");
    const bundle = startBundle();
    const modules = floorModules(fs.readFileSync(bundle, "utf8"));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-start-"));
    const requires = `-e '${modules.map((m) => `require("${m}");`).join(" ")}'`;
    const commands = [
        { label: IMPORT_FLOOR, command: `node ${requires}` },
        { label: DEFERRED_FLOOR, command: `node -r ./tools/shared/defer-closure-serializer.js ${requires}` },
        { label: "npm start", command: `npm start --silent -- --out ${out}` },
        { label: "start script", command: `${packageScript("start")} --out ${out}` },
    ];
    const samples = commands.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
    // Warm the file cache; not counted.
    for (const c of commands) timeOnce(c.command);
    for (let i = 0; i < rounds; i++) {
        for (let k = 0; k < commands.length; k++) {
            const j = (i + k) % commands.length;
            const t = timeOnce(commands[j].command);
            samples[j].wall.push(t.wall);
            if (t.cpu !== null) samples[j].cpu.push(t.cpu);
        }
    }
    fs.rmSync(out, { recursive: true, force: true });
    return commands.map((c, j) => ({
        ...c,
        wallMs: median(samples[j].wall),
        cpuMs: samples[j].cpu.length === rounds ? median(samples[j].cpu) : null,
    }));
}

export function formatStart(rows: readonly Timed[], rounds: number): string {
    const floor = rows.find((r) => r.label === IMPORT_FLOOR)!;
    const deferred = rows.find((r) => r.label === DEFERRED_FLOOR)!;
    const ratio = (x: number | null, f: number | null) => (x === null || f === null ? "" : `${(x / f).toFixed(2)}x`);
    const ratios = (x: number | null, f: Timed, key: "wallMs" | "cpuMs") => `${ratio(x, f[key]).padStart(6)} ${ratio(x, deferred[key]).padStart(6)}`;
    const lines = rows.map(
        (r) =>
            `  ${r.label.padEnd(14)} ${(r.wallMs / 1000).toFixed(2)} s wall ${ratios(r.wallMs, floor, "wallMs")}` +
            (r.cpuMs === null ? "" : `   ${(r.cpuMs / 1000).toFixed(2)} s CPU ${ratios(r.cpuMs, floor, "cpuMs")}`),
    );
    return [
        `npm start against the import floor (median of ${rounds} rounds, order rotated each round; goal: npm start at most 1.3x the import floor).`,
        `Each time is followed by its ratio to the import floor, then to the deferred floor (the same requires without the SDK's closure serializer, as the start script loads them):`,
        ...lines,
        `  import floor:   ${floor.command}`,
        `  deferred floor: ${deferred.command}`,
    ].join("\n");
}
