/**
 * Stack files: Pulumi.yaml + Pulumi.<stack>.yaml merged as the Pulumi CLI does, secrets never decrypted.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SECRET_PLACEHOLDER, StackFileError, loadStackConfig, mergeStackConfig } from "../tools/shared/stack-files";
import { IAM_LIMITS } from "../lib/iam/limits";
import { EXTERNAL_ID_PATTERN } from "../lib/iam/patterns";

function writeStack(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

describe("stack files (Pulumi.yaml + Pulumi.<stack>.yaml)", () => {
    it("reads the three project config forms: plain value, { value }, and a schema with value or default", () => {
        const dir = writeStack({
            "Pulumi.yaml": [
                "name: demo",
                "runtime: nodejs",
                "config:",
                "  plain: hello",
                "  wrapped:",
                "    value: { a: 1 }",
                "  schemaValue:",
                "    type: string",
                "    description: set",
                "    default: ignored",
                "    value: used",
                "  schemaDefault:",
                "    type: integer",
                "    default: 42",
                "  schemaUnset:",
                "    type: string",
                "    description: no value, no default",
                "",
            ].join("\n"),
            "Pulumi.dev.yaml": "config: {}\n",
        });
        assert.deepEqual(loadStackConfig(dir, "dev"), {
            project: "demo",
            config: { "demo:plain": "hello", "demo:schemaDefault": "42", "demo:schemaValue": "used", "demo:wrapped": '{"a":1}' },
            secretKeys: [],
            partialOverrides: [],
        });
    });

    it("merges project config first, then stack config overrides it key by key", () => {
        const merged = mergeStackConfig(
            { name: "demo", config: { "demo:region": "project", kept: "project", "aws:region": "eu-west-1" } },
            { config: { "demo:region": "stack", "aws:region": "us-east-2", added: true } },
        );
        assert.deepEqual(merged.config, { "aws:region": "us-east-2", "demo:added": "true", "demo:kept": "project", "demo:region": "stack" });
    });

    it("namespaces bare keys with the project name, keeps other namespaces, and turns values into Pulumi's strings", () => {
        const merged = mergeStackConfig(
            { name: "demo" },
            { config: { count: 3, on: false, list: ["a", "b"], obj: { k: [1, { x: null }] }, "aws:allowedAccountIds": ["111111111111"] } },
        );
        assert.deepEqual(merged.config, {
            "aws:allowedAccountIds": '["111111111111"]',
            "demo:count": "3",
            "demo:list": '["a","b"]',
            "demo:obj": '{"k":[1,{"x":null}]}',
            "demo:on": "false",
        });
    });

    it("never decrypts secure values: a placeholder that passes ExternalId validation, and the key path recorded", () => {
        const dir = writeStack({
            "Pulumi.yaml": "name: demo\nruntime: nodejs\n",
            "Pulumi.prod.yaml": [
                "config:",
                "  demo:externalIds:",
                "    log-reader:",
                "      secure: v1:abc",
                "    other: plain-id",
                "  demo:token:",
                "    secure: v1:def",
                "",
            ].join("\n"),
        });
        const loaded = loadStackConfig(dir, "prod");
        assert.deepEqual(loaded, {
            project: "demo",
            config: { "demo:externalIds": `{"log-reader":"${SECRET_PLACEHOLDER}","other":"plain-id"}`, "demo:token": SECRET_PLACEHOLDER },
            secretKeys: ["demo:externalIds.log-reader", "demo:token"],
            partialOverrides: [],
        });
        assert.ok(EXTERNAL_ID_PATTERN.test(SECRET_PLACEHOLDER));
        assert.ok(SECRET_PLACEHOLDER.length >= IAM_LIMITS.externalIdMinLength && SECRET_PLACEHOLDER.length <= IAM_LIMITS.externalIdMaxLength);
        assert.ok(!JSON.stringify(loaded).includes("v1:"));
    });

    it("a stack value replaces a project secret and drops its secret mark", () => {
        const merged = mergeStackConfig({ name: "demo", config: { token: { secure: "v1:x" } } }, { config: { token: "plain" } });
        assert.deepEqual(merged, { project: "demo", config: { "demo:token": "plain" }, secretKeys: [], partialOverrides: [] });
    });

    it("an empty stack file is a stack with no config of its own", () => {
        assert.deepEqual(mergeStackConfig({ name: "demo", config: { a: "1" } }, null), {
            project: "demo",
            config: { "demo:a": "1" },
            secretKeys: [],
            partialOverrides: [],
        });
    });

    it("names the file when it is missing or has no project name", () => {
        const dir = writeStack({ "Pulumi.yaml": "runtime: nodejs\n" });
        assert.throws(() => loadStackConfig(dir, "dev"), new StackFileError(`${path.join(dir, "Pulumi.yaml")}: expected a project with a name`));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: demo\n");
        assert.throws(() => loadStackConfig(dir, "dev"), new StackFileError(`${path.join(dir, "Pulumi.dev.yaml")}: not found (no stack files here)`));
    });
});

describe("stack files: bounded reading", () => {
    const project = "name: demo\nruntime: nodejs\n";

    it("refuses a stack name that is not Pulumi's (so no name reaches outside --dir)", () => {
        const dir = writeStack({ "Pulumi.yaml": project });
        for (const stack of ["../evil", "/../evil", "a/b", "", "x".repeat(101), "account a"]) {
            assert.throws(() => loadStackConfig(dir, stack), {
                name: "StackFileError",
                message: `stack ${JSON.stringify(stack)}: expected a Pulumi stack name: 1 to 100 letters, digits, -, _ or .`,
            });
        }
    });

    it("refuses a file nested deeper than 64 levels with one line naming it, even 5000 deep (no stack overflow)", () => {
        for (const depth of [65, 5000]) {
            const dir = writeStack({ "Pulumi.yaml": `${project}config:\n  x: ${"[".repeat(depth)}${"]".repeat(depth)}\n`, "Pulumi.s.yaml": "config: {}\n" });
            assert.throws(() => loadStackConfig(dir, "s"), {
                name: "StackFileError",
                message: `${path.join(dir, "Pulumi.yaml")}: nested deeper than 64 levels; a stack file is never that deep`,
            });
        }
        const block = Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i + 1)}k:`).join("\n");
        const dir = writeStack({ "Pulumi.yaml": project, "Pulumi.s.yaml": `config:\n${block}\n` });
        assert.throws(() => loadStackConfig(dir, "s"), {
            message: `${path.join(dir, "Pulumi.s.yaml")}: nested deeper than 64 levels; a stack file is never that deep`,
        });
    });

    it("reads a file nested 60 levels deep (the bound is not too tight)", () => {
        const dir = writeStack({ "Pulumi.yaml": `${project}config:\n  x: ${"[".repeat(60)}${"]".repeat(60)}\n`, "Pulumi.s.yaml": "config: {}\n" });
        assert.equal(loadStackConfig(dir, "s").config["demo:x"], `${"[".repeat(60)}${"]".repeat(60)}`);
    });

    it("refuses a file over 4 MiB before reading it", () => {
        const text = `config:\n  x: "${"a".repeat(4 * 1024 * 1024)}"\n`;
        const dir = writeStack({ "Pulumi.yaml": project, "Pulumi.s.yaml": text });
        assert.throws(() => loadStackConfig(dir, "s"), {
            message: `${path.join(dir, "Pulumi.s.yaml")}: ${Buffer.byteLength(text)} bytes; a stack file of more than 4194304 is not read`,
        });
    });
});
