/**
 * `npm start` spawned as a user runs it: exit codes 0, 1 (bad config, one line per problem, no stack
 * trace) and 3 (a failed expectation or an unknown action), with what it prints.
 */
import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { VENDOR_PROJECT, tempDir, writeStackFiles } from "../support/stack-files";

const ROOT = path.resolve(__dirname, "..", "..");

describe("npm start: the command line (spawned)", () => {
    const cli = (dir: string, out: string) =>
        spawnSync("npx", ["ts-node", "--transpile-only", "tools/render/main.ts", "--dir", dir, "--out", out], { cwd: ROOT, encoding: "utf8" });

    it("a bad config exits 1 with the stack name and one line per problem, no stack trace", () => {
        const dir = writeStackFiles(
            { ...VENDOR_PROJECT, targetAccountId: "123" },
            { "account-b": { "aws:region": "mars" }, "account-a": { "aws:region": "eu-west-1" } },
        );
        const r = cli(dir, tempDir("render-bad-"));
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

    /** Runs the CLI without blocking, so several runs overlap. */
    const cliAsync = (dir: string, out: string) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
            const child = spawn("npx", ["ts-node", "--transpile-only", "tools/render/main.ts", "--dir", dir, "--out", out], { cwd: ROOT });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            child.on("error", reject);
            child.on("close", (status) => resolve({ status, stdout, stderr }));
        });

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

    describe("exit code 3", () => {
        let tooWide: ReturnType<typeof cliAsync>;
        let typo: ReturnType<typeof cliAsync>;
        before(() => {
            tooWide = cliAsync(withStatement({ Sid: "TooWide", Effect: "Allow", Action: "logs:FilterLogEvents", Resource: "*" }), tempDir("render-wide-"));
            typo = cliAsync(
                withStatement({
                    Sid: "Typo",
                    Effect: "Allow",
                    Action: "logs:ReadEverything",
                    Resource: "arn:aws:logs:eu-west-1:111111111111:log-group:/app/cron",
                }),
                tempDir("render-typo-"),
            );
            // Settled by the tests; keep a failure of one from surfacing as an unhandled rejection.
            tooWide.catch(() => undefined);
            typo.catch(() => undefined);
        });

        it("a custom statement that lets the role act outside its expectations exits 3 with the FAIL line explained", async () => {
            const r = await tooWide;
            assert.equal(r.status, 3, r.stderr);
            assert.ok(
                r.stdout.includes(
                    [
                        "  FAIL    deny    logs:FilterLogEvents on another log group (/report/other-log-group) is refused",
                        "          expected denied, got Allowed: identity allows (aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid TooWide)",
                        "          request: arn:aws:sts::111111111111:assumed-role/log-reader/report-session logs:FilterLogEvents arn:aws:logs:eu-west-1:111111111111:log-group:/report/other-log-group with aws:RequestedRegion=eu-west-1",
                        "  note: 1 custom statement(s): checked for known actions and condition keys only",
                    ].join("\n"),
                ),
                r.stdout,
            );
            assert.match(r.stdout, /\n11 checks: 10 passed, 1 FAILED\. Report took \d+ ms\.\n/);
        });

        it("a custom statement with an unknown action exits 3 with the ERROR line, though every simulation passes", async () => {
            const r = await typo;
            assert.equal(r.status, 3, r.stderr);
            assert.ok(
                r.stdout.includes(
                    [
                        "Policy vocabulary: 1 unknown (checked 6 actions, 1 condition key):",
                        "  ERROR  account-a aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid Typo: action logs:ReadEverything: unknown action of logs",
                        "11 checks: 11 passed, 1 unknown action/condition key(s). Report took ",
                    ].join("\n"),
                ),
                r.stdout,
            );
        });
    });

    it("the default stacks exit 0 with every check passing", () => {
        const out = tempDir("render-cli-");
        const r = cli(ROOT, out);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /\n11 checks: 11 passed, all pass\./);
        assert.deepEqual(fs.readdirSync(out).sort(), ["access.html", "account-a.json", "account-b.json"]);
    });
});
