/**
 * The request context of a trust check: what a caller supplies to meet a trust entry's conditions, and the
 * same context with one required condition missing or wrong at a time. Pure.
 */
import { ORGANIZATION_PATH_PATTERN, USERNAME_VARIABLE, sessionNameMatches } from "../../lib/iam/patterns";
import type { TrustConditions } from "../../lib/model/config";
import type { PolicyDocument } from "../../lib/model/policy";
import { WRONG_EXTERNAL_ID_PROBE, probeName } from "../../lib/names";
import { sampleMatching, valueMatchingNone } from "./probes";

/** A session name pattern with `${aws:username}` filled in with the caller's IAM user name (none for a role session: no match). */
function resolvedSessionPattern(pattern: string, userName: string | undefined): string | undefined {
    if (!pattern.includes(USERNAME_VARIABLE)) return pattern;
    return userName === undefined ? undefined : pattern.split(USERNAME_VARIABLE).join(userName);
}

/**
 * What a caller supplies to meet a trust entry's conditions. The ExternalId is the configured one (a secret).
 * @param userName the caller's IAM user name when it is an IAM user: AWS then sets `aws:username`, which a
 *   `${aws:username}` session name rule compares with.
 */
export function suppliedContext(c: TrustConditions, externalId: string | undefined, userName?: string): Record<string, string | string[]> {
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
    // The caller's principal tags (an IAM user's, or its role session's), each with the first value the trust accepts.
    for (const [key, values] of Object.entries(c.principalTags ?? {})) ctx[`aws:PrincipalTag/${key}`] = values[0];
    // An account has one organization path; AWS sends it as a list.
    if (c.principalOrgPaths) ctx["aws:PrincipalOrgPaths"] = [c.principalOrgPaths[0]];
    if (c.roleSessionName) {
        const usable = c.roleSessionName.map((n) => resolvedSessionPattern(n, userName)).find((n) => n !== undefined);
        if (userName !== undefined && c.roleSessionName.some((n) => n.includes(USERNAME_VARIABLE))) ctx["aws:username"] = userName;
        ctx["sts:RoleSessionName"] = usable === undefined ? "report-session" : sampleMatching(usable);
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
    for (const [key, values] of Object.entries(c.principalTags ?? {})) parts.push(`tag ${key}=${values[0]}`);
    if (c.principalOrgPaths) parts.push(`its account in ${c.principalOrgPaths[0]}`);
    if (c.roleSessionName) parts.push(`session name ${sessionNameText(c.roleSessionName)}`);
    return parts.join(", ");
}

/** How a check's title says the session name it sends: the first rule, `${aws:username}` as "its user name". */
function sessionNameText(names: readonly string[]): string {
    return names[0] === USERNAME_VARIABLE ? "its user name" : `matching ${names[0]}`;
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
export function conditionMutations(
    c: TrustConditions,
    context: Record<string, string | string[]>,
    taken: readonly string[] = [],
    userName?: string,
): ConditionMutation[] {
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
    for (const [key, values] of Object.entries(c.principalTags ?? {})) {
        const tagKey = `aws:PrincipalTag/${key}`;
        push(`without tag ${key} is refused`, without(tagKey));
        const other = probeName("other-value", [...taken, ...values]);
        push(`with tag ${key}=${other} (a value not listed) is refused`, { ...context, [tagKey]: other });
        // Values are compared case-sensitively: another case of the value is another value.
        const recased = values[0] === values[0].toUpperCase() ? values[0].toLowerCase() : values[0].toUpperCase();
        if (!values.includes(recased)) push(`with tag ${key}=${recased} (another case of ${values[0]}) is refused`, { ...context, [tagKey]: recased });
    }
    if (c.principalOrgPaths) {
        const paths = c.principalOrgPaths;
        push("from an account in no organization (no aws:PrincipalOrgPaths) is refused", without("aws:PrincipalOrgPaths"));
        for (const [title, path] of outsidePaths(paths)) push(`${title} (${path}) is refused`, { ...context, "aws:PrincipalOrgPaths": [path] });
    }
    if (c.roleSessionName) {
        const patterns = c.roleSessionName.map((n) => resolvedSessionPattern(n, userName)).filter((n): n is string => n !== undefined);
        const other = valueMatchingNone(patterns, probeName("other-session", [...taken, ...patterns]));
        const title = c.roleSessionName.includes(USERNAME_VARIABLE) ? "naming its session after someone else" : "with another session name";
        if (other !== undefined) push(`${title} (${other}) is refused`, { ...context, "sts:RoleSessionName": other });
        else {
            out.push({
                title: `${title} is refused`,
                context,
                action: "sts:AssumeRole",
                untestable: `no session name is outside roleSessionName (${c.roleSessionName.join(", ")}): its patterns match every value, so the rule refuses nothing`,
            });
        }
    }
    return out;
}

/**
 * The values the rendered trust names under `aws:PrincipalTag/<key>`, `aws:PrincipalOrgPaths` and `sts:RoleSessionName`
 * (in any statement, under any operator) that the config's conditions do not admit, each as a request that should be
 * refused. The refusal rows of conditionMutations probe values built to miss the config's, so a deployed trust that
 * lists more values than the config (edited by hand, drifted) would pass them all; these rows probe what it added.
 * Only keys the config requires: a rendered condition the config lacks narrows, it does not widen.
 */
export function renderedOnlyMutations(
    c: TrustConditions,
    context: Record<string, string | string[]>,
    trust: PolicyDocument | undefined,
    userName?: string,
): ConditionMutation[] {
    const rendered = (key: string): string[] => {
        const out: string[] = [];
        for (const st of trust?.Statement ?? [])
            for (const block of Object.values(st.Condition ?? {}))
                for (const [k, v] of Object.entries(block)) if (k.toLowerCase() === key.toLowerCase()) out.push(...(Array.isArray(v) ? v : [v]));
        return [...new Set(out)];
    };
    const extra = "(the rendered trust admits it, the config does not)";
    const out: ConditionMutation[] = [];
    for (const [key, values] of Object.entries(c.principalTags ?? {})) {
        const tagKey = `aws:PrincipalTag/${key}`;
        for (const v of rendered(tagKey).filter((x) => !values.includes(x)))
            out.push({ title: `with tag ${key}=${v} ${extra} is refused`, context: { ...context, [tagKey]: v }, action: "sts:AssumeRole" });
    }
    if (c.principalOrgPaths) {
        const paths = c.principalOrgPaths;
        for (const pattern of rendered("aws:PrincipalOrgPaths")) {
            const path = pattern.endsWith("*") ? pattern.slice(0, -1) : sampleMatching(pattern);
            if (paths.some((q) => path.startsWith(q))) continue;
            out.push({
                title: `from an account in ${path} ${extra} is refused`,
                context: { ...context, "aws:PrincipalOrgPaths": [path] },
                action: "sts:AssumeRole",
            });
        }
    }
    if (c.roleSessionName) {
        const own = c.roleSessionName.map((n) => resolvedSessionPattern(n, userName)).filter((n): n is string => n !== undefined);
        for (const pattern of rendered("sts:RoleSessionName")) {
            const resolved = resolvedSessionPattern(pattern, userName);
            if (resolved === undefined) continue;
            const name = sampleMatching(resolved);
            if (own.some((q) => sessionNameMatches(q, name))) continue;
            out.push({
                title: `with session name ${name} ${extra} is refused`,
                context: { ...context, "sts:RoleSessionName": name },
                action: "sts:AssumeRole",
            });
        }
    }
    return out;
}

/**
 * Organization paths a caller's account may have that none of `paths` admits, each with a title: another OU of the
 * same root, an OU whose id merely starts like a listed one (the `/` before the `*` keeps it out), and the parent of a
 * nested OU (the parent's own accounts). Built from the listed ids, never searched for without a bound.
 */
export function outsidePaths(paths: readonly string[]): Array<[string, string]> {
    const admitted = (p: string) => paths.some((q) => p.startsWith(q));
    const [, org, root, ous] = ORGANIZATION_PATH_PATTERN.exec(paths[0])!;
    const rootPart = root.slice(2);
    const out: Array<[string, string]> = [];
    // Another OU directly under the root: an id of 8 repeated digits; the listed paths hold at most a few of those ten.
    const another = [..."0123456789"].map((d) => `${org}/${root}/ou-${rootPart}-${d.repeat(8)}/`).find((p) => !admitted(p));
    if (another) out.push(["from an account of another OU", another]);
    const last = ous
        .split("/")
        .filter((x) => x !== "")
        .pop()!;
    if (last.length < `ou-${rootPart}-`.length + 32) {
        const longer = `${paths[0].slice(0, -1)}0/`;
        if (!admitted(longer)) out.push([`from an OU whose id only starts like ${last}`, longer]);
    }
    const parent = paths[0].slice(0, paths[0].slice(0, -1).lastIndexOf("/") + 1);
    if (parent !== `${org}/${root}/` && !admitted(parent)) out.push([`from the parent OU of ${last}`, parent]);
    return out;
}

/** The request context of a session tagged with `keys`. */
export function tagContext(keys: string[]): Record<string, string | string[]> {
    const ctx: Record<string, string | string[]> = { "aws:TagKeys": keys };
    for (const k of keys) ctx[`aws:RequestTag/${k}`] = "report";
    return ctx;
}
