/**
 * The access report (tools/access-report.ts): iam-simulate over the rendered documents proves who can
 * do what, and catches a rendered policy that drifted from the config's intent.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config";
import type { PolicyDocument } from "../lib/iam";
import { AccessReport, buildAccessReport, formatAccessReport } from "../tools/access-report";
import type { RecordedResource } from "../tools/mock-runtime";
import { ACCOUNT_A, ACCOUNT_B, ConfigObject, PROJECT, baseConfig, flatten, renderBoth } from "./harness";

const EXTERNAL_ID = "ext-id-for-tests-1";

async function report(config: ConfigObject, mutate: { a?: Mutation; b?: Mutation } = {}): Promise<AccessReport> {
    const { a, b } = await renderBoth(config);
    const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
    return buildAccessReport({
        config: cfg,
        sourceResources: mutate.b ? mutate.b(b.resources) : b.resources,
        targetResources: mutate.a ? mutate.a(a.resources) : a.resources,
        secretValues: [EXTERNAL_ID],
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
    r.roles.filter((x) => role === undefined || x.role === role).flatMap((x) => x.checks.map((c) => `${c.pass ? "PASS" : "FAIL"} ${c.expect} ${c.title}`));
const failures = (r: AccessReport) =>
    r.roles.flatMap((x) => x.checks.filter((c) => !c.pass).map((c) => `${c.title} => expected ${c.expect}, got ${c.decision}`));

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
                trustedSources: [
                    { source: "developers", mfa: true },
                    { source: "partner", externalId: true },
                ],
                permissions: { s3ReadWrite: { buckets: ["acme-data"], prefix: "incoming/" }, s3ListAllBuckets: true },
            },
        },
        externalIds: { "bucket-writer": EXTERNAL_ID },
    };
}

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
        assert.deepEqual(r.vocabulary, { actionsChecked: 5, conditionKeysChecked: 1, problems: [] });
        assert.equal(
            r.roles[0].checks[0].why,
            "identity allows (aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles Sid AssumeTargetRoles); trust allows (trust Sid TrustLogShipperRev3c425e19b8)",
        );
    });

    it("several roles, every source kind and condition: all pass, each source with its own rows", async () => {
        const r = await report(richConfig());
        assert.deepEqual(failures(r), []);
        assert.deepEqual([r.ok, r.passed, r.vocabulary.problems], [true, 64, []]);
        assert.deepEqual(rows(r, "log-reader").slice(0, 13), [
            "PASS allow role /ci/ci-runner assumes log-reader (no condition required)",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            "PASS deny role /ci/ci-runner cannot assume /cross-account/other-role (its identity policy names only its roles)",
            "PASS allow user /people/operator assumes log-reader with MFA (450 s old), org o-abcdefghij",
            "PASS allow user /people/operator tags its session (team)",
            "PASS deny user /people/operator without MFA is refused",
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
            "PASS allow existing arn:aws:iam::222222222222:role/legacy-app assumes table-backup (no condition required)",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
        ]);
        assert.deepEqual(rows(r, "bucket-writer").slice(0, 12), [
            "PASS allow user/developers-member (in group /people/developers) assumes bucket-writer with MFA (1800 s old)",
            "PASS deny user/developers-member (in group /people/developers) without MFA is refused",
            "PASS deny user/developers-member (in group /people/developers) with MFA older than 3600 s is refused",
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS allow any IAM user of B granted AssumeRole (user/not-in-developers of B) assumes bucket-writer: A cannot check group membership",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            "PASS deny user/developers-member (in group /people/developers) cannot assume /other-role (its identity policy names only its roles)",
            "PASS allow role/a-principal-of-b (account-root trust) assumes bucket-writer with its ExternalId",
            "PASS deny role/a-principal-of-b (account-root trust) without sts:ExternalId is refused",
            "PASS deny role/a-principal-of-b (account-root trust) with a wrong sts:ExternalId is refused",
            "PASS allow any other principal of B that B's admins allow (account-root trust) assumes bucket-writer",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
        ]);
        const bucketWriter = r.roles.find((x) => x.role === "bucket-writer")!;
        assert.deepEqual(bucketWriter.checks[7].context, { "sts:ExternalId": "[secret]" });
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
                    "  FAIL    deny    logs:FilterLogEvents on another log group (/report/other-log-group) is refused",
                    "          expected denied, got Allowed: identity allows (aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid ReadLogGroups)",
                    "          request: arn:aws:sts::111111111111:assumed-role/log-reader/report-session logs:FilterLogEvents arn:aws:logs:eu-west-1:111111111111:log-group:/report/other-log-group with aws:RequestedRegion=eu-west-1",
                ].join("\n"),
            ),
            text,
        );
        assert.match(text, /\n11 checks: 10 passed, 1 FAILED\. Report took \d+ ms\.\n$/);
    });

    it("catches a dropped ExternalId condition, and shows B's root then lets everyone of B in (MFA bypassed too)", async () => {
        const config = richConfig();
        const r = await report(config, {
            a: editPolicy("aws:iam/role:Role", "bucket-writer-role", "assumeRolePolicy", (d) => {
                for (const st of d.Statement) if (st.Condition?.StringEquals) delete st.Condition.StringEquals["sts:ExternalId"];
            }),
        });
        assert.deepEqual(failures(r), [
            "user/developers-member (in group /people/developers) without MFA is refused => expected deny, got Allowed",
            "user/developers-member (in group /people/developers) with MFA older than 3600 s is refused => expected deny, got Allowed",
            "another role of B (role/some-other-role) with the same request is refused => expected deny, got Allowed",
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
        const check = r.roles[0].checks.find((c) => !c.pass)!;
        assert.equal(
            check.why,
            "identity allows (aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles Sid AssumeTargetRoles); trust allows (trust Sid TrustAllOfB)",
        );
    });

    it("catches a missing MFA condition, naming the trust statement that let the request in", async () => {
        const config = baseConfig();
        (config.targetRoles as any)["log-reader"].trustedSources = [{ source: "log-shipper", mfa: true }];
        const r = await report(config, {
            a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => delete d.Statement[0].Condition),
        });
        assert.deepEqual(failures(r), [
            "role /cross-account/log-shipper without MFA is refused => expected deny, got Allowed",
            "role /cross-account/log-shipper with MFA older than 3600 s is refused => expected deny, got Allowed",
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
});
