/**
 * A small typed reader over untrusted config values. It never throws: every problem is
 * recorded with the config key path (as `pulumi config set --path` spells it), the bad
 * value and what was expected, so that all of them can be reported at once.
 */
import { keyPath } from "../names";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class ConfigProblems {
    private readonly lines: string[] = [];

    add(key: string, value: unknown, expected: string): void {
        this.lines.push(`${key} = ${show(value)}: expected ${expected}`);
    }

    /** A problem that is not about one value (a missing key, a combination of keys). */
    addRule(key: string, message: string): void {
        this.lines.push(`${key}: ${message}`);
    }

    get list(): readonly string[] {
        return this.lines;
    }

    get count(): number {
        return this.lines.length;
    }
}

/** Marks a value that must never be printed in clear. */
export class Redacted {
    constructor(readonly length: number) {}
}

export function show(value: unknown): string {
    if (value instanceof Redacted) return `[secret, ${value.length} character${value.length === 1 ? "" : "s"}]`;
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

    /** Reports any key not in `known` (typos are the most common config bug). */
    allowOnly(known: readonly string[]): void {
        for (const k of Object.keys(this.value)) {
            if (!known.includes(k)) {
                this.problems.addRule(keyPath(this.key, k), `unknown key; expected one of ${known.join(", ")}`);
            }
        }
    }

    has(name: string): boolean {
        return this.value[name] !== undefined && this.value[name] !== null;
    }

    string(name: string, opts: { pattern?: RegExp; min?: number; max?: number; expected?: string } = {}): string | undefined {
        const v = this.value[name];
        if (v === undefined || v === null) return undefined;
        const k = keyPath(this.key, name);
        const expected = opts.expected ?? describeString(opts);
        if (typeof v !== "string") {
            this.problems.add(k, v, expected);
            return undefined;
        }
        if ((opts.min !== undefined && v.length < opts.min) || (opts.max !== undefined && v.length > opts.max)) {
            this.problems.add(k, v, `${expected} (length ${v.length})`);
            return undefined;
        }
        if (opts.pattern && !opts.pattern.test(v)) {
            this.problems.add(k, v, expected);
            return undefined;
        }
        return v;
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

    stringList(name: string, opts: { pattern?: RegExp; min?: number; max?: number; expected: string; nonEmpty?: boolean }): string[] | undefined {
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
        const out: string[] = [];
        v.forEach((item, i) => {
            const ok =
                typeof item === "string" &&
                (opts.min === undefined || item.length >= opts.min) &&
                (opts.max === undefined || item.length <= opts.max) &&
                (!opts.pattern || opts.pattern.test(item));
            if (ok) out.push(item);
            else this.problems.add(keyPath(k, i), item, opts.expected);
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

    /** A map of tags: keys of 1 to `keyOpts.max` characters matching `keyOpts.pattern`, never `aws:`; values likewise. */
    stringMap(
        name: string,
        keyOpts: { max: number; pattern: RegExp },
        valueOpts: { max: number; pattern: RegExp },
        maxEntries: number,
    ): Record<string, string> {
        const r = this.object(name);
        if (!r) return {};
        const out: Record<string, string> = {};
        const entries = Object.entries(r.value);
        if (entries.length > maxEntries) r.problems.add(r.key, `${entries.length} entries`, `at most ${maxEntries} entries`);
        for (const [k, v] of entries) {
            const kk = keyPath(r.key, k);
            if (k.length === 0 || k.length > keyOpts.max || /^aws:/i.test(k) || !keyOpts.pattern.test(k)) {
                r.problems.add(kk, k, `a tag key of 1 to ${keyOpts.max} letters, digits, spaces or _.:/=+-@, not starting with "aws:"`);
            } else if (typeof v !== "string" || v.length > valueOpts.max || !valueOpts.pattern.test(v)) {
                r.problems.add(kk, v, `a tag value of at most ${valueOpts.max} letters, digits, spaces or _.:/=+-@`);
            } else out[k] = v;
        }
        return out;
    }
}

function describeString(opts: { min?: number; max?: number }): string {
    if (opts.min !== undefined && opts.max !== undefined) return `a string of ${opts.min} to ${opts.max} characters`;
    if (opts.max !== undefined) return `a string of at most ${opts.max} characters`;
    return "a string";
}
