/**
 * The policy pack's rule for trusts of IAM Identity Center roles (iam-sso-trust-pins-permission-set), called
 * directly with hand-built args: passing and failing patterns with the exact messages; and the account-trust rule,
 * which counts a pinned permission set's roles as narrowing B's root.
 */
import { strict as assert } from "assert";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { PERMISSION_SET_INLINE_POLICY_TYPE, ROLE_TYPE } from "../../policy-pack/resources";
import { identityCenterTrustPinsPermissionSet } from "../../policy-pack/rules/identity-center";
import { assumeRoleOnExactArns } from "../../policy-pack/rules/assume-role";
import { accountTrustNeedsCondition } from "../../policy-pack/rules/trust";
import { ACCOUNT_B } from "../support/harness";

const SSO = `arn:aws:iam::${ACCOUNT_B}:role/aws-reserved/sso.amazonaws.com`;

async function check(rule: ResourceValidationPolicy, patterns: string[], op = "ArnLike"): Promise<string[]> {
    const assumeRolePolicy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "People",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
                Action: "sts:AssumeRole",
                Condition: { [op]: { "aws:PrincipalArn": patterns } },
            },
        ],
    });
    const messages: string[] = [];
    const args = { type: ROLE_TYPE, name: "log-reader", props: { assumeRolePolicy } } as unknown as ResourceValidationArgs;
    const v = rule.validateResource;
    for (const f of Array.isArray(v) ? v : v ? [v] : []) await f(args, (m) => messages.push(m));
    return messages;
}
const at = (op: string, v: string) => `Role "log-reader": trust policy statement "People" admits ${op} aws:PrincipalArn ${v}, `;
const WILD = "whose permission set name is a wildcard, so it matches the role of every permission set; name one: AWSReservedSSO_<name>_*";
const UNDERSCORE = `which has no "_" between the permission set name and the final *, so it also matches the roles of permission sets whose name extends it (AWSReservedSSO_Admin* matches AdminFull's); end it with _*`;

describe("policy pack: an SSO trust pattern pins one permission set (iam-sso-trust-pins-permission-set)", () => {
    it("passes the permission set's roles, with and without the region segment (a name may hold _)", async () => {
        const rule = identityCenterTrustPinsPermissionSet;
        assert.deepEqual(await check(rule, [`${SSO}/AWSReservedSSO_LogReader_*`, `${SSO}/*/AWSReservedSSO_LogReader_*`]), []);
        assert.deepEqual(await check(rule, [`${SSO}/eu-west-1/AWSReservedSSO_Log_Reader_*`], "StringLike"), []);
        assert.deepEqual(await check(rule, [`${SSO}/*AWSReservedSSO_LogReader_*`]), [], "one pattern for both path shapes");
        assert.deepEqual(await check(rule, [`arn:aws:iam::${ACCOUNT_B}:user/*`]), [], "not about Identity Center: another rule's business");
    });

    it("fails a bare * name, a wildcard inside the name, and a name without the _ terminator", async () => {
        const rule = identityCenterTrustPinsPermissionSet;
        for (const v of [`${SSO}/*/AWSReservedSSO_*`, `${SSO}/AWSReservedSSO_*_*`, `${SSO}/*AWSReservedSSO*`, `${SSO}/AWSReservedSSO_Log?eader_*`]) {
            assert.deepEqual(await check(rule, [v]), [at("ArnLike", v) + WILD], v);
        }
        const v = `${SSO}/*/AWSReservedSSO_Admin*`;
        assert.deepEqual(await check(rule, [v], "StringLike"), [at("StringLike", v) + UNDERSCORE]);
    });

    it("fails a pattern that leaves Identity Center's path or the role name open", async () => {
        const v = `arn:aws:iam::${ACCOUNT_B}:role/aws-reserved/sso.amazonaws.com/*`;
        assert.deepEqual(await check(identityCenterTrustPinsPermissionSet, [v]), [
            at("ArnLike", v) + "which does not pin the role name: name AWSReservedSSO_<permission set>_* under role/aws-reserved/sso.amazonaws.com/",
        ]);
    });

    it("counts a pinned permission set's roles as narrowing an account trust, and a bare * name not", async () => {
        assert.deepEqual(await check(accountTrustNeedsCondition, [`${SSO}/AWSReservedSSO_LogReader_*`, `${SSO}/*/AWSReservedSSO_LogReader_*`]), []);
        assert.equal((await check(accountTrustNeedsCondition, [`${SSO}/*/AWSReservedSSO_*`])).length, 1);
    });

    it("counts a federated role pattern with 3 literal name characters as narrowing, and role/okta/*, role/* or a ? not", async () => {
        assert.deepEqual(await check(accountTrustNeedsCondition, [`arn:aws:iam::${ACCOUNT_B}:role/okta/data-analyst-*`]), []);
        for (const v of [
            `arn:aws:iam::${ACCOUNT_B}:role/okta/*`,
            `arn:aws:iam::${ACCOUNT_B}:role/*`,
            `arn:aws:iam::${ACCOUNT_B}:role/okta/da*`,
            `arn:aws:iam::${ACCOUNT_B}:role/okta/data-?`,
        ]) {
            assert.equal((await check(accountTrustNeedsCondition, [v])).length, 1, v);
        }
    });

    it("holds a permission set's inline policy to exact role ARNs, as any identity policy (iam-assume-role-exact-arns)", async () => {
        const messages: string[] = [];
        const inlinePolicy = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "Assume", Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
        });
        const args = { type: PERMISSION_SET_INLINE_POLICY_TYPE, name: "people", props: { inlinePolicy } } as unknown as ResourceValidationArgs;
        const v = assumeRoleOnExactArns.validateResource;
        for (const f of Array.isArray(v) ? v : v ? [v] : []) await f(args, (m) => messages.push(m));
        assert.deepEqual(messages, [
            'PermissionSetInlinePolicy "people": statement "Assume" allows sts:AssumeRole on "*", not an exact role ARN; name each role ARN (no *, no role/*, no wildcard in the name)',
        ]);
    });
});
