/**
 * The access report (tools/access-report/report.ts): iam-simulate over the rendered documents proves
 * who can do what, row by row, for every source kind and condition, a grant split across managed
 * policies and principals B manages elsewhere; and it never shows an ExternalId.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import type { PolicyDocument } from "../../lib/model/policy";
import { buildAccessReport, formatAccessReport } from "../../tools/access-report/report";
import type { RecordedResource } from "../../tools/shared/mock-runtime";
import { EXTERNAL_ID, editPolicy, failures, report, richConfig, rows } from "../support/access-report";
import { ACCOUNT_B, ConfigObject, PROJECT, baseConfig, flatten, renderBoth } from "../support/harness";

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
            `user /people/auditor cannot assume /cross-account/readers/of-the-audit-trail/in-the-eu-region/other-role (its rendered identity policies name only its roles): the rendered policies give denied, but the report does not have ${unread}, which may allow this`,
        ]);
        assert.deepEqual(unproven(49), [
            `user /people/auditor cannot assume /cross-account/readers/of-the-audit-trail/in-the-eu-region/other-role (its rendered identity policies name only its roles): the rendered policies give denied, but the report does not have ${unread}, which may allow this`,
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
