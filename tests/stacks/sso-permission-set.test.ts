/**
 * What the stacks declare for an `sso-permission-set` source: account A's trust of the permission set's roles,
 * account B's grant as the permission set's inline policy (administration account) or as an output (elsewhere),
 * and the client snippets that sign in through Identity Center.
 */
import { strict as assert } from "assert";
import type { PolicyDocument } from "../../lib/model/policy";
import type { RoleClientConfig, SourceOutput } from "../../lib/model/outputs";
import { ACCOUNT_A, ACCOUNT_B, render, renderBoth } from "../support/harness";
import { INSTANCE, PERMISSION_SET, SSO_PATH, ssoConfig } from "../support/sso";

const GRANT: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader` }],
};
const CHAINING =
    "Role chaining: a person's IAM Identity Center session in account B is a role session (AWSReservedSSO_<permission set>_<suffix>), so assuming a role of account A from it is role chaining, which AWS caps at 1 hour (3600 s) whatever that role's maxSessionDuration says.";

describe("sso-permission-set: what the stacks declare", () => {
    it("account A trusts B's root narrowed to the permission set's roles, with and without the region segment", async () => {
        const { a } = await renderBoth(ssoConfig());
        const role = a.resources.find((r) => r.type === "aws:iam/role:Role")!;
        assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy as string), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TrustPeople",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
                    Action: "sts:AssumeRole",
                    Condition: { ArnLike: { "aws:PrincipalArn": [`${SSO_PATH}/AWSReservedSSO_LogReader_*`, `${SSO_PATH}/*/AWSReservedSSO_LogReader_*`] } },
                },
            ],
        });
    });

    it("in the Identity Center administration account, account B writes the grant as the permission set's inline policy", async () => {
        const b = await render(ssoConfig({ writes: true }), { stack: "account-b" });
        assert.equal(b.error, undefined);
        const aws = b.resources.filter((r) => r.type.startsWith("aws:"));
        assert.deepEqual(
            aws.map((r) => ({ type: r.type, name: r.name, inputs: { ...r.inputs, inlinePolicy: JSON.parse(r.inputs.inlinePolicy as string) as unknown } })),
            [
                {
                    type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
                    name: "people-permission-set-grant-inline-policy",
                    inputs: { instanceArn: INSTANCE, permissionSetArn: PERMISSION_SET, inlinePolicy: GRANT },
                },
            ],
        );
        const out = (b.outputs.sources as Record<string, SourceOutput>).people;
        assert.equal(out.permissionSetInlinePolicy, undefined);
        assert.deepEqual(out.notes, [
            CHAINING,
            "account-b writes the AssumeRole grant as the inline policy of permission set LogReader (replacing any inline policy it had); Identity Center provisions it to every account the permission set is assigned to.",
        ]);
    });

    it("elsewhere, account B declares nothing and outputs the exact grant for the administration account's admins", async () => {
        const b = await render(ssoConfig({ account: "999999999999" }), { stack: "account-b" });
        assert.equal(b.error, undefined);
        assert.deepEqual(
            b.resources.filter((r) => r.type.startsWith("aws:")),
            [],
        );
        const out = (b.outputs.sources as Record<string, SourceOutput>).people;
        assert.deepEqual(out, {
            kind: "sso-permission-set",
            arns: [],
            uniqueIds: [],
            assumableRoleArns: [`arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`],
            permissionSet: "LogReader",
            permissionSetInlinePolicy: JSON.stringify(GRANT, null, 2),
            notes: [
                CHAINING,
                "account-b cannot write permission set LogReader: the admins of account 999999999999, the Identity Center administration account, must put the statements of sources.people.permissionSetInlinePolicy into its inline policy (one per permission set: merge them with any statements it has) and provision it; until then nobody with LogReader may assume the roles of account A.",
            ],
        });
    });

    it("the client snippets sign in with an [sso-session] and a source profile of the permission set, then assume A's role from it", async () => {
        const { a } = await renderBoth(ssoConfig());
        const cc = (a.outputs.clientConfig as Record<string, RoleClientConfig>)["log-reader"].sources.people;
        assert.equal(
            cc.awsConfigProfile.split("\n# ")[0],
            [
                "[sso-session identity-center]",
                "sso_start_url = https://acme.awsapps.com/start",
                "sso_region = eu-west-1",
                "sso_registration_scopes = sso:account:access",
                "",
                "[profile people]",
                "sso_session = identity-center",
                `sso_account_id = ${ACCOUNT_B}`,
                "sso_role_name = LogReader",
                "region = eu-west-1",
                "",
                "[profile log-reader]",
            ].join("\n"),
        );
        assert.match(cc.awsConfigProfile, /\nsource_profile = people\n/);
        assert.deepEqual(cc.awsConfigureCommands.split("\n").slice(0, 5), [
            "aws configure set sso_session identity-center --profile people",
            `aws configure set sso_account_id ${ACCOUNT_B} --profile people`,
            "aws configure set sso_role_name LogReader --profile people",
            "aws configure set region eu-west-1 --profile people",
            `aws configure set role_arn arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader --profile log-reader`,
        ]);
        assert.match(cc.assumeRoleCommand, / --profile people --region eu-west-1$/);
        assert.equal(
            cc.notes[0],
            `Profile people signs in through IAM Identity Center (https://acme.awsapps.com/start) as permission set LogReader in account B (${ACCOUNT_B}), which must be assigned to you there: run \`aws sso login --sso-session identity-center\` first (AWS CLI v2). awsConfigureCommands sets the profiles only; the [sso-session identity-center] section comes from awsConfigProfile or \`aws configure sso-session\`.`,
        );
    });
});
