/**
 * A small typed reader over untrusted config values. It never throws: every problem is
 * recorded with the config key path (as `pulumi config set --path` spells it), the bad
 * value and what was expected, so that all of them can be reported at once.
 */
import type { AccountLayout } from "../model/config";
import { keyPath } from "../names";
import type { BooleanKey, EnumKey, IntegerKey, KeySpec, ListKey, MapKey, ObjectKey, StringKey, StringRule } from "./keys";
import { didYouMean } from "./typos";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class ConfigProblems {
    private readonly lines: string[] = [];

    /**
     * @param secretKeys key paths whose values are secrets (`externalIds`): a value at or below them is
     * never shown, whatever its shape, only its kind and length.
     */
    constructor(private readonly secretKeys: readonly string[] = []) {}

    add(key: string, value: unknown, expected: string): void {
        const secret = this.secretKeys.some((s) => key === s || key.startsWith(`${s}.`) || key.startsWith(`${s}[`));
        this.lines.push(`${key} = ${show(secret ? redacted(value) : value)}: expected ${expected}`);
    }

    /** A problem that is not about one value (a missing key, a combination of keys). */
    addRule(key: string, message: string): void {
        this.lines.push(`${key}: ${message}`);
    }

    /** A line already written as `<key>: <message>` (collected elsewhere, e.g. to drop repeats). */
    addLine(line: string): void {
        this.lines.push(line);
    }

    get list(): readonly string[] {
        return this.lines;
    }

    get count(): number {
        return this.lines.length;
    }
}

/** Marks a value that must never be printed in clear: shown as its kind and size only. */
export class Redacted {
    constructor(
        readonly length: number,
        readonly kind: "character" | "item" | "key" = "character",
    ) {}
}

/** A secret value as it may be shown: a string or number by its length, a list by its items, an object by its keys. */
export function redacted(value: unknown): unknown {
    if (value instanceof Redacted || value === undefined || value === null || typeof value === "boolean") return value;
    if (typeof value === "string" || typeof value === "number") return new Redacted(String(value).length);
    if (Array.isArray(value)) return new Redacted(value.length, "item");
    if (typeof value === "object") return new Redacted(Object.keys(value).length, "key");
    return new Redacted(0);
}

export function show(value: unknown): string {
    if (value instanceof Redacted) {
        const what = value.kind === "character" ? "" : value.kind === "item" ? "a list of " : "an object of ";
        return `[secret, ${what}${value.length} ${value.kind}${value.length === 1 ? "" : "s"}]`;
    }
    if (value === undefined) return "(not set)";
    const text = JSON.stringify(value);
    if (text === undefined) return typeof value === "function" ? "(a function)" : "(not JSON)";
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class ObjectReader {
    constructor(
        readonly key: string,
        readonly value: Record<string, unknown>,
        readonly problems: ConfigProblems,
    ) {}

    /**
     * The entries of a map the user names (`sources`, `targetRoles`, `externalIds`, tags), without
     * `__proto__`: JavaScript objects, Pulumi's outputs among them, take that name for the prototype,
     * so an entry of that name would be dropped without a word. It is reported instead.
     */
    entries(): Array<[string, unknown]> {
        return Object.entries(this.value).filter(([k]) => {
            if (k !== "__proto__") return true;
            this.problems.addRule(
                keyPath(this.key, k),
                "the name __proto__ cannot be used: JavaScript objects (Pulumi's stack outputs among them) read it as the prototype, so the entry would be dropped without a word; choose another name",
            );
            return false;
        });
    }

    /**
     * Reports any key that `spec` (from the key table) does not list, naming the allowed ones in table order.
     * With a layout, the keys of the other layout (`onlyIn`) are left out of that list, and one that is set
     * is refused with what to write instead (`layoutProblem`).
     */
    allowFields(spec: ObjectKey, layout?: AccountLayout): void {
        const fields = spec.fields;
        const other = (name: string) => {
            const only = Object.hasOwn(fields, name) ? fields[name].onlyIn : undefined;
            return layout !== undefined && only !== undefined && only.layout !== layout ? only : undefined;
        };
        const known = Object.keys(fields).filter((name) => other(name) === undefined);
        for (const k of Object.keys(this.value)) {
            const only = other(k);
            if (only) this.problems.addRule(keyPath(this.key, k), layoutProblem(only));
        }
        this.allowOnly(known, (k) => other(k) !== undefined);
    }

    /** Reports a key the table marks required when it is not set ("not set; expected ..."). True when it is set. */
    requireKey(name: string, spec: KeySpec): boolean {
        if (this.has(name)) return true;
        if (spec.required !== undefined) this.problems.addRule(keyPath(this.key, name), `not set; expected ${spec.required}`);
        return false;
    }

    // Keys of the table: the value when valid, the table's default when not set, undefined when invalid
    // (the problem is recorded; a caller that goes on checking other keys may fall back to the default).

    /** A string key of the table, checked against its rule. */
    stringKey(name: string, spec: StringKey): string | undefined {
        return this.has(name) ? this.string(name, spec.rule) : spec.default;
    }

    /** An integer key of the table, within its bounds. */
    integerKey(name: string, spec: IntegerKey): number | undefined {
        return this.has(name) ? this.integer(name, spec.min, spec.max, spec.unit) : spec.default;
    }

    /** A boolean key of the table. */
    booleanKey(name: string, spec: BooleanKey): boolean | undefined {
        return this.has(name) ? this.boolean(name) : spec.default;
    }

    /** A list of strings of the table: each item's rule, no duplicates, non-empty when the table says so. */
    listKey(name: string, spec: ListKey): string[] | undefined {
        if (spec.item.type !== "string") throw new Error(`listKey: ${name} is not a list of strings in the key table`);
        return this.stringList(name, { ...spec.item.rule, nonEmpty: spec.nonEmpty, maxItems: spec.maxItems });
    }

    /** An enum key of the table: one of its values. */
    enumKey<T extends string>(name: string, spec: EnumKey<T>): T | undefined {
        return this.enumValue(name, spec.values) ?? (this.has(name) ? undefined : spec.default);
    }

    /** Reports any key not in `known` (typos are the most common config bug), with the key it likely misspells, except those `reported` says were reported already. */
    allowOnly(known: readonly string[], reported: (key: string) => boolean = () => false): void {
        for (const k of Object.keys(this.value)) {
            if (!known.includes(k) && !reported(k)) {
                this.problems.addRule(keyPath(this.key, k), `unknown key${didYouMean(k, known)}; expected one of ${known.join(", ")}`);
            }
        }
    }

    has(name: string): boolean {
        return this.value[name] !== undefined && this.value[name] !== null;
    }

    /** A string checked by `rule` (see `stringProblem`): the value, or undefined with the problem recorded. */
    string(name: string, rule: StringRule | Omit<StringRule, "expected"> = {}): string | undefined {
        const v = this.value[name];
        if (v === undefined || v === null) return undefined;
        return this.checked(keyPath(this.key, name), v, { ...rule, expected: "expected" in rule ? rule.expected : describeString(rule) });
    }

    /** Records the problem of `value` at `key` under `rule`, if any; returns the value when it passes. */
    checked(key: string, value: unknown, rule: StringRule, opts: { lengthSuffix?: boolean } = {}): string | undefined {
        const problem = stringProblem(value, rule, opts);
        if (problem === undefined) return value as string;
        this.problems.add(key, value, problem);
        return undefined;
    }

    enumValue<T extends string>(name: string, allowed: readonly T[]): T | undefined {
        const v = this.value[name];
        if (v === undefined || v === null) return undefined;
        if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
            this.problems.add(keyPath(this.key, name), v, `one of ${allowed.join(", ")}`);
            return undefined;
        }
        return v as T;
    }

    boolean(name: string): boolean | undefined {
        const v = this.value[name];
        if (v === undefined || v === null) return undefined;
        if (typeof v === "boolean") return v;
        if (v === "true" || v === "false") return v === "true";
        this.problems.add(keyPath(this.key, name), v, "true or false");
        return undefined;
    }

    integer(name: string, min: number, max: number, unit = ""): number | undefined {
        const v = this.value[name];
        if (v === undefined || v === null) return undefined;
        const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
        if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
            this.problems.add(keyPath(this.key, name), v, `an integer from ${min} to ${max}${unit ? ` ${unit}` : ""}`);
            return undefined;
        }
        return n;
    }

    stringList(name: string, opts: StringRule & { nonEmpty?: boolean; maxItems?: number }): string[] | undefined {
        const v = this.value[name];
        if (v === undefined || v === null) return undefined;
        const k = keyPath(this.key, name);
        if (!Array.isArray(v)) {
            this.problems.add(k, v, `a list of ${opts.expected}`);
            return undefined;
        }
        if (opts.nonEmpty && v.length === 0) {
            this.problems.add(k, v, `a non-empty list of ${opts.expected}`);
            return undefined;
        }
        if (opts.maxItems !== undefined && v.length > opts.maxItems) {
            this.problems.add(k, `${v.length} items`, `at most ${opts.maxItems} items`);
            return undefined;
        }
        const out: string[] = [];
        v.forEach((item, i) => {
            const ok = this.checked(keyPath(k, i), item, opts, { lengthSuffix: false });
            if (ok !== undefined) out.push(ok);
        });
        const dupes = out.filter((x, i) => out.indexOf(x) !== i);
        if (dupes.length > 0) this.problems.add(k, v, `no duplicates (repeated: ${[...new Set(dupes)].join(", ")})`);
        return out.length === v.length ? out : undefined;
    }

    object(name: string): ObjectReader | undefined {
        const v = this.value[name];
        if (v === undefined || v === null) return undefined;
        const k = keyPath(this.key, name);
        if (!isPlainObject(v)) {
            this.problems.add(k, v, "an object");
            return undefined;
        }
        return new ObjectReader(k, v, this.problems);
    }

    /** A map of strings of the table (tags): each key by the map's key rule, each value by its value's rule, at most maxEntries. */
    stringMap(name: string, spec: MapKey): Record<string, string> {
        const r = this.object(name);
        if (!r) return {};
        if (spec.value.type !== "string" || !spec.keyRule) throw new Error(`stringMap: ${name} is not a map of strings with a key rule in the key table`);
        const keyRule = spec.keyRule;
        const valueRule = spec.value.rule;
        const out: Record<string, string> = {};
        const entries = r.entries();
        if (spec.maxEntries !== undefined && entries.length > spec.maxEntries)
            r.problems.add(r.key, `${entries.length} entries`, `at most ${spec.maxEntries} entries`);
        for (const [k, v] of entries) {
            const kk = keyPath(r.key, k);
            if (stringProblem(k, keyRule) !== undefined || /^aws:/i.test(k)) r.problems.add(kk, k, keyRule.expected);
            else if (r.checked(kk, v, valueRule, { lengthSuffix: false }) !== undefined) out[k] = v as string;
        }
        return out;
    }
}

/** What a key of the other account layout says when set: which layout it belongs to, and what to write instead. */
export function layoutProblem(only: NonNullable<KeySpec["onlyIn"]>): string {
    return only.layout === "two-account"
        ? `only in a two-account config (targetAccountId, sourceAccountId), and this one names its accounts in accounts; ${only.instead}`
        : `only with named accounts (accounts), and this config is a two-account one (targetAccountId, sourceAccountId); ${only.instead}`;
}

/**
 * The one rule every configured string passes: its type, no IAM wildcard and no `${` when it lands in a
 * policy (`rule.inPolicy`; wildcards allowed by `rule.wildcards`), its length, its pattern. Returns what to say after "expected", or undefined.
 */
export function stringProblem(value: unknown, rule: StringRule, opts: { lengthSuffix?: boolean } = {}): string | undefined {
    if (typeof value !== "string" && typeof value !== "number") return rule.expected;
    // YAML reads unquoted digits as a number and drops leading zeros (012345678901 becomes 12345678901).
    const digits = String(value);
    // One or two lost zeros: an id of 10 or 11 digits that 12 would fit (a shorter one is a typo).
    if (/^\d{10,11}$/.test(digits) && !rule.pattern?.test(digits) && rule.pattern?.test(digits.padStart(12, "0"))) {
        return `${rule.expected}; ${digits} has ${digits.length} digits: an id that starts with 0 must be quoted in YAML ("${digits.padStart(12, "0")}"), which otherwise reads it as a number and drops the leading zeros`;
    }
    if (typeof value !== "string") return rule.expected;
    if (rule.inPolicy !== undefined && !rule.wildcards && /[*?]/.test(value)) return `no * or ?: ${rule.inPolicy}`;
    if (rule.inPolicy !== undefined && value.includes("${"))
        return "no ${: it lands in a policy, where IAM reads ${...} as a variable each request fills in (a session tag the caller sets among them), so the policy would not say what is configured";
    if ((rule.min !== undefined && value.length < rule.min) || (rule.max !== undefined && value.length > rule.max)) {
        return opts.lengthSuffix === false ? rule.expected : `${rule.expected} (length ${value.length})`;
    }
    if (rule.pattern && !rule.pattern.test(value)) return rule.expected;
    return undefined;
}

function describeString(opts: { min?: number; max?: number }): string {
    if (opts.min !== undefined && opts.max !== undefined) return `a string of ${opts.min} to ${opts.max} characters`;
    if (opts.max !== undefined) return `a string of at most ${opts.max} characters`;
    return "a string";
}
