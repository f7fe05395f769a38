/**
 * Trust conditions: per role under `trustConditions`, and per trusted source (`{ source, ...conditions }`).
 *
 * A trusted source's own keys may tighten what the role demands, never quietly loosen it: `mfa: true`
 * keeps the role's maximum age, `sourceIdentity: true` its allow-list, `sessionTags: true` its allowed
 * keys. A looser value (an older MFA, a wider list) is refused; dropping a condition is written
 * explicitly (`mfa: false`, `externalId: false`, `sourceIdentity: false`) and recorded in `relaxed`,
 * which the stack outputs report. An empty allow-list is refused: it would otherwise write no
 * condition at all, which IAM reads as "anything".
 *
 * `principalTags`, `principalOrgPaths` and `roleSessionName` follow the same rule: an entry may narrow the role's
 * (fewer values of a tag it requires, more tags; OUs below the role's; session names from the role's list) or drop
 * them with `false` (recorded in `relaxed`).
 */
import { IAM_LIMITS } from "../iam/limits";
import { ORGANIZATION_PATH_PATTERN, OU_ID_PATTERN, USERNAME_VARIABLE, sessionNameMatches } from "../iam/patterns";
import type { SourceSpec, TrustConditions } from "../model/config";
import { keyPath } from "../names";
import {
    MFA_SPEC,
    ORGANIZATION_PATH_RULE,
    PRINCIPAL_TAG_KEY_RULE,
    PRINCIPAL_TAG_VALUE_RULE,
    ROLE_SESSION_NAME_CONDITION_RULE,
    SESSION_TAGS_SPEC,
    SOURCE_IDENTITY_SPEC,
    TRUST_CONDITIONS_SPEC,
} from "./keys";
import { ConfigProblems, ObjectReader, isPlainObject, stringProblem } from "./reader";

const C = TRUST_CONDITIONS_SPEC.fields;
const NONE: TrustConditions = { externalId: false, unsafeAllowUnconditionalAccountTrust: false };

/** The conditions read, and the role's conditions this entry explicitly drops (`mfa`, `externalId`, `sourceIdentity`, ...). */
export interface ReadConditions {
    conditions: TrustConditions;
    relaxed: string[];
}

/**
 * Reads trust conditions from `r` over `role` (the role's `trustConditions`, when `r` is a trusted
 * source's entry; undefined when `r` is `trustConditions` itself).
 */
export function readTrustConditions(r: ObjectReader | undefined, role: TrustConditions | undefined): ReadConditions {
    const base = role ?? NONE;
    const out: TrustConditions = { ...base };
    const relaxed: string[] = [];
    if (!r) return { conditions: out, relaxed };
    const from = role ? "the role's trustConditions" : undefined;
    const tightenOnly = (what: string) =>
        `an entry may only tighten ${from}${what ? ` (${what})` : ""}; to drop the condition for this source, write it as false (the stack outputs then report it)`;

    const externalId = r.booleanKey("externalId", C.externalId);
    if (r.has("externalId") && externalId !== undefined) {
        if (base.externalId && !externalId) relaxed.push("externalId");
        out.externalId = externalId;
    }

    const mfa = boolOrObject(r, "mfa");
    if (mfa?.value === false) {
        if (base.mfa) relaxed.push("mfa");
        delete out.mfa;
    } else if (mfa?.value === true) {
        out.mfa = base.mfa ?? { maxAgeSeconds: MFA_SPEC.fields.maxAgeSeconds.default };
    } else if (mfa?.object) {
        const m = mfa.object;
        m.allowFields(MFA_SPEC);
        const age = m.has("maxAgeSeconds")
            ? m.integerKey("maxAgeSeconds", MFA_SPEC.fields.maxAgeSeconds)
            : (base.mfa?.maxAgeSeconds ?? MFA_SPEC.fields.maxAgeSeconds.default);
        if (age !== undefined && base.mfa && age > base.mfa.maxAgeSeconds) {
            r.problems.add(
                keyPath(m.key, "maxAgeSeconds"),
                age,
                `at most ${base.mfa.maxAgeSeconds} seconds: ${tightenOnly(`mfa.maxAgeSeconds ${base.mfa.maxAgeSeconds}`)}`,
            );
        } else if (age !== undefined) out.mfa = { maxAgeSeconds: age };
    }

    const org = r.stringKey("principalOrgId", C.principalOrgId);
    if (org !== undefined && base.principalOrgId !== undefined && org !== base.principalOrgId) {
        r.problems.add(keyPath(r.key, "principalOrgId"), org, `${base.principalOrgId}, the organization ${from} require: an entry may not replace it`);
    } else if (org !== undefined) out.principalOrgId = org;

    const si = boolOrObject(r, "sourceIdentity");
    if (si?.value === false) {
        if (base.sourceIdentity?.required) relaxed.push("sourceIdentity");
        delete out.sourceIdentity;
    } else if (si?.value === true) {
        out.sourceIdentity = { required: true, allowed: [...(base.sourceIdentity?.allowed ?? [])] };
    } else if (si?.object) {
        const o = si.object;
        const f = SOURCE_IDENTITY_SPEC.fields;
        o.allowFields(SOURCE_IDENTITY_SPEC);
        const required = o.has("required") ? o.booleanKey("required", f.required) : (base.sourceIdentity?.required ?? f.required.default);
        if (required === false && base.sourceIdentity?.required) {
            r.problems.add(keyPath(o.key, "required"), false, `true: ${tightenOnly("sourceIdentity.required")}`);
        }
        const allowed = o.has("allowed")
            ? readAllowList(o, "allowed", base.sourceIdentity?.allowed, f.allowed, "identity", tightenOnly)
            : [...(base.sourceIdentity?.allowed ?? [])];
        if (required !== undefined && allowed !== undefined) out.sourceIdentity = { required, allowed };
    }

    const tags = boolOrObject(r, "sessionTags");
    if (tags?.value === false) delete out.sessionTags;
    else if (tags?.value === true) out.sessionTags = { allowedKeys: [...(base.sessionTags?.allowedKeys ?? [])] };
    else if (tags?.object) {
        const o = tags.object;
        o.allowFields(SESSION_TAGS_SPEC);
        const keys = o.has("allowedKeys")
            ? readAllowList(o, "allowedKeys", base.sessionTags?.allowedKeys, SESSION_TAGS_SPEC.fields.allowedKeys, "tag key", tightenOnly)
            : [...(base.sessionTags?.allowedKeys ?? [])];
        if (keys !== undefined) out.sessionTags = { allowedKeys: keys };
    }

    const principalTags = readPrincipalTags(r, base.principalTags, tightenOnly);
    if (principalTags === false) {
        if (base.principalTags) relaxed.push("principalTags");
        delete out.principalTags;
    } else if (principalTags !== undefined) out.principalTags = principalTags;

    const paths = readOrganizationPaths(r, base.principalOrgPaths, tightenOnly);
    if (paths === false) {
        if (base.principalOrgPaths) relaxed.push("principalOrgPaths");
        delete out.principalOrgPaths;
    } else if (paths !== undefined) out.principalOrgPaths = paths;
    if ((r.has("principalOrgPaths") || r.has("principalOrgId")) && out.principalOrgId && out.principalOrgPaths) {
        const elsewhere = out.principalOrgPaths.filter((p) => !p.startsWith(`${out.principalOrgId}/`));
        if (elsewhere.length > 0) {
            r.problems.add(
                keyPath(r.key, r.has("principalOrgPaths") ? "principalOrgPaths" : "principalOrgId"),
                r.has("principalOrgPaths") ? r.value.principalOrgPaths : out.principalOrgId,
                `organization paths of principalOrgId ${out.principalOrgId}, all starting with ${out.principalOrgId}/, not ${elsewhere.join(", ")}: a caller is in one organization, so a path of another could never match alongside principalOrgId`,
            );
        }
    }

    const sessionNames = readSessionNames(r, base.roleSessionName, tightenOnly);
    if (sessionNames === false) {
        if (base.roleSessionName) relaxed.push("roleSessionName");
        delete out.roleSessionName;
    } else if (sessionNames !== undefined) out.roleSessionName = sessionNames;

    const unsafe = r.booleanKey("unsafeAllowUnconditionalAccountTrust", C.unsafeAllowUnconditionalAccountTrust);
    if (r.has("unsafeAllowUnconditionalAccountTrust") && unsafe !== undefined) out.unsafeAllowUnconditionalAccountTrust = unsafe;
    return { conditions: out, relaxed };
}

/** A key that is `true`/`false` (also as the strings Pulumi may store) or an object. */
function boolOrObject(r: ObjectReader, name: string): { value?: boolean; object?: ObjectReader } | undefined {
    const v = r.value[name];
    if (v === undefined || v === null) return undefined;
    if (v === true || v === "true") return { value: true };
    if (v === false || v === "false") return { value: false };
    const object = r.object(name);
    return object ? { object } : {};
}

/**
 * An allow-list of a condition (`allowed` identities, `allowedKeys`): non-empty, no pattern that
 * matches everything, and within the role's list when the role has one.
 */
function readAllowList(
    o: ObjectReader,
    name: string,
    roleList: readonly string[] | undefined,
    spec: Parameters<ObjectReader["listKey"]>[1],
    what: string,
    tightenOnly: (what: string) => string,
): string[] | undefined {
    const k = keyPath(o.key, name);
    const list = o.listKey(name, spec);
    if (list === undefined) return undefined;
    if (list.length === 0) {
        o.problems.add(
            k,
            list,
            `a non-empty list: an empty list would write no condition, which lets every ${what} through; leave the key out, or write the condition as false`,
        );
        return undefined;
    }
    const everything = list.filter((p) => /^[*?]*\*[*?]*$/.test(p));
    if (everything.length > 0) {
        o.problems.add(k, list, `no pattern that matches every ${what} (${everything.join(", ")}): it narrows nothing; leave the key out to accept any`);
        return undefined;
    }
    if (roleList && roleList.length > 0) {
        const outside = list.filter((p) => !roleList.includes(p));
        if (outside.length > 0) {
            o.problems.add(k, list, `values from the role's list (${roleList.join(", ")}), not ${outside.join(", ")}: ${tightenOnly(`${name}`)}`);
            return undefined;
        }
    }
    return list;
}

/** `false` (also as Pulumi's string), to drop a condition; true when the key holds it. */
function isFalse(v: unknown): boolean {
    return v === false || v === "false";
}

/**
 * `principalTags`: undefined when not set, `false` to drop the role's, else the tags the caller must carry (the role's,
 * narrowed or extended by this entry's). A map of at least one key; each key by IAM's tag key grammar, no two that
 * differ only in case (IAM matches `aws:PrincipalTag/<key>` case-insensitively, so they would be one tag); each value
 * exact; `__proto__` refused by the map reader, any other key (`constructor`) an ordinary key of its own.
 */
function readPrincipalTags(
    r: ObjectReader,
    roleTags: Readonly<Record<string, string[]>> | undefined,
    tightenOnly: (what: string) => string,
): Record<string, string[]> | false | undefined {
    const v = r.value.principalTags;
    const k = keyPath(r.key, "principalTags");
    if (v === undefined || v === null) return undefined;
    if (isFalse(v)) return false;
    const shape = "a map of tag key to the value (or list of values) the caller's tag must have, e.g. { team: data }";
    if (!isPlainObject(v)) {
        r.problems.add(k, v, v === true || v === "true" ? `${shape}; true names no tag` : shape);
        return undefined;
    }
    const m = new ObjectReader(k, v, r.problems);
    const entries = m.entries();
    if (entries.length === 0 && !Object.hasOwn(v, "__proto__")) {
        r.problems.add(k, v, `${shape}, with at least one key: {} would require no tag and let every principal through; leave the key out, or write false`);
        return undefined;
    }
    if (entries.length > IAM_LIMITS.tagsPerResource) {
        r.problems.add(
            k,
            `${entries.length} keys`,
            `at most ${IAM_LIMITS.tagsPerResource} keys: a principal carries at most ${IAM_LIMITS.tagsPerResource} tags, so no caller could have them all`,
        );
        return undefined;
    }
    let ok = entries.length === Object.keys(v).length;
    const read: Array<[string, string[]]> = [];
    for (const [tag, raw] of entries) {
        const tk = keyPath(k, tag);
        const keyProblem = stringProblem(tag, PRINCIPAL_TAG_KEY_RULE) ?? (/^aws:/i.test(tag) ? PRINCIPAL_TAG_KEY_RULE.expected : undefined);
        if (keyProblem !== undefined) {
            r.problems.add(tk, tag, keyProblem);
            ok = false;
            continue;
        }
        const values = readTagValues(m, tag, raw);
        if (values === undefined) ok = false;
        else read.push([tag, values]);
    }
    const byCase = new Map<string, string[]>();
    for (const [tag] of entries) byCase.set(tag.toLowerCase(), [...(byCase.get(tag.toLowerCase()) ?? []), tag]);
    for (const twins of byCase.values()) {
        if (twins.length < 2) continue;
        r.problems.add(
            k,
            twins.join(", "),
            `tag keys that differ in more than case (${twins.join(", ")}): IAM matches aws:PrincipalTag/<key> case-insensitively, so they name one tag; keep one`,
        );
        ok = false;
    }
    if (!ok) return undefined;
    // Merged over the role's tags; a key the role requires may only be narrowed to some of its values.
    const merged = new Map<string, [string, string[]]>();
    for (const [tag, values] of Object.entries(roleTags ?? {})) merged.set(tag.toLowerCase(), [tag, values]);
    for (const [tag, values] of read) {
        const role = merged.get(tag.toLowerCase());
        const outside = role ? values.filter((x) => !role[1].includes(x)) : [];
        if (role && outside.length > 0) {
            r.problems.add(
                keyPath(k, tag),
                values,
                `values of the role's principalTags.${role[0]} (${role[1].join(", ")}), not ${outside.join(", ")}: ${tightenOnly(`principalTags.${role[0]}`)}`,
            );
            ok = false;
        } else merged.set(tag.toLowerCase(), [role ? role[0] : tag, values]);
    }
    // Object.fromEntries defines own properties, so no key (constructor, toString) reaches a prototype.
    return ok ? Object.fromEntries(merged.values()) : undefined;
}

/** The values of one `principalTags.<key>`: a string or a non-empty list of strings, each exact. */
function readTagValues(m: ObjectReader, tag: string, raw: unknown): string[] | undefined {
    const tk = keyPath(m.key, tag);
    if (raw === undefined || raw === null) {
        m.problems.add(tk, raw, `${PRINCIPAL_TAG_VALUE_RULE.expected}, or a list of them: a tag key without a value requires nothing`);
        return undefined;
    }
    if (Array.isArray(raw)) {
        if (raw.length === 0) {
            m.problems.add(tk, raw, `a non-empty list of tag values: an empty list would require no value of tag ${tag}; leave the key out`);
            return undefined;
        }
        return m.stringList(tag, { ...PRINCIPAL_TAG_VALUE_RULE, nonEmpty: true });
    }
    const value = m.checked(tk, raw, { ...PRINCIPAL_TAG_VALUE_RULE, expected: `${PRINCIPAL_TAG_VALUE_RULE.expected}, or a list of them` });
    return value === undefined ? undefined : [value];
}

/**
 * `principalOrgPaths`: undefined when not set, `false` to drop the role's, else the OU paths (each ending in `/`). A
 * non-empty list without duplicates; each path an OU's (not the root's alone: that is principalOrgId), its OUs under
 * its root; no path below another of the list (it adds nothing); within the role's paths when the role has some.
 */
function readOrganizationPaths(r: ObjectReader, rolePaths: readonly string[] | undefined, tightenOnly: (what: string) => string): string[] | false | undefined {
    const v = r.value.principalOrgPaths;
    const k = keyPath(r.key, "principalOrgPaths");
    if (v === undefined || v === null) return undefined;
    if (isFalse(v)) return false;
    if (!Array.isArray(v)) {
        r.problems.add(k, v, `a list of ${ORGANIZATION_PATH_RULE.expected}`);
        return undefined;
    }
    if (v.length === 0) {
        r.problems.add(
            k,
            v,
            "a non-empty list of OU paths: an empty list would write no condition, which lets every account through; leave the key out, or write false",
        );
        return undefined;
    }
    const items: unknown[] = v;
    let ok = true;
    items.forEach((item, i) => {
        const ik = keyPath(k, i);
        if (typeof item === "string" && /^o-[a-z0-9]{10,32}\/r-[a-z0-9]{4,32}\/?$/.test(item)) {
            r.problems.add(ik, item, `${ORGANIZATION_PATH_RULE.expected}; this is the organization's root, every account of it: write principalOrgId instead`);
            ok = false;
            return;
        }
        if (typeof item === "string" && item.endsWith("/*") && ORGANIZATION_PATH_PATTERN.test(item.slice(0, -1))) {
            r.problems.add(ik, item, `${item.slice(0, -1)}: the program adds the final * itself`);
            ok = false;
            return;
        }
        if (r.checked(ik, item, ORGANIZATION_PATH_RULE, { lengthSuffix: false }) === undefined) {
            ok = false;
            return;
        }
        const [, , root, ous] = ORGANIZATION_PATH_PATTERN.exec(item as string)!;
        const rootPart = root.slice(2);
        const strangers = ous
            .split("/")
            .filter((ou) => ou !== "")
            .filter((ou) => OU_ID_PATTERN.exec(ou)?.[1] !== rootPart);
        if (strangers.length > 0) {
            r.problems.add(
                ik,
                item,
                `OUs of root ${root}, whose ids start with ou-${rootPart}-; ${strangers.join(", ")} is under another root, so no account has this path`,
            );
            ok = false;
        }
    });
    if (!ok) return undefined;
    const paths = items as string[];
    const dupes = paths.filter((p, i) => paths.indexOf(p) !== i);
    if (dupes.length > 0) {
        r.problems.add(k, v, `no duplicates (repeated: ${[...new Set(dupes)].join(", ")})`);
        return undefined;
    }
    for (const p of paths) {
        const above = paths.find((q) => q !== p && p.startsWith(q));
        if (above) {
            r.problems.add(k, v, `no path below another of the list: ${p} is inside ${above}, which already admits it; remove ${p}`);
            return undefined;
        }
    }
    if (rolePaths && rolePaths.length > 0) {
        const outside = paths.filter((p) => !rolePaths.some((q) => p.startsWith(q)));
        if (outside.length > 0) {
            r.problems.add(
                k,
                v,
                `OUs within the role's principalOrgPaths (${rolePaths.join(", ")}), not ${outside.join(", ")}: ${tightenOnly("principalOrgPaths")}`,
            );
            return undefined;
        }
    }
    return [...paths];
}

/** True when a session name pattern has no literal character (`*`, `**`, `?*`, `??`): it narrows nothing (or only by length). */
function allWildcards(pattern: string): boolean {
    return /^[*?]+$/.test(pattern);
}

/**
 * The trust condition `roleSessionName`: undefined when not set, `false` to drop the role's, else the session names
 * or patterns (a string is a list of one). A pattern needs a literal character (`*`, `**`, `?*`, `??` match every
 * or nearly every session name); `${aws:username}` is the one policy variable (checked per source kind by the
 * caller: IAM sets it for IAM users only). Within the role's list when the role has one: a listed value, or an
 * exact name one of the role's patterns matches.
 */
function readSessionNames(r: ObjectReader, roleNames: readonly string[] | undefined, tightenOnly: (what: string) => string): string[] | false | undefined {
    const v = r.value.roleSessionName;
    const k = keyPath(r.key, "roleSessionName");
    if (v === undefined || v === null) return undefined;
    if (isFalse(v)) return false;
    const everything = (Array.isArray(v) ? v : [v]).filter((n): n is string => typeof n === "string" && allWildcards(n));
    if (everything.length > 0) {
        r.problems.add(
            k,
            v,
            `session name patterns with at least one literal character, not ${everything.join(", ")}: a pattern of wildcards alone matches every (or nearly every) session name and narrows nothing; leave the key out to accept any`,
        );
        return undefined;
    }
    let names: string[] | undefined;
    if (Array.isArray(v)) {
        if (v.length === 0) {
            r.problems.add(
                k,
                v,
                "a non-empty list of session names or patterns: an empty list would write no condition, which lets every session name through; leave the key out, or write false",
            );
            return undefined;
        }
        names = r.stringList("roleSessionName", { ...ROLE_SESSION_NAME_CONDITION_RULE, nonEmpty: true });
    } else {
        const one = r.checked(k, v, { ...ROLE_SESSION_NAME_CONDITION_RULE, expected: `${ROLE_SESSION_NAME_CONDITION_RULE.expected}, or a list of them` });
        names = one === undefined ? undefined : [one];
    }
    if (names === undefined) return undefined;
    if (roleNames && roleNames.length > 0) {
        const admitted = (n: string) =>
            roleNames.includes(n) || (!/[*?]/.test(n) && !n.includes(USERNAME_VARIABLE) && roleNames.some((p) => sessionNameMatches(p, n)));
        const outside = names.filter((n) => !admitted(n));
        if (outside.length > 0) {
            r.problems.add(
                k,
                v,
                `session names from the role's roleSessionName (${roleNames.join(", ")}), not ${outside.join(", ")}: ${tightenOnly("roleSessionName")}`,
            );
            return undefined;
        }
    }
    return names;
}

/** The source kinds whose callers are IAM users, for which IAM sets `aws:username` (`${aws:username}` in roleSessionName). */
const USER_KINDS: ReadonlySet<SourceSpec["kind"]> = new Set(["user", "group"]);
/** The source kinds whose principal this program creates in B, with the tags of `sources.<key>.tags`. */
const TAGGED_HERE: ReadonlySet<SourceSpec["kind"]> = new Set(["service-role", "user", "oidc-role"]);

/**
 * The rules between a trusted source and the conditions of its entry (its own, or inherited from the role's
 * trustConditions: `inherited` names the keys that came from there, for the message):
 * - `${aws:username}` in roleSessionName only for user and group sources: IAM sets aws:username for IAM users
 *   only, so a role session (every other kind) never matches it;
 * - a configured `sources.<key>.roleSessionName` (what the client configuration passes) must be one the trust admits;
 * - a principal this program creates (service-role, user, oidc-role) must carry, in `sources.<key>.tags`, each tag
 *   principalTags requires, or the trust would refuse its own source.
 */
export function checkSourceConditions(source: SourceSpec, c: TrustConditions, inherited: (name: string) => string, problems: ConfigProblems): void {
    const names = c.roleSessionName;
    if (names) {
        const variable = names.filter((n) => n.includes(USERNAME_VARIABLE));
        if (variable.length > 0 && !USER_KINDS.has(source.kind)) {
            problems.addRule(
                inherited("roleSessionName"),
                `${variable.join(", ")} names the IAM user, and source ${source.key} is of kind ${source.kind}: IAM sets aws:username for IAM users only, so a role session's AssumeRole never matches it; use a user or group source, or a literal session name pattern`,
            );
        }
        const own = source.roleSessionName;
        if (own !== undefined) {
            const userName = source.kind === "user" ? source.name : undefined;
            const fits = names.some((n) =>
                n.includes(USERNAME_VARIABLE)
                    ? userName !== undefined && sessionNameMatches(n.split(USERNAME_VARIABLE).join(userName), own)
                    : sessionNameMatches(n, own),
            );
            if (!fits) {
                const people =
                    source.kind === "group" && variable.length > 0 ? "; leave it out: each member then names the session after their own IAM user" : "";
                problems.addRule(
                    keyPath(keyPath("sources", source.key), "roleSessionName"),
                    `${JSON.stringify(own)} is the session name the client configuration passes, but ${inherited("roleSessionName")} requires ${names.join(" or ")}${userName !== undefined && variable.length > 0 ? ` (${USERNAME_VARIABLE} is ${userName})` : ""}, so the commands would be refused; set it to a name the trust admits${people}`,
                );
            }
        }
    }
    if (c.principalTags && TAGGED_HERE.has(source.kind) && "tags" in source) {
        const carried = new Map(Object.entries(source.tags).map(([key, value]) => [key.toLowerCase(), value]));
        const missing = Object.entries(c.principalTags).filter(([key, values]) => !values.includes(carried.get(key.toLowerCase()) ?? "\u0000"));
        if (missing.length > 0) {
            problems.addRule(
                inherited("principalTags"),
                `requires tag ${missing.map(([key, values]) => `${key}=${values.join("|")}`).join(", ")} on the caller, and this program creates ${source.kind} ${source.key} without it; add it to sources.${source.key}.tags (e.g. ${missing.map(([key, values]) => `${key}: ${values[0]}`).join(", ")}), or the trust refuses its own source`,
            );
        }
    }
}
