/**
 * IAM condition operators (lib/iam/condition-operators.ts): what may key a `Condition` block, shared by
 * the access report's vocabulary check and config validation.
 */
import { strict as assert } from "assert";
import { BASE_CONDITION_OPERATORS, conditionOperatorProblem, parseConditionOperator } from "../lib/iam/condition-operators";

describe("condition operators (lib/iam/condition-operators.ts)", () => {
    it("accepts every base operator, with IfExists (but on Null) and a set operator", () => {
        assert.equal(BASE_CONDITION_OPERATORS.length, 27);
        for (const base of BASE_CONDITION_OPERATORS) {
            for (const op of [base, `ForAllValues:${base}`, `ForAnyValue:${base}`]) assert.equal(conditionOperatorProblem(op), undefined, op);
            if (base !== "Null") assert.equal(conditionOperatorProblem(`${base}IfExists`), undefined, base);
        }
        assert.deepEqual(parseConditionOperator("ForAnyValue:StringLikeIfExists"), { set: "ForAnyValue", base: "StringLike", ifExists: true });
        assert.deepEqual(parseConditionOperator("Null"), { base: "Null", ifExists: false });
    });

    it("names what is wrong with an operator that is not IAM's", () => {
        const cases: Array<[string, string]> = [
            ["StringEqualsIfExist", "unknown condition operator (did you mean StringEqualsIfExists?)"],
            ["StringEqual", "unknown condition operator (did you mean StringEquals?)"],
            ["ForAnyValue:StringLik", "unknown condition operator (did you mean ForAnyValue:StringLike?)"],
            ["NullIfExists", "Null takes no IfExists: it tests whether the key is present itself"],
            ["ForAllValues:NullIfExists", "Null takes no IfExists: it tests whether the key is present itself"],
            ["stringequals", "write it StringEquals, as AWS spells it"],
            ["forallvalues:StringEquals", "write the set operator as ForAllValues"],
            ["ForEachValue:StringEquals", 'unknown set operator "ForEachValue": expected ForAllValues or ForAnyValue'],
            [
                "IfExists",
                "unknown condition operator; see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
            ],
            [
                "RegexMatches",
                "unknown condition operator; see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
            ],
        ];
        assert.deepEqual(
            cases.map(([op]) => [op, conditionOperatorProblem(op)]),
            cases,
        );
    });
});
