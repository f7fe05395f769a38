/**
 * The request context of a trust check: what a caller supplies to meet a trust entry's conditions, and the
 * same context with one required condition missing or wrong at a time. Pure.
 */
import type { TrustConditions } from "../../lib/model/config";
import { WRONG_EXTERNAL_ID_PROBE, probeName } from "../../lib/names";
import { sampleMatching, valueMatchingNone } from "./probes";

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

/** One request with a required condition missing, or why no such request exists. */
export interface ConditionMutation {
    title: string;
    context: Record<string, string | string[]>;
    action: string;
    /** Set when no value can be left out or made wrong (an allow-list that allows everything): the row is UNPROVEN for this reason. */
    untestable?: string;
}

/**
 * For each condition the trust requires: a title, the request context without it (or with a value it
 * refuses), and the action. Every probe value is built to miss what is configured (`taken`: see
 * lib/names.ts probeName), never by a loop without a bound.
 */
export function conditionMutations(c: TrustConditions, context: Record<string, string | string[]>, taken: readonly string[] = []): ConditionMutation[] {
    const without = (...keys: string[]) => Object.fromEntries(Object.entries(context).filter(([k]) => !keys.includes(k)));
    const out: ConditionMutation[] = [];
    const push = (title: string, ctx: Record<string, string | string[]>, action = "sts:AssumeRole") => out.push({ title, context: ctx, action });
    if (c.externalId) {
        push("without sts:ExternalId is refused", without("sts:ExternalId"));
        push("with a wrong sts:ExternalId is refused", { ...context, "sts:ExternalId": WRONG_EXTERNAL_ID_PROBE });
    }
    if (c.mfa) {
        push("without MFA is refused", { ...without("aws:MultiFactorAuthAge"), "aws:MultiFactorAuthPresent": "false" });
        // Long-term access keys: STS sends neither MFA key, so a condition that only tests "false" would let them in.
        push("with long-term keys (no MFA key in the request) is refused", without("aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge"));
        push(`with MFA older than ${c.mfa.maxAgeSeconds} s is refused`, { ...context, "aws:MultiFactorAuthAge": String(c.mfa.maxAgeSeconds + 1) });
    }
    if (c.principalOrgId) {
        const other = c.principalOrgId === "o-0000000000" ? "o-1111111111" : "o-0000000000";
        push(`from another organization (${other}) is refused`, { ...context, "aws:PrincipalOrgID": other });
    }
    if (c.sourceIdentity?.required) push("without a source identity is refused", without("sts:SourceIdentity"));
    if (c.sourceIdentity && c.sourceIdentity.allowed.length > 0) {
        const allowed = c.sourceIdentity.allowed;
        const unlisted = valueMatchingNone(allowed, probeName("unlisted-identity", [...taken, ...allowed]));
        if (unlisted !== undefined) {
            push(`with a source identity not allowed (${unlisted}) is refused`, { ...context, "sts:SourceIdentity": unlisted });
        } else {
            out.push({
                title: "with a source identity not allowed is refused",
                context,
                action: "sts:AssumeRole",
                untestable: `no source identity is outside sourceIdentity.allowed (${allowed.join(", ")}): its patterns match every value (as * does), so the allow-list refuses nothing`,
            });
        }
    }
    if (c.sessionTags && c.sessionTags.allowedKeys.length > 0) {
        const key = probeName("unlisted-tag", [...taken, ...c.sessionTags.allowedKeys]);
        push(`tagging its session with ${key} (not in allowedKeys) is refused`, { ...context, ...tagContext([key]) }, "sts:TagSession");
    }
    return out;
}

/** The request context of a session tagged with `keys`. */
export function tagContext(keys: string[]): Record<string, string | string[]> {
    const ctx: Record<string, string | string[]> = { "aws:TagKeys": keys };
    for (const k of keys) ctx[`aws:RequestTag/${k}`] = "report";
    return ctx;
}
