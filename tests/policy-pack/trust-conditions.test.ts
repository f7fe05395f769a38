/**
 * The policy pack's rules over sts:RoleSessionName and aws:PrincipalOrgPaths in a trust (iam-trust-session-name-narrows,
 * iam-trust-org-paths-within-ou), called directly with hand-built args, exact messages; and the trust this program
 * renders with both conditions passes them.
 */
import { strict as assert } from "assert";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { ROLE_TYPE } from "../../policy-pack/resources";
import { principalOrgPathsWithinOu, roleSessionNameNarrows } from "../../policy-pack/rules/trust-conditions";
import { ACCOUNT_B, baseConfig, renderBoth } from "../support/harness";

async function check(rule: ResourceValidationPolicy, assumeRolePolicy: unknown): Promise<string[]> {
    const messages: string[] = [];
    const args = { type: ROLE_TYPE, name: "reader", props: { assumeRolePolicy } } as unknown as ResourceValidationArgs;
    const v = rule.validateResource;
    for (const f of Array.isArray(v) ? v : v ? [v] : []) await f(args, (m) => messages.push(m));
    return messages;
}
const trust = (Condition: object) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "Ops", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` }, Action: "sts:AssumeRole", Condition }],
    });
const AT = 'Role "reader": trust policy statement "Ops" requires';
const OU = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/";

describe("policy pack: sts:RoleSessionName narrows (iam-trust-session-name-narrows)", () => {
    it("passes a pattern with a literal character, ${aws:username}, and StringEquals", async () => {
        assert.deepEqual(await check(roleSessionNameNarrows, trust({ StringLike: { "sts:RoleSessionName": ["nightly-*", "${aws:username}"] } })), []);
        assert.deepEqual(await check(roleSessionNameNarrows, trust({ StringEquals: { "sts:RoleSessionName": "*" } })), []);
    });

    it("fails *, ?* and ** under StringLike (any key case)", async () => {
        assert.deepEqual(await check(roleSessionNameNarrows, trust({ StringLike: { "sts:rolesessionname": ["ok-*", "*", "?*"] } })), [
            `${AT} StringLike sts:RoleSessionName *, ?*, which admits every session name; name the sessions (e.g. nightly-* or \${aws:username}), or drop the condition`,
        ]);
        assert.deepEqual((await check(roleSessionNameNarrows, trust({ StringLikeIfExists: { "sts:RoleSessionName": "**" } }))).length, 1);
    });
});

describe("policy pack: aws:PrincipalOrgPaths within an OU (iam-trust-org-paths-within-ou)", () => {
    it("passes OU paths with ForAnyValue:StringLike, with and without the final *", async () => {
        assert.deepEqual(
            await check(principalOrgPathsWithinOu, trust({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": [`${OU}*`, `${OU}ou-ab12-22222222/`] } })),
            [],
        );
    });

    it("fails *, o-.../*, a root's path, a wildcard inside a path, ForAllValues and ...IfExists", async () => {
        const wide = (v: string) =>
            `${AT} ForAnyValue:StringLike aws:PrincipalOrgPaths ${v}, wider than an OU (or not an OU's path); name each OU as <org id>/<root id>/<ou id>/*, or use aws:PrincipalOrgID for the whole organization`;
        for (const v of ["*", "o-a1b2c3d4e5/*", "o-a1b2c3d4e5/r-ab12/*", "o-a1b2c3d4e5/r-ab12/ou-ab12-*/*", "o-*/r-ab12/ou-ab12-11111111/*"]) {
            assert.deepEqual(await check(principalOrgPathsWithinOu, trust({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": v } })), [wide(v)], v);
        }
        const noOrg = (op: string) =>
            `${AT} ${op} aws:PrincipalOrgPaths, which a caller whose account is in no organization (no aws:PrincipalOrgPaths) passes; use ForAnyValue:StringLike with <org id>/<root id>/<ou id>/*`;
        assert.deepEqual(await check(principalOrgPathsWithinOu, trust({ "ForAllValues:StringLike": { "aws:PrincipalOrgPaths": `${OU}*` } })), [
            noOrg("ForAllValues:StringLike"),
        ]);
        assert.deepEqual(await check(principalOrgPathsWithinOu, trust({ "ForAnyValue:StringLikeIfExists": { "aws:PrincipalOrgPaths": `${OU}*` } })), [
            noOrg("ForAnyValue:StringLikeIfExists"),
        ]);
    });

    it("passes the trust account-a renders with principalOrgPaths and roleSessionName", async () => {
        const config: Record<string, any> = baseConfig();
        config.targetRoles["log-reader"].trustConditions = { principalOrgPaths: [OU], roleSessionName: "nightly-*" };
        const { a } = await renderBoth(config);
        const role = a.resources.find((r) => r.type === ROLE_TYPE)!;
        assert.match(String(role.inputs.assumeRolePolicy), /aws:PrincipalOrgPaths/);
        assert.deepEqual(await check(principalOrgPathsWithinOu, role.inputs.assumeRolePolicy), []);
        assert.deepEqual(await check(roleSessionNameNarrows, role.inputs.assumeRolePolicy), []);
    });
});
