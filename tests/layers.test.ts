/**
 * The layers (docs/development.md, "Architecture"): each folder imports only from the folders below it,
 * so the model sits at the bottom and config reading on top. Checked on every import of every source
 * file; `npm run cycles` (madge) checks that no file imports itself through others.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** Which repository paths a file under each prefix may import (first matching prefix wins). */
const LAYERS: ReadonlyArray<{ layer: string; may: readonly string[] }> = [
    { layer: "lib/model/", may: ["lib/model/"] },
    { layer: "lib/iam/", may: ["lib/model/", "lib/iam/"] },
    { layer: "lib/names.ts", may: ["lib/model/"] },
    { layer: "lib/errors.ts", may: [] },
    { layer: "lib/policies/", may: ["lib/model/", "lib/iam/", "lib/names.ts", "lib/policies/"] },
    { layer: "lib/quotas.ts", may: ["lib/model/", "lib/iam/", "lib/names.ts", "lib/policies/"] },
    { layer: "lib/deploy-order.ts", may: ["lib/model/", "lib/names.ts", "lib/policies/"] },
    { layer: "lib/stacksets/", may: ["lib/model/", "lib/iam/", "lib/names.ts", "lib/policies/", "lib/stacksets/"] },
    { layer: "lib/outputs/", may: ["lib/model/", "lib/iam/", "lib/names.ts", "lib/policies/", "lib/outputs/"] },
    // As docs/development.md says: everything in lib/ but cross-stack (the client snippet names are read and checked here).
    {
        layer: "lib/config/",
        may: [
            "lib/model/",
            "lib/iam/",
            "lib/names.ts",
            "lib/policies/",
            "lib/quotas.ts",
            "lib/deploy-order.ts",
            "lib/errors.ts",
            "lib/outputs/",
            "lib/config/",
        ],
    },
    { layer: "lib/cross-stack.ts", may: ["lib/model/", "lib/iam/", "lib/names.ts", "lib/policies/", "lib/deploy-order.ts", "lib/config/"] },
    { layer: "components/", may: ["lib/model/", "lib/names.ts", "components/"] },
    { layer: "stacks/", may: ["lib/", "components/", "stacks/"] },
    { layer: "index.ts", may: ["lib/", "stacks/"] },
    { layer: "policy-pack/", may: ["policy-pack/"] },
    { layer: "tools/", may: ["index.ts", "lib/", "stacks/", "components/", "tools/", "policy-pack/"] },
];

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.posix.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(rel);
        return e.name.endsWith(".ts") ? [rel] : [];
    });
}

/** The repository paths a file imports (relative imports only), as `lib/model/config.ts` or a folder `lib/model/`. */
function importsOf(file: string): string[] {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const out: string[] = [];
    for (const m of text.matchAll(/^(?:import|export)[^;]*?from "(\.[^"]+)";/gms)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]));
        out.push(fs.existsSync(path.join(ROOT, `${target}.ts`)) ? `${target}.ts` : `${target}/`);
    }
    return out;
}

describe("layers: each folder imports only from the layers below it", () => {
    const files = ["index.ts", ...["lib", "components", "stacks", "tools", "policy-pack"].flatMap(sourceFiles)];

    it("finds the program's files", () => assert.ok(files.length > 40, `${files.length} files`));

    it("no file imports a layer above its own (lib/model at the bottom, lib/config on top; components never read config)", () => {
        const violations: string[] = [];
        for (const file of files) {
            const rule = LAYERS.find((l) => file === l.layer || file.startsWith(l.layer));
            assert.ok(rule, `${file} is in no layer: add it to LAYERS and to docs/development.md`);
            for (const target of importsOf(file)) {
                if (!rule.may.some((p) => target === p || target.startsWith(p))) violations.push(`${file} imports ${target}`);
            }
        }
        assert.deepEqual(violations, []);
    });

    it("nothing the program runs imports tools/ or tests/", () => {
        const program = files.filter((f) => !f.startsWith("tools/"));
        const bad = program.flatMap((f) =>
            importsOf(f)
                .filter((t) => t.startsWith("tools/") || t.startsWith("tests/"))
                .map((t) => `${f} imports ${t}`),
        );
        assert.deepEqual(bad, []);
    });
});
