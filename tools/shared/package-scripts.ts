/**
 * The package's npm scripts, run as npm runs them (`sh -c` in the package root, node_modules/.bin first
 * on PATH, arguments appended) but without starting npm itself: for the tests that spawn `npm start`'s
 * command and for the benchmarks.
 */
import { SpawnOptionsWithoutStdio, execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The repository root: where package.json is. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/** The text of `scripts.<name>` in package.json. */
export function packageScript(name: string): string {
    const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    const script = pkg.scripts?.[name];
    if (script === undefined) throw new Error(`package.json has no script ${name}`);
    return script;
}

/** The environment npm gives a script: node_modules/.bin first on PATH. */
export function scriptEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return { ...env, PATH: `${path.join(PACKAGE_ROOT, "node_modules", ".bin")}${path.delimiter}${env.PATH ?? ""}` };
}

/** `sh` arguments that run the script with `args` appended, as `npm run <name> -- args` would. */
export function scriptShellArgs(name: string, args: readonly string[] = []): string[] {
    return ["-c", `${packageScript(name)} "$@"`, `npm-${name}`, ...args];
}

/** Spawn options for scriptShellArgs: the package root, npm's PATH. */
export function scriptSpawnOptions(): SpawnOptionsWithoutStdio {
    return { cwd: PACKAGE_ROOT, env: scriptEnv() };
}

/** Runs a script to completion (stderr shown); throws if it fails. */
export function runPackageScript(name: string): void {
    execFileSync("sh", scriptShellArgs(name), { cwd: PACKAGE_ROOT, env: scriptEnv(), stdio: ["ignore", "ignore", "inherit"] });
}
