/**
 * The access report (tools/access-report/report.ts): iam-simulate over the rendered documents proves who can
 * do what, and catches a rendered policy that drifted from the config's intent.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config/read";
import type { PolicyDocument } from "../lib/model/policy";
import { AccessReport, buildAccessReport, formatAccessReport } from "../tools/access-report/report";
import { conditionMutations } from "../tools/access-report/expectations";
import { allPolicies, identityPoliciesOf } from "../tools/access-report/documents";
import { redactText } from "../tools/shared/redact";
import type { RecordedResource } from "../tools/shared/mock-runtime";
import { ACCOUNT_A, ACCOUNT_B, ConfigObject, PROJECT, baseConfig, flatten, renderBoth } from "./harness";

const EXTERNAL_ID = "ext-id-for-tests-1";

async function report(config: ConfigObject, mutate: { a?: Mutation; b?: Mutation } = {}, secretValues = [EXTERNAL_ID]): Promise<AccessReport> {
    const { a, b } = await renderBoth(config);
    const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
    return buildAccessReport({
        config: cfg,
        sourceResources: mutate.b ? mutate.b(b.resources) : b.resources,
        targetResources: mutate.a ? mutate.a(a.resources) : a.resources,
        secretValues,
    });
}

type Mutation = (resources: RecordedResource[]) => RecordedResource[];

/** Edits the policy document held in one input of one recorded resource, as a deployed drift would. */
function editPolicy(type: string, name: string, input: string, edit: (doc: PolicyDocument) => void): Mutation {
    return (resources) => {
        assert.ok(
            resources.some((r) => r.type === type && r.name === name),
            `no ${type} ${name}`,
        );
        return resources.map((r) => {
            if (r.type !== type || r.name !== name) return r;
            const doc = JSON.parse(r.inputs[input] as string) as PolicyDocument;
            edit(doc);
            return { ...r, inputs: { ...r.inputs, [input]: JSON.stringify(doc) } };
        });
    };
}

const rows = (r: AccessReport, role?: string) =>
    r.roles.filter((x) => role === undefined || x.role === role).flatMap((x) => x.checks.map((c) => `${c.result} ${c.expect} ${c.title}`));
const failures = (r: AccessReport) =>
    r.roles.flatMap((x) => x.checks.filter((c) => c.result === "FAIL").map((c) => `${c.title} => expected ${c.expect}, got ${c.decision}`));

/** Several roles, every source kind, every trust condition, every preset. */
function richConfig(): ConfigObject {
    return {
        targetAccountId: ACCOUNT_A,
        sourceAccountId: ACCOUNT_B,
        "aws:region": "eu-west-1",
        sources: {
            "ci-runner": { kind: "service-role", service: "lambda", path: "/ci/" },
            operator: { kind: "user", path: "/people/" },
            developers: { kind: "group", path: "/people/" },
            legacy: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/legacy-app`] },
            partner: { kind: "account-root" },
        },
        targetRoles: {
            "log-reader": {
                path: "/cross-account/",
                trustedSources: [
                    "ci-runner",
                    { source: "operator", mfa: { maxAgeSeconds: 900 }, principalOrgId: "o-abcdefghij", sessionTags: { allowedKeys: ["team"] } },
                ],
                permissions: { logsRead: { logGroups: ["/app/cron", "/app/web"] } },
            },
            "table-backup": {
                trustMode: "principal-arn",
                trustedSources: [{ source: "ci-runner", sourceIdentity: { allowed: ["nightly-*"] } }, "legacy"],
                permissions: { dynamodbBackup: { tables: ["orders"] } },
            },
            "bucket-writer": {
                trustedSources: [{ source: "developers", mfa: true }],
                permissions: { s3ReadWrite: { buckets: ["acme-data"], prefix: "incoming/" }, s3ListAllBuckets: true },
            },
            // Its own role: beside the group, B's root (any principal of B) would let developers skip MFA (config refuses that).
            "partner-writer": {
                trustedSources: [{ source: "partner", externalId: true }],
                permissions: { s3ReadWrite: { buckets: ["acme-data"], prefix: "incoming/" } },
            },
        },
        externalIds: { "partner-writer": EXTERNAL_ID },
    };
}

/** An IAM user of B (people: MFA applies) trusted by log-reader with MFA required. */
function operatorWithMfa(): ConfigObject {
    const config = baseConfig();
    config.sources = { operator: { kind: "user", path: "/people/" } };
    (config.targetRoles as any)["log-reader"].trustedSources = [{ source: "operator", mfa: true }];
    return config;
}

/** One IAM user of B trusted by `count` roles with long ARNs: its grant outgrows the user's 2048-character inline quota. */
function manyRolesConfig(count: number): ConfigObject {
    const targetRoles: Record<string, unknown> = {};
    for (let i = 1; i <= count; i++) {
        targetRoles[`reader-of-the-audit-trail-number-${String(i).padStart(2, "0")}`] = {
            path: "/cross-account/readers/of-the-audit-trail/in-the-eu-region/",
            trustedSources: ["auditor"],
            permissions: { s3ListAllBuckets: true },
        };
    }
    return { ...baseConfig(), sources: { auditor: { kind: "user", path: "/people/" } }, targetRoles };
}

/** A vendor's whole account (ExternalId) and an existing role of B: principals whose identity policies B manages elsewhere. */
function unmanagedSourcesConfig(externalId: string): ConfigObject {
    return {
        ...baseConfig(),
        sources: { vendor: { kind: "account-root" }, legacy: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/legacy-app`] } },
        targetRoles: {
            "vendor-reader": {
                path: "/vendors/",
                trustedSources: [{ source: "vendor", externalId: true }, "legacy"],
                permissions: { logsRead: { logGroups: ["/app/audit"] } },
            },
        },
        externalIds: { "vendor-reader": externalId },
    };
}

const aws = (resources: readonly RecordedResource[]) => resources.filter((x) => x.type.startsWith("aws:")).map((x) => `${x.type} ${x.name}`);

describe("access report (iam-simulate over the rendered documents)", () => {
    it("the default stacks pass every check: the EC2 role of B reads /app/cron in A and nothing else", async () => {
        const r = await report(baseConfig());
        assert.deepEqual(rows(r), [
            "PASS allow role /cross-account/log-shipper assumes log-reader (no condition required)",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            "PASS deny role /cross-account/log-shipper cannot assume /cross-account/other-role (its identity policy names only its roles)",
            "PASS allow logs:DescribeLogStreams on log group /app/cron",
            "PASS allow logs:FilterLogEvents on log group /app/cron",
            "PASS allow logs:GetLogEvents on a stream of /app/cron",
            "PASS deny logs:DeleteLogGroup on /app/cron is refused (not in the preset)",
            "PASS allow logs:DescribeLogGroups in eu-west-1",
            "PASS deny logs:DescribeLogGroups in us-east-1 is refused",
            "PASS deny logs:FilterLogEvents on another log group (/report/other-log-group) is refused",
        ]);
        assert.deepEqual([r.ok, r.passed, r.failed], [true, 11, 0]);
        assert.deepEqual(r.vocabulary, { actionsChecked: 5, conditionKeysChecked: 1, conditionOperatorsChecked: 1, problems: [] });
        assert.equal(
            r.roles[0].checks[0].why,
            "identity allows (aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles Sid AssumeTargetRoles); trust allows (trust Sid TrustLogShipperRev3c425e19b8)",
        );
    });

    it("several roles, every source kind and condition: all pass, each source with its own rows", async () => {
        const r = await report(richConfig());
        assert.deepEqual(failures(r), []);
        assert.deepEqual([r.ok, r.passed, r.failed, r.unproven, r.vocabulary.problems], [false, 74, 0, 2, []]);
        assert.deepEqual(rows(r, "log-reader").slice(0, 14), [
            "PASS allow role /ci/ci-runner assumes log-reader (no condition required)",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            "PASS deny role /ci/ci-runner cannot assume /cross-account/other-role (its identity policy names only its roles)",
            "PASS allow user /people/operator assumes log-reader with MFA (450 s old), org o-abcdefghij",
            "PASS allow user /people/operator tags its session (team)",
            "PASS deny user /people/operator without MFA is refused",
            "PASS deny user /people/operator with long-term keys (no MFA key in the request) is refused",
            "PASS deny user /people/operator with MFA older than 900 s is refused",
            "PASS deny user /people/operator from another organization (o-0000000000) is refused",
            "PASS deny user /people/operator tagging its session with unlisted-tag (not in allowedKeys) is refused",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            "PASS deny user /people/operator cannot assume /cross-account/other-role (its identity policy names only its roles)",
        ]);
        assert.deepEqual(rows(r, "table-backup").slice(0, 10), [
            "PASS allow role /ci/ci-runner assumes table-backup with a source identity",
            "PASS allow role /ci/ci-runner sets a source identity on table-backup",
            "PASS deny role /ci/ci-runner without a source identity is refused",
            "PASS deny role /ci/ci-runner with a source identity not allowed (unlisted-identity) is refused",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            "PASS deny role /ci/ci-runner cannot assume /other-role (its identity policy names only its roles)",
            "PASS allow A's trust lets existing arn:aws:iam::222222222222:role/legacy-app assume table-backup (no condition required)",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
        ]);
        assert.deepEqual(rows(r, "bucket-writer").slice(0, 8), [
            "PASS allow user/developers-member (in group /people/developers) assumes bucket-writer with MFA (1800 s old)",
            "PASS deny user/developers-member (in group /people/developers) without MFA is refused",
            "PASS deny user/developers-member (in group /people/developers) with long-term keys (no MFA key in the request) is refused",
            "PASS deny user/developers-member (in group /people/developers) with MFA older than 3600 s is refused",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS allow any IAM user of B granted AssumeRole (user/not-in-developers of B) assumes bucket-writer: A cannot check group membership",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            "PASS deny user/developers-member (in group /people/developers) cannot assume /other-role (its identity policy names only its roles)",
        ]);
        assert.deepEqual(rows(r, "partner-writer").slice(0, 5), [
            "PASS allow A's trust lets role/a-principal-of-b (account-root trust) assume partner-writer with its ExternalId",
            "PASS deny role/a-principal-of-b (account-root trust) without sts:ExternalId is refused",
            "PASS deny role/a-principal-of-b (account-root trust) with a wrong sts:ExternalId is refused",
            "PASS allow any other principal of B that B's admins allow (account-root trust) assumes partner-writer",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
        ]);
        const partnerWriter = r.roles.find((x) => x.role === "partner-writer")!;
        assert.deepEqual(partnerWriter.checks[0].context, { "sts:ExternalId": "[secret]" });
        assert.deepEqual(
            r.roles.flatMap((x) => x.checks.filter((c) => c.result === "UNPROVEN").map((c) => `${x.role}: ${c.title}: ${c.reason}`)),
            [
                "table-backup: existing arn:aws:iam::222222222222:role/legacy-app cannot assume another role of A (/other-role): the rendered policies give denied, but the report does not have B's identity policy for existing arn:aws:iam::222222222222:role/legacy-app (managed outside this program), which may allow this",
                "partner-writer: role/a-principal-of-b (account-root trust) cannot assume another role of A (/other-role): the rendered policies give denied, but the report does not have B's identity policy for role/a-principal-of-b (account-root trust) (managed outside this program), which may allow this",
            ],
        );
        assert.ok(!JSON.stringify(r).includes(EXTERNAL_ID));
        assert.ok(!formatAccessReport(r).includes(EXTERNAL_ID));
    });

    it("trust mode principal-arn: only the named ARN gets in; without its aws:PrincipalArn condition another role of B does too", async () => {
        const config = baseConfig();
        (config.targetRoles as any)["log-reader"].trustMode = "principal-arn";
        const ok = await report(config);
        assert.deepEqual(failures(ok), []);
        const dropped = await report(config, {
            a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => delete d.Statement[0].Condition),
        });
        assert.deepEqual(failures(dropped), ["another role of B (role/some-other-role) with the same request is refused => expected deny, got Allowed"]);
    });

    it("catches a permission Resource widened to *", async () => {
        const r = await report(baseConfig(), {
            a: editPolicy("aws:iam/rolePolicy:RolePolicy", "log-reader-permissions", "policy", (d) => (d.Statement[0].Resource = "*")),
        });
        assert.deepEqual(failures(r), ["logs:FilterLogEvents on another log group (/report/other-log-group) is refused => expected deny, got Allowed"]);
        assert.equal(r.ok, false);
        const text = formatAccessReport(r);
        assert.ok(
            text.includes(
                [
                    "  FAIL      deny    logs:FilterLogEvents on another log group (/report/other-log-group) is refused",
                    "            expected denied, got Allowed: identity allows (aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid ReadLogGroups)",
                    "            request: arn:aws:sts::111111111111:assumed-role/log-reader/report-session logs:FilterLogEvents arn:aws:logs:eu-west-1:111111111111:log-group:/report/other-log-group with aws:RequestedRegion=eu-west-1",
                ].join("\n"),
            ),
            text,
        );
        assert.match(text, /\n11 checks: 10 passed, 1 FAILED\. Report took \d+ ms\.\n$/);
    });

    it("catches a dropped ExternalId condition: B's root then lets everyone of B in", async () => {
        const config = richConfig();
        const r = await report(config, {
            a: editPolicy("aws:iam/role:Role", "partner-writer-role", "assumeRolePolicy", (d) => {
                for (const st of d.Statement) if (st.Condition?.StringEquals) delete st.Condition.StringEquals["sts:ExternalId"];
            }),
        });
        assert.deepEqual(failures(r), [
            "role/a-principal-of-b (account-root trust) without sts:ExternalId is refused => expected deny, got Allowed",
            "role/a-principal-of-b (account-root trust) with a wrong sts:ExternalId is refused => expected deny, got Allowed",
        ]);
    });

    it("catches B's AssumeRole grant widened to *", async () => {
        const r = await report(baseConfig(), {
            b: editPolicy("aws:iam/rolePolicy:RolePolicy", "log-shipper-assume-target-roles", "policy", (d) => (d.Statement[0].Resource = "*")),
        });
        assert.deepEqual(failures(r), [
            "role /cross-account/log-shipper cannot assume /cross-account/other-role (its identity policy names only its roles) => expected deny, got Allowed",
        ]);
        const check = r.roles[0].checks.find((c) => c.result === "FAIL")!;
        assert.equal(
            check.why,
            "identity allows (aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles Sid AssumeTargetRoles); trust allows (trust Sid TrustAllOfB)",
        );
    });

    it("catches a missing MFA condition, naming the trust statement that let the request in", async () => {
        const r = await report(operatorWithMfa(), {
            a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => delete d.Statement[0].Condition),
        });
        assert.deepEqual(failures(r), [
            "user /people/operator without MFA is refused => expected deny, got Allowed",
            "user /people/operator with long-term keys (no MFA key in the request) is refused => expected deny, got Allowed",
            "user /people/operator with MFA older than 3600 s is refused => expected deny, got Allowed",
        ]);
        assert.match(r.roles[0].checks.find((c) => c.result === "FAIL")!.why, /; trust allows \(trust Sid TrustOperator\w*\)$/);
    });

    it("requires MFA when the MFA keys are absent (long-term keys), not only when aws:MultiFactorAuthPresent is false", async () => {
        const ok = await report(operatorWithMfa());
        assert.deepEqual(rows(ok).slice(0, 4), [
            "PASS allow user /people/operator assumes log-reader with MFA (1800 s old)",
            "PASS deny user /people/operator without MFA is refused",
            "PASS deny user /people/operator with long-term keys (no MFA key in the request) is refused",
            "PASS deny user /people/operator with MFA older than 3600 s is refused",
        ]);
        const absent = ok.roles[0].checks[2];
        assert.deepEqual([absent.decision, absent.context], ["ImplicitlyDenied", {}]);
        // The classic slip: ...IfExists conditions are met by a request that carries no MFA key at all.
        const ifExists = await report(operatorWithMfa(), {
            a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => {
                const c = d.Statement[0].Condition!;
                c.BoolIfExists = c.Bool;
                c.NumericLessThanIfExists = c.NumericLessThan;
                delete c.Bool;
                delete c.NumericLessThan;
            }),
        });
        assert.deepEqual(failures(ifExists), [
            "user /people/operator with long-term keys (no MFA key in the request) is refused => expected deny, got Allowed",
        ]);
    });

    it("a source whose identity policy was not rendered cannot assume the role, and the report says why", async () => {
        const r = await report(baseConfig(), { b: (resources) => resources.filter((x) => x.type !== "aws:iam/rolePolicy:RolePolicy") });
        assert.deepEqual(failures(r), ["role /cross-account/log-shipper assumes log-reader (no condition required) => expected allow, got ImplicitlyDenied"]);
        assert.equal(r.roles[0].checks[0].why, "identity: no policy rendered for this principal; trust allows (trust Sid TrustLogShipperRev3c425e19b8)");
    });

    it("reports unknown actions and condition keys in any rendered policy as errors", async () => {
        const r = await report(baseConfig(), {
            a: editPolicy("aws:iam/rolePolicy:RolePolicy", "log-reader-permissions", "policy", (d) =>
                d.Statement.push({
                    Sid: "Typo",
                    Effect: "Allow",
                    Action: "logs:ReadEverything",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:MadeUpKey": "x" } },
                }),
            ),
        });
        assert.equal(r.ok, false);
        assert.deepEqual(r.vocabulary.problems, [
            {
                stack: "account-a",
                where: "aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid Typo",
                kind: "action",
                value: "logs:ReadEverything",
                message: "unknown action of logs",
            },
            {
                stack: "account-a",
                where: "aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid Typo",
                kind: "condition-key",
                value: "aws:MadeUpKey",
                message: "unknown condition key",
            },
        ]);
        assert.match(
            formatAccessReport(r),
            /\n {2}ERROR {2}account-a aws:iam\/rolePolicy:RolePolicy log-reader-permissions Sid Typo: action logs:ReadEverything: unknown action of logs\n/,
        );
    });
    it("a user source trusted by 50 roles, its grant split into attached managed policies, passes every check", async () => {
        const config = manyRolesConfig(50);
        const { a, b } = await renderBoth(config);
        assert.deepEqual(aws(b.resources), [
            "aws:iam/user:User auditor-user",
            "aws:iam/policy:Policy auditor-assume-target-roles-1",
            "aws:iam/policy:Policy auditor-assume-target-roles-2",
            "aws:iam/userPolicyAttachment:UserPolicyAttachment auditor-assume-target-roles-1",
            "aws:iam/userPolicyAttachment:UserPolicyAttachment auditor-assume-target-roles-2",
        ]);
        const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
        const build = (sourceResources: RecordedResource[]) =>
            buildAccessReport({ config: cfg, sourceResources, targetResources: a.resources, secretValues: [] });
        const r = await build(b.resources);
        assert.deepEqual(failures(r), []);
        assert.deepEqual([r.ok, r.passed, r.failed, r.unproven], [true, 300, 0, 0]);
        assert.equal(
            r.roles[0].checks[0].why,
            "identity allows (aws:iam/policy:Policy auditor-assume-target-roles-1 Sid AssumeTargetRoles); trust allows (trust Sid TrustAuditorReve8a4a1b772)",
        );
        assert.equal(
            r.roles[49].checks[0].why,
            "identity allows (aws:iam/policy:Policy auditor-assume-target-roles-2 Sid AssumeTargetRoles); trust allows (trust Sid TrustAuditorReve8a4a1b772)",
        );
        assert.deepEqual(r.roles[49].notes, []);

        // Without part 2's document, the roles it grants are refused; the rows that part 2 could still change are UNPROVEN.
        const part2 = b.resources.find((x) => x.type === "aws:iam/policy:Policy" && x.name === "auditor-assume-target-roles-2")!;
        const inPart2 = (JSON.parse(part2.inputs.policy as string) as PolicyDocument).Statement[0].Resource as string[];
        const dropped = await build(b.resources.filter((x) => x !== part2));
        assert.deepEqual(
            failures(dropped),
            inPart2.map((arn) => `user /people/auditor assumes ${arn.split("/").pop()} (no condition required) => expected allow, got ImplicitlyDenied`),
        );
        const unread = "managed policy arn:aws:iam::222222222222:policy/people/auditor-assume-target-roles-2 attached to user /people/auditor in B";
        const unproven = (role: number) => dropped.roles[role].checks.filter((c) => c.result === "UNPROVEN").map((c) => `${c.title}: ${c.reason}`);
        assert.deepEqual(unproven(0), [
            `user /people/auditor assumes ${r.roles[0].role} (no condition required): the rendered policies give Allowed, but the report does not have ${unread}, which may deny this`,
            `user /people/auditor cannot assume /cross-account/readers/of-the-audit-trail/in-the-eu-region/other-role (its identity policy names only its roles): the rendered policies give denied, but the report does not have ${unread}, which may allow this`,
        ]);
        assert.deepEqual(unproven(49), [
            `user /people/auditor cannot assume /cross-account/readers/of-the-audit-trail/in-the-eu-region/other-role (its identity policy names only its roles): the rendered policies give denied, but the report does not have ${unread}, which may allow this`,
        ]);
        // Per role: its allow row (part 1's roles; part 2's fail) and its cannot-assume-another-role row are UNPROVEN.
        assert.deepEqual([dropped.failed, dropped.unproven, dropped.passed], [inPart2.length, 100 - inPart2.length, 200]);
    });

    it("a principal whose identity policy B manages elsewhere: A's trust is proven, cannot-assume-another-role is UNPROVEN and counted apart", async () => {
        const r = await report(unmanagedSourcesConfig(EXTERNAL_ID));
        const text = formatAccessReport(r);
        assert.ok(
            text.includes(
                [
                    "  PASS      allow   A's trust lets role/a-principal-of-b (account-root trust) assume vendor-reader with its ExternalId",
                    "            note: identity policy of role/a-principal-of-b (account-root trust) is not managed by this program; assumed: B's admins grant sts:AssumeRole on arn:aws:iam::111111111111:role/vendors/vendor-reader",
                    "  PASS      deny    role/a-principal-of-b (account-root trust) without sts:ExternalId is refused",
                    "  PASS      deny    role/a-principal-of-b (account-root trust) with a wrong sts:ExternalId is refused",
                    "  PASS      allow   any other principal of B that B's admins allow (account-root trust) assumes vendor-reader",
                    "  PASS      deny    a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
                    "  UNPROVEN  deny    role/a-principal-of-b (account-root trust) cannot assume another role of A (/vendors/other-role)",
                    "            unproven: the rendered policies give denied, but the report does not have B's identity policy for role/a-principal-of-b (account-root trust) (managed outside this program), which may allow this",
                    "  PASS      allow   A's trust lets existing arn:aws:iam::222222222222:role/legacy-app assume vendor-reader (no condition required)",
                ].join("\n"),
            ),
            text,
        );
        assert.ok(
            text.includes(
                [
                    "  PASS      deny    a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
                    "  UNPROVEN  deny    existing arn:aws:iam::222222222222:role/legacy-app cannot assume another role of A (/vendors/other-role)",
                    "            unproven: the rendered policies give denied, but the report does not have B's identity policy for existing arn:aws:iam::222222222222:role/legacy-app (managed outside this program), which may allow this",
                    "  PASS      allow   logs:DescribeLogStreams on log group /app/audit",
                ].join("\n"),
            ),
            text,
        );
        assert.deepEqual([r.ok, r.passed, r.failed, r.unproven], [false, 15, 0, 2]);
        assert.match(text, /^Access report: 17 IAM simulations /);
        assert.match(text, /\n17 checks: 15 passed, 2 UNPROVEN \(the report cannot decide them: see the reason under each\)\. Report took \d+ ms\.\n$/);
    });

    it("hides a 2-character ExternalId (eu) where it is the ExternalId, and leaves eu-west-1 and ARNs intact", async () => {
        const config = unmanagedSourcesConfig("eu");
        const r = await report(
            config,
            // The trust wants another value: the allow row fails and prints its request, ExternalId included.
            {
                a: editPolicy("aws:iam/role:Role", "vendor-reader-role", "assumeRolePolicy", (d) => {
                    d.Statement[0].Condition!.StringEquals["sts:ExternalId"] = "eu-other";
                }),
            },
            ["eu"],
        );
        const text = formatAccessReport(r);
        assert.ok(
            text.includes(
                [
                    "  FAIL      allow   A's trust lets role/a-principal-of-b (account-root trust) assume vendor-reader with its ExternalId",
                    "            expected Allowed, got ImplicitlyDenied: identity allows (report: B's admins grant AssumeRole on arn:aws:iam::111111111111:role/vendors/vendor-reader Sid ReportAssumedGrant); trust: no statement matches (trust Sid TrustVendor: condition not met: StringEquals sts:ExternalId; trust Sid TrustLegacy: principal does not match)",
                    "            request: arn:aws:sts::222222222222:assumed-role/a-principal-of-b/report-session sts:AssumeRole arn:aws:iam::111111111111:role/vendors/vendor-reader with sts:ExternalId=[secret]",
                ].join("\n"),
            ),
            text,
        );
        assert.ok(text.includes("  PASS      allow   logs:DescribeLogGroups in eu-west-1\n"), text);
        assert.ok(!text.includes("[secret]-"), text);
        assert.deepEqual(r.roles[0].checks[0].context, { "sts:ExternalId": "[secret]" });
    });
});

describe("access report: documents and redaction (pure)", () => {
    const resource = (type: string, name: string, inputs: Record<string, unknown>): RecordedResource => ({ type, name, inputs, secretPaths: [] });
    const grant = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "G", Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] });

    it("a principal's identity policies are its inline ones, then the rendered managed ones attached to it; other attachments are listed", () => {
        const resources = [
            resource("aws:iam/rolePolicy:RolePolicy", "job-inline", { role: "job", policy: grant }),
            resource("aws:iam/policy:Policy", "job-grant-1", { name: "job-grant-1", path: "/jobs/", policy: grant }),
            resource("aws:iam/policy:Policy", "same-name-other-path", { name: "job-grant-1", path: "/other/", policy: grant }),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "job-grant-1", {
                role: "job",
                policyArn: "arn:aws:iam::222222222222:policy/jobs/job-grant-1",
            }),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "job-readonly", { role: "job", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "other-grant", {
                role: "other",
                policyArn: "arn:aws:iam::222222222222:policy/other/job-grant-1",
            }),
            resource("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "job-group", {
                group: "job",
                policyArn: "arn:aws:iam::222222222222:policy/jobs/job-grant-1",
            }),
        ];
        const found = identityPoliciesOf(resources, "role", "job");
        assert.deepEqual(
            found.policies.map((p) => p.origin),
            ["aws:iam/rolePolicy:RolePolicy job-inline", "aws:iam/policy:Policy job-grant-1"],
        );
        assert.deepEqual(found.unresolved, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
        assert.deepEqual(
            identityPoliciesOf(resources, "group", "job").policies.map((p) => p.origin),
            ["aws:iam/policy:Policy job-grant-1"],
        );
    });

    it("hides a secret only as a whole token, the way ExternalIds are embedded, so a 2-character one mangles nothing", () => {
        const s = ["eu"];
        assert.equal(redactText("eu", s), "[secret]");
        assert.equal(
            redactText("aws sts assume-role --role-arn arn:aws:iam::111111111111:role/eu --external-id eu --region eu-west-1", s),
            "aws sts assume-role --role-arn arn:aws:iam::111111111111:role/eu --external-id [secret] --region eu-west-1",
        );
        assert.equal(
            redactText("role_arn = arn:aws:iam::1:role/x\nexternal_id = eu\nregion = eu-west-1", s),
            "role_arn = arn:aws:iam::1:role/x\nexternal_id = [secret]\nregion = eu-west-1",
        );
        assert.equal(redactText("--external-id 'eu' AWS_EXTERNAL_ID=eu", s), "--external-id '[secret]' AWS_EXTERNAL_ID=[secret]");
        assert.equal(
            redactText("arn:aws:logs:eu-west-1:111111111111:log-group:/eu/app eu.example eu@x", s),
            "arn:aws:logs:eu-west-1:111111111111:log-group:/eu/app eu.example eu@x",
        );
    });

    it("replaces the longest secret first and never re-reads a replacement", () => {
        assert.equal(redactText("a abc-def b abc c secret", ["abc", "abc-def", "secret"]), "a [secret] b [secret] c [secret]");
    });

    it("hides the whole string when a secret of 8 or more characters is left inside a longer token", () => {
        assert.equal(redactText("arn:aws:iam::111111111111:role/x-long-secret-1-y", ["long-secret-1"]), "[secret]");
        assert.equal(redactText("arn:aws:iam::111111111111:role/x-short-y", ["short"]), "arn:aws:iam::111111111111:role/x-short-y");
    });
});

describe("access report: UNPROVEN rows, for what the report does not have", () => {
    const unprovenRows = (r: AccessReport) =>
        r.roles.flatMap((x) => x.checks.filter((c) => c.result === "UNPROVEN").map((c) => `${c.expect} ${c.title}: ${c.reason}`));
    /** An attachment of an AWS managed policy to log-reader, as a render would record it: its document is not in the render. */
    const attach =
        (policyArn: string): Mutation =>
        (resources) => [
            ...resources,
            {
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: "log-reader-extra",
                inputs: { role: "log-reader", policyArn },
                secretPaths: [],
            },
        ];

    it("AdministratorAccess attached to the role: every permission row is UNPROVEN, not PASS, and the report is not all pass", async () => {
        const r = await report(baseConfig(), { a: attach("arn:aws:iam::aws:policy/AdministratorAccess") });
        const unread = "AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess attached to role log-reader";
        assert.deepEqual(unprovenRows(r), [
            `allow logs:DescribeLogStreams on log group /app/cron: the rendered policies give Allowed, but the report does not have ${unread}, which may deny this`,
            `allow logs:FilterLogEvents on log group /app/cron: the rendered policies give Allowed, but the report does not have ${unread}, which may deny this`,
            `allow logs:GetLogEvents on a stream of /app/cron: the rendered policies give Allowed, but the report does not have ${unread}, which may deny this`,
            `deny logs:DeleteLogGroup on /app/cron is refused (not in the preset): the rendered policies give denied, but the report does not have ${unread}, which may allow this`,
            `allow logs:DescribeLogGroups in eu-west-1: the rendered policies give Allowed, but the report does not have ${unread}, which may deny this`,
            `deny logs:DescribeLogGroups in us-east-1 is refused: the rendered policies give denied, but the report does not have ${unread}, which may allow this`,
            `deny logs:FilterLogEvents on another log group (/report/other-log-group) is refused: the rendered policies give denied, but the report does not have ${unread}, which may allow this`,
            `deny log-reader may do nothing beyond its rendered policies: the report does not have ${unread}, which may allow anything`,
        ]);
        assert.deepEqual([r.ok, r.passed, r.failed, r.unproven], [false, 4, 0, 8]);
        const text = formatAccessReport(r);
        assert.ok(
            text.includes(
                [
                    "  UNPROVEN  deny    log-reader may do nothing beyond its rendered policies",
                    `            unproven: the report does not have ${unread}, which may allow anything`,
                ].join("\n"),
            ),
            text,
        );
        assert.match(text, /\n12 checks: 4 passed, 8 UNPROVEN \(the report cannot decide them: see the reason under each\)\. Report took \d+ ms\.\n$/);
        assert.match(text, /^Access report: 11 IAM simulations /);
    });

    it("a customer managed policy in config (managedPolicyArns) leaves the same rows UNPROVEN; the trust rows stay proven", async () => {
        const config = baseConfig();
        (config.targetRoles as any)["log-reader"].permissions.managedPolicyArns = ["arn:aws:iam::111111111111:policy/team/extra-reads"];
        const r = await report(config);
        assert.deepEqual(
            r.roles[0].checks.map((c) => `${c.result} ${c.kind}`),
            [
                "PASS trusted-source",
                "PASS other-principal",
                "PASS other-principal",
                "PASS other-role",
                ...["UNPROVEN permission", "UNPROVEN permission", "UNPROVEN permission", "UNPROVEN outside-permission"],
                ...["UNPROVEN permission", "UNPROVEN outside-permission", "UNPROVEN outside-permission", "UNPROVEN outside-permission"],
            ],
        );
        for (const row of [10, 11]) {
            assert.deepEqual(r.roles[0].checks[row].dependsOn, [
                "managed policy arn:aws:iam::111111111111:policy/team/extra-reads attached to role log-reader",
            ]);
        }
    });

    it("a permissions boundary only narrows: allow rows are UNPROVEN, deny rows stay PASS", async () => {
        const config = baseConfig();
        (config.targetRoles as any)["log-reader"].permissionsBoundary = "arn:aws:iam::111111111111:policy/boundary";
        const r = await report(config);
        const boundary = "permissions boundary arn:aws:iam::111111111111:policy/boundary of role log-reader";
        assert.deepEqual(
            r.roles[0].checks
                .filter((c) => c.kind === "permission" || c.kind === "outside-permission")
                .map((c) => `${c.result} ${c.expect} ${c.dependsOn.join()}`),
            [
                `UNPROVEN allow ${boundary}`,
                `UNPROVEN allow ${boundary}`,
                `UNPROVEN allow ${boundary}`,
                "PASS deny ",
                `UNPROVEN allow ${boundary}`,
                "PASS deny ",
                "PASS deny ",
            ],
        );
    });

    it("a boundary on B's user makes its allow rows UNPROVEN; the rows A's trust refuses on its own stay PASS", async () => {
        const config = operatorWithMfa();
        (config.sources as any).operator.permissionsBoundary = "arn:aws:iam::222222222222:policy/people-boundary";
        const r = await report(config);
        assert.deepEqual(rows(r).slice(0, 8), [
            "UNPROVEN allow user /people/operator assumes log-reader with MFA (1800 s old)",
            "PASS deny user /people/operator without MFA is refused",
            "PASS deny user /people/operator with long-term keys (no MFA key in the request) is refused",
            "PASS deny user /people/operator with MFA older than 3600 s is refused",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            "PASS deny user /people/operator cannot assume /cross-account/other-role (its identity policy names only its roles)",
            "PASS allow logs:DescribeLogStreams on log group /app/cron",
        ]);
    });

    it("an AWS managed policy attached to B's principal: the row its identity decides is UNPROVEN, the rows A's trust refuses stay PASS", async () => {
        const config = operatorWithMfa();
        const r = await report(config, {
            b: (resources) => [
                ...resources,
                {
                    type: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
                    name: "operator-admin",
                    inputs: { user: "operator", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
                    secretPaths: [],
                },
            ],
        });
        assert.deepEqual(rows(r).slice(0, 7), [
            "UNPROVEN allow user /people/operator assumes log-reader with MFA (1800 s old)",
            "PASS deny user /people/operator without MFA is refused",
            "PASS deny user /people/operator with long-term keys (no MFA key in the request) is refused",
            "PASS deny user /people/operator with MFA older than 3600 s is refused",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            "UNPROVEN deny user /people/operator cannot assume /cross-account/other-role (its identity policy names only its roles)",
        ]);
        assert.equal(
            r.roles[0].checks[6].reason,
            "the rendered policies give denied, but the report does not have AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess attached to user /people/operator in B, which may allow this",
        );
    });

    it("a drifted document still FAILS when a document the report lacks is also attached: FAIL wins over UNPROVEN", async () => {
        const r = await report(baseConfig(), {
            a: (resources) =>
                attach("arn:aws:iam::aws:policy/ReadOnlyAccess")(
                    editPolicy("aws:iam/rolePolicy:RolePolicy", "log-reader-permissions", "policy", (d) => (d.Statement[0].Resource = "*"))(resources),
                ),
        });
        assert.deepEqual(failures(r), ["logs:FilterLogEvents on another log group (/report/other-log-group) is refused => expected deny, got Allowed"]);
    });
});

describe("access report: probes never collide with configured names", () => {
    /** Every former fixed probe name, configured: each probe must move away from it, case-insensitively, and still test something. */
    function collidingConfig(): ConfigObject {
        return {
            targetAccountId: ACCOUNT_A,
            sourceAccountId: ACCOUNT_B,
            "aws:region": "eu-west-1",
            sources: {
                "some-other-role": { kind: "service-role", service: "ec2" },
                "another-role-of-b": { kind: "service-role", service: "lambda" },
                "a-principal-of-b": { kind: "service-role", service: "lambda" },
                outsider: { kind: "user" },
                "developers-member": { kind: "user" },
                "not-in-developers": { kind: "user" },
                developers: { kind: "group" },
                vendor: { kind: "account-root" },
            },
            targetRoles: {
                "other-role": {
                    trustedSources: ["some-other-role", { source: "developers", mfa: true }],
                    permissions: { logsRead: { logGroups: ["/report/other-log-group"] } },
                },
                "OTHER-ROLE-2": {
                    trustedSources: [
                        { source: "another-role-of-b", sourceIdentity: { allowed: ["unlisted-identity"] } },
                        { source: "outsider", sessionTags: { allowedKeys: ["unlisted-tag"] } },
                    ],
                    permissions: {
                        dynamodbBackup: { tables: ["report-other-table"] },
                        s3Read: { buckets: ["report-other-bucket"], prefix: "outside-prefix/" },
                    },
                },
                "vendor-reader": { trustedSources: [{ source: "vendor", externalId: true }], permissions: { s3ListAllBuckets: true } },
            },
            externalIds: { "vendor-reader": "wrong-external-id" },
        };
    }

    it("renames every probe that a configured name takes, and every row still passes", async () => {
        const r = await report(collidingConfig(), {}, ["wrong-external-id"]);
        assert.deepEqual(failures(r), []);
        const titles = rows(r);
        for (const expected of [
            "PASS deny role /some-other-role cannot assume /other-role-3 (its identity policy names only its roles)",
            "PASS deny another role of B (role/some-other-role-2) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider-2) is refused",
            "PASS allow user/developers-member-2 (in group /developers) assumes other-role with MFA (1800 s old)",
            "PASS allow any IAM user of B granted AssumeRole (user/not-in-developers-2 of B) assumes other-role: A cannot check group membership",
            "PASS deny logs:FilterLogEvents on another log group (/report/other-log-group-2) is refused",
            "PASS deny role /another-role-of-b with a source identity not allowed (unlisted-identity-2) is refused",
            "PASS deny user /outsider tagging its session with unlisted-tag-2 (not in allowedKeys) is refused",
            "PASS deny dynamodb:DescribeTable on another table (report-other-table-2) is refused",
            "PASS deny s3:GetObject on another bucket (report-other-bucket-2) is refused",
            "PASS deny s3:GetObject on report-other-bucket/report-outside/* (outside outside-prefix/) is refused",
            "PASS allow A's trust lets role/a-principal-of-b-2 (account-root trust) assume vendor-reader with its ExternalId",
            "PASS allow any other principal of B that B's admins allow (account-root trust) assumes vendor-reader",
            "PASS deny role/a-principal-of-b-2 (account-root trust) with a wrong sts:ExternalId is refused",
        ]) {
            assert.ok(titles.includes(expected), `${expected}\nnot in:\n${titles.join("\n")}`);
        }
        const vendor = r.roles.find((x) => x.role === "vendor-reader")!;
        const other = vendor.checks.find((c) => c.kind === "other-principal" && c.expect === "allow")!;
        assert.equal(other.principal, "arn:aws:sts::222222222222:assumed-role/another-role-of-b-2/report-session");
        const wrong = vendor.checks.find((c) => c.title.endsWith("with a wrong sts:ExternalId is refused"))!;
        assert.deepEqual(wrong.context, { "sts:ExternalId": "(!)" });

        // other-role and OTHER-ROLE-2 are configured (IAM names are case-insensitive): "cannot assume" names a role that is not.
        const shipper = r.roles.find((x) => x.role === "other-role")!.checks.find((c) => c.kind === "other-role")!;
        assert.equal(shipper.resource, "arn:aws:iam::111111111111:role/other-role-3");
    });
});

describe("access report: no allow-list makes it run forever", () => {
    const withSourceIdentity = (allowed: string[]): ConfigObject => {
        const config = baseConfig();
        (config.targetRoles as any)["log-reader"].trustedSources = [{ source: "log-shipper", sourceIdentity: { allowed } }];
        return config;
    };

    it("sourceIdentity.allowed un* (which matches unlisted-identity): the refused value is built to match no pattern", async () => {
        const r = await report(withSourceIdentity(["un*"]));
        assert.deepEqual(failures(r), []);
        assert.ok(rows(r).includes("PASS deny role /cross-account/log-shipper with a source identity not allowed (aa) is refused"), rows(r).join("\n"));
    });

    it("an allow-list that matches every source identity (??*) refuses nothing: its row is UNPROVEN, not searched for", async () => {
        // Config refuses such a pattern; the report must not trust that, and cannot hang on it either.
        const allowed = ["nightly-*", "??*"];
        const conditions = { externalId: false, sourceIdentity: { required: true, allowed }, unsafeAllowUnconditionalAccountTrust: false };
        const mutations = conditionMutations(conditions, { "sts:SourceIdentity": "nightly-x" });
        assert.deepEqual(mutations[1], {
            title: "with a source identity not allowed is refused",
            context: { "sts:SourceIdentity": "nightly-x" },
            action: "sts:AssumeRole",
            untestable:
                "no source identity is outside sourceIdentity.allowed (nightly-*, ??*): its patterns match every value (as * does), so the allow-list refuses nothing",
        });
        const config = withSourceIdentity(["nightly-*"]);
        const { a, b } = await renderBoth(config);
        const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
        cfg.targetRoles[0].trustedSources[0].conditions.sourceIdentity = { required: true, allowed };
        const r = await buildAccessReport({ config: cfg, sourceResources: b.resources, targetResources: a.resources, secretValues: [] });
        const row = r.roles[0].checks.find((c) => c.title.endsWith("with a source identity not allowed is refused"))!;
        assert.deepEqual([row.result, row.decision, row.reason], ["UNPROVEN", "NotSimulated", mutations[1].untestable]);
        assert.ok(formatAccessReport(r).startsWith(`Access report: ${r.roles[0].checks.length - 1} IAM simulations `));
    });
});

describe("access report: condition operators are vocabulary too", () => {
    it("a rendered statement with StringEqualsIfExist (a typo) is a vocabulary error naming the operator it meant", async () => {
        const r = await report(baseConfig(), {
            a: editPolicy("aws:iam/rolePolicy:RolePolicy", "log-reader-permissions", "policy", (d) =>
                d.Statement.push({
                    Sid: "Typo",
                    Effect: "Allow",
                    Action: "logs:FilterLogEvents",
                    Resource: "arn:aws:logs:eu-west-1:111111111111:log-group:/app/cron",
                    Condition: { StringEqualsIfExist: { "aws:RequestedRegion": "eu-west-1" }, "ForAnyValue:StringLike": { "aws:TagKeys": "team*" } },
                }),
            ),
        });
        assert.deepEqual(r.vocabulary.problems, [
            {
                stack: "account-a",
                where: "aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid Typo",
                kind: "condition-operator",
                value: "StringEqualsIfExist",
                message: "unknown condition operator (did you mean StringEqualsIfExists?)",
            },
        ]);
        assert.deepEqual([r.ok, r.vocabulary.conditionOperatorsChecked], [false, 3]);
        const text = formatAccessReport(r);
        assert.ok(
            text.includes(
                [
                    "Policy vocabulary: 1 unknown (checked 5 actions, 2 condition keys, 3 condition operators):",
                    "  ERROR  account-a aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid Typo: condition-operator StringEqualsIfExist: unknown condition operator (did you mean StringEqualsIfExists?)",
                    "11 checks: 11 passed, 1 policy vocabulary error. Report took ",
                ].join("\n"),
            ),
            text,
        );
    });

    it("every operator the program writes in its own documents is IAM's", async () => {
        const config = richConfig();
        (config.targetRoles as any)["table-backup"].trustedSources[0].sourceIdentity = { required: false, allowed: ["nightly-*"] };
        const { a, b } = await renderBoth(config);
        const operators = new Set(
            allPolicies([...a.resources, ...b.resources]).flatMap((p) => p.document.Statement.flatMap((st) => Object.keys(st.Condition ?? {}))),
        );
        assert.deepEqual([...operators].sort(), [
            "ArnEquals",
            "ArnLike",
            "Bool",
            "ForAllValues:StringEquals",
            "NumericLessThan",
            "StringEquals",
            "StringLike",
            "StringLikeIfExists",
        ]);
        const r = await report(config);
        assert.deepEqual([r.vocabulary.problems, r.vocabulary.conditionOperatorsChecked], [[], operators.size]);
    });
});

describe("access report: redacted as out/*.json are", () => {
    it("every string it prints goes through redaction: titles, reasons, requests, notes and vocabulary lines", async () => {
        // Config text declared secret here stands for a secret that could reach each of those places.
        const config = operatorWithMfa();
        (config.targetRoles as any)["log-reader"].trustedSources = [
            { source: "operator", mfa: true, principalOrgId: "o-abcdefghij" },
            { source: "vendor", externalId: true, mfa: true, principalOrgId: "o-abcdefghij" },
        ];
        (config.sources as any).vendor = { kind: "account-root" };
        config.externalIds = { "log-reader": EXTERNAL_ID };
        const secrets = [EXTERNAL_ID, "o-abcdefghij", "ReadLogGroups", "logs:ReadEverything", "arn:aws:iam::aws:policy/ReadOnlyAccess", "/app/cron"];
        const r = await report(
            config,
            {
                a: (resources) => [
                    ...editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => {
                        // The vendor's statement wants another ExternalId: its allow row FAILS and prints the request, ExternalId included.
                        const vendor = d.Statement.find((st) => JSON.stringify(st).includes("sts:ExternalId"))!;
                        vendor.Condition!.StringEquals["sts:ExternalId"] = "another-external-id";
                    })(
                        editPolicy("aws:iam/rolePolicy:RolePolicy", "log-reader-permissions", "policy", (d) =>
                            d.Statement.push({ Sid: "Typo", Effect: "Allow", Action: "logs:ReadEverything", Resource: "*" }),
                        )(resources),
                    ),
                    {
                        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                        name: "log-reader-readonly",
                        inputs: { role: "log-reader", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
                        secretPaths: [],
                    },
                ],
            },
            secrets,
        );
        const text = formatAccessReport(r);
        const json = JSON.stringify(r);
        for (const secret of secrets) {
            assert.ok(!text.includes(secret), `${secret} in the text report:\n${text}`);
            assert.ok(!json.includes(secret), `${secret} in the JSON report`);
        }
        // Each of those places was reached, and shows the mark instead.
        assert.ok(r.roles[0].checks.some((c) => c.result === "FAIL" && c.context["sts:ExternalId"] === "[secret]"));
        assert.ok(
            r.roles[0].checks.some(
                (c) => c.reason === "the report does not have AWS managed policy [secret] attached to role log-reader, which may allow anything",
            ),
        );
        assert.ok(text.includes("org [secret]"), text);
        assert.deepEqual(r.vocabulary.problems[0].value, "[secret]");
    });
});
