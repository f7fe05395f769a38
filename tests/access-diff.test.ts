/**
 * The access diff (tools/access-diff/): each kind of change made to an example, rendered by this code,
 * gives exactly the expected lines; a change in the rendered documents alone (as a policy builder's
 * would make) is caught, and so are the checks it makes fail; `npm start -- --diff` exits 0 / 4. A git ref as the base (its own code, spawned): tests/access-diff-base.e2e.test.ts.
 */
import { strict as assert } from "assert";
import * as path from "path";
import type { PolicyDocument } from "../lib/model/policy";
import { changeLines, diffGraphs } from "../tools/access-diff/changes";
import type { Change } from "../tools/access-diff/kinds";
import { formatDiffMarkdown, formatDiffText, markdownText } from "../tools/access-diff/format";
import { accessGraph } from "../tools/access-map/graph";
import type { AccessGraph } from "../tools/access-map/model";
import { reportFor } from "../tools/render/main";
import { stackFile } from "../tools/render/stack-file";
import { EXAMPLES, ProjectConfig, ROOT, SECURE, exampleVariant, renderDir, tempDir } from "./access-map-fixtures";
import { runStart } from "./support/render";

async function graphOf(dir: string): Promise<AccessGraph> {
    return accessGraph(await renderDir(dir));
}

const example = (name: string) => path.join(EXAMPLES, name);
const trust = (c: ProjectConfig, role: string) => c.targetRoles[role].trustedSources as unknown[];

/** The lines from an example to its variant. */
async function lines(name: string, edit: (c: ProjectConfig) => void, stackConfig = {}): Promise<string[]> {
    return changeLines(diffGraphs(await graphOf(example(name)), await graphOf(exampleVariant(name, edit, stackConfig))));
}

describe("access diff: each kind of change, on the examples (tools/access-diff/changes.ts)", () => {
    it("tightening a condition: a lower MFA age is STRONGER", async () => {
        assert.deepEqual(await lines("developers-s3-read", (c) => ((trust(c, "prod-reports-read")[0] as ProjectConfig).mfa.maxAgeSeconds = 900)), [
            "STRONGER: prod-reports-read now accepts MFA up to 900 s old from group/people/developers in account 222222222222 (was 3600 s)",
        ]);
    });

    it("dropping MFA is WEAKER", async () => {
        assert.deepEqual(await lines("user-list-buckets", (c) => (trust(c, "bucket-lister")[0] = "auditor")), [
            "WEAKER: bucket-lister no longer requires MFA from user/people/auditor in account 222222222222",
        ]);
    });

    it("adding a source is NEW, with what it must present", async () => {
        assert.deepEqual(
            await lines("ec2-logs", (c) => {
                c.sources["log-archiver"] = { kind: "service-role", service: "lambda", path: "/cross-account/" };
                trust(c, "log-reader").push("log-archiver");
            }),
            ["NEW: role/cross-account/log-archiver in account 222222222222 may assume log-reader in account 111111111111 (no MFA)"],
        );
    });

    it("removing a source is REMOVED", async () => {
        assert.deepEqual(
            await lines("job-and-people", (c) => {
                delete c.sources["nightly-job"];
                c.targetRoles["audit-reader"].trustedSources = trust(c, "audit-reader").filter((t) => t !== "nightly-job");
            }),
            ["REMOVED: role/jobs/nightly-job in account 222222222222 may no longer assume audit-reader in account 111111111111"],
        );
    });

    it("widening a preset (read to read-write) is WIDER, naming only the new actions", async () => {
        assert.deepEqual(
            await lines("job-and-people", (c) => {
                const p = c.targetRoles["audit-reader"].permissions;
                p.s3ReadWrite = p.s3Read;
                delete p.s3Read;
            }),
            ["WIDER: audit-reader may now s3:AbortMultipartUpload, s3:DeleteObject, s3:PutObject on acme-audit-exports/*"],
        );
    });

    it("narrowing a preset (a longer prefix) is NARROWER, and the listing condition CHANGED", async () => {
        assert.deepEqual(await lines("developers-s3-read", (c) => (c.targetRoles["prod-reports-read"].permissions.s3Read.prefix = "daily/summary/")), [
            "NARROWER: prod-reports-read may s3:GetObject only on acme-prod-reports/daily/summary/* now (was acme-prod-reports/daily/*)",
            "CHANGED: prod-reports-read may s3:ListBucket on acme-prod-reports when StringLike s3:prefix [daily/summary/, daily/summary/*] now (was when StringLike s3:prefix [daily/, daily/*])",
        ]);
    });

    const metricsReader = (c: ProjectConfig) =>
        (c.targetRoles["metrics-reader"] = {
            path: "/cross-account/",
            trustedSources: ["log-shipper"],
            permissions: { logsRead: { logGroups: ["/app/metrics"] } },
        });

    it("adding a role is NEW: the role, who may assume it, and everything it may do", async () => {
        assert.deepEqual(await lines("ec2-logs", metricsReader), [
            "NEW: role metrics-reader in account 111111111111",
            "NEW: role/cross-account/log-shipper in account 222222222222 may assume metrics-reader in account 111111111111 (no MFA)",
            "WIDER: metrics-reader may now logs:DescribeLogGroups on * when StringEquals aws:RequestedRegion [eu-west-1]",
            "WIDER: metrics-reader may now logs:DescribeLogStreams, logs:FilterLogEvents, logs:GetLogEvents on log-group:/app/metrics, log-group:/app/metrics:*",
        ]);
    });

    it("removing a role is REMOVED: the role and who lost access to it, not its permissions one by one", async () => {
        const base = await graphOf(exampleVariant("ec2-logs", metricsReader));
        assert.deepEqual(changeLines(diffGraphs(base, await graphOf(example("ec2-logs")))), [
            "REMOVED: role metrics-reader in account 111111111111",
            "REMOVED: role/cross-account/log-shipper in account 222222222222 may no longer assume metrics-reader in account 111111111111",
        ]);
    });

    it("changing the trust mode from principal to principal-arn is WEAKER: a recreated principal keeps access", async () => {
        assert.deepEqual(await lines("ec2-logs", (c) => (c.targetRoles["log-reader"].trustMode = "principal-arn")), [
            "WEAKER: log-reader now trusts role/cross-account/log-shipper in account 222222222222 through the account root narrowed by aws:PrincipalArn (was its own ARN as the principal); a principal recreated under that name keeps access",
        ]);
    });

    const withExternalId = (c: ProjectConfig) => (trust(c, "log-reader")[0] = { source: "log-shipper", externalId: true });
    const externalIdStack = { "account-a": { "cross-account-iam-ec2-logs:externalIds": { "log-reader": SECURE } } };

    it("adding an ExternalId is STRONGER, dropping it WEAKER (its value is never compared: it is a secret)", async () => {
        assert.deepEqual(await lines("ec2-logs", withExternalId, externalIdStack), [
            "STRONGER: log-reader now requires an ExternalId from role/cross-account/log-shipper in account 222222222222",
        ]);
        const base = await graphOf(exampleVariant("ec2-logs", withExternalId, externalIdStack));
        assert.deepEqual(changeLines(diffGraphs(base, await graphOf(example("ec2-logs")))), [
            "WEAKER: log-reader no longer requires an ExternalId from role/cross-account/log-shipper in account 222222222222",
        ]);
    });

    it("widening the source identity allow-list is WEAKER", async () => {
        assert.deepEqual(await lines("ec2-dynamodb-backup", (c) => (trust(c, "orders-backup")[0] as ProjectConfig).sourceIdentity.allowed.push("weekly-*")), [
            "WEAKER: orders-backup now also accepts source identity weekly-* from role/backup-cron in account 222222222222",
        ]);
    });

    it("requiring an organization is STRONGER; a longer session WEAKER; allowing session tags WIDER", async () => {
        assert.deepEqual(await lines("user-list-buckets", (c) => ((trust(c, "bucket-lister")[0] as ProjectConfig).principalOrgId = "o-a1b2c3d4e5")), [
            "STRONGER: bucket-lister now requires user/people/auditor in account 222222222222 to be in organization o-a1b2c3d4e5",
        ]);
        assert.deepEqual(await lines("developers-s3-read", (c) => (c.targetRoles["prod-reports-read"].maxSessionDuration = 43200)), [
            "WEAKER: prod-reports-read's sessions may now last up to 43200 s (was 14400 s)",
        ]);
        assert.deepEqual(
            await lines("ec2-logs", (c) => (trust(c, "log-reader")[0] = { source: "log-shipper", sessionTags: { allowedKeys: ["team", "env"] } })),
            ["WIDER: role/cross-account/log-shipper in account 222222222222 may now tag its session on log-reader (keys env, team)"],
        );
    });

    it("the same config twice is no change", async () => {
        assert.deepEqual(await lines("job-and-people", () => undefined), []);
    });
});

describe("access diff: derived from the rendered documents and the simulations, not the config", () => {
    /** Renders an example and edits a document of account-a's render, as a changed policy builder would; the report runs on the edited documents. */
    async function withBuilderChange(name: string, type: string, input: string, edit: (doc: PolicyDocument) => void): Promise<AccessGraph> {
        const { rendered } = await renderDir(example(name));
        const target = rendered.find((r) => r.stack === "account-a")!;
        let edited = 0;
        target.result.resources = target.result.resources.map((r) => {
            if (r.type !== type) return r;
            const doc = JSON.parse(r.inputs[input] as string) as PolicyDocument;
            edit(doc);
            edited++;
            return { ...r, inputs: { ...r.inputs, [input]: JSON.stringify(doc) } };
        });
        assert.equal(edited, 1);
        const report = await reportFor(rendered);
        return accessGraph({ stacks: rendered.map((r) => stackFile(r.files.project, r)), reports: report ? [report] : [] });
    }

    it("a permission builder that adds an action is WIDER, though the config did not change", async () => {
        const head = await withBuilderChange("ec2-dynamodb-backup", "aws:iam/rolePolicy:RolePolicy", "policy", (doc) => {
            const st = doc.Statement.find((s) => s.Sid === "BackupTables")!;
            st.Action = [...(st.Action as string[]), "dynamodb:DeleteBackup"];
        });
        assert.deepEqual(changeLines(diffGraphs(await graphOf(example("ec2-dynamodb-backup")), head)), [
            "WIDER: orders-backup may now dynamodb:DeleteBackup on table/orders",
        ]);
    });

    it("a trust builder that drops MFA is WEAKER, and the report's MFA checks that now fail are FAILS", async () => {
        const head = await withBuilderChange("user-list-buckets", "aws:iam/role:Role", "assumeRolePolicy", (doc) => {
            delete doc.Statement[0].Condition;
        });
        assert.deepEqual(changeLines(diffGraphs(await graphOf(example("user-list-buckets")), head)), [
            "WEAKER: bucket-lister no longer requires MFA from user/people/auditor in account 222222222222",
            "FAILS: bucket-lister: user /people/auditor with MFA older than 3600 s is refused (passed before)",
            "FAILS: bucket-lister: user /people/auditor with long-term keys (no MFA key in the request) is refused (passed before)",
            "FAILS: bucket-lister: user /people/auditor without MFA is refused (passed before)",
        ]);
        // The reverse: the fix makes them pass again.
        assert.deepEqual(changeLines(diffGraphs(head, await graphOf(example("user-list-buckets")))), [
            "STRONGER: bucket-lister now requires MFA from user/people/auditor in account 222222222222, at most 3600 s old",
            "PASSES: bucket-lister: user /people/auditor with MFA older than 3600 s is refused (failed before)",
            "PASSES: bucket-lister: user /people/auditor with long-term keys (no MFA key in the request) is refused (failed before)",
            "PASSES: bucket-lister: user /people/auditor without MFA is refused (failed before)",
        ]);
    });
});

describe("access diff: output (tools/access-diff/format.ts)", () => {
    const changes: Change[] = [
        { kind: "NEW", text: "role/ci in account 222222222222 may assume deployer in account 111111111111 (no MFA)" },
        { kind: "WEAKER", text: "reports-read no longer requires MFA from group/people/dev_ops in account 222222222222" },
    ];
    const heading = { base: "main (3f2c1ab)", head: "examples/job-and-people", notes: [] };

    it("text: a heading, one line per change, the counts", () => {
        assert.equal(
            formatDiffText(changes, heading),
            [
                "Access diff: main (3f2c1ab) -> examples/job-and-people (rendered documents and simulations)",
                "NEW: role/ci in account 222222222222 may assume deployer in account 111111111111 (no MFA)",
                "WEAKER: reports-read no longer requires MFA from group/people/dev_ops in account 222222222222",
                "2 changes: 1 NEW, 1 WEAKER.",
                "",
            ].join("\n"),
        );
        assert.match(
            formatDiffText([], heading),
            /\nNo change: the same principals may assume the same roles, under the same conditions, with the same permissions\.\n$/,
        );
    });

    it("markdown for a pull request comment: bullets with the kind in bold, Markdown's characters escaped", () => {
        assert.equal(
            formatDiffMarkdown(changes, heading),
            [
                "### Access diff: `main (3f2c1ab)` → `examples/job-and-people`",
                "",
                "2 changes: 1 NEW, 1 WEAKER.",
                "",
                "- **NEW** role/ci in account 222222222222 may assume deployer in account 111111111111 (no MFA)",
                "- **WEAKER** reports-read no longer requires MFA from group/people/dev\\_ops in account 222222222222",
                "",
                "<sub>Derived from the rendered policy documents and the access report's simulations (`npm start -- --diff`).</sub>",
                "",
            ].join("\n"),
        );
        assert.equal(markdownText("s3:* on *|[x]<y>`z`#~_"), "s3:\\* on \\*\\|\\[x\\]\\<y\\>\\`z\\`\\#\\~\\_");
    });
});

describe("access diff: npm start -- --diff (exit codes)", function () {
    this.timeout(180_000);

    it("--diff DIR renders that directory with this code: exit 0 for no change, 4 for a change, text or markdown", async () => {
        const same = await runStart(["--dir", example("ec2-logs"), "--out", tempDir("diff-same-"), "--diff", example("ec2-logs")]);
        assert.deepEqual([same.code, same.stderr], [0, ""]);
        assert.match(same.stdout, /^Access diff: .*examples\/ec2-logs -> examples\/ec2-logs \(rendered documents and simulations\)\nNo change: /);
        const variant = exampleVariant("ec2-logs", (c) => (c.targetRoles["log-reader"].trustMode = "principal-arn"));
        const changed = await runStart(["--dir", variant, "--out", tempDir("diff-changed-"), "--diff", example("ec2-logs"), "--format", "markdown"]);
        assert.deepEqual([changed.code, changed.stderr], [4, ""]);
        assert.ok(
            changed.stdout.includes("\n1 change: 1 WEAKER.\n\n- **WEAKER** log-reader now trusts role/cross-account/log-shipper in account 222222222222"),
            changed.stdout,
        );
    });

    it("--diff with neither a directory nor a commit is a usage error (exit 2); --diff with --json or --format mermaid too", async () => {
        const r = await runStart(["--out", tempDir("diff-bad-"), "--diff", "no-such-ref-or-dir"]);
        assert.deepEqual([r.code, r.stdout, r.stderr], [2, "", `--diff no-such-ref-or-dir: neither a directory nor a git commit of ${ROOT}\n`]);
        for (const extra of [["--json"], ["--format", "mermaid"]]) {
            const bad = await runStart(["--diff", "HEAD", ...extra]);
            assert.equal(bad.code, 2);
            assert.match(bad.stderr, /^--diff prints text or markdown, not (json|mermaid); usage: npm start -- /);
        }
    });
});
