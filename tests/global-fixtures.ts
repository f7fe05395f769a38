/**
 * Mocha global fixtures (loaded through .mocharc.json `require`): run once per `npm test`, in the main
 * process, before any test file is loaded, also with `--parallel`.
 *
 * - Rebuilds the bundle `npm start` runs when it is stale (tools/build/start-bundle.js), so the spawned CLI
 *   tests run exactly what `npm start` runs and none of them pays for a rebuild.
 * - Starts moto_server (when it is on PATH) without waiting for it: it boots, in about as long as the other
 *   test files take, on a free loopback port named in MOTO_ENDPOINT_ENV; verify.test.ts uses it, and starts
 *   its own only when run without these fixtures. Stopped by its PID in teardown.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as net from "net";
import { ensureStartBundle } from "../tools/build/start-bundle";

/** The environment variable that hands the shared moto_server's endpoint to the test files. */
export const MOTO_ENDPOINT_ENV = "TEST_MOTO_ENDPOINT";

let moto: ChildProcess | undefined;

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

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
