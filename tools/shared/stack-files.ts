/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml and merges their config the way the Pulumi CLI does,
 * so the offline renderer sees the same flat `namespace:key` -> string map a real `pulumi up` would.
 *
 * - Project config (Pulumi.yaml `config:`) first, then stack config overrides it, key by key.
 * - A project config entry may be a plain value, `{ value: X }`, or a schema
 *   `{ type, description, default, value }` (value wins, else default; neither: not set).
 * - A key without a namespace gets the project's (`name:key`).
 * - Objects and lists become JSON text; scalars become strings.
 * - `secure:` values are never decrypted: each is replaced by SECRET_PLACEHOLDER (a value that passes
 *   validation, e.g. as an ExternalId) and its key path is recorded in `secretKeys`.
 * - A key both files set is the stack's, whole: Pulumi does not merge objects across the two files
 *   (pulumi/pulumi#13176). A stack value that lacks part of the project's is reported in
 *   `partialOverrides`: it is what `pulumi config set --path 'targetRoles.x.y' v` writes.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { closestKey } from "../../lib/config/typos";
import { STACK_SIDES, keyPath } from "../../lib/names";

/**
 * A stack name, as Pulumi allows it (letters, digits, `-`, `_`, `.`; at most 100): the only thing that is
 * put into a file name here (`Pulumi.<stack>.yaml`, `out/<stack>.json`), so no name reaches outside its directory.
 */
export const STACK_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;

/** What STACK_NAME_PATTERN means, for messages. */
export const STACK_NAME_EXPECTED = "a Pulumi stack name: 1 to 100 letters, digits, -, _ or .";

/** The largest stack file read: far above any real one, small enough to parse at once. */
export const MAX_STACK_FILE_BYTES = 4 * 1024 * 1024;

/** The deepest nesting a stack file may have (a custom statement's Condition sits at about 10). */
export const MAX_STACK_FILE_DEPTH = 64;

/** Stands in for every `secure:` value: 18 characters from the ExternalId alphabet `[\w+=,.@:/-]`. */
export const SECRET_PLACEHOLDER = "SECRET-PLACEHOLDER";

export interface StackConfig {
    project: string;
    /** `namespace:key` -> value, as the program reads it from `pulumi.runtime.allConfig()`. */
    config: Record<string, string>;
    /** Key paths (`namespace:key` or `namespace:key.sub.path`) whose value was `secure:`, sorted. */
    secretKeys: string[];
    /** One line per key the stack file sets only partly, which replaces Pulumi.yaml's whole value (see `partialOverrides`). */
    partialOverrides: string[];
}

/**
 * The top-level keys that hold a secret anywhere inside, as the Pulumi CLI lists them for the
 * program in PULUMI_CONFIG_SECRET_KEYS (`ns:externalIds` for `ns:externalIds.vendor`).
 */
export function secretTopLevelKeys(secretKeys: readonly string[]): string[] {
    return [...new Set(secretKeys.map((k) => /^[^.[]*/.exec(k)![0]))].sort();
}

/** A config file could not be read or has the wrong shape. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

/**
 * Loads and merges `<dir>/Pulumi.yaml` and `<dir>/Pulumi.<stack>.yaml`.
 * A missing stack file is an error: without it Pulumi would not know the stack either.
 */
export function loadStackConfig(dir: string, stack: string): StackConfig {
    if (!STACK_NAME_PATTERN.test(stack)) throw new StackFileError(`stack ${JSON.stringify(stack)}: expected ${STACK_NAME_EXPECTED}`);
    const projectFile = path.join(dir, "Pulumi.yaml");
    const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
    const projectDoc = readYaml(projectFile);
    projectName(projectDoc, projectFile);
    if (!fs.existsSync(stackFile)) throw new MissingStackFileError(stackFile, stack, stackNames(dir));
    return mergeStackConfig(projectDoc, readYaml(stackFile), projectFile, stackFile);
}

/** Pulumi.yaml's config alone, as a stack without a stack file would see it (named accounts: which stacks exist). */
export function loadProjectConfig(dir: string): StackConfig {
    const projectFile = path.join(dir, "Pulumi.yaml");
    return mergeStackConfig(readYaml(projectFile), null, projectFile);
}

/** The stacks a directory has files for (`Pulumi.<stack>.yaml`), sorted. */
export function stackNames(dir: string): string[] {
    let files: string[];
    try {
        files = fs.readdirSync(dir);
    } catch {
        return [];
    }
    return files
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** A stack with no `Pulumi.<stack>.yaml`: names the stacks that do have one, and the one a typo likely meant. */
export class MissingStackFileError extends StackFileError {
    constructor(
        readonly file: string,
        readonly stack: string,
        readonly stacksHere: readonly string[],
        hint = "",
    ) {
        // account-a and account-b are one letter apart on purpose: never offer one for the other.
        const meant = closestKey(stack, Object.hasOwn(STACK_SIDES, stack) ? stacksHere.filter((s) => !Object.hasOwn(STACK_SIDES, s)) : stacksHere);
        const here = stacksHere.length === 0 ? "no stack files here" : `stack files here: ${stacksHere.map((s) => `Pulumi.${s}.yaml`).join(", ")}`;
        super(`${file}: not found (${here}${meant === undefined ? "" : `; did you mean ${meant}?`})${hint}`);
    }

    /** The same error with more said about why this stack was wanted. */
    withHint(hint: string): MissingStackFileError {
        return new MissingStackFileError(this.file, this.stack, this.stacksHere, hint);
    }
}

/** The pure part of loadStackConfig: merges parsed documents (file names only label messages). */
export function mergeStackConfig(projectDoc: unknown, stackDoc: unknown, projectFile = "Pulumi.yaml", stackFile = "Pulumi.<stack>.yaml"): StackConfig {
    const project = projectName(projectDoc, projectFile);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];

    const projectConfig = (projectDoc as Record<string, unknown>).config ?? {};
    if (!isRecord(projectConfig)) throw new StackFileError(`${projectFile}: config must be a map`);
    for (const [key, entry] of Object.entries(projectConfig)) {
        const value = projectConfigValue(entry);
        if (value === undefined) continue;
        setValue(config, secretKeys, namespaced(project, key), value);
    }

    const stackConfig = stackDoc === null || stackDoc === undefined ? {} : isRecord(stackDoc) ? (stackDoc.config ?? {}) : undefined;
    if (!isRecord(stackConfig)) throw new StackFileError(`${stackFile}: config must be a map`);
    const overrides = partialOverrides(project, projectConfig, stackConfig, path.basename(projectFile), path.basename(stackFile));
    for (const [key, value] of Object.entries(stackConfig)) {
        const full = namespaced(project, key);
        // A stack value replaces the project's, secrets included.
        for (let i = secretKeys.length - 1; i >= 0; i--) if (secretKeys[i] === full || secretKeys[i].startsWith(`${full}.`)) secretKeys.splice(i, 1);
        setValue(config, secretKeys, full, value);
    }
    return { project, config: sortedRecord(config), secretKeys: [...secretKeys].sort(), partialOverrides: overrides };
}

/**
 * The keys both files set where the stack's value is an object that lacks part of the project's. The
 * Pulumi CLI gives the program the stack's value whole (project config is merged per top-level key),
 * so whatever the stack's object leaves out is gone for this stack alone, and the two stacks no longer
 * read the same `targetRoles` or `sources`. That is what `pulumi config set --path` writes: it only
 * ever writes the stack file. A stack value that repeats the project's whole (and changes some of it)
 * is Pulumi's documented override and is not reported; a list counts as one value.
 */
export function partialOverrides(
    project: string,
    projectConfig: Record<string, unknown>,
    stackConfig: Record<string, unknown>,
    projectFile = "Pulumi.yaml",
    stackFile = "Pulumi.<stack>.yaml",
): string[] {
    const projectValues = new Map(Object.entries(projectConfig).map(([k, v]) => [namespaced(project, k), projectConfigValue(v)]));
    const out: string[] = [];
    for (const [key, stackValue] of Object.entries(stackConfig)) {
        const full = namespaced(project, key);
        const projectValue = projectValues.get(full);
        if (!isPlainValueObject(projectValue) || !isPlainValueObject(stackValue)) continue;
        const shown = full.startsWith(`${project}:`) ? full.slice(project.length + 1) : full;
        const missing = missingPaths(projectValue, stackValue, shown);
        if (missing.length === 0) continue;
        const more = missing.length > 3 ? ` and ${missing.length - 3} more` : "";
        out.push(
            `${stackFile} sets ${shown}, which ${projectFile} sets too, and lacks ${missing.slice(0, 3).join(", ")}${more}: Pulumi does not merge the two, the stack's ${shown} replaces the project's whole, so this stack would not see them and the stacks would disagree. ` +
                `\`pulumi config set --path\` writes into the stack file only: edit ${shown} in ${projectFile} instead, and remove it from ${stackFile}`,
        );
    }
    return out;
}

/** An object that is a config value (not a `secure:` wrapper). */
function isPlainValueObject(v: unknown): v is Record<string, unknown> {
    return isRecord(v) && !(Object.keys(v).length === 1 && typeof v.secure === "string");
}

/**
 * What the project's object has and the stack's lacks, at the shallowest level (`targetRoles.x.permissions`,
 * not each key under it). A scalar, a list or a secret counts as one value.
 */
function missingPaths(projectValue: Record<string, unknown>, stackValue: Record<string, unknown>, prefix: string): string[] {
    const out: string[] = [];
    for (const [k, v] of Object.entries(projectValue)) {
        const key = keyPath(prefix, k);
        const there = stackValue[k];
        if (!Object.hasOwn(stackValue, k)) out.push(key);
        else if (isPlainValueObject(v) && isPlainValueObject(there)) out.push(...missingPaths(v, there, key));
    }
    return out;
}

function projectName(doc: unknown, file: string): string {
    if (!isRecord(doc) || typeof doc.name !== "string" || doc.name === "") throw new StackFileError(`${file}: expected a project with a name`);
    return doc.name;
}

/** `{ value }` or a schema `{ type, description, default, value }` -> its value; anything else is the value itself. */
function projectConfigValue(entry: unknown): unknown {
    if (isRecord(entry) && !("secure" in entry)) {
        const keys = Object.keys(entry);
        const schemaKeys = ["type", "description", "default", "value", "items", "secret"];
        if (keys.length > 0 && keys.every((k) => schemaKeys.includes(k))) return entry.value !== undefined ? entry.value : entry.default;
    }
    return entry;
}

function setValue(config: Record<string, string>, secretKeys: string[], key: string, value: unknown): void {
    const replaced = replaceSecrets(value, key, secretKeys);
    if (replaced === null || replaced === undefined) return;
    if (typeof replaced === "object") config[key] = JSON.stringify(replaced);
    else if (typeof replaced === "string" || typeof replaced === "number" || typeof replaced === "boolean") config[key] = String(replaced);
}

/** Replaces every `{ secure: ... }` with the placeholder, recording where it was. */
function replaceSecrets(value: unknown, keyPath: string, secretKeys: string[]): unknown {
    if (isRecord(value)) {
        if (Object.keys(value).length === 1 && typeof value.secure === "string") {
            secretKeys.push(keyPath);
            return SECRET_PLACEHOLDER;
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = replaceSecrets(v, `${keyPath}.${k}`, secretKeys);
        return out;
    }
    if (Array.isArray(value)) return value.map((v, i) => replaceSecrets(v, `${keyPath}[${i}]`, secretKeys));
    return value;
}

function namespaced(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * Parsed stack files by path, with the text each was parsed from: a render of N stacks reads Pulumi.yaml (which
 * grows with the accounts) once per stack and more, and parsing it again each time made the render quadratic.
 * A file is parsed again when its text changed. The documents are frozen: every reader shares them.
 */
const parsedFiles = new Map<string, { text: string; doc: unknown }>();

/** Files kept parsed at most (a long test run reads many temporary directories). */
const PARSED_FILES_KEPT = 4096;

function readYaml(file: string): unknown {
    let text: string;
    try {
        const size = fs.statSync(file).size;
        if (size > MAX_STACK_FILE_BYTES) throw new StackFileError(`${file}: ${size} bytes; a stack file of more than ${MAX_STACK_FILE_BYTES} is not read`);
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        if (e instanceof StackFileError) throw e;
        throw new StackFileError(`${file}: not found`);
    }
    const known = parsedFiles.get(file);
    if (known !== undefined && known.text === text) return known.doc;
    let doc: unknown;
    try {
        doc = parse(text) as unknown;
    } catch (e) {
        const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
        // yaml reports a stack overflow of its own recursion as a parse error.
        if (e instanceof RangeError || message.startsWith("Maximum call stack size exceeded")) throw tooDeep(file);
        throw new StackFileError(`${file}: not valid YAML (${message})`);
    }
    if (depthExceeds(doc, MAX_STACK_FILE_DEPTH)) throw tooDeep(file);
    deepFreeze(doc);
    parsedFiles.delete(file);
    if (parsedFiles.size >= PARSED_FILES_KEPT) parsedFiles.delete(parsedFiles.keys().next().value!);
    parsedFiles.set(file, { text, doc });
    return doc;
}

/** Freezes a parsed document and everything in it (its depth is bounded by MAX_STACK_FILE_DEPTH). */
function deepFreeze(value: unknown): void {
    if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
}

function tooDeep(file: string): StackFileError {
    return new StackFileError(`${file}: nested deeper than ${MAX_STACK_FILE_DEPTH} levels; a stack file is never that deep`);
}

/** True when `value` nests maps or lists more than `max` levels deep. Iterative, so any depth is measured without recursion. */
export function depthExceeds(value: unknown, max: number): boolean {
    const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
    while (stack.length > 0) {
        const { value: v, depth } = stack.pop()!;
        if (v === null || typeof v !== "object") continue;
        if (depth >= max) return true;
        for (const child of Object.values(v)) stack.push({ value: child, depth: depth + 1 });
    }
    return false;
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of Object.keys(record).sort()) out[k] = record[k];
    return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
