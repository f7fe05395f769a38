/**
 * End to end on moto_server: the documents account-b and account-a render for an `oidc-role` source
 * are created through IAM's API, a CI job's OIDC token is exchanged for B's role with
 * AssumeRoleWithWebIdentity, and that session assumes A's role, as a GitHub Actions job does.
 *
 * What moto can show: IAM accepts the provider (its ARN is the one the trust names) and both trust
 * policies; the chain of calls works and yields sessions of the right roles in the right accounts.
 * What it cannot: moto verifies neither the token (the one here is unsigned, `alg: none`) nor any
 * trust policy or condition, so a job of another repository would get in too. Who is refused is
 * shown by the access report (tests/access-report/web-identity.test.ts), not here. Nor does moto cap a
 * chained session at one hour.
 */
import { strict as assert } from "assert";
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, GetOpenIDConnectProviderCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { PolicyDocument } from "../../lib/model/policy";
import type { RenderResult } from "../../tools/shared/mock-runtime";
import { ACCOUNT_A, ACCOUNT_B, baseConfig, renderBoth } from "../support/harness";
import { Keys, keysIn, useSharedMoto } from "../support/moto";

const REGION = "eu-west-1";
const ISSUER = "token.actions.githubusercontent.com";

/** A token shaped like GitHub's, unsigned: moto does not verify it (AWS would refuse it). */
function unsignedToken(claims: Record<string, string>): string {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    return `${part({ alg: "none", typ: "JWT" })}.${part({ iss: `https://${ISSUER}`, ...claims })}.`;
}

/** Creates what a stack declares (the types an oidc-role render holds) with the given keys. */
async function create(endpoint: string, keys: Keys, stack: RenderResult): Promise<Record<string, string>> {
    const iam = new IAMClient({ region: "us-east-1", endpoint, credentials: keys });
    const arns: Record<string, string> = {};
    try {
        for (const r of stack.resources.filter((x) => x.type.startsWith("aws:"))) {
            const i = r.inputs as Record<string, string & string[]>;
            switch (r.type) {
                case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
                    const out = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: i.url, ClientIDList: i.clientIdLists, ThumbprintList: [] }));
                    arns[r.name] = out.OpenIDConnectProviderArn!;
                    break;
                }
                case "aws:iam/role:Role":
                    await iam.send(
                        new CreateRoleCommand({ RoleName: i.name, Path: i.path, AssumeRolePolicyDocument: i.assumeRolePolicy, Description: i.description }),
                    );
                    break;
                case "aws:iam/rolePolicy:RolePolicy":
                    await iam.send(new PutRolePolicyCommand({ RoleName: i.role, PolicyName: i.name, PolicyDocument: i.policy }));
                    break;
                default:
                    throw new Error(`this test does not create ${r.type} ${r.name}`);
            }
        }
        return arns;
    } finally {
        iam.destroy();
    }
}

describe("oidc-role: end to end against moto_server (moto verifies neither the token nor the trust)", function () {
    this.timeout(30000);
    // The test run's one moto_server (tests/global-fixtures.ts), or its own when this file runs alone.
    const moto = useSharedMoto();
    let endpoint = "";
    let rendered: { a: RenderResult; b: RenderResult };
    let providers: Record<string, string> = {};

    before(async () => {
        endpoint = moto.endpoint;
        // Names of its own, so the shared moto's other users (tests/verify/moto.e2e.test.ts) never meet these roles.
        const config = {
            ...baseConfig(),
            sources: { "gha-e2e": { kind: "oidc-role", path: "/ci-e2e/", github: { repository: "acme/web-app", branch: "main" } } },
            targetRoles: { "gha-e2e-deployer": { path: "/e2e/", trustedSources: ["gha-e2e"], permissions: { s3ReadWrite: { buckets: ["acme-e2e-assets"] } } } },
        };
        rendered = await renderBoth(config);
        providers = await create(endpoint, await keysIn(endpoint, ACCOUNT_B), rendered.b);
        await create(endpoint, await keysIn(endpoint, ACCOUNT_A), rendered.a);
    });

    it("IAM's API accepts the provider, whose ARN is the Federated principal of B's rendered trust", async () => {
        const arn = Object.values(providers)[0];
        const role = rendered.b.resources.find((r) => r.type === "aws:iam/role:Role")!;
        const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as PolicyDocument;
        assert.equal(arn, `arn:aws:iam::${ACCOUNT_B}:oidc-provider/${ISSUER}`);
        assert.deepEqual(trust.Statement[0].Principal, { Federated: arn });
        const iam = new IAMClient({ region: "us-east-1", endpoint, credentials: await keysIn(endpoint, ACCOUNT_B) });
        const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
        iam.destroy();
        assert.deepEqual(got.ClientIDList, ["sts.amazonaws.com"]);
    });

    it("a job's token becomes a session of B's CI role, which assumes A's role (role chaining)", async () => {
        const sts = new STSClient({ region: REGION, endpoint, credentials: { accessKeyId: "unused", secretAccessKey: "unused" } });
        const web = await sts.send(
            new AssumeRoleWithWebIdentityCommand({
                RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/ci-e2e/gha-e2e`,
                RoleSessionName: "github-run-42",
                WebIdentityToken: unsignedToken({ aud: "sts.amazonaws.com", sub: "repo:acme/web-app:ref:refs/heads/main" }),
            }),
        );
        sts.destroy();
        assert.equal(web.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT_B}:assumed-role/gha-e2e/github-run-42`);
        const c = web.Credentials!;
        const asJob = new STSClient({
            region: REGION,
            endpoint,
            credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
        });
        try {
            assert.equal((await asJob.send(new GetCallerIdentityCommand({}))).Account, ACCOUNT_B);
            const chained = await asJob.send(
                new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_A}:role/e2e/gha-e2e-deployer`, RoleSessionName: "github-run-42" }),
            );
            assert.equal(chained.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT_A}:assumed-role/gha-e2e-deployer/github-run-42`);
        } finally {
            asJob.destroy();
        }
    });
});
