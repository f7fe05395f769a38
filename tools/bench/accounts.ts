/**
 * The accounts growth benchmark (issue 16), the first table of `npm run bench:growth`: ONE role deployed to
 * N target accounts (1, 10, 50, 200), trusted by one source in a tooling account, rendered the way a user
 * renders it: `npm start --dir DIR`, every stack of the config directory (tooling and N targets), the access
 * report over every (source, role, account), the access map, out/<stack>.json written.
 *
 * Each point runs in its own Node process (tools/render/main.ts's `main`, timed from the call to its
 * return; module loading is not counted), so no JIT warmth, cache or garbage carries from one point to the
 * next. Reported per point: stacks, AWS resources declared, wall and CPU ms of the render (median of the
 * repeats), the largest trust policy, the source's AssumeRole grant (characters, inline or in how many
 * customer managed policies).
 *
 *   npm run bench:growth -- [--accounts 1,10,50,200] [--repeats 3]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { stringify } from "yaml";
import { median } from "./statistics";

const ROOT = path.resolve(__dirname, "..", "..");
const PROJECT = "bench-accounts";
const TOOLING_ID = "222222222222";

/** The 12-digit id of target account i (1-based). */
export function targetAccountId(i: number): string {
    return String(300000000000 + i);
}

/** The config directory of one point: Pulumi.yaml (accounts, one source, one role deployed to every target) and one stack file per account. */
export function accountsConfigFiles(accounts: number): Record<string, string> {
    const names: Record<string, string> = { tooling: TOOLING_ID };
    for (let i = 1; i <= accounts; i++) names[`target-${String(i).padStart(4, "0")}`] = targetAccountId(i);
    const project = {
        name: PROJECT,
        runtime: { name: "nodejs", options: { typescript: true } },
        config: {
            [`${PROJECT}:accounts`]: { value: names },
            [`${PROJECT}:sources`]: { value: { ci: { kind: "service-role", service: "ecs-tasks", account: "tooling", path: "/ci/" } } },
            [`${PROJECT}:targetRoles`]: {
                value: {
                    deployer: {
                        accounts: Object.keys(names).slice(1),
                        path: "/cross-account/",
                        trustedSources: ["ci"],
                        permissions: { logsRead: { logGroups: ["/app/deploy"] } },
                    },
                },
            },
        },
    };
    const files: Record<string, string> = { "Pulumi.yaml": stringify(project) };
    for (const [name, id] of Object.entries(names))
        files[`Pulumi.${name}.yaml`] = stringify({ config: { "aws:region": "eu-west-1", "aws:allowedAccountIds": [id] } });
    return files;
}

/** What one child process measured: the render's wall and CPU time, and its exit code. */
interface ChildTiming {
    code: number;
    wallMs: number;
    cpuMs: number;
}

export interface AccountsRow {
    accounts: number;
    stacks: number;
    resources: number;
    wallMs: number;
    cpuMs: number;
    /** Characters of the largest trust policy of the rendered roles (JSON without white space). */
    trustChars: number;
    /** Characters of the source's AssumeRole grant: its inline policy, or the sum of its managed policies. */
    grantChars: number;
    /** Customer managed policies the grant is split into (0: inline). */
    grantManagedPolicies: number;
    /** Access report rows (every one passed, or the bench fails). */
    checks: number;
}

/** Size as IAM counts it. */
function size(doc: unknown): number {
    return JSON.stringify(typeof doc === "string" ? JSON.parse(doc) : doc).length;
}

interface WrittenStack {
    resources: Array<{ type: string; inputs: Record<string, unknown> }>;
}

/** Measures the rendered files of one point. */
function measureOut(out: string, accounts: number): Omit<AccountsRow, "wallMs" | "cpuMs" | "checks"> {
    const stacks = fs.readdirSync(out).filter((f) => f.endsWith(".json"));
    let resources = 0;
    let trustChars = 0;
    let grantChars = 0;
    let grantManagedPolicies = 0;
    for (const f of stacks) {
        const stack = JSON.parse(fs.readFileSync(path.join(out, f), "utf8")) as WrittenStack;
        const aws = stack.resources.filter((r) => r.type.startsWith("aws:"));
        resources += aws.length;
        for (const r of aws) {
            if (r.type === "aws:iam/role:Role" && f !== "tooling.json") trustChars = Math.max(trustChars, size(r.inputs.assumeRolePolicy));
            if (f === "tooling.json" && r.type === "aws:iam/policy:Policy") {
                grantManagedPolicies++;
                grantChars += size(r.inputs.policy);
            }
            if (f === "tooling.json" && r.type === "aws:iam/rolePolicy:RolePolicy") grantChars += size(r.inputs.policy);
        }
    }
    return { accounts, stacks: stacks.length, resources, trustChars, grantChars, grantManagedPolicies };
}

/** Renders one point in a child process; returns what it measured. */
function renderInChild(dir: string, out: string): ChildTiming {
    const child = spawnSync(process.execPath, ["-r", path.join(ROOT, "tools/shared/typescript-hook.js"), __filename, "--child", dir, out], {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
    });
    const last = child.stdout.trim().split("\n").pop() ?? "";
    if (child.status !== 0 || !last.startsWith("{"))
        throw new Error(`render of ${dir} failed (exit ${child.status}): ${child.stderr.trim().split("\n").slice(-5).join(" | ")}`);
    return JSON.parse(last) as ChildTiming;
}

/** Writes the point's config directory, renders it `repeats` times, and measures the median run. */
export function benchAccounts(accounts: number, repeats: number): AccountsRow {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-accounts-${accounts}-`));
    try {
        for (const [name, text] of Object.entries(accountsConfigFiles(accounts))) fs.writeFileSync(path.join(dir, name), text);
        const out = path.join(dir, "out");
        const runs: ChildTiming[] = [];
        for (let i = 0; i < repeats; i++) runs.push(renderInChild(dir, out));
        const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8")) as { passed: number; failed: number; unproven: number };
        if (report.failed > 0 || report.unproven > 0) throw new Error(`${accounts} accounts: ${report.failed} checks failed, ${report.unproven} unproven`);
        return {
            ...measureOut(out, accounts),
            wallMs: median(runs.map((r) => r.wallMs)),
            cpuMs: median(runs.map((r) => r.cpuMs)),
            checks: report.passed,
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The rows as an aligned Markdown table. */
export function formatAccountsTable(rows: readonly AccountsRow[]): string {
    const head = ["accounts", "stacks", "resources", "checks", "wall ms", "ms/account", "CPU ms", "max trust", "grant chars", "grant managed"];
    const body = rows.map((r) => [
        String(r.accounts),
        String(r.stacks),
        String(r.resources),
        String(r.checks),
        r.wallMs.toFixed(0),
        (r.wallMs / r.accounts).toFixed(1),
        r.cpuMs.toFixed(0),
        String(r.trustChars),
        String(r.grantChars),
        String(r.grantManagedPolicies),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells: string[]) => "| " + cells.map((c, i) => c.padStart(widths[i])).join(" | ") + " |";
    const rule = "|" + widths.map((w) => "-".repeat(w + 1) + ":|").join("");
    return [line(head), rule, ...body.map(line)].join("\n");
}

/**
 * The child: renders DIR into OUT with the real `npm start` code and prints one JSON line with the render's
 * wall and CPU ms (the report goes to DIR/report.json, for the parent to check that every row passed).
 */
async function child(dir: string, out: string): Promise<void> {
    const { main } = await import("../render/main");
    let printed = "";
    const cpu = process.cpuUsage();
    const start = performance.now();
    const code = await main(
        ["--dir", dir, "--out", out, "--json"],
        (s) => (printed += s),
        (s) => process.stderr.write(s),
    );
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const json = printed.slice(printed.indexOf("{"));
    fs.writeFileSync(path.join(dir, "report.json"), JSON.stringify((JSON.parse(json) as { report: unknown }).report));
    process.stdout.write(JSON.stringify({ code, wallMs, cpuMs: (used.user + used.system) / 1000 }) + "\n");
    process.exitCode = code;
}

if (require.main === module && process.argv[2] === "--child") {
    child(process.argv[3], process.argv[4]).catch((e: unknown) => {
        console.error(e);
        process.exit(1);
    });
}
