/**
 * The shape of account-a's stack outputs as verify reads them (lib/model/outputs.ts TargetStackOutputs),
 * checked whole before anything uses them: one line per problem, naming the path in the outputs and what is
 * expected. A value is never printed (clientConfig holds the ExternalId), only what kind of value came.
 * Fields verify does not know are ignored, so newer outputs still read. Pure.
 */
import { ACCOUNT_NAME_RULE, STACK_NAME_RULE } from "../../lib/config/keys";
import { SOURCE_KINDS, TRUST_MODES } from "../../lib/model/config";
import { keyPath } from "../../lib/names";

/** What one value must be. Checked by `shapeProblems`, which descends only into the fields named here. */
export type Shape =
    | { type: "string"; pattern?: RegExp; expected?: string }
    | { type: "boolean" }
    | { type: "integer"; min: number; max: number }
    | { type: "enum"; values: readonly string[] }
    | { type: "literal"; value: string }
    | { type: "list"; item: Shape }
    | { type: "object"; fields: Record<string, Field> }
    | { type: "map"; value: Shape }
    | { type: "oneOf"; options: Shape[]; expected: string };

/** A field of an object: its shape, and whether it may be absent or null. */
export type Field = Shape & { optional?: boolean; nullable?: boolean };

const str: Shape = { type: "string" };
const strings: Shape = { type: "list", item: str };
const account: Shape = { type: "string", pattern: /^\d{12}$/, expected: "a 12-digit AWS account id" };
const region: Shape = { type: "string", pattern: /^[a-z]{2}(-[a-z]+)+-\d$/, expected: "an AWS region such as eu-west-1" };
const roleArn: Shape = {
    type: "string",
    pattern: /^arn:[\w-]+:iam::\d{12}:role\/[\x21-\x7E]+$/,
    expected: "a role ARN (arn:<partition>:iam::<account>:role/...)",
};
const principalArn: Shape = {
    type: "string",
    pattern: /^arn:[\w-]+:iam::\d{12}:(role|user|root)(\/[\x21-\x7E]*)?$/,
    expected: "an IAM principal ARN (arn:<partition>:iam::<account>:role/..., user/... or root)",
};
const bucketPreset: Field = { type: "object", optional: true, fields: { buckets: strings, prefix: { ...str, optional: true } } };

const TRUST_REQUIREMENT: Shape = {
    type: "object",
    fields: {
        source: str,
        kind: { type: "enum", values: SOURCE_KINDS },
        principalArns: { type: "list", item: principalArn },
        trustPrincipals: { type: "list", item: principalArn, optional: true },
        principalArnCondition: {
            type: "object",
            optional: true,
            fields: { ArnEquals: { type: "list", item: str, optional: true }, ArnLike: { type: "list", item: str, optional: true } },
        },
        externalId: { type: "boolean" },
        mfaMaxAgeSeconds: { type: "integer", min: 1, max: 129600, optional: true },
        principalOrgId: { ...str, optional: true },
        sourceIdentity: { type: "object", optional: true, fields: { required: { type: "boolean" }, allowed: strings } },
        sessionTagKeys: { ...strings, optional: true },
        principalTags: { type: "map", value: strings, optional: true },
        principalOrgPaths: { ...strings, optional: true },
        roleSessionName: { ...strings, optional: true },
        relaxedFromRole: { ...strings, optional: true },
    },
};

const TARGET_ROLE: Shape = {
    type: "object",
    fields: {
        arn: roleArn,
        name: str,
        path: str,
        trustMode: { type: "enum", values: TRUST_MODES },
        maxSessionDuration: { type: "integer", min: 3600, max: 43200 },
        trustedSources: { type: "list", item: TRUST_REQUIREMENT },
        resources: {
            type: "object",
            fields: {
                region,
                logGroups: strings,
                dynamodbTables: strings,
                s3ListAllBuckets: { type: "boolean" },
                s3Read: bucketPreset,
                s3ReadWrite: bucketPreset,
            },
        },
        managedPolicyArns: strings,
    },
};

const ROLE_CLIENT_CONFIG: Shape = {
    type: "object",
    fields: {
        roleArn,
        targetAccountId: account,
        sourceAccountId: account,
        region,
        profileName: str,
        externalId: { ...str, optional: true },
        sources: {
            type: "map",
            value: {
                type: "object",
                fields: {
                    kind: { type: "enum", values: SOURCE_KINDS },
                    assumeRoleCommand: str,
                    awsConfigProfile: str,
                    // Absent in outputs written before it existed.
                    awsConfigureCommands: { ...str, optional: true },
                    exportEnv: str,
                    consoleSwitchRoleUrl: { ...str, nullable: true },
                    notes: strings,
                },
            },
        },
    },
};

/** account-a's outputs (`pulumi stack output --json --show-secrets`), as far as verify reads them. */
export const TARGET_OUTPUTS_SHAPE: Shape = {
    type: "object",
    fields: {
        side: { type: "literal", value: "target" },
        targetAccountId: account,
        sourceStack: { type: "string", pattern: STACK_NAME_RULE.pattern, expected: STACK_NAME_RULE.expected, optional: true },
        roles: { type: "map", value: TARGET_ROLE },
        trustedPrincipalArns: { type: "list", item: principalArn, optional: true },
        // "[secret]": read without --show-secrets (see probes.ts HIDDEN_SECRET); absent in outputs that predate it.
        clientConfig: {
            type: "oneOf",
            optional: true,
            options: [
                { type: "literal", value: "[secret]" },
                { type: "map", value: ROLE_CLIENT_CONFIG },
            ],
            expected: 'a map of role names to client configuration, or "[secret]"',
        },
    },
};

/** Every problem of `value` against `shape`, one line each: `<path>: expected ..., got ...`. */
export function shapeProblems(value: unknown, shape: Shape, path = ""): string[] {
    const at = path === "" ? "the outputs" : path;
    const got = `got ${kindOf(value)}`;
    switch (shape.type) {
        case "string":
            if (typeof value !== "string") return [`${at}: expected ${shape.expected ?? "a string"}, ${got}`];
            return shape.pattern && !shape.pattern.test(value) ? [`${at}: expected ${shape.expected}, got a string that is not one`] : [];
        case "boolean":
            return typeof value === "boolean" ? [] : [`${at}: expected true or false, ${got}`];
        case "integer":
            return typeof value === "number" && Number.isInteger(value) && value >= shape.min && value <= shape.max
                ? []
                : [`${at}: expected a whole number from ${shape.min} to ${shape.max}, ${typeof value === "number" ? "got another number" : got}`];
        case "enum":
            return typeof value === "string" && shape.values.includes(value) ? [] : [`${at}: expected one of ${shape.values.join(", ")}, ${got}`];
        case "literal":
            return value === shape.value ? [] : [`${at}: expected ${JSON.stringify(shape.value)}, ${typeof value === "string" ? "got another string" : got}`];
        case "list":
            if (!Array.isArray(value)) return [`${at}: expected a list, ${got}`];
            return value.flatMap((v, i) => shapeProblems(v, shape.item, keyPath(path, i)));
        case "object": {
            if (!isRecord(value)) return [`${at}: expected an object, ${got}`];
            const out: string[] = [];
            for (const [name, field] of Object.entries(shape.fields)) {
                const v = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
                const p = keyPath(path, name);
                if (v === undefined) {
                    if (!field.optional) out.push(`${p}: expected ${describe(field)}, got nothing`);
                } else if (!(v === null && field.nullable)) out.push(...shapeProblems(v, field, p));
            }
            return out;
        }
        case "map":
            if (!isRecord(value)) return [`${at}: expected a map, ${got}`];
            return Object.entries(value).flatMap(([k, v]) => shapeProblems(v, shape.value, keyPath(path, k)));
        case "oneOf":
            return shape.options.some((o) => shapeProblems(value, o, path).length === 0)
                ? []
                : isRecord(value)
                  ? shapeProblems(value, shape.options.find((o) => o.type === "map" || o.type === "object") ?? shape.options[0], path)
                  : [`${at}: expected ${shape.expected}, ${got}`];
    }
}

/** How a shape reads in "expected ..." (for a missing field). */
function describe(shape: Shape): string {
    switch (shape.type) {
        case "string":
            return shape.expected ?? "a string";
        case "boolean":
            return "true or false";
        case "integer":
            return `a whole number from ${shape.min} to ${shape.max}`;
        case "enum":
            return `one of ${shape.values.join(", ")}`;
        case "literal":
            return JSON.stringify(shape.value);
        case "list":
            return "a list";
        case "object":
            return "an object";
        case "map":
            return "a map";
        case "oneOf":
            return shape.expected;
    }
}

/** The kind of a JSON value, for "got ..." (never the value: it may be a secret). */
function kindOf(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    switch (typeof v) {
        case "string":
            return "a string";
        case "number":
            return "a number";
        case "boolean":
            return "a boolean";
        case "object":
            return "an object";
        default:
            return "nothing";
    }
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Named accounts (issue 16): an account's name, as `accounts` keys are written. */
const accountName: Shape = { type: "string", pattern: ACCOUNT_NAME_RULE.pattern, expected: "an account name (a key of accounts)" };

/** `fields` of an object shape with `changes` applied (a field set to undefined is removed). */
function withFields(shape: Shape, changes: Record<string, Field | undefined>): Shape {
    if (shape.type !== "object") throw new Error("withFields needs an object shape");
    const fields: Record<string, Field> = { ...shape.fields };
    for (const [name, field] of Object.entries(changes)) {
        if (field === undefined) delete fields[name];
        else fields[name] = field;
    }
    return { type: "object", fields };
}

/**
 * The outputs of a named account's stack that deploys roles (`side` target or both), as far as verify reads them: the
 * two-account shape, plus the stack's `account`, each role's `account`, and each trusted source's `account` and
 * `accountId` (where its callers live); `clientConfig.<role>.sourceAccountId` is there only when every source of
 * the role lives in one account (each source's own `sourceAccountId` says it), and `sourceStacks` replaces `sourceStack`.
 */
export const NAMED_TARGET_OUTPUTS_SHAPE: Shape = withFields(TARGET_OUTPUTS_SHAPE, {
    side: { type: "enum", values: ["target", "both"] },
    account: accountName,
    sourceStack: undefined,
    sourceStacks: { type: "map", value: { type: "string", pattern: STACK_NAME_RULE.pattern, expected: STACK_NAME_RULE.expected }, optional: true },
    roles: {
        type: "map",
        value: withFields(TARGET_ROLE, {
            account: accountName,
            trustedSources: {
                type: "list",
                item: withFields(TRUST_REQUIREMENT, { account: accountName, accountId: account }),
            },
        }),
    },
    clientConfig: {
        type: "oneOf",
        optional: true,
        options: [
            { type: "literal", value: "[secret]" },
            {
                type: "map",
                value: withFields(ROLE_CLIENT_CONFIG, {
                    account: accountName,
                    sourceAccountId: { ...account, optional: true },
                }),
            },
        ],
        expected: 'a map of role names to client configuration, or "[secret]"',
    },
});
