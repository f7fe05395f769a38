/**
 * Config of roles deployed to whole OUs (`organization`, `targetRoles.<name>.organizationalUnits`), read like an
 * attacker would write it: wildcards, empty lists, case variants, `__proto__`, OUs of another organization, account
 * ids (the management account) where OUs belong, an ExternalId a StackSet would publish. Each case: the exact
 * messages, purely and through the real program under mocks (which then declares nothing).
 */
import { strict as assert } from "assert";
import { validateConfig } from "../../lib/config/read";
import { ConfigError } from "../../lib/errors";
import { PROJECT, awsResources, flatten, render } from "../support/harness";
import { organizationConfig } from "../support/organization";

type Mutable = Record<string, any>;
const auditor = (c: Mutable) => c.targetRoles.auditor;

const WILDCARD =
    "expected no * or ?: it is part of the aws:ResourceOrgPaths or aws:ResourceOrgID condition of account B's grant, where IAM reads them as wildcards that match other organizations and OUs";
const OU_EXPECTED =
    "an OU id such as ou-ab12-11111111 (ou-, the root id without r-, -, and 8 to 32 lowercase letters or digits), or the organization's root id (r-ab12) for every account of it";

const cases: Array<{ rule: string; change: (c: Mutable) => void; messages: string[]; stack?: string }> = [
    {
        rule: "an OU id holds no * (IAM would read it as a wildcard over OUs)",
        change: (c) => (auditor(c).organizationalUnits = ["ou-ab12-*"]),
        messages: [`targetRoles.auditor.organizationalUnits[0] = "ou-ab12-*": ${WILDCARD}`],
    },
    {
        rule: "an OU id holds no ?",
        change: (c) => (auditor(c).organizationalUnits = ["ou-ab12-1111111?"]),
        messages: [`targetRoles.auditor.organizationalUnits[0] = "ou-ab12-1111111?": ${WILDCARD}`],
    },
    {
        rule: "an empty OU list is refused, never read as the whole organization",
        change: (c) => (auditor(c).organizationalUnits = []),
        messages: [`targetRoles.auditor.organizationalUnits = []: expected a non-empty list of ${OU_EXPECTED}`],
    },
    {
        rule: "organizationalUnits is a list",
        change: (c) => (auditor(c).organizationalUnits = "ou-ab12-11111111"),
        messages: [`targetRoles.auditor.organizationalUnits = "ou-ab12-11111111": expected a list of ${OU_EXPECTED}`],
    },
    {
        rule: "OU ids are lowercase, as IAM's case-sensitive StringLike compares them",
        change: (c) => (auditor(c).organizationalUnits = ["OU-AB12-11111111"]),
        messages: [`targetRoles.auditor.organizationalUnits[0] = "OU-AB12-11111111": expected ${OU_EXPECTED}`],
    },
    {
        rule: "__proto__ is no OU",
        change: (c) => (auditor(c).organizationalUnits = ["__proto__"]),
        messages: [`targetRoles.auditor.organizationalUnits[0] = "__proto__": expected ${OU_EXPECTED}`],
    },
    {
        rule: "an OU is listed once",
        change: (c) => (auditor(c).organizationalUnits = ["ou-ab12-11111111", "ou-ab12-11111111"]),
        messages: ['targetRoles.auditor.organizationalUnits = ["ou-ab12-11111111","ou-ab12-11111111"]: expected no duplicates (repeated: ou-ab12-11111111)'],
    },
    {
        rule: "an OU of another organization (another root in its id) is refused",
        change: (c) => (auditor(c).organizationalUnits = ["ou-cd34-11111111"]),
        messages: [
            'targetRoles.auditor.organizationalUnits[0] = "ou-cd34-11111111": expected an OU under organization.rootId r-ab12, whose OU ids start with ou-ab12-; this one is under root r-cd34, of another organization',
        ],
    },
    {
        rule: "the management account (an account id) is no OU: StackSets never deploy to it",
        change: (c) => (auditor(c).organizationalUnits = ["111111111111", "ou-ab12-11111111"]),
        messages: [
            `targetRoles.auditor.organizationalUnits[0] = "111111111111": expected ${OU_EXPECTED}; this is an account id: a StackSet deploys to every account of an OU, not to one account, and never to the organization's management account, even when it sits in the OU`,
        ],
    },
    {
        rule: "an account id YAML read as a number is told apart too",
        change: (c) => (auditor(c).organizationalUnits = [11111111111]),
        messages: [
            `targetRoles.auditor.organizationalUnits[0] = 11111111111: expected ${OU_EXPECTED}; this is an account id: a StackSet deploys to every account of an OU, not to one account, and never to the organization's management account, even when it sits in the OU`,
        ],
    },
    {
        rule: "a root id is the organization's own root",
        change: (c) => (auditor(c).organizationalUnits = ["r-cd34"]),
        messages: [
            'targetRoles.auditor.organizationalUnits[0] = "r-cd34": expected the organization\'s root, organization.rootId r-ab12 (a root id means every account of the organization)',
        ],
    },
    {
        rule: "the root is listed alone",
        change: (c) => (auditor(c).organizationalUnits = ["r-ab12", "ou-ab12-11111111"]),
        messages: [
            "targetRoles.auditor.organizationalUnits: lists the root r-ab12, which already holds every OU of the organization; list the root alone, or only OUs",
        ],
    },
    {
        rule: "a role deployed to OUs needs organization",
        change: (c) => delete c.organization,
        messages: [
            "organization: not set, but role auditor is deployed to organizationalUnits; expected { id: o-..., rootId: r-..., managementAccount: <12-digit id> }",
        ],
    },
    {
        rule: "organization without a role deployed to OUs is a leftover",
        change: (c) => delete c.targetRoles.auditor,
        messages: ["organization: set, but no role in targetRoles has organizationalUnits; remove it, or deploy a role to organizationalUnits"],
    },
    {
        rule: "organization ids, root ids and the management account hold no wildcard",
        change: (c) => (c.organization = { id: "o-*", rootId: "r-ab1?", managementAccount: "*" }),
        messages: [
            `organization.id = "o-*": ${WILDCARD}`,
            `organization.rootId = "r-ab1?": ${WILDCARD}`,
            'organization.managementAccount = "*": expected no * or ?: it is part of every ARN, where IAM reads them as wildcards that match other accounts',
        ],
    },
    {
        rule: "organization and root ids are lowercase",
        change: (c) => (c.organization = { id: "O-A1B2C3D4E5", rootId: "R-AB12", managementAccount: "111111111111" }),
        messages: [
            'organization.id = "O-A1B2C3D4E5": expected an AWS Organizations id such as o-a1b2c3d4e5 (o- and 10 to 32 lowercase letters or digits)',
            'organization.rootId = "R-AB12": expected an organization root id such as r-ab12 (r- and 4 to 32 lowercase letters or digits)',
        ],
    },
    {
        rule: "organization allows only its keys (__proto__ included)",
        change: (c) => (c.organization = JSON.parse('{"__proto__": {"x": 1}, "id": "o-a1b2c3d4e5", "rootId": "r-ab12", "managementAccount": "111111111111"}')),
        messages: ["organization.__proto__: unknown key; expected one of id, rootId, managementAccount, delegatedAdministrator"],
    },
    {
        rule: "organization's id, root and management account are required",
        change: (c) => (c.organization = {}),
        messages: [
            "organization.id: not set; expected the organization's id, such as o-a1b2c3d4e5",
            "organization.rootId: not set; expected the root's id, such as r-ab12",
            "organization.managementAccount: not set; expected the 12-digit id of the organization's management account",
        ],
    },
    {
        rule: "empty organization values are refused",
        change: (c) => (c.organization = { id: "", rootId: "", managementAccount: "" }),
        messages: [
            'organization.id = "": expected an AWS Organizations id such as o-a1b2c3d4e5 (o- and 10 to 32 lowercase letters or digits)',
            'organization.rootId = "": expected an organization root id such as r-ab12 (r- and 4 to 32 lowercase letters or digits)',
            'organization.managementAccount = "": expected a 12-digit AWS account id',
        ],
    },
    {
        rule: "a delegated administrator is not the management account",
        change: (c) => (c.organization.delegatedAdministrator = "111111111111"),
        messages: [
            'organization.delegatedAdministrator = "111111111111": expected a member account other than managementAccount (leave it out and the management account creates the StackSets itself)',
        ],
    },
    {
        rule: "the target stack, which creates the StackSets, is in the management account",
        change: (c) => (c.organization.managementAccount = "999999999999"),
        messages: [
            "targetRoles.auditor.organizationalUnits: the StackSet of role auditor is created by the target stack, so account A (targetAccountId 111111111111) must be the organization's management account (organization.managementAccount 999999999999): set targetAccountId to it, or set organization.delegatedAdministrator to account A if it is registered as one",
        ],
    },
    {
        rule: "... or in the delegated administrator, when one is set",
        change: (c) => (c.organization.delegatedAdministrator = "333333333333"),
        messages: [
            "targetRoles.auditor.organizationalUnits: the StackSet of role auditor is created by the target stack, so account A (targetAccountId 111111111111) must be the delegated administrator (organization.delegatedAdministrator 333333333333): set targetAccountId to it, or set organization.delegatedAdministrator to account A if it is registered as one",
        ],
    },
    {
        rule: "an OU role requires no ExternalId: a StackSet template is readable in every account it reaches",
        stack: "account-a",
        change: (c) => {
            auditor(c).trustedSources = [{ source: "log-shipper", externalId: true }];
            c.externalIds = { auditor: "abc-123-secret" };
        },
        messages: [
            "targetRoles.auditor.organizationalUnits: role auditor requires an ExternalId (trusted source log-shipper), which a StackSet cannot keep secret: its template is readable wherever the StackSet or one of its stacks is (cloudformation:DescribeStackSet, GetTemplate in every account of the OU); drop externalId for this role (it guards against a confused deputy at a third party, not inside your organization), or deploy the role to account A",
        ],
    },
    {
        rule: "an OU role creates no log groups (its StackSet holds only the role)",
        change: (c) => (auditor(c).permissions = { logsRead: { logGroups: ["/x"], create: true } }),
        messages: [
            "targetRoles.auditor.permissions.logsRead.create: role auditor is deployed to organizationalUnits, and its StackSet creates only the role: create the log groups in each account by other means and set create: false",
        ],
    },
    {
        rule: "two OU roles never share a StackSet name",
        change: (c) => {
            c.targetRoles["auditor.x"] = { ...auditor(c) };
            c.targetRoles["auditor_x"] = { ...auditor(c) };
        },
        messages: [
            "targetRoles.auditor_x: its StackSet would be named cross-account-iam-auditor-x, as would that of role auditor.x (a StackSet name allows only letters, digits and -); rename one of the roles",
        ],
    },
    {
        rule: "a huge OU list that no customer managed policy can hold is refused before deploy, with how many fit",
        change: (c) => {
            c.sources["log-shipper"] = { kind: "user" };
            auditor(c).organizationalUnits = Array.from({ length: 300 }, (_, i) => `ou-ab12-${String(i).padStart(8, "0")}`);
        },
        messages: [
            "targetRoles.auditor.organizationalUnits: 300 OUs make the grant of source log-shipper on role auditor 17678 characters, in statements IAM cannot split, over the 6144 of a customer managed policy (the grant of log-shipper is too large to stay inline); about 104 OUs fit: list a parent OU instead of its children, or the root for the whole organization",
        ],
    },
];

describe("config: roles deployed to whole OUs", () => {
    it("accepts the organization config on both sides", () => {
        for (const stack of ["account-a", "account-b"])
            assert.deepEqual(validateConfig(flatten(organizationConfig()), { project: PROJECT, stack, organization: "o" }), []);
    });

    it("accepts the whole organization (the root alone) and a delegated administrator that is account A", () => {
        const c = organizationConfig({ organizationalUnits: ["r-ab12"] });
        c.organization = { id: "o-a1b2c3d4e5", rootId: "r-ab12", managementAccount: "999999999999", delegatedAdministrator: "111111111111" };
        assert.deepEqual(validateConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "o" }), []);
    });

    for (const c of cases) {
        it(`rejects: ${c.rule}`, async () => {
            const config = organizationConfig();
            c.change(config);
            const stack = c.stack ?? "account-b";
            assert.deepEqual(validateConfig(flatten(config), { project: PROJECT, stack, organization: "organization" }), c.messages);
            const result = await render(config, { stack });
            assert.ok(ConfigError.isConfigError(result.error), `expected a ConfigError, got ${String(result.error)}`);
            assert.deepEqual(result.error.problems, c.messages);
            assert.deepEqual(awsResources(result), []);
        });
    }
});
