/**
 * The Condition block of a custom statement (`permissions.statements[].Condition`), checked at config
 * time so that a typo or a condition that widens never reaches a policy: each operator against IAM's
 * (lib/iam/condition-operators.ts, the list the access report checks too), the set operators that make an
 * Allow true for requests the author meant to exclude, and keys only a trust evaluates. One line per
 * problem; the value shown is the operator or the condition key, never a condition value.
 */
import { conditionOperatorProblem, parseConditionOperator } from "../iam/condition-operators";
import { trustOnlyKey } from "../iam/sts-condition-keys";
import { keyPath } from "../names";
import type { ConfigProblems } from "./reader";

/** A well-formed Condition block (checked by the caller): operator -> key -> value or values. */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

/** Adds a problem for each operator and key of `condition` that IAM does not know or that widens the statement. */
export function checkStatementCondition(
    key: string,
    effect: string | undefined,
    actions: readonly string[],
    condition: ConditionBlock,
    problems: ConfigProblems,
): void {
    const at = keyPath(key, "Condition");
    for (const [operator, block] of Object.entries(condition)) {
        const problem = conditionOperatorProblem(operator);
        if (problem !== undefined) {
            problems.add(at, operator, `an IAM condition operator such as StringEquals: ${problem}`);
            continue;
        }
        const parts = parseConditionOperator(operator)!;
        const where = keyPath(at, operator);
        for (const conditionKey of Object.keys(block)) {
            if (effect === "Allow" && parts.set === "ForAnyValue" && isNegated(parts.base)) {
                problems.add(
                    where,
                    conditionKey,
                    `no ForAnyValue with a negated operator in an Allow: it is true as soon as one of the request's values differs, so it lets nearly every request through; write ForAllValues:${parts.base}${parts.ifExists ? "IfExists" : ""} with a Null check (no value may match), or a Deny statement`,
                );
            }
            if (effect === "Allow" && parts.set === "ForAllValues" && !requiresPresent(condition, conditionKey)) {
                problems.add(
                    where,
                    conditionKey,
                    `a Null check beside ForAllValues in an Allow: ForAllValues is true when the request has no ${conditionKey} at all; add "Null": { "${conditionKey}": "false" } to this Condition`,
                );
            }
            const trustActions = trustOnlyKey(conditionKey);
            if (trustActions && !actions.some((a) => trustActions.some((t) => actionMatches(a, t)))) {
                problems.add(
                    where,
                    conditionKey,
                    `a condition key this statement's actions carry: only STS evaluates ${conditionKey} (for ${trustActions.join(", ")}, in a trust policy), so a request for ${actions.join(", ")} never has it and the condition always holds or never does`,
                );
            }
        }
    }
}

/** `StringNotEquals`, `ArnNotLike`, `NotIpAddress`, ...: true for every value that is not listed. */
function isNegated(base: string): boolean {
    return /Not/.test(base);
}

/** True when the block also demands the key be present (`Null: { key: "false" }`). */
function requiresPresent(condition: ConditionBlock, conditionKey: string): boolean {
    const block = condition.Null;
    if (!block) return false;
    const entry = Object.entries(block).find(([k]) => k.toLowerCase() === conditionKey.toLowerCase());
    return entry !== undefined && (entry[1] === "false" || (Array.isArray(entry[1]) && entry[1].length === 1 && entry[1][0] === "false"));
}

/** True when the action pattern (`sts:*`, `*`, `sts:AssumeRole`) matches the action, case-insensitively as IAM does. */
function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
    return re.test(action);
}
