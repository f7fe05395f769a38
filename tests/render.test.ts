/**
 * `npm start` (tools/render/main.ts): both stacks rendered offline from the stack files, written as stable
 * JSON, secrets never in clear, user mistakes reported in one line each with exit 1.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { parseConfig } from "../lib/config/read";
import { buildAccessReport, formatAccessReport } from "../tools/access-report/report";
import type { RecordedResource } from "../tools/shared/mock-runtime";
import { USAGE, main, parseArgs, vocabularyFor } from "../tools/render/main";
import { redactInputs, redactOutputs, sortKeys, stackFile } from "../tools/render/stack-file";
import { RenderedStack, renderStacks } from "../tools/render/stacks";
import { scriptShellArgs, scriptSpawnOptions } from "../tools/shared/package-scripts";
import { PROJECT, flatten, renderBoth } from "./harness";

const ROOT = path.resolve(__dirname, "..");
/** An account-root source's people each get a session named after their $USER (lib/outputs/session-names.ts). */
const USER_SESSION_VENDOR = `"$(awk 'BEGIN { s = ENVIRON["USER"]; gsub(/[^A-Za-z0-9_+=,.@-]/, "-", s); s = substr(s, 1, 64); print (length(s) > 1 && s ~ /[A-Za-z0-9]/ ? s : "vendor") }')"`;

function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes Pulumi.yaml (project config) and one file per stack into a fresh directory. */
export function writeStackFiles(projectConfig: Record<string, unknown>, stacks: Record<string, Record<string, unknown>>): string {
    const dir = tempDir("render-stacks-");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify({ name: "cross-account-iam", runtime: "nodejs", config: projectConfig }));
    for (const [stack, config] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
    return dir;
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(
        args,
        (s) => (stdout += s),
        (s) => (stderr += s),
    );
    return { code, stdout, stderr };
}

const VENDOR_PROJECT = {
    targetAccountId: "111111111111",
    sourceAccountId: "222222222222",
    sources: { value: { vendor: { kind: "account-root" } } },
    targetRoles: {
        value: { "vendor-reader": { path: "/vendors/", trustedSources: [{ source: "vendor", externalId: true }], permissions: { s3ListAllBuckets: true } } },
    },
};

describe("npm start: render (tools/render/main.ts)", () => {
    it("writes out/account-b.json and out/account-a.json for the default stacks: AWS resources only, policies parsed", async () => {
        const out = tempDir("render-out-");
        const r = await run(["--out", out]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, "");
        const b = JSON.parse(fs.readFileSync(path.join(out, "account-b.json"), "utf8"));
        const a = JSON.parse(fs.readFileSync(path.join(out, "account-a.json"), "utf8"));
        assert.deepEqual(
            b.resources.map((x: any) => `${x.type} ${x.name}`),
            [
                "aws:iam/instanceProfile:InstanceProfile log-shipper-instance-profile",
                "aws:iam/role:Role log-shipper-role",
                "aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles",
            ],
        );
        assert.deepEqual(
            a.resources.map((x: any) => `${x.type} ${x.name}`),
            [
                "aws:cloudwatch/logGroup:LogGroup log-group-app-cron",
                "aws:iam/role:Role log-reader-role",
                "aws:iam/rolePolicy:RolePolicy log-reader-permissions",
            ],
        );
        assert.deepEqual(b.resources[2].inputs.policy, {
            Statement: [
                { Action: "sts:AssumeRole", Effect: "Allow", Resource: "arn:aws:iam::111111111111:role/cross-account/log-reader", Sid: "AssumeTargetRoles" },
            ],
            Version: "2012-10-17",
        });
        assert.deepEqual(Object.keys(a), [
            "accountId",
            "outputs",
            "project",
            "resources",
            "secretConfigKeys",
            "secretOutputNames",
            "secretOutputPaths",
            "side",
            "stack",
        ]);
        assert.deepEqual([a.secretOutputNames, a.secretOutputPaths], [[], []]);
        assert.equal(a.outputs.roles["log-reader"].arn, "arn:aws:iam::111111111111:role/cross-account/log-reader");
        assert.match(
            r.stdout,
            /^Rendered .* offline \(Pulumi mocks, no AWS\):\n {2}wrote .*account-b\.json \(3 resources\)\n {2}wrote .*account-a\.json \(3 resources\)\n/,
        );
        assert.match(r.stdout, /\n11 checks: 11 passed, all pass\. Report took \d+ ms\.\n/);
    });

    it("is deterministic: two renders are byte-identical", async () => {
        const [one, two] = [tempDir("render-one-"), tempDir("render-two-")];
        assert.equal((await run(["--out", one])).code, 0);
        assert.equal((await run(["--out", two])).code, 0);
        for (const f of ["account-a.json", "account-b.json"])
            assert.equal(fs.readFileSync(path.join(one, f), "utf8"), fs.readFileSync(path.join(two, f), "utf8"));
    });

    it("never writes or prints a secret: secure values and ExternalIds show as [secret]", async () => {
        const stackConfig = { "aws:region": "eu-west-1", "cross-account-iam:externalIds": { "vendor-reader": { secure: "v1:c2VjcmV0" } } };
        const dir = writeStackFiles(VENDOR_PROJECT, { "account-a": stackConfig, "account-b": stackConfig });
        const out = tempDir("render-secret-");
        const r = await run(["--dir", dir, "--out", out]);
        const json = await run(["--dir", dir, "--out", out, "--json"]);
        // 5: the account-root trust leaves a row UNPROVEN (B's admins decide what its principals may assume).
        assert.equal(r.code, 5, r.stdout + r.stderr);
        const a = JSON.parse(fs.readFileSync(path.join(out, "account-a.json"), "utf8"));
        const role = a.resources.find((x: any) => x.type === "aws:iam/role:Role");
        assert.deepEqual(role.secretPaths, ["assumeRolePolicy"]);
        assert.deepEqual(role.inputs.assumeRolePolicy.Statement[0].Condition, { StringEquals: { "sts:ExternalId": "[secret]" } });
        assert.deepEqual(a.secretConfigKeys, ["cross-account-iam:externalIds.vendor-reader"]);
        // The client config is a secret output, shown with the ExternalId hidden where it stands.
        const client = a.outputs.clientConfig["vendor-reader"];
        assert.equal(client.externalId, "[secret]");
        assert.equal(
            client.sources.vendor.assumeRoleCommand,
            `aws sts assume-role --role-arn arn:aws:iam::111111111111:role/vendors/vendor-reader --role-session-name ${USER_SESSION_VENDOR} --external-id [secret] --profile vendor --region eu-west-1`,
        );
        assert.deepEqual(
            [a.secretOutputNames, a.secretOutputPaths],
            [
                ["clientConfig"],
                [
                    "clientConfig.vendor-reader.externalId",
                    "clientConfig.vendor-reader.sources.vendor.assumeRoleCommand",
                    "clientConfig.vendor-reader.sources.vendor.awsConfigProfile",
                    "clientConfig.vendor-reader.sources.vendor.awsConfigureCommands",
                    "clientConfig.vendor-reader.sources.vendor.exportEnv",
                ],
            ],
        );
        for (const text of [
            r.stdout,
            json.stdout,
            fs.readFileSync(path.join(out, "account-a.json"), "utf8"),
            fs.readFileSync(path.join(out, "account-b.json"), "utf8"),
        ]) {
            assert.ok(!text.includes("SECRET-PLACEHOLDER"), text);
            assert.ok(!text.includes("c2VjcmV0"));
        }
        assert.match(r.stdout, / {2}PASS {6}deny {4}role\/a-principal-of-b \(account-root trust\) with a wrong sts:ExternalId is refused\n/);
        assert.equal(JSON.parse(json.stdout).report.roles[0].checks[0].context["sts:ExternalId"], "[secret]");
    });

    it("a plain ExternalId in config is treated as the secret it is: refused, and never echoed", async () => {
        const project = { ...VENDOR_PROJECT, externalIds: { value: { "vendor-reader": "plain-ext-id-42" } } };
        const dir = writeStackFiles(project, { "account-a": { "aws:region": "eu-west-1" }, "account-b": { "aws:region": "eu-west-1" } });
        const out = tempDir("render-plain-");
        const r = await run(["--dir", dir, "--out", out, "--json"]);
        assert.deepEqual([r.code, r.stdout, fs.readdirSync(out)], [1, "", []]);
        assert.equal(
            r.stderr,
            [
                "account-b: invalid configuration (1 problem):",
                "  - externalIds.vendor-reader: stored in plain text in the stack's config; an ExternalId must be a Pulumi secret: `pulumi config set --secret --path 'externalIds.vendor-reader' <value>`",
                "",
            ].join("\n"),
        );
    });

    it("a 2-character ExternalId (eu) is hidden in out/*.json and the report without touching eu-west-1 or ARNs", async () => {
        const config = {
            targetAccountId: "111111111111",
            sourceAccountId: "222222222222",
            "aws:region": "eu-west-1",
            sources: { vendor: { kind: "account-root" } },
            targetRoles: {
                "eu-reader": { path: "/eu/", trustedSources: [{ source: "vendor", externalId: true }], permissions: { logsRead: { logGroups: ["/eu/app"] } } },
            },
            externalIds: { "eu-reader": "eu" },
        };
        const { a } = await renderBoth(config);
        const rendered: RenderedStack = {
            stack: "account-a",
            side: "target",
            accountId: "111111111111",
            files: { project: PROJECT, config: flatten(config), secretKeys: [`${PROJECT}:externalIds.eu-reader`] },
            result: a,
        };
        const file = stackFile(PROJECT, rendered);
        const role = file.resources.find((x) => x.type === "aws:iam/role:Role")!;
        assert.deepEqual((role.inputs.assumeRolePolicy as any).Statement[0].Condition, { StringEquals: { "sts:ExternalId": "[secret]" } });
        const client = (file.outputs.clientConfig as any)["eu-reader"];
        assert.deepEqual([client.externalId, client.region, client.roleArn], ["[secret]", "eu-west-1", "arn:aws:iam::111111111111:role/eu/eu-reader"]);
        assert.equal(
            client.sources.vendor.awsConfigProfile,
            "[profile eu-reader]\n# Set role_session_name to your own name (2 to 64 of A-Za-z0-9+=,.@_-), so CloudTrail in account A tells people apart.\nrole_arn = arn:aws:iam::111111111111:role/eu/eu-reader\nsource_profile = vendor\nexternal_id = [secret]\nregion = eu-west-1\nrole_session_name = vendor",
        );
        assert.equal(
            client.sources.vendor.assumeRoleCommand,
            `aws sts assume-role --role-arn arn:aws:iam::111111111111:role/eu/eu-reader --role-session-name ${USER_SESSION_VENDOR} --external-id [secret] --profile vendor --region eu-west-1`,
        );
        assert.deepEqual(
            file.resources.find((x) => x.type === "aws:iam/rolePolicy:RolePolicy")!.inputs.policy,
            JSON.parse(a.resources.find((x) => x.type === "aws:iam/rolePolicy:RolePolicy")!.inputs.policy as string),
        );
        const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
        const text = formatAccessReport(await buildAccessReport({ config: cfg, sourceResources: [], targetResources: a.resources, secretValues: ["eu"] }));
        assert.ok(
            text.startsWith(
                "Access report: 13 IAM simulations (@cloud-copilot/iam-simulate) over the rendered policies\n\narn:aws:iam::111111111111:role/eu/eu-reader  (trust mode principal)\n",
            ),
            text,
        );
        assert.ok(text.includes("  PASS      allow   logs:DescribeLogGroups in eu-west-1\n"), text);
        assert.ok(!text.includes("[secret]"), text);
    });

    it("--stacks account-a renders account-b for its outputs but writes only account-a.json", async () => {
        const out = tempDir("render-a-");
        const r = await run(["--stacks", "account-a", "--out", out]);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(fs.readdirSync(out), ["access.html", "account-a.json"]);
    });

    it("--stacks account-a goes on without account-b when account A does not read it (a vendor's account has no stack)", async () => {
        const dir = writeStackFiles(VENDOR_PROJECT, {
            "account-a": { "aws:region": "eu-west-1", "cross-account-iam:externalIds": { "vendor-reader": { secure: "v1:c2VjcmV0" } } },
        });
        const out = tempDir("render-vendor-");
        const r = await run(["--dir", dir, "--stacks", "account-a", "--out", out]);
        assert.equal(r.code, 5, r.stderr);
        assert.deepEqual(fs.readdirSync(out), ["access.html", "account-a.json"]);
        assert.match(r.stdout, /\n8 checks: 7 passed, 1 UNPROVEN \(the report cannot decide them: see the reason under each\)\. Report took \d+ ms\.\n/);
        const both = await run(["--dir", dir, "--out", out]);
        assert.deepEqual([both.code, both.stderr], [2, `${path.join(dir, "Pulumi.account-b.yaml")}: not found\n`]);
    });

    it("renders another partition (aws-us-gov): the mock computes ARNs in it, so account-b backs account-a's trust", async () => {
        const project = {
            targetAccountId: "111111111111",
            sourceAccountId: "222222222222",
            partition: "aws-us-gov",
            sources: { value: { job: { kind: "service-role", service: "ecs-tasks" } } },
            targetRoles: { value: { reader: { trustedSources: ["job"], permissions: { logsRead: { logGroups: ["/app/jobs"] } } } } },
        };
        const region = { "aws:region": "us-gov-west-1" };
        const out = tempDir("render-gov-");
        const r = await run(["--dir", writeStackFiles(project, { "account-a": region, "account-b": region }), "--out", out]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /\narn:aws-us-gov:iam::111111111111:role\/reader {2}\(trust mode principal\)\n/);
        assert.match(r.stdout, /\n11 checks: 11 passed, all pass\./);
    });

    it("--stacks account-b alone still checks B's policies for unknown actions and condition keys", async () => {
        const out = tempDir("render-b-");
        const r = await run(["--stacks", "account-b", "--out", out]);
        assert.deepEqual([r.code, r.stderr, fs.readdirSync(out)], [0, "", ["access.html", "account-b.json"]]);
        assert.match(
            r.stdout,
            /\n\nNo target stack rendered: no access simulations\.\nPolicy vocabulary: 1 action and 0 condition keys, all known to @cloud-copilot\/iam-data; 0 condition operators, all IAM's\.\n\nTotal \d+ ms\.\n$/,
        );
        const json = await run(["--stacks", "account-b", "--out", out, "--json"]);
        assert.deepEqual(JSON.parse(json.stdout).vocabulary, { actionsChecked: 1, conditionKeysChecked: 0, conditionOperatorsChecked: 0, problems: [] });
    });

    it("the vocabulary check names each rendered stack, account-b included", async () => {
        const [b] = await renderStacks(ROOT, ["account-b"]);
        const typo = (x: RecordedResource): RecordedResource =>
            x.type === "aws:iam/rolePolicy:RolePolicy"
                ? {
                      ...x,
                      inputs: {
                          ...x.inputs,
                          policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRoleTypo", Resource: "*" }] }),
                      },
                  }
                : x;
        const v = await vocabularyFor([{ ...b, stack: "prod-b", result: { ...b.result, resources: b.result.resources.map(typo) } }]);
        assert.deepEqual(v.problems, [
            {
                stack: "prod-b",
                where: "aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles statement #0",
                kind: "action",
                value: "sts:AssumeRoleTypo",
                message: "unknown action of sts",
            },
        ]);
    });

    it("shows secret outputs with known secrets hidden, and a secret output with none inside as [secret]", () => {
        const outputs = { plain: { cmd: "--external-id xid-1 --region eu-west-1" }, opaque: { token: "abc" }, client: { cmd: "--external-id xid-1" } };
        assert.deepEqual(redactOutputs(outputs, ["opaque", "client"], ["xid-1"]), {
            outputs: { plain: { cmd: "--external-id [secret] --region eu-west-1" }, opaque: "[secret]", client: { cmd: "--external-id [secret]" } },
            secretOutputPaths: ["client.cmd", "opaque", "plain.cmd"],
        });
    });

    it("masks a whole secret input when no known secret value can be pointed at inside it", () => {
        const res = { type: "aws:x", name: "n", inputs: { token: "opaque", plain: '{"Statement":[{"Resource":"s3cr3t"}]}' }, secretPaths: ["token"] };
        assert.deepEqual(redactInputs(res, ["s3cr3t"]), { token: "[secret]", plain: { Statement: [{ Resource: "[secret]" }] } });
    });

    it("sorts object keys recursively and keeps array order", () => {
        assert.equal(JSON.stringify(sortKeys({ b: [{ z: 1, a: 2 }, 3], a: { d: 1, c: 2 } })), '{"a":{"c":2,"d":1},"b":[{"a":2,"z":1},3]}');
    });

    it("reads --dir, --stacks, --out and --json, and rejects anything else", () => {
        assert.deepEqual(parseArgs(["--dir", "/x", "--stacks", "prod-b,prod-a", "--out", "/o", "--json"], "/repo"), {
            dir: "/x",
            stacks: ["prod-b", "prod-a"],
            out: "/o",
            json: true,
            help: false,
        });
        assert.deepEqual(parseArgs([], "/repo"), { dir: "/repo", stacks: ["account-b", "account-a"], out: "/repo/out", json: false, help: false });
        assert.throws(() => parseArgs(["--force"], "/repo"), /^Error: unknown argument --force; usage: npm start -- \[--dir DIR\]/);
    });

    it("--help prints the usage on stdout and exits 0, rendering nothing", async () => {
        for (const flag of ["--help", "-h"]) {
            const r = await run([flag]);
            assert.deepEqual([r.code, r.stdout, r.stderr], [0, `${USAGE}\n`, ""]);
        }
        assert.match(
            USAGE,
            /^usage: npm start -- \[--dir DIR\] \[--stacks account-b,account-a\] \[--out DIR\] \[--json\] \[--format FMT\] \[--diff BASE\] \[--help\]\n/,
        );
    });
});

describe("npm start: bad input never escapes --dir/--out, hangs, or half-writes", () => {
    const usage = USAGE.split("\n")[0];
    /** Every file under a directory with its content, to compare before and after a run. */
    const snapshot = (dir: string): Record<string, string> =>
        Object.fromEntries(
            (fs.readdirSync(dir, { recursive: true }) as string[])
                .sort()
                .map((f) => [f, fs.statSync(path.join(dir, f)).isDirectory() ? "<dir>" : fs.readFileSync(path.join(dir, f), "utf8")]),
        );
    const logReader = () =>
        writeStackFiles(
            {
                targetAccountId: "111111111111",
                sourceAccountId: "222222222222",
                sources: { value: { "log-shipper": { kind: "service-role", service: "ec2" } } },
                targetRoles: { value: { "log-reader": { trustedSources: ["log-shipper"], permissions: { logsRead: { logGroups: ["/app/cron"] } } } } },
            },
            { "account-a": { "aws:region": "eu-west-1" }, "account-b": { "aws:region": "eu-west-1" } },
        );

    it("--stacks with a name that is not Pulumi's (/../evil) exits 2 in one line and reads or writes nothing", async () => {
        const out = tempDir("render-evil-");
        const r = await run(["--stacks", "account-b,/../evil", "--out", out]);
        assert.deepEqual(
            [r.code, r.stdout, r.stderr, fs.readdirSync(out)],
            [2, "", `--stacks "/../evil": expected a Pulumi stack name: 1 to 100 letters, digits, -, _ or .; ${usage}\n`, []],
        );
    });

    it("--out naming a file (or a path through one) exits 2 in one line, leaving the file as it was", async () => {
        const file = path.join(tempDir("render-file-"), "not-a-dir");
        fs.writeFileSync(file, "keep me");
        for (const [out, message] of [
            [file, `--out ${file}: is a file, expected a directory; ${usage}\n`],
            [path.join(file, "sub"), `--out ${path.join(file, "sub")}: ${file} is a file, expected a directory; ${usage}\n`],
        ]) {
            const r = await run(["--out", out]);
            assert.deepEqual([r.code, r.stdout, r.stderr], [2, "", message]);
        }
        assert.equal(fs.readFileSync(file, "utf8"), "keep me");
    });

    it("--out where no directory can be made (/proc/x) exits 2 in one line instead of hanging", async function () {
        if (!fs.existsSync("/proc/self")) this.skip();
        const r = await run(["--out", "/proc/x"]);
        assert.deepEqual([r.code, r.stdout, r.stderr], [2, "", "cannot create directory /proc/x: ENOENT: no such file or directory\n"]);
    });

    it("a stack file 5000 levels deep exits 2 with one line naming the file", async () => {
        const dir = logReader();
        fs.writeFileSync(path.join(dir, "Pulumi.account-b.yaml"), `config:\n  aws:region: ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
        const out = tempDir("render-deep-");
        const r = await run(["--dir", dir, "--out", out]);
        assert.deepEqual(
            [r.code, r.stdout, r.stderr, fs.readdirSync(out)],
            [2, "", `${path.join(dir, "Pulumi.account-b.yaml")}: nested deeper than 64 levels; a stack file is never that deep\n`, []],
        );
    });

    it("a failed render writes nothing and leaves the previous render's files exactly as they were", async () => {
        const dir = logReader();
        const out = tempDir("render-stale-");
        assert.equal((await run(["--dir", dir, "--out", out])).code, 0);
        const before = snapshot(out);
        assert.deepEqual(Object.keys(before), ["access.html", "account-a.json", "account-b.json"]);
        fs.writeFileSync(path.join(dir, "Pulumi.account-a.yaml"), stringify({ config: { "aws:region": "mars" } }));
        const r = await run(["--dir", dir, "--out", out]);
        assert.deepEqual(
            [r.code, r.stderr],
            [1, 'account-a: invalid configuration (1 problem):\n  - aws:region = "mars": expected an AWS region such as eu-west-1\n'],
        );
        assert.deepEqual(snapshot(out), before);
    });

    it("when one file cannot be written, none is: the other keeps its old content and no temporary file is left", async () => {
        const dir = logReader();
        const out = tempDir("render-half-");
        fs.writeFileSync(path.join(out, "account-b.json"), "old account-b\n");
        fs.mkdirSync(path.join(out, "account-a.json"));
        const r = await run(["--dir", dir, "--out", out]);
        assert.deepEqual([r.code, r.stdout, r.stderr], [2, "", `${path.join(out, "account-a.json")}: is a directory, expected a file\n`]);
        assert.deepEqual(snapshot(out), { "account-a.json": "<dir>", "account-b.json": "old account-b\n" });
    });

    it("AdministratorAccess attached (with the loud opt-out) is not 'all pass': its rows are UNPROVEN and the exit code is 5", async () => {
        const dir = writeStackFiles(
            {
                targetAccountId: "111111111111",
                sourceAccountId: "222222222222",
                sources: { value: { "log-shipper": { kind: "service-role", service: "ec2" } } },
                targetRoles: {
                    value: {
                        "log-reader": {
                            trustedSources: ["log-shipper"],
                            permissions: {
                                logsRead: { logGroups: ["/app/cron"] },
                                managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
                                unsafeAllowPrivilegeEscalation: true,
                            },
                        },
                    },
                },
            },
            { "account-a": { "aws:region": "eu-west-1" }, "account-b": { "aws:region": "eu-west-1" } },
        );
        const r = await run(["--dir", dir, "--out", tempDir("render-admin-")]);
        assert.equal(r.code, 5, r.stdout + r.stderr);
        assert.ok(
            r.stdout.includes(
                [
                    "  UNPROVEN  deny    logs:FilterLogEvents on another log group (/report/other-log-group) is refused",
                    "            unproven: the rendered policies give denied, but the report does not have AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess attached to role log-reader, which may allow this",
                ].join("\n"),
            ),
            r.stdout,
        );
        assert.match(r.stdout, /\n12 checks: 4 passed, 8 UNPROVEN \(the report cannot decide them: see the reason under each\)\. Report took \d+ ms\.\n/);
        const json = await run(["--dir", dir, "--out", tempDir("render-admin-json-"), "--json"]);
        const report = JSON.parse(json.stdout).report;
        assert.deepEqual([json.code, report.ok, report.passed, report.failed, report.unproven], [5, false, 4, 0, 8]);
        assert.deepEqual(report.roles[0].checks[11].dependsOn, ["AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess attached to role log-reader"]);
    });

    it("an ExternalId given as a bare string or a list (pulumi config set without --path) is never printed", async () => {
        for (const externalIds of ["MyClearSecret123", ["MyClearSecret123", "other-secret-value"]]) {
            const stack = { "aws:region": "eu-west-1", "cross-account-iam:externalIds": externalIds };
            const dir = writeStackFiles(VENDOR_PROJECT, { "account-a": stack, "account-b": stack });
            const out = tempDir("render-bare-");
            for (const args of [[], ["--json"]]) {
                const r = await run(["--dir", dir, "--out", out, ...args]);
                assert.equal(r.code, 1, r.stderr);
                for (const secret of ["MyClearSecret123", "other-secret-value"]) assert.ok(!(r.stdout + r.stderr).includes(secret), r.stderr);
            }
            assert.deepEqual(fs.readdirSync(out), []);
        }
    });
});

describe("npm start: the command line (spawned)", () => {
    /** Runs the CLI without blocking, so the runs overlap. */
    const cli = (dir: string, out: string) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
            // `npm start` without npm; the bundle it runs was built by tests/global-fixtures.ts.
            const child = spawn("sh", scriptShellArgs("start", ["--dir", dir, "--out", out]), scriptSpawnOptions());
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            child.on("error", reject);
            child.on("close", (status) => resolve({ status, stdout, stderr }));
        });

    const defaultOut = tempDir("render-cli-");
    let badConfig: ReturnType<typeof cli>;
    let defaultStacks: ReturnType<typeof cli>;
    before(() => {
        const dir = writeStackFiles(
            { ...VENDOR_PROJECT, targetAccountId: "123" },
            { "account-b": { "aws:region": "mars" }, "account-a": { "aws:region": "eu-west-1" } },
        );
        badConfig = cli(dir, tempDir("render-bad-"));
        defaultStacks = cli(ROOT, defaultOut);
        // Settled by the tests; keep a failure of one from surfacing as an unhandled rejection.
        badConfig.catch(() => undefined);
        defaultStacks.catch(() => undefined);
    });

    it("a bad config exits 1 with the stack name and one line per problem, no stack trace", async () => {
        const r = await badConfig;
        assert.equal(r.status, 1);
        assert.equal(
            r.stderr.replace(/^npm warn .*\n/gm, ""),
            [
                "account-b: invalid configuration (2 problems):",
                '  - targetAccountId = "123": expected a 12-digit AWS account id',
                '  - aws:region = "mars": expected an AWS region such as eu-west-1',
                "",
            ].join("\n"),
        );
        assert.equal(r.stdout, "");
    });

    it("the default stacks exit 0 with every check passing", async () => {
        const r = await defaultStacks;
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /\n11 checks: 11 passed, all pass\./);
        assert.deepEqual(fs.readdirSync(defaultOut).sort(), ["access.html", "account-a.json", "account-b.json"]);
    });
});

// In process: the spawned runs above show that main's return value becomes the exit code.
describe("npm start: exit code 3", () => {
    /** The default log-reader, plus one custom statement. */
    const withStatement = (statement: Record<string, unknown>) =>
        writeStackFiles(
            {
                targetAccountId: "111111111111",
                sourceAccountId: "222222222222",
                sources: { value: { "log-shipper": { kind: "service-role", service: "ec2", path: "/cross-account/" } } },
                targetRoles: {
                    value: {
                        "log-reader": {
                            path: "/cross-account/",
                            trustedSources: ["log-shipper"],
                            // The config lets a wildcard Resource through only on request; the report must still catch it.
                            permissions: { logsRead: { logGroups: ["/app/cron"] }, statements: [statement], allowWildcardResources: true },
                        },
                    },
                },
            },
            { "account-a": { "aws:region": "eu-west-1" }, "account-b": { "aws:region": "eu-west-1" } },
        );

    it("a custom statement that lets the role act outside its expectations exits 3 with the FAIL line explained", async () => {
        const r = await run([
            "--dir",
            withStatement({ Sid: "TooWide", Effect: "Allow", Action: "logs:FilterLogEvents", Resource: "*" }),
            "--out",
            tempDir("render-wide-"),
        ]);
        assert.equal(r.code, 3, r.stderr);
        assert.ok(
            r.stdout.includes(
                [
                    "  FAIL      deny    logs:FilterLogEvents on another log group (/report/other-log-group) is refused",
                    "            expected denied, got Allowed: identity allows (aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid TooWide)",
                    "            request: arn:aws:sts::111111111111:assumed-role/log-reader/report-session logs:FilterLogEvents arn:aws:logs:eu-west-1:111111111111:log-group:/report/other-log-group with aws:RequestedRegion=eu-west-1",
                    "  note: 1 custom statement(s): checked for known actions, condition keys and operators only",
                ].join("\n"),
            ),
            r.stdout,
        );
        assert.match(r.stdout, /\n11 checks: 10 passed, 1 FAILED\. Report took \d+ ms\.\n/);
    });

    it("a custom statement with an unknown action exits 3 with the ERROR line, though every simulation passes", async () => {
        const r = await run([
            "--dir",
            withStatement({
                Sid: "Typo",
                Effect: "Allow",
                Action: "logs:ReadEverything",
                Resource: "arn:aws:logs:eu-west-1:111111111111:log-group:/app/cron",
            }),
            "--out",
            tempDir("render-typo-"),
        ]);
        assert.equal(r.code, 3, r.stderr);
        assert.ok(
            r.stdout.includes(
                [
                    "Policy vocabulary: 1 unknown (checked 6 actions, 1 condition key, 1 condition operator):",
                    "  ERROR  account-a aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid Typo: action logs:ReadEverything: unknown action of logs",
                    "11 checks: 11 passed, 1 policy vocabulary error. Report took ",
                ].join("\n"),
            ),
            r.stdout,
        );
    });
});
