/**
 * A role trusted by many principals (issue 16): the trust-size error says how many of its trusted sources fit,
 * and that number is exact: one more source than it names is over the limit, that many are not. Measured with
 * the reader itself (lib/quotas.ts), at IAM's default ACLSizePerRole of 2048 and at its maximum of 4096.
 */
import { strict as assert } from "assert";
import { validateConfig } from "../../lib/config/read";
import { ConfigObject, PROJECT, flatten } from "../support/harness";

const ctx = { project: PROJECT, stack: "account-a", organization: "organization" };

/** Two-account config: role `reader` trusts `count` users of B, each with its own MFA age (one statement each) or all alike (one statement). */
function trustedBy(count: number, alike: boolean, limit?: number): ConfigObject {
    const sources = Object.fromEntries(Array.from({ length: count }, (_, i) => [`job-${String(i).padStart(3, "0")}`, { kind: "user", path: "/batch/jobs/" }]));
    return {
        targetAccountId: "111111111111",
        sourceAccountId: "222222222222",
        "aws:region": "eu-west-1",
        ...(limit === undefined ? {} : { trustPolicySizeLimit: limit }),
        sources,
        targetRoles: {
            reader: {
                trustedSources: Object.keys(sources).map((source, i) => ({ source, mfa: { maxAgeSeconds: alike ? 600 : 600 + i } })),
                permissions: { s3ListAllBuckets: true },
            },
        },
    };
}

const trustProblem = (c: ConfigObject) => validateConfig(flatten(c), ctx).find((p) => p.startsWith("targetRoles.reader: trust policy is"));

describe("a role trusted by many principals: how many fit the trust quota (issue 16)", () => {
    for (const [what, alike, fit2048, fit4096] of [
        ["a statement per source (different MFA ages)", false, 7, 15],
        ["one statement for all (identical conditions)", true, 34, 73],
    ] as const) {
        it(`${what}: ${fit2048} fit in 2048 characters and ${fit4096} in 4096, exactly`, () => {
            assert.equal(trustProblem(trustedBy(fit2048, alike)), undefined);
            assert.match(
                trustProblem(trustedBy(fit2048 + 1, alike)) ?? "",
                new RegExp(`The first ${fit2048} of its ${fit2048 + 1} trusted sources fit; raised to 4096, all ${fit2048 + 1} would\\.`),
            );
            assert.equal(trustProblem(trustedBy(fit4096, alike, 4096)), undefined);
            assert.match(
                trustProblem(trustedBy(fit4096 + 1, alike, 4096)) ?? "",
                new RegExp(`The first ${fit4096} of its ${fit4096 + 1} trusted sources fit\\. Trust fewer`),
            );
        });
    }

    it("says how many would fit at IAM's maximum when not all would", () => {
        assert.match(
            trustProblem(trustedBy(120, false)) ?? "",
            /trust policy is 31238 characters; .*\. The first 7 of its 120 trusted sources fit; raised to 4096, 15 would\. /,
        );
        assert.match(
            trustProblem(trustedBy(120, true)) ?? "",
            /trust policy is 6498 characters; .*\. The first 34 of its 120 trusted sources fit; raised to 4096, 73 would\. /,
        );
    });

    it("names the whole message: size, limit, quota, how many fit at the limit and at IAM's maximum, and the fixes", () => {
        assert.equal(
            trustProblem(trustedBy(40, true)),
            "targetRoles.reader: trust policy is 2337 characters; the limit is 2048 (trustPolicySizeLimit; IAM's default ACLSizePerRole quota is 2048, raisable to 4096). The first 34 of its 40 trusted sources fit; raised to 4096, all 40 would. Trust fewer sources, give them identical conditions so they share a statement, or raise the quota and trustPolicySizeLimit",
        );
    });
});

describe("trust statement Sids stay short when many sources share a statement (issue 16)", () => {
    it("spells out up to three source keys, then the first and a count; the whole document", async () => {
        const { parseConfig } = await import("../../lib/config/read");
        const { trustPolicy } = await import("../../lib/policies/trust");
        const { configuredSource } = await import("../../lib/policies/sources");
        const sidsFor = (count: number) => {
            const cfg = parseConfig(flatten(trustedBy(count, true)), ctx);
            return trustPolicy(
                cfg,
                cfg.targetRoles[0],
                cfg.sources.map((s) => configuredSource(cfg, s)),
                undefined,
            );
        };
        assert.equal(sidsFor(3).Statement[0].Sid, "TrustJob000AndJob001AndJob002");
        assert.deepEqual(sidsFor(4), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TrustJob000And3More",
                    Effect: "Allow",
                    Principal: {
                        AWS: [0, 1, 2, 3].map((i) => `arn:aws:iam::222222222222:user/batch/jobs/job-00${i}`),
                    },
                    Action: "sts:AssumeRole",
                    Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "600" } },
                },
            ],
        });
    });
});
