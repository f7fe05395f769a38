/**
 * A role deployed to whole OUs, through the real program under Pulumi mocks: the stack of the management account (here
 * account A, the target stack) declares a service-managed StackSet with the role's template and a stack instance per
 * OU, with these exact inputs; account B's grant and outputs name the role in every account of the OUs only.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import type { CloudFormationTemplate } from "../../lib/model/cloudformation";
import type { ResolvedSource, SourceOutput } from "../../lib/model/outputs";
import { sourceGrantPolicy } from "../../lib/policies/source-grant";
import { configuredSource } from "../../lib/policies/sources";
import { organizationRoleTemplate, templateBody } from "../../lib/stacksets/template";
import {
    ACCOUNT_A,
    ACCOUNT_B,
    ConfigObject,
    PROJECT,
    SOURCE_STACK,
    awsResources,
    byType,
    doc,
    flatten,
    render,
    renderBoth,
    resource,
} from "../support/harness";
import { OU_AUDITED, OU_SECOND, organizationConfig } from "../support/organization";

const STACK_SET = "aws:cloudformation/stackSet:StackSet";
const INSTANCE = "aws:cloudformation/stackSetInstance:StackSetInstance";

function expectedBody(c: ConfigObject, sources: (cfg: ReturnType<typeof parseConfig>) => ResolvedSource[]): string {
    const cfg = parseConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "organization" });
    return templateBody(
        organizationRoleTemplate(
            cfg,
            cfg.targetRoles.find((r) => r.name === "auditor")!,
            sources(cfg),
        ),
    );
}

describe("a role deployed to whole OUs, under mocks", () => {
    it("is a service-managed StackSet with auto-deployment and a stack instance per OU, with these exact inputs, and no role in the management account", async () => {
        const c = organizationConfig({ organizationalUnits: [OU_AUDITED, OU_SECOND] });
        const { a } = await renderBoth(c);
        assert.deepEqual(
            byType(a, STACK_SET).map((r) => [r.name, r.inputs]),
            [
                [
                    "auditor-stack-set",
                    {
                        name: "cross-account-iam-auditor",
                        description: "Role /audit/auditor of cross-account-iam, trusted by log-shipper",
                        permissionModel: "SERVICE_MANAGED",
                        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
                        capabilities: ["CAPABILITY_NAMED_IAM"],
                        callAs: "SELF",
                        managedExecution: { active: true },
                        templateBody: expectedBody(c, (cfg) => cfg.sources.map((s) => configuredSource(cfg, s))),
                    },
                ],
            ],
        );
        assert.deepEqual(
            byType(a, INSTANCE).map((r) => [r.name, r.inputs]),
            [OU_AUDITED, OU_SECOND].map((ou) => [
                `auditor-${ou}`,
                {
                    stackSetName: "cross-account-iam-auditor",
                    deploymentTargets: { organizationalUnitIds: [ou] },
                    stackSetInstanceRegion: "eu-west-1",
                    callAs: "SELF",
                    retainStack: false,
                },
            ]),
        );
        assert.deepEqual(
            byType(a, "aws:iam/role:Role").map((r) => r.inputs.name),
            ["log-reader"],
            "the management account gets only the roles of account A",
        );
        const out = (a.outputs.organizationRoles as Record<string, Record<string, unknown>>).auditor;
        assert.deepEqual(
            [out.arnInEveryAccount, out.organizationalUnits, out.managementAccountId, out.stackSetName],
            ["arn:aws:iam::*:role/audit/auditor", [OU_AUDITED, OU_SECOND], ACCOUNT_A, "cross-account-iam-auditor"],
        );
        assert.match(String(out.stackSetId), /^cross-account-iam-auditor:[0-9a-f-]{36}$/);
        assert.deepEqual(Object.keys(a.outputs.roles as object), ["log-reader"]);
    });

    it("creates the StackSets as a delegated administrator (callAs DELEGATED_ADMIN) when account A is one", async () => {
        const c = organizationConfig() as Record<string, any>;
        c.organization = { ...c.organization, managementAccount: "999999999999", delegatedAdministrator: ACCOUNT_A };
        const { a } = await renderBoth(c);
        assert.deepEqual(
            [...byType(a, STACK_SET), ...byType(a, INSTANCE)].map((r) => r.inputs.callAs),
            ["DELEGATED_ADMIN", "DELEGATED_ADMIN"],
        );
        const template = JSON.parse(String(byType(a, STACK_SET)[0].inputs.templateBody)) as CloudFormationTemplate;
        assert.match(template.Description, /OU ou-ab12-11111111/);
    });

    it("trusts, in trust mode principal, the source ARN and unique id read from account-b, so a recreated source rewrites the template", async () => {
        const c = organizationConfig({ trustMode: "principal" });
        const first = await renderBoth(c);
        const recreated = await renderBoth(c, { uniqueIdSalt: "recreated" });
        const body = (r: typeof first) => String(byType(r.a, STACK_SET)[0].inputs.templateBody);
        const fromB = (r: typeof first) => {
            const shipper = (r.b.outputs.sources as Record<string, SourceOutput>)["log-shipper"];
            return (cfg: ReturnType<typeof parseConfig>) =>
                cfg.sources.map((s) => ({ ...configuredSource(cfg, s), uniqueIds: s.key === "log-shipper" ? shipper.uniqueIds : [] }));
        };
        assert.equal(body(first), expectedBody(c, fromB(first)));
        assert.equal(body(recreated), expectedBody(c, fromB(recreated)));
        assert.notEqual(body(first), body(recreated));
        const trust = (JSON.parse(body(first)) as CloudFormationTemplate).Resources.Role.Properties.AssumeRolePolicyDocument;
        assert.deepEqual(trust.Statement[0].Principal, { AWS: `arn:aws:iam::${ACCOUNT_B}:role/cross-account/log-shipper` });
    });

    it("gives account B the org-conditioned grant, and exports the role as assumable in every account of its OUs only", async () => {
        const c = organizationConfig();
        const { b } = await renderBoth(c);
        const cfg = parseConfig(flatten(c), { project: PROJECT, stack: "account-b", organization: "organization" });
        assert.deepEqual(doc(resource(b, "aws:iam/rolePolicy:RolePolicy", "log-shipper-assume-target-roles"), "policy"), sourceGrantPolicy(cfg, "log-shipper"));
        const shipper = (b.outputs.sources as Record<string, SourceOutput>)["log-shipper"];
        assert.deepEqual(shipper.assumableRoleArns, [`arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`]);
        assert.deepEqual(shipper.assumableOrganizationRoleArns, ["arn:aws:iam::*:role/audit/auditor"]);
        assert.deepEqual(b.outputs.assumableRoleArns, [`arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`]);
        assert.equal(
            resource(b, "aws:iam/role:Role", "log-shipper-role").inputs.description,
            `Runs on ec2; may only assume roles of account ${ACCOUNT_A} and the OUs of organization o-a1b2c3d4e5`,
        );
    });

    it("is refused by account A, in trust mode principal, when account-b's outputs do not grant the role in its OUs", async () => {
        const c = organizationConfig({ trustMode: "principal" });
        const { b } = await renderBoth(c);
        const sources = JSON.parse(JSON.stringify(b.outputs.sources)) as Record<string, SourceOutput>;
        delete sources["log-shipper"].assumableOrganizationRoleArns;
        const a = await render(c, { stack: "account-a", references: { [SOURCE_STACK]: { outputs: { ...b.outputs, sources } } } });
        assert.deepEqual((a.error as { problems?: string[] }).problems, [
            `stack ${SOURCE_STACK}: source "log-shipper" may not assume arn:aws:iam::*:role/audit/auditor in the accounts of its OUs (not in its assumableOrganizationRoleArns); update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again`,
        ]);
        assert.deepEqual(awsResources(a), []);
    });
});
