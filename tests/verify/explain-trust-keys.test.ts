/**
 * verify's explanation of a refused AssumeRole under principalTags, principalOrgPaths and roleSessionName: which tag
 * and OU the trust requires, and whether the session name sent (--session-name) is one the trust admits.
 */
import { strict as assert } from "assert";
import { explainAssumeRoleFailure } from "../../tools/verify/explain";
import { ACCOUNT_B } from "../support/harness";
import { SHIPPER_SESSION, readerRole } from "../support/verify";

describe("verify: explanations for principalTags, principalOrgPaths and roleSessionName (pure)", () => {
    const denied = { code: "AccessDenied", message: "not authorized to perform: sts:AssumeRole" };
    const ctx = (extra: Record<string, unknown>, caller = { arn: SHIPPER_SESSION, account: ACCOUNT_B }, sentSessionName = "cross-account-verify") => {
        const trust = { ...readerRole().trustedSources[0], ...extra };
        return {
            roleName: "log-reader",
            role: readerRole({ trustedSources: [trust] }),
            caller,
            sourceAccountId: ACCOUNT_B,
            match: { trust, how: "exact" as const },
            sentExternalId: false,
            sentMfa: false,
            sentSourceIdentity: false,
            sentSessionName,
        };
    };

    it("names the tag and the OU the caller needs, and a session name the trust does not admit", () => {
        const lines = explainAssumeRoleFailure(
            denied,
            ctx({ principalTags: { team: ["data", "ops"] }, principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"], roleSessionName: ["nightly-*"] }),
        );
        assert.deepEqual(lines.slice(0, 3), [
            "the trust requires the caller's account to sit in o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ or an OU below",
            "the trust requires the caller to carry tag team=data or ops (its IAM user's or role's tags, or its session tags): check them",
            "the trust requires the session name to match nightly-*, and cross-account-verify does not: pass --session-name with one that does",
        ]);
    });

    it("says nothing of the session name when it matches; resolves ${aws:username} with the caller's IAM user name", () => {
        assert.ok(!explainAssumeRoleFailure(denied, ctx({ roleSessionName: ["nightly-*"] }, undefined, "nightly-1")).some((l) => l.includes("session name")));
        const alice = { arn: `arn:aws:iam::${ACCOUNT_B}:user/alice`, account: ACCOUNT_B };
        assert.ok(!explainAssumeRoleFailure(denied, ctx({ roleSessionName: ["${aws:username}"] }, alice, "alice")).some((l) => l.includes("session name")));
        assert.ok(
            explainAssumeRoleFailure(denied, ctx({ roleSessionName: ["${aws:username}"] }, alice, "bob")).includes(
                "the trust requires the session name to match ${aws:username} (${aws:username} is alice), and bob does not: pass --session-name with one that does",
            ),
        );
    });
});
