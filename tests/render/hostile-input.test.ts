/**
 * `npm start` given hostile input: a stack name that is not Pulumi's, an --out that is a file or cannot be
 * made, a stack file nested without end, a render that fails or cannot write one file (nothing half-written),
 * AdministratorAccess attached (UNPROVEN, exit 5), an ExternalId in a shape the reader refuses (never printed).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { USAGE } from "../../tools/render/main";
import { runStart } from "../support/render";
import { VENDOR_PROJECT, tempDir, writeStackFiles } from "../support/stack-files";

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
        const r = await runStart(["--stacks", "account-b,/../evil", "--out", out]);
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
            const r = await runStart(["--out", out]);
            assert.deepEqual([r.code, r.stdout, r.stderr], [2, "", message]);
        }
        assert.equal(fs.readFileSync(file, "utf8"), "keep me");
    });

    it("--out where no directory can be made (/proc/x) exits 2 in one line instead of hanging", async function () {
        if (!fs.existsSync("/proc/self")) this.skip();
        const r = await runStart(["--out", "/proc/x"]);
        assert.deepEqual([r.code, r.stdout, r.stderr], [2, "", "cannot create directory /proc/x: ENOENT: no such file or directory\n"]);
    });

    it("a stack file 5000 levels deep exits 2 with one line naming the file", async () => {
        const dir = logReader();
        fs.writeFileSync(path.join(dir, "Pulumi.account-b.yaml"), `config:\n  aws:region: ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
        const out = tempDir("render-deep-");
        const r = await runStart(["--dir", dir, "--out", out]);
        assert.deepEqual(
            [r.code, r.stdout, r.stderr, fs.readdirSync(out)],
            [2, "", `${path.join(dir, "Pulumi.account-b.yaml")}: nested deeper than 64 levels; a stack file is never that deep\n`, []],
        );
    });

    it("a failed render writes nothing and leaves the previous render's files exactly as they were", async () => {
        const dir = logReader();
        const out = tempDir("render-stale-");
        assert.equal((await runStart(["--dir", dir, "--out", out])).code, 0);
        const before = snapshot(out);
        assert.deepEqual(Object.keys(before), ["access.html", "account-a.json", "account-b.json"]);
        fs.writeFileSync(path.join(dir, "Pulumi.account-a.yaml"), stringify({ config: { "aws:region": "mars" } }));
        const r = await runStart(["--dir", dir, "--out", out]);
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
        const r = await runStart(["--dir", dir, "--out", out]);
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
        const r = await runStart(["--dir", dir, "--out", tempDir("render-admin-")]);
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
        const json = await runStart(["--dir", dir, "--out", tempDir("render-admin-json-"), "--json"]);
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
                const r = await runStart(["--dir", dir, "--out", out, ...args]);
                assert.equal(r.code, 1, r.stderr);
                for (const secret of ["MyClearSecret123", "other-secret-value"]) assert.ok(!(r.stdout + r.stderr).includes(secret), r.stderr);
            }
            assert.deepEqual(fs.readdirSync(out), []);
        }
    });
});
