/**
 * Growth benchmark (`npm run bench:growth`). First, ONE role deployed to 1, 10, 50 and 200 target accounts,
 * rendered as `npm start` renders a config directory (tools/bench/accounts.ts), and where each IAM quota is
 * reached (tools/bench/quota-points.ts). Then the two-account table: the real program for each side under
 * Pulumi mocks with 1, 10, 50, 100 and 200 target roles, in these shapes:
 *
 * - `own`:    N sources in B, role i of A trusted by source i (each B principal gets a small grant);
 * - `shared-role`, `shared-user`: ONE source in B (an EC2 role, an IAM user) trusted by all N roles:
 *   its grant grows with N and, past the inline quota (role 10240, user 2048 characters), is split
 *   across customer managed policies by sourceGrantPolicies.
 *
 * Prints, per side: wall time (median of 3 renders after a warm-up), AWS resources declared, the
 * largest trust policy in A, and B's identity policy size (sum, and max per principal).
 */
import * as os from "os";
import { performance } from "perf_hooks";
import { MAX_ACCOUNTS } from "../../lib/config/keys";
import { UsageError, readCommandLine } from "../shared/cli";
import { benchAccounts, formatAccountsTable } from "./accounts";
import { formatQuotaPoints, grantPoints, trustPoints } from "./quota-points";
import program from "../../index";
import { identityPoliciesOf } from "../access-report/documents";
import { RecordedResource, RenderResult, renderStack } from "../shared/mock-runtime";

const PROJECT = "cross-account-iam";
const ACCOUNT_A = "111111111111";
const ACCOUNT_B = "222222222222";
const SOURCE_STACK = `organization/${PROJECT}/account-b`;
const SIZES = [1, 10, 50, 100, 200];
/** Target accounts of the accounts table (issue 16). */
const ACCOUNT_SIZES = [1, 10, 50, 200];
const REPEATS = 3;

type Shape = "own" | "shared-role" | "shared-user";

/** The project config for one benchmark point, flattened as Pulumi hands it over. */
export function benchConfig(shape: Shape, roles: number): Record<string, string> {
    const sources: Record<string, unknown> = {};
    const targetRoles: Record<string, unknown> = {};
    const pad = (i: number) => String(i).padStart(3, "0");
    if (shape === "shared-role") sources.shared = { kind: "service-role", service: "ec2", path: "/bench/" };
    if (shape === "shared-user") sources.shared = { kind: "user", path: "/bench/" };
    for (let i = 1; i <= roles; i++) {
        const source = shape === "own" ? `source-${pad(i)}` : "shared";
        if (shape === "own") sources[source] = { kind: "service-role", service: "ec2", path: "/bench/" };
        targetRoles[`role-${pad(i)}`] = { path: "/bench/", trustedSources: [source], permissions: { logsRead: { logGroups: [`/app/job-${pad(i)}`] } } };
    }
    return {
        [`${PROJECT}:targetAccountId`]: ACCOUNT_A,
        [`${PROJECT}:sourceAccountId`]: ACCOUNT_B,
        [`${PROJECT}:sources`]: JSON.stringify(sources),
        [`${PROJECT}:targetRoles`]: JSON.stringify(targetRoles),
        "aws:region": "eu-west-1",
    };
}

/** Size of a policy input as IAM counts it (JSON without white space). */
function size(text: unknown): number {
    return typeof text === "string" ? JSON.stringify(JSON.parse(text)).length : 0;
}

/** B's identity policy characters per principal: inline grant policies plus attached customer managed ones (as the access report reads them). */
export function grantSizes(resources: readonly RecordedResource[]): Map<string, number> {
    const kinds = { "aws:iam/role:Role": "role", "aws:iam/user:User": "user", "aws:iam/group:Group": "group" } as const;
    const out = new Map<string, number>();
    for (const r of resources) {
        const kind = kinds[r.type as keyof typeof kinds];
        if (kind === undefined) continue;
        const { policies } = identityPoliciesOf(resources, kind, String(r.inputs.name));
        if (policies.length > 0)
            out.set(
                `${kind} ${String(r.inputs.name)}`,
                policies.reduce((n, p) => n + JSON.stringify(p.document).length, 0),
            );
    }
    return out;
}

interface Measured {
    result: RenderResult;
    ms: number;
}

async function renderTimed(stack: "account-a" | "account-b", config: Record<string, string>, b?: RenderResult): Promise<Measured> {
    const times: number[] = [];
    let result: RenderResult | undefined;
    for (let i = 0; i < REPEATS; i++) {
        const start = performance.now();
        result = await renderStack({
            project: PROJECT,
            stack,
            config,
            accountId: stack === "account-a" ? ACCOUNT_A : ACCOUNT_B,
            region: "eu-west-1",
            stackReferences: b ? { [SOURCE_STACK]: { outputs: b.outputs, secretOutputNames: b.secretOutputNames } } : undefined,
            program,
        });
        times.push(performance.now() - start);
        if (result.error) throw result.error instanceof Error ? result.error : new Error(JSON.stringify(result.error));
    }
    times.sort((x, y) => x - y);
    return { result: result!, ms: times[Math.floor(REPEATS / 2)] };
}

export interface BenchRow {
    shape: Shape;
    roles: number;
    side: "B (source)" | "A (target)";
    ms: number;
    resources: number;
    maxTrust: number;
    grantSum: number;
    grantMax: number;
    managedPolicies: number;
}

/** Renders B then A for one point and measures both. */
export async function benchPoint(shape: Shape, roles: number): Promise<BenchRow[]> {
    const config = benchConfig(shape, roles);
    const b = await renderTimed("account-b", config);
    const a = await renderTimed("account-a", config, b.result);
    const aws = (r: RenderResult) => r.resources.filter((x) => x.type.startsWith("aws:"));
    const grants = [...grantSizes(b.result.resources).values()];
    const trust = aws(a.result)
        .filter((r) => r.type === "aws:iam/role:Role")
        .map((r) => size(r.inputs.assumeRolePolicy));
    return [
        {
            shape,
            roles,
            side: "B (source)",
            ms: b.ms,
            resources: aws(b.result).length,
            maxTrust: 0,
            grantSum: grants.reduce((s, n) => s + n, 0),
            grantMax: Math.max(0, ...grants),
            managedPolicies: aws(b.result).filter((r) => r.type === "aws:iam/policy:Policy").length,
        },
        {
            shape,
            roles,
            side: "A (target)",
            ms: a.ms,
            resources: aws(a.result).length,
            maxTrust: Math.max(0, ...trust),
            grantSum: 0,
            grantMax: 0,
            managedPolicies: 0,
        },
    ];
}

/** The rows as an aligned text table. */
export function formatTable(rows: readonly BenchRow[]): string {
    const head = ["shape", "roles", "side", "wall ms", "ms/role", "resources", "max trust", "B grant sum", "B grant max", "B managed"];
    const body = rows.map((r) => [
        r.shape,
        String(r.roles),
        r.side,
        r.ms.toFixed(0),
        (r.ms / r.roles).toFixed(2),
        String(r.resources),
        r.side === "A (target)" ? String(r.maxTrust) : "",
        r.side === "B (source)" ? String(r.grantSum) : "",
        r.side === "B (source)" ? String(r.grantMax) : "",
        r.side === "B (source)" ? String(r.managedPolicies) : "",
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells: string[]) => "| " + cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
    const rule = "|" + widths.map((w, i) => (i < 3 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":") + "|").join("");
    return [line(head), rule, ...body.map(line)].join("\n");
}

const GROWTH_USAGE = "usage: npm run bench:growth -- [--accounts 1,10,50,200] [--repeats 3] [--only accounts|roles]";

async function main(): Promise<void> {
    const v = readCommandLine(
        process.argv.slice(2),
        { accounts: { type: "string" }, repeats: { type: "string" }, only: { type: "string" }, help: { type: "boolean", short: "h" } },
        GROWTH_USAGE,
    );
    if (v.help) return void console.log(GROWTH_USAGE);
    const accounts = (v.accounts ?? ACCOUNT_SIZES.join(",")).split(",").map(Number);
    const repeats = Number(v.repeats ?? REPEATS);
    if (accounts.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_ACCOUNTS - 1) || !Number.isInteger(repeats) || repeats < 1)
        throw new UsageError(`--accounts takes whole numbers from 1 to ${MAX_ACCOUNTS - 1}, --repeats a whole number from 1; ${GROWTH_USAGE}`);
    const [load] = os.loadavg();
    if (v.only !== "roles") {
        console.log(
            `One role deployed to N target accounts: npm start over all N + 1 stacks, one process per run (load ${load.toFixed(1)} on ${os.cpus().length} cores)`,
        );
        console.log(formatAccountsTable(accounts.map((n) => benchAccounts(n, repeats))));
        console.log(`\n${formatQuotaPoints(grantPoints(), trustPoints())}\n`);
    }
    if (v.only !== "accounts") {
        // Warm-up: module loading and JIT would otherwise land on the first point.
        await benchPoint("own", 10);
        const rows: BenchRow[] = [];
        for (const shape of ["own", "shared-role", "shared-user"] as const) {
            for (const n of SIZES) rows.push(...(await benchPoint(shape, n)));
        }
        console.log("N target roles, two accounts, each side rendered in this process:");
        console.log(formatTable(rows));
    }
    console.log(
        `\nNode ${process.version}, ${repeats} runs per point (median); load average ${os.loadavg()[0].toFixed(1)} at the end. Sizes in characters, JSON without white space.`,
    );
}

if (require.main === module) {
    main().catch((e: unknown) => {
        console.error(e instanceof UsageError ? e.message : e);
        process.exit(e instanceof UsageError ? 2 : 1);
    });
}
