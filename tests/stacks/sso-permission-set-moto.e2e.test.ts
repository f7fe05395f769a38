/**
 * End to end on moto_server for an `sso-permission-set` source, as far as moto serves it: account-b's rendered
 * inline policy is put into a permission set through the SSO admin API and read back; account-a's role with its
 * rendered trust (two ArnLike patterns) is created through IAM's API; a role at Identity Center's path with the
 * permission set's policy (made here by hand, standing in for Identity Center) assumes A's role.
 *
 * What moto cannot show: it creates no AWSReservedSSO_ role when a permission set is provisioned, serves no
 * portal sign-in (sso:GetRoleCredentials), and enforces no trust policy, so a role of another permission set would
 * get in too. And moto spells a permission set's ARN `...:instance/<id>/ps-<id>`, where AWS writes
 * `...:permissionSet/<id>/ps-<id>`: the config gets AWS's shape, the API calls moto's. Who is refused is shown by the access report (tests/access-report/sso-permission-set.test.ts).
 */
import { strict as assert } from "assert";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { RenderResult } from "../../tools/shared/mock-runtime";
import { ACCOUNT_A, ACCOUNT_B, baseConfig, renderBoth } from "../support/harness";
import { Keys, assumeRole, createStackResources, keysIn, useSharedMoto } from "../support/moto";
import { INSTANCE } from "../support/sso";

const REGION = "eu-west-1";

/** One call of the SSO admin JSON API (SWBExternalService); moto reads the account from the key and checks no signature. */
async function ssoAdmin(endpoint: string, keys: Keys, operation: string, body: object): Promise<Record<string, unknown>> {
    const res = await fetch(`${endpoint}/`, {
        method: "POST",
        headers: {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": `SWBExternalService.${operation}`,
            Authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/20260101/${REGION}/sso/aws4_request, SignedHeaders=host, Signature=0`,
            ...(keys.sessionToken ? { "X-Amz-Security-Token": keys.sessionToken } : {}),
        },
        body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.equal(res.status, 200, `${operation}: ${text}`);
    return JSON.parse(text || "{}") as Record<string, unknown>;
}

describe("sso-permission-set: end to end against moto_server (no Identity Center sign-in, no trust enforcement)", function () {
    this.timeout(30000);
    const moto = useSharedMoto();
    let endpoint = "";
    let b: RenderResult;
    let keysB: Keys;
    /** The ARN moto returns, and the same in AWS's shape, which the config requires. */
    let motoArn = "";
    let permissionSetArn = "";

    before(async () => {
        endpoint = moto.endpoint;
        keysB = await keysIn(endpoint, ACCOUNT_B);
        const created = await ssoAdmin(endpoint, keysB, "CreatePermissionSet", { InstanceArn: INSTANCE, Name: "SsoE2eReader" });
        motoArn = (created.PermissionSet as { PermissionSetArn: string }).PermissionSetArn;
        // moto 5.2 spells it arn:aws:sso:::instance/<instance id>/ps-<id>; AWS (and CloudFormation's pattern) permissionSet/...
        permissionSetArn = motoArn.replace(":instance/", ":permissionSet/");
        // Names of its own, so the shared moto's other users never meet these roles.
        const config = {
            ...baseConfig(),
            identityCenter: {
                startUrl: "https://acme.awsapps.com/start",
                region: REGION,
                account: ACCOUNT_B,
                instanceArn: INSTANCE,
                permissionSets: { SsoE2eReader: permissionSetArn },
            },
            sources: { "sso-e2e": { kind: "sso-permission-set", permissionSet: "SsoE2eReader" } },
            targetRoles: { "sso-e2e-reader": { path: "/e2e-sso/", trustedSources: ["sso-e2e"], permissions: { logsRead: { logGroups: ["/app/sso-e2e"] } } } },
        };
        const rendered = await renderBoth(config);
        b = rendered.b;
        await createStackResources(endpoint, await keysIn(endpoint, ACCOUNT_A), rendered.a, REGION);
    });

    it("the SSO admin API takes account-b's rendered inline policy for the permission set, and returns it unchanged", async () => {
        const [policy] = b.resources.filter((r) => r.type.startsWith("aws:"));
        assert.equal(policy.type, "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy");
        assert.equal(policy.inputs.permissionSetArn, permissionSetArn);
        await ssoAdmin(endpoint, keysB, "PutInlinePolicyToPermissionSet", {
            InstanceArn: policy.inputs.instanceArn,
            PermissionSetArn: motoArn,
            InlinePolicy: policy.inputs.inlinePolicy,
        });
        const got = await ssoAdmin(endpoint, keysB, "GetInlinePolicyForPermissionSet", { InstanceArn: INSTANCE, PermissionSetArn: motoArn });
        assert.equal(got.InlinePolicy, policy.inputs.inlinePolicy);
    });

    it("a role at Identity Center's path with the permission set's policy assumes A's role (role chaining)", async () => {
        const [policy] = b.resources.filter((r) => r.type.startsWith("aws:"));
        const name = "AWSReservedSSO_SsoE2eReader_0123456789abcdef";
        // What Identity Center does on provisioning, which moto does not: the role, and the inline policy copied into it.
        const iam = new IAMClient({ region: "us-east-1", endpoint, credentials: keysB });
        await iam.send(
            new CreateRoleCommand({
                RoleName: name,
                Path: `/aws-reserved/sso.amazonaws.com/${REGION}/`,
                AssumeRolePolicyDocument: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Federated: `arn:aws:iam::${ACCOUNT_B}:saml-provider/AWSSSO_e2e_DO_NOT_DELETE` },
                            Action: "sts:AssumeRoleWithSAML",
                        },
                    ],
                }),
            }),
        );
        await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "AwsSSOInlinePolicy", PolicyDocument: policy.inputs.inlinePolicy as string }));
        iam.destroy();
        // moto lets anyone assume any role: this session stands in for the person's portal sign-in.
        const person = await assumeRole(endpoint, `arn:aws:iam::${ACCOUNT_B}:role/aws-reserved/sso.amazonaws.com/${REGION}/${name}`, "alice");
        const sts = new STSClient({ region: REGION, endpoint, credentials: person });
        const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_A}:role/e2e-sso/sso-e2e-reader`, RoleSessionName: "alice" }));
        sts.destroy();
        assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT_A}:assumed-role/sso-e2e-reader/alice`);
    });
});
