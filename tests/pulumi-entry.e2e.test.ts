/**
 * What `pulumi up` runs is what it ran before the test and start speed-ups (docs/speed.md): Pulumi's
 * Node.js runtime with `typescript: true` loads package.json's `main`, index.ts, through ts-node (TypeScript's
 * own emit) with tsconfig.json. The tests and the benchmarks run the same sources transpiled by esbuild
 * (tools/shared/typescript-hook.js) and `npm start` runs an esbuild bundle; this file proves the two
 * transpilers yield the same program.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { defaultNamedStacks, renderStacks } from "../tools/render/stacks";

const ROOT = path.resolve(__dirname, "..");
const DIRS = [".", ...fs.readdirSync(path.join(ROOT, "examples")).map((e) => path.join("examples", e))];

/** Every stack of every directory, rendered from its files: resources, outputs and secret output names, as JSON. */
const RENDER_ALL = `
// ts-node source-maps every stack trace, and the SDK takes one per resource: slow, and no part of what is compared.
Error.prepareStackTrace = undefined;
const { defaultNamedStacks, renderStacks } = require("./tools/render/stacks");
(async () => {
    const all = {};
    for (const dir of ${JSON.stringify(DIRS)}) {
        for (const r of await renderStacks(dir, defaultNamedStacks(dir) ?? ["account-b", "account-a"])) all[dir + " " + r.stack] = r.result;
    }
    process.stdout.write(JSON.stringify(all));
})().catch((e) => { console.error(e); process.exit(2); });
`;

describe("pulumi up: the program Pulumi runs", () => {
    it("is index.ts through ts-node: Pulumi.yaml asks for the nodejs runtime with typescript and names no main, package.json's main is index.ts", () => {
        const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
        assert.deepEqual(project.runtime, { name: "nodejs", options: { typescript: true } });
        assert.equal(project.main, undefined);
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { main: string; devDependencies: Record<string, string> };
        assert.equal(pkg.main, "index.ts");
        assert.ok(fs.existsSync(path.join(ROOT, pkg.main)));
        assert.ok("ts-node" in pkg.devDependencies && "typescript" in pkg.devDependencies, "Pulumi loads the project's ts-node and typescript");
    });

    it("declares, under ts-node's emit, the same resources, inputs and outputs for every stack file and example as under esbuild's", async function () {
        // ts-node compiles each module afresh: the one slow step here.
        this.timeout(60000);
        // As Pulumi's runtime registers ts-node (project tsconfig.json), without its type check: `npm run typecheck` is that.
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", RENDER_ALL], {
            cwd: ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<number | null>((resolve) => child.on("close", resolve));

        const here: Record<string, unknown> = {};
        for (const dir of DIRS) {
            const stacks = defaultNamedStacks(path.join(ROOT, dir)) ?? ["account-b", "account-a"];
            for (const r of await renderStacks(path.join(ROOT, dir), stacks)) here[`${dir} ${r.stack}`] = r.result;
        }
        assert.equal(await exited, 0, stderr);
        const underTsNode = JSON.parse(stdout) as Record<string, unknown>;
        assert.deepEqual(Object.keys(underTsNode), Object.keys(here));
        assert.deepEqual(underTsNode, JSON.parse(JSON.stringify(here)));
    });
});
