/**
 * Mocha global fixtures of the end-to-end suite (loaded through .mocharc.e2e.json `require`): run once per
 * `npm run test:e2e`, in the main process, before any test file is loaded, also with `--parallel`.
 *
 * - Rebuilds the bundle `npm start` runs when it is stale (tools/build/start-bundle.js), so the spawned CLI
 *   tests run exactly what `npm start` runs and none of them pays for a rebuild.
 * - Starts moto_server (when it is on PATH) without waiting for it: it boots while the first test files run,
 *   on a free loopback port named in MOTO_ENDPOINT_ENV. The moto suites use it (`useSharedMoto` in
 *   tests/support/moto.ts); a suite run without these fixtures starts its own. Stopped by its PID in teardown.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import { ensureStartBundle } from "../tools/build/start-bundle";
import { freePort } from "./support/ports";

/** The environment variable that hands the shared moto_server's endpoint to the test files. */
export const MOTO_ENDPOINT_ENV = "TEST_MOTO_ENDPOINT";

let moto: ChildProcess | undefined;

export async function mochaGlobalSetup(): Promise<void> {
    ensureStartBundle();
    // Whether moto_server is on PATH, as the shell finds it (tools/verify/main.ts's findOnPath would load the AWS SDK here).
    const onPath = spawnSync("sh", ["-c", "command -v moto_server"], { stdio: "ignore" }).status === 0;
    if (process.env[MOTO_ENDPOINT_ENV] === undefined && onPath) {
        const port = await freePort();
        moto = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
        process.env[MOTO_ENDPOINT_ENV] = `http://127.0.0.1:${port}`;
    }
}

export async function mochaGlobalTeardown(): Promise<void> {
    if (moto && moto.exitCode === null && moto.signalCode === null) {
        const exited = new Promise((resolve) => moto?.once("exit", resolve));
        moto.kill("SIGTERM");
        await exited;
    }
}
