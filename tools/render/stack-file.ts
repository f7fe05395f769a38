/**
 * What `npm start` writes to out/<stack>.json: a rendered stack's AWS resources and outputs, policies
 * parsed, keys sorted, every known secret shown as "[secret]". Pure and deterministic.
 */
import { SECRET_MARK, redactDeep, redactText } from "../shared/redact";
import type { RecordedResource } from "../shared/mock-runtime";
import { SECRET_PLACEHOLDER, StackConfig } from "../shared/stack-files";
import type { RenderedStack } from "./stacks";
import type { StackSide } from "../../lib/model/config";
import { compareCodeUnits } from "../shared/order";

/** One rendered stack, as written to out/<stack>.json (after redaction). */
export interface RenderedStackFile {
    project: string;
    stack: string;
    /** What the stack deploys: `both` only with named accounts, for an account that holds sources and roles. */
    side: StackSide;
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

/**
 * The values that must never appear in clear: every ExternalId in config, whatever shape `externalIds`
 * was given (a map as documented; a bare string or a list when `--path` was forgotten: every string in
 * it counts), and the placeholder of `secure:` values.
 */
export function secretValues(files: StackConfig): string[] {
    const values = new Set<string>();
    const ids = files.config[`${files.project}:externalIds`];
    if (ids !== undefined) {
        let parsed: unknown = ids;
        try {
            parsed = JSON.parse(ids);
        } catch {
            // Not JSON: the whole text is the value (`pulumi config set externalIds X` without --path).
        }
        for (const v of stringsIn(parsed)) if (v.length > 0) values.add(v);
    }
    // Every secure: value was replaced by the same placeholder.
    if (files.secretKeys.length > 0) values.add(SECRET_PLACEHOLDER);
    return [...values].sort((a, b) => b.length - a.length);
}

/** Every string inside a parsed JSON value (numbers too: unquoted YAML turns digits into one). */
function stringsIn(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (typeof value === "number") return [String(value)];
    if (Array.isArray(value)) return value.flatMap(stringsIn);
    if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
    return [];
}

/**
 * The file written to out/<stack>.json: AWS resources only (the stack and component resources are
 * omitted: they never reach AWS), policy JSON (and StackSet templates) parsed, keys sorted recursively, secrets as "[secret]"
 * (see redactOutputs for the outputs). Pure and deterministic.
 */
export function stackFile(project: string, r: RenderedStack): RenderedStackFile {
    const secrets = secretValues(r.files);
    const resources = r.result.resources
        .filter((x) => x.type.startsWith("aws:"))
        .map((x) => ({ type: x.type, name: x.name, inputs: redactInputs(x, secrets), secretPaths: [...x.secretPaths].sort() }))
        .sort((a, b) => (a.type === b.type ? compareCodeUnits(a.name, b.name) : compareCodeUnits(a.type, b.type)));
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
    return { outputs: out, secretOutputPaths: paths.sort(compareCodeUnits) };
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

/** Replaces secret values inside strings with "[secret]": whole tokens only, so a short ExternalId leaves ARNs intact (tools/shared/redact.ts). */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
    if (typeof value === "string") return redactText(value, secrets);
    return redactDeep(value, secrets).value;
}

/** A policy document (or a StackSet's CloudFormation template) held as JSON text becomes an object; anything else is returned as is. */
export function parsePolicyText(value: unknown): unknown {
    if (typeof value !== "string" || !value.trimStart().startsWith("{")) return value;
    try {
        const parsed: unknown = JSON.parse(value);
        return parsed && typeof parsed === "object" && ("Statement" in parsed || "AWSTemplateFormatVersion" in parsed) ? parsed : value;
    } catch {
        return value;
    }
}

/** Deep copy with object keys sorted (arrays keep their order: statement order is meaningful). */
export function sortKeys<T>(value: T): T {
    if (Array.isArray(value)) return value.map((v: unknown) => sortKeys(v)) as T;
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value).sort(compareCodeUnits)) out[k] = sortKeys((value as Record<string, unknown>)[k]);
        return out as T;
    }
    return value;
}
