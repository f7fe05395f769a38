/**
 * tools/shared/defer-closure-serializer.js: a process that renders under mocks loads neither TypeScript nor
 * @npmcli/arborist with the SDK, and the SDK's closure functions still answer as they do when loaded eagerly.
 * Each case is a fresh `node`, since a test worker has loaded whatever other test files needed.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PACKAGE_ROOT, packageScript, scriptEnv } from "../../tools/shared/package-scripts";

const DEFER = path.join(PACKAGE_ROOT, "tools", "shared", "defer-closure-serializer.js");
const TYPESCRIPT_HOOK = path.join(PACKAGE_ROOT, "tools", "shared", "typescript-hook.js");

/** Which of the deferred packages are loaded, as a JSON list, at the point this snippet runs. */
const LOADED = `[...new Set(Object.keys(require.cache).map((k) => /node_modules\\/(typescript|@npmcli\\/arborist)\\//.exec(k)?.[1]).filter(Boolean))].sort()`;

/** Loads the SDK as the program does, then uses each closure function; prints what was loaded when, and the answers. */
function probe(project: string): string {
    return `
const pulumi = require("@pulumi/pulumi");
require("@pulumi/aws/iam");
(async () => {
    const atLoad = ${LOADED};
    const deferred = require(${JSON.stringify(DEFER)}).DEFERRED;
    const offset = 10;
    const serialized = await pulumi.runtime.serializeFunction((x) => x + offset);
    const serializedAsync = await pulumi.runtime.serializeFunctionAsync(() => offset);
    process.chdir(${JSON.stringify(project)});
    const codePaths = await pulumi.runtime.computeCodePaths({ extraIncludePaths: ["handler.js"] });
    // For each deferred module: the names whose pulumi.runtime export is the real module's own function (loaded
    // eagerly, runtime/index.js assigns them; deferred, they are stand-ins and this is empty).
    const reExported = {};
    for (const [request] of deferred) {
        const real = require("@pulumi/pulumi/runtime/" + request.slice(2));
        reExported[request] = Object.keys(real).filter((k) => typeof real[k] === "function" && pulumi.runtime[k] === real[k]).sort();
    }
    process.stdout.write(JSON.stringify({
        atLoad,
        afterUse: ${LOADED},
        serialized: serialized.text,
        serializedAsync: serializedAsync.text,
        codePaths: [...codePaths.keys()].sort(),
        deferred: Object.fromEntries([...deferred].map(([request, names]) => [request, [...names].sort()])),
        reExported,
    }));
})().catch((e) => { console.error(e); process.exit(2); });
`;
}

function run(nodeArgs: string[]): Record<string, unknown> {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "closure-project-"));
    try {
        fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "closure-project", version: "1.0.0" }));
        fs.writeFileSync(path.join(project, "handler.js"), "exports.handler = () => 1;\n");
        const r = spawnSync("node", [...nodeArgs, "-e", probe(project)], { cwd: PACKAGE_ROOT, encoding: "utf8" });
        assert.equal(r.status, 0, r.stderr);
        return JSON.parse(r.stdout) as Record<string, unknown>;
    } finally {
        fs.rmSync(project, { recursive: true, force: true });
    }
}

describe("the SDK's closure serializer is loaded on first use (tools/shared/defer-closure-serializer.js)", function () {
    this.timeout(60_000);

    let eager: Record<string, unknown>;
    before(() => {
        eager = run([]);
    });

    it("without it, loading @pulumi/pulumi loads TypeScript and arborist (what there is to defer; if this fails, the SDK stopped and the file can go)", () => {
        assert.deepEqual(eager.atLoad, ["@npmcli/arborist", "typescript"]);
    });

    for (const [how, args] of [
        ["required first (npm start's -r)", ["-r", DEFER]],
        ["through the TypeScript hook (tests, benchmarks, tools)", ["-r", TYPESCRIPT_HOOK]],
    ] as const) {
        it(`${how}: loads neither at load; serializeFunction, serializeFunctionAsync and computeCodePaths answer as eagerly loaded, and then load them`, () => {
            const deferred = run([...args]);
            assert.deepEqual(deferred.atLoad, []);
            assert.deepEqual(deferred.afterUse, ["@npmcli/arborist", "typescript"]);
            for (const key of ["serialized", "serializedAsync", "codePaths"]) assert.deepEqual(deferred[key], eager[key], key);
            assert.match(String(deferred.serialized), /return \(x\) => x \+ offset;/);
            assert.deepEqual(deferred.codePaths, ["handler.js"]);
            assert.deepEqual(deferred.reExported, { "./closure/codePaths": [], "./closure/serializeClosure": [] }, "the runtime holds the stand-ins");
        });
    }

    it("defers exactly the functions runtime/index.js re-exports from each module, no fewer (a missing one would be undefined)", () => {
        assert.deepEqual(eager.reExported, eager.deferred);
    });

    it("npm start's command loads the bundle with it first, and so loads neither", () => {
        assert.match(packageScript("start"), /^node -r \.\/tools\/shared\/defer-closure-serializer\.js /);
        const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "start-loaded-")), "loaded.js");
        fs.writeFileSync(report, `process.on("exit", () => require("fs").writeSync(2, "LOADED " + JSON.stringify(${LOADED}) + "\\n"));\n`);
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "start-out-"));
        const r = spawnSync("sh", ["-c", `${packageScript("start")} --out ${out}`], {
            cwd: PACKAGE_ROOT,
            env: { ...scriptEnv(), NODE_OPTIONS: `-r ${report}` },
            encoding: "utf8",
        });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stderr, /^LOADED \[\]$/m);
    });
});
