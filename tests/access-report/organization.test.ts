/**
 * The access report of a role deployed to whole OUs (tools/access-report/organization.ts), through iam-simulate: the
 * source gets in, as the StackSet's template deploys the role, in the accounts of its OUs (and the OUs below), and a
 * role of the same name is refused everywhere else, by B's grant alone. iam-simulate evaluates
 * `ForAnyValue:StringLike aws:ResourceOrgPaths` (and `aws:ResourceOrgID`, `aws:ResourceAccount`) as supplied in the
 * request context, so these rows are simulated, not assumed; a grant or template that drifted fails them.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import type { CloudFormationTemplate } from "../../lib/model/cloudformation";
import type { PolicyDocument } from "../../lib/model/policy";
import type { RecordedResource } from "../../tools/shared/mock-runtime";
import { AccessReport, buildAccessReport } from "../../tools/access-report/report";
import { ACCOUNT_B, ConfigObject, PROJECT, flatten, renderBoth } from "../support/harness";
import { OU_AUDITED, OU_SECOND, ROOT_ID, organizationConfig } from "../support/organization";

type Mutation = (resources: RecordedResource[]) => RecordedResource[];

async function report(config: ConfigObject, mutate: { a?: Mutation; b?: Mutation } = {}): Promise<AccessReport> {
    const { a, b } = await renderBoth(config);
    const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
    return buildAccessReport({
        config: cfg,
        sourceResources: mutate.b ? mutate.b(b.resources) : b.resources,
        targetResources: mutate.a ? mutate.a(a.resources) : a.resources,
        secretValues: [],
    });
}

/** Edits B's inline grant, as a drifted deploy would. */
const editGrant =
    (edit: (doc: PolicyDocument) => void): Mutation =>
    (resources) =>
        resources.map((r) => {
            if (r.type !== "aws:iam/rolePolicy:RolePolicy" || r.name !== "log-shipper-assume-target-roles") return r;
            const doc = JSON.parse(String(r.inputs.policy)) as PolicyDocument;
            edit(doc);
            return { ...r, inputs: { ...r.inputs, policy: JSON.stringify(doc) } };
        });

/** Edits the template of the StackSet, as a hand-edited template would. */
const editTemplate =
    (edit: (t: CloudFormationTemplate) => void): Mutation =>
    (resources) =>
        resources.map((r) => {
            if (r.type !== "aws:cloudformation/stackSet:StackSet") return r;
            const t = JSON.parse(String(r.inputs.templateBody)) as CloudFormationTemplate;
            edit(t);
            return { ...r, inputs: { ...r.inputs, templateBody: JSON.stringify(t) } };
        });

const auditorRows = (r: AccessReport) => r.roles.find((x) => x.role === "auditor")!.checks.map((c) => `${c.result} ${c.expect} ${c.title}`);
const failures = (r: AccessReport) => r.roles.flatMap((x) => x.checks.filter((c) => c.result === "FAIL").map((c) => c.title));
const SHIPPER = `arn:aws:iam::${ACCOUNT_B}:role/cross-account/log-shipper`;

describe("access report: a role deployed to whole OUs", () => {
    it("proves the source gets in inside the OU (and the OUs below), and a same-named role outside it is refused", async () => {
        const r = await report(organizationConfig());
        assert.ok(r.ok, failures(r).join("\n"));
        const role = r.roles.find((x) => x.role === "auditor")!;
        assert.equal(role.arn, "arn:aws:iam::*:role/audit/auditor");
        assert.deepEqual(
            role.checks.filter((c) => c.kind === "in-organization-unit" || c.kind === "outside-organization-unit").map((c) => `${c.expect} ${c.title}`),
            [
                `allow ${SHIPPER} assumes /audit/auditor in 444444444444, an account of OU ${OU_AUDITED}`,
                `allow ${SHIPPER} assumes /audit/auditor in 444444444444, an account of ou-ab12-cccccccc, an OU below ${OU_AUDITED}`,
                `deny ${SHIPPER} assumes a role named /audit/auditor in 555555555555, an account of ou-ab12-99999999, another OU of the organization, is refused`,
                `deny ${SHIPPER} assumes a role named /audit/auditor in 555555555555, an account directly under the root ${ROOT_ID}, is refused`,
                `deny ${SHIPPER} assumes a role named /audit/auditor in 555555555555, an account of ${OU_AUDITED}0, an OU whose id starts with ${OU_AUDITED}, is refused`,
                `deny ${SHIPPER} assumes a role named /audit/auditor in 555555555555, an account of another organization (o-0000000000) with the same OU path, is refused`,
                `deny ${SHIPPER} assumes a role named /audit/auditor in 555555555555, an account in no organization, is refused`,
                `deny ${SHIPPER} assumes a role named /audit/auditor in the management account 111111111111, even inside OU ${OU_AUDITED}, is refused (StackSets never deploy there)`,
            ],
        );
        const outside = role.checks.find((c) => c.title.includes("another OU of the organization"))!;
        assert.deepEqual(outside.context, {
            "aws:ResourceAccount": "555555555555",
            "aws:ResourceOrgID": "o-a1b2c3d4e5",
            "aws:ResourceOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-99999999/"],
        });
        assert.deepEqual(outside.ignoredContextKeys, [], "the simulator evaluated every organization key it was given");
        // The role's own checks ran in the stand-in account of the OU, its permissions as the template deploys them there.
        assert.ok(auditorRows(r).includes("PASS allow logs:FilterLogEvents on log group /aws/cloudtrail"));
        assert.ok(role.checks.some((c) => c.kind === "permission" && c.resource === "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/cloudtrail"));
    });

    it("proves every listed OU, and the whole organization when the root is listed", async () => {
        const two = await report(organizationConfig({ organizationalUnits: [OU_AUDITED, OU_SECOND] }));
        assert.ok(two.ok, failures(two).join("\n"));
        assert.ok(auditorRows(two).includes(`PASS allow ${SHIPPER} assumes /audit/auditor in 444444444445, an account of OU ${OU_SECOND}`));
        const all = await report(organizationConfig({ organizationalUnits: [ROOT_ID] }));
        assert.ok(all.ok, failures(all).join("\n"));
        assert.deepEqual(
            all.roles
                .find((x) => x.role === "auditor")!
                .checks.filter((c) => c.kind.endsWith("organization-unit"))
                .map((c) => `${c.expect} ${c.title}`),
            [
                `allow ${SHIPPER} assumes /audit/auditor in 444444444444, another account of organization o-a1b2c3d4e5`,
                `deny ${SHIPPER} assumes a role named /audit/auditor in 555555555555, an account of another organization (o-0000000000) with the same root id, is refused`,
                `deny ${SHIPPER} assumes a role named /audit/auditor in 555555555555, an account in no organization, is refused`,
                `deny ${SHIPPER} assumes a role named /audit/auditor in the management account 111111111111, even inside the organization, is refused (StackSets never deploy there)`,
            ],
        );
    });

    it("fails every outside row when B's grant loses its organization condition (a * account alone reaches every account)", async () => {
        const r = await report(organizationConfig(), { b: editGrant((d) => d.Statement.forEach((s) => delete s.Condition)) });
        assert.deepEqual(failures(r).filter((t) => t.includes("a role named")).length, 6, failures(r).join("\n"));
        assert.ok(
            failures(r).every((t) => t.includes("a role named")),
            failures(r).join("\n"),
        );
    });

    it("fails the no-organization row under ForAllValues (true when aws:ResourceOrgPaths is missing), and the management row without its exclusion", async () => {
        const r = await report(organizationConfig(), {
            b: editGrant((d) => {
                const st = d.Statement.find((s) => s.Sid === "AssumeTargetRolesInOuAb1211111111")!;
                st.Condition = { "ForAllValues:StringLike": st.Condition!["ForAnyValue:StringLike"] };
            }),
        });
        assert.deepEqual(failures(r), [
            `${SHIPPER} assumes a role named /audit/auditor in 555555555555, an account in no organization, is refused`,
            `${SHIPPER} assumes a role named /audit/auditor in the management account 111111111111, even inside OU ${OU_AUDITED}, is refused (StackSets never deploy there)`,
        ]);
    });

    it("fails the permission rows when the template pins an ARN to one account instead of ${AWS::AccountId}", async () => {
        const r = await report(organizationConfig(), {
            a: editTemplate((t) => {
                const st = t.Resources.Role.Properties.Policies![0].PolicyDocument.Statement[0];
                st.Resource = [
                    "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/cloudtrail",
                    "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/cloudtrail:*",
                ];
            }),
        });
        assert.deepEqual(failures(r), [
            "logs:DescribeLogStreams on log group /aws/cloudtrail",
            "logs:FilterLogEvents on log group /aws/cloudtrail",
            "logs:GetLogEvents on a stream of /aws/cloudtrail",
        ]);
    });

    it("fails every row of the role when its StackSet was not rendered, and says so", async () => {
        const r = await report(organizationConfig(), { a: (resources) => resources.filter((x) => !x.type.startsWith("aws:cloudformation/")) });
        const role = r.roles.find((x) => x.role === "auditor")!;
        assert.ok(role.notes[0].startsWith("no StackSet cross-account-iam-auditor with a template was rendered"));
        assert.ok(role.checks.filter((c) => c.expect === "allow").every((c) => c.result === "FAIL"));
    });

    it("checks the template's actions and condition keys in the vocabulary check", async () => {
        const r = await report(organizationConfig(), {
            a: editTemplate((t) => (t.Resources.Role.Properties.Policies![0].PolicyDocument.Statement[0].Action = "logs:ReadEverything")),
        });
        assert.deepEqual(
            r.vocabulary.problems.map((p) => `${p.stack} ${p.where} ${p.value}`),
            ["account-a aws:cloudformation/stackSet:StackSet auditor-stack-set template Role policy permissions Sid ReadLogGroups logs:ReadEverything"],
        );
    });
});
