/**
 * The trust conditions principalTags, principalOrgPaths and roleSessionName in account A's trust policy
 * (lib/policies/trust.ts trustConditionBlock): whole documents, the narrowing rules of a trusted source's entry, and
 * map keys that are JavaScript names (`constructor`) kept as plain tag keys.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config/read";
import type { CrossAccountConfig } from "../lib/model/config";
import { configuredSource } from "../lib/policies/sources";
import { trustPolicy } from "../lib/policies/trust";
import { problemsOf } from "./support/bad-config";
import { PROJECT, baseConfig, flatten } from "./support/harness";

const ROOT_B = { AWS: "arn:aws:iam::222222222222:root" };
const SHIPPER = { AWS: "arn:aws:iam::222222222222:role/cross-account/log-shipper" };
const OU = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/";
const CHILD_OU = "o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/ou-ab12-33333333/";

function parse(c: Record<string, any>): CrossAccountConfig {
    return parseConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "o" });
}

function trustOf(c: Record<string, any>) {
    const cfg = parse(c);
    return trustPolicy(
        cfg,
        cfg.targetRoles[0],
        cfg.sources.map((s) => configuredSource(cfg, s)),
        undefined,
    );
}

/** The base config with a tagged service role, trusted under all three keys (role-wide). */
function allThree(): Record<string, any> {
    const c: Record<string, any> = baseConfig();
    c.targetRoles["log-reader"].trustConditions = {
        principalTags: { team: ["data", "analytics"], "cost center": "42" },
        principalOrgPaths: [OU, CHILD_OU],
        roleSessionName: "nightly-*",
    };
    c.sources["log-shipper"].tags = { team: "data", "cost center": "42" };
    return c;
}

describe("trust conditions principalTags, principalOrgPaths, roleSessionName in the trust policy", () => {
    it("writes StringEquals aws:PrincipalTag/<key>, ForAnyValue:StringLike aws:PrincipalOrgPaths <path>*, StringLike sts:RoleSessionName", () => {
        assert.deepEqual(problemsOf(allThree()), []);
        const doc = trustOf(allThree());
        assert.deepEqual(doc, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TrustLogShipper",
                    Effect: "Allow",
                    Principal: SHIPPER,
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:PrincipalTag/team": ["data", "analytics"], "aws:PrincipalTag/cost center": "42" },
                        "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": [`${OU}*`, `${CHILD_OU}*`] },
                        StringLike: { "sts:RoleSessionName": "nightly-*" },
                    },
                },
            ],
        });
    });

    it("writes StringEquals for session names without a wildcard, and ${aws:username} for a user as IAM resolves it", () => {
        const c: Record<string, any> = baseConfig();
        c.sources = { alice: { kind: "user" } };
        c.targetRoles["log-reader"].trustedSources = [{ source: "alice", roleSessionName: ["${aws:username}", "break-glass"], mfa: true }];
        assert.deepEqual(problemsOf(c), []);
        const doc = trustOf(c);
        assert.deepEqual(doc.Statement[0].Condition, {
            StringEquals: { "sts:RoleSessionName": ["${aws:username}", "break-glass"] },
            Bool: { "aws:MultiFactorAuthPresent": "true" },
            NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
        });
    });

    it("keeps sts:RoleSessionName out of the sts:TagSession statement (STS evaluates it for AssumeRole only); tags and OUs stay in both", () => {
        const c: Record<string, any> = baseConfig();
        c.sources = { ops: { kind: "account-root" } };
        c.targetRoles["log-reader"].trustedSources = [
            {
                source: "ops",
                mfa: true,
                principalTags: { team: "ops" },
                principalOrgPaths: [OU],
                roleSessionName: "ops-*",
                sessionTags: { allowedKeys: ["ticket"] },
            },
        ];
        assert.deepEqual(problemsOf(c), []);
        const doc = trustOf(c);
        assert.deepEqual(doc, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TrustOps",
                    Effect: "Allow",
                    Principal: ROOT_B,
                    Action: "sts:AssumeRole",
                    Condition: {
                        Bool: { "aws:MultiFactorAuthPresent": "true" },
                        NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
                        "ForAllValues:StringEquals": { "aws:TagKeys": "ticket" },
                        StringEquals: { "aws:PrincipalTag/team": "ops" },
                        "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": `${OU}*` },
                        StringLike: { "sts:RoleSessionName": "ops-*" },
                    },
                },
                {
                    Sid: "TrustOpsSessionTags",
                    Effect: "Allow",
                    Principal: ROOT_B,
                    Action: "sts:TagSession",
                    Condition: {
                        Bool: { "aws:MultiFactorAuthPresent": "true" },
                        NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
                        "ForAllValues:StringEquals": { "aws:TagKeys": "ticket" },
                        StringEquals: { "aws:PrincipalTag/team": "ops" },
                        "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": `${OU}*` },
                    },
                },
            ],
        });
    });

    it("an entry narrows the role's conditions (fewer tag values, an OU below, one exact session name), and false drops them as relaxed", () => {
        const c: Record<string, any> = baseConfig();
        c.sources = { ops: { kind: "account-root" }, audit: { kind: "account-root" } };
        c.targetRoles["log-reader"].trustConditions = {
            mfa: true,
            principalTags: { team: ["data", "ops"] },
            principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/"],
            roleSessionName: "ops-*",
        };
        c.targetRoles["log-reader"].trustedSources = [
            { source: "ops", principalTags: { Team: "ops", env: "prod" }, principalOrgPaths: [CHILD_OU], roleSessionName: "ops-nightly" },
            { source: "audit", principalTags: false, principalOrgPaths: false, roleSessionName: false },
        ];
        assert.deepEqual(problemsOf(c), []);
        const cfg = parse(c);
        const [ops, audit] = cfg.targetRoles[0].trustedSources;
        assert.deepEqual(ops.conditions.principalTags, { team: ["ops"], env: ["prod"] });
        assert.deepEqual(ops.conditions.principalOrgPaths, [CHILD_OU]);
        assert.deepEqual(ops.conditions.roleSessionName, ["ops-nightly"]);
        assert.deepEqual(ops.relaxed, []);
        assert.equal(audit.conditions.principalTags, undefined);
        assert.equal(audit.conditions.principalOrgPaths, undefined);
        assert.equal(audit.conditions.roleSessionName, undefined);
        assert.deepEqual(audit.relaxed, ["principalTags", "principalOrgPaths", "roleSessionName"]);
    });

    it("a tag key named like a JavaScript property (constructor, toString) is a plain tag key and pollutes nothing", () => {
        const c: Record<string, any> = baseConfig();
        c.sources["log-shipper"].tags = { constructor: "data", toString: "x" };
        c.targetRoles["log-reader"].trustConditions = { principalTags: JSON.parse('{"constructor": "data", "toString": ["x"]}') };
        assert.deepEqual(problemsOf(c), []);
        const cfg = parse(c);
        const tags = cfg.targetRoles[0].trustedSources[0].conditions.principalTags!;
        assert.deepEqual(Object.keys(tags), ["constructor", "toString"]);
        assert.deepEqual(tags.constructor, ["data"]);
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        assert.equal(typeof {}.toString, "function");
        assert.deepEqual(trustOf(c).Statement[0].Condition, { StringEquals: { "aws:PrincipalTag/constructor": "data", "aws:PrincipalTag/toString": "x" } });
    });

    it("sources that differ in these conditions get statements of their own; identical ones share one", () => {
        const c: Record<string, any> = baseConfig();
        c.sources = {
            a: { kind: "existing", arns: ["arn:aws:iam::222222222222:role/a"] },
            b: { kind: "existing", arns: ["arn:aws:iam::222222222222:role/b"] },
            d: { kind: "existing", arns: ["arn:aws:iam::222222222222:role/d"] },
        };
        c.targetRoles["log-reader"].trustedSources = [
            { source: "a", principalTags: { team: "data" } },
            { source: "b", principalTags: { team: "data" } },
            { source: "d", principalTags: { team: "web" } },
        ];
        const doc = trustOf(c);
        assert.deepEqual(
            doc.Statement.map((s) => [s.Sid, s.Principal, s.Condition]),
            [
                [
                    "TrustAAndB",
                    { AWS: ["arn:aws:iam::222222222222:role/a", "arn:aws:iam::222222222222:role/b"] },
                    { StringEquals: { "aws:PrincipalTag/team": "data" } },
                ],
                ["TrustD", { AWS: "arn:aws:iam::222222222222:role/d" }, { StringEquals: { "aws:PrincipalTag/team": "web" } }],
            ],
        );
    });
});
