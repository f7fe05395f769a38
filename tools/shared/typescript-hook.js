/**
 * Runs the TypeScript sources as they are, for mocha, the benchmarks and the CLIs the tests spawn:
 * esbuild transpiles each .ts file once as it is required (types are checked by `npm run typecheck`,
 * not here; `npm start` runs a bundle built by the same esbuild, see docs/speed.md).
 *
 * Source maps stay off. The Pulumi SDK formats a stack trace for every resource and for many of its
 * promises; with source maps on, Node maps every frame of every one of them, which costs more than
 * the program itself. To read a trace in TypeScript lines, run with NODE_OPTIONS=--enable-source-maps.
 */
"use strict";
const { register } = require("esbuild-register/dist/node");

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
