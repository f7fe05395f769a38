/**
 * Loads the Pulumi SDK's closure serializer (`pulumi.runtime.serializeFunction`, `serializeFunctionAsync`,
 * `computeCodePaths`) on first use instead of at `require("@pulumi/pulumi")`, for the processes that render
 * under mocks: `npm start`, the tests, the benchmarks and the tools (tools/shared/typescript-hook.js requires this file).
 *
 * Why: `@pulumi/pulumi/runtime/index.js` requires `./closure/serializeClosure` and `./closure/codePaths` at load
 * time, and they require the TypeScript compiler and `@npmcli/arborist` (with pacote, sigstore, tar...). That is
 * about two thirds of the SDK's import: `require("@pulumi/pulumi")` takes 1.6 s on this machine with them and
 * 0.55 s without. This program never serializes a closure, so it never pays for them again. Pulumi did the same
 * for the language host in pulumi/pulumi#10185 ("Avoid importing typescript unless necessary").
 *
 * How: when runtime/index.js requires one of those two modules, it gets an object holding one function per
 * name it reads; the first call of any of them requires the real module (which then loads TypeScript and the
 * rest) and every call is passed to the real function with its `this` and arguments. A require from anywhere
 * else (the SDK's `dynamic` module requires serializeClosure when a dynamic provider is serialized) gets the real
 * module. If a later SDK stops requiring these modules from runtime/index.js, nothing is deferred and nothing breaks;
 * tests/shared/defer-closure-serializer.e2e.test.ts then fails, as it does when TypeScript is loaded with the SDK
 * again, when a deferred function answers otherwise than the eager one, or when runtime/index.js re-exports a
 * function this file does not stand in for.
 *
 * `pulumi up` does not use this file: the language host loads the SDK before the program runs.
 */
"use strict";
const Module = require("module");
const path = require("path");

/** The names runtime/index.js reads from each module it requires at load time, by the module's path there. */
const DEFERRED = new Map([
    ["./closure/serializeClosure", ["serializeFunctionAsync", "serializeFunction"]],
    ["./closure/codePaths", ["computeCodePaths"]],
]);
const RUNTIME_INDEX = path.join("@pulumi", "pulumi", "runtime", "index.js");
const INSTALLED = Symbol.for("cross-account-iam.defer-closure-serializer");

/** Stand-ins for the module `request` names from `parent`: each loads the real module on its first call. */
function deferredExports(load, request, parent, names) {
    let real;
    const exports = {};
    for (const name of names) {
        const forward = function (...args) {
            real ??= load(request, parent, false);
            if (typeof real[name] !== "function") {
                throw new TypeError(
                    `@pulumi/pulumi/runtime/${request.slice(2)} has no function ${name}: update tools/shared/defer-closure-serializer.js for this SDK`,
                );
            }
            return real[name].apply(this, args);
        };
        Object.defineProperty(forward, "name", { value: name });
        exports[name] = forward;
    }
    return exports;
}

function install() {
    if (Module[INSTALLED]) return;
    Module[INSTALLED] = true;
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
        const names = DEFERRED.get(request);
        if (names !== undefined && parent?.filename?.endsWith(path.sep + RUNTIME_INDEX)) {
            const file = Module._resolveFilename(request, parent, isMain);
            if (!(file in Module._cache)) return deferredExports(load.bind(Module), request, parent, names);
        }
        return load.apply(this, arguments);
    };
}

install();

module.exports = { DEFERRED };
