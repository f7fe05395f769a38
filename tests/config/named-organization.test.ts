/**
 * Issue 16's two halves together: a role deployed to whole OUs in a config of named accounts. The StackSet is
 * declared by the stack of the account `organization.managementAccount` (or `delegatedAdministrator`) names, by
 * name or id; a source's grant on it is the one org-conditioned exception; what is refused says so in one line.
 */
import { strict as assert } from "assert";
import { parseConfig, validateConfig } from "../../lib/config/read";
import { deployOrder, stackDependencies } from "../../lib/deploy-order";
import { sourceGrantPolicy } from "../../lib/policies/source-grant";
import { buildAccessReport } from "../../tools/access-report/report";
import { awsResources, flatten, render } from "../support/harness";

type Mutable = Record<string, any>;

const CTX = { project: "cross-account-iam", organization: "organization" };
const ACCOUNTS = { security: "222222222222", prod: "111111111111", management: "999999999999" };

/** The security account's audit job reads every account of two OUs (a StackSet of management) and prod by name. */
function orgConfig(): Mutable {
    return {
        accounts: { ...ACCOUNTS },
        organization: { id: "o-a1b2c3d4e5", rootId: "r-ab12", managementAccount: "management" },
        sources: { "audit-job": { kind: "service-role", service: "ecs-tasks", account: "security" } },
        targetRoles: {
            auditor: {
                organizationalUnits: ["ou-ab12-11111111", "ou-ab12-22222222"],
                trustedSources: ["audit-job"],
                permissions: { logsRead: { logGroups: ["/aws/cloudtrail/organization"] } },
            },
            reader: { accounts: ["prod"], trustedSources: ["audit-job"], permissions: { logsRead: { logGroups: ["/app/prod"] } } },
        },
        "aws:region": "eu-west-1",
    };
}

function problems(change: (c: Mutable) => void, stack = "management"): string[] {
    const c = orgConfig();
    change(c);
    return validateConfig(flatten(c), { ...CTX, stack });
}

describe("named accounts with a role deployed to whole OUs (issue 16, both halves)", () => {
    it("managementAccount takes an account name: that account's stack declares the StackSets, and is a target stack", () => {
        const cfg = parseConfig(flatten(orgConfig()), { ...CTX, stack: "management" });
        assert.equal(cfg.side, "target");
        assert.deepEqual(cfg.organization, {
            id: "o-a1b2c3d4e5",
            rootId: "r-ab12",
            managementAccountId: ACCOUNTS.management,
            stackSetAccountId: ACCOUNTS.management,
            callAs: "SELF",
        });
        assert.deepEqual(
            cfg.targetRoles.map((r) => [r.name, r.accounts]),
            [
                ["auditor", []],
                ["reader", ["prod"]],
            ],
        );
    });

    it("managementAccount by its 12-digit id means the same account", () => {
        const byName = parseConfig(flatten(orgConfig()), { ...CTX, stack: "management" });
        const c = orgConfig();
        c.organization.managementAccount = ACCOUNTS.management;
        assert.deepEqual(parseConfig(flatten(c), { ...CTX, stack: "management" }).organization, byName.organization);
    });

    it("a delegated administrator by name creates the StackSets (callAs DELEGATED_ADMIN) in its own stack", () => {
        const c = orgConfig();
        c.accounts.tools = "333333333333";
        c.organization.delegatedAdministrator = "tools";
        const cfg = parseConfig(flatten(c), { ...CTX, stack: "tools" });
        assert.equal(cfg.side, "target");
        assert.equal(cfg.organization?.stackSetAccountId, "333333333333");
        assert.equal(cfg.organization?.callAs, "DELEGATED_ADMIN");
        // The management account's stack then holds nothing, and is refused as such.
        assert.deepEqual(
            problems((x) => Object.assign(x, c), "management"),
            [
                "account: account management holds no source and no role is deployed to it, so this stack would create nothing; name it in sources.<key>.account or targetRoles.<role>.accounts, or remove the stack",
            ],
        );
    });

    it("the source's grant: the exact ARN in prod, and the OU role only under aws:ResourceOrgPaths, never the management account", () => {
        const cfg = parseConfig(flatten(orgConfig()), { ...CTX, stack: "security" });
        assert.equal(cfg.side, "source");
        assert.deepEqual(sourceGrantPolicy(cfg, "audit-job"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${ACCOUNTS.prod}:role/reader` },
                {
                    Sid: "AssumeTargetRolesInOuAb1211111111AndOuAb1222222222",
                    Effect: "Allow",
                    Action: "sts:AssumeRole",
                    Resource: "arn:aws:iam::*:role/auditor",
                    Condition: {
                        "ForAnyValue:StringLike": {
                            "aws:ResourceOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*", "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/*"],
                        },
                        StringNotEquals: { "aws:ResourceAccount": ACCOUNTS.management },
                    },
                },
            ],
        });
    });

    it("the management stack declares the StackSet and no role of its own; prod declares reader only", async () => {
        const security = await render(orgConfig(), { stack: "security" });
        assert.equal(security.error, undefined);
        const references = { "organization/cross-account-iam/security": { outputs: security.outputs } };
        const management = await render(orgConfig(), { stack: "management", references });
        assert.equal(management.error, undefined);
        assert.deepEqual(
            awsResources(management)
                .map((r) => `${r.type} ${r.name}`)
                .sort(),
            [
                "aws:cloudformation/stackSet:StackSet auditor-stack-set",
                "aws:cloudformation/stackSetInstance:StackSetInstance auditor-ou-ab12-11111111",
                "aws:cloudformation/stackSetInstance:StackSetInstance auditor-ou-ab12-22222222",
            ],
        );
        assert.deepEqual(management.outputs.sourceStacks, { security: "organization/cross-account-iam/security" });
        assert.deepEqual(Object.keys(management.outputs.roles as object), []);
        assert.deepEqual(Object.keys(management.outputs.organizationRoles as object), ["auditor"]);
        // The access report, as npm start builds it for the management stack: the OU role proved in a stand-in
        // account of its OUs and refused outside them, every check passing.
        const report = await buildAccessReport({
            config: parseConfig(flatten(orgConfig()), { ...CTX, stack: "management" }),
            sourceResources: new Map([["security", security.resources]]),
            targetResources: management.resources,
            secretValues: [],
            stacks: [],
        });
        assert.deepEqual(
            report.roles.map((r) => r.role),
            ["auditor"],
        );
        assert.deepEqual(
            report.roles.flatMap((r) => r.checks.filter((c) => c.result !== "PASS").map((c) => c.title)),
            [],
        );
        assert.ok(report.roles[0].checks.some((c) => c.kind === "outside-organization-unit" && c.result === "PASS"));
        const prod = await render(orgConfig(), { stack: "prod", references });
        assert.equal(prod.error, undefined);
        assert.deepEqual(
            awsResources(prod)
                .map((r) => `${r.type} ${r.name}`)
                .sort(),
            ["aws:iam/role:Role reader-role", "aws:iam/rolePolicy:RolePolicy reader-permissions"],
        );
    });

    it("in trust mode principal the management stack reads the security stack, so it deploys after it", () => {
        const cfg = parseConfig(flatten(orgConfig()), { ...CTX, stack: "management" });
        const deps = stackDependencies(cfg, {});
        assert.deepEqual(
            deps.map((d) => [d.account, d.reads]),
            [
                ["security", []],
                ["prod", [{ account: "security", roles: ["reader"] }]],
                ["management", [{ account: "security", roles: ["auditor"] }]],
            ],
        );
        assert.deepEqual(deployOrder(deps), { ok: true, up: ["security", "prod", "management"], destroy: ["management", "prod", "security"] });
    });

    it("refuses an OU role whose name differs from that of a role of a named account only in case: the OUs may hold that account", () => {
        assert.deepEqual(
            problems((c) => {
                c.targetRoles.Reader = c.targetRoles.auditor;
                delete c.targetRoles.auditor;
            }),
            [
                "targetRoles.Reader: role name Reader differs from that of targetRoles.reader only in case; IAM role names are unique regardless of case, so the account cannot hold both: rename one",
            ],
        );
    });

    it("refuses a role deployed both to accounts and to organizationalUnits", () => {
        assert.deepEqual(
            problems((c) => (c.targetRoles.auditor.accounts = ["prod"])),
            [
                "targetRoles.auditor.accounts: set together with organizationalUnits; a role is deployed either to named accounts or to every account of some OUs through a StackSet: remove one",
            ],
        );
    });

    it("refuses a managementAccount that is neither an id nor one of the accounts, naming them", () => {
        assert.deepEqual(
            problems((c) => (c.organization.managementAccount = "mgmt")),
            ['organization.managementAccount = "mgmt": expected a 12-digit AWS account id, or the name of one of the accounts (security, prod, management)'],
        );
    });

    it("refuses a StackSet account outside the named accounts: its stack is the one that creates the StackSet", () => {
        assert.deepEqual(
            problems((c) => (c.organization.managementAccount = "888888888888"), "prod"),
            [
                'organization.managementAccount = "888888888888": expected one of the accounts (security, prod, management): its stack creates the StackSet of role auditor; add the account to accounts, or name one of them',
            ],
        );
    });
});
