/** Trust conditions: per trusted source, or per role under `trustConditions`. */
import { ORG_ID_PATTERN } from "../iam/patterns";
import type { TrustConditions } from "../model/config";
import { ObjectReader } from "./reader";
import { SOURCE_IDENTITY_PATTERN } from "./rules";

export function readTrustConditions(r: ObjectReader | undefined, defaults: TrustConditions | undefined): TrustConditions {
    const base: TrustConditions = defaults ?? { externalId: false, unsafeAllowUnconditionalAccountTrust: false };
    if (!r) return { ...base };
    const out: TrustConditions = { ...base };
    const externalId = r.boolean("externalId");
    if (externalId !== undefined) out.externalId = externalId;
    if (r.has("mfa")) {
        const v = r.value.mfa;
        if (v === false) delete out.mfa;
        else if (v === true) out.mfa = { maxAgeSeconds: 3600 };
        else {
            const m = r.object("mfa");
            if (m) {
                m.allowOnly(["maxAgeSeconds"]);
                const age = m.integer("maxAgeSeconds", 1, 129600, "seconds");
                if (age !== undefined || !m.has("maxAgeSeconds")) out.mfa = { maxAgeSeconds: age ?? 3600 };
            }
        }
    }
    const org = r.string("principalOrgId", { pattern: ORG_ID_PATTERN, expected: "an AWS Organizations id such as o-a1b2c3d4e5" });
    if (org !== undefined) out.principalOrgId = org;
    if (r.has("sourceIdentity")) {
        const v = r.value.sourceIdentity;
        if (v === false) delete out.sourceIdentity;
        else if (v === true) out.sourceIdentity = { required: true, allowed: [] };
        else {
            const si = r.object("sourceIdentity");
            if (si) {
                si.allowOnly(["required", "allowed"]);
                const allowed =
                    si.stringList("allowed", {
                        pattern: SOURCE_IDENTITY_PATTERN,
                        expected: "a source identity of 2 to 64 characters from [A-Za-z0-9+=,.@_-] (* and ? allowed as wildcards)",
                    }) ?? [];
                out.sourceIdentity = { required: si.boolean("required") ?? true, allowed };
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
                st.allowOnly(["allowedKeys"]);
                out.sessionTags = { allowedKeys: st.stringList("allowedKeys", { min: 1, max: 128, expected: "a tag key of 1 to 128 characters" }) ?? [] };
            }
        }
    }
    const unsafe = r.boolean("unsafeAllowUnconditionalAccountTrust");
    if (unsafe !== undefined) out.unsafeAllowUnconditionalAccountTrust = unsafe;
    return out;
}
