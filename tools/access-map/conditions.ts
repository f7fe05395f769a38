/**
 * Reads what a trust statement requires of its caller out of its `Condition` block: the conditions a
 * reviewer asks about (ExternalId, MFA and its age, source identity, session tags, organization) as
 * values, the `aws:PrincipalArn` narrowing apart, anything else verbatim. Pure.
 *
 * Condition keys are case-insensitive in IAM; operators are matched as AWS documents them.
 */
import type { Claim, TrustConditions } from "./model";

type ConditionBlock = Record<string, Record<string, unknown>>;

/** A trust statement's conditions, and the `aws:PrincipalArn` values or patterns that narrow its principal. */
export interface ReadConditions {
    conditions: TrustConditions;
    principalArns: string[];
    /** True when some `aws:PrincipalArn` value is a pattern (`*`, `?`): it admits every principal it matches. */
    principalArnPattern: boolean;
}

/**
 * Reads one statement's condition block; `actions` are the statement's STS actions (sts:TagSession makes
 * session tags possible). `federated`, for a statement that trusts an identity provider: the claims of its
 * issuer (`<issuer>:sub`, ...) or of SAML (`saml:...`) are read as claims; the same keys of any other issuer
 * stay verbatim (IAM evaluates only the keys of the token's own issuer, so they narrow nothing).
 */
export function readConditions(block: unknown, actions: readonly string[], federated?: { issuer: string } | "saml"): ReadConditions {
    const out: TrustConditions = { externalId: false, other: [] };
    const principalArns: string[] = [];
    let pattern = false;
    let mfaPresent: "required" | "if-exists" | undefined;
    let mfaAge: { value: number; ifExists: boolean } | undefined;
    let tagKeys: string[] | undefined;
    let identity: { allowed?: string[]; ifExists?: boolean; nullFalse?: boolean } | undefined;
    const claims: Claim[] = [];
    const claimOf = (key: string): string | undefined => {
        if (federated === undefined) return undefined;
        if (federated === "saml") return key.startsWith("saml:") ? key : undefined;
        const prefix = `${federated.issuer.toLowerCase()}:`;
        return key.startsWith(prefix) && key.length > prefix.length ? key.slice(prefix.length) : undefined;
    };
    const entries = block && typeof block === "object" ? Object.entries(block as ConditionBlock) : [];
    for (const [operator, keys] of entries) {
        if (!keys || typeof keys !== "object") continue;
        const ifExists = operator.endsWith("IfExists");
        const baseOp = ifExists ? operator.slice(0, -"IfExists".length) : operator;
        for (const [rawKey, rawValue] of Object.entries(keys)) {
            const key = rawKey.toLowerCase();
            const values = asList(rawValue);
            const verbatim = () => out.other.push(`${operator} ${rawKey} [${values.join(", ")}]`);
            if (key === "sts:externalid" && (baseOp === "StringEquals" || baseOp === "StringLike") && !ifExists) out.externalId = true;
            else if (key === "aws:multifactorauthpresent" && baseOp === "Bool" && values.length === 1 && values[0] === "true") {
                mfaPresent = ifExists ? "if-exists" : "required";
            } else if (key === "aws:multifactorauthage" && (baseOp === "NumericLessThan" || baseOp === "NumericLessThanEquals") && values.length === 1) {
                const n = Number(values[0]);
                if (Number.isFinite(n)) mfaAge = { value: n, ifExists };
                else verbatim();
            } else if (key === "aws:multifactorauthage" && operator === "Null" && values.length === 1 && values[0] === "false") {
                mfaPresent = "required";
            } else if (key === "sts:sourceidentity" && (baseOp === "StringLike" || baseOp === "StringEquals")) {
                identity = { ...identity, allowed: sorted(values), ifExists };
            } else if (key === "sts:sourceidentity" && operator === "Null" && values.length === 1 && values[0] === "false") {
                identity = { ...identity, nullFalse: true };
            } else if (key === "aws:tagkeys" && (operator === "ForAllValues:StringEquals" || operator === "ForAllValues:StringLike")) {
                tagKeys = sorted(values);
            } else if (key === "aws:principalorgid" && baseOp === "StringEquals" && !ifExists) out.orgIds = sorted(values);
            else if (key === "aws:principalorgpaths" && (operator === "ForAnyValue:StringLike" || operator === "ForAnyValue:StringEquals")) {
                out.orgPaths = sorted(values);
            } else if (key === "aws:principalarn" && ["ArnEquals", "ArnLike", "StringEquals", "StringLike"].includes(baseOp) && !ifExists) {
                principalArns.push(...values);
                if (values.some((v) => /[*?]/.test(v))) pattern = true;
            } else if (key.startsWith("aws:principaltag/") && operator === "StringEquals" && values.length > 0) {
                const tag = rawKey.slice("aws:PrincipalTag/".length);
                // Own properties only: a hand-edited trust may name any tag key, `__proto__` included.
                const known = out.principalTags && Object.hasOwn(out.principalTags, tag) ? out.principalTags[tag] : [];
                out.principalTags = { ...out.principalTags, [tag]: sorted([...known, ...values]) };
            } else if (key === "sts:rolesessionname" && (operator === "StringEquals" || operator === "StringLike") && values.length > 0) {
                out.sessionNames = sorted([...(out.sessionNames ?? []), ...values]);
            } else if (claimOf(key) !== undefined && (operator === "StringEquals" || operator === "StringLike") && values.length > 0) {
                claims.push({ claim: claimOf(key)!, like: operator === "StringLike", values: sorted(values) });
            } else verbatim();
        }
    }
    if (identity) out.sourceIdentity = { required: identity.nullFalse === true || identity.ifExists === false, allowed: identity.allowed ?? [] };
    if (mfaPresent || mfaAge) {
        // MFA is required unless every test of it passes when the key is absent (long-term keys send none).
        const ifExists = mfaPresent !== "required" && (mfaAge === undefined || mfaAge.ifExists);
        out.mfa = { ifExists, ...(mfaAge ? { maxAgeSeconds: mfaAge.value } : {}) };
    }
    if (actions.some((a) => matchesAction(a, "sts:TagSession"))) out.sessionTags = tagKeys ? { keys: tagKeys } : {};
    else if (tagKeys) out.other.push(`ForAllValues aws:TagKeys [${tagKeys.join(", ")}] (no sts:TagSession allowed)`);
    if (claims.length > 0) out.claims = claims.sort(compareClaims);
    out.other.sort();
    return { conditions: out, principalArns: sorted(principalArns), principalArnPattern: pattern };
}

/**
 * What a caller must present when it may use any of several trust statements: the easiest of them.
 * A condition counts only when every path requires it; limits are the loosest among the paths.
 */
export function easiestOf(paths: readonly TrustConditions[]): TrustConditions {
    if (paths.length === 1) return paths[0];
    if (paths.length === 0) return { externalId: false, other: [] };
    const all = <T>(pick: (c: TrustConditions) => T | undefined): T[] | undefined => {
        const values = paths.map(pick);
        return values.every((v) => v !== undefined) ? values : undefined;
    };
    const out: TrustConditions = { externalId: paths.every((c) => c.externalId), other: paths[0].other.filter((o) => paths.every((c) => c.other.includes(o))) };
    const mfa = all((c) => c.mfa);
    if (mfa) {
        const ages = mfa.map((m) => m.maxAgeSeconds);
        out.mfa = { ifExists: mfa.some((m) => m.ifExists), ...(ages.every((a) => a !== undefined) ? { maxAgeSeconds: Math.max(...ages) } : {}) };
    }
    const si = all((c) => c.sourceIdentity);
    if (si)
        out.sourceIdentity = { required: si.every((s) => s.required), allowed: si.some((s) => s.allowed.length === 0) ? [] : union(si.map((s) => s.allowed)) };
    const tags = paths.map((c) => c.sessionTags).filter((t) => t !== undefined);
    if (tags.length > 0) out.sessionTags = tags.some((t) => t.keys === undefined) ? {} : { keys: union(tags.map((t) => t.keys ?? [])) };
    const org = all((c) => c.orgIds);
    if (org) out.orgIds = union(org);
    const ou = all((c) => c.orgPaths);
    if (ou) out.orgPaths = union(ou);
    const names = all((c) => c.sessionNames);
    if (names) out.sessionNames = union(names);
    // A tag counts when every path requires it; its values are those of any path.
    const principalTags = all((c) => c.principalTags);
    if (principalTags) {
        const required = Object.keys(principalTags[0]).filter((k) => principalTags.every((t) => Object.hasOwn(t, k)));
        if (required.length > 0) out.principalTags = Object.fromEntries(required.sort().map((k) => [k, union(principalTags.map((t) => t[k]))]));
    }
    // A claim counts when every path requires it; its values are those of any path.
    const claims = all((c) => c.claims);
    if (claims) {
        const required = [...new Set(claims[0].map((c) => c.claim))]
            .filter((name) => claims.every((list) => list.some((c) => c.claim === name)))
            .map((name) => {
                const each = claims.map((list) => list.filter((c) => c.claim === name)).flat();
                return { claim: name, like: each.some((c) => c.like), values: union(each.map((c) => c.values)) };
            });
        if (required.length > 0) out.claims = required.sort(compareClaims);
    }
    return out;
}

function compareClaims(a: Claim, b: Claim): number {
    return a.claim < b.claim ? -1 : a.claim > b.claim ? 1 : 0;
}

/** A claim as the map labels it: `sub repo:acme/web-app:ref:refs/heads/main`, `sub like repo:acme/*`. */
export function claimLabel(c: Claim): string {
    return `${c.claim}${c.like ? " like" : ""} ${c.values.join(" | ")}`;
}

/** Short labels for a drawing or a line: `ExternalId`, `MFA ≤ 1800 s`, `source identity nightly-backup`, `session tags team`, `org o-abc`. */
export function conditionLabels(c: TrustConditions): string[] {
    const out: string[] = [];
    if (c.externalId) out.push("ExternalId");
    if (c.mfa) out.push(`MFA${c.mfa.maxAgeSeconds !== undefined ? ` ≤ ${c.mfa.maxAgeSeconds} s` : ""}${c.mfa.ifExists ? " (if present)" : ""}`);
    if (c.sourceIdentity) {
        const which = c.sourceIdentity.allowed.length > 0 ? c.sourceIdentity.allowed.join(", ") : "any";
        out.push(`source identity ${which}${c.sourceIdentity.required ? "" : " (if set)"}`);
    }
    if (c.sessionTags) out.push(`session tags ${c.sessionTags.keys ? c.sessionTags.keys.join(", ") || "none" : "(any key)"}`);
    if (c.orgIds) out.push(`org ${c.orgIds.join(", ")}`);
    if (c.orgPaths) out.push(`OU ${c.orgPaths.join(", ")}`);
    for (const [tag, values] of Object.entries(c.principalTags ?? {})) out.push(`tag ${tag}=${values.join(" | ")}`);
    if (c.sessionNames) out.push(`session name ${c.sessionNames.join(" | ")}`);
    for (const claim of c.claims ?? []) out.push(claimLabel(claim));
    out.push(...c.other);
    return out;
}

/** IAM's `*` and `?` wildcards, case-insensitive (as IAM matches action names). */
export function matchesAction(pattern: string, action: string): boolean {
    return globRegExp(pattern, "i").test(action);
}

/** IAM's `*` and `?` wildcards on an ARN (case-sensitive). */
export function matchesArn(pattern: string, arn: string): boolean {
    return globRegExp(pattern, "").test(arn);
}

const compiled = new Map<string, RegExp>();

/** The pattern as a RegExp, compiled once per process (a map of 50 roles matches thousands of times). */
function globRegExp(pattern: string, flags: string): RegExp {
    const key = `${flags}:${pattern}`;
    const known = compiled.get(key);
    if (known) return known;
    const body = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    const re = new RegExp(`^${body}$`, flags);
    compiled.set(key, re);
    return re;
}

export function asList(v: unknown): string[] {
    if (typeof v === "string") return [v];
    if (typeof v === "number" || typeof v === "boolean") return [String(v)];
    return Array.isArray(v) ? v.map((x) => String(x)) : [];
}

function sorted(values: readonly string[]): string[] {
    return [...new Set(values)].sort();
}

function union(lists: ReadonlyArray<readonly string[]>): string[] {
    return sorted(lists.flat());
}
