/**
 * Both stacks over their lifecycle, under mocks: a recreated source role, deploy order (when account A
 * can go first), and one role serving a job and people.
 */
import { strict as assert } from "assert";
import { ACCOUNT_B, B_ROOT, SHIPPER, awsResources, baseConfig, doc, render, renderBoth, resource } from "../support/harness";

describe("lifecycle: recreated roles, deploy order, mixed sources", () => {
    it("a recreated source role (new unique id) changes A's trust policy text, so pulumi up -s account-a repairs it", async () => {
        const first = await renderBoth(baseConfig(), { uniqueIdSalt: "first" });
        const second = await renderBoth(baseConfig(), { uniqueIdSalt: "recreated" });
        const trust = (r: typeof first) => resource(r.a, "aws:iam/role:Role", "log-reader-role").inputs.assumeRolePolicy;
        const ids = (r: typeof first) => (r.b.outputs.sources as any)["log-shipper"].uniqueIds[0];
        assert.notEqual(ids(first), ids(second));
        assert.notEqual(trust(first), trust(second));
        // Only the Sid differs: the principal ARN is the same, as IAM would show it.
        const strip = (r: typeof first) => JSON.parse(trust(r) as string).Statement.map(({ Sid: _sid, ...rest }: { Sid: string }) => rest);
        assert.deepEqual(strip(first), strip(second));
    });

    it("trust mode principal-arn reads no StackReference, so account A can be deployed before account B", async () => {
        const c = baseConfig() as any;
        c.targetRoles["log-reader"].trustMode = "principal-arn";
        const a = await render(c, { stack: "account-a", references: {} });
        assert.equal(a.error, undefined);
        assert.equal(a.outputs.sourceStack, undefined);
        assert.deepEqual(doc(resource(a, "aws:iam/role:Role", "log-reader-role"), "assumeRolePolicy").Statement, [
            {
                Sid: "TrustLogShipper",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
                Action: "sts:AssumeRole",
                Condition: { ArnEquals: { "aws:PrincipalArn": SHIPPER } },
            },
        ]);
        // A recreated B role does not change this trust: it names the ARN, not the unique id.
        const again = await render(c, { stack: "account-a", references: {}, uniqueIdSalt: "recreated" });
        assert.deepEqual(resource(again, "aws:iam/role:Role", "log-reader-role").inputs, resource(a, "aws:iam/role:Role", "log-reader-role").inputs);
    });

    it("a group trusted in trust mode principal reads no StackReference: its trust is B's root narrowed to B's users", async () => {
        const c = baseConfig() as any;
        c.sources = { developers: { kind: "group" }, ci: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/ci`] } };
        c.targetRoles["log-reader"].trustedSources = [{ source: "developers", mfa: true }, "ci"];
        const a = await render(c, { stack: "account-a", references: {} });
        assert.equal(a.error, undefined);
        assert.equal(a.outputs.sourceStack, undefined);
        assert.deepEqual(doc(resource(a, "aws:iam/role:Role", "log-reader-role"), "assumeRolePolicy").Statement, [
            {
                Sid: "TrustDevelopers",
                Effect: "Allow",
                Principal: { AWS: B_ROOT },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_B}:user/*` },
                    Bool: { "aws:MultiFactorAuthPresent": "true" },
                    NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
                },
            },
            { Sid: "TrustCi", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:role/ci` }, Action: "sts:AssumeRole" },
        ]);
    });

    it("trust mode principal fails clearly when account-b's stack does not exist yet", async () => {
        const a = await render(baseConfig(), { stack: "account-a", references: {} });
        assert.ok(a.error instanceof Error);
        assert.match(a.error.message, /no such stack: organization\/cross-account-iam\/account-b/);
        assert.deepEqual(awsResources(a), []);
    });

    it("one role serves a nightly job (no MFA) and people (MFA), as separate trust statements", async () => {
        const c = baseConfig() as any;
        c.sources.operators = { kind: "group" };
        c.targetRoles["log-reader"].trustedSources = ["log-shipper", { source: "operators", mfa: { maxAgeSeconds: 3600 } }];
        const { a } = await renderBoth(c);
        const statements = doc(resource(a, "aws:iam/role:Role", "log-reader-role"), "assumeRolePolicy").Statement;
        assert.equal(statements.length, 2);
        assert.equal(statements[0].Condition, undefined);
        assert.deepEqual(statements[1].Condition?.Bool, { "aws:MultiFactorAuthPresent": "true" });
    });
});
