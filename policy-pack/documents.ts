/**
 * Policy documents as the engine hands them to the rules: JSON text or objects, values unknown during
 * `pulumi preview`, and nothing about their shape trusted. A value that cannot be read is undefined, so a
 * rule skips it instead of failing; the engine runs the rules again during `pulumi up`, when it is known.
 */

/** One statement of a policy document as found: nothing about its shape is trusted. */
export interface FoundStatement {
    /** `"Sid"` when the statement has one, else its 1-based position: how messages name it. */
    label: string;
    Effect?: unknown;
    Principal?: unknown;
    Action?: unknown;
    NotAction?: unknown;
    Resource?: unknown;
    NotResource?: unknown;
    Condition?: unknown;
}

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Reads `obj[key]`, or undefined when the value is unknown. During preview the engine hands rules a
 * proxy that throws on reading an unknown value; that is the only error this swallows.
 */
export function knownProperty(obj: unknown, key: string): unknown {
    try {
        return isObject(obj) ? obj[key] : undefined;
    } catch {
        return undefined;
    }
}

/** A deep plain copy of a value, or undefined when any part of it is unknown. */
export function knownPlain(value: unknown): unknown {
    if (value === undefined) return undefined;
    try {
        const text = JSON.stringify(value);
        return text === undefined ? undefined : (JSON.parse(text) as unknown);
    } catch {
        return undefined;
    }
}

/**
 * A policy document given as JSON text or as an object, as a plain object; undefined when it is
 * unknown, not JSON, or not an object.
 */
export function policyDocument(value: unknown): JsonObject | undefined {
    let doc = knownPlain(value);
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc) as unknown;
        } catch {
            return undefined;
        }
    }
    return isObject(doc) ? doc : undefined;
}

/** The statements of a policy document (a single statement object counts as a list of one). */
export function policyStatements(value: unknown): FoundStatement[] {
    const doc = policyDocument(value);
    const raw = doc?.Statement;
    const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : [];
    const out: FoundStatement[] = [];
    list.forEach((st, i) => {
        if (!isObject(st)) return;
        out.push({ ...st, label: typeof st.Sid === "string" && st.Sid !== "" ? `"${st.Sid}"` : String(i + 1) });
    });
    return out;
}

/** Size of a policy as IAM counts it: its JSON without white space. Undefined when unknown. */
export function policyTextSize(value: unknown): number | undefined {
    const doc = policyDocument(value);
    return doc === undefined ? undefined : JSON.stringify(doc).length;
}

/** A string or a list of strings as a list; anything else as an empty list. */
export function stringList(v: unknown): string[] {
    if (typeof v === "string") return [v];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
