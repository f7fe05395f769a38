/**
 * .ci/run: CI runs the moto end-to-end verify test and never skips it. The script runs under a bare
 * PATH with stand-ins for npm and moto_server; nothing is installed or run for real.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { findOnPath } from "../tools/verify/main";
import { MOTO_INSTALL, toolSkipReason } from "./support/moto";

describe("verify: CI runs the moto end-to-end test, never skips it", function () {
    let dir = "";
    let bin = "";
    const ciRun = path.join(__dirname, "..", ".ci", "run");

    before(() => {
        dir = mkdtempSync(path.join(tmpdir(), "verify-ci-"));
        bin = path.join(dir, "bin");
        mkdirSync(bin);
        // Stand-ins: npm records its arguments and REQUIRE_MOTO; nothing is installed or run for real.
        writeFileSync(path.join(bin, "npm"), '#!/bin/sh\necho "npm $* REQUIRE_MOTO=$REQUIRE_MOTO" >> "$NPM_LOG"\n', { mode: 0o755 });
        // cfn-lint is there: its own check is tested in tests/ci-cfn-lint.test.ts.
        writeFileSync(path.join(bin, "cfn-lint"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        const dirname = findOnPath("dirname", process.env.PATH);
        assert.ok(dirname, "dirname is on PATH");
        writeFileSync(path.join(bin, "dirname"), `#!/bin/sh\nexec '${dirname}' "$@"\n`, { mode: 0o755 });
        // .ci/run also wants a Chromium for the access map's browser test (tests/access-map-browser.e2e.test.ts tests that step).
        writeFileSync(path.join(bin, "chromium"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    /** Runs .ci/run under a bare PATH (the stand-ins; `extraPath` appended), HOME and the stand-in Chromium, npm's calls logged to npmLog. */
    function runCi(npmLog: string, { extraPath, home }: { extraPath?: string; home?: string } = {}) {
        const bash = findOnPath("bash", process.env.PATH);
        assert.ok(bash, "bash is on PATH");
        const PATH = extraPath === undefined ? bin : `${bin}:${extraPath}`;
        const env = { PATH, NPM_LOG: npmLog, HOME: home ?? dir, CHROMIUM_PATH: path.join(bin, "chromium") };
        return spawnSync(bash, [ciRun], { env, encoding: "utf8", timeout: 10000 });
    }

    it("without moto_server on PATH the e2e suite is skipped with a reason, and fails instead under REQUIRE_MOTO=1", () => {
        assert.equal(toolSkipReason("moto_server", MOTO_INSTALL, { PATH: bin }), "moto_server is not on PATH (pip install 'moto[server]')");
        assert.throws(() => toolSkipReason("moto_server", MOTO_INSTALL, { PATH: bin, REQUIRE_MOTO: "1" }), {
            message: "moto_server is not on PATH, but REQUIRE_MOTO=1 (set by .ci/run) requires the end-to-end test to run: pip install 'moto[server]'",
        });
    });

    it(".ci/run stops with exit 1 before installing anything when moto_server is not on PATH", () => {
        const npmLog = path.join(dir, "npm-missing.log");
        const r = runCi(npmLog);
        assert.equal(r.stderr, "ci: moto_server is not on PATH, and CI must run the end-to-end verify test against it: pip install 'moto[server]'\n");
        assert.equal(r.stdout, "");
        assert.equal(r.status, 1);
        assert.throws(() => readFileSync(npmLog, "utf8"), { code: "ENOENT" });
    });

    it(".ci/run finds a pyenv moto_server that a bare CI PATH leaves out, and puts it on PATH", () => {
        const shims = path.join(dir, "pyenv-home", ".pyenv", "shims");
        mkdirSync(shims, { recursive: true });
        writeFileSync(path.join(shims, "moto_server"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        writeFileSync(path.join(shims, "aws"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        const npmLog = path.join(dir, "npm-pyenv.log");
        const r = runCi(npmLog, { home: path.join(dir, "pyenv-home") });
        assert.equal(r.stderr, "");
        assert.equal(r.status, 0);
        assert.ok(readFileSync(npmLog, "utf8").includes("npm test REQUIRE_MOTO=1"));
    });

    it(".ci/run runs npm test and npm run test:e2e, with REQUIRE_MOTO=1 exported, when moto_server and aws are on PATH", () => {
        const withMoto = path.join(dir, "bin-moto");
        mkdirSync(withMoto);
        writeFileSync(path.join(withMoto, "moto_server"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        writeFileSync(path.join(withMoto, "aws"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        const npmLog = path.join(dir, "npm.log");
        const r = runCi(npmLog, { extraPath: withMoto });
        assert.equal(r.stderr, "");
        assert.equal(r.status, 0);
        assert.equal(
            readFileSync(npmLog, "utf8"),
            [
                "npm ci --no-audit --no-fund REQUIRE_MOTO=1",
                "npm run typecheck REQUIRE_MOTO=1",
                "npm run lint REQUIRE_MOTO=1",
                "npm test REQUIRE_MOTO=1",
                "npm run test:e2e REQUIRE_MOTO=1",
                "npm start REQUIRE_MOTO=1",
                "",
            ].join("\n"),
        );
    });
});
