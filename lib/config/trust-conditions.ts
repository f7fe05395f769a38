/** Trust conditions: per trusted source, or per role under `trustConditions`. */
import type { TrustConditions } from "../model/config";
import { MFA_SPEC, SESSION_TAGS_SPEC, SOURCE_IDENTITY_SPEC, TRUST_CONDITIONS_SPEC } from "./keys";
import { ObjectReader } from "./reader";

const C = TRUST_CONDITIONS_SPEC.fields;

export function readTrustConditions(r: ObjectReader | undefined, defaults: TrustConditions | undefined): TrustConditions {
    const base: TrustConditions = defaults ?? { externalId: false, unsafeAllowUnconditionalAccountTrust: false };
    if (!r) return { ...base };
    const out: TrustConditions = { ...base };
    const externalId = r.boolean("externalId");
    if (externalId !== undefined) out.externalId = externalId;
    if (r.has("mfa")) {
        const v = r.value.mfa;
        if (v === false) delete out.mfa;
        else if (v === true) out.mfa = { maxAgeSeconds: MFA_SPEC.fields.maxAgeSeconds.default };
        else {
            const m = r.object("mfa");
            if (m) {
                m.allowFields(MFA_SPEC);
                const age = m.integerKey("maxAgeSeconds", MFA_SPEC.fields.maxAgeSeconds);
                if (age !== undefined) out.mfa = { maxAgeSeconds: age };
            }
        }
    }
    const org = r.stringKey("principalOrgId", C.principalOrgId);
    if (org !== undefined) out.principalOrgId = org;
    if (r.has("sourceIdentity")) {
        const v = r.value.sourceIdentity;
        if (v === false) delete out.sourceIdentity;
        else if (v === true) out.sourceIdentity = { required: true, allowed: [] };
        else {
            const si = r.object("sourceIdentity");
            if (si) {
                si.allowFields(SOURCE_IDENTITY_SPEC);
                const allowed = si.listKey("allowed", SOURCE_IDENTITY_SPEC.fields.allowed) ?? [];
                out.sourceIdentity = {
                    required: si.booleanKey("required", SOURCE_IDENTITY_SPEC.fields.required) ?? SOURCE_IDENTITY_SPEC.fields.required.default,
                    allowed,
                };
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
                st.allowFields(SESSION_TAGS_SPEC);
                out.sessionTags = { allowedKeys: st.listKey("allowedKeys", SESSION_TAGS_SPEC.fields.allowedKeys) ?? [] };
            }
        }
    }
    const unsafe = r.boolean("unsafeAllowUnconditionalAccountTrust");
    if (unsafe !== undefined) out.unsafeAllowUnconditionalAccountTrust = unsafe;
    return out;
}
