/**
 * The CrossGuard policy pack over the project's own rendered stacks: every rule passes on them, from
 * the base config to a grant split across managed policies, the repository's stack files and every
 * example; and it catches what config lets through only on request.
 */
import { strict as assert } from "assert";
import type { PolicyResource } from "@pulumi/policy";
import { GROUP_POLICY_TYPE, MANAGED_POLICY_TYPE, ROLE_TYPE } from "../../policy-pack/resources";
import { policies } from "../../policy-pack/rules";
import type { RecordedResource, RenderResult } from "../../tools/shared/mock-runtime";
import { renderStacks } from "../../tools/render/stacks";
import { EXAMPLES, REPO, renderExampleStacks } from "../support/examples";
import { ACCOUNT_A, ACCOUNT_B, B_ROOT, ConfigObject, baseConfig, renderBoth } from "../support/harness";
import { check, policyResource, validationContext } from "../support/policy-pack";

function richConfig(): ConfigObject {
    return {
        targetAccountId: ACCOUNT_A,
        sourceAccountId: ACCOUNT_B,
        sources: {
            "log-shipper": { kind: "service-role", service: "ec2", path: "/cross-account/" },
            "backup-job": { kind: "service-role", service: "lambda" },
            operator: { kind: "user", path: "/people/" },
            developers: { kind: "group" },
            vendor: { kind: "account-root" },
            ci: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/ci`] },
        },
        targetRoles: {
            "log-reader": {
                path: "/cross-account/",
                maxSessionDuration: 43200,
                trustedSources: ["log-shipper", { source: "operator", mfa: true, sourceIdentity: true, sessionTags: { allowedKeys: ["team"] } }],
                permissions: { logsRead: { logGroups: ["/app/cron"], create: true, retentionInDays: 30 } },
            },
            "table-backup": {
                trustMode: "principal-arn",
                trustedSources: ["backup-job", "ci"],
                permissions: { dynamodbBackup: { tables: ["orders"] }, s3Read: { buckets: ["acme-exports"], prefix: "daily/" } },
            },
            "dev-read": {
                trustedSources: [{ source: "developers", mfa: { maxAgeSeconds: 1800 } }],
                permissions: {
                    s3ListAllBuckets: true,
                    statements: [{ Effect: "Allow", Action: "s3:GetBucketLocation", Resource: "arn:aws:s3:::acme-exports" }],
                },
            },
            "vendor-audit": {
                trustedSources: [{ source: "vendor", externalId: true, principalOrgId: "o-a1b2c3d4e5" }],
                permissions: { managedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"] },
            },
        },
        externalIds: { "vendor-audit": "vendor-external-id-1" },
        "aws:region": "eu-west-1",
    };
}

function asPolicyResource(stack: string, r: RecordedResource): PolicyResource {
    return { ...policyResource(r.type, r.name, r.inputs), urn: `urn:pulumi:${stack}::cross-account-iam::${r.type}::${r.name}` };
}

/** Every violation of every rule in one rendered stack: each aws:* resource through each resource policy, then the stack policy. */
async function packViolations(stack: string, result: RenderResult): Promise<string[]> {
    const resources = result.resources.filter((r) => r.type.startsWith("aws:"));
    const out: string[] = [];
    for (const p of policies) {
        if ("validateStack" in p) {
            const messages: string[] = [];
            await p.validateStack({ resources: resources.map((r) => asPolicyResource(stack, r)), ...validationContext() }, (m) => messages.push(m));
            out.push(...messages.map((m) => `${stack} ${p.name}: ${m}`));
        } else {
            for (const r of resources) out.push(...(await check(p, r.type, r.name, r.inputs)).map((m) => `${stack} ${p.name}: ${m}`));
        }
    }
    return out;
}

describe("policy pack: the project's own rendered stacks pass every rule", () => {
    it("baseConfig: both stacks", async () => {
        const { a, b } = await renderBoth(baseConfig());
        assert.deepEqual([...(await packViolations("account-b", b)), ...(await packViolations("account-a", a))], []);
    });

    it("a richer config: role, user, group, account root with ExternalId and org, existing principal, principal-arn mode, 12 h sessions", async () => {
        const { a, b } = await renderBoth(richConfig());
        assert.ok(a.resources.filter((r) => r.type === ROLE_TYPE).length === 4 && b.resources.some((r) => r.type === GROUP_POLICY_TYPE));
        assert.deepEqual([...(await packViolations("account-b", b)), ...(await packViolations("account-a", a))], []);
    });

    it("a grant split across customer managed policies (one source trusted by 45 roles with long paths)", async () => {
        const path200 = `/${"p".repeat(198)}/`;
        const targetRoles: Record<string, unknown> = {};
        for (let i = 1; i <= 45; i++) targetRoles[`r-${i}`] = { path: path200, trustedSources: ["log-shipper"], permissions: { s3ListAllBuckets: true } };
        const { a, b } = await renderBoth({ ...baseConfig(), targetRoles });
        assert.equal(b.resources.filter((r) => r.type === MANAGED_POLICY_TYPE).length, 2);
        assert.deepEqual([...(await packViolations("account-b", b)), ...(await packViolations("account-a", a))], []);
    });

    it("the repository's own stack files and every example", async () => {
        for (const s of await renderStacks(REPO, ["account-b", "account-a"])) assert.deepEqual(await packViolations(s.stack, s.result), [], ".");
        // The examples' renders are shared with tests/examples.test.ts (tests/support/examples.ts).
        for (const name of EXAMPLES) {
            for (const s of await renderExampleStacks(name)) assert.deepEqual(await packViolations(s.stack, s.result), [], `examples/${name}`);
        }
    });

    it("catches what config lets through only on request: unconditional account trust and wildcard actions", async () => {
        const c = richConfig() as Record<string, any>;
        c.targetRoles["vendor-audit"].trustedSources = [{ source: "vendor", unsafeAllowUnconditionalAccountTrust: true }];
        delete c.externalIds;
        c.targetRoles["dev-read"].permissions = {
            allowWildcardActions: true,
            allowWildcardResources: true,
            unsafeAllowPrivilegeEscalation: true,
            statements: [{ Sid: "Everything", Effect: "Allow", Action: "s3:*", Resource: "*" }],
        };
        const { a } = await renderBoth(c);
        assert.deepEqual(await packViolations("account-a", a), [
            `account-a iam-account-trust-requires-condition: Role "vendor-audit-role": trust policy statement "TrustVendor" trusts the whole account ${B_ROOT} with no condition that narrows it; require sts:ExternalId or aws:MultiFactorAuthPresent in its Condition, or pin aws:PrincipalArn to exact ARNs (aws:PrincipalOrgID narrows nothing here: every principal of the account is in its organization)`,
            `account-a iam-no-wildcard-actions-cross-account: Role "dev-read-role" (trusted by account ${ACCOUNT_B}): RolePolicy "dev-read-permissions" statement "Everything" allows "s3:*"; name the actions it needs`,
        ]);
    });
});
