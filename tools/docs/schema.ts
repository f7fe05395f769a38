/**
 * JSON Schemas (draft-07) for Pulumi.yaml and Pulumi.<stack>.yaml, generated from the key table
 * (lib/config/keys.ts), so editors using yaml-language-server complete and check every key. They
 * describe what one key may hold; rules across keys are the program's (docs/checks.md). Pure.
 */
import { KeySpec, ObjectKey, PROJECT_SPEC, PROVIDER_SPEC } from "../../lib/config/keys";

export type JsonSchema = Record<string, unknown>;

/** Where the schemas are written, relative to the repository. */
export const SCHEMA_FILES = { project: "schema/project.schema.json", stack: "schema/stack.schema.json" } as const;

/** A `secure:` value, as `pulumi config set --secret` writes it into a stack file. */
const SECURE_VALUE: JsonSchema = {
    type: "object",
    description: "an encrypted value written by `pulumi config set --secret`",
    properties: { secure: { type: "string" } },
    required: ["secure"],
    additionalProperties: false,
};

/** The schema of one key's value. */
export function keySchema(key: KeySpec): JsonSchema {
    const base: JsonSchema = { description: key.doc };
    switch (key.type) {
        case "string": {
            const s: JsonSchema = { ...base, type: "string" };
            if (key.rule.pattern) s.pattern = key.rule.pattern.source;
            if (key.rule.min !== undefined) s.minLength = key.rule.min;
            if (key.rule.max !== undefined) s.maxLength = key.rule.max;
            if (key.default !== undefined) s.default = key.default;
            return key.secret ? { description: key.doc, anyOf: [s, SECURE_VALUE] } : s;
        }
        case "enum":
            return { ...base, enum: [...key.values], ...(key.default !== undefined ? { default: key.default } : {}) };
        case "boolean":
            // `pulumi config set --path` stores "true"/"false" as strings; the program accepts both.
            if (key.only !== undefined)
                return {
                    ...base,
                    anyOf: [
                        { type: "boolean", enum: [key.only] },
                        { type: "string", enum: [String(key.only)] },
                    ],
                };
            return {
                ...base,
                anyOf: [{ type: "boolean" }, { type: "string", enum: ["true", "false"] }],
                ...(key.default !== undefined ? { default: key.default } : {}),
            };
        case "integer":
            return {
                ...base,
                anyOf: [
                    { type: "integer", minimum: key.min, maximum: key.max },
                    { type: "string", pattern: "^-?\\d+$" },
                ],
                ...(key.default !== undefined ? { default: key.default } : {}),
            };
        case "list":
            return {
                ...base,
                type: "array",
                items: keySchema(key.item),
                uniqueItems: true,
                ...(key.nonEmpty ? { minItems: 1 } : {}),
                ...(key.maxItems !== undefined ? { maxItems: key.maxItems } : {}),
            };
        case "map": {
            const s: JsonSchema = { ...base, type: "object", additionalProperties: keySchema(key.value) };
            if (key.maxEntries !== undefined) s.maxProperties = key.maxEntries;
            if (key.keyRule?.pattern) s.propertyNames = { pattern: key.keyRule.pattern.source };
            if (key.secret) s.additionalProperties = { anyOf: [keySchema(key.value), SECURE_VALUE] };
            return s;
        }
        case "object":
            return objectSchema(key);
        case "oneOf":
            return { ...base, anyOf: key.options.map(keySchema) };
        case "kinds":
            return {
                ...base,
                anyOf: Object.entries(key.kinds).map(([kind, spec]) => {
                    const s = objectSchema(spec);
                    const properties = { ...(s.properties as Record<string, JsonSchema>), kind: { const: kind, description: "the kind of principal" } };
                    return { ...s, properties, ...(kind === key.defaultKind ? {} : { required: [...((s.required as string[] | undefined) ?? []), "kind"] }) };
                }),
            };
    }
}

function objectSchema(spec: ObjectKey): JsonSchema {
    const required = Object.entries(spec.fields)
        .filter(([, k]) => k.required !== undefined)
        .map(([name]) => name);
    return {
        description: spec.doc,
        type: "object",
        properties: Object.fromEntries(Object.entries(spec.fields).map(([name, k]) => [name, keySchema(k)])),
        additionalProperties: false,
        ...(required.length > 0 ? { required } : {}),
    };
}

/** Every config key's schema, once, by its full name (`sources`, `aws:region`), for `$ref`. */
function definitions(): Record<string, JsonSchema> {
    const out: Record<string, JsonSchema> = {};
    for (const [name, key] of Object.entries(PROJECT_SPEC.fields as ObjectKey["fields"])) out[name] = keySchema(key);
    for (const [name, key] of Object.entries(PROVIDER_SPEC.fields as ObjectKey["fields"])) out[`aws:${name}`] = keySchema(key);
    return out;
}

/** Config keys by their full name: the project's keys with or without a namespace, the provider's with `aws:`. */
function configKeys(wrap: (ref: JsonSchema) => JsonSchema): { patternProperties: Record<string, JsonSchema>; properties: Record<string, JsonSchema> } {
    const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${encodeURIComponent(name)}` });
    const patternProperties: Record<string, JsonSchema> = {};
    for (const name of Object.keys(PROJECT_SPEC.fields)) patternProperties[`^(?:[A-Za-z0-9_.-]+:)?${name}$`] = wrap(ref(name));
    const properties: Record<string, JsonSchema> = {};
    for (const name of Object.keys(PROVIDER_SPEC.fields)) properties[`aws:${name}`] = wrap(ref(`aws:${name}`));
    return { properties, patternProperties };
}

/** Pulumi.<stack>.yaml: `config` holds the keys, any of which may be a `secure:` value. */
export function stackSchema(): JsonSchema {
    return {
        $schema: "http://json-schema.org/draft-07/schema#",
        title: "cross-account-iam stack config (Pulumi.<stack>.yaml)",
        description: "Generated by `npm run docs` from lib/config/keys.ts; do not edit. Reference: docs/configuration.md.",
        type: "object",
        properties: {
            config: { type: "object", ...configKeys((s) => ({ anyOf: [s, SECURE_VALUE] })), additionalProperties: true },
            secretsprovider: { type: "string" },
            encryptedkey: { type: "string" },
            encryptionsalt: { type: "string" },
        },
        definitions: definitions(),
    };
}

/** Pulumi.yaml: project keys, each a plain value, `{ value }`, or Pulumi's schema form `{ type, description, default, value }`. */
export function projectSchema(): JsonSchema {
    const wrap = (s: JsonSchema): JsonSchema => ({
        anyOf: [
            s,
            {
                type: "object",
                properties: {
                    value: s,
                    default: s,
                    description: { type: "string" },
                    type: { type: "string" },
                    secret: { type: "boolean" },
                    items: { type: "object" },
                },
                additionalProperties: false,
            },
        ],
    });
    return {
        $schema: "http://json-schema.org/draft-07/schema#",
        title: "cross-account-iam project (Pulumi.yaml)",
        description: "Generated by `npm run docs` from lib/config/keys.ts; do not edit. Covers `config`; the rest of Pulumi.yaml is Pulumi's.",
        type: "object",
        required: ["name", "runtime"],
        properties: {
            name: { type: "string" },
            runtime: {},
            description: { type: "string" },
            main: { type: "string" },
            config: { type: "object", ...configKeys(wrap), additionalProperties: true },
        },
        definitions: definitions(),
    };
}
