/** .ci/run lints the StackSet templates for real: without cfn-lint it stops before installing anything. */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { findOnPath } from "../tools/verify/main";
import { toolSkipReason } from "./support/moto";

describe("CI runs the cfn-lint test of the StackSet templates, never skips it", () => {
    let dir = "";
    const ciRun = path.join(__dirname, "..", ".ci", "run");
    const stub = (where: string, name: string, body = "exit 0") => writeFileSync(path.join(where, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });

    before(() => {
        dir = mkdtempSync(path.join(tmpdir(), "ci-cfn-lint-"));
        mkdirSync(path.join(dir, "bin"));
        // Stand-ins: moto_server and aws are there, npm records its arguments; nothing is installed or run for real.
        for (const tool of ["moto_server", "aws"]) stub(path.join(dir, "bin"), tool);
        stub(path.join(dir, "bin"), "npm", 'echo "npm $*" >> "$NPM_LOG"');
        const dirname = findOnPath("dirname", process.env.PATH);
        assert.ok(dirname, "dirname is on PATH");
        stub(path.join(dir, "bin"), "dirname", `exec '${dirname}' "$@"`);
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    const runCi = (env: Record<string, string>) =>
        spawnSync(findOnPath("bash", process.env.PATH)!, [ciRun], {
            env: { HOME: dir, ...env },
            encoding: "utf8",
            timeout: 10000,
            stdio: ["ignore", "pipe", "pipe"],
        });

    it("without cfn-lint the template test is skipped with a reason, and fails instead under REQUIRE_MOTO=1", () => {
        const bin = path.join(dir, "bin");
        assert.equal(toolSkipReason("cfn-lint", "pip install cfn-lint", { PATH: bin }), "cfn-lint is not on PATH (pip install cfn-lint)");
        assert.throws(() => toolSkipReason("cfn-lint", "pip install cfn-lint", { PATH: bin, REQUIRE_MOTO: "1" }), {
            message: "cfn-lint is not on PATH, but REQUIRE_MOTO=1 (set by .ci/run) requires the end-to-end test to run: pip install cfn-lint",
        });
    });

    it(".ci/run stops with exit 1 before installing anything when cfn-lint is not on PATH", () => {
        const npmLog = path.join(dir, "npm-missing.log");
        const r = runCi({ PATH: path.join(dir, "bin"), NPM_LOG: npmLog });
        assert.deepEqual(
            [r.stderr, r.stdout, r.status],
            ["ci: cfn-lint is not on PATH, and CI must lint the StackSet templates with it: pip install cfn-lint\n", "", 1],
        );
        assert.throws(() => readFileSync(npmLog, "utf8"), { code: "ENOENT" });
    });

    it(".ci/run finds a pyenv cfn-lint that a bare CI PATH leaves out, and goes on to npm test", () => {
        const home = path.join(dir, "pyenv-home");
        const shims = path.join(home, ".pyenv", "shims");
        mkdirSync(shims, { recursive: true });
        stub(shims, "cfn-lint");
        const npmLog = path.join(dir, "npm-pyenv.log");
        const r = runCi({ PATH: path.join(dir, "bin"), NPM_LOG: npmLog, HOME: home });
        assert.deepEqual([r.stderr, r.status], ["", 0]);
        assert.ok(readFileSync(npmLog, "utf8").includes("npm test"));
    });
});
