/**
 * `npm start`: renders both stacks offline and proves who can do what.
 *
 * Reads Pulumi.yaml + Pulumi.<stack>.yaml (merged as Pulumi does, `secure:` values never decrypted),
 * runs the real program for account-b under Pulumi's mock runtime, feeds its outputs into account-a's
 * StackReference, runs account-a, writes out/<stack>.json for each requested stack and prints the
 * access report (tools/access-report/report.ts) computed over the rendered documents.
 *
 *   npm start -- [--dir DIR] [--stacks account-b,account-a] [--out DIR] [--json] [--format FMT] [--diff BASE] [--help]
 *
 * Exit codes (tools/shared/cli.ts RENDER_EXIT): 0 all checks pass; 1 invalid configuration (one line per
 * problem); 2 any other error; 3 the access report has a FAILED row or an unknown action, condition key or
 * operator (the vocabulary check runs on every rendered stack, also when no target stack is rendered);
 * 4 (`--diff` only) access changed from the base; 5 nothing failed but some rows are UNPROVEN (not with
 * `--diff`, whose code says whether access changed). 3 wins over 4 and 5.
 * Also writes out/access.html, the access map (tools/access-map/), in the same all-or-nothing batch.
 */
import * as path from "path";
import { parseConfig } from "../../lib/config/read";
import type { CrossAccountConfig } from "../../lib/model/config";
import { ConfigError } from "../../lib/errors";
import { AccessReport, buildAccessReport, checkStacksVocabulary, formatAccessReport, formatVocabulary } from "../access-report/report";
import type { VocabularyResult } from "../access-report/vocabulary";
import { BaseError } from "../access-diff/base";
import { MAP_USAGE_LINES, OutputFormat, accessMapStep, parseFormat } from "../access-map/command";
import { RENDER_EXIT, UsageError, readCommandLine, runAsProcess } from "../shared/cli";
import { directoryProblem, writeFilesAtomic } from "../shared/files";
import { redactDeep, redactLines } from "../shared/redact";
import { STACK_NAME_EXPECTED, STACK_NAME_PATTERN, loadStackConfig } from "../shared/stack-files";
import { DEFAULT_SOURCE_STACK } from "../../lib/names";
import { MOCK_ORGANIZATION, RenderedStack, StackRenderError, defaultNamedStacks, isNamedAccounts, renderStacks, sideOf, sourceStackOf } from "./stacks";
import { secretValues, sortKeys, stackFile } from "./stack-file";

/** The usage text `--help` prints (and an argument error ends with). */
export const USAGE = [
    "usage: npm start -- [--dir DIR] [--stacks account-b,account-a] [--out DIR] [--json] [--format FMT] [--diff BASE] [--help]",
    "  --dir DIR       directory with Pulumi.yaml and Pulumi.<stack>.yaml (default: the repository)",
    "  --stacks LIST   stacks to render and write, comma-separated (default: account-b,account-a;",
    "                  with named accounts, every account's stack in deploy order);",
    "                  a target stack's source stacks are rendered too, for their outputs",
    "  --out DIR       where <stack>.json files go (default: out/)",
    "  --json          print the report as JSON (use `npm start --silent -- --json` for JSON only)",
    ...MAP_USAGE_LINES,
    "  --help, -h      print this and exit 0",
    "exit codes: 0 all checks pass; 1 invalid configuration; 2 other error;",
    "            3 a check failed, or a policy uses an unknown action, condition key or operator;",
    "            4 (--diff) access changed from the base (3 wins over 4);",
    "            5 nothing failed, but some checks are UNPROVEN (the report lacks a document they depend on)",
].join("\n");

export interface RenderArgs {
    dir: string;
    stacks: string[];
    /** `--stacks` was given; without it a named-accounts config renders all its accounts' stacks (tools/render/stacks.ts `defaultNamedStacks`). */
    stacksGiven?: boolean;
    out: string;
    json: boolean;
    /** `--help`: print USAGE and exit 0. */
    help: boolean;
    /** `--format` (absent: text, or json with `--json`). */
    format?: OutputFormat;
    /** `--diff BASE`: a config directory or a git ref to compare access with. */
    diff?: string;
}

/** Parses the command line (util.parseArgs). Throws a UsageError ending with the usage line on anything unknown. */
export function parseArgs(argv: readonly string[], repoRoot: string): RenderArgs {
    const usage = USAGE.split("\n")[0];
    const v = readCommandLine(
        argv,
        {
            dir: { type: "string" },
            stacks: { type: "string" },
            out: { type: "string" },
            json: { type: "boolean" },
            format: { type: "string" },
            diff: { type: "string" },
            help: { type: "boolean", short: "h" },
        },
        usage,
    );
    const stacks = (v.stacks ?? "account-b,account-a").split(",").filter((s) => s !== "");
    if (stacks.length === 0) throw new UsageError(`--stacks names no stack; ${usage}`);
    const bad = stacks.find((s) => !STACK_NAME_PATTERN.test(s));
    if (bad !== undefined) throw new UsageError(`--stacks ${JSON.stringify(bad)}: expected ${STACK_NAME_EXPECTED}; ${usage}`);
    const out = v.out === undefined ? path.join(repoRoot, "out") : path.resolve(v.out);
    const outProblem = directoryProblem(out);
    if (outProblem) throw new UsageError(`--out ${outProblem}; ${usage}`);
    const args: RenderArgs = {
        dir: v.dir === undefined ? repoRoot : path.resolve(v.dir),
        stacks,
        ...(v.stacks === undefined ? {} : { stacksGiven: true }),
        out,
        json: v.json ?? false,
        help: v.help ?? false,
    };
    // The access map's flags (tools/access-map/command.ts).
    try {
        if (v.format !== undefined) args.format = parseFormat(v.format);
    } catch (e) {
        throw new UsageError(`${(e as Error).message}; ${usage}`);
    }
    if (v.diff !== undefined) args.diff = v.diff;
    if (args.json && args.format !== undefined && args.format !== "json")
        throw new UsageError(`--json and --format ${args.format} ask for two outputs; ${usage}`);
    if (args.diff !== undefined && (args.json || args.format === "json" || args.format === "mermaid"))
        throw new UsageError(`--diff prints text or markdown, not ${args.format ?? "json"}; ${usage}`);
    return args;
}

/**
 * Builds the access report for the target stack among the rendered ones (undefined when none is a
 * target); its vocabulary check covers every rendered stack.
 */
export async function reportFor(rendered: readonly RenderedStack[]): Promise<AccessReport | undefined> {
    if (rendered.some((r) => isNamedAccounts(r.files))) return namedReportFor(rendered);
    const target = rendered.find((r) => r.side === "target");
    if (!target) return undefined;
    const files = target.files;
    const config: CrossAccountConfig = parseConfig(files.config, { project: files.project, stack: target.stack, organization: MOCK_ORGANIZATION });
    const sourceName = sourceStackOf(files).split("/").pop();
    const source = rendered.find((r) => r.stack === sourceName) ?? rendered.find((r) => r.side === "source");
    return buildAccessReport({
        config,
        sourceResources: source?.result.resources ?? [],
        targetResources: target.result.resources,
        secretValues: secretValues(files),
        stacks: rendered.map((r) => ({ stack: r.stack, resources: r.result.resources })),
    });
}

/**
 * Named accounts: one report over every rendered stack that deploys roles (side target or both), its
 * roles in deploy order; each stack's checks use the renders of the source accounts its roles trust.
 * The vocabulary check covers every rendered stack once.
 */
async function namedReportFor(rendered: readonly RenderedStack[]): Promise<AccessReport | undefined> {
    const targets = rendered.filter((r) => r.side === "target" || r.side === "both");
    if (targets.length === 0) return undefined;
    const started = Date.now();
    const byAccount = new Map(rendered.map((r) => [r.accountId, r.result.resources]));
    const parts = await Promise.all(
        targets.map((target) => {
            const files = target.files;
            // Parsed once per stack, before its render (tools/render/stacks.ts); parsing every stack again here made the report quadratic.
            const config = target.config ?? parseConfig(files.config, { project: files.project, stack: target.stack, organization: MOCK_ORGANIZATION });
            const sourceResources = new Map(config.accounts.filter((a) => byAccount.has(a.id)).map((a) => [a.name, byAccount.get(a.id)!]));
            return buildAccessReport({ config, sourceResources, targetResources: target.result.resources, secretValues: secretValues(files), stacks: [] });
        }),
    );
    const vocabulary = await vocabularyFor(rendered);
    const roles = parts.flatMap((p) => p.roles);
    const failed = parts.reduce((n, p) => n + p.failed, 0);
    return {
        ok: failed === 0 && vocabulary.problems.length === 0,
        passed: parts.reduce((n, p) => n + p.passed, 0),
        failed,
        unproven: parts.reduce((n, p) => n + p.unproven, 0),
        roles,
        vocabulary,
        durationMs: Date.now() - started,
    };
}

/** The vocabulary check alone, over every rendered stack: what is left to prove when no target stack is rendered. */
export function vocabularyFor(rendered: readonly RenderedStack[]): Promise<VocabularyResult> {
    return checkStacksVocabulary(rendered.map((r) => ({ stack: r.stack, resources: r.result.resources })));
}

/**
 * The secret values of the requested stacks and the source stacks they read, for redacting whatever a
 * command prints, also when rendering fails later. Files that cannot be read are skipped: reading them
 * again in renderStacks reports why.
 */
export function knownSecrets(dir: string, stacks: readonly string[]): string[] {
    const values = new Set<string>();
    const add = (stack: string) => {
        try {
            const files = loadStackConfig(dir, stack);
            for (const v of secretValues(files)) values.add(v);
            return files;
        } catch {
            return undefined;
        }
    };
    for (const stack of stacks) {
        const files = add(stack);
        if (files && sideOf(files, stack) === "target") add(sourceStackOf(files).split("/").pop() ?? DEFAULT_SOURCE_STACK);
    }
    return [...values].sort((a, b) => b.length - a.length);
}

/**
 * The whole command. Returns the exit code; writes to the given streams, redacted line by line with every
 * secret the stack files hold (tools/shared/redact.ts), whatever path the text took.
 *
 * All or nothing: both stacks are rendered, their files built and the report computed in memory first;
 * then every out/<stack>.json is written to a temporary file and renamed (tools/shared/files.ts). A run
 * that fails at any point writes nothing and leaves the files of the previous run as they were: they are
 * still a consistent render, of the previous config, to diff against.
 */
export async function main(argv: readonly string[], stdout: (s: string) => void, stderr: (s: string) => void): Promise<number> {
    const started = Date.now();
    let args: RenderArgs;
    try {
        args = parseArgs(argv, path.resolve(__dirname, "..", ".."));
    } catch (e) {
        stderr(`${(e as Error).message}\n`);
        return RENDER_EXIT.usage;
    }
    if (args.help) {
        stdout(`${USAGE}\n`);
        return RENDER_EXIT.ok;
    }
    // A named-accounts config's default stacks hold secrets too; a failure to list them is reported below.
    let namedStacks: string[] | undefined;
    try {
        if (!args.stacksGiven) namedStacks = defaultNamedStacks(args.dir);
    } catch {
        namedStacks = undefined;
    }
    const secrets = knownSecrets(args.dir, namedStacks ?? args.stacks);
    const out = (s: string) => stdout(redactLines(s, secrets));
    const err = (s: string) => stderr(redactLines(s, secrets));
    try {
        // A named-accounts config renders every account's stack by default, in deploy order.
        if (!args.stacksGiven) args.stacks = defaultNamedStacks(args.dir) ?? args.stacks;
        const rendered = await renderStacks(args.dir, args.stacks);
        const stackFiles = rendered.filter((x) => args.stacks.includes(x.stack)).map((r) => ({ r, file: stackFile(r.files.project, r) }));
        const files: Array<{ file: string; content: string | readonly string[]; what: string }> = stackFiles.map(({ r, file }) => ({
            file: path.join(args.out, `${r.stack}.json`),
            content: JSON.stringify(file, null, 2) + "\n",
            what: `${r.result.resources.filter((x) => x.type.startsWith("aws:")).length} resources`,
        }));
        const report = await reportFor(rendered);
        // No target stack: no simulation to run, but B's policies are still checked for unknown actions and keys.
        const vocabulary = report ? report.vocabulary : await vocabularyFor(rendered);
        const failed = (report && report.failed > 0) || vocabulary.problems.length > 0;
        // The access map (out/access.html), and what --format mermaid|markdown and --diff print instead of the report:
        // built in memory too, its text held back until every file is written.
        const held: string[] = [];
        const map = await accessMapStep({
            stacks: stackFiles.map((x) => x.file),
            reports: report ? [report] : [],
            out: args.out,
            dir: args.dir,
            repoRoot: path.resolve(__dirname, "..", ".."),
            stackNames: args.stacks,
            format: args.format ?? (args.json ? "json" : "text"),
            diff: args.diff,
            renderDir: renderWritten(args.stacks),
            stdout: (s) => held.push(s),
        });
        files.push({ file: map.file, content: map.parts, what: "the access map" });
        writeFilesAtomic(files);
        for (const s of held) out(s);
        // --diff answers "did access change" (0 or 4); the map formats are the report drawn, so UNPROVEN counts there too.
        if (map.printed) return failed ? RENDER_EXIT.report : args.diff !== undefined ? map.printed.code : verdict(report);
        const written = files.map((f) => `${path.relative(process.cwd(), f.file) || f.file} (${f.what})`);
        if (args.json || args.format === "json") {
            const body = report ? { report } : { report: null, vocabulary };
            out(JSON.stringify(sortKeys(redactDeep({ written: written.map((w) => w.split(" ")[0]), ...body }, secrets).value), null, 2) + "\n");
        } else {
            out(`Rendered ${args.dir} offline (Pulumi mocks, no AWS):\n${written.map((w) => `  wrote ${w}\n`).join("")}\n`);
            out(report ? formatAccessReport(report) : `No target stack rendered: no access simulations.\n${formatVocabulary(vocabulary)}\n`);
            out(`\nTotal ${Date.now() - started} ms.\n`);
        }
        return failed ? RENDER_EXIT.report : verdict(report);
    } catch (e) {
        const stack = e instanceof StackRenderError ? e.stackName : undefined;
        const cause = e instanceof StackRenderError ? e.reason : e;
        if (e instanceof BaseError) {
            err(`${e.message}\n`);
            return e.code;
        }
        if (ConfigError.isConfigError(cause)) {
            const heading = cause.message.split("\n")[0];
            err(`${stack ?? "config"}: ${heading}\n${cause.problems.map((p) => `  - ${p}\n`).join("")}`);
            return RENDER_EXIT.config;
        }
        err(`${e instanceof Error ? e.message : String(e)}\n`);
        return RENDER_EXIT.usage;
    }
}

/** The exit code of a report with nothing FAILED: UNPROVEN rows make it 5, else 0. */
function verdict(report: AccessReport | undefined): number {
    return report && report.unproven > 0 ? RENDER_EXIT.unproven : RENDER_EXIT.ok;
}

/** Renders a config directory with this code, as `--diff DIR` needs it: the requested stacks' files and the report. */
function renderWritten(stacks: readonly string[]) {
    return async (dir: string) => {
        const rendered = await renderStacks(dir, stacks);
        const report = await reportFor(rendered);
        return { stacks: rendered.filter((x) => stacks.includes(x.stack)).map((r) => stackFile(r.files.project, r)), reports: report ? [report] : [] };
    };
}

if (require.main === module) runAsProcess(main);
