/**
 * Config validation as properties (fast-check): for arbitrary config maps, `parseConfig` either
 * returns a config whose every rendered policy is valid JSON, within every IAM quota and free of
 * `*` principals, or throws the project's ConfigError whose every line names a config key.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { PROJECT_KEYS } from "../../lib/config/keys";
import { CrossAccountConfig } from "../../lib/model/config";
import { policySize } from "../../lib/iam/documents";
import { IAM_LIMITS } from "../../lib/iam/limits";
import { PolicyDocument } from "../../lib/model/policy";
import { permissionPolicy } from "../../lib/policies/permissions";
import { sourceGrantPolicies } from "../../lib/policies/source-grant";
import { sourceServiceTrustPolicy } from "../../lib/policies/source-trust";
import { sourceAccount } from "../../lib/policies/accounts";
import { configuredSource } from "../../lib/policies/sources";
import { trustPolicy } from "../../lib/policies/trust";
import { outcome } from "../support/bad-config";
import { ACCOUNT_A, ACCOUNT_B, PROJECT } from "../support/harness";

/** Keys that stress plain-object handling: prototype names, characters outside identifiers, case twins. */
const TRICKY_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "x y", "-", "a-b", "aB", "\u00e9t\u00e9"];
const SOURCE_KEYS = ["log-shipper", "job", "ops", "developers", "vendor", ...TRICKY_KEYS];
/** Role keys are role names; the last three are not valid ones (mutations only). */
const ROLE_KEYS = ["log-reader", "table-backup", "r1", "Reader", "toString", "bad name", "x".repeat(65)];
const UNKNOWN_KEYS = ["targetRole", "source", "regionn"];
const STACKS = ["account-a", "account-b", "prod-a"];
/** Runs per property; `CONFIG_PROPERTY_RUNS_SCALE=50 npx mocha tests/config/properties.test.ts` searches longer. */
const SCALE = Number(process.env.CONFIG_PROPERTY_RUNS_SCALE ?? "1");

/** An optional field (fc.record with requiredKeys: []) is left out half of the time. */
function objectOf<T>(keys: readonly string[], value: fc.Arbitrary<T>, maxKeys = 3, minKeys = 0): fc.Arbitrary<Record<string, T>> {
    // From entries, so that "__proto__" becomes an own key as JSON.parse makes it.
    return fc
        .uniqueArray(fc.tuple(fc.constantFrom(...keys), value), { minLength: minKeys, maxLength: maxKeys, selector: ([k]) => k })
        .map((entries) => Object.fromEntries(entries) as Record<string, T>);
}

const iamName = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,20}$/);
const path = fc.constantFrom("/", "/cross-account/", "/people/", "/a/b/", `/${"p".repeat(200)}/`);
/** Tag values from the characters IAM allows (any string would make most "valid" configs invalid). */
const tags = objectOf(["team", "env", "cost-centre"], fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{0,8}$/), 2);

/** A source spec of each kind, with valid (random) values. Tricky keys get an explicit name. */
function sourceSpec(key: string): fc.Arbitrary<Record<string, unknown>> {
    const name = /^[\w+=,.@-]{1,64}$/.test(key) ? fc.option(iamName, { nil: undefined }) : iamName;
    const withName = <T extends Record<string, unknown>>(a: fc.Arbitrary<T>) =>
        fc.tuple(a, name).map(([spec, n]) => (n === undefined ? spec : { ...spec, name: n }));
    return fc.oneof(
        withName(
            fc.record(
                {
                    kind: fc.constant("service-role"),
                    service: fc.constantFrom("ec2", "lambda", "ecs-tasks"),
                    path,
                    description: fc.string({ maxLength: 30 }),
                    tags,
                },
                { requiredKeys: ["kind"] },
            ),
        ),
        withName(fc.record({ kind: fc.constant("user"), path, tags }, { requiredKeys: ["kind"] })),
        withName(fc.record({ kind: fc.constant("group"), path }, { requiredKeys: ["kind"] })),
        fc.record({
            kind: fc.constant("existing"),
            arns: fc.uniqueArray(fc.constantFrom(`arn:aws:iam::${ACCOUNT_B}:role/ci`, `arn:aws:iam::${ACCOUNT_B}:user/ops`), { minLength: 1, maxLength: 2 }),
        }),
        fc.constant({ kind: "account-root" }),
    );
}

const conditions = fc.record(
    {
        externalId: fc.boolean(),
        mfa: fc.oneof(fc.boolean(), fc.record({ maxAgeSeconds: fc.integer({ min: 1, max: 129600 }) })),
        principalOrgId: fc.constantFrom("o-a1b2c3d4e5", "o-0123456789abcdef"),
        sourceIdentity: fc.oneof(
            fc.boolean(),
            fc.record({ required: fc.boolean(), allowed: fc.uniqueArray(fc.constantFrom("alice", "bob*", "ci-job"), { minLength: 1, maxLength: 2 }) }),
        ),
        sessionTags: fc.oneof(fc.boolean(), fc.record({ allowedKeys: fc.uniqueArray(fc.constantFrom("team", "project"), { minLength: 1, maxLength: 2 }) })),
    },
    { requiredKeys: [] },
);

const statement = fc.record(
    {
        Effect: fc.constantFrom("Allow", "Deny"),
        Action: fc.oneof(
            fc.constantFrom("s3:GetObject", "logs:GetLogEvents"),
            fc.uniqueArray(fc.constantFrom("s3:GetObject", "sqs:SendMessage"), { minLength: 1, maxLength: 2 }),
        ),
        Resource: fc.constantFrom("arn:aws:s3:::acme-bucket", "arn:aws:s3:::acme-bucket/daily/report.csv"),
        Condition: fc.constant({ StringEquals: { "aws:RequestedRegion": "eu-west-1" } }),
    },
    { requiredKeys: ["Effect", "Action", "Resource"] },
);

const bucketPreset = fc.record(
    { buckets: fc.uniqueArray(fc.constantFrom("acme-bucket", "acme.exports"), { minLength: 1, maxLength: 2 }), prefix: fc.constantFrom("daily/", "a/") },
    { requiredKeys: ["buckets"] },
);
const permissions = fc
    .record(
        {
            logsRead: fc.oneof(
                fc.record({ logGroups: fc.uniqueArray(fc.constantFrom("/app/cron", "/app/web"), { minLength: 1, maxLength: 2 }) }),
                // Roles that create the same group must agree on its retention: one value for all.
                fc.record({ logGroups: fc.constant(["/app/created"]), create: fc.constant(true), retentionInDays: fc.constant(30) }),
            ),
            dynamodbBackup: fc.record({ tables: fc.uniqueArray(fc.constantFrom("orders", "Users.v2"), { minLength: 1, maxLength: 2 }) }),
            s3ListAllBuckets: fc.boolean(),
            s3Read: bucketPreset,
            s3ReadWrite: bucketPreset,
            managedPolicyArns: fc.uniqueArray(fc.constantFrom("arn:aws:iam::aws:policy/ReadOnlyAccess", `arn:aws:iam::${ACCOUNT_A}:policy/p`), {
                maxLength: 2,
            }),
            statements: fc.array(statement, { maxLength: 2 }),
        },
        { requiredKeys: [] },
    )
    .map((p) => (Object.keys(p).length === 0 ? { s3ListAllBuckets: true } : p));

function targetRole(sourceKeys: string[]): fc.Arbitrary<Record<string, unknown>> {
    const trusted = fc.uniqueArray(fc.constantFrom(...sourceKeys), { minLength: 1, maxLength: 3 }).chain((keys) =>
        fc.tuple(
            ...keys.map((source) =>
                fc.oneof(
                    fc.constant<unknown>(source),
                    conditions.map((c) => ({ source, ...c })),
                ),
            ),
        ),
    );
    return fc.record(
        {
            path,
            description: fc.string({ maxLength: 20 }),
            maxSessionDuration: fc.integer({ min: 3600, max: 43200 }),
            trustMode: fc.constantFrom("principal", "principal-arn"),
            trustConditions: conditions,
            trustedSources: trusted,
            permissions,
            tags,
        },
        { requiredKeys: ["trustedSources", "permissions"] },
    );
}

/**
 * A config built from the schema with random values, for a random stack: valid ones from `sourceKeys`
 * without `__proto__` (always refused as a key, which tests/config-distrust.test.ts proves by example),
 * the base of the mutated ones from all of SOURCE_KEYS.
 */
const schemaConfig = (sourceKeys: readonly string[]): fc.Arbitrary<{ config: Record<string, unknown>; stack: string }> =>
    fc
        .uniqueArray(fc.constantFrom(...sourceKeys), { minLength: 1, maxLength: 4 })
        .chain((keys) => fc.tuple(fc.constant(keys), fc.tuple(...keys.map(sourceSpec)), fc.constantFrom(...STACKS)))
        .chain(([keys, specs, stack]) =>
            fc
                .record(
                    {
                        partition: fc.constant("aws"),
                        sourceStack: fc.constant("my-org/cross-account-iam/account-b"),
                        targetRoles: objectOf(
                            ROLE_KEYS.filter((k) => /^[\w+=,.@-]{1,64}$/.test(k)),
                            targetRole(keys),
                            3,
                            1,
                        ),
                        trustPolicySizeLimit: fc.integer({ min: 1024, max: 4096 }),
                        managedPoliciesPerRoleLimit: fc.integer({ min: 2, max: 20 }),
                        "aws:allowedAccountIds": fc.constant([ACCOUNT_A, ACCOUNT_B]),
                    },
                    { requiredKeys: ["targetRoles"] },
                )
                .map((c) => ({
                    stack,
                    config: withExternalIds(
                        withEntriesThatOnlyTighten(
                            withoutServiceRoleMfa({
                                ...c,
                                targetAccountId: ACCOUNT_A,
                                sourceAccountId: ACCOUNT_B,
                                "aws:region": "eu-west-1",
                                ...(stack === "prod-a" ? { side: "target" } : {}),
                                sources: Object.fromEntries(keys.map((k, i) => [k, specs[i]])),
                            }),
                        ),
                    ),
                })),
        );
const validConfig = schemaConfig(SOURCE_KEYS.filter((k) => k !== "__proto__"));

/** Every path (list of keys) into a JSON value, the root excluded. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
    if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
    if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
    return [];
}

/** A copy of `value` with the value at `at` replaced (or removed, for `undefined`). */
function replaced(value: unknown, at: Array<string | number>, by: unknown): unknown {
    if (at.length === 0) return by;
    const [head, ...rest] = at;
    if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, by) : v)).filter((v) => v !== undefined);
    // An earlier change may have replaced a parent with a scalar: nothing left to change below it.
    if (typeof value !== "object" || value === null) return value;
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
        const next = k === head ? replaced(v, rest, by) : v;
        if (next !== undefined) Object.defineProperty(out, k, { value: next, enumerable: true, writable: true, configurable: true });
    }
    return out;
}

/** A schema config with one to three values replaced by any JSON value (or removed, or an invalid constant). */
const mutatedConfig = schemaConfig(SOURCE_KEYS).chain(({ config, stack }) => {
    const paths = pathsOf(config);
    const junk = fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constant(undefined),
        fc.constantFrom("", "*", "12345", "bad name", "x".repeat(70), -1, 0, 99999, true, [], {}, { "*": "*" }, "__proto__"),
    );
    return fc.array(fc.tuple(fc.nat({ max: paths.length - 1 }), junk), { minLength: 1, maxLength: 3 }).map((changes) => ({
        stack,
        config: changes.reduce<Record<string, unknown>>((c, [i, by]) => replaced(c, paths[i], by) as Record<string, unknown>, config),
    }));
});

/** Gives every role whose trust asks for an ExternalId a value, so a good share of configs is accepted. */
/**
 * A service role's session never carries MFA, so config refuses MFA for it, inherited or its own:
 * a valid config turns it off on every service-role entry (`{ source, mfa: false }`).
 */
function withoutServiceRoleMfa(c: Record<string, unknown>): Record<string, unknown> {
    const sources = c.sources as Record<string, { kind?: string }>;
    const roles = c.targetRoles as Record<string, { trustedSources: unknown[] }>;
    const isServiceRole = (key: unknown) => typeof key === "string" && sources[key]?.kind === "service-role";
    const targetRoles = Object.fromEntries(
        Object.entries(roles).map(([name, role]) => [
            name,
            {
                ...role,
                trustedSources: role.trustedSources.map((t) => {
                    if (typeof t === "string") return isServiceRole(t) ? { source: t, mfa: false } : t;
                    const entry = t as Record<string, unknown>;
                    return isServiceRole(entry.source) ? { ...entry, mfa: false } : entry;
                }),
            },
        ]),
    );
    return { ...c, targetRoles };
}

/**
 * A trusted source's entry may only tighten its role's trustConditions: a valid config drops what
 * would loosen them (an older MFA age, another organization, values outside the role's allow-lists).
 */
function withEntriesThatOnlyTighten(c: Record<string, unknown>): Record<string, unknown> {
    const roles = c.targetRoles as Record<string, { trustConditions?: Record<string, any>; trustedSources: unknown[] }>;
    const subset = (list: unknown, of: unknown) => !Array.isArray(of) || of.length === 0 || (Array.isArray(list) && list.every((x) => of.includes(x)));
    const targetRoles = Object.fromEntries(
        Object.entries(roles).map(([name, role]) => {
            const d = role.trustConditions ?? {};
            const trustedSources = role.trustedSources.map((t) => {
                if (typeof t === "string") return t;
                const e = { ...(t as Record<string, any>) };
                const roleAge = typeof d.mfa === "object" ? d.mfa.maxAgeSeconds : d.mfa === true ? 3600 : undefined;
                if (typeof e.mfa === "object" && roleAge !== undefined && e.mfa.maxAgeSeconds > roleAge) e.mfa = true;
                if (d.principalOrgId !== undefined && e.principalOrgId !== undefined && e.principalOrgId !== d.principalOrgId) delete e.principalOrgId;
                if (typeof e.sourceIdentity === "object" && typeof d.sourceIdentity === "object") {
                    if (!subset(e.sourceIdentity.allowed, d.sourceIdentity.allowed) || (d.sourceIdentity.required && !e.sourceIdentity.required))
                        e.sourceIdentity = true;
                }
                if (typeof e.sourceIdentity === "object" && d.sourceIdentity === true && e.sourceIdentity.required === false) e.sourceIdentity = true;
                if (typeof e.sessionTags === "object" && typeof d.sessionTags === "object" && !subset(e.sessionTags.allowedKeys, d.sessionTags.allowedKeys))
                    e.sessionTags = true;
                return e;
            });
            return [name, { ...role, trustedSources }];
        }),
    );
    return { ...c, targetRoles };
}

function withExternalIds(c: Record<string, unknown>): Record<string, unknown> {
    const roles = c.targetRoles;
    if (typeof roles !== "object" || roles === null || Array.isArray(roles)) return c;
    const ids: Record<string, string> = {};
    for (const [name, role] of Object.entries(roles as Record<string, { trustConditions?: { externalId?: boolean }; trustedSources: unknown[] }>)) {
        // An entry's own externalId wins over the role's; an id no trusted source asks for is refused.
        const asked = role.trustedSources.some(
            (t) =>
                ((typeof t === "object" && t !== null ? (t as { externalId?: boolean }).externalId : undefined) ?? role.trustConditions?.externalId) === true,
        );
        if (asked) ids[name] = "vendor-external-id";
    }
    return Object.keys(ids).length > 0 ? { ...c, externalIds: ids } : c;
}

/** The flat `namespace:key` -> string map Pulumi hands the program. */
function flat(c: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(c)) out[k.includes(":") ? k : `${PROJECT}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    return out;
}

/** Junk in every key: any string, or any JSON value as text, for each known key and a few unknown ones. */
const junkConfig: fc.Arbitrary<Record<string, string>> = objectOf(
    [...PROJECT_KEYS.map((k) => `${PROJECT}:${k}`), ...UNKNOWN_KEYS.map((k) => `${PROJECT}:${k}`), "aws:region", "aws:allowedAccountIds", "other:thing"],
    fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    ),
    8,
);

/** Config keys a problem line may start with: the project's keys, aws provider keys, and any unknown key it names. */
const KEY_LINE = new RegExp(
    `^(?:${[...PROJECT_KEYS, ...UNKNOWN_KEYS].join("|")}|aws:region|aws:allowedAccountIds)(?:\\.[A-Za-z_][\\w-]*|\\["(?:[^"\\\\]|\\\\.)*"\\]|\\[\\d+\\])*(?: = |: )`,
);

function assertProblemsNameKeys(problems: readonly string[]): void {
    assert.ok(problems.length > 0, "a ConfigError with no problem");
    for (const p of problems) assert.match(p, KEY_LINE);
}

/** Every Sid in a document is unique (IAM requires it). */
function sidsUnique(d: PolicyDocument): boolean {
    const sids = d.Statement.map((s) => s.Sid).filter((s) => s !== undefined);
    return new Set(sids).size === sids.length;
}

/** The rendered documents of an accepted config are valid JSON, within every quota, and never trust "*". */
function assertRendersWithinQuotas(cfg: CrossAccountConfig): void {
    // As account-a resolves them: principals B creates carry their IAM unique ids (which version the trust Sids).
    const sources = cfg.sources.map((s, i) => {
        const r = configuredSource(cfg, s);
        return s.kind === "service-role" || s.kind === "user" ? { ...r, uniqueIds: [`AROA${String(i).padStart(17, "0")}`] } : r;
    });
    const documents: PolicyDocument[] = [];
    for (const role of cfg.targetRoles) {
        assert.ok(
            role.name.length <= IAM_LIMITS.roleNameLength &&
                role.path.length <= IAM_LIMITS.pathLength &&
                role.description.length <= IAM_LIMITS.descriptionLength,
        );
        assert.ok(role.maxSessionDuration >= IAM_LIMITS.minSessionDuration && role.maxSessionDuration <= IAM_LIMITS.maxSessionDuration);
        assert.ok(role.permissions.managedPolicyArns.length <= cfg.limits.managedPoliciesPerRole);
        // The source side need not hold the ExternalId: measure with the longest text an id may be (worst case).
        const trust = trustPolicy(cfg, role, sources, cfg.externalIds[role.name] ?? "x".repeat(IAM_LIMITS.externalIdMinLength));
        assert.ok(policySize(trust) <= cfg.limits.trustPolicySize, `trust policy of ${role.name} is ${policySize(trust)}`);
        for (const st of trust.Statement) {
            assert.notEqual(st.Principal, "*");
            const aws = typeof st.Principal === "object" ? st.Principal.AWS : undefined;
            assert.ok(aws !== undefined && ![aws].flat().some((p) => p.includes("*")), JSON.stringify(st.Principal));
        }
        documents.push(trust);
        const perms = permissionPolicy(cfg, role);
        if (perms) {
            assert.ok(policySize(perms) <= IAM_LIMITS.roleInlinePolicySize);
            documents.push(perms);
        }
    }
    for (const s of cfg.sources) {
        if (s.kind === "service-role") documents.push(sourceServiceTrustPolicy(s.service, sourceAccount(cfg, s).id));
        if (s.kind !== "service-role" && s.kind !== "user" && s.kind !== "group") continue;
        const placed = sourceGrantPolicies(cfg, s.key, s.kind);
        assert.equal(placed.overflow, undefined);
        assert.ok(placed.managed.length <= cfg.limits.managedPoliciesPerRole);
        if (placed.inline) documents.push(placed.inline);
        for (const m of placed.managed) assert.ok(policySize(m) <= IAM_LIMITS.managedPolicySize);
        documents.push(...placed.managed);
    }
    for (const d of documents) {
        // Valid JSON, and nothing JSON would drop or change (undefined, NaN, functions).
        assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
        assert.equal(d.Version, "2012-10-17");
        assert.ok(d.Statement.length > 0);
        assert.ok(sidsUnique(d), `duplicate Sid in ${JSON.stringify(d)}`);
    }
}

describe("config properties (fast-check)", () => {
    it("junk in every key never makes parseConfig throw anything but a ConfigError whose lines each name a key", () => {
        fc.assert(
            fc.property(junkConfig, fc.constantFrom(...STACKS), (all, stack) => {
                const o = outcome(all, stack);
                if ("problems" in o) assertProblemsNameKeys(o.problems);
                else assertRendersWithinQuotas(o.config);
            }),
            { numRuns: 1000 * SCALE },
        );
    });

    it("configs built from the schema, valid or with a few values replaced by junk: accepted ones render valid JSON within every quota with no * principal; rejected ones name keys", () => {
        let accepted = 0;
        let rejected = 0;
        fc.assert(
            fc.property(fc.oneof(validConfig, mutatedConfig), ({ config, stack }) => {
                const o = outcome(flat(config), stack);
                if ("problems" in o) {
                    rejected++;
                    assertProblemsNameKeys(o.problems);
                } else {
                    accepted++;
                    assertRendersWithinQuotas(o.config);
                }
            }),
            { numRuns: 600 * SCALE },
        );
        // Both branches must have been exercised, or the property proves little: about 150 configs are
        // accepted and 450 refused per 600 runs (the valid branch alone is accepted about 45% of the time).
        assert.ok(accepted >= 100 * SCALE && rejected >= 100 * SCALE, `accepted ${accepted}, rejected ${rejected}`);
    });
});
