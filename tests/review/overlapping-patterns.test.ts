/**
 * Review attack: a role that trusts a federated-role by namePattern (or an sso-permission-set) trusts B's root
 * narrowed by `ArnLike aws:PrincipalArn`. A narrow source of the same role whose ARN that pattern matches can
 * assume the role through the pattern's statement and skip its own conditions, exactly as through a group or an
 * account root; the overlapping-trust check must refuse it.
 */
import { strict as assert } from "assert";
import { problemsOf } from "../support/bad-config";
import { baseConfig } from "../support/harness";

const SKIP =
    "so ci-runner can assume the role through that statement and skip it; give okta's entry the same conditions, or trust ci-runner from a role of its own";

function config(okta: Record<string, unknown>, entry: unknown = "okta"): Record<string, any> {
    const c: Record<string, any> = baseConfig();
    c.sources = { "ci-runner": { kind: "service-role", service: "ec2", tags: { team: "data" } }, okta: { kind: "federated-role", ...okta } };
    c.targetRoles["log-reader"].trustedSources = [entry, { source: "ci-runner", principalTags: { team: "data" }, roleSessionName: "nightly-*" }];
    return c;
}

describe("review: overlapping trust through ArnLike patterns", () => {
    it("refuses a narrow service role whose ARN a federated-role's namePattern matches, trusted without its conditions", () => {
        assert.deepEqual(problemsOf(config({ namePattern: "ci-*" })), [
            `targetRoles.log-reader.trustedSources[1]: source ci-runner demands principalTags.team (data), roleSessionName (nightly-*), but the same role trusts okta (federated-role: any role of B matching arn:aws:iam::222222222222:role/ci-*) without it, ${SKIP}`,
        ]);
    });

    it("accepts the same pattern when it demands the narrow entry's conditions too", () => {
        assert.deepEqual(problemsOf(config({ namePattern: "ci-*" }, { source: "okta", principalTags: { team: "data" }, roleSessionName: "nightly-*" })), []);
    });

    it("accepts a namePattern that cannot match the narrow role (another name, another path)", () => {
        assert.deepEqual(problemsOf(config({ namePattern: "okta-*" })), []);
        assert.deepEqual(problemsOf(config({ namePattern: "ci-*", path: "/okta/" })), []);
    });

    it("refuses a narrow federated-role whose namePattern some role could match together with the wide one", () => {
        const c = config({ namePattern: "ci-*" });
        c.sources["ci-runner"] = { kind: "federated-role", namePattern: "ci-*-data" };
        c.targetRoles["log-reader"].trustedSources[1] = { source: "ci-runner", roleSessionName: "nightly-*" };
        assert.deepEqual(problemsOf(c), [
            `targetRoles.log-reader.trustedSources[1]: source ci-runner demands roleSessionName (nightly-*), but the same role trusts okta (federated-role: any role of B matching arn:aws:iam::222222222222:role/ci-*) without it, ${SKIP}`,
        ]);
        c.sources["ci-runner"] = { kind: "federated-role", namePattern: "cx-*-data" };
        assert.deepEqual(problemsOf(c), []);
    });
});

describe("review: overlapping trust through the same principal named twice", () => {
    it("refuses an existing source naming the ARN of a created source that demands more", () => {
        const c: Record<string, any> = baseConfig();
        c.sources["log-shipper"].tags = { team: "data" };
        c.sources.legacy = { kind: "existing", arns: ["arn:aws:iam::222222222222:role/cross-account/Log-Shipper"] };
        c.targetRoles["log-reader"].trustedSources = ["legacy", { source: "log-shipper", principalTags: { team: "data" } }];
        assert.deepEqual(problemsOf(c), [
            "targetRoles.log-reader.trustedSources[1]: source log-shipper demands principalTags.team (data), but the same role trusts legacy (existing: the same principal, arn:aws:iam::222222222222:role/cross-account/Log-Shipper) without it, so log-shipper can assume the role through that statement and skip it; give legacy's entry the same conditions, or trust log-shipper from a role of its own",
        ]);
    });

    it("refuses a federated-role naming an existing source's ARN with MFA while the existing one is trusted without", () => {
        const c: Record<string, any> = baseConfig();
        c.sources = {
            a: { kind: "existing", arns: ["arn:aws:iam::222222222222:role/x"] },
            b: { kind: "federated-role", arns: ["arn:aws:iam::222222222222:role/x"] },
        };
        c.targetRoles["log-reader"].trustedSources = ["a", { source: "b", mfa: true }];
        assert.deepEqual(problemsOf(c), [
            "targetRoles.log-reader.trustedSources[1]: source b demands mfa (maxAgeSeconds 3600), but the same role trusts a (existing: the same principal, arn:aws:iam::222222222222:role/x) without it, so b can assume the role through that statement and skip it; give a's entry the same conditions, or trust b from a role of its own",
        ]);
    });
});
