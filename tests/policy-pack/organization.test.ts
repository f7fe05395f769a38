/**
 * The policy pack's one exception to exact role ARNs (policy-pack/rules/assume-role.ts): a role in every account,
 * `arn:aws:iam::*:role/<path><name>`, only in a statement pinned to an organization by aws:ResourceOrgPaths or
 * aws:ResourceOrgID; anything that could match outside it still fails, with the exact message.
 */
import { strict as assert } from "assert";
import { ROLE_POLICY_TYPE } from "../../policy-pack/resources";
import { assumeRoleOnExactArns } from "../../policy-pack/rules/assume-role";
import { READER } from "../support/harness";
import { check, doc } from "../support/policy-pack";

describe("policy pack: sts:AssumeRole on a role in every account of an organization's OUs", () => {
    const EVERYWHERE = "arn:aws:iam::*:role/audit/auditor";
    const inOu = { "ForAnyValue:StringLike": { "aws:ResourceOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] } };
    const orgGrant = (Condition: unknown, Resource: unknown = EVERYWHERE) =>
        doc({ Sid: "AssumeTargetRolesInOu", Effect: "Allow", Action: "sts:AssumeRole", Resource, ...(Condition === undefined ? {} : { Condition }) });
    const unpinned = (what: string) =>
        `RolePolicy "grant": statement "AssumeTargetRolesInOu" allows sts:AssumeRole on ${what} in every account without pinning the account to an organization; a role ARN with * as its account is accepted only with ForAnyValue:StringLike aws:ResourceOrgPaths ["<org id>/<root id>/<ou id>/*"] or StringEquals aws:ResourceOrgID "<org id>" in the same statement (the role of a StackSet in whole OUs); otherwise name each role ARN`;

    it("passes the one exception: a role in every account (* account) pinned by aws:ResourceOrgPaths or aws:ResourceOrgID", async () => {
        for (const Condition of [
            inOu,
            { ...inOu, StringNotEquals: { "aws:ResourceAccount": "111111111111" } },
            { "ForAnyValue:StringLike": { "aws:resourceorgpaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/" } },
            { StringEquals: { "aws:ResourceOrgID": "o-a1b2c3d4e5" } },
        ]) {
            assert.deepEqual(
                await check(assumeRoleOnExactArns, ROLE_POLICY_TYPE, "grant", { policy: orgGrant(Condition, [EVERYWHERE, READER]) }),
                [],
                JSON.stringify(Condition),
            );
        }
    });

    it("fails a * account without the organization pin, or pinned so it can match outside the organization", async () => {
        for (const Condition of [
            undefined,
            { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
            // ForAllValues is true when the key is missing: an account of no organization would pass.
            { "ForAllValues:StringLike": { "aws:ResourceOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] } },
            { "ForAnyValue:StringLikeIfExists": { "aws:ResourceOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] } },
            { StringLike: { "aws:ResourceOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*" } },
            { "ForAnyValue:StringLike": { "aws:ResourceOrgPaths": ["o-*/r-ab12/ou-ab12-11111111/*"] } },
            { "ForAnyValue:StringLike": { "aws:ResourceOrgPaths": ["o-a1b2c3d4e5/*"] } },
            { StringLike: { "aws:ResourceOrgID": "o-*" } },
            { StringEquals: { "aws:ResourceOrgID": [] } },
        ]) {
            assert.deepEqual(
                await check(assumeRoleOnExactArns, ROLE_POLICY_TYPE, "grant", { policy: orgGrant(Condition) }),
                [unpinned(`"${EVERYWHERE}"`)],
                JSON.stringify(Condition),
            );
        }
    });

    it("keeps refusing a wildcard in the path or name of a role in every account, pinned or not", async () => {
        const wild = "arn:aws:iam::*:role/audit/*";
        assert.deepEqual(await check(assumeRoleOnExactArns, ROLE_POLICY_TYPE, "grant", { policy: orgGrant(inOu, [EVERYWHERE, wild, "*"]) }), [
            `RolePolicy "grant": statement "AssumeTargetRolesInOu" allows sts:AssumeRole on "${wild}", "*", not an exact role ARN; name each role ARN (no *, no role/*, no wildcard in the name)`,
        ]);
    });
});
