/**
 * Configuration: the one place where raw Pulumi config becomes a typed, validated model.
 *
 * `parseConfig` is pure. It takes the flat config map Pulumi hands the program
 * (`namespace:key` -> string, objects as JSON), checks every rule, and either returns a
 * `CrossAccountConfig` or throws one `ConfigError` listing every problem, one line each,
 * naming the key, the bad value and what is expected. Nothing is declared before this runs.
 */
import { ConfigError } from "./errors";
import { checkQuotas } from "./quotas";
import { ConfigProblems, ObjectReader, Redacted, isPlainObject, keyPath } from "./config-reader";
import {
    ACCOUNT_ID_PATTERN,
    ACTION_PATTERN,
    EXTERNAL_ID_PATTERN,
    IAM_LIMITS,
    IAM_NAME_PATTERN,
    IAM_PATH_PATTERN,
    ORG_ID_PATTERN,
    POLICY_ARN_PATTERN,
    PRINCIPAL_ARN_PATTERN,
    PolicyStatement,
    TAG_KEY_PATTERN,
    TAG_VALUE_PATTERN,
} from "./iam";

export type Side = "source" | "target";
export const SIDES: readonly Side[] = ["source", "target"];

/** Stack names that pick their side without a `side` config value. */
export const STACK_SIDES: Readonly<Record<string, Side>> = { "account-a": "target", "account-b": "source" };

export type ServiceName = "ec2" | "lambda" | "ecs-tasks";
export const SERVICES: readonly ServiceName[] = ["ec2", "lambda", "ecs-tasks"];

export type SourceKind = "service-role" | "user" | "group" | "existing" | "account-root";
export const SOURCE_KINDS: readonly SourceKind[] = ["service-role", "user", "group", "existing", "account-root"];

export type TrustMode = "principal" | "principal-arn";
export const TRUST_MODES: readonly TrustMode[] = ["principal", "principal-arn"];

/** A principal of account B, as configured under `sources.<key>`. */
export type SourceSpec =
    | {
          kind: "service-role";
          key: string;
          name: string;
          path: string;
          service: ServiceName;
          description?: string;
          permissionsBoundary?: string;
          tags: Record<string, string>;
      }
    | { kind: "user"; key: string; name: string; path: string; permissionsBoundary?: string; tags: Record<string, string> }
    | { kind: "group"; key: string; name: string; path: string }
    | { kind: "existing"; key: string; arns: string[] }
    | { kind: "account-root"; key: string };

/** Conditions one trusted source must meet; each becomes part of that source's trust statement. */
export interface TrustConditions {
    /** Require `sts:ExternalId` equal to `externalIds.<role>` (a Pulumi secret). */
    externalId: boolean;
    /** Require MFA (`aws:MultiFactorAuthPresent`), no older than `maxAgeSeconds`. */
    mfa?: { maxAgeSeconds: number };
    /** Require the caller to belong to this AWS Organization (`aws:PrincipalOrgID`). */
    principalOrgId?: string;
    /** Allow `sts:SetSourceIdentity`; `required` demands one, `allowed` limits the values. */
    sourceIdentity?: { required: boolean; allowed: string[] };
    /** Allow `sts:TagSession`; `allowedKeys` limits the tag keys (`aws:TagKeys`). */
    sessionTags?: { allowedKeys: string[] };
    /** Set on an `account-root` or `group` source to trust it with no condition at all. */
    unsafeAllowUnconditionalAccountTrust: boolean;
}

export interface TrustedSource {
    source: string;
    conditions: TrustConditions;
}

export interface LogsReadPreset {
    logGroups: string[];
    /** Create the log groups in account A instead of referencing existing ones. */
    create: boolean;
    retentionInDays?: number;
}

export interface S3Preset {
    buckets: string[];
    prefix?: string;
}

export interface Permissions {
    logsRead?: LogsReadPreset;
    dynamodbBackup?: { tables: string[] };
    s3ListAllBuckets: boolean;
    s3Read?: S3Preset;
    s3ReadWrite?: S3Preset;
    managedPolicyArns: string[];
    statements: PolicyStatement[];
    allowWildcardActions: boolean;
}

export interface TargetRoleSpec {
    name: string;
    path: string;
    description: string;
    maxSessionDuration: number;
    permissionsBoundary?: string;
    tags: Record<string, string>;
    trustMode: TrustMode;
    trustedSources: TrustedSource[];
    permissions: Permissions;
}

export interface Limits {
    trustPolicySize: number;
    managedPoliciesPerRole: number;
}

export interface CrossAccountConfig {
    side: Side;
    project: string;
    stack: string;
    partition: string;
    region: string;
    sourceAccountId: string;
    targetAccountId: string;
    /** Fully qualified name of the account-b stack read by account-a. */
    sourceStack: string;
    sources: SourceSpec[];
    targetRoles: TargetRoleSpec[];
    /** ExternalId per target role name. Plain here for validation; wrap in `pulumi.secret` before use. */
    externalIds: Record<string, string>;
    limits: Limits;
}

export interface StackContext {
    project: string;
    stack: string;
    organization: string;
    /**
     * Config keys Pulumi holds as secrets (`namespace:key`; a map counts when any value in it is
     * secret), as the CLI passes them in PULUMI_CONFIG_SECRET_KEYS. Used to refuse an ExternalId
     * stored in plain text. @default undefined: not known, not checked
     */
    secretKeys?: readonly string[];
}

/** Keys of the project namespace this program reads; anything else in it is a typo. */
export const PROJECT_KEYS = [
    "side",
    "sourceAccountId",
    "targetAccountId",
    "partition",
    "sourceStack",
    "sources",
    "targetRoles",
    "externalIds",
    "trustPolicySizeLimit",
    "managedPoliciesPerRoleLimit",
] as const;

const TRUST_CONDITION_KEYS = ["externalId", "mfa", "principalOrgId", "sourceIdentity", "sessionTags", "unsafeAllowUnconditionalAccountTrust"];
const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const TABLE_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;
const BUCKET_PATTERN = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A "folder" prefix: no leading "/", no wildcard, ending in "/" (so `reports/` never also grants `reports-old/`). */
const S3_PREFIX_PATTERN = /^[^/*?][\x20-\x29\x2B-\x3E\x40-\x7E]*\/$/;
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const SOURCE_IDENTITY_PATTERN = /^[\w+=,.@*?-]{2,64}$/;
const STACK_NAME_PATTERN = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+){0,2}$/;
const DESCRIPTION_PATTERN = /^[\t\n\r\x20-\x7E\xA1-\xFF]*$/;

/** String rules shared by sources and target roles, so a path or a description reads the same everywhere. */
const PATH_RULE = {
    pattern: IAM_PATH_PATTERN,
    min: 1,
    max: IAM_LIMITS.pathLength,
    expected: `an IAM path of at most ${IAM_LIMITS.pathLength} characters that starts and ends with "/", without "//", e.g. /cross-account/`,
};
const DESCRIPTION_RULE = {
    pattern: DESCRIPTION_PATTERN,
    max: IAM_LIMITS.descriptionLength,
    expected: `a description of at most ${IAM_LIMITS.descriptionLength} printable characters`,
};
const POLICY_ARN_RULE = { pattern: POLICY_ARN_PATTERN, expected: "an IAM policy ARN such as arn:aws:iam::123456789012:policy/boundary" };

function readTags(r: ObjectReader): Record<string, string> {
    return r.stringMap(
        "tags",
        { max: IAM_LIMITS.tagKeyLength, pattern: TAG_KEY_PATTERN },
        { max: IAM_LIMITS.tagValueLength, pattern: TAG_VALUE_PATTERN },
        IAM_LIMITS.tagsPerResource,
    );
}

/**
 * Parses and validates the flat Pulumi config map. Throws one ConfigError with every problem.
 * @param all `namespace:key` -> value, as `pulumi.runtime.allConfig()` returns it.
 */
export function parseConfig(all: Record<string, string>, ctx: StackContext): CrossAccountConfig {
    const problems = new ConfigProblems();
    const config = readConfig(all, ctx, problems);
    if (problems.count > 0 || !config) throw new ConfigError(problems.list);
    const quota = checkQuotas(config);
    if (quota.length > 0) throw new ConfigError(quota, "IAM quotas exceeded");
    return config;
}

/** Like parseConfig but returns the problems instead of throwing (for tests and tools). */
export function validateConfig(all: Record<string, string>, ctx: StackContext): string[] {
    try {
        parseConfig(all, ctx);
        return [];
    } catch (e) {
        if (ConfigError.isConfigError(e)) return [...e.problems];
        throw e;
    }
}

function readConfig(all: Record<string, string>, ctx: StackContext, problems: ConfigProblems): CrossAccountConfig | undefined {
    const ns = ctx.project;
    const raw: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(all)) {
        const sep = fullKey.indexOf(":");
        const namespace = fullKey.slice(0, sep);
        const key = fullKey.slice(sep + 1);
        if (namespace !== ns) continue;
        if (!(PROJECT_KEYS as readonly string[]).includes(key)) {
            problems.addRule(key, `unknown key in namespace "${ns}"; expected one of ${PROJECT_KEYS.join(", ")}`);
            continue;
        }
        raw[key] = decodeValue(value);
    }
    const r = new ObjectReader("", raw, problems);

    // Side: from the stack name, or from `side` for any other stack name.
    const sideFromConfig = r.enumValue("side", SIDES);
    const sideFromStack = Object.hasOwn(STACK_SIDES, ctx.stack) ? STACK_SIDES[ctx.stack] : undefined;
    let side: Side | undefined = sideFromConfig ?? sideFromStack;
    if (raw.side === undefined && !sideFromStack) {
        problems.addRule(
            "side",
            `not set and stack "${ctx.stack}" is neither account-a nor account-b; set it with \`pulumi config set side source\` (account B) or \`target\` (account A)`,
        );
    } else if (sideFromConfig && sideFromStack && sideFromConfig !== sideFromStack) {
        problems.add("side", sideFromConfig, `"${sideFromStack}" for stack ${ctx.stack}, or a stack name other than account-a/account-b`);
        side = undefined;
    }

    const sourceAccountId = requireAccount(r, "sourceAccountId", problems);
    const targetAccountId = requireAccount(r, "targetAccountId", problems);
    if (sourceAccountId && targetAccountId && sourceAccountId === targetAccountId) {
        problems.add("targetAccountId", targetAccountId, "an account other than sourceAccountId (this program wires two different accounts)");
    }
    const partition = r.enumValue("partition", ["aws", "aws-cn", "aws-us-gov"]) ?? "aws";

    // Region and the account guard from the aws provider namespace.
    const region = all["aws:region"];
    if (region === undefined || region === "") {
        problems.addRule("aws:region", "not set; expected an AWS region such as eu-west-1 (`pulumi config set aws:region eu-west-1`)");
    } else if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
        problems.add("aws:region", region, "an AWS region such as eu-west-1");
    }
    checkAllowedAccounts(all["aws:allowedAccountIds"], side === "source" ? sourceAccountId : side === "target" ? targetAccountId : undefined, side, problems);

    const sourceStack =
        r.string("sourceStack", { pattern: STACK_NAME_PATTERN, expected: "a stack name such as my-org/cross-account-iam/account-b" }) ??
        `${ctx.organization}/${ctx.project}/account-b`;

    const trustPolicySize = r.integer("trustPolicySizeLimit", 1, IAM_LIMITS.trustPolicySizeMax, "characters") ?? IAM_LIMITS.trustPolicySizeDefault;
    const managedPoliciesPerRole =
        r.integer("managedPoliciesPerRoleLimit", 1, IAM_LIMITS.managedPoliciesPerRoleMax, "policies") ?? IAM_LIMITS.managedPoliciesPerRoleDefault;

    const sources = readSources(r.object("sources"), raw.sources, sourceAccountId, partition, problems);
    const externalIds = readExternalIds(r.object("externalIds"), problems);
    if (ctx.secretKeys && isPlainObject(raw.externalIds) && !ctx.secretKeys.includes(`${ns}:externalIds`)) {
        for (const role of Object.keys(raw.externalIds)) {
            problems.addRule(
                keyPath("externalIds", role),
                `stored in plain text in the stack's config; an ExternalId must be a Pulumi secret: \`pulumi config set --secret --path '${keyPath("externalIds", role)}' <value>\``,
            );
        }
    }
    const targetRoles = readTargetRoles(
        r.object("targetRoles"),
        raw.targetRoles,
        sources,
        isPlainObject(raw.sources) ? raw.sources : {},
        isPlainObject(raw.externalIds) ? raw.externalIds : {},
        side,
        problems,
    );

    checkCreatedLogGroups(targetRoles, problems);

    if (!side || !sourceAccountId || !targetAccountId || !region) return undefined;
    return {
        side,
        project: ctx.project,
        stack: ctx.stack,
        partition,
        region,
        sourceAccountId,
        targetAccountId,
        sourceStack,
        sources,
        targetRoles,
        externalIds,
        limits: { trustPolicySize, managedPoliciesPerRole },
    };
}

/** Logical name of a log group account-a creates (`logsRead.create`); stable, since a rename replaces the group. */
export function logGroupLogicalName(logGroup: string): string {
    return `log-group-${logGroup.replace(/^\/+/, "").replace(/[^A-Za-z0-9-]+/g, "-")}`;
}

/**
 * Log groups created by several roles are created once: they must agree on retention, and two
 * different groups must not map to one logical name (`/app/cron`, `/app.cron`), which Pulumi would
 * reject at deploy time as a duplicate URN.
 */
function checkCreatedLogGroups(roles: readonly TargetRoleSpec[], problems: ConfigProblems): void {
    const seen = new Map<string, { group: string; role: string; retentionInDays?: number }>();
    for (const role of roles) {
        const logs = role.permissions.logsRead;
        if (!logs?.create) continue;
        const key = keyPath(keyPath(keyPath("targetRoles", role.name), "permissions"), "logsRead");
        for (const group of logs.logGroups) {
            const logical = logGroupLogicalName(group);
            const first = seen.get(logical);
            if (!first) {
                seen.set(logical, { group, role: role.name, retentionInDays: logs.retentionInDays });
            } else if (first.group !== group) {
                problems.addRule(
                    keyPath(key, "logGroups"),
                    `log groups ${first.group} (role ${first.role}) and ${group} would both be created as Pulumi resource ${logical}; rename one, or create one of them outside this program (create: false)`,
                );
            } else if (first.retentionInDays !== logs.retentionInDays) {
                const days = (d?: number) => (d === undefined ? "never expire" : `${d} days`);
                problems.addRule(
                    keyPath(key, "retentionInDays"),
                    `log group ${group} is created once, but role ${first.role} asks for ${days(first.retentionInDays)} and role ${role.name} for ${days(logs.retentionInDays)}; give both the same retentionInDays`,
                );
            }
        }
    }
}

/** Pulumi hands every value over as a string; objects and lists arrive as JSON text. */
function decodeValue(value: string): unknown {
    const t = value.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
        try {
            return JSON.parse(t);
        } catch {
            return value;
        }
    }
    return value;
}

function requireAccount(r: ObjectReader, name: string, problems: ConfigProblems): string | undefined {
    if (!r.has(name)) {
        problems.addRule(name, `not set; expected a 12-digit AWS account id (\`pulumi config set ${name} 123456789012\`)`);
        return undefined;
    }
    return r.string(name, { pattern: ACCOUNT_ID_PATTERN, expected: "a 12-digit AWS account id" });
}

function checkAllowedAccounts(raw: string | undefined, ownAccount: string | undefined, side: Side | undefined, problems: ConfigProblems): void {
    if (raw === undefined) return;
    const decoded = decodeValue(raw);
    if (!Array.isArray(decoded) || decoded.some((a) => typeof a !== "string" || !ACCOUNT_ID_PATTERN.test(a))) {
        problems.add("aws:allowedAccountIds", decoded, "a list of 12-digit AWS account ids");
        return;
    }
    if (ownAccount && !decoded.includes(ownAccount)) {
        const which = side === "source" ? "sourceAccountId" : "targetAccountId";
        problems.add("aws:allowedAccountIds", decoded, `a list that includes ${which} ${ownAccount}, the account this ${side} stack deploys into`);
    }
}

function readSources(
    r: ObjectReader | undefined,
    raw: unknown,
    sourceAccountId: string | undefined,
    partition: string,
    problems: ConfigProblems,
): SourceSpec[] {
    if (!r) {
        if (raw === undefined)
            problems.addRule("sources", "not set; expected at least one principal of account B, e.g. { log-shipper: { kind: service-role, service: ec2 } }");
        return [];
    }
    const out: SourceSpec[] = [];
    const entries = Object.entries(r.value);
    if (entries.length === 0) problems.add("sources", r.value, "at least one principal of account B");
    for (const [key] of entries) {
        const s = r.object(key);
        if (!s) {
            // YAML `key:` with nothing after it is null: say so rather than drop the source.
            if (r.value[key] === null) problems.add(keyPath(r.key, key), null, "an object such as { kind: service-role, service: ec2 }");
            continue;
        }
        const kind = s.enumValue("kind", SOURCE_KINDS) ?? (s.has("kind") ? undefined : "service-role");
        if (!kind) continue;
        const nameOpt = (max: number) => ({
            pattern: IAM_NAME_PATTERN,
            min: 1,
            max,
            expected: `an IAM name of 1 to ${max} characters from [A-Za-z0-9+=,.@_-]`,
        });
        const boundary = () => s.string("permissionsBoundary", POLICY_ARN_RULE);
        const keyAsName = (max: number) => {
            if (s.has("name")) return s.string("name", nameOpt(max));
            if (!IAM_NAME_PATTERN.test(key) || key.length > max) {
                problems.add(
                    keyPath(s.key, "name"),
                    key,
                    `an IAM name of 1 to ${max} characters from [A-Za-z0-9+=,.@_-] (defaults to the source key, which is not one)`,
                );
                return undefined;
            }
            return key;
        };
        switch (kind) {
            case "service-role": {
                s.allowOnly(["kind", "service", "name", "path", "description", "permissionsBoundary", "tags"]);
                const name = keyAsName(IAM_LIMITS.roleNameLength);
                const service = s.enumValue("service", SERVICES) ?? (s.has("service") ? undefined : "ec2");
                const path = s.string("path", PATH_RULE) ?? "/";
                const description = s.string("description", DESCRIPTION_RULE);
                const tags = readTags(s);
                if (name && service) out.push({ kind, key, name, path, service, description, permissionsBoundary: boundary(), tags });
                break;
            }
            case "user": {
                s.allowOnly(["kind", "name", "path", "permissionsBoundary", "tags"]);
                const name = keyAsName(IAM_LIMITS.userNameLength);
                const path = s.string("path", PATH_RULE) ?? "/";
                const tags = readTags(s);
                if (name) out.push({ kind, key, name, path, permissionsBoundary: boundary(), tags });
                break;
            }
            case "group": {
                s.allowOnly(["kind", "name", "path"]);
                const name = keyAsName(IAM_LIMITS.groupNameLength);
                const path = s.string("path", PATH_RULE) ?? "/";
                if (name) out.push({ kind, key, name, path });
                break;
            }
            case "existing": {
                s.allowOnly(["kind", "arns"]);
                if (!s.has("arns")) problems.addRule(keyPath(s.key, "arns"), "not set; expected a list of IAM role or user ARNs of account B");
                const arns = s.stringList("arns", {
                    pattern: PRINCIPAL_ARN_PATTERN,
                    nonEmpty: true,
                    expected:
                        "an exact IAM role or user ARN such as arn:aws:iam::222222222222:role/ci (no * or ?: a wildcard would trust every matching principal)",
                });
                if (arns) {
                    arns.forEach((arn, i) => {
                        const account = PRINCIPAL_ARN_PATTERN.exec(arn)?.[1];
                        if (sourceAccountId && account !== sourceAccountId) {
                            problems.add(keyPath(keyPath(s.key, "arns"), i), arn, `a principal of sourceAccountId ${sourceAccountId}`);
                        } else if (!arn.startsWith(`arn:${partition}:`)) {
                            problems.add(keyPath(keyPath(s.key, "arns"), i), arn, `an ARN in partition ${partition}`);
                        }
                    });
                    out.push({ kind, key, arns });
                }
                break;
            }
            case "account-root": {
                s.allowOnly(["kind"]);
                out.push({ kind, key });
                break;
            }
        }
    }
    return out;
}

function readExternalIds(r: ObjectReader | undefined, problems: ConfigProblems): Record<string, string> {
    // No prototype: a role named like an Object method (toString) must not find one here.
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    if (!r) return out;
    for (const [role, value] of Object.entries(r.value)) {
        const k = keyPath(r.key, role);
        if (typeof value !== "string") {
            problems.add(
                k,
                typeof value === "number" ? new Redacted(String(value).length) : value,
                "a string (set it with `pulumi config set --secret --path`)",
            );
        } else if (value.length < IAM_LIMITS.externalIdMinLength || value.length > IAM_LIMITS.externalIdMaxLength || !EXTERNAL_ID_PATTERN.test(value)) {
            problems.add(
                k,
                new Redacted(value.length),
                `an ExternalId of ${IAM_LIMITS.externalIdMinLength} to ${IAM_LIMITS.externalIdMaxLength} characters from [A-Za-z0-9+=,.@:/_-]`,
            );
        } else out[role] = value;
    }
    return out;
}

function readTargetRoles(
    r: ObjectReader | undefined,
    raw: unknown,
    sources: SourceSpec[],
    declaredSources: Record<string, unknown>,
    externalIdsRaw: Record<string, unknown>,
    side: Side | undefined,
    problems: ConfigProblems,
): TargetRoleSpec[] {
    if (!r) {
        if (raw === undefined)
            problems.addRule(
                "targetRoles",
                "not set; expected at least one role of account A, e.g. { log-reader: { trustedSources: [log-shipper], permissions: { logsRead: { logGroups: [/app/cron] } } } }",
            );
        return [];
    }
    const out: TargetRoleSpec[] = [];
    const entries = Object.entries(r.value);
    if (entries.length === 0) problems.add("targetRoles", r.value, "at least one role of account A");
    for (const [name] of entries) {
        const t = r.object(name);
        if (!t) {
            if (r.value[name] === null) problems.add(keyPath(r.key, name), null, "an object such as { trustedSources: [<source key>], permissions: {...} }");
            continue;
        }
        t.allowOnly([
            "path",
            "description",
            "maxSessionDuration",
            "permissionsBoundary",
            "tags",
            "trustMode",
            "trustConditions",
            "trustedSources",
            "permissions",
        ]);
        if (name.length > IAM_LIMITS.roleNameLength || !IAM_NAME_PATTERN.test(name)) {
            problems.addRule(
                t.key,
                `the key is the role name and is not a valid one (${name.length} characters); expected 1 to ${IAM_LIMITS.roleNameLength} characters from [A-Za-z0-9+=,.@_-]`,
            );
        }
        const path = t.string("path", PATH_RULE) ?? "/";
        const description = t.string("description", DESCRIPTION_RULE) ?? `Assumed from account B by ${describeTrustedKeys(t.value.trustedSources)}`;
        const maxSessionDuration =
            t.integer("maxSessionDuration", IAM_LIMITS.minSessionDuration, IAM_LIMITS.maxSessionDuration, "seconds") ?? IAM_LIMITS.minSessionDuration;
        const permissionsBoundary = t.string("permissionsBoundary", POLICY_ARN_RULE);
        const tags = readTags(t);
        const trustMode = t.enumValue("trustMode", TRUST_MODES) ?? "principal";
        const defaults = readTrustConditions(t.object("trustConditions"), undefined);
        const trustedSources = readTrustedSources(t, sources, declaredSources, defaults, trustMode, problems);
        const permissions = readPermissions(t.object("permissions"), t.key, problems);

        const wantsExternalId = trustedSources.some((ts) => ts.conditions.externalId);
        // Only account A writes the ExternalId into a trust policy; account B (often a vendor) need not know it.
        if (wantsExternalId && side !== "source" && !Object.hasOwn(externalIdsRaw, name)) {
            problems.addRule(
                keyPath("externalIds", name),
                `not set, but a trusted source of role ${name} requires an ExternalId; set it with \`pulumi config set --secret --path 'externalIds.${name}' <value>\``,
            );
        }
        if (!wantsExternalId && Object.hasOwn(externalIdsRaw, name)) {
            problems.addRule(
                keyPath("externalIds", name),
                `set, but no trusted source of role ${name} has externalId: true, so the trust policy would never require it`,
            );
        }
        out.push({ name, path, description, maxSessionDuration, permissionsBoundary, tags, trustMode, trustedSources, permissions });
    }
    for (const key of Object.keys(externalIdsRaw)) {
        if (!Object.hasOwn(r.value, key))
            problems.addRule(keyPath("externalIds", key), `names no role in targetRoles (roles: ${Object.keys(r.value).join(", ")})`);
    }
    return out;
}

function describeTrustedKeys(v: unknown): string {
    if (!Array.isArray(v)) return "its trusted sources";
    return v.map((x) => (typeof x === "string" ? x : isPlainObject(x) ? String(x.source) : "?")).join(", ");
}

function readTrustConditions(r: ObjectReader | undefined, defaults: TrustConditions | undefined): TrustConditions {
    const base: TrustConditions = defaults ?? { externalId: false, unsafeAllowUnconditionalAccountTrust: false };
    if (!r) return { ...base };
    const out: TrustConditions = { ...base };
    const externalId = r.boolean("externalId");
    if (externalId !== undefined) out.externalId = externalId;
    if (r.has("mfa")) {
        const v = r.value.mfa;
        if (v === false) delete out.mfa;
        else if (v === true) out.mfa = { maxAgeSeconds: 3600 };
        else {
            const m = r.object("mfa");
            if (m) {
                m.allowOnly(["maxAgeSeconds"]);
                const age = m.integer("maxAgeSeconds", 1, 129600, "seconds");
                if (age !== undefined || !m.has("maxAgeSeconds")) out.mfa = { maxAgeSeconds: age ?? 3600 };
            }
        }
    }
    const org = r.string("principalOrgId", { pattern: ORG_ID_PATTERN, expected: "an AWS Organizations id such as o-a1b2c3d4e5" });
    if (org !== undefined) out.principalOrgId = org;
    if (r.has("sourceIdentity")) {
        const v = r.value.sourceIdentity;
        if (v === false) delete out.sourceIdentity;
        else if (v === true) out.sourceIdentity = { required: true, allowed: [] };
        else {
            const si = r.object("sourceIdentity");
            if (si) {
                si.allowOnly(["required", "allowed"]);
                const allowed =
                    si.stringList("allowed", {
                        pattern: SOURCE_IDENTITY_PATTERN,
                        expected: "a source identity of 2 to 64 characters from [A-Za-z0-9+=,.@_-] (* and ? allowed as wildcards)",
                    }) ?? [];
                out.sourceIdentity = { required: si.boolean("required") ?? true, allowed };
            }
        }
    }
    if (r.has("sessionTags")) {
        const v = r.value.sessionTags;
        if (v === false) delete out.sessionTags;
        else if (v === true) out.sessionTags = { allowedKeys: [] };
        else {
            const st = r.object("sessionTags");
            if (st) {
                st.allowOnly(["allowedKeys"]);
                out.sessionTags = { allowedKeys: st.stringList("allowedKeys", { min: 1, max: 128, expected: "a tag key of 1 to 128 characters" }) ?? [] };
            }
        }
    }
    const unsafe = r.boolean("unsafeAllowUnconditionalAccountTrust");
    if (unsafe !== undefined) out.unsafeAllowUnconditionalAccountTrust = unsafe;
    return out;
}

function readTrustedSources(
    t: ObjectReader,
    sources: SourceSpec[],
    declaredSources: Record<string, unknown>,
    defaults: TrustConditions,
    mode: TrustMode,
    problems: ConfigProblems,
): TrustedSource[] {
    const k = keyPath(t.key, "trustedSources");
    const v = t.value.trustedSources;
    if (v === undefined) {
        problems.addRule(k, "not set; expected a list of source keys (from `sources`) that may assume this role");
        return [];
    }
    if (!Array.isArray(v) || v.length === 0) {
        problems.add(k, v, "a non-empty list of source keys, or of { source: <key>, ...conditions }");
        return [];
    }
    const out: TrustedSource[] = [];
    const known = sources.map((s) => s.key);
    // Sources that are declared but invalid were reported already; do not report them again here.
    const declared = Object.keys(declaredSources);
    v.forEach((item, i) => {
        const ik = keyPath(k, i);
        let key: unknown;
        let conditions = { ...defaults };
        if (typeof item === "string") key = item;
        else if (isPlainObject(item)) {
            const e = new ObjectReader(ik, item, problems);
            e.allowOnly(["source", ...TRUST_CONDITION_KEYS]);
            key = item.source;
            conditions = readTrustConditions(e, defaults);
        } else {
            problems.add(ik, item, "a source key or { source: <key>, ...conditions }");
            return;
        }
        const sk = typeof item === "string" ? ik : keyPath(ik, "source");
        if (typeof key === "string" && declared.includes(key) && !known.includes(key)) return;
        if (typeof key !== "string" || !known.includes(key)) {
            problems.add(sk, key, declared.length ? `one of the keys of sources (${declared.join(", ")})` : "a key of sources");
            return;
        }
        if (out.some((o) => o.source === key)) {
            problems.add(sk, key, "each source listed once per role");
            return;
        }
        const source = sources.find((s) => s.key === key)!;
        checkAccountWideTrust(source, conditions, mode, ik, problems);
        if (source.kind === "service-role" && conditions.mfa) {
            // The hidden-MFA trap: a role-wide `mfa` would lock out the job it is inherited by.
            const own = isPlainObject(item) && item.mfa !== undefined;
            problems.addRule(
                own ? keyPath(ik, "mfa") : ik,
                `source ${source.key} is a service-role (${source.service}): an AWS service's session never carries MFA, so this trust could never be met${own ? "" : ` (mfa is inherited from ${keyPath(t.key, "trustConditions")})`}; write { source: ${source.key}, mfa: false } here, and require MFA from people (user, group or existing sources)`,
            );
        }
        out.push({ source: key, conditions });
    });
    return out;
}

/** Trusting the whole of account B (its root, or a group through it) needs a condition that narrows it. */
function checkAccountWideTrust(source: SourceSpec, c: TrustConditions, mode: TrustMode, key: string, problems: ConfigProblems): void {
    if (source.kind === "account-root" && mode === "principal-arn") {
        problems.addRule(
            key,
            `source ${source.key} is the account root, which has no principal ARN to name in an aws:PrincipalArn condition; use trustMode: principal for this role, or trust a role/user source`,
        );
        return;
    }
    if (source.kind !== "account-root" && source.kind !== "group") {
        if (c.unsafeAllowUnconditionalAccountTrust) {
            problems.add(
                keyPath(key, "unsafeAllowUnconditionalAccountTrust"),
                true,
                `not set: it only applies to account-root and group sources, and ${source.key} is a ${source.kind}`,
            );
        }
        return;
    }
    const narrowed = c.externalId || c.mfa !== undefined || c.principalOrgId !== undefined;
    if (!narrowed && !c.unsafeAllowUnconditionalAccountTrust) {
        const what =
            source.kind === "group"
                ? `group ${source.key} (a group cannot be a principal, so account B's root is trusted)`
                : `account-root source ${source.key}`;
        problems.addRule(
            key,
            `${what} trusts every principal that account B's admins allow; add externalId: true, mfa: true or principalOrgId, or set unsafeAllowUnconditionalAccountTrust: true to accept that`,
        );
    }
}

function readPermissions(r: ObjectReader | undefined, roleKey: string, problems: ConfigProblems): Permissions {
    const empty: Permissions = { s3ListAllBuckets: false, managedPolicyArns: [], statements: [], allowWildcardActions: false };
    if (!r) {
        problems.addRule(
            keyPath(roleKey, "permissions"),
            "not set; expected at least one of logsRead, dynamodbBackup, s3ListAllBuckets, s3Read, s3ReadWrite, managedPolicyArns, statements",
        );
        return empty;
    }
    r.allowOnly(["logsRead", "dynamodbBackup", "s3ListAllBuckets", "s3Read", "s3ReadWrite", "managedPolicyArns", "statements", "allowWildcardActions"]);
    const p: Permissions = { ...empty };

    const logs = r.object("logsRead");
    if (logs) {
        logs.allowOnly(["logGroups", "create", "retentionInDays"]);
        if (!logs.has("logGroups")) problems.addRule(keyPath(logs.key, "logGroups"), "not set; expected a list of CloudWatch Logs log group names");
        const groups = logs.stringList("logGroups", {
            pattern: LOG_GROUP_PATTERN,
            nonEmpty: true,
            expected: "a log group name of 1 to 512 characters from [A-Za-z0-9._/#-]",
        });
        const create = logs.boolean("create") ?? false;
        let retentionInDays: number | undefined;
        if (logs.has("retentionInDays")) {
            const v = logs.value.retentionInDays;
            if (typeof v === "number" && RETENTION_DAYS.includes(v)) retentionInDays = v;
            else problems.add(keyPath(logs.key, "retentionInDays"), v, `one of ${RETENTION_DAYS.join(", ")} (days)`);
            if (!create)
                problems.addRule(keyPath(logs.key, "retentionInDays"), "only applies with create: true (an existing log group keeps its own retention)");
        }
        if (groups) p.logsRead = { logGroups: groups, create, retentionInDays };
    }
    const ddb = r.object("dynamodbBackup");
    if (ddb) {
        ddb.allowOnly(["tables"]);
        if (!ddb.has("tables")) problems.addRule(keyPath(ddb.key, "tables"), "not set; expected a list of DynamoDB table names");
        const tables = ddb.stringList("tables", {
            pattern: TABLE_PATTERN,
            nonEmpty: true,
            expected: "a DynamoDB table name of 3 to 255 characters from [A-Za-z0-9_.-]",
        });
        if (tables) p.dynamodbBackup = { tables };
    }
    p.s3ListAllBuckets = r.boolean("s3ListAllBuckets") ?? false;
    for (const name of ["s3Read", "s3ReadWrite"] as const) {
        const s3 = r.object(name);
        if (!s3) continue;
        s3.allowOnly(["buckets", "prefix"]);
        if (!s3.has("buckets")) problems.addRule(keyPath(s3.key, "buckets"), "not set; expected a list of S3 bucket names");
        const buckets = s3.stringList("buckets", {
            pattern: BUCKET_PATTERN,
            nonEmpty: true,
            expected: "an S3 bucket name (3 to 63 characters: lowercase letters, digits, dots, hyphens)",
        });
        const prefix = s3.string("prefix", {
            pattern: S3_PREFIX_PATTERN,
            min: 1,
            max: 1024,
            expected:
                'a key prefix ending in "/" such as "reports/" (no leading "/", no wildcards; without the "/", "reports" would also grant "reports-old/")',
        });
        if (buckets) p[name] = { buckets, prefix };
    }
    p.managedPolicyArns =
        r.stringList("managedPolicyArns", { pattern: POLICY_ARN_PATTERN, expected: "an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess" }) ?? [];
    p.allowWildcardActions = r.boolean("allowWildcardActions") ?? false;
    p.statements = readStatements(r, p.allowWildcardActions, problems);

    // Judged on what was written, so an invalid preset (reported above) does not also read as "nothing".
    const v = r.value;
    const any =
        v.logsRead ||
        v.dynamodbBackup ||
        p.s3ListAllBuckets ||
        v.s3Read ||
        v.s3ReadWrite ||
        (Array.isArray(v.managedPolicyArns) && v.managedPolicyArns.length > 0) ||
        (Array.isArray(v.statements) && v.statements.length > 0);
    if (!any) {
        problems.addRule(
            r.key,
            "grants nothing; expected at least one of logsRead, dynamodbBackup, s3ListAllBuckets: true, s3Read, s3ReadWrite, managedPolicyArns, statements",
        );
    }
    return p;
}

function readStatements(r: ObjectReader, allowWildcardActions: boolean, problems: ConfigProblems): PolicyStatement[] {
    const v = r.value.statements;
    if (v === undefined) return [];
    const k = keyPath(r.key, "statements");
    if (!Array.isArray(v)) {
        problems.add(k, v, "a list of IAM policy statements");
        return [];
    }
    const out: PolicyStatement[] = [];
    v.forEach((item, i) => {
        const ik = keyPath(k, i);
        if (!isPlainObject(item)) {
            problems.add(ik, item, "an IAM policy statement { Effect, Action, Resource }");
            return;
        }
        const s = new ObjectReader(ik, item, problems);
        s.allowOnly(["Sid", "Effect", "Action", "Resource", "Condition"]);
        const before = problems.count;
        const sid = s.string("Sid", { pattern: /^[A-Za-z0-9]+$/, expected: "a Sid of letters and digits" });
        if (!s.has("Effect")) problems.addRule(keyPath(ik, "Effect"), 'not set; expected "Allow" or "Deny"');
        const effect = s.enumValue("Effect", ["Allow", "Deny"] as const);
        const actions = listOrString(s, "Action", ACTION_PATTERN, 'an action such as "s3:GetObject"');
        const resources = listOrString(s, "Resource", /^(\*|arn:[\x21-\x7E]+)$/, 'a resource ARN, or "*"');
        if (actions && !allowWildcardActions) {
            actions.forEach((a) => {
                if (/[*?]/.test(a)) {
                    problems.add(
                        keyPath(ik, "Action"),
                        a,
                        "a specific action; wildcard actions (*, s3:*, s3:Get*) need permissions.allowWildcardActions: true",
                    );
                }
            });
        }
        if (item.Condition !== undefined && !isConditionBlock(item.Condition)) {
            problems.add(keyPath(ik, "Condition"), item.Condition, "an IAM condition block { Operator: { key: value | [values] } }");
        }
        if (problems.count === before && effect && actions && resources) {
            // Kept as the user wrote it (a string stays a string, a list a list).
            const st: PolicyStatement = { Effect: effect, Action: item.Action as string | string[], Resource: item.Resource as string | string[] };
            if (sid) st.Sid = sid;
            if (item.Condition !== undefined) st.Condition = item.Condition as PolicyStatement["Condition"];
            out.push(st);
        }
    });
    return out;
}

function listOrString(s: ObjectReader, name: string, pattern: RegExp, expected: string): string[] | undefined {
    const v = s.value[name];
    const k = keyPath(s.key, name);
    if (v === undefined) {
        s.problems.addRule(k, `not set; expected ${expected} or a list of them`);
        return undefined;
    }
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0) {
        s.problems.add(k, v, `${expected} or a non-empty list of them`);
        return undefined;
    }
    const bad = list.filter((x) => typeof x !== "string" || (!pattern.test(x) && x !== "*"));
    if (bad.length > 0) {
        bad.forEach((b) => s.problems.add(k, b, expected));
        return undefined;
    }
    return list as string[];
}

function isConditionBlock(v: unknown): boolean {
    if (!isPlainObject(v)) return false;
    return Object.values(v).every(
        (inner) =>
            isPlainObject(inner) && Object.values(inner).every((x) => typeof x === "string" || (Array.isArray(x) && x.every((y) => typeof y === "string"))),
    );
}
