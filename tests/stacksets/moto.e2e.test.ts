/**
 * examples/audit-ou end to end against moto_server on 127.0.0.1: an organization with OUs and member accounts is
 * created in moto, both stacks are rendered under mocks for it, and what they declare is sent to moto as the AWS
 * provider would send it: B's source role and its grant; the management account's StackSet (service-managed,
 * auto-deployment) and one CreateStackInstances per OU. Then moto's CloudFormation creates the role in each member
 * account of the OUs (and the OU below one), with its template's Fn::Sub filled in per account, and the source
 * role's session assumes it there.
 *
 * What moto (5.2.1) does show: Organizations (organization, root, OUs, CreateAccount, MoveAccount); a SERVICE_MANAGED
 * StackSet that takes OU ids as deployment targets; one stack instance per account directly in a target OU or in an
 * OU directly below it; the template's AWS::IAM::Role created there with RoleName, Path, Description, the trust
 * policy, the inline permission policy with ${AWS::AccountId}/${AWS::Region} filled in for that account,
 * MaxSessionDuration and Tags; AssumeRole into it.
 *
 * What moto does not do, so this test does not claim it (read in moto 5.2.1's cloudformation/models.py and
 * iam/models.py):
 * - it enforces no IAM: an AssumeRole of a role outside the OU, or that does not exist, succeeds too. The refusals
 *   (B's grant with aws:ResourceOrgPaths) are proved by the access report, with iam-simulate
 *   (tests/organization-access-report.test.ts);
 * - its AWS::IAM::Role ignores ManagedPolicyArns: the managed policies are checked in the template
 *   (tests/stacksets-template.test.ts) and by cfn-lint, not here;
 * - it accepts and ignores AutoDeployment, CallAs and ManagedExecution: an account that joins an OU later gets no
 *   stack instance, and no delegated administrator is modelled;
 * - it deploys only one OU level below a target OU (AWS: every level), and it would deploy to the management account
 *   if that account sat in a target OU (AWS never does): here it stays under the root, as it usually does.
 *
 * It runs in the shared moto_server of the test run (tests/global-fixtures.ts), in accounts no other test uses: the
 * organization belongs to the example's management account 999999999999, the audit job to SOURCE below.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import {
    CloudFormationClient,
    CreateStackInstancesCommand,
    CreateStackSetCommand,
    DescribeStackSetCommand,
    ListStackInstancesCommand,
} from "@aws-sdk/client-cloudformation";
import { CreateRoleCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
    CreateAccountCommand,
    CreateOrganizationCommand,
    CreateOrganizationalUnitCommand,
    ListRootsCommand,
    MoveAccountCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { parseConfig } from "../../lib/config/read";
import type { CloudFormationTemplate } from "../../lib/model/cloudformation";
import type { PolicyDocument } from "../../lib/model/policy";
import { permissionPolicy } from "../../lib/policies/permissions";
import type { RenderResult } from "../../tools/shared/mock-runtime";
import { ConfigObject, PROJECT, byType, flatten, render } from "../support/harness";
import { ANY_KEYS, Keys, keysIn, useSharedMoto } from "../support/moto";

const REGION = "eu-west-1";
const EXAMPLE = path.join(__dirname, "..", "..", "examples", "audit-ou", "Pulumi.yaml");
/** The example's management account (account A). */
const MANAGEMENT = "999999999999";
/** Account B of this test: the example's, changed to one no other test of the shared moto_server uses. */
const SOURCE = "246813579024";

/** The example's project config as the harness takes it (`key: value`), with the organization moto created. */
function exampleConfig(org: { id: string; rootId: string; ous: string[] }): ConfigObject {
    const file = parseYaml(readFileSync(EXAMPLE, "utf8")) as { config: Record<string, unknown> };
    const c: ConfigObject = {};
    for (const [key, v] of Object.entries(file.config)) {
        const value = v !== null && typeof v === "object" && "value" in v ? v.value : v;
        c[key.slice(key.indexOf(":") + 1)] = value;
    }
    assert.equal(c.targetAccountId, MANAGEMENT);
    c.sourceAccountId = SOURCE;
    c.organization = { id: org.id, rootId: org.rootId, managementAccount: MANAGEMENT };
    (c.targetRoles as Record<string, Record<string, unknown>>).auditor.organizationalUnits = org.ous;
    c["aws:region"] = REGION;
    return c;
}

/**
 * IAM returns policy documents URL-encoded. moto (5.2) returns an inline policy that its CloudFormation created as the
 * Python repr of a dict (`{'Version': ...}`); these documents hold no quote or apostrophe, so `'` for `"` restores
 * the JSON.
 */
function policyOf(text: string | undefined): PolicyDocument {
    const decoded = decodeURIComponent(text ?? "");
    return JSON.parse(decoded.startsWith("{'") ? decoded.replace(/'/g, '"') : decoded) as PolicyDocument;
}

describe("audit-ou end to end: the StackSet deploys the role into every account of the OUs in moto, and the source assumes it", function () {
    this.timeout(120000);
    const moto = useSharedMoto({ timeoutMs: 60000 });
    let endpoint = "";
    const accounts: Record<string, string> = {};
    let a: RenderResult;
    let b: RenderResult;
    let config: ConfigObject;
    let template: CloudFormationTemplate;

    const iamIn = async (account: string) => new IAMClient({ region: REGION, endpoint, credentials: await keysIn(endpoint, account) });

    before(async () => {
        process.env.AWS_EC2_METADATA_DISABLED = "true";
        endpoint = moto.endpoint;
        const asManagement = await keysIn(endpoint, MANAGEMENT);

        // The organization, as its management account sees it.
        const orgs = new OrganizationsClient({ region: "us-east-1", endpoint, credentials: asManagement });
        const org = (await orgs.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }))).Organization!;
        assert.equal(org.MasterAccountId, MANAGEMENT);
        const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0].Id!;
        const ou = async (parent: string, name: string) =>
            (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit!.Id!;
        const audited = await ou(rootId, "workloads");
        const second = await ou(rootId, "sandbox");
        const below = await ou(audited, "workloads-eu");
        const other = await ou(rootId, "suspended");
        for (const [name, parent] of [
            ["dev", audited],
            ["nested", below],
            ["sandbox", second],
            ["outside", other],
        ] as const) {
            const created = await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
            accounts[name] = created.CreateAccountStatus!.AccountId!;
            await orgs.send(new MoveAccountCommand({ AccountId: accounts[name], SourceParentId: rootId, DestinationParentId: parent }));
        }
        orgs.destroy();

        config = exampleConfig({ id: org.Id!, rootId, ous: [audited, second] });
        b = await render(config, { stack: "account-b", accountId: SOURCE });
        assert.equal(b.error, undefined, String(b.error));
        a = await render(config, { stack: "account-a", accountId: MANAGEMENT });
        assert.equal(a.error, undefined, String(a.error));

        // Account B: the audit job's role and its grant, as rendered.
        const iamB = await iamIn(SOURCE);
        for (const r of byType(b, "aws:iam/role:Role")) {
            await iamB.send(
                new CreateRoleCommand({
                    RoleName: String(r.inputs.name),
                    Path: String(r.inputs.path),
                    AssumeRolePolicyDocument: String(r.inputs.assumeRolePolicy),
                }),
            );
        }
        for (const r of byType(b, "aws:iam/rolePolicy:RolePolicy")) {
            await iamB.send(
                new PutRolePolicyCommand({ RoleName: String(r.inputs.role), PolicyName: String(r.inputs.name), PolicyDocument: String(r.inputs.policy) }),
            );
        }
        iamB.destroy();

        // The management account: the StackSet and one stack instance per OU, with the rendered inputs.
        const cfn = new CloudFormationClient({ region: REGION, endpoint, credentials: asManagement });
        const [set] = byType(a, "aws:cloudformation/stackSet:StackSet");
        const s = set.inputs as Record<string, any>;
        template = JSON.parse(String(s.templateBody)) as CloudFormationTemplate;
        await cfn.send(
            new CreateStackSetCommand({
                StackSetName: s.name,
                Description: s.description,
                TemplateBody: s.templateBody,
                PermissionModel: s.permissionModel,
                AutoDeployment: { Enabled: s.autoDeployment.enabled, RetainStacksOnAccountRemoval: s.autoDeployment.retainStacksOnAccountRemoval },
                Capabilities: s.capabilities,
                CallAs: s.callAs,
                ManagedExecution: { Active: s.managedExecution.active },
            }),
        );
        for (const instance of byType(a, "aws:cloudformation/stackSetInstance:StackSetInstance")) {
            const i = instance.inputs as Record<string, any>;
            await cfn.send(
                new CreateStackInstancesCommand({
                    StackSetName: i.stackSetName,
                    DeploymentTargets: { OrganizationalUnitIds: i.deploymentTargets.organizationalUnitIds },
                    Regions: [i.stackSetInstanceRegion],
                    CallAs: i.callAs,
                }),
            );
        }
        cfn.destroy();
    });

    it("moto keeps the StackSet service-managed, and deploys a stack instance to each account of the OUs and the OU below, none elsewhere", async () => {
        const cfn = new CloudFormationClient({ region: REGION, endpoint, credentials: await keysIn(endpoint, MANAGEMENT) });
        const set = (await cfn.send(new DescribeStackSetCommand({ StackSetName: "cross-account-iam-auditor" }))).StackSet!;
        assert.equal(set.PermissionModel, "SERVICE_MANAGED");
        const instances = (await cfn.send(new ListStackInstancesCommand({ StackSetName: "cross-account-iam-auditor" }))).Summaries!;
        cfn.destroy();
        assert.deepEqual(
            instances.map((x) => [x.Account, x.Region, x.Status]).sort(),
            [accounts.dev, accounts.nested, accounts.sandbox].sort().map((x) => [x, REGION, "CURRENT"]),
        );
    });

    it("creates the role in each of those accounts with the template's trust, and the permissions of that account and region", async () => {
        const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
        const role = cfg.targetRoles.find((r) => r.name === "auditor")!;
        for (const name of ["dev", "nested", "sandbox"]) {
            const iam = await iamIn(accounts[name]);
            const got = (await iam.send(new GetRoleCommand({ RoleName: "auditor" }))).Role!;
            assert.equal(got.Arn, `arn:aws:iam::${accounts[name]}:role/audit/auditor`);
            assert.deepEqual(policyOf(got.AssumeRolePolicyDocument), template.Resources.Role.Properties.AssumeRolePolicyDocument);
            const inline = await iam.send(new GetRolePolicyCommand({ RoleName: "auditor", PolicyName: "permissions" }));
            assert.deepEqual(
                policyOf(inline.PolicyDocument),
                permissionPolicy({ partition: "aws", region: REGION, account: { id: accounts[name] } }, role),
                name,
            );
            const props = template.Resources.Role.Properties;
            assert.deepEqual([got.Description, got.MaxSessionDuration, got.Tags], [props.Description, props.MaxSessionDuration, props.Tags], name);
            iam.destroy();
        }
    });

    it("creates no role in an account of another OU, nor in the management account", async () => {
        for (const account of [accounts.outside, MANAGEMENT]) {
            const iam = await iamIn(account);
            await assert.rejects(iam.send(new GetRoleCommand({ RoleName: "auditor" })), { name: "NoSuchEntityException" }, account);
            iam.destroy();
        }
    });

    it("the audit job's role session assumes auditor in a member account and acts there (moto enforces no IAM: the refusals are the access report's)", async () => {
        const setup = new STSClient({ region: REGION, endpoint, credentials: ANY_KEYS });
        const job = (await setup.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${SOURCE}:role/audit/audit-job`, RoleSessionName: "audit-task" })))
            .Credentials!;
        setup.destroy();
        const asJob: Keys = { accessKeyId: job.AccessKeyId!, secretAccessKey: job.SecretAccessKey!, sessionToken: job.SessionToken! };
        const stsJob = new STSClient({ region: REGION, endpoint, credentials: asJob });
        assert.equal((await stsJob.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${SOURCE}:assumed-role/audit-job/audit-task`);
        for (const name of ["dev", "nested"]) {
            const out = await stsJob.send(
                new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accounts[name]}:role/audit/auditor`, RoleSessionName: "audit-task" }),
            );
            const c = out.Credentials!;
            const asAuditor = new STSClient({
                region: REGION,
                endpoint,
                credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
            });
            const who = await asAuditor.send(new GetCallerIdentityCommand({}));
            assert.deepEqual([who.Account, who.Arn], [accounts[name], `arn:aws:sts::${accounts[name]}:assumed-role/auditor/audit-task`]);
            asAuditor.destroy();
        }
        stsJob.destroy();
    });
});
