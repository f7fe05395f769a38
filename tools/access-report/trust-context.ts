/**
 * The request context of a trust check: what a caller supplies to meet a trust entry's conditions, and the
 * same context with one required condition missing or wrong at a time. Pure.
 */
import type { TrustConditions } from "../../lib/model/config";

/** What a caller supplies to meet a trust entry's conditions. The ExternalId is the configured one (a secret). */
export function suppliedContext(c: TrustConditions, externalId: string | undefined): Record<string, string | string[]> {
    const ctx: Record<string, string | string[]> = {};
    if (c.externalId && externalId !== undefined) ctx["sts:ExternalId"] = externalId;
    if (c.mfa) {
        ctx["aws:MultiFactorAuthPresent"] = "true";
        ctx["aws:MultiFactorAuthAge"] = String(Math.floor(c.mfa.maxAgeSeconds / 2));
    }
    if (c.principalOrgId) ctx["aws:PrincipalOrgID"] = c.principalOrgId;
    if (c.sourceIdentity && (c.sourceIdentity.required || c.sourceIdentity.allowed.length > 0)) {
        ctx["sts:SourceIdentity"] = c.sourceIdentity.allowed.length > 0 ? sampleMatching(c.sourceIdentity.allowed[0]) : "report-identity";
    }
    return ctx;
}

/** The conditions a caller meets, as a check's title says them. */
export function describeSupplied(c: TrustConditions): string {
    const parts: string[] = [];
    if (c.externalId) parts.push("its ExternalId");
    if (c.mfa) parts.push(`MFA (${Math.floor(c.mfa.maxAgeSeconds / 2)} s old)`);
    if (c.principalOrgId) parts.push(`org ${c.principalOrgId}`);
    if (c.sourceIdentity && (c.sourceIdentity.required || c.sourceIdentity.allowed.length > 0)) parts.push("a source identity");
    return parts.join(", ");
}

/** For each condition the trust requires: a title, the request context without it, and the action. */
export function conditionMutations(c: TrustConditions, context: Record<string, string | string[]>): Array<[string, Record<string, string | string[]>, string]> {
    const without = (...keys: string[]) => Object.fromEntries(Object.entries(context).filter(([k]) => !keys.includes(k)));
    const out: Array<[string, Record<string, string | string[]>, string]> = [];
    if (c.externalId) {
        out.push(["without sts:ExternalId is refused", without("sts:ExternalId"), "sts:AssumeRole"]);
        out.push(["with a wrong sts:ExternalId is refused", { ...context, "sts:ExternalId": "wrong-external-id" }, "sts:AssumeRole"]);
    }
    if (c.mfa) {
        out.push(["without MFA is refused", { ...without("aws:MultiFactorAuthAge"), "aws:MultiFactorAuthPresent": "false" }, "sts:AssumeRole"]);
        // Long-term access keys: STS sends neither MFA key, so a condition that only tests "false" would let them in.
        out.push([
            "with long-term keys (no MFA key in the request) is refused",
            without("aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge"),
            "sts:AssumeRole",
        ]);
        out.push([
            `with MFA older than ${c.mfa.maxAgeSeconds} s is refused`,
            { ...context, "aws:MultiFactorAuthAge": String(c.mfa.maxAgeSeconds + 1) },
            "sts:AssumeRole",
        ]);
    }
    if (c.principalOrgId) {
        const other = c.principalOrgId === "o-0000000000" ? "o-1111111111" : "o-0000000000";
        out.push([`from another organization (${other}) is refused`, { ...context, "aws:PrincipalOrgID": other }, "sts:AssumeRole"]);
    }
    if (c.sourceIdentity?.required) out.push(["without a source identity is refused", without("sts:SourceIdentity"), "sts:AssumeRole"]);
    if (c.sourceIdentity && c.sourceIdentity.allowed.length > 0) {
        let unlisted = "unlisted-identity";
        while (c.sourceIdentity.allowed.some((pattern) => globMatches(pattern, unlisted))) unlisted += "-x";
        out.push([`with a source identity not allowed (${unlisted}) is refused`, { ...context, "sts:SourceIdentity": unlisted }, "sts:AssumeRole"]);
    }
    if (c.sessionTags && c.sessionTags.allowedKeys.length > 0) {
        let key = "unlisted-tag";
        while (c.sessionTags.allowedKeys.includes(key)) key += "-x";
        out.push([`tagging its session with ${key} (not in allowedKeys) is refused`, { ...context, ...tagContext([key]) }, "sts:TagSession"]);
    }
    return out;
}

/** The request context of a session tagged with `keys`. */
export function tagContext(keys: string[]): Record<string, string | string[]> {
    const ctx: Record<string, string | string[]> = { "aws:TagKeys": keys };
    for (const k of keys) ctx[`aws:RequestTag/${k}`] = "report";
    return ctx;
}

/** IAM's `*` and `?` wildcards. */
export function globMatches(pattern: string, value: string): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
    );
    return re.test(value);
}

/** A value that matches a source identity pattern (wildcards filled in). */
function sampleMatching(pattern: string): string {
    return pattern.replace(/\*/g, "x").replace(/\?/g, "x");
}
