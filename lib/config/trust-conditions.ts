/**
 * Trust conditions: per role under `trustConditions`, and per trusted source (`{ source, ...conditions }`).
 *
 * A trusted source's own keys may tighten what the role demands, never quietly loosen it: `mfa: true`
 * keeps the role's maximum age, `sourceIdentity: true` its allow-list, `sessionTags: true` its allowed
 * keys. A looser value (an older MFA, a wider list) is refused; dropping a condition is written
 * explicitly (`mfa: false`, `externalId: false`, `sourceIdentity: false`) and recorded in `relaxed`,
 * which the stack outputs report. An empty allow-list is refused: it would otherwise write no
 * condition at all, which IAM reads as "anything".
 */
import type { TrustConditions } from "../model/config";
import { keyPath } from "../names";
import { MFA_SPEC, SESSION_TAGS_SPEC, SOURCE_IDENTITY_SPEC, TRUST_CONDITIONS_SPEC } from "./keys";
import { ObjectReader } from "./reader";

const C = TRUST_CONDITIONS_SPEC.fields;
const NONE: TrustConditions = { externalId: false, unsafeAllowUnconditionalAccountTrust: false };

/** The conditions read, and the role's conditions this entry explicitly drops (`mfa`, `externalId`, `sourceIdentity`). */
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
