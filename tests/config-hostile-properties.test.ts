/**
 * Hostile configs as properties (issue 13, fast-check): a valid config with a few values replaced by
 * what an attacker would try (`*`, `?`, `${`, case twins of other names, huge strings, empty lists,
 * `__proto__` keys, missing keys, the secret itself). For every config the reader ACCEPTS:
 *   (a) no Resource, Principal or aws:PrincipalArn value of any rendered document holds `*`, `?` or `${`
 *       except the intended wildcards of lib/policies/intended-wildcards.ts;
 *   (a') no condition value of any document holds `${` (a policy variable each request fills in), the sub
 *       claims of an oidc-role's web identity trust included;
 *   (b) the ExternalId appears only where IAM needs it (the trust's sts:ExternalId condition, a Pulumi
 *       secret), in no other document, output or resource input;
 * and for every config it REFUSES, no message holds the ExternalId. Seeded: a failure prints the seed
 * and path; replay with HOSTILE_SEED=<seed> (and HOSTILE_PATH=<path>).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { parseConfig } from "../lib/config/read";
import { IAM_LIMITS } from "../lib/iam/limits";
import { ConfigError } from "../lib/errors";
import type { CrossAccountConfig } from "../lib/model/config";
import type { PolicyDocument } from "../lib/model/policy";
import { INTENDED_WILDCARDS, isIntendedWildcard } from "../lib/policies/intended-wildcards";
import { permissionPolicy } from "../lib/policies/permissions";
import { sourceGrantPolicies } from "../lib/policies/source-grant";
import { configuredSource } from "../lib/policies/sources";
import { trustPolicy } from "../lib/policies/trust";
import { webIdentityTrustPolicy } from "../lib/policies/web-identity-trust";
import { ACCOUNT_B, PROJECT, flatten, render, SOURCE_STACK } from "./support/harness";

const SEED = Number(process.env.HOSTILE_SEED ?? "1313");
const PATH = process.env.HOSTILE_PATH;
/** Runs of the pure property (parse + every builder) and of the one that renders both stacks under mocks. */
const PURE_RUNS = Number(process.env.HOSTILE_RUNS ?? "400");
const RENDER_RUNS = Number(process.env.HOSTILE_RENDER_RUNS ?? "100");
const SECRET_KEYS = [`${PROJECT}:externalIds`];

type Json = Record<string, any>;

/** A valid config that uses every kind of value that reaches an ARN, a Principal or a condition. */
function base(secret: string): Json {
    return {
        targetAccountId: "111111111111",
        sourceAccountId: ACCOUNT_B,
        "aws:region": "eu-west-1",
        sources: {
            "log-shipper": { kind: "service-role", service: "ec2", path: "/cross-account/" },
            operators: { kind: "group", path: "/people/" },
            auditor: { kind: "user", path: "/people/" },
            legacy: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/legacy-app`] },
            vendor: { kind: "account-root" },
            ci: { kind: "oidc-role", path: "/ci/", github: { repository: "acme/web-app", branch: "main" } },
        },
        targetRoles: {
            "log-reader": {
                path: "/cross-account/",
                trustMode: "principal-arn",
                trustedSources: ["log-shipper", "legacy", { source: "operators", mfa: true }, { source: "auditor", mfa: true }, "ci"],
                permissions: {
                    logsRead: { logGroups: ["/app/cron"] },
                    s3Read: { buckets: ["acme-logs"], prefix: "incoming/" },
                    statements: [
                        {
                            Effect: "Allow",
                            Action: "logs:FilterLogEvents",
                            Resource: "arn:aws:logs:eu-west-1:111111111111:log-group:/app/web",
                            Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
                        },
                    ],
                },
            },
            "vendor-reader": {
                path: "/vendors/",
                trustedSources: [{ source: "vendor", externalId: true }],
                permissions: { dynamodbBackup: { tables: ["orders"] } },
            },
        },
        externalIds: { "vendor-reader": secret },
    };
}

/** Valid but tricky values per kind of key (case twins, other accounts and partitions), so that many mutated configs are accepted. */
const name = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.constantFrom("Log-Reader", "Operators", "Auditor", "vendor-reader", "a.b@c"));
const iamPath = fc.oneof(fc.stringMatching(/^\/[a-z]{1,6}\/([A-Za-z]{1,6}\/)?$/), fc.constantFrom("/", "/People/", "/vendors/", "/cross-account/"));
const principal = fc.constantFrom(
    `arn:aws:iam::${ACCOUNT_B}:user/people/auditor`,
    `arn:aws:iam::${ACCOUNT_B}:role/legacy-app`,
    `arn:aws:iam::${ACCOUNT_B}:role/a/b/legacy`,
    "arn:aws:iam::333333333333:role/elsewhere",
);
const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
    name,
    path: iamPath,
    arns: fc.array(principal, { minLength: 1, maxLength: 2 }),
    arn: principal,
    source: fc.constantFrom("log-shipper", "operators", "auditor", "legacy", "vendor", "ci", "Log-Shipper"),
    sources: fc.array(fc.constantFrom("log-shipper", "legacy", "vendor", "auditor", "ci"), { minLength: 1, maxLength: 3 }),
    conditions: fc.constantFrom({ mfa: true }, { externalId: true }, { principalOrgId: "o-abcdefghij" }, { sessionTags: { allowedKeys: ["team"] } }),
    logGroup: fc.constantFrom("/app/web", "/App/Cron", "/aws/lambda/x", "app.audit"),
    logGroups: fc.array(fc.constantFrom("/app/web", "/App/Cron", "/aws/lambda/x"), { minLength: 1, maxLength: 2 }),
    bucket: fc.constantFrom("acme-logs-2", "acme.logs", "logs-111111111111"),
    prefix: fc.constantFrom("a/", "incoming/2024/", "x"),
    table: fc.constantFrom("orders.v2", "Orders", "orders_2024"),
    resource: fc.constantFrom("arn:aws:logs:eu-west-1:111111111111:log-group:/app/audit", "arn:aws:s3:::acme-logs/report.csv"),
    action: fc.constantFrom("logs:GetLogEvents", "s3:GetObject", ["logs:GetLogEvents", "logs:FilterLogEvents"]),
    condition: fc.constantFrom({ StringEquals: { "aws:RequestedRegion": "eu-west-1" } }, { Bool: { "aws:SecureTransport": "true" } }),
    bool: fc.boolean(),
    repository: fc.constantFrom("acme/web-app", "Acme/Web-App", "octo/x.y", "acme/*"),
    ref: fc.constantFrom("main", "release/*", "v1.?", "Main"),
    externalIds: fc.constant({ "vendor-reader": "xid-replaced-0123" }),
    region: fc.constantFrom("eu-central-1", "us-east-1", "ap-southeast-2"),
    account: fc.constantFrom("333333333333", "111111111111"),
    partition: fc.constantFrom("aws", "aws-us-gov", "aws-cn"),
};

/** Where a value goes (and what kind of valid value suits it): every value that reaches an ARN, a Principal or a condition. */
const PATHS: ReadonlyArray<readonly [readonly (string | number)[], string]> = [
    [["sources", "log-shipper", "path"], "path"],
    [["sources", "log-shipper", "name"], "name"],
    [["sources", "operators", "path"], "path"],
    [["sources", "operators", "name"], "name"],
    [["sources", "auditor", "name"], "name"],
    [["sources", "auditor", "path"], "path"],
    [["sources", "legacy", "arns"], "arns"],
    [["sources", "legacy", "arns", 0], "arn"],
    [["sources", "ci", "name"], "name"],
    [["sources", "ci", "path"], "path"],
    [["sources", "ci", "github", "repository"], "repository"],
    [["sources", "ci", "github", "branch"], "ref"],
    [["sources", "ci", "unsafeAllowBroadSubjects"], "bool"],
    [["targetRoles", "log-reader", "path"], "path"],
    [["targetRoles", "log-reader", "trustedSources"], "sources"],
    [["targetRoles", "log-reader", "trustedSources", 2, "source"], "source"],
    [["targetRoles", "log-reader", "trustConditions"], "conditions"],
    [["targetRoles", "log-reader", "permissions", "logsRead", "logGroups"], "logGroups"],
    [["targetRoles", "log-reader", "permissions", "logsRead", "logGroups", 0], "logGroup"],
    [["targetRoles", "log-reader", "permissions", "s3Read", "buckets", 0], "bucket"],
    [["targetRoles", "log-reader", "permissions", "s3Read", "prefix"], "prefix"],
    [["targetRoles", "log-reader", "permissions", "statements", 0, "Resource"], "resource"],
    [["targetRoles", "log-reader", "permissions", "statements", 0, "Action"], "action"],
    [["targetRoles", "log-reader", "permissions", "statements", 0, "Condition"], "condition"],
    [["targetRoles", "vendor-reader", "path"], "path"],
    [["targetRoles", "vendor-reader", "trustedSources", 0, "externalId"], "bool"],
    [["targetRoles", "vendor-reader", "permissions", "dynamodbBackup", "tables", 0], "table"],
    [["externalIds"], "externalIds"],
    [["externalIds", "vendor-reader"], "name"],
    [["aws:region"], "region"],
    [["sourceAccountId"], "account"],
    [["partition"], "partition"],
];

/** Values an attacker would try; `SECRET` stands for the config's own ExternalId, `DELETE` removes the key. */
const SECRET = Symbol("secret");
const DELETE = Symbol("delete");
const fragment = fc.constantFrom("*", "?", "${aws:username}", "/*/", "**", "$", "{", "}");
const hostileString = fc.oneof(
    fc.constantFrom("*", "?", "/*/", "/a?/", "${aws:username}", "arn:aws:s3:::*", "arn:aws:iam::222222222222:role/*", "Log-Reader", "LOG-SHIPPER", "Operators"),
    fc.constantFrom("__proto__", "constructor", "", " ", "x".repeat(5000), "/app/" + "a".repeat(600)),
    fc.tuple(fc.stringMatching(/^[a-z/-]{0,6}$/), fragment, fc.stringMatching(/^[a-z/-]{0,6}$/)).map(([a, w, b]) => `${a}${w}${b}`),
    fc.stringMatching(/^\/?[A-Za-z]{1,6}\/?$/),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 4, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, null, true, 12, DELETE, SECRET, [SECRET], ["*"], { __proto__: null, "*": "*" }) },
    { weight: 1, arbitrary: fc.array(hostileString, { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: hostileString.map((k) => ownKey("__proto__", { kind: "group", path: k })) },
);

/** An object with `key` as an own property (as JSON.parse makes `__proto__`). */
function ownKey(key: string, value: unknown): Json {
    const o: Json = {};
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
    return o;
}

/** Renaming a source or role key: case twins, wildcards, prototype names. */
const rename = fc.record({
    where: fc.constantFrom("sources", "targetRoles"),
    to: fc.constantFrom("__proto__", "Log-Reader", "LOG-SHIPPER", "log*", "vendor?", "toString", "a".repeat(70)),
});

const hostileConfig = fc.record({
    secret: fc.stringMatching(/^[A-Za-z0-9]{12,20}$/).map((s) => `xid-${s}`),
    mutations: fc.array(
        fc.constantFrom(...PATHS).chain(([path, kind]) => fc.tuple(fc.constant(path), fc.oneof(PLAUSIBLE[kind], hostileValue))),
        { minLength: 1, maxLength: 3 },
    ),
    renames: fc.array(rename, { maxLength: 1 }),
});

function build(h: { secret: string; mutations: Array<[readonly (string | number)[], unknown]>; renames: Array<{ where: string; to: string }> }): Json {
    const c = base(h.secret);
    for (const [path, raw] of h.mutations) {
        const value = raw === SECRET ? h.secret : Array.isArray(raw) ? raw.map((x) => (x === SECRET ? h.secret : x)) : raw;
        let at: any = c;
        for (const k of path.slice(0, -1)) {
            if (at === null || typeof at !== "object" || !Object.prototype.hasOwnProperty.call(at, k)) {
                at = undefined;
                break;
            }
            at = at[k];
        }
        if (at === undefined || at === null || typeof at !== "object") continue;
        const last = path[path.length - 1];
        if (value === DELETE) delete at[last];
        else Object.defineProperty(at, last, { value, enumerable: true, writable: true, configurable: true });
    }
    for (const { where, to } of h.renames) {
        const map = c[where];
        if (map === null || typeof map !== "object") continue;
        const from = where === "sources" ? "log-shipper" : "log-reader";
        if (!Object.prototype.hasOwnProperty.call(map, from)) continue;
        const moved = map[from];
        delete map[from];
        Object.defineProperty(map, to, { value: moved, enumerable: true, writable: true, configurable: true });
    }
    return c;
}

type Outcome = { config: CrossAccountConfig } | { problems: readonly string[] };

function parse(c: Json, stack: string): Outcome {
    try {
        return { config: parseConfig(flatten(c), { project: PROJECT, stack, organization: "organization", secretKeys: SECRET_KEYS }) };
    } catch (e) {
        if (!ConfigError.isConfigError(e)) throw new Error(`parseConfig threw ${String(e)}`);
        return { problems: e.problems };
    }
}

/** The documents an accepted config renders, by the pure builders (as account-a resolves B's principals). */
function documents(cfg: CrossAccountConfig): PolicyDocument[] {
    const sources = cfg.sources.map((s, i) => {
        const r = configuredSource(cfg, s);
        return s.kind === "service-role" || s.kind === "user" ? { ...r, uniqueIds: [`AROA${String(i).padStart(17, "0")}`] } : r;
    });
    const out: PolicyDocument[] = [];
    for (const role of cfg.targetRoles) {
        // Account B need not hold the ExternalId (only A's trust uses it): a stand-in there, as lib/quotas.ts measures.
        out.push(trustPolicy(cfg, role, sources, cfg.externalIds[role.name] ?? "x".repeat(IAM_LIMITS.externalIdMinLength)));
        const perms = permissionPolicy(cfg, role);
        if (perms) out.push(perms);
    }
    for (const s of cfg.sources) {
        if (s.kind === "oidc-role") out.push(webIdentityTrustPolicy(cfg.partition, cfg.account.id, s.oidc));
        if (s.kind !== "service-role" && s.kind !== "oidc-role" && s.kind !== "user" && s.kind !== "group") continue;
        const placed = sourceGrantPolicies(cfg, s.key, s.kind);
        if (placed.inline) out.push(placed.inline);
        out.push(...placed.managed);
    }
    return out;
}

const WILD = /[*?]|\$\{/;
const PRINCIPAL_ARN_OPERATORS = ["ArnEquals", "ArnLike", "StringEquals", "StringLike"];

/** Every Resource, Principal and aws:PrincipalArn value with a wildcard that is not an intended one. */
function unintendedWildcards(d: PolicyDocument): string[] {
    const bad: string[] = [];
    for (const st of d.Statement) {
        for (const r of [st.Resource ?? []].flat()) if (WILD.test(r) && !isIntendedWildcard("Resource", r, st)) bad.push(`${st.Sid} Resource ${r}`);
        const principal = st.Principal;
        const aws = principal === undefined ? [] : typeof principal === "string" ? [principal] : [principal.AWS ?? []].flat();
        for (const p of aws) if (WILD.test(p)) bad.push(`${st.Sid} Principal ${p}`);
        for (const op of PRINCIPAL_ARN_OPERATORS) {
            for (const v of [st.Condition?.[op]?.["aws:PrincipalArn"] ?? []].flat()) {
                if (WILD.test(v) && !(op === "ArnLike" && isIntendedWildcard("aws:PrincipalArn", v, st))) bad.push(`${st.Sid} ${op} aws:PrincipalArn ${v}`);
            }
        }
    }
    return bad;
}

/** Every condition value holding `${`: IAM would fill it in per request, so it would not say what is configured. */
function policyVariables(d: PolicyDocument): string[] {
    const bad: string[] = [];
    for (const st of d.Statement) {
        for (const [op, block] of Object.entries(st.Condition ?? {})) {
            for (const [key, v] of Object.entries(block)) for (const x of [v].flat()) if (String(x).includes("${")) bad.push(`${st.Sid} ${op} ${key} ${x}`);
        }
    }
    return bad;
}

/** The document's text once the one place IAM needs the ExternalId (a trust's sts:ExternalId condition) is taken out. */
function withoutExternalIdConditions(d: PolicyDocument): string {
    const copy = JSON.parse(JSON.stringify(d)) as PolicyDocument;
    for (const st of copy.Statement) if (st.Condition?.StringEquals) delete st.Condition.StringEquals["sts:ExternalId"];
    return JSON.stringify(copy);
}

/** `secret` when externalIds still holds it, whatever its shape; else undefined. */
function heldSecret(c: Json, secret: string): string | undefined {
    return JSON.stringify(c.externalIds ?? null).includes(secret) ? secret : undefined;
}

/** What a failed render would print: a ConfigError's lines, or an error's message. */
function errorText(e: unknown): string {
    if (ConfigError.isConfigError(e)) return e.problems.join("\n");
    return e instanceof Error ? e.message : JSON.stringify(e);
}

const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: SEED, ...(PATH ? { path: PATH } : {}), endOnFailure: true });

describe("config: hostile configs as properties (fast-check)", () => {
    const counts = { accepted: 0, refused: 0, rendered: 0 };
    after(() => {
        // Shown with the test output, so a run that accepts almost nothing (and so proves little) is visible.
        console.log(
            `      hostile configs: ${counts.accepted} parses accepted, ${counts.refused} refused; ${counts.rendered} rendered on both stacks (seed ${SEED})`,
        );
    });

    it("the unmutated config is accepted on both stacks (else the properties below prove nothing)", () => {
        for (const stack of ["account-a", "account-b"]) {
            const o = parse(base("xid-0123456789abcdef"), stack);
            assert.deepEqual("problems" in o ? o.problems : [], []);
        }
    });

    it("an accepted config renders no wildcard outside the intended ones, and the ExternalId only in its trust condition; a refused one never prints it", () => {
        assert.ok(INTENDED_WILDCARDS.length > 0);
        fc.assert(
            fc.property(hostileConfig, (h) => {
                const c = build(h);
                // The ExternalId is secret only while externalIds holds it (a mutation may have replaced it).
                const secret = heldSecret(c, h.secret);
                for (const stack of ["account-a", "account-b"]) {
                    const o = parse(c, stack);
                    if ("problems" in o) {
                        counts.refused++;
                        if (secret) for (const p of o.problems) assert.ok(!p.includes(secret), `a message holds the ExternalId: ${p}`);
                        continue;
                    }
                    counts.accepted++;
                    for (const d of documents(o.config)) {
                        assert.deepEqual(unintendedWildcards(d), []);
                        assert.deepEqual(policyVariables(d), []);
                        if (secret) assert.ok(!withoutExternalIdConditions(d).includes(secret), `the ExternalId outside its condition: ${JSON.stringify(d)}`);
                    }
                }
            }),
            params(PURE_RUNS),
        );
    });

    it("through the real program under mocks: an accepted config's outputs and resource inputs hold the ExternalId only where Pulumi keeps it secret", async () => {
        await fc.assert(
            fc.asyncProperty(hostileConfig, async (h) => {
                const c = build(h);
                if (!heldSecret(c, h.secret)) return;
                // A stack is rendered only when parseConfig accepts the config for it. A refused one fails the
                // program with exactly parseConfig's lines (rejectsEach of tests/support/bad-config.ts proves it
                // case by case), and the property above checks those lines for the ExternalId.
                if ("problems" in parse(c, "account-b")) return;
                const b = await render(c, { stack: "account-b", secretKeys: SECRET_KEYS });
                if (b.error) {
                    assert.ok(!errorText(b.error).includes(h.secret), errorText(b.error));
                    return;
                }
                if ("problems" in parse(c, "account-a")) return;
                const a = await render(c, { stack: "account-a", secretKeys: SECRET_KEYS, references: { [SOURCE_STACK]: { outputs: b.outputs } } });
                if (a.error) {
                    assert.ok(!errorText(a.error).includes(h.secret), errorText(a.error));
                    return;
                }
                counts.rendered++;
                for (const r of [...a.resources, ...b.resources]) {
                    for (const [k, v] of Object.entries(r.inputs)) {
                        if (r.secretPaths.some((p) => p === k || p.startsWith(`${k}.`))) continue;
                        assert.ok(!JSON.stringify(v).includes(h.secret), `${r.type} ${r.name} ${k} holds the ExternalId in the clear`);
                    }
                }
                for (const [name, v] of Object.entries({ ...a.outputs, ...b.outputs })) {
                    if (a.secretOutputNames.includes(name) || b.secretOutputNames.includes(name)) continue;
                    assert.ok(!JSON.stringify(v).includes(h.secret), `output ${name} holds the ExternalId in the clear`);
                }
            }),
            params(RENDER_RUNS),
        );
    });
});
