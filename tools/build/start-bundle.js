/**
 * The bundle `npm start` runs, dist/render/main.js: tools/render/main.ts and every project module it
 * imports, compiled by esbuild into one file; packages stay `require` calls (node_modules is not
 * bundled). Rebuilt only when it is stale, so an unchanged start pays a few file stats, not a compile.
 *
 *   node -r ./tools/build/start-bundle.js dist/render/main.js ARGS   the start script: check, rebuild if
 *                                                                    stale, then node runs the bundle
 *   node tools/build/start-bundle.js                                 rebuild now (`npm run build`)
 *
 * Stale: the bundle or its metafile is missing, or one of its inputs (esbuild's metafile lists each),
 * tsconfig.json, package.json or this file changed after the build started, or an input is gone.
 * A build writes into a temporary directory and renames into dist/render/, so a start running at the
 * same time never reads half a file. Plain JavaScript: it runs before anything is compiled.
 *
 * Output layout: --outbase tools, --outdir dist, so dist/render/main.js sits as deep as
 * tools/render/main.ts and main.ts's `path.resolve(__dirname, "..", "..")` still names the repository.
 * A source map is written beside the bundle but not used: to read a trace in TypeScript lines, run
 * `node --enable-source-maps dist/render/main.js`.
 */
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const ENTRY = "tools/render/main.ts";
const OUT_DIR = path.join(ROOT, "dist", "render");
const BUNDLE = path.join(OUT_DIR, "main.js");
const META = path.join(OUT_DIR, "main.meta.json");
/** Inputs esbuild does not list but that change the output. */
const BUILD_INPUTS = ["tsconfig.json", "package.json", path.relative(ROOT, __filename)];

/**
 * Each project module keeps its own `__dirname` (its source directory), as when run from source:
 * tools/access-map/html.ts reads page.js beside it, tools/render/main.ts names the repository two levels up.
 * The bundle's first line finds the repository from the bundle's own place (dist/render/, two levels down).
 */
const sourceDirname = {
    name: "source-dirname",
    setup(build) {
        build.onLoad({ filter: /\.ts$/ }, async (args) => {
            if (args.path.split(path.sep).includes("node_modules")) return undefined;
            const dir = path.relative(ROOT, path.dirname(args.path)).split(path.sep).join("/");
            const source = await fs.promises.readFile(args.path, "utf8");
            // On the first line, so lines in messages and maps stay the source's.
            return { contents: `const __dirname = __sourceDirname(${JSON.stringify(dir)}); ${source}`, loader: "ts" };
        });
    },
};

/** esbuild options; with `target: "node20"` and `format: "cjs"`, as tsc emits for module commonjs. */
function options(outdir) {
    return {
        absWorkingDir: ROOT,
        entryPoints: [ENTRY],
        outbase: "tools",
        outdir,
        bundle: true,
        packages: "external",
        platform: "node",
        format: "cjs",
        target: "node20",
        // `await import("x")` becomes a require, as tsc writes it for module commonjs.
        supported: { "dynamic-import": false },
        banner: { js: 'const __sourceDirname = (dir) => require("path").join(__dirname, "..", "..", dir);' },
        plugins: [sourceDirname],
        sourcemap: true,
        metafile: true,
        logLevel: "warning",
    };
}

function mtimeMs(file) {
    try {
        return fs.statSync(path.resolve(ROOT, file)).mtimeMs;
    } catch {
        return Infinity;
    }
}

/** True when the bundle was built from the sources as they are now. */
function isFresh() {
    let inputs;
    try {
        inputs = Object.keys(JSON.parse(fs.readFileSync(META, "utf8")).inputs);
    } catch {
        return false;
    }
    const built = mtimeMs(BUNDLE);
    return built !== Infinity && [...inputs, ...BUILD_INPUTS].every((f) => mtimeMs(f) <= built);
}

/** Builds into a temporary directory, then renames the files into place; the bundle last, dated to the build's start. */
async function build() {
    const started = new Date();
    fs.mkdirSync(path.join(ROOT, "dist"), { recursive: true });
    const tmp = fs.mkdtempSync(path.join(ROOT, "dist", ".build-"));
    try {
        const result = await require("esbuild").build(options(tmp));
        const built = path.join(tmp, "render");
        fs.writeFileSync(path.join(built, "main.meta.json"), JSON.stringify(result.metafile));
        fs.mkdirSync(OUT_DIR, { recursive: true });
        for (const f of ["main.js.map", "main.meta.json", "main.js"]) fs.renameSync(path.join(built, f), path.join(OUT_DIR, f));
        fs.utimesSync(BUNDLE, started, started);
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

/**
 * Rebuilds the bundle when it is stale; returns whether it did. Synchronous (it runs before the program): esbuild
 * plugins need its asynchronous API, so the build runs in a child node process (this file as a command).
 */
function ensureStartBundle() {
    if (isFresh()) return false;
    execFileSync(process.execPath, [__filename], { stdio: "inherit" });
    return true;
}

if (require.main === module) {
    // A build error has been printed by esbuild, with file and line: exit 2 without a stack trace.
    build().catch((e) => {
        if (!(e && Array.isArray(e.errors))) console.error(e);
        process.exit(2);
    });
} else if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === BUNDLE) {
    // Preloaded (`node -r`) for the bundle itself: the start script.
    try {
        ensureStartBundle();
    } catch {
        process.exit(2);
    }
}

module.exports = { BUNDLE, ensureStartBundle, isFresh };
