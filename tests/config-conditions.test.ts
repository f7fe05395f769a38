/**
 * Custom statements' Condition blocks are checked at config time (issue 13, class 10 on the config
 * side): every operator against IAM's list (lib/iam/condition-operators.ts, shared with the access
 * report), set operators that make an Allow wider than it reads, and keys only a trust evaluates.
 */
import { strict as assert } from "assert";
import { baseConfig } from "./support/harness";
import { Mutable, problemsOf, rejectsEach } from "./support/bad-config";

const LOG_GROUP = "arn:aws:logs:eu-west-1:111111111111:log-group:/app/cron";
const AT = "targetRoles.log-reader.permissions.statements[0].Condition";
const OPERATOR = "expected an IAM condition operator such as StringEquals";

function withCondition(c: Mutable, Condition: unknown, Effect = "Allow", Action: string | string[] = "logs:FilterLogEvents"): void {
    c.targetRoles["log-reader"].permissions.statements = [{ Sid: "Custom", Effect, Action, Resource: LOG_GROUP, Condition }];
}

describe("config: a custom statement's condition operators are IAM's", () => {
    rejectsEach([
        {
            rule: "a misspelt operator (StringEqualss) is named with the one it meant",
            change: (c) => withCondition(c, { StringEqualss: { "aws:RequestedRegion": "eu-west-1" } }),
            messages: [`${AT} = "StringEqualss": ${OPERATOR}: unknown condition operator (did you mean StringEquals?)`],
            stack: "account-a",
        },
        {
            rule: "each bad operator of one block is its own line: IfExist, wrong case, an unknown set operator, Null with IfExists",
            change: (c) =>
                withCondition(c, {
                    StringEqualsIfExist: { "aws:RequestedRegion": "eu-west-1" },
                    stringequals: { "aws:RequestedRegion": "eu-west-1" },
                    "ForAny:StringLike": { "aws:TagKeys": "team" },
                    NullIfExists: { "aws:TagKeys": "true" },
                }),
            messages: [
                `${AT} = "StringEqualsIfExist": ${OPERATOR}: unknown condition operator (did you mean StringEqualsIfExists?)`,
                `${AT} = "stringequals": ${OPERATOR}: write it StringEquals, as AWS spells it`,
                `${AT} = "ForAny:StringLike": ${OPERATOR}: unknown set operator "ForAny": expected ForAllValues or ForAnyValue`,
                `${AT} = "NullIfExists": ${OPERATOR}: Null takes no IfExists: it tests whether the key is present itself`,
            ],
            stack: "account-a",
        },
        {
            rule: "ForAnyValue with a negated operator in an Allow lets nearly every request through",
            change: (c) => withCondition(c, { "ForAnyValue:StringNotLike": { "aws:PrincipalTag/team": ["ops", "dev"] } }),
            messages: [
                `${AT}["ForAnyValue:StringNotLike"] = "aws:PrincipalTag/team": expected no ForAnyValue with a negated operator in an Allow: it is true as soon as one of the request's values differs, so it lets nearly every request through; write ForAllValues:StringNotLike with a Null check (no value may match), or a Deny statement`,
            ],
            stack: "account-a",
        },
        {
            rule: "ForAllValues in an Allow needs a Null check: without the key it is true",
            change: (c) => withCondition(c, { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } }),
            messages: [
                `${AT}["ForAllValues:StringEquals"] = "aws:TagKeys": expected a Null check beside ForAllValues in an Allow: ForAllValues is true when the request has no aws:TagKeys at all; add "Null": { "aws:TagKeys": "false" } to this Condition`,
            ],
            stack: "account-a",
        },
        {
            rule: "a key only a trust evaluates (sts:ExternalId, sts:RoleSessionName) in a statement for other actions",
            change: (c) => withCondition(c, { StringEquals: { "sts:ExternalId": "abc", "sts:RoleSessionName": "nightly" } }, "Deny"),
            messages: [
                `${AT}.StringEquals = "sts:ExternalId": expected a condition key this statement's actions carry: only STS evaluates sts:ExternalId (for sts:AssumeRole, in a trust policy), so a request for logs:FilterLogEvents never has it and the condition always holds or never does`,
                `${AT}.StringEquals = "sts:RoleSessionName": expected a condition key this statement's actions carry: only STS evaluates sts:RoleSessionName (for sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, in a trust policy), so a request for logs:FilterLogEvents never has it and the condition always holds or never does`,
            ],
            stack: "account-a",
        },
    ]);

    rejectsEach([
        {
            rule: "a policy variable in an Allow's Resource lets the caller pick the resource (a session tag it sets)",
            change: (c) =>
                (c.targetRoles["log-reader"].permissions.statements = [
                    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-logs/${aws:PrincipalTag/team}/report.csv" },
                ]),
            messages: [
                'targetRoles.log-reader.permissions.statements[0].Resource = "arn:aws:s3:::acme-logs/${aws:PrincipalTag/team}/report.csv": expected a resource ARN without ${...}: in an Allow statement IAM reads it as a policy variable each request fills in (a session tag the caller sets among them), which lets the caller pick the resource; name the resources, or set permissions.allowWildcardResources: true',
            ],
            stack: "account-a",
        },
        {
            rule: "a policy variable in a configured name or prefix (found by the hostile-config property)",
            change: (c) => (c.targetRoles["log-reader"].permissions.s3Read = { buckets: ["acme-logs"], prefix: "home/${aws:username}/" }),
            messages: [
                'targetRoles.log-reader.permissions.s3Read.prefix = "home/${aws:username}/": expected no ${: it lands in a policy, where IAM reads ${...} as a variable each request fills in (a session tag the caller sets among them), so the policy would not say what is configured',
            ],
            stack: "account-a",
        },
    ]);

    it("accepts IAM's operators as spelt, ForAnyValue with a negated operator in a Deny, ForAllValues with its Null check, and trust keys on STS actions", () => {
        const ok = [
            {
                StringEquals: { "aws:RequestedRegion": "eu-west-1" },
                "ForAnyValue:StringLike": { "aws:TagKeys": "team*" },
                NumericLessThanIfExists: { "aws:MultiFactorAuthAge": "3600" },
            },
            { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] }, Null: { "aws:TagKeys": "false" } },
        ];
        for (const condition of ok) {
            const c = baseConfig();
            withCondition(c, condition);
            assert.deepEqual(problemsOf(c), [], JSON.stringify(condition));
        }
        const deny = baseConfig();
        withCondition(deny, { "ForAnyValue:StringNotLike": { "aws:PrincipalTag/team": ["ops"] } }, "Deny");
        assert.deepEqual(problemsOf(deny), []);
        const sts = baseConfig();
        withCondition(sts, { StringNotEquals: { "sts:ExternalId": "expected" } }, "Deny", ["sts:AssumeRole"]);
        assert.deepEqual(problemsOf(sts), []);
    });

    it("names the operator and the key, never a condition value", () => {
        const c = baseConfig();
        withCondition(c, { "ForAnyValue:StringNotLike": { "aws:PrincipalTag/team": "do-not-print-me" }, StringEqualss: { "aws:PrincipalTag/x": "nor-me" } });
        const problems = problemsOf(c);
        assert.equal(problems.length, 2);
        assert.ok(
            problems.every((p) => !p.includes("do-not-print-me") && !p.includes("nor-me")),
            problems.join("\n"),
        );
    });
});
