/**
 * A source's own permissions (`sources.<key>.permissions`): managed policies and custom statements for
 * what the job needs in account B besides assuming A's roles, under the very guards of a target role's
 * permissions (one reader, lib/config/permissions.ts), in a policy of their own so the AssumeRole grant
 * stays exact, counted against the holder's quotas, and seen by the access report.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import { policySize } from "../../lib/iam/documents";
import { sourceGrantPolicies } from "../../lib/policies/source-grant";
import { sourcePermissionPolicy } from "../../lib/policies/source-permissions";
import { buildAccessReport, formatAccessReport } from "../../tools/access-report/report";
import { ConfigObject, PROJECT, baseConfig, doc, flatten, renderBoth, resource } from "../support/harness";
import { Mutable, problemsOf } from "../support/bad-config";
import { GITHUB, githubConfig } from "../support/oidc";

const SSM = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
const AGENT_METRICS = { Sid: "PutAgentMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" };

/** The EC2 job of seed 000: SSM for the instance, and the CloudWatch agent's metrics. */
function jobConfig(): ConfigObject {
    const c: Mutable = baseConfig();
    c.sources["log-shipper"].permissions = { managedPolicyArns: [SSM], statements: [AGENT_METRICS], allowWildcardResources: true };
    return c;
}

const parse = (c: ConfigObject, stack = "account-b") => parseConfig(flatten(c), { project: PROJECT, stack, organization: "organization" });

describe("source permissions: what the job needs in account B besides AssumeRole", () => {
    it("a service role gets its own inline policy `permissions` and the managed policy, and the grant stays the one exact statement", async () => {
        const { b } = await renderBoth(jobConfig());
        assert.deepEqual(doc(resource(b, "aws:iam/rolePolicy:RolePolicy", "log-shipper-permissions"), "policy"), {
            Version: "2012-10-17",
            Statement: [AGENT_METRICS],
        });
        assert.deepEqual(resource(b, "aws:iam/rolePolicy:RolePolicy", "log-shipper-permissions").inputs.name, "permissions");
        assert.deepEqual(resource(b, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "log-shipper-AmazonSSMManagedInstanceCore").inputs, {
            role: "log-shipper",
            policyArn: SSM,
        });
        assert.deepEqual(doc(resource(b, "aws:iam/rolePolicy:RolePolicy", "log-shipper-assume-target-roles"), "policy"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/cross-account/log-reader" },
            ],
        });
    });

    it("users and groups carry their own permissions the same way", async () => {
        const c: Mutable = baseConfig();
        c.sources = {
            ...c.sources,
            auditor: {
                kind: "user",
                permissions: { statements: [{ Effect: "Allow", Action: "iam:GetAccountSummary", Resource: "*" }], allowWildcardResources: true },
            },
            ops: { kind: "group", permissions: { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } },
        };
        c.targetRoles["log-reader"].trustedSources = ["log-shipper", "auditor", { source: "ops", mfa: true }];
        const { b } = await renderBoth(c);
        assert.deepEqual(resource(b, "aws:iam/userPolicy:UserPolicy", "auditor-permissions").inputs.name, "permissions");
        assert.deepEqual(doc(resource(b, "aws:iam/userPolicy:UserPolicy", "auditor-permissions"), "policy").Statement, [
            { Sid: "Custom0", Effect: "Allow", Action: "iam:GetAccountSummary", Resource: "*" },
        ]);
        assert.deepEqual(resource(b, "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "ops-ReadOnlyAccess").inputs, {
            group: "ops",
            policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
        });
    });

    it("an oidc-role carries its own permissions and grantPolicyName like a service role; its trust stays web identity, with no aws:SourceAccount", async () => {
        const c: Mutable = githubConfig();
        c.sources["github-deploy"].grantPolicyName = "AssumeDeployer";
        c.sources["github-deploy"].permissions = {
            policyName: "ReadArtifacts",
            statements: [{ Sid: "ReadArtifacts", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-ci-artifacts/web-app.zip" }],
            managedPolicyArns: ["arn:aws:iam::aws:policy/AWSCodeArtifactReadOnlyAccess"],
        };
        const { b } = await renderBoth(c);
        const own = resource(b, "aws:iam/rolePolicy:RolePolicy", "github-deploy-permissions");
        assert.deepEqual([own.inputs.role, own.inputs.name], ["github-deploy", "ReadArtifacts"]);
        assert.deepEqual(doc(own, "policy").Statement, [
            { Sid: "ReadArtifacts", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-ci-artifacts/web-app.zip" },
        ]);
        assert.deepEqual(resource(b, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "github-deploy-AWSCodeArtifactReadOnlyAccess").inputs, {
            role: "github-deploy",
            policyArn: "arn:aws:iam::aws:policy/AWSCodeArtifactReadOnlyAccess",
        });
        const grant = resource(b, "aws:iam/rolePolicy:RolePolicy", "github-deploy-assume-target-roles");
        assert.equal(grant.inputs.name, "AssumeDeployer");
        assert.deepEqual(doc(grant, "policy").Statement, [
            { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/cross-account/deployer" },
        ]);
        const trust = doc(resource(b, "aws:iam/role:Role", "github-deploy-role"), "assumeRolePolicy");
        assert.deepEqual(
            trust.Statement.map((st) => [st.Action, Object.keys(Object.assign({}, ...Object.values(st.Condition ?? {})) as object)]),
            [["sts:AssumeRoleWithWebIdentity", [`${GITHUB}:aud`, `${GITHUB}:sub`]]],
        );
    });

    it("is optional: without it nothing but the grant is declared", async () => {
        const { b } = await renderBoth(baseConfig());
        assert.deepEqual(
            b.resources.filter((r) => r.type.startsWith("aws:iam/role")).map((r) => `${r.type} ${r.name}`),
            ["aws:iam/role:Role log-shipper-role", "aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles"],
        );
    });

    it("shares the holder's inline quota with the grant: a user's large own policy moves the grant into a managed policy", () => {
        const c: Mutable = baseConfig();
        const statements = Array.from({ length: 16 }, (_, i) => ({
            Sid: `Read${i}`,
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: `arn:aws:s3:::bucket-of-account-b-number-${i}/reports/*`,
        }));
        c.sources = { auditor: { kind: "user", permissions: { statements, allowWildcardResources: true } } };
        c.targetRoles["log-reader"].trustedSources = ["auditor"];
        const cfg = parse(c);
        // 2002 + 178 characters: each fits the user's 2048 alone, together they do not.
        assert.equal(policySize(sourcePermissionPolicy(cfg.sources[0])!), 2002);
        const placed = sourceGrantPolicies(cfg, "auditor", "user");
        assert.equal(placed.inline, undefined);
        assert.equal(policySize(placed.managed[0]), 178);
        assert.deepEqual(problemsOf(c, "account-b"), []);
    });
});

describe("source permissions: the guards of a target role's permissions, from the same reader", () => {
    it("accepts the seed's EC2 job: AmazonSSMManagedInstanceCore and the CloudWatch agent's metrics", () => {
        assert.deepEqual(problemsOf(jobConfig(), "account-b"), []);
    });
});

describe("source permissions: the access report still proves the grant alone", () => {
    async function reportOf(c: ConfigObject) {
        const { a, b } = await renderBoth(c);
        return buildAccessReport({ config: parse(c, "account-a"), sourceResources: b.resources, targetResources: a.resources, secretValues: [] });
    }

    it("simulates the source's own inline policy in 'cannot assume another role'; an attached AWS managed policy leaves its rows UNPROVEN", async () => {
        const r = await reportOf(jobConfig());
        assert.deepEqual([r.ok, r.failed, r.unproven], [false, 0, 2]);
        const text = formatAccessReport(r);
        const unread = `AWS managed policy ${SSM} attached to role /cross-account/log-shipper in B`;
        assert.ok(
            text.includes(
                [
                    "  UNPROVEN  deny    role /cross-account/log-shipper cannot assume /cross-account/other-role (its rendered identity policies name only its roles)",
                    `            unproven: the rendered policies give denied, but the report does not have ${unread}, which may allow this`,
                ].join("\n"),
            ),
            text,
        );
        assert.ok(
            text.includes(
                [
                    "  UNPROVEN  allow   role /cross-account/log-shipper assumes log-reader (no condition required)",
                    `            unproven: the rendered policies give Allowed, but the report does not have ${unread}, which may deny this`,
                ].join("\n"),
            ),
            text,
        );
        const other = r.roles[0].checks.find((x) => x.kind === "other-role")!;
        assert.match(other.why, /^identity: no statement allows sts:AssumeRole on arn:aws:iam::111111111111:role\/cross-account\/other-role; trust allows/);
    });

    it("fails 'cannot assume another role' when the source's own policy, with the opt-out, allows sts:AssumeRole elsewhere", async () => {
        const c: Mutable = baseConfig();
        c.sources["log-shipper"].permissions = {
            statements: [{ Sid: "AssumeAnything", Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
            allowWildcardResources: true,
            unsafeAllowPrivilegeEscalation: true,
        };
        const r = await reportOf(c);
        assert.deepEqual(
            r.roles.flatMap((x) => x.checks.filter((k) => k.result === "FAIL").map((k) => `${k.title}: ${k.why.split(";")[0]}`)),
            [
                `role /cross-account/log-shipper cannot assume /cross-account/other-role (its identity policy names only its roles): identity allows (aws:iam/rolePolicy:RolePolicy log-shipper-permissions Sid AssumeAnything)`,
            ],
        );
    });
});
