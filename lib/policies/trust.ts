/**
 * Who may assume a role of account A, under which conditions: `trustPolicy`, the one function that
 * writes a target role's trust policy, and `trustConditionBlock`, the one place trust conditions are
 * written (never a document copied per feature flag). Pure.
 */
import { createHash } from "crypto";
import { accountRootArn } from "../iam/arns";
import { PRINCIPAL_ORG_PATHS_KEY, organizationPathPattern } from "../iam/organizations";
import { one, sidFragment } from "../iam/documents";
import type { CrossAccountConfig, TargetRoleSpec, TrustConditions } from "../model/config";
import type { ResolvedSource } from "../model/outputs";
import type { ConditionBlock, PolicyDocument, PolicyStatement } from "../model/policy";
import { appliesTo } from "../iam/sts-condition-keys";
import { sourceAccount } from "./accounts";

/** The STS actions a trusted source needs on a role: AssumeRole, plus SetSourceIdentity / TagSession when used. */
export function trustActions(c: TrustConditions): string[] {
    const actions = ["sts:AssumeRole"];
    if (c.sourceIdentity) actions.push("sts:SetSourceIdentity");
    if (c.sessionTags) actions.push("sts:TagSession");
    return actions;
}

/**
 * The condition block of one trust statement. The only place trust conditions are written.
 * @param principalArns ARNs to require in `aws:PrincipalArn` (trust mode principal-arn); empty for none.
 * @param principalArnPatterns `ArnLike` patterns for `aws:PrincipalArn`, any of which admits (group sources: users of B;
 *   sso-permission-set sources: the permission set's roles, with and without the region segment).
 */
export function trustConditionBlock(
    c: TrustConditions,
    externalId: string | undefined,
    principalArns: string[],
    principalArnPatterns: string[] = [],
): ConditionBlock | undefined {
    const block: ConditionBlock = {};
    const put = (op: string, key: string, value: string | string[]) => {
        block[op] = { ...(block[op] ?? {}), [key]: value };
    };
    if (c.externalId) {
        if (externalId === undefined) throw new Error("trustConditionBlock: externalId required by the trust entry but not supplied");
        put("StringEquals", "sts:ExternalId", externalId);
    }
    if (c.principalOrgId) put("StringEquals", "aws:PrincipalOrgID", c.principalOrgId);
    if (principalArns.length > 0) put("ArnEquals", "aws:PrincipalArn", one(principalArns));
    if (principalArnPatterns.length > 0) put("ArnLike", "aws:PrincipalArn", one(principalArnPatterns));
    if (c.mfa) {
        put("Bool", "aws:MultiFactorAuthPresent", "true");
        put("NumericLessThan", "aws:MultiFactorAuthAge", String(c.mfa.maxAgeSeconds));
    }
    if (c.sourceIdentity) {
        if (c.sourceIdentity.allowed.length > 0)
            put(c.sourceIdentity.required ? "StringLike" : "StringLikeIfExists", "sts:SourceIdentity", one(c.sourceIdentity.allowed));
        else if (c.sourceIdentity.required) put("Null", "sts:SourceIdentity", "false");
    }
    if (c.sessionTags && c.sessionTags.allowedKeys.length > 0) put("ForAllValues:StringEquals", "aws:TagKeys", one(c.sessionTags.allowedKeys));
    for (const [key, values] of Object.entries(c.principalTags ?? {})) put("StringEquals", `aws:PrincipalTag/${key}`, one(values));
    // ForAnyValue: the caller's account has one path, and an account in no organization has none (then nothing matches).
    if (c.principalOrgPaths && c.principalOrgPaths.length > 0)
        put("ForAnyValue:StringLike", PRINCIPAL_ORG_PATHS_KEY, one(c.principalOrgPaths.map(organizationPathPattern)));
    if (c.roleSessionName && c.roleSessionName.length > 0)
        put(c.roleSessionName.some((n) => /[*?]/.test(n)) ? "StringLike" : "StringEquals", "sts:RoleSessionName", one(c.roleSessionName));
    return Object.keys(block).length > 0 ? block : undefined;
}

/** A Sid fragment that changes whenever any of the trusted principals is recreated (new unique id). */
export function uniqueIdRevision(uniqueIds: string[]): string {
    if (uniqueIds.length === 0) return "";
    return (
        "Rev" +
        createHash("sha256")
            .update([...uniqueIds].sort().join(","))
            .digest("hex")
            .slice(0, 10)
    );
}

/**
 * Trust policy of a role (in account A, or in each account of its `accounts`: the document names no
 * account of the role itself).
 *
 * Each trusted source gets its own statement with its own conditions (a nightly job without MFA,
 * people with MFA); sources whose actions and conditions are identical share one statement.
 * - trust mode `principal`: `Principal.AWS` names the source's role/user ARN (read from account-b's
 *   outputs). The Sid carries a revision derived from the principals' unique ids, so recreating B's
 *   role changes this document and `pulumi up -s account-a` rewrites it.
 * - trust mode `principal-arn`: `Principal.AWS` is B's account root and `aws:PrincipalArn` must equal
 *   the source ARN: survives recreation of B's role and lets A deploy before B.
 * Group, sso-permission-set and account-root sources always trust B's root (a group cannot be a principal;
 * Identity Center's roles carry a random suffix); a group is narrowed to IAM users of B, an sso-permission-set
 * to its permission set's roles, with `ArnLike aws:PrincipalArn`. "B" is each source's own account: with
 * named accounts the sources of one role may live in several, and each is named by its own root.
 */
export function trustPolicy(
    cfg: Pick<CrossAccountConfig, "partition" | "accounts" | "sources">,
    role: Pick<TargetRoleSpec, "trustMode" | "trustedSources">,
    sources: ResolvedSource[],
    externalId: string | undefined,
): PolicyDocument {
    interface Group {
        mergeKey: string;
        keys: string[];
        principals: string[];
        principalArns: string[];
        uniqueIds: string[];
        actions: string[];
        conditions: TrustConditions;
        patterns: string[];
    }
    const groups: Group[] = [];
    for (const entry of role.trustedSources) {
        const src = sources.find((s) => s.key === entry.source);
        if (!src) throw new Error(`trustPolicy: source ${entry.source} was not resolved`);
        const spec = cfg.sources.find((s) => s.key === entry.source);
        if (!spec) throw new Error(`trustPolicy: source ${entry.source} is not configured`);
        const account = sourceAccount(cfg, spec).id;
        const root = accountRootArn(cfg.partition, account);
        // A source of patterns (sso-permission-set, a federated-role's namePattern) has no ARN to name: B's root, narrowed.
        const byPattern = (src.principalArnPatterns ?? []).length > 0;
        const viaRoot =
            role.trustMode === "principal-arn" || src.kind === "group" || src.kind === "sso-permission-set" || src.kind === "account-root" || byPattern;
        const principals = viaRoot ? [root] : src.arns;
        const principalArns = role.trustMode === "principal-arn" && !byPattern ? src.arns : [];
        const patterns = src.principalArnPatterns ?? (src.kind === "group" ? [`arn:${cfg.partition}:iam::${account}:user/*`] : []);
        // Never B's whole root by accident: an SSO source that lost its patterns would trust every principal of B.
        if (src.kind === "sso-permission-set" && patterns.length === 0) throw new Error(`trustPolicy: source ${src.key} has no aws:PrincipalArn patterns`);
        const actions = trustActions(entry.conditions);
        const uniqueIds = role.trustMode === "principal" ? src.uniqueIds : [];
        // Sources that differ only in which principal they name share one statement.
        const mergeKey = JSON.stringify([actions, trustConditionBlock(entry.conditions, externalId, []), patterns, viaRoot]);
        const same = groups.find((g) => g.mergeKey === mergeKey);
        if (same) {
            same.keys.push(src.key);
            for (const p of principals) if (!same.principals.includes(p)) same.principals.push(p);
            for (const a of principalArns) if (!same.principalArns.includes(a)) same.principalArns.push(a);
            same.uniqueIds.push(...uniqueIds);
        } else {
            groups.push({
                mergeKey,
                keys: [src.key],
                principals: [...principals],
                principalArns: [...principalArns],
                uniqueIds: [...uniqueIds],
                actions,
                conditions: entry.conditions,
                patterns,
            });
        }
    }
    return {
        Version: "2012-10-17",
        Statement: groups.flatMap((g) =>
            statementsByAction(g.actions, trustConditionBlock(g.conditions, externalId, g.principalArns, g.patterns)).map(({ actions, condition, sid }) => {
                const st: PolicyStatement = {
                    Sid: `${trustSid(g.keys)}${sid}${uniqueIdRevision(g.uniqueIds)}`,
                    Effect: "Allow",
                    Principal: { AWS: one(g.principals) },
                    Action: one(actions),
                };
                if (condition) st.Condition = condition;
                return st;
            }),
        ),
    };
}

/** The most source keys a trust statement's Sid spells out; past them it counts the rest. */
export const SID_KEYS_SPELLED = 3;

/**
 * The Sid of the statement of these sources: `TrustCi`, `TrustLogShipperAndUploader`; past SID_KEYS_SPELLED
 * sources the first and a count, `TrustJob000And39More`. A Sid naming every key would grow with each source
 * by its whole key (often a fifth of what a source costs the 2048-character trust quota, docs/scale.md), while
 * `Principal` or `aws:PrincipalArn` already lists every principal.
 */
export function trustSid(keys: readonly string[]): string {
    if (keys.length <= SID_KEYS_SPELLED) return `Trust${sidFragment(keys.join("-and-"))}`;
    return `Trust${sidFragment(keys[0])}And${keys.length - 1}More`;
}

/** Sid parts of the statements that hold only an extra trust action. */
const EXTRA_ACTION_SIDS: Readonly<Record<string, string>> = { "sts:SetSourceIdentity": "SourceIdentity", "sts:TagSession": "SessionTags" };

/**
 * One statement for sts:AssumeRole with every condition, and the extra actions (sts:SetSourceIdentity,
 * sts:TagSession) in it too when STS evaluates each of its condition keys for them. An extra action
 * for which some key does not apply (sts:ExternalId is AssumeRole's own, aws:TagKeys TagSession's,
 * sts:SourceIdentity is not TagSession's) gets a statement of its own with only the keys that apply:
 * STS checks every action of one AssumeRole call, so AssumeRole's statement still demands them all,
 * and no statement holds a key that policy evaluation would ignore for its action.
 */
function statementsByAction(actions: string[], condition: ConditionBlock | undefined): Array<{ actions: string[]; condition?: ConditionBlock; sid: string }> {
    const keys = Object.values(condition ?? {}).flatMap((block) => Object.keys(block));
    const fits = (action: string) => keys.every((k) => appliesTo(action, k));
    const together = actions.filter((a) => a === "sts:AssumeRole" || fits(a));
    const apart = actions.filter((a) => !together.includes(a));
    return [
        { actions: together, ...(condition ? { condition } : {}), sid: "" },
        ...apart.map((action) => {
            const only = onlyKeysFor(action, condition);
            return { actions: [action], ...(only ? { condition: only } : {}), sid: EXTRA_ACTION_SIDS[action] ?? sidFragment(action) };
        }),
    ];
}

/** A condition block with only the keys STS evaluates for `action`; undefined when none is left. */
function onlyKeysFor(action: string, condition: ConditionBlock | undefined): ConditionBlock | undefined {
    const out: ConditionBlock = {};
    for (const [op, block] of Object.entries(condition ?? {})) {
        const kept = Object.entries(block).filter(([k]) => appliesTo(action, k));
        if (kept.length > 0) out[op] = Object.fromEntries(kept);
    }
    return Object.keys(out).length > 0 ? out : undefined;
}
