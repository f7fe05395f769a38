/** Facts about policy documents as IAM sees them: size, Sid characters, the single-or-list value form. Pure. */
import type { PolicyDocument } from "../model/policy";

/** Size of a policy as IAM counts it: the JSON text without white space outside strings. */
export function policySize(doc: PolicyDocument): number {
    return JSON.stringify(doc).length;
}

/** Turns a config key such as `log-reader` into an IAM Sid fragment (letters and digits only). */
export function sidFragment(text: string): string {
    return text
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w.length > 0)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join("");
}

/** A single value as itself, several as a list: how people write IAM JSON by hand. */
export function one(values: string[]): string | string[] {
    return values.length === 1 ? values[0] : values;
}
