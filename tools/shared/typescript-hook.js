/**
 * Runs the TypeScript sources as they are, for mocha, the benchmarks and the CLIs the tests spawn:
 * esbuild transpiles each .ts file as it is required (types are checked by `npm run typecheck`,
 * not here; `npm start` runs a bundle built by the same esbuild, see docs/speed.md).
 *
 * Each file's JavaScript is kept in node_modules/.cache/typescript-hook/, one file per source file, under a
 * hash of everything that makes it (the source, its path, esbuild's version, tsconfig.json and this hook),
 * so a process that requires an unchanged module reads it instead of asking esbuild again: every test
 * worker and spawned command pays the transpile of a module once per change, not once per process.
 * A cache file is written to a temporary name and renamed, so processes running at once never read half of one.
 *
 * Source maps stay off. The Pulumi SDK formats a stack trace for every resource and for many of its
 * promises; with source maps on, Node maps every frame of every one of them, which costs more than
 * the program itself. To read a trace in TypeScript lines, run with NODE_OPTIONS=--enable-source-maps
 * (then nothing is cached: the inline maps name this checkout's paths).
 */
"use strict";
// The processes this hook runs (tests, benchmarks, tools) mostly load the SDK: let it load its closure serializer only if used.
require("./defer-closure-serializer");
const { createHash } = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const { register } = require("esbuild-register/dist/node");

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "typescript-hook");

const mapped = process.execArgv.includes("--enable-source-maps") || /(^|\s)--enable-source-maps\b/.test(process.env.NODE_OPTIONS ?? "");
register({
    target: "node20",
    extensions: [".ts"],
    sourcemap: mapped ? "inline" : false,
    // As tsc does for module commonjs: `await import("x")` becomes a require, so CommonJS resolution applies.
    supported: { "dynamic-import": false },
});
// esbuild-register turns Node's source map support on whatever it was asked: put it back.
process.setSourceMapsEnabled(mapped);

/** What the output depends on besides the source and its path. */
function buildKey() {
    const read = (file) => {
        try {
            return fs.readFileSync(file, "utf8");
        } catch {
            return "";
        }
    };
    return [require("esbuild/package.json").version, read(path.join(ROOT, "tsconfig.json")), read(__filename)].join("\0");
}

if (!mapped) {
    const transpile = Module._extensions[".ts"];
    const key = buildKey();
    Module._extensions[".ts"] = function loadTypeScript(module, filename) {
        if (filename.split(path.sep).includes("node_modules")) return transpile.call(this, module, filename);
        const source = fs.readFileSync(filename, "utf8");
        const hash = createHash("sha256").update(key).update("\0").update(filename).update("\0").update(source).digest("hex");
        const file = path.join(CACHE, `${createHash("sha256").update(filename).digest("hex").slice(0, 32)}.js`);
        const stamp = `//${hash}\n`;
        let cached;
        try {
            cached = fs.readFileSync(file, "utf8");
        } catch {
            cached = undefined;
        }
        if (cached !== undefined && cached.startsWith(stamp)) return module._compile(cached.slice(stamp.length), filename);
        // Not cached (or stale): esbuild-register transpiles it; keep what it hands to Node.
        const compile = module._compile;
        module._compile = function keep(code, name) {
            module._compile = compile;
            try {
                fs.mkdirSync(CACHE, { recursive: true });
                const temporary = `${file}.${process.pid}.tmp`;
                fs.writeFileSync(temporary, stamp + code);
                fs.renameSync(temporary, file);
            } catch {
                // A read-only node_modules only costs the next process a transpile.
            }
            return compile.call(this, code, name);
        };
        return transpile.call(this, module, filename);
    };
}
