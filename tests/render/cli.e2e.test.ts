/**
 * `npm start` as a user runs it: exit codes 0 and 1 (bad config, one line per problem, no stack trace) spawned,
 * and 3 (a failed expectation or an unknown action) in process, with what it prints.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { scriptShellArgs, scriptSpawnOptions } from "../../tools/shared/package-scripts";
import { runStart } from "../support/render";
import { VENDOR_PROJECT, tempDir, writeStackFiles } from "../support/stack-files";

const ROOT = path.resolve(__dirname, "..", "..");

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
        const r = await runStart([
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
        const r = await runStart([
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
