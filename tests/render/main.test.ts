/**
 * `npm start` (tools/render/main.ts), run in process: both stacks rendered offline from the stack files,
 * written as stable JSON, secrets never in clear, user mistakes reported in one line each with exit 1.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { RecordedResource } from "../../tools/shared/mock-runtime";
import { USAGE, parseArgs, vocabularyFor } from "../../tools/render/main";
import { renderStacks } from "../../tools/render/stacks";
import { runStart } from "../support/render";
import { USER_SESSION_VENDOR, VENDOR_PROJECT, tempDir, writeStackFiles } from "../support/stack-files";

const ROOT = path.resolve(__dirname, "..", "..");

describe("npm start: render (tools/render/main.ts)", () => {
    it("writes out/account-b.json and out/account-a.json for the default stacks: AWS resources only, policies parsed", async () => {
        const out = tempDir("render-out-");
        const r = await runStart(["--out", out]);
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
        assert.equal((await runStart(["--out", one])).code, 0);
        assert.equal((await runStart(["--out", two])).code, 0);
        for (const f of ["account-a.json", "account-b.json"])
            assert.equal(fs.readFileSync(path.join(one, f), "utf8"), fs.readFileSync(path.join(two, f), "utf8"));
    });

    it("never writes or prints a secret: secure values and ExternalIds show as [secret]", async () => {
        const stackConfig = { "aws:region": "eu-west-1", "cross-account-iam:externalIds": { "vendor-reader": { secure: "v1:c2VjcmV0" } } };
        const dir = writeStackFiles(VENDOR_PROJECT, { "account-a": stackConfig, "account-b": stackConfig });
        const out = tempDir("render-secret-");
        const r = await runStart(["--dir", dir, "--out", out]);
        const json = await runStart(["--dir", dir, "--out", out, "--json"]);
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
        const r = await runStart(["--dir", dir, "--out", out, "--json"]);
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

    it("--stacks account-a renders account-b for its outputs but writes only account-a.json", async () => {
        const out = tempDir("render-a-");
        const r = await runStart(["--stacks", "account-a", "--out", out]);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(fs.readdirSync(out), ["access.html", "account-a.json"]);
    });

    it("--stacks account-a goes on without account-b when account A does not read it (a vendor's account has no stack)", async () => {
        const dir = writeStackFiles(VENDOR_PROJECT, {
            "account-a": { "aws:region": "eu-west-1", "cross-account-iam:externalIds": { "vendor-reader": { secure: "v1:c2VjcmV0" } } },
        });
        const out = tempDir("render-vendor-");
        const r = await runStart(["--dir", dir, "--stacks", "account-a", "--out", out]);
        assert.equal(r.code, 5, r.stderr);
        assert.deepEqual(fs.readdirSync(out), ["access.html", "account-a.json"]);
        assert.match(r.stdout, /\n8 checks: 7 passed, 1 UNPROVEN \(the report cannot decide them: see the reason under each\)\. Report took \d+ ms\.\n/);
        const both = await runStart(["--dir", dir, "--out", out]);
        assert.deepEqual([both.code, both.stderr], [2, `${path.join(dir, "Pulumi.account-b.yaml")}: not found (stack files here: Pulumi.account-a.yaml)\n`]);
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
        const r = await runStart(["--dir", writeStackFiles(project, { "account-a": region, "account-b": region }), "--out", out]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /\narn:aws-us-gov:iam::111111111111:role\/reader {2}\(trust mode principal\)\n/);
        assert.match(r.stdout, /\n11 checks: 11 passed, all pass\./);
    });

    it("--stacks account-b alone still checks B's policies for unknown actions and condition keys", async () => {
        const out = tempDir("render-b-");
        const r = await runStart(["--stacks", "account-b", "--out", out]);
        assert.deepEqual([r.code, r.stderr, fs.readdirSync(out)], [0, "", ["access.html", "account-b.json"]]);
        assert.match(
            r.stdout,
            /\n\nNo target stack rendered: no access simulations\.\nPolicy vocabulary: 1 action and 0 condition keys, all known to @cloud-copilot\/iam-data; 0 condition operators, all IAM's\.\n\nTotal \d+ ms\.\n$/,
        );
        const json = await runStart(["--stacks", "account-b", "--out", out, "--json"]);
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

    it("reads --dir, --stacks, --out and --json, and rejects anything else", () => {
        assert.deepEqual(parseArgs(["--dir", "/x", "--stacks", "prod-b,prod-a", "--out", "/o", "--json"], "/repo"), {
            dir: "/x",
            stacks: ["prod-b", "prod-a"],
            stacksGiven: true,
            out: "/o",
            json: true,
            help: false,
        });
        assert.deepEqual(parseArgs([], "/repo"), { dir: "/repo", stacks: ["account-b", "account-a"], out: "/repo/out", json: false, help: false });
        assert.throws(() => parseArgs(["--force"], "/repo"), /^Error: unknown argument --force; usage: npm start -- \[--dir DIR\]/);
    });

    it("--help prints the usage on stdout and exits 0, rendering nothing", async () => {
        for (const flag of ["--help", "-h"]) {
            const r = await runStart([flag]);
            assert.deepEqual([r.code, r.stdout, r.stderr], [0, `${USAGE}\n`, ""]);
        }
        assert.match(
            USAGE,
            /^usage: npm start -- \[--dir DIR\] \[--stacks account-b,account-a\] \[--out DIR\] \[--json\] \[--format FMT\] \[--diff BASE\] \[--help\]\n/,
        );
    });
});
