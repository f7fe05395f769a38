/**
 * `npm test`'s node flags (package.json: `node <flags> node_modules/mocha/bin/mocha.js`) are what make the suite
 * fast (docs/speed.md, "The fifth round"), and they only count if they reach mocha's workers, where the tests run. Mocha
 * starts its workers with its own `process.execArgv`; this runs the script itself on two files of its own, in
 * parallel, and reads each worker's flags.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PACKAGE_ROOT, packageScript, scriptEnv, scriptShellArgs } from "../../tools/shared/package-scripts";

const MOCHA = "node_modules/mocha/bin/mocha.js";

/** The node flags of the test script: the words between `node` and mocha's path. */
function testScriptFlags(): string[] {
    const words = packageScript("test").trim().split(/\s+/);
    const at = words.indexOf(MOCHA);
    assert.ok(words[0] === "node" && at > 0, `package.json scripts.test is not "node [flags] ${MOCHA}": ${packageScript("test")}`);
    return words.slice(1, at);
}

describe("npm test's node flags reach mocha's workers", function () {
    this.timeout(30000);

    it("each file runs in a worker (not mocha's own process) started with every flag of the script", () => {
        const flags = testScriptFlags();
        assert.ok(flags.includes("--single-threaded") && flags.some((f) => f.startsWith("--interrupt-budget=")), flags.join(" "));
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "test-script-flags-"));
        try {
            const files = ["one", "two"].map((name) => {
                const file = path.join(dir, `${name}.test.js`);
                const record = path.join(dir, `${name}.json`);
                fs.writeFileSync(
                    file,
                    `it("records its process", () => require("fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify({ worker: process.env.MOCHA_WORKER_ID ?? null, execArgv: process.execArgv })));\n`,
                );
                return { file, record };
            });
            const args = ["--no-config", "--parallel", "--jobs", "2", "--reporter", "dot", ...files.map((f) => f.file)];
            const r = spawnSync("sh", scriptShellArgs("test", args), { cwd: PACKAGE_ROOT, env: scriptEnv(), encoding: "utf8", timeout: 25000 });
            assert.equal(r.status, 0, r.stdout + r.stderr);
            for (const f of files) {
                const { worker, execArgv } = JSON.parse(fs.readFileSync(f.record, "utf8")) as { worker: string | null; execArgv: string[] };
                // Mocha names each worker it starts; mocha's own process running a file would have no id.
                assert.notEqual(worker, null, `${path.basename(f.file)} ran in mocha's own process, not a worker`);
                for (const flag of flags) assert.ok(execArgv.includes(flag), `worker ${worker} ran without ${flag}: ${execArgv.join(" ")}`);
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
