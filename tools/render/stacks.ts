/**
 * Renders stacks from their files: Pulumi.yaml + Pulumi.<stack>.yaml merged as Pulumi does (`secure:`
 * values never decrypted), the real program run under Pulumi's mock runtime, account-b's outputs fed
 * into account-a's StackReference. With named accounts (issue 16), each target stack's StackReferences
 * are fed by the renders of the source accounts it reads, rendered first (lib/deploy-order.ts).
 * Secrets stay in clear in memory only (see stack-file.ts).
 */
import * as fs from "fs";
import * as path from "path";
import program from "../../index";
import { parseConfig } from "../../lib/config/read";
import { sourceStackName, stackSide } from "../../lib/config/side";
import { needsSourceStack, sourceStacksRead } from "../../lib/cross-stack";
import { deployOrder, stackDependencies } from "../../lib/deploy-order";
import type { CrossAccountConfig, Side, StackSide } from "../../lib/model/config";
import { ConfigError } from "../../lib/errors";
import { DEFAULT_SOURCE_STACK, qualifiedStackName, stackOfAccount } from "../../lib/names";
import { RenderResult, renderStack } from "../shared/mock-runtime";
import { MissingStackFileError, StackConfig, loadProjectConfig, loadStackConfig, secretTopLevelKeys, stackNames } from "../shared/stack-files";

/** Organization the mock runtime runs under (Pulumi's default for a personal account). */
export const MOCK_ORGANIZATION = "organization";

/** The heading of the problems of a stack file that replaces part of Pulumi.yaml's config (`partialOverrides`). */
export const SHARED_CONFIG_REPLACED = "the stack file replaces shared configuration of Pulumi.yaml";

/** A stack rendered in memory, secrets still in clear (never written or printed as such). */
export interface RenderedStack {
    stack: string;
    /** `both` only with named accounts: an account that holds sources and has roles deployed to it. */
    side: StackSide;
    accountId: string;
    files: StackConfig;
    result: RenderResult;
    /** The stack's parsed config, when parsed before rendering (named accounts): the report reuses it rather than parse again. */
    config?: CrossAccountConfig;
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

/** The side of a stack from its files (see lib/config/side.ts). */
export function sideOf(files: StackConfig, stack: string): Side | undefined {
    return stackSide(stack, files.config[`${files.project}:side`]);
}

/** The StackReference name a target stack reads, from its files (see lib/config/side.ts). */
export function sourceStackOf(files: StackConfig): string {
    return sourceStackName(MOCK_ORGANIZATION, files.project, files.config[`${files.project}:sourceStack`]);
}

/** Renders one stack from its files. Account B's render, when given, backs account A's StackReference. */
export async function renderFromFiles(dir: string, stack: string, source?: RenderedStack): Promise<RenderedStack> {
    const files = loadStackConfig(dir, stack);
    return renderLoaded(stack, files, source ? { [sourceStackOf(files)]: source } : undefined);
}

/** Renders a loaded stack; `references` back its StackReferences, by the name each is declared with. */
async function renderLoaded(
    stack: string,
    files: StackConfig,
    references?: Record<string, RenderedStack>,
    parsed?: CrossAccountConfig,
): Promise<RenderedStack> {
    // Under `pulumi up` the program sees only the merged config; here both files are known, so say which one to edit.
    if (files.partialOverrides.length > 0) throw new StackRenderError(stack, new ConfigError(files.partialOverrides, SHARED_CONFIG_REPLACED));
    const named = isNamedAccounts(files);
    const cfg = named ? (parsed ?? tryParse(files, stack)) : undefined;
    const side: StackSide = named ? (cfg?.side ?? "source") : (sideOf(files, stack) ?? "source");
    const accountId = named
        ? (cfg?.account.id ?? "000000000000")
        : (files.config[`${files.project}:${side === "target" ? "targetAccountId" : "sourceAccountId"}`] ?? "000000000000");
    const stackReferences = references
        ? Object.fromEntries(
              Object.entries(references).map(([name, r]) => [name, { outputs: r.result.outputs, secretOutputNames: r.result.secretOutputNames }]),
          )
        : undefined;
    const result = await renderStack({
        project: files.project,
        stack,
        organization: MOCK_ORGANIZATION,
        config: files.config,
        // The top-level keys, as the Pulumi CLI passes them, and the exact paths, which only the files tell.
        secretKeys: [...secretTopLevelKeys(files.secretKeys), ...files.secretKeys],
        accountId,
        partition: files.config[`${files.project}:partition`],
        region: files.config["aws:region"],
        stackReferences,
        program,
    });
    if (result.error !== undefined) throw new StackRenderError(stack, result.error);
    return { stack, side, accountId, files, result, ...(cfg ? { config: cfg } : {}) };
}

/** True when a stack's files name their accounts (`accounts` in Pulumi.yaml): the named-accounts layout. */
export function isNamedAccounts(files: StackConfig): boolean {
    return files.config[`${files.project}:accounts`] !== undefined;
}

/** The stack's parsed config, or undefined when it is invalid (rendering it says why). */
function tryParse(files: StackConfig, stack: string): CrossAccountConfig | undefined {
    try {
        return parseConfig(files.config, { project: files.project, stack, organization: MOCK_ORGANIZATION });
    } catch {
        return undefined;
    }
}

/** `stacks` of a named-accounts config as written (the reader has checked it when the config is valid). */
function accountStacks(files: StackConfig): Record<string, string> {
    try {
        const v: unknown = JSON.parse(files.config[`${files.project}:stacks`] ?? "{}");
        return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, string>) : {};
    } catch {
        return {};
    }
}

/**
 * The stacks `npm start` renders by default for a named-accounts config in `dir`: the stack of every
 * account that deploys something and has a stack file, in deploy order. Undefined for a two-account
 * config (its default is account-b, account-a) or when no stack file parses.
 */
export function defaultNamedStacks(dir: string): string[] | undefined {
    const project = loadProjectConfig(dir);
    if (!isNamedAccounts(project)) return undefined;
    let declared: unknown;
    try {
        declared = JSON.parse(project.config[`${project.project}:accounts`]);
    } catch {
        return undefined;
    }
    if (typeof declared !== "object" || declared === null || Array.isArray(declared)) return undefined;
    const stacks = accountStacks(project);
    const names = Object.keys(declared)
        .map((account) => stackOfAccount(account, stacks))
        .filter((stack) => fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`)));
    for (const stack of names) {
        const files = loadStackConfig(dir, stack);
        const cfg = tryParse(files, stack);
        if (!cfg) continue;
        const order = deployOrder(stackDependencies(cfg, accountStacks(files)));
        if (order.ok) return order.up.filter((s) => names.includes(s));
    }
    return names;
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
        if (isNamedAccounts(files)) {
            await renderNamed(dir, stack, stacks, rendered);
            order.push(stack);
            continue;
        }
        if (sideOf(files, stack) === "target") {
            const sourceStack = sourceStackOf(files).split("/").pop() ?? DEFAULT_SOURCE_STACK;
            if (!rendered.has(sourceStack)) {
                try {
                    rendered.set(sourceStack, await renderFromFiles(dir, sourceStack));
                } catch (e) {
                    // Not requested and not read by this target (e.g. a vendor's account with no stack): go on without it.
                    const reads = readsSourceStack(files, stack);
                    if (stacks.includes(sourceStack) || reads) {
                        throw e instanceof MissingStackFileError ? e.withHint(sourceStackHint(files, stack, sourceStack, reads, dir)) : e;
                    }
                }
            }
            rendered.set(stack, await renderFromFiles(dir, stack, rendered.get(sourceStack)));
        } else if (!rendered.has(stack)) rendered.set(stack, await renderFromFiles(dir, stack));
        order.push(stack);
    }
    return [...order.map((s) => rendered.get(s)!), ...[...rendered.values()].filter((r) => !order.includes(r.stack))];
}

/**
 * Why a target stack wanted the source stack whose file is missing, and what to set: with renamed
 * stacks (prod-a, prod-b) and no `sourceStack`, account A still reads the default, account-b.
 */
function sourceStackHint(files: StackConfig, stack: string, sourceStack: string, reads: boolean, dir: string): string {
    const configured = files.config[`${files.project}:sourceStack`] !== undefined;
    const sources = stackNames(dir).filter((s) => s !== stack && sideOfFile(dir, s) === "source");
    const example = `${MOCK_ORGANIZATION}/${files.project}/${sources[0] ?? "<stack of account B>"}`;
    if (!reads) {
        return `. Stack ${stack} does not read account B's outputs, so \`--stacks ${stack}\` renders it alone`;
    }
    const why = configured ? `its sourceStack, ${sourceStackOf(files)}` : `sourceStack is not set, so it reads the default ${sourceStackOf(files)}`;
    return `. Target stack ${stack} reads account B's outputs from stack ${sourceStack} (${why}); set sourceStack to account B's stack: \`pulumi config set -s ${stack} sourceStack ${example}\``;
}

/** The side of a stack from its files, or undefined when they cannot be read. */
function sideOfFile(dir: string, stack: string): Side | undefined {
    try {
        return sideOf(loadStackConfig(dir, stack), stack);
    } catch {
        return undefined;
    }
}

/** True when the target stack reads account-b's outputs; also true when its config is invalid (rendering it will say why). */
function readsSourceStack(files: StackConfig, stack: string): boolean {
    try {
        return needsSourceStack(parseConfig(files.config, { project: files.project, stack, organization: MOCK_ORGANIZATION }));
    } catch {
        return true;
    }
}

/**
 * Named accounts: renders a stack after the stacks of the source accounts it reads (their outputs back
 * its StackReferences), and the stacks of the other source accounts its roles trust when they have a
 * stack file (their identity policies feed the access report). A stack already rendered is reused.
 * The reader refuses a config whose stacks read each other in a cycle, so the recursion ends.
 */
async function renderNamed(dir: string, stack: string, requested: readonly string[], rendered: Map<string, RenderedStack>): Promise<RenderedStack> {
    const done = rendered.get(stack);
    if (done) return done;
    const files = loadStackConfig(dir, stack);
    const cfg = tryParse(files, stack);
    const references: Record<string, RenderedStack> = {};
    if (cfg) {
        const read = new Set(sourceStacksRead(cfg).map((r) => r.account));
        const mine = cfg.targetRoles.filter((r) => r.accounts.includes(cfg.account.name));
        const trusted = new Set(mine.flatMap((r) => r.trustedSources.map((t) => cfg.sources.find((x) => x.key === t.source)?.account)));
        for (const account of cfg.accounts.map((a) => a.name).filter((a) => a !== cfg.account.name && (read.has(a) || trusted.has(a)))) {
            const sourceStack = stackOfAccount(account, accountStacks(files));
            try {
                const source = await renderNamed(dir, sourceStack, requested, rendered);
                if (read.has(account)) references[qualifiedStackName(MOCK_ORGANIZATION, files.project, sourceStack)] = source;
            } catch (e) {
                // Not requested and not read (an account whose sources this program does not create): go on without it.
                if (read.has(account) || requested.includes(sourceStack)) throw e;
            }
        }
    }
    const result = await renderLoaded(stack, files, references, cfg);
    rendered.set(stack, result);
    return result;
}
