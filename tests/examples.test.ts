/**
 * The example stack configurations, one per seed scenario, rendered from their files exactly as
 * `npm start -- --dir examples/<example>` does (one render per example, shared: tests/support/examples.ts),
 * proven by the access report, and asserted whole against golden files:
 *
 *   tests/fixtures/examples/<example>/account-b.json, account-a.json
 *   tests/fixtures/examples/multi-account/<account>.json, shared-services/<account>.json (named accounts: one stack per account)
 *
 * Each holds what `npm start` writes to out/<stack>.json (tools/render/stack-file.ts): every resource
 * that reaches AWS with all of its inputs, policy documents parsed, and the stack's outputs, keys
 * sorted, secrets as "[secret]". A reviewer reads each document there against the AWS docs; a
 * regression in any action list, Resource ARN or Condition fails here with a diff of the two.
 *
 *   UPDATE_GOLDEN=1 npm test    rewrites the golden files from the current render instead of comparing
 *                               (then review `git diff tests/fixtures/`; see tests/fixtures/README.md).
 *
 * Asserted here, beside the files: the stack and component resources (they never reach AWS, so the
 * files omit them), which inputs are Pulumi secrets, where the ExternalId occurs, and the rule behind
 * the revision in a `principal`-mode trust Sid. The files hold that revision literally (the mock's
 * unique ids are deterministic); the rule is checked here against account B's outputs.
 */
import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { PolicyDocument } from "../lib/model/policy";
import { reportFor } from "../tools/render/main";
import { stackFile } from "../tools/render/stack-file";
import type { RenderedStack } from "../tools/render/stacks";
import { EXAMPLES, EXAMPLES_DIR, ExampleName, NAMED_ACCOUNT_EXAMPLES, isNamedAccountExample, renderExample, renderExampleStacks } from "./support/examples";
import { assertGolden } from "./support/golden";

const GOLDEN_DIR = path.join(__dirname, "fixtures", "examples");
/** What the renderer puts in place of every `secure:` config value (tools/shared/stack-files.ts). */
const SECRET_PLACEHOLDER = "SECRET-PLACEHOLDER";

interface ExampleCase {
    name: ExampleName;
    /** What the example shows: the test title. */
    rule: string;
    /** Resources that never reach AWS, so the golden files omit them: the stack and component resources, `<type> <logical name>`. */
    wrappers: { b: string[]; a: string[] };
    /** Sids of account-a's trust statements, in order; a `principal`-mode Sid carries the revision of B's unique ids. */
    trustSids: (b: RenderedStack) => string[];
    /** Inputs held as Pulumi secrets, `<stack> <type> <logical name> <input path>`. */
    secretInputs: string[];
}

const CASES: ExampleCase[] = [
    {
        name: "ec2-logs",
        rule: "an EC2 role with instance profile in B may assume log-reader, which reads the /app/cron log group only",
        wrappers: {
            b: ["pulumi:pulumi:Stack cross-account-iam-ec2-logs-account-b", "cross-account-iam:index:SourceRole log-shipper"],
            a: ["pulumi:pulumi:Stack cross-account-iam-ec2-logs-account-a", "cross-account-iam:index:CrossAccountRole log-reader"],
        },
        trustSids: (b) => [`TrustLogShipper${revision(b, "log-shipper")}`],
        secretInputs: [],
    },
    {
        name: "ec2-dynamodb-backup",
        rule: "the cron job must name itself nightly-backup; the role backs up the orders table only",
        wrappers: {
            b: ["pulumi:pulumi:Stack cross-account-iam-ec2-dynamodb-backup-account-b", "cross-account-iam:index:SourceRole backup-cron"],
            a: ["pulumi:pulumi:Stack cross-account-iam-ec2-dynamodb-backup-account-a", "cross-account-iam:index:CrossAccountRole orders-backup"],
        },
        trustSids: (b) => [`TrustBackupCron${revision(b, "backup-cron")}`],
        secretInputs: [],
    },
    {
        name: "user-list-buckets",
        rule: "an IAM user without access keys, MFA within an hour, ListAllMyBuckets only",
        wrappers: {
            b: ["pulumi:pulumi:Stack cross-account-iam-user-list-buckets-account-b", "cross-account-iam:index:SourceUser auditor"],
            a: ["pulumi:pulumi:Stack cross-account-iam-user-list-buckets-account-a", "cross-account-iam:index:CrossAccountRole bucket-lister"],
        },
        trustSids: (b) => [`TrustAuditor${revision(b, "auditor")}`],
        secretInputs: [],
    },
    {
        name: "developers-s3-read",
        rule: "group members (IAM users of B, with MFA) list and read the daily/ prefix only, for up to 4 hours",
        wrappers: {
            b: ["pulumi:pulumi:Stack cross-account-iam-developers-s3-read-account-b", "cross-account-iam:index:SourceGroup developers"],
            a: ["pulumi:pulumi:Stack cross-account-iam-developers-s3-read-account-a", "cross-account-iam:index:CrossAccountRole prod-reports-read"],
        },
        // A group cannot be a principal: B's root, narrowed to IAM users of B, so no unique id and no revision.
        trustSids: () => ["TrustDevelopers"],
        secretInputs: [],
    },
    {
        name: "vendor-external-id",
        rule: "B's whole account, held by a secret ExternalId; nothing created in B, no StackReference",
        wrappers: {
            b: ["pulumi:pulumi:Stack cross-account-iam-vendor-external-id-account-b"],
            a: ["pulumi:pulumi:Stack cross-account-iam-vendor-external-id-account-a", "cross-account-iam:index:CrossAccountRole vendor-log-reader"],
        },
        trustSids: () => ["TrustVendor"],
        // The ExternalId is in no resource input but the trust policy, and that input is held as a secret.
        secretInputs: ["account-a aws:iam/role:Role vendor-log-reader-role assumeRolePolicy"],
    },
    {
        name: "job-and-people",
        rule: "trusted by principal ARN, the ECS job needs no MFA, the operators' users do",
        wrappers: {
            b: [
                "pulumi:pulumi:Stack cross-account-iam-job-and-people-account-b",
                "cross-account-iam:index:SourceRole nightly-job",
                "cross-account-iam:index:SourceGroup operators",
            ],
            a: ["pulumi:pulumi:Stack cross-account-iam-job-and-people-account-a", "cross-account-iam:index:CrossAccountRole audit-reader"],
        },
        // principal-arn mode: no unique-id revision, the role of B may be recreated freely.
        trustSids: () => ["TrustNightlyJob", "TrustOperators"],
        secretInputs: [],
    },
    {
        name: "github-actions-deploy",
        rule: "GitHub Actions jobs of acme/web-app's main branch become B's OIDC role (with GitHub's provider), which may only assume web-app-deployer",
        wrappers: {
            b: [
                "pulumi:pulumi:Stack cross-account-iam-github-actions-deploy-account-b",
                "cross-account-iam:index:OidcProvider oidc-provider-token-actions-githubusercontent-com",
                "cross-account-iam:index:SourceRole github-deploy",
            ],
            a: ["pulumi:pulumi:Stack cross-account-iam-github-actions-deploy-account-a", "cross-account-iam:index:CrossAccountRole web-app-deployer"],
        },
        trustSids: (b) => [`TrustGithubDeploy${revision(b, "github-deploy")}`],
        secretInputs: [],
    },
    {
        name: "audit-ou",
        rule: "the management account deploys auditor to every account of two OUs by StackSet; B's grant reaches those OUs only",
        wrappers: {
            b: ["pulumi:pulumi:Stack cross-account-iam-audit-ou-account-b", "cross-account-iam:index:SourceRole audit-job"],
            a: ["pulumi:pulumi:Stack cross-account-iam-audit-ou-account-a", "cross-account-iam:index:OrganizationRoleStackSet auditor"],
        },
        // No role in account A: its trust (Sid TrustAuditJob) is in the StackSet's template, in the golden file.
        trustSids: () => [],
        secretInputs: [],
    },
    {
        name: "saml-role",
        rule: "roles Okta signs people in to B as (/okta/data-analyst-*) may assume reports-reader; account B creates nothing, its admins grant the roles",
        wrappers: {
            b: ["pulumi:pulumi:Stack cross-account-iam-saml-role-account-b"],
            a: ["pulumi:pulumi:Stack cross-account-iam-saml-role-account-a", "cross-account-iam:index:CrossAccountRole reports-reader"],
        },
        trustSids: () => ["TrustOktaAnalysts"],
        secretInputs: [],
    },
    {
        name: "sso-log-reader",
        rule: "people signed in to B through IAM Identity Center with permission set LogReader may assume log-reader; B, the administration account, writes the permission set's grant",
        wrappers: {
            b: [
                "pulumi:pulumi:Stack cross-account-iam-sso-log-reader-account-b",
                "cross-account-iam:index:PermissionSetGrant log-readers-permission-set-grant",
            ],
            a: ["pulumi:pulumi:Stack cross-account-iam-sso-log-reader-account-a", "cross-account-iam:index:CrossAccountRole log-reader"],
        },
        // B's root narrowed by ArnLike: no principal of B is named, so no unique-id revision.
        trustSids: () => ["TrustLogReaders"],
        secretInputs: [],
    },
];

/** Resources that never reach AWS (the stack, component resources), each with its inputs. */
function wrappers(r: RenderedStack): Record<string, Record<string, unknown>> {
    return Object.fromEntries(r.result.resources.filter((x) => !x.type.startsWith("aws:")).map((x) => [`${x.type} ${x.name}`, x.inputs]));
}

/** Inputs held as Pulumi secrets, as `<stack> <type> <logical name> <input path>`, sorted. */
function secretInputs(r: RenderedStack): string[] {
    return r.result.resources.flatMap((res) => res.secretPaths.map((p) => `${r.stack} ${res.type} ${res.name} ${p}`)).sort();
}

/** Where a value occurs in a stack's resource inputs (`<type> <name> <input>`) and outputs (`output <name>`). */
function occurrences(r: RenderedStack, value: string): string[] {
    const contains = (v: unknown): boolean => JSON.stringify(v ?? null).includes(value);
    return [
        ...r.result.resources.flatMap((res) => Object.entries(res.inputs).flatMap(([k, v]) => (contains(v) ? [`${res.type} ${res.name} ${k}`] : []))),
        ...Object.entries(r.result.outputs).flatMap(([k, v]) => (contains(v) ? [`output ${k}`] : [])),
    ].sort();
}

/** The Sids of every trust statement account-a declares, in declaration order. */
function trustSidsOf(a: RenderedStack): string[] {
    return a.result.resources
        .filter((x) => x.type === "aws:iam/role:Role")
        .flatMap((x) => (JSON.parse(x.inputs.assumeRolePolicy as string) as PolicyDocument).Statement.map((st) => st.Sid ?? ""));
}

/**
 * The revision a `principal`-mode trust Sid carries: "Rev" + the first 10 hex digits of the SHA-256 of
 * the sources' IAM unique ids (sorted, comma-joined), read from account B's outputs, so recreating a
 * principal in B rewrites the trust policy in A. Written out here, not taken from lib/policies/trust.ts.
 */
function revision(b: RenderedStack, ...sourceKeys: string[]): string {
    const sources = b.result.outputs.sources as Record<string, { uniqueIds: string[] }>;
    const ids = sourceKeys.flatMap((k) => sources[k].uniqueIds);
    assert.equal(ids.length, sourceKeys.length, `one unique id per source in ${b.stack}'s outputs`);
    for (const id of ids) assert.match(id, /^(AROA|AIDA)[0-9A-Z]{17}$/);
    return `Rev${createHash("sha256")
        .update([...ids].sort().join(","))
        .digest("hex")
        .slice(0, 10)}`;
}

describe("examples: one per seed scenario", () => {
    it("has a directory with Pulumi.yaml and both stack files for each scenario (one per account with named accounts)", () => {
        const dirs = fs.readdirSync(EXAMPLES_DIR).sort();
        assert.deepEqual(dirs, [...EXAMPLES]);
        for (const d of dirs.filter((x) => !isNamedAccountExample(x))) {
            assert.deepEqual(fs.readdirSync(path.join(EXAMPLES_DIR, d)).sort(), ["Pulumi.account-a.yaml", "Pulumi.account-b.yaml", "Pulumi.yaml"]);
        }
        assert.deepEqual(fs.readdirSync(path.join(EXAMPLES_DIR, "multi-account")).sort(), [
            "Pulumi.dev.yaml",
            "Pulumi.prod.yaml",
            "Pulumi.staging.yaml",
            "Pulumi.tooling.yaml",
            "Pulumi.yaml",
        ]);
        assert.deepEqual(fs.readdirSync(path.join(EXAMPLES_DIR, "shared-services")).sort(), [
            "Pulumi.shared.yaml",
            "Pulumi.workload-a.yaml",
            "Pulumi.workload-b.yaml",
            "Pulumi.yaml",
        ]);
        assert.deepEqual([...CASES.map((c) => c.name), ...NAMED_ACCOUNT_EXAMPLES].sort(), dirs);
    });

    it("gives each example its own project name, so on one backend each deploys its own two stacks", () => {
        const names = EXAMPLES.map((d) => (parse(fs.readFileSync(path.join(EXAMPLES_DIR, d, "Pulumi.yaml"), "utf8")) as { name: string }).name);
        const root = (parse(fs.readFileSync(path.join(EXAMPLES_DIR, "..", "Pulumi.yaml"), "utf8")) as { name: string }).name;
        assert.deepEqual(
            names,
            EXAMPLES.map((d) => `cross-account-iam-${d}`),
        );
        assert.ok(!names.includes(root));
    });

    it("account-a of an example reads account-b of the same example (sourceStack's default follows the project name)", async () => {
        const { a } = await renderExample("ec2-logs");
        assert.equal(a.result.outputs.sourceStack, "organization/cross-account-iam-ec2-logs/account-b");
        assert.equal(a.files.project, "cross-account-iam-ec2-logs");
    });

    for (const { name } of CASES) {
        it(`${name}: renders both stacks, no access check fails, and only the rows that need B's own policies are UNPROVEN`, async () => {
            const { a, b } = await renderExample(name);
            const report = await reportFor([b, a]);
            assert.ok(report);
            const failed = report.roles.flatMap((r) => r.checks.filter((c) => c.result === "FAIL").map((c) => `${r.role}: ${c.title}: ${c.why}`));
            assert.deepEqual(failed, []);
            // The rows the report cannot decide: the vendor's account-root trust (B's admins choose what its principals may
            // assume), and ec2-logs' EC2 role with AmazonSSMManagedInstanceCore attached (an AWS managed policy the render
            // does not hold: it may deny the assume, or allow another role), and saml-role's federated role (its policies are
            // the identity provider's setup in B, not this program's).
            const unproven = report.roles.flatMap((r) => r.checks.filter((c) => c.result === "UNPROVEN").map((c) => `${r.role}: ${c.title}`));
            const expected: Partial<Record<string, string[]>> = {
                "vendor-external-id": ["vendor-log-reader: role/a-principal-of-b (account-root trust) cannot assume another role of A (/vendors/other-role)"],
                "saml-role": [
                    "reports-reader: federated arn:aws:iam::222222222222:role/okta/data-analyst-report cannot assume another role of A (/cross-account/other-role)",
                ],
                "ec2-logs": [
                    "log-reader: role /cross-account/log-shipper assumes log-reader (no condition required)",
                    "log-reader: role /cross-account/log-shipper cannot assume /cross-account/other-role (its rendered identity policies name only its roles)",
                ],
            };
            assert.deepEqual(unproven, expected[name] ?? []);
            assert.ok(report.passed >= 8, `only ${report.passed} checks`);
            assert.deepEqual(report.vocabulary.problems, []);
        });
    }

    for (const c of CASES) {
        it(`${c.name}: ${c.rule}`, async () => {
            const { a, b } = await renderExample(c.name);
            for (const r of [b, a]) await assertGolden(path.join(GOLDEN_DIR, c.name, `${r.stack}.json`), stackFile(r.files.project, r));
            assert.deepEqual(wrappers(b), Object.fromEntries(c.wrappers.b.map((k) => [k, {}])));
            assert.deepEqual(wrappers(a), Object.fromEntries(c.wrappers.a.map((k) => [k, {}])));
            assert.deepEqual(trustSidsOf(a), c.trustSids(b));
            assert.deepEqual([...secretInputs(b), ...secretInputs(a)], c.secretInputs);
        });
    }

    it("multi-account: CI in tooling assumes deployer in dev, staging and prod by exact ARNs; a backup job reads prod's table; every access check passes", async () => {
        const stacks = await renderExampleStacks("multi-account");
        assert.deepEqual(
            stacks.map((r) => r.stack),
            ["tooling", "dev", "staging", "prod"],
        );
        for (const r of stacks) await assertGolden(path.join(GOLDEN_DIR, "multi-account", `${r.stack}.json`), stackFile(r.files.project, r));
        const report = await reportFor(stacks);
        assert.ok(report);
        assert.deepEqual(
            report.roles.flatMap((r) => r.checks.filter((c) => c.result !== "PASS").map((c) => `${r.role}: ${c.title}: ${c.why}`)),
            [],
        );
        assert.deepEqual(report.vocabulary.problems, []);
    });

    it("shared-services: artifact-reader in shared trusts a service of workload-a and one of workload-b; every access check passes", async () => {
        const stacks = await renderExampleStacks("shared-services");
        assert.deepEqual(
            stacks.map((r) => r.stack),
            ["workload-a", "workload-b", "shared"],
        );
        for (const r of stacks) await assertGolden(path.join(GOLDEN_DIR, "shared-services", `${r.stack}.json`), stackFile(r.files.project, r));
        const report = await reportFor(stacks);
        assert.ok(report);
        assert.deepEqual(
            report.roles.flatMap((r) => r.checks.filter((c) => c.result !== "PASS").map((c) => `${r.role}: ${c.title}: ${c.why}`)),
            [],
        );
        assert.deepEqual(report.vocabulary.problems, []);
    });

    it("vendor-external-id: the ExternalId reaches only the trust policy and the secret clientConfig output, and the golden files show [secret]", async () => {
        const { a, b } = await renderExample("vendor-external-id");
        // The stack file holds only ciphertext; the renderer substitutes a placeholder, never a real value.
        assert.deepEqual(occurrences(b, SECRET_PLACEHOLDER), []);
        // Outputs: only clientConfig carries it (for the vendor's profile), and clientConfig is a secret output.
        assert.deepEqual(occurrences(a, SECRET_PLACEHOLDER), ["aws:iam/role:Role vendor-log-reader-role assumeRolePolicy", "output clientConfig"]);
        assert.deepEqual(a.result.secretOutputNames, ["clientConfig"]);
        assert.equal(a.result.outputs.sourceStack, undefined);
        for (const r of [b, a]) assert.ok(!JSON.stringify(stackFile(r.files.project, r)).includes(SECRET_PLACEHOLDER), `${r.stack}: placeholder in clear`);
    });
});
