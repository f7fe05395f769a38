/**
 * `npm start`: renders both stacks offline and proves who can do what.
 *
 * Reads Pulumi.yaml + Pulumi.<stack>.yaml (merged as Pulumi does, `secure:` values never decrypted),
 * runs the real program for account-b under Pulumi's mock runtime, feeds its outputs into account-a's
 * StackReference, runs account-a, writes out/<stack>.json for each requested stack and prints the
 * access report (tools/access-report.ts) computed over the rendered documents.
 *
 *   npm start -- [--dir DIR] [--stacks account-b,account-a] [--out DIR] [--json] [--help]
 *
 * Exit codes: 0 all checks pass; 1 invalid configuration (one line per problem); 2 any other error;
 * 3 the access report found a failed expectation or an unknown action / condition key (the
 * vocabulary check runs on every rendered stack, also when no target stack is rendered).
 */
import * as fs from "fs";
import * as path from "path";
import { CrossAccountConfig, STACK_SIDES, Side, parseConfig } from "../lib/config";
import { needsSourceStack } from "../components/targetAccount";
import { ConfigError } from "../lib/errors";
import { AccessReport, buildAccessReport, checkStacksVocabulary, formatAccessReport, formatVocabulary } from "./access-report";
import { SECRET_MARK, redactDeep, redactText } from "./access-report/redact";
import type { VocabularyResult } from "./access-report/vocabulary";
import { RecordedResource, RenderResult, renderStack } from "./mock-runtime";
import { SECRET_PLACEHOLDER, StackConfig, loadStackConfig, secretTopLevelKeys } from "./stack-files";
import program from "../index";

/** Organization the mock runtime runs under (Pulumi's default for a personal account). */
export const MOCK_ORGANIZATION = "organization";
/** What a secret value is replaced with in out/*.json and in the report. */
export { SECRET_MARK };

/** The usage text `--help` prints (and an argument error ends with). */
export const USAGE = [
    "usage: npm start -- [--dir DIR] [--stacks account-b,account-a] [--out DIR] [--json] [--help]",
    "  --dir DIR       directory with Pulumi.yaml and Pulumi.<stack>.yaml (default: the repository)",
    "  --stacks LIST   stacks to render and write, comma-separated (default: account-b,account-a);",
    "                  a target stack's source stack is rendered too, for its outputs",
    "  --out DIR       where <stack>.json files go (default: out/)",
    "  --json          print the report as JSON (use `npm start --silent -- --json` for JSON only)",
    "  --help, -h      print this and exit 0",
    "exit codes: 0 all checks pass; 1 invalid configuration; 2 other error;",
    "            3 a check failed or a policy uses an unknown action or condition key",
].join("\n");

export interface RenderArgs {
    dir: string;
    stacks: string[];
    out: string;
    json: boolean;
    /** `--help`: print USAGE and exit 0. */
    help: boolean;
}

/** One rendered stack, as written to out/<stack>.json (after redaction). */
export interface RenderedStackFile {
    project: string;
    stack: string;
    side: Side;
    accountId: string;
    /** Config keys whose value was `secure:` in the stack files; shown, never their values. */
    secretConfigKeys: string[];
    /** Every resource that would reach AWS, sorted by type then logical name. */
    resources: Array<{ type: string; name: string; inputs: Record<string, unknown>; secretPaths: string[] }>;
    /** Stack outputs, known secret values shown as "[secret]"; a secret output with none of them inside is "[secret]" as a whole. */
    outputs: Record<string, unknown>;
    /** Top-level outputs Pulumi holds as secrets. */
    secretOutputNames: string[];
    /** Where in `outputs` a secret was hidden (`clientConfig.vendor-reader.externalId`; a whole output by its name), sorted. */
    secretOutputPaths: string[];
}

/** A stack rendered in memory, secrets still in clear (never written or printed as such). */
export interface RenderedStack {
    stack: string;
    side: Side;
    accountId: string;
    files: StackConfig;
    result: RenderResult;
}

/** A program error, labelled with the stack that raised it. */
export class StackRenderError extends Error {
    constructor(
        readonly stackName: string,
        readonly reason: unknown,
    ) {
        super(`${stackName}: ${reason instanceof Error ? reason.message : String(reason)}`);
        this.name = "StackRenderError";
    }
}

/** Parses the command line. Throws an Error with a usage line on anything unknown. */
export function parseArgs(argv: readonly string[], repoRoot: string): RenderArgs {
    const args: RenderArgs = { dir: repoRoot, stacks: ["account-b", "account-a"], out: path.join(repoRoot, "out"), json: false, help: false };
    const usage = USAGE.split("\n")[0];
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = (): string => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value; ${usage}`);
            return v;
        };
        if (flag === "--dir") args.dir = path.resolve(value());
        else if (flag === "--stacks")
            args.stacks = value()
                .split(",")
                .filter((s) => s !== "");
        else if (flag === "--out") args.out = path.resolve(value());
        else if (flag === "--json") args.json = true;
        else if (flag === "--help" || flag === "-h") args.help = true;
        else throw new Error(`unknown argument ${flag}; ${usage}`);
    }
    if (args.stacks.length === 0) throw new Error(`--stacks names no stack; ${usage}`);
    return args;
}

/** The side of a stack: from its name (account-a, account-b), else its `side` config value. */
export function stackSide(project: string, stack: string, config: Record<string, string>): Side | undefined {
    const fromName = STACK_SIDES[stack];
    if (fromName) return fromName;
    const v = config[`${project}:side`];
    return v === "source" || v === "target" ? v : undefined;
}

/** The StackReference name account-a reads: config `sourceStack`, else `organization/<project>/account-b`. */
export function sourceStackName(project: string, config: Record<string, string>): string {
    return config[`${project}:sourceStack`] ?? `${MOCK_ORGANIZATION}/${project}/account-b`;
}

/** Renders one stack from its files. Account B's render, when given, backs account A's StackReference. */
export async function renderFromFiles(dir: string, stack: string, source?: RenderedStack): Promise<RenderedStack> {
    const files = loadStackConfig(dir, stack);
    const side = stackSide(files.project, stack, files.config) ?? "source";
    const accountId = files.config[`${files.project}:${side === "target" ? "targetAccountId" : "sourceAccountId"}`] ?? "000000000000";
    const stackReferences = source
        ? {
              [sourceStackName(files.project, files.config)]: {
                  outputs: source.result.outputs,
                  secretOutputNames: source.result.secretOutputNames,
              },
          }
        : undefined;
    const result = await renderStack({
        project: files.project,
        stack,
        organization: MOCK_ORGANIZATION,
        config: files.config,
        secretKeys: secretTopLevelKeys(files.secretKeys),
        accountId,
        partition: files.config[`${files.project}:partition`],
        region: files.config["aws:region"],
        stackReferences,
        program,
    });
    if (result.error !== undefined) throw new StackRenderError(stack, result.error);
    return { stack, side, accountId, files, result };
}

/**
 * Renders the requested stacks in order. A target stack is rendered after its source stack (named by
 * `sourceStack`, default account-b), which is rendered even when not requested: its outputs back the
 * StackReference and its identity policies feed the access report. When it was not requested and the
 * target does not read it (trust mode principal-arn, or only existing/account-root sources), a source
 * stack that is missing or fails to render is skipped.
 */
export async function renderStacks(dir: string, stacks: readonly string[]): Promise<RenderedStack[]> {
    const rendered = new Map<string, RenderedStack>();
    const order: string[] = [];
    for (const stack of stacks) {
        const files = loadStackConfig(dir, stack);
        if (stackSide(files.project, stack, files.config) === "target") {
            const sourceStack = sourceStackName(files.project, files.config).split("/").pop() ?? "account-b";
            if (!rendered.has(sourceStack)) {
                try {
                    rendered.set(sourceStack, await renderFromFiles(dir, sourceStack));
                } catch (e) {
                    // Not requested and not read by this target (e.g. a vendor's account with no stack): go on without it.
                    if (stacks.includes(sourceStack) || readsSourceStack(files, stack)) throw e;
                }
            }
            rendered.set(stack, await renderFromFiles(dir, stack, rendered.get(sourceStack)));
        } else if (!rendered.has(stack)) rendered.set(stack, await renderFromFiles(dir, stack));
        order.push(stack);
    }
    return [...order.map((s) => rendered.get(s)!), ...[...rendered.values()].filter((r) => !order.includes(r.stack))];
}

/** True when the target stack reads account-b's outputs; also true when its config is invalid (rendering it will say why). */
function readsSourceStack(files: StackConfig, stack: string): boolean {
    try {
        return needsSourceStack(parseConfig(files.config, { project: files.project, stack, organization: MOCK_ORGANIZATION }));
    } catch {
        return true;
    }
}

/** The values that must never appear in clear: every ExternalId in config, and secure placeholders. */
export function secretValues(files: StackConfig): string[] {
    const values = new Set<string>();
    const ids = files.config[`${files.project}:externalIds`];
    if (ids !== undefined) {
        try {
            const parsed: unknown = JSON.parse(ids);
            if (parsed && typeof parsed === "object") for (const v of Object.values(parsed)) if (typeof v === "string" && v.length > 0) values.add(v);
        } catch {
            // Not JSON: the program reports it as a config problem.
        }
    }
    // Every secure: value was replaced by the same placeholder.
    if (files.secretKeys.length > 0) values.add(SECRET_PLACEHOLDER);
    return [...values].sort((a, b) => b.length - a.length);
}

/**
 * The file written to out/<stack>.json: AWS resources only (the stack and component resources are
 * omitted: they never reach AWS), policy JSON parsed, keys sorted recursively, secrets as "[secret]"
 * (see redactOutputs for the outputs). Pure and deterministic.
 */
export function stackFile(project: string, r: RenderedStack): RenderedStackFile {
    const secrets = secretValues(r.files);
    const resources = r.result.resources
        .filter((x) => x.type.startsWith("aws:"))
        .map((x) => ({ type: x.type, name: x.name, inputs: redactInputs(x, secrets), secretPaths: [...x.secretPaths].sort() }))
        .sort((a, b) => (a.type === b.type ? compare(a.name, b.name) : compare(a.type, b.type)));
    const { outputs, secretOutputPaths } = redactOutputs(r.result.outputs, r.result.secretOutputNames, secrets);
    return sortKeys({
        project,
        stack: r.stack,
        side: r.side,
        accountId: r.accountId,
        secretConfigKeys: [...r.files.secretKeys],
        resources,
        outputs,
        secretOutputNames: [...r.result.secretOutputNames].sort(),
        secretOutputPaths,
    });
}

/**
 * Stack outputs as written: in every output, known secret values become "[secret]" (as in inputs); a
 * secret output in which no known secret value can be pointed at is "[secret]" as a whole. Returns
 * the paths where something was hidden. Pure.
 */
export function redactOutputs(
    outputs: Record<string, unknown>,
    secretOutputNames: readonly string[],
    secrets: readonly string[],
): { outputs: Record<string, unknown>; secretOutputPaths: string[] } {
    const out: Record<string, unknown> = {};
    const paths: string[] = [];
    for (const [k, v] of Object.entries(outputs)) {
        const redacted = redactDeep(v, secrets, k);
        const hideAll = secretOutputNames.includes(k) && redacted.paths.length === 0;
        out[k] = hideAll ? SECRET_MARK : redacted.value;
        paths.push(...(hideAll ? [k] : redacted.paths));
    }
    return { outputs: out, secretOutputPaths: paths.sort(compare) };
}

/** Inputs with JSON policies parsed; at a secret path, known secret values become "[secret]", else the whole value does. */
export function redactInputs(res: RecordedResource, secrets: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(res.inputs)) {
        const parsed = parsePolicyText(v);
        const secretHere = res.secretPaths.some((p) => p === k || p.startsWith(`${k}.`) || p.startsWith(`${k}[`));
        if (!secretHere) {
            out[k] = redactValue(parsed, secrets);
            continue;
        }
        const redacted = redactValue(parsed, secrets);
        // A secret we cannot point at inside the value: hide all of it.
        out[k] = JSON.stringify(redacted) === JSON.stringify(parsed) ? SECRET_MARK : redacted;
    }
    return out;
}

/** Replaces secret values inside strings with "[secret]": whole tokens only, so a short ExternalId leaves ARNs intact (access-report/redact.ts). */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
    if (typeof value === "string") return redactText(value, secrets);
    return redactDeep(value, secrets).value;
}

/** A policy document held as JSON text becomes an object; anything else is returned as is. */
export function parsePolicyText(value: unknown): unknown {
    if (typeof value !== "string" || !value.trimStart().startsWith("{")) return value;
    try {
        const parsed: unknown = JSON.parse(value);
        return parsed && typeof parsed === "object" && "Statement" in parsed ? parsed : value;
    } catch {
        return value;
    }
}

/** Deep copy with object keys sorted (arrays keep their order: statement order is meaningful). */
export function sortKeys<T>(value: T): T {
    if (Array.isArray(value)) return value.map((v: unknown) => sortKeys(v)) as T;
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value).sort(compare)) out[k] = sortKeys((value as Record<string, unknown>)[k]);
        return out as T;
    }
    return value;
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds the access report for the target stack among the rendered ones (undefined when none is a
 * target); its vocabulary check covers every rendered stack.
 */
export async function reportFor(rendered: readonly RenderedStack[]): Promise<AccessReport | undefined> {
    const target = rendered.find((r) => r.side === "target");
    if (!target) return undefined;
    const files = target.files;
    const config: CrossAccountConfig = parseConfig(files.config, { project: files.project, stack: target.stack, organization: MOCK_ORGANIZATION });
    const sourceName = sourceStackName(files.project, files.config).split("/").pop();
    const source = rendered.find((r) => r.stack === sourceName) ?? rendered.find((r) => r.side === "source");
    return buildAccessReport({
        config,
        sourceResources: source?.result.resources ?? [],
        targetResources: target.result.resources,
        secretValues: secretValues(files),
        stacks: rendered.map((r) => ({ stack: r.stack, resources: r.result.resources })),
    });
}

/** The vocabulary check alone, over every rendered stack: what is left to prove when no target stack is rendered. */
export function vocabularyFor(rendered: readonly RenderedStack[]): Promise<VocabularyResult> {
    return checkStacksVocabulary(rendered.map((r) => ({ stack: r.stack, resources: r.result.resources })));
}

/** The whole command. Returns the exit code; writes to the given streams. */
export async function main(argv: readonly string[], stdout: (s: string) => void, stderr: (s: string) => void): Promise<number> {
    const started = Date.now();
    let args: RenderArgs;
    try {
        args = parseArgs(argv, path.resolve(__dirname, ".."));
    } catch (e) {
        stderr(`${(e as Error).message}\n`);
        return 2;
    }
    if (args.help) {
        stdout(`${USAGE}\n`);
        return 0;
    }
    try {
        const rendered = await renderStacks(args.dir, args.stacks);
        fs.mkdirSync(args.out, { recursive: true });
        const written: string[] = [];
        for (const r of rendered.filter((x) => args.stacks.includes(x.stack))) {
            const file = path.join(args.out, `${r.stack}.json`);
            fs.writeFileSync(file, JSON.stringify(stackFile(r.files.project, r), null, 2) + "\n");
            written.push(`${path.relative(process.cwd(), file) || file} (${r.result.resources.filter((x) => x.type.startsWith("aws:")).length} resources)`);
        }
        const report = await reportFor(rendered);
        // No target stack: no simulation to run, but B's policies are still checked for unknown actions and keys.
        const vocabulary = report ? report.vocabulary : await vocabularyFor(rendered);
        if (args.json) {
            const body = report ? { report } : { report: null, vocabulary };
            stdout(JSON.stringify(sortKeys({ written: written.map((w) => w.split(" ")[0]), ...body }), null, 2) + "\n");
        } else {
            stdout(`Rendered ${args.dir} offline (Pulumi mocks, no AWS):\n${written.map((w) => `  wrote ${w}\n`).join("")}\n`);
            stdout(report ? formatAccessReport(report) : `No target stack rendered: no access simulations.\n${formatVocabulary(vocabulary)}\n`);
            stdout(`\nTotal ${Date.now() - started} ms.\n`);
        }
        return (report && !report.ok) || vocabulary.problems.length > 0 ? 3 : 0;
    } catch (e) {
        const stack = e instanceof StackRenderError ? e.stackName : undefined;
        const cause = e instanceof StackRenderError ? e.reason : e;
        if (ConfigError.isConfigError(cause)) {
            const heading = cause.message.split("\n")[0];
            stderr(`${stack ?? "config"}: ${heading}\n${cause.problems.map((p) => `  - ${p}\n`).join("")}`);
            return 1;
        }
        stderr(`${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
    }
}

if (require.main === module) {
    main(
        process.argv.slice(2),
        (s) => process.stdout.write(s),
        (s) => process.stderr.write(s),
    ).then(
        (code) => (process.exitCode = code),
        (e: unknown) => {
            process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
            process.exitCode = 2;
        },
    );
}
