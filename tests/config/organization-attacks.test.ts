/**
 * Every key of roles deployed to whole OUs (`organization.*`, `targetRoles.<name>.organizationalUnits`) read as an
 * attacker, or a hurried engineer, would write it, beyond tests/config-organization.test.ts: OU ids of the wrong
 * shape, organization and root ids where OUs belong, case and look-alike variants, values of the wrong type, keys
 * spelled in another case, huge lists. Each case: the exact messages, one line per problem, purely and through the
 * real program under mocks (which then declares nothing). Then account-b's outputs, which must not widen the OUs.
 */
import { strict as assert } from "assert";
import { validateConfig } from "../../lib/config/read";
import { ConfigError } from "../../lib/errors";
import type { SourceOutput } from "../../lib/model/outputs";
import { PROJECT, SOURCE_STACK, awsResources, flatten, render, renderBoth } from "../support/harness";
import { readFileSync } from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { EXAMPLES, exampleVariant, renderDir } from "../access-map-fixtures";
import { organizationConfig } from "../support/organization";

type Mutable = Record<string, any>;
const auditor = (c: Mutable) => c.targetRoles.auditor;
const units =
    (...list: unknown[]) =>
    (c: Mutable) =>
        (auditor(c).organizationalUnits = list);

const OU_EXPECTED =
    "an OU id such as ou-ab12-11111111 (ou-, the root id without r-, -, and 8 to 32 lowercase letters or digits), or the organization's root id (r-ab12) for every account of it";
const WILDCARD =
    "expected no * or ?: it is part of the aws:ResourceOrgPaths or aws:ResourceOrgID condition of account B's grant, where IAM reads them as wildcards that match other organizations and OUs";
const notAnOu = (i: number, shown: string) => `targetRoles.auditor.organizationalUnits[${i}] = ${shown}: expected ${OU_EXPECTED}`;
const ORG_ID_EXPECTED = "expected an AWS Organizations id such as o-a1b2c3d4e5 (o- and 10 to 32 lowercase letters or digits)";
const ROOT_ID_EXPECTED = "expected an organization root id such as r-ab12 (r- and 4 to 32 lowercase letters or digits)";
const ROLE_KEYS =
    "path, description, maxSessionDuration, permissionsBoundary, tags, trustMode, trustConditions, trustedSources, permissions, organizationalUnits, profileName";
const LEFTOVER = "organization: set, but no role in targetRoles has organizationalUnits; remove it, or deploy a role to organizationalUnits";

const cases: Array<{ rule: string; change: (c: Mutable) => void; messages: string[] }> = [
    // OU ids of the wrong shape. IAM's StringLike compares them as written, so anything but the exact id is refused.
    { rule: "an OU id has 8 or more characters after its root part", change: units("ou-ab12-1234567"), messages: [notAnOu(0, '"ou-ab12-1234567"')] },
    { rule: "an OU id names its root", change: units("ou-11111111"), messages: [notAnOu(0, '"ou-11111111"')] },
    { rule: "an OU id has no segment after its own", change: units("ou-ab12-11111111-x"), messages: [notAnOu(0, '"ou-ab12-11111111-x"')] },
    {
        rule: "an OU id is no organization path (a / would let the pattern reach another OU's accounts)",
        change: units("ou-ab12-11111111/ou-ab12-22222222", "ou-ab12-11111111/"),
        messages: [notAnOu(0, '"ou-ab12-11111111/ou-ab12-22222222"'), notAnOu(1, '"ou-ab12-11111111/"')],
    },
    {
        rule: "an OU id has no white space around it",
        change: units(" ou-ab12-11111111", "ou-ab12-11111111\n"),
        messages: [notAnOu(0, '" ou-ab12-11111111"'), notAnOu(1, '"ou-ab12-11111111\\n"')],
    },
    {
        rule: "an OU id has at most 32 characters after its root part",
        change: units(`ou-ab12-${"1".repeat(33)}`),
        messages: [notAnOu(0, `"ou-ab12-${"1".repeat(33)}"`)],
    },
    {
        rule: "an OU id of the right shape under another root (ou-xxxx-yyyyyyyy) is an OU of another organization",
        change: units("ou-xxxx-yyyyyyyy"),
        messages: [
            'targetRoles.auditor.organizationalUnits[0] = "ou-xxxx-yyyyyyyy": expected an OU under organization.rootId r-ab12, whose OU ids start with ou-ab12-; this one is under root r-xxxx, of another organization',
        ],
    },
    // Wildcards and case: IAM would widen the first, and never match the second.
    {
        rule: "* alone is no OU (it would be every path of every organization)",
        change: units("*"),
        messages: [`targetRoles.auditor.organizationalUnits[0] = "*": ${WILDCARD}`],
    },
    {
        rule: "a * as the whole value is no list",
        change: (c) => (auditor(c).organizationalUnits = "*"),
        messages: [`targetRoles.auditor.organizationalUnits = "*": expected a list of ${OU_EXPECTED}`],
    },
    {
        rule: "case variants of an OU or a root id are refused (StringLike is case-sensitive: they would never match)",
        change: units("ou-AB12-11111111", "Ou-ab12-11111111", "R-ab12"),
        messages: [notAnOu(0, '"ou-AB12-11111111"'), notAnOu(1, '"Ou-ab12-11111111"'), notAnOu(2, '"R-ab12"')],
    },
    { rule: "a look-alike letter (Cyrillic о) is no OU", change: units("\u043eu-ab12-11111111"), messages: [notAnOu(0, '"\u043eu-ab12-11111111"')] },
    // Other ids where an OU belongs.
    {
        rule: "an organization id where an OU belongs is told apart: the whole organization is its root",
        change: units("o-a1b2c3d4e5"),
        messages: [
            `targetRoles.auditor.organizationalUnits[0] = "o-a1b2c3d4e5": expected ${OU_EXPECTED}; this is an organization id: for every account of the organization list its root id (organization.rootId) alone`,
        ],
    },
    {
        rule: "... another organization's id too",
        change: units("ou-ab12-11111111", "o-zzzzzzzzzz"),
        messages: [
            `targetRoles.auditor.organizationalUnits[1] = "o-zzzzzzzzzz": expected ${OU_EXPECTED}; this is an organization id: for every account of the organization list its root id (organization.rootId) alone`,
        ],
    },
    // Values of the wrong type, and JavaScript's own names.
    {
        rule: "an OU is a string, not null, an object or a list",
        change: units(null, { id: "ou-ab12-11111111" }, ["ou-ab12-11111111"]),
        messages: [notAnOu(0, "null"), notAnOu(1, '{"id":"ou-ab12-11111111"}'), notAnOu(2, '["ou-ab12-11111111"]')],
    },
    {
        rule: "organizationalUnits is a list, not an object keyed by index",
        change: (c) => (auditor(c).organizationalUnits = { 0: "ou-ab12-11111111" }),
        messages: [`targetRoles.auditor.organizationalUnits = {"0":"ou-ab12-11111111"}: expected a list of ${OU_EXPECTED}`],
    },
    {
        rule: "constructor and toString are no OUs",
        change: units("constructor", "toString"),
        messages: [notAnOu(0, '"constructor"'), notAnOu(1, '"toString"')],
    },
    {
        rule: "organizationalUnits: null is not set, as for every key: the role stays in account A, and the organization left over is reported",
        change: (c) => (auditor(c).organizationalUnits = null),
        messages: [LEFTOVER],
    },
    {
        rule: "an empty list without organization is refused, not read as account A nor as the whole organization",
        change: (c) => {
            delete c.organization;
            auditor(c).organizationalUnits = [];
        },
        messages: [`targetRoles.auditor.organizationalUnits = []: expected a non-empty list of ${OU_EXPECTED}`],
    },
    {
        rule: "organizationalUnits set, organization missing, on a stack of its own: both OUs and the missing key are reported",
        change: (c) => {
            delete c.organization;
            auditor(c).organizationalUnits = ["ou-ab12-11111111", "ou-ab12-22222222"];
        },
        messages: [
            "organization: not set, but role auditor is deployed to organizationalUnits; expected { id: o-..., rootId: r-..., managementAccount: <12-digit id> }",
        ],
    },
    // organization itself.
    {
        rule: "organization is an object, not an id",
        change: (c) => (c.organization = "o-a1b2c3d4e5"),
        messages: ['organization = "o-a1b2c3d4e5": expected an object'],
    },
    {
        rule: "organization is an object, not a list",
        change: (c) => (c.organization = ["o-a1b2c3d4e5"]),
        messages: ['organization = ["o-a1b2c3d4e5"]: expected an object'],
    },
    {
        rule: "organization.id is an o- id, not a path, an OU or a short id",
        change: (c) => (c.organization.id = "o-a1b2c3d4e5/r-ab12"),
        messages: [`organization.id = "o-a1b2c3d4e5/r-ab12": ${ORG_ID_EXPECTED}`],
    },
    {
        rule: "organization.id is no OU id",
        change: (c) => (c.organization.id = "ou-ab12-11111111"),
        messages: [`organization.id = "ou-ab12-11111111": ${ORG_ID_EXPECTED}`],
    },
    {
        rule: "organization.id has 10 or more characters after o-",
        change: (c) => (c.organization.id = "o-abc"),
        messages: [`organization.id = "o-abc": ${ORG_ID_EXPECTED}`],
    },
    {
        rule: "organization.rootId is an r- id, not an OU or an organization id",
        change: (c) => {
            c.organization.rootId = "ou-ab12-11111111";
            c.organization.id = "r-ab12";
        },
        messages: [`organization.id = "r-ab12": ${ORG_ID_EXPECTED}`, `organization.rootId = "ou-ab12-11111111": ${ROOT_ID_EXPECTED}`],
    },
    {
        rule: "a root id that is not the one the OU ids name refuses every OU, naming the root each is under",
        change: (c) => {
            c.organization.rootId = "r-cd34";
            auditor(c).organizationalUnits = ["ou-ab12-11111111", "ou-ab12-22222222"];
        },
        messages: [
            'targetRoles.auditor.organizationalUnits[0] = "ou-ab12-11111111": expected an OU under organization.rootId r-cd34, whose OU ids start with ou-cd34-; this one is under root r-ab12, of another organization',
            'targetRoles.auditor.organizationalUnits[1] = "ou-ab12-22222222": expected an OU under organization.rootId r-cd34, whose OU ids start with ou-cd34-; this one is under root r-ab12, of another organization',
        ],
    },
    {
        rule: "the management account and the delegated administrator hold no wildcard, and are 12-digit strings",
        change: (c) => {
            c.organization.managementAccount = 111111111111;
            c.organization.delegatedAdministrator = "33333333333?";
        },
        messages: [
            "organization.managementAccount = 111111111111: expected a 12-digit AWS account id",
            'organization.delegatedAdministrator = "33333333333?": expected no * or ?: it is part of every ARN, where IAM reads them as wildcards that match other accounts',
        ],
    },
    {
        rule: "an empty delegated administrator is refused, not read as none",
        change: (c) => (c.organization.delegatedAdministrator = ""),
        messages: ['organization.delegatedAdministrator = "": expected a 12-digit AWS account id'],
    },
    // Keys in another case: unknown, never read as the key.
    {
        rule: "organization.ID is not organization.id",
        change: (c) => (c.organization = { ID: "o-a1b2c3d4e5", rootId: "r-ab12", managementAccount: "111111111111" }),
        messages: [
            "organization.ID: unknown key (did you mean id?); expected one of id, rootId, managementAccount, delegatedAdministrator",
            "organization.id: not set; expected the organization's id, such as o-a1b2c3d4e5",
        ],
    },
    {
        rule: "OrganizationalUnits is not organizationalUnits (the role would silently stay in account A)",
        change: (c) => {
            auditor(c).OrganizationalUnits = auditor(c).organizationalUnits;
            delete auditor(c).organizationalUnits;
        },
        messages: [`targetRoles.auditor.OrganizationalUnits: unknown key (did you mean organizationalUnits?); expected one of ${ROLE_KEYS}`, LEFTOVER],
    },
    // Huge lists: every problem is a line, and a list no grant can hold is refused before deploy.
    {
        rule: "a huge list of wildcards is one line per item, and is read in well under a second",
        change: (c) => (auditor(c).organizationalUnits = Array.from({ length: 5000 }, () => "*")),
        messages: Array.from({ length: 5000 }, (_, i) => `targetRoles.auditor.organizationalUnits[${i}] = "*": ${WILDCARD}`),
    },
    {
        rule: "2000 OUs on a service role's grant (inline, then split into managed policies) are refused with how many fit",
        change: (c) => (auditor(c).organizationalUnits = Array.from({ length: 2000 }, (_, i) => `ou-ab12-${String(i).padStart(8, "0")}`)),
        messages: [
            "targetRoles.auditor.organizationalUnits: 2000 OUs make the grant of source log-shipper on role auditor 116278 characters, in statements IAM cannot split, over the 6144 of a customer managed policy (the grant of log-shipper is too large to stay inline); about 104 OUs fit: list a parent OU instead of its children, or the root for the whole organization",
        ],
    },
];

describe("config attacks on the keys of roles deployed to whole OUs", () => {
    for (const c of cases) {
        it(`rejects: ${c.rule}`, async () => {
            for (const stack of ["account-b", "account-a"]) {
                const config = organizationConfig();
                c.change(config);
                const started = Date.now();
                const got = validateConfig(flatten(config), { project: PROJECT, stack, organization: "organization" });
                assert.ok(Date.now() - started < 1000, `validateConfig took ${Date.now() - started} ms`);
                assert.deepEqual(got, c.messages, stack);
            }
            const config = organizationConfig();
            c.change(config);
            const result = await render(config, { stack: "account-b" });
            assert.ok(ConfigError.isConfigError(result.error), `expected a ConfigError, got ${String(result.error)}`);
            assert.deepEqual(result.error.problems, c.messages);
            assert.deepEqual(awsResources(result), []);
        });
    }

    it("accepts 100 OUs on a service role's grant", () => {
        const config = organizationConfig({ organizationalUnits: Array.from({ length: 100 }, (_, i) => `ou-ab12-${String(i).padStart(8, "0")}`) });
        assert.deepEqual(validateConfig(flatten(config), { project: PROJECT, stack: "account-b", organization: "o" }), []);
    });
});

describe("account-b's outputs cannot widen the OUs of a role (a stack file of account-b setting other OUs or another organization)", () => {
    const CONDITION = (ous: string[], org = "o-a1b2c3d4e5") => ({
        "ForAnyValue:StringLike": { "aws:ResourceOrgPaths": ous.length === 1 ? `${org}/r-ab12/${ous[0]}/*` : ous.map((ou) => `${org}/r-ab12/${ou}/*`) },
        StringNotEquals: { "aws:ResourceAccount": "111111111111" },
    });
    const ARN = "arn:aws:iam::*:role/audit/auditor";

    it("account-b exports the condition its grant holds each OU role under", async () => {
        const { b } = await renderBoth(organizationConfig());
        const shipper = (b.outputs.sources as Record<string, SourceOutput>)["log-shipper"];
        assert.deepEqual(shipper.assumableOrganizationConditions, { [ARN]: CONDITION(["ou-ab12-11111111"]) });
    });

    const widened: Array<{ rule: string; b: Mutable; shown: string }> = [
        {
            rule: "account-b granting the role in more OUs",
            b: { organizationalUnits: ["ou-ab12-11111111", "ou-ab12-22222222"] },
            shown: JSON.stringify(CONDITION(["ou-ab12-11111111", "ou-ab12-22222222"])),
        },
        {
            rule: "account-b granting the role in the whole organization",
            b: { organizationalUnits: ["r-ab12"] },
            shown: JSON.stringify({ StringEquals: { "aws:ResourceOrgID": "o-a1b2c3d4e5" }, StringNotEquals: { "aws:ResourceAccount": "111111111111" } }),
        },
    ];
    for (const w of widened) {
        it(`is refused by account A: ${w.rule}`, async () => {
            const a = organizationConfig({ trustMode: "principal" });
            const { b } = await renderBoth(organizationConfig({ trustMode: "principal", ...w.b }));
            const result = await render(a, { stack: "account-a", references: { [SOURCE_STACK]: { outputs: b.outputs } } });
            const shown = w.shown.length > 120 ? `${w.shown.slice(0, 117)}...` : w.shown;
            assert.deepEqual((result.error as { problems?: string[] }).problems, [
                `stack ${SOURCE_STACK}: output sources.log-shipper.assumableOrganizationConditions["${ARN}"] = ${shown}: expected ${JSON.stringify(CONDITION(["ou-ab12-11111111"]))}, the accounts of role auditor's organizationalUnits here; keep organization and organizationalUnits in Pulumi.yaml so both stacks share them, and update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again`,
            ]);
            assert.deepEqual(awsResources(result), []);
        });
    }

    it("is refused by account A: account-b's grant of another organization, or without its condition", async () => {
        const a = organizationConfig({ trustMode: "principal" });
        const { b } = await renderBoth(a);
        for (const condition of [CONDITION(["ou-ab12-11111111"], "o-zzzzzzzzzz"), undefined]) {
            const sources = JSON.parse(JSON.stringify(b.outputs.sources)) as Record<string, SourceOutput>;
            sources["log-shipper"].assumableOrganizationConditions = condition === undefined ? {} : { [ARN]: condition };
            const result = await render(a, { stack: "account-a", references: { [SOURCE_STACK]: { outputs: { ...b.outputs, sources } } } });
            const problems = (result.error as { problems?: string[] }).problems ?? [];
            assert.equal(problems.length, 1, String(result.error));
            assert.match(problems[0], /^stack \S+: output sources\.log-shipper\.assumableOrganizationConditions\["arn:aws:iam::\*:role\/audit\/auditor"\] = /);
            assert.ok(problems[0].includes(condition === undefined ? "= undefined: expected" : "o-zzzzzzzzzz"), problems[0]);
            assert.deepEqual(awsResources(result), []);
        }
    });

    it("deploys when account-b's outputs hold the same condition", async () => {
        const a = organizationConfig({ trustMode: "principal" });
        const { b } = await renderBoth(a);
        const result = await render(a, { stack: "account-a", references: { [SOURCE_STACK]: { outputs: b.outputs } } });
        assert.equal(result.error, undefined, String(result.error));
    });

    it("in trust mode principal-arn (no StackReference), the offline render's access report fails the rows a wider grant of account-b lets in", async () => {
        const project = parseYaml(readFileSync(path.join(EXAMPLES, "audit-ou", "Pulumi.yaml"), "utf8")) as { config: Record<string, { value: Mutable }> };
        const roles = JSON.parse(JSON.stringify(project.config["cross-account-iam-audit-ou:targetRoles"].value)) as Mutable;
        roles.auditor.organizationalUnits = ["r-ab12"];
        const dir = exampleVariant("audit-ou", () => {}, { "account-b": { "cross-account-iam-audit-ou:targetRoles": roles } });
        const { reports } = await renderDir(dir);
        const failed = reports[0].roles.flatMap((r) =>
            r.checks.filter((c) => c.result === "FAIL").map((c) => c.title.replace(/^.* assumes a role named \/audit\/auditor in \d+, /, "")),
        );
        assert.deepEqual(failed, [
            "an account of ou-ab12-99999999, another OU of the organization, is refused",
            "an account directly under the root r-ab12, is refused",
            "an account of ou-ab12-111111110, an OU whose id starts with ou-ab12-11111111, is refused",
        ]);
    });
});
