/**
 * The generated reference (docs/configuration.md) and JSON Schemas (schema/*.schema.json) are what
 * `npm run docs` writes from the key table, and the schemas accept every stack file of the repository
 * while refusing what the program refuses key by key.
 */
import { strict as assert } from "assert";
import Ajv, { ValidateFunction } from "ajv";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_KEYS, TRUST_CONDITION_KEYS, fieldNames, PERMISSIONS_SPEC, SOURCE_SPECS, TARGET_ROLE_SPEC } from "../lib/config/keys";
import { generatedFiles, main, staleFiles } from "../tools/docs/main";
import { projectSchema, stackSchema } from "../tools/docs/schema";

const ROOT = path.resolve(__dirname, "..");

/** Every Pulumi.yaml / Pulumi.<stack>.yaml of the repository: the root's and each example's. */
function stackFiles(): Array<{ file: string; kind: "project" | "stack" }> {
    const dirs = [ROOT, ...fs.readdirSync(path.join(ROOT, "examples")).map((d) => path.join(ROOT, "examples", d))];
    return dirs.flatMap((dir) =>
        fs
            .readdirSync(dir)
            .filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f))
            .map((f) => ({ file: path.join(dir, f), kind: f === "Pulumi.yaml" ? ("project" as const) : ("stack" as const) })),
    );
}

let compiled: { project: ValidateFunction; stack: ValidateFunction } | undefined;

/**
 * The two schemas compiled by Ajv, once for this file. Each definition is compiled once and called, not
 * inlined at every reference, and Ajv's code optimizer is off: the same validation, at a third of the
 * compile time (1.7 s of CPU with Ajv's defaults, where the inlined code of both schemas is 2.1 MB).
 */
function validator() {
    if (compiled === undefined) {
        const ajv = new Ajv({ allErrors: true, strict: false, inlineRefs: false, code: { optimize: false } });
        compiled = { project: ajv.compile(projectSchema()), stack: ajv.compile(stackSchema()) };
    }
    return compiled;
}

describe("generated docs and schemas (npm run docs)", () => {
    it("docs/configuration.md, schema/*.schema.json and lib/iam/privileged-actions.json are up to date (run npm run docs)", async () => {
        assert.deepEqual(await staleFiles(ROOT), []);
    });

    it("--check exits 1 naming each stale file, and writes nothing", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docs-check-"));
        const lines: string[] = [];
        assert.equal(await main(["--check"], dir, (s) => lines.push(s)), 1);
        assert.deepEqual(
            lines,
            (await generatedFiles()).map((g) => `${g.file} is stale: run npm run docs\n`),
        );
        assert.deepEqual(fs.readdirSync(dir), []);
    });

    it("the reference lists every key the reader allows, in table order", () => {
        const page = fs.readFileSync(path.join(ROOT, "docs/configuration.md"), "utf8");
        const keys = [
            ...PROJECT_KEYS.map((k) => `| \`${k}\``),
            ...fieldNames(TARGET_ROLE_SPEC)
                .filter((k) => k !== "trustConditions" && k !== "permissions")
                .map((k) => `| \`targetRoles.<role name>.${k}\``),
            ...TRUST_CONDITION_KEYS.map((k) => `| \`trustedSources[i].${k}\``),
            ...fieldNames(PERMISSIONS_SPEC)
                .filter((k) => k !== "statements")
                .map((k) => `| \`permissions.${k}\``),
            ...Object.values(SOURCE_SPECS).flatMap((s) => Object.keys(s.fields).map((k) => `| \`sources.<source key>.${k}\``)),
        ];
        for (const k of keys) assert.ok(page.includes(k), `docs/configuration.md has no row for ${k}`);
    });

    it("every Pulumi.yaml and stack file of the repository names its schema and is valid against it", () => {
        const v = validator();
        const files = stackFiles();
        assert.ok(files.length >= 21, `found ${files.length} files`);
        for (const { file, kind } of files) {
            const text = fs.readFileSync(file, "utf8");
            const expected = path.relative(path.dirname(file), path.join(ROOT, `schema/${kind}.schema.json`));
            assert.equal(text.split("\n")[0], `# yaml-language-server: $schema=${expected}`, `${path.relative(ROOT, file)}: first line`);
            const validate = v[kind];
            assert.ok(validate(parse(text)), `${path.relative(ROOT, file)}: ${JSON.stringify(validate.errors)}`);
        }
    });

    it("the schemas refuse a misspelt key, a bad account id, an unknown source key and a wildcard action list that is empty", () => {
        const v = validator();
        const project = (config: Record<string, unknown>) => v.project({ name: "p", runtime: "nodejs", config });
        assert.ok(project({ "p:sourceAccountId": "222222222222" }));
        assert.ok(project({ "p:sourceAccountId": { value: "222222222222" } }));
        assert.ok(!project({ "p:sourceAccountId": "2222" }));
        assert.ok(!project({ "p:sources": { value: { ci: { kind: "user", service: "ec2" } } } }), "service is not a key of a user source");
        assert.ok(project({ "p:sources": { value: { ci: { service: "lambda" } } } }), "kind defaults to service-role");
        assert.ok(!project({ "p:sources": { value: { ci: { kind: "existing" } } } }), "existing needs arns");
        assert.ok(!project({ "p:targetRoles": { value: { r: { trustedSources: [], permissions: {} } } } }), "trustedSources must not be empty");
        assert.ok(!project({ "p:targetRoles": { value: { r: { trustedSource: ["a"], permissions: {} } } } }), "misspelt trustedSources");
        const stack = (config: Record<string, unknown>) => v.stack({ config });
        assert.ok(stack({ "aws:region": "eu-west-1", "p:externalIds": { vendor: { secure: "AAAB" } } }));
        assert.ok(!stack({ "aws:region": "Europe" }));
    });
});
