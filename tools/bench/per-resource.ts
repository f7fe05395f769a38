/**
 * Per declared resource under mocks: the real program (index.ts, run as the tests run it) against a
 * minimal plain-JavaScript program declaring the very same resources (floor-program.js), both under the
 * same mock runtime (tools/shared/mock-runtime.ts), alternated in one process, medians reported.
 *
 * The config is the growth benchmark's `own` shape (N sources in B, role i of A trusted by source i): B
 * and A are rendered, A reading B's outputs. The floor replays what the program declared (types, names,
 * inputs), so both sides register the same number of resources; the difference is our program's own
 * cost: reading and validating config, building the policy documents, the components, the outputs.
 * A second floor also returns the program's stack outputs, as the plain values they resolved to: a rough
 * measure of the SDK's work on the outputs (the client config of every role). It understates that work, since
 * the program's outputs are Outputs, some of them secret, which the SDK has more to do for.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";
import program from "../../index";
import { RecordedResource, RenderOptions, RenderResult, renderStack } from "../shared/mock-runtime";
import { floorProgram } from "./floor-program";
import { benchConfig } from "./growth";
import { median } from "./statistics";

const PROJECT = "cross-account-iam";
const ACCOUNT_A = "111111111111";
const ACCOUNT_B = "222222222222";
const SOURCE_STACK = `organization/${PROJECT}/account-b`;

export interface PerResourceResult {
    roles: number;
    /** Resources registered per round, B and A together (stacks and components included), the same on both sides. */
    resources: number;
    rounds: number;
    /** Median over the rounds, in ms per resource: wall and CPU of this process. */
    ours: { wallMs: number; cpuMs: number };
    floor: { wallMs: number; cpuMs: number };
    /** The floor returning the program's stack outputs too. */
    floorWithOutputs: { wallMs: number; cpuMs: number };
}

interface Side {
    program: () => Promise<Record<string, unknown>>;
    stackReference?: string;
}

async function render(stack: "account-a" | "account-b", config: Record<string, string>, side: Side, b?: RenderResult): Promise<RenderResult> {
    const opts: RenderOptions = {
        project: PROJECT,
        stack,
        config,
        accountId: stack === "account-a" ? ACCOUNT_A : ACCOUNT_B,
        region: "eu-west-1",
        stackReferences: b ? { [SOURCE_STACK]: { outputs: b.outputs, secretOutputNames: b.secretOutputNames } } : undefined,
        program: side.program,
    };
    const result = await renderStack(opts);
    if (result.error !== undefined) throw result.error instanceof Error ? result.error : new Error(JSON.stringify(result.error));
    return result;
}

/** Renders B then A with each side's program; returns wall and CPU ms and what was registered. */
async function round(
    config: Record<string, string>,
    b: Side,
    a: Side,
    bOutputs?: RenderResult,
): Promise<{ wall: number; cpu: number; b: RenderResult; a: RenderResult }> {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const rb = await render("account-b", config, b);
    const ra = await render("account-a", config, a, bOutputs ?? rb);
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { wall, cpu: (used.user + used.system) / 1000, b: rb, a: ra };
}

/** Resources a render registered, in a form the floor can replay. */
function replayable(resources: readonly RecordedResource[]) {
    return resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
}

export async function perResource(roles: number, rounds: number): Promise<PerResourceResult> {
    const config = benchConfig("own", roles);
    const oursSide: Side = { program };
    // Warm-up and the list the floor replays.
    const first = await round(config, oursSide, oursSide);
    const floors = {
        floor: [floorProgram(replayable(first.b.resources)), floorProgram(replayable(first.a.resources), SOURCE_STACK)],
        floorWithOutputs: [
            floorProgram(replayable(first.b.resources), undefined, first.b.outputs),
            floorProgram(replayable(first.a.resources), SOURCE_STACK, first.a.outputs),
        ],
    };
    for (const [b, a] of Object.values(floors)) await round(config, { program: b }, { program: a }, first.b);
    const resources = first.a.resources.length + first.b.resources.length;
    const samples = {
        ours: [] as Array<{ wall: number; cpu: number }>,
        floor: [] as Array<{ wall: number; cpu: number }>,
        floorWithOutputs: [] as Array<{ wall: number; cpu: number }>,
    };
    const sides = ["ours", "floor", "floorWithOutputs"] as const;
    for (let i = 0; i < rounds; i++) {
        // Rotate which goes first, so a burst of load elsewhere does not favour one side.
        for (let j = 0; j < sides.length; j++) {
            const which = sides[(i + j) % sides.length];
            const r =
                which === "ours"
                    ? await round(config, oursSide, oursSide)
                    : await round(config, { program: floors[which][0] }, { program: floors[which][1] }, first.b);
            if (r.a.resources.length + r.b.resources.length !== resources)
                throw new Error(
                    `${which === "ours" ? "the program" : which === "floor" ? "the floor" : "the floor with outputs"} registered ${r.a.resources.length + r.b.resources.length} resources, the first round ${resources}`,
                );
            samples[which].push(r);
        }
    }
    const per = (xs: Array<{ wall: number; cpu: number }>) => ({
        wallMs: median(xs.map((x) => x.wall)) / resources,
        cpuMs: median(xs.map((x) => x.cpu)) / resources,
    });
    return { roles, resources, rounds, ours: per(samples.ours), floor: per(samples.floor), floorWithOutputs: per(samples.floorWithOutputs) };
}

/** perResource in several fresh processes: their medians, and the median of each side over them. */
export interface PerResourceAcrossProcesses extends PerResourceResult {
    processes: PerResourceResult[];
}

/**
 * Runs perResource in `processes` fresh Node processes, one after the other, and takes the median of each side
 * over them. One process's rounds share a heap and a JIT state, and the garbage collector is a third of a render:
 * the same process measured twice agrees with itself, two processes can differ by 1.5x (docs/speed.md).
 */
export function perResourceAcrossProcesses(roles: number, rounds: number, processes: number): PerResourceAcrossProcesses {
    const hook = path.join(__dirname, "..", "shared", "typescript-hook.js");
    const runs: PerResourceResult[] = [];
    for (let i = 0; i < processes; i++) {
        const out = execFileSync(process.execPath, ["-r", hook, __filename, String(roles), String(rounds)], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
        });
        runs.push(JSON.parse(out) as PerResourceResult);
    }
    const side = (pick: (r: PerResourceResult) => { wallMs: number; cpuMs: number }) => ({
        wallMs: median(runs.map((r) => pick(r).wallMs)),
        cpuMs: median(runs.map((r) => pick(r).cpuMs)),
    });
    return {
        roles,
        resources: runs[0].resources,
        rounds,
        ours: side((r) => r.ours),
        floor: side((r) => r.floor),
        floorWithOutputs: side((r) => r.floorWithOutputs),
        processes: runs,
    };
}

export function formatPerResource(r: PerResourceResult | PerResourceAcrossProcesses): string {
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    return [
        "processes" in r
            ? `Per resource under mocks (${r.roles} roles: ${r.resources} resources per round, B and A; in each of ${r.processes.length} processes the median of ${r.rounds} rotated rounds, then the median over the processes):`
            : `Per resource under mocks (${r.roles} roles: ${r.resources} resources per round, B and A; median of ${r.rounds} rotated rounds):`,
        `  the program (index.ts)       ${ms(r.ours.wallMs)} wall, ${ms(r.ours.cpuMs)} CPU`,
        `  plain-JS floor, same set     ${ms(r.floor.wallMs)} wall, ${ms(r.floor.cpuMs)} CPU`,
        `  ratio                        ${(r.ours.wallMs / r.floor.wallMs).toFixed(2)}x wall, ${(r.ours.cpuMs / r.floor.cpuMs).toFixed(2)}x CPU (goal: at most 1.5x)`,
        `  floor + the outputs' values  ${ms(r.floorWithOutputs.wallMs)} wall, ${ms(r.floorWithOutputs.cpuMs)} CPU`,
        `  ratio to it                  ${(r.ours.wallMs / r.floorWithOutputs.wallMs).toFixed(2)}x wall, ${(r.ours.cpuMs / r.floorWithOutputs.cpuMs).toFixed(2)}x CPU (outputs as plain values: understates the SDK's work on them)`,
        ...("processes" in r
            ? [`  ratio in each process        ${r.processes.map((p) => `${(p.ours.cpuMs / p.floor.cpuMs).toFixed(2)}x`).join(", ")} CPU`]
            : []),
    ].join("\n");
}

// As a child of perResourceAcrossProcesses: `node -r typescript-hook.js per-resource.ts ROLES ROUNDS` prints one result as JSON.
if (require.main === module) {
    perResource(Number(process.argv[2]), Number(process.argv[3])).then(
        (r) => process.stdout.write(JSON.stringify(r)),
        (e: unknown) => {
            console.error(e instanceof Error ? e.message : String(e));
            process.exit(2);
        },
    );
}
