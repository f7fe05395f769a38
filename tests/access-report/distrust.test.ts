/**
 * The access report distrusts its input: UNPROVEN rows for documents it does not have (an attached AWS managed
 * policy, a boundary, B's policy for a principal outside this program), probes named to miss every configured
 * name, no allow-list that makes it search without end, condition operators checked as vocabulary, and every
 * string it prints redacted.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import { AccessReport, buildAccessReport, formatAccessReport } from "../../tools/access-report/report";
import { conditionMutations } from "../../tools/access-report/trust-context";
import { allPolicies } from "../../tools/access-report/documents";
import { ACCOUNT_A, ACCOUNT_B, ConfigObject, PROJECT, baseConfig, flatten, renderBoth } from "../support/harness";
import { EXTERNAL_ID, Mutation, editPolicy, failures, operatorWithMfa, report, richConfig, rows } from "../support/access-report";

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
            "UNPROVEN deny user /people/operator cannot assume /cross-account/other-role (its rendered identity policies name only its roles)",
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
