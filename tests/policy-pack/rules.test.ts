/**
 * The CrossGuard policy pack (policy-pack/rules.ts and rules/), rule by rule: each rule's validate function
 * called directly with hand-built args, a passing and a failing case per rule with the exact message,
 * and unknown (preview) values.
 */
import { strict as assert } from "assert";
import {
    GROUP_POLICY_TYPE,
    MANAGED_POLICY_TYPE,
    ROLE_POLICY_ATTACHMENT_TYPE,
    ROLE_POLICY_TYPE,
    ROLE_TYPE,
    USER_POLICY_TYPE,
} from "../../policy-pack/resources";
import { policies } from "../../policy-pack/rules";
import { assumeRoleOnExactArns } from "../../policy-pack/rules/assume-role";
import { accountTrustNeedsCondition, noWildcardTrustPrincipal, sessionDurationWithinLimit, trustPolicySizeWithinQuota } from "../../policy-pack/rules/trust";
import { ACCOUNT_A, ACCOUNT_B, B_ROOT, READER, SHIPPER } from "../support/harness";
import { check, checkStack, doc, policyResource, trustOf } from "../support/policy-pack";

describe("policy pack: no wildcard principal in a trust policy", () => {
    it("passes a trust policy naming a role of another account", async () => {
        assert.deepEqual(await check(noWildcardTrustPrincipal, ROLE_TYPE, "reader", { assumeRolePolicy: trustOf({ AWS: SHIPPER }) }), []);
    });

    it('fails Principal "*" and AWS "*", naming the resource and the statement', async () => {
        assert.deepEqual(await check(noWildcardTrustPrincipal, ROLE_TYPE, "reader", { assumeRolePolicy: trustOf("*") }), [
            'Role "reader": trust policy statement "Trust" allows principal "*", which is every AWS account; name the principals that may assume this role',
        ]);
        const twoStatements = doc({ Effect: "Allow", Principal: { AWS: [SHIPPER, "*"] }, Action: "sts:AssumeRole" });
        assert.deepEqual(await check(noWildcardTrustPrincipal, ROLE_TYPE, "reader", { assumeRolePolicy: twoStatements }), [
            'Role "reader": trust policy statement 1 allows principal "*", which is every AWS account; name the principals that may assume this role',
        ]);
    });

    it("reads a trust policy given as an object, and ignores a Deny statement with a wildcard principal", async () => {
        const asObject = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }] };
        assert.deepEqual(await check(noWildcardTrustPrincipal, ROLE_TYPE, "reader", { assumeRolePolicy: asObject }), []);
        const allow = { Version: "2012-10-17", Statement: { Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" } };
        assert.equal((await check(noWildcardTrustPrincipal, ROLE_TYPE, "reader", { assumeRolePolicy: allow })).length, 1);
    });
});

describe("policy pack: trust of a whole account requires ExternalId or MFA (an organization id narrows nothing)", () => {
    const root = (Condition?: object) => ({ assumeRolePolicy: trustOf({ AWS: B_ROOT }, Condition ? { Condition } : {}) });

    it("passes :root with sts:ExternalId, with MFA, or pinned to exact aws:PrincipalArn", async () => {
        for (const condition of [
            { StringEquals: { "sts:ExternalId": "vendor-1" } },
            { Bool: { "aws:MultiFactorAuthPresent": "true" } },
            { ArnEquals: { "aws:PrincipalArn": SHIPPER } },
        ]) {
            assert.deepEqual(await check(accountTrustNeedsCondition, ROLE_TYPE, "reader", root(condition)), [], JSON.stringify(condition));
        }
    });

    it("fails :root or a bare account id with no condition, an IfExists ExternalId, MFA false, an ArnLike PrincipalArn, or aws:PrincipalOrgID alone", async () => {
        const message = (who: string) =>
            `Role "reader": trust policy statement "Trust" trusts the whole account ${who} with no condition that narrows it; require sts:ExternalId or aws:MultiFactorAuthPresent in its Condition, or pin aws:PrincipalArn to exact ARNs (aws:PrincipalOrgID narrows nothing here: every principal of the account is in its organization)`;
        assert.deepEqual(await check(accountTrustNeedsCondition, ROLE_TYPE, "reader", root()), [message(B_ROOT)]);
        assert.deepEqual(await check(accountTrustNeedsCondition, ROLE_TYPE, "reader", { assumeRolePolicy: trustOf({ AWS: ACCOUNT_B }) }), [message(ACCOUNT_B)]);
        for (const condition of [
            { StringEqualsIfExists: { "sts:ExternalId": "vendor-1" } },
            { Bool: { "aws:MultiFactorAuthPresent": "false" } },
            { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_B}:user/*` } },
            // Every principal of account B is in B's organization: the org id narrows nothing.
            { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
        ]) {
            assert.deepEqual(await check(accountTrustNeedsCondition, ROLE_TYPE, "reader", root(condition)), [message(B_ROOT)], JSON.stringify(condition));
        }
    });

    it("passes a named role principal with no condition", async () => {
        assert.deepEqual(await check(accountTrustNeedsCondition, ROLE_TYPE, "reader", { assumeRolePolicy: trustOf({ AWS: SHIPPER }) }), []);
    });
});

describe("policy pack: sts:AssumeRole only on exact role ARNs", () => {
    const grant = (Resource: unknown, Action: unknown = "sts:AssumeRole") => doc({ Sid: "AssumeTargetRoles", Effect: "Allow", Action, Resource });

    it("passes exact role ARNs in RolePolicy, UserPolicy, GroupPolicy, Policy and a role's inlinePolicies", async () => {
        for (const type of [ROLE_POLICY_TYPE, USER_POLICY_TYPE, GROUP_POLICY_TYPE, MANAGED_POLICY_TYPE]) {
            assert.deepEqual(await check(assumeRoleOnExactArns, type, "grant", { policy: grant([READER, `arn:aws:iam::${ACCOUNT_A}:role/other`]) }), [], type);
        }
        assert.deepEqual(await check(assumeRoleOnExactArns, ROLE_TYPE, "source", { inlinePolicies: [{ name: "assume", policy: grant(READER) }] }), []);
    });

    it("fails *, role/* and a wildcard in the name, naming the resource, the statement and each bad ARN", async () => {
        const wild = [`arn:aws:iam::${ACCOUNT_A}:role/*`, `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-*`];
        assert.deepEqual(await check(assumeRoleOnExactArns, ROLE_POLICY_TYPE, "shipper-grant", { policy: grant(["*", READER, ...wild]) }), [
            `RolePolicy "shipper-grant": statement "AssumeTargetRoles" allows sts:AssumeRole on "*", "${wild[0]}", "${wild[1]}", not an exact role ARN; name each role ARN (no *, no role/*, no wildcard in the name)`,
        ]);
        assert.deepEqual(await check(assumeRoleOnExactArns, ROLE_TYPE, "source", { inlinePolicies: [{ name: "assume", policy: grant("*", "sts:*") }] }), [
            'Role "source" inline policy "assume": statement "AssumeTargetRoles" allows sts:AssumeRole on "*", not an exact role ARN; name each role ARN (no *, no role/*, no wildcard in the name)',
        ]);
        assert.deepEqual(
            await check(assumeRoleOnExactArns, USER_POLICY_TYPE, "ops", { policy: doc({ Effect: "Allow", NotAction: "s3:*", NotResource: READER }) }),
            ['UserPolicy "ops": statement 1 allows sts:AssumeRole with NotResource, which is every role not listed; name each role ARN in Resource'],
        );
    });

    it("ignores statements that cannot allow AssumeRole: other actions, a Deny, or `*` on a non-IAM resource", async () => {
        const policy = doc(
            { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
            { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" },
            { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::bucket/*" },
        );
        assert.deepEqual(await check(assumeRoleOnExactArns, MANAGED_POLICY_TYPE, "mixed", { policy }), []);
    });
});

describe("policy pack: no wildcard actions for roles trusted by another account (stack policy)", () => {
    const crossAccountRole = () => policyResource(ROLE_TYPE, "reader", { name: "reader", assumeRolePolicy: trustOf({ AWS: SHIPPER }) });
    const perms = (Action: unknown) => doc({ Sid: "Read", Effect: "Allow", Action, Resource: "*" });

    it("passes a cross-account role whose RolePolicy names its actions", async () => {
        const role = crossAccountRole();
        assert.deepEqual(
            await checkStack([role, policyResource(ROLE_POLICY_TYPE, "reader-permissions", { role: "reader", policy: perms(["s3:GetObject"]) })]),
            [],
        );
    });

    it('fails "*" and "service:*" in a RolePolicy joined by role name, in inlinePolicies, and in an attached customer managed policy', async () => {
        const role = policyResource(ROLE_TYPE, "reader", {
            name: "reader",
            assumeRolePolicy: trustOf({ AWS: SHIPPER }),
            inlinePolicies: [{ name: "inline", policy: perms("*") }],
        });
        const managed = policyResource(MANAGED_POLICY_TYPE, "broad", { policy: perms(["s3:*", "logs:GetLogEvents"]) });
        const attachment = policyResource(
            ROLE_POLICY_ATTACHMENT_TYPE,
            "reader-broad",
            { role: "reader", policyArn: "arn:aws:iam::111111111111:policy/broad" },
            {
                policyArn: [managed],
            },
        );
        const rolePolicy = policyResource(ROLE_POLICY_TYPE, "reader-permissions", { role: "reader", policy: perms("dynamodb:*") });
        const who = `Role "reader" (trusted by account ${ACCOUNT_B})`;
        assert.deepEqual(await checkStack([role, rolePolicy, managed, attachment]), [
            `${role.urn}: ${who}: Role "reader" inline policy "inline" statement "Read" allows "*"; name the actions it needs`,
            `${role.urn}: ${who}: RolePolicy "reader-permissions" statement "Read" allows "dynamodb:*"; name the actions it needs`,
            `${role.urn}: ${who}: Policy "broad" (attached by RolePolicyAttachment "reader-broad") statement "Read" allows "s3:*"; name the actions it needs`,
        ]);
    });

    it("fails an Allow with NotAction, which grants every action it does not list", async () => {
        const role = crossAccountRole();
        const notAction = doc({ Sid: "AllButIam", Effect: "Allow", NotAction: ["iam:*"], Resource: "*" });
        assert.deepEqual(await checkStack([role, policyResource(ROLE_POLICY_TYPE, "reader-permissions", { role: "reader", policy: notAction })]), [
            `${role.urn}: Role "reader" (trusted by account ${ACCOUNT_B}): RolePolicy "reader-permissions" statement "AllButIam" allows NotAction ["iam:*"], which is every other action of every service; name the actions it needs in Action`,
        ]);
    });

    it("fails AdministratorAccess attached to a cross-account role", async () => {
        const role = policyResource(ROLE_TYPE, "reader", {
            name: "reader",
            assumeRolePolicy: trustOf({ AWS: SHIPPER }),
            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        });
        assert.deepEqual(await checkStack([role]), [
            `${role.urn}: Role "reader" (trusted by account ${ACCOUNT_B}): Role "reader" managedPolicyArns attaches arn:aws:iam::aws:policy/AdministratorAccess, which allows every action; attach a policy naming the actions it needs`,
        ]);
    });

    it("passes wildcard actions on a role trusted only by a service or by its own account", async () => {
        const service = policyResource(ROLE_TYPE, "svc", { name: "svc", assumeRolePolicy: trustOf({ Service: "ec2.amazonaws.com" }) });
        const sameAccount = policyResource(ROLE_TYPE, "same", {
            name: "same",
            arn: `arn:aws:iam::${ACCOUNT_A}:role/same`,
            assumeRolePolicy: trustOf({ AWS: `arn:aws:iam::${ACCOUNT_A}:root` }),
        });
        assert.deepEqual(
            await checkStack([
                service,
                sameAccount,
                policyResource(ROLE_POLICY_TYPE, "svc-all", { role: "svc", policy: perms("*") }),
                policyResource(ROLE_POLICY_TYPE, "same-all", { role: "same", policy: perms("*") }),
            ]),
            [],
        );
    });
});

describe("policy pack: maxSessionDuration within the configured limit", () => {
    it("passes 43200 under the default limit, and a role with no maxSessionDuration (IAM's 3600)", async () => {
        assert.deepEqual(await check(sessionDurationWithinLimit, ROLE_TYPE, "reader", { maxSessionDuration: 43200 }), []);
        assert.deepEqual(await check(sessionDurationWithinLimit, ROLE_TYPE, "reader", {}, { maxSessionDuration: 3600 }), []);
    });

    it("fails a longer session than the configured limit", async () => {
        assert.deepEqual(await check(sessionDurationWithinLimit, ROLE_TYPE, "reader", { maxSessionDuration: 14400 }, { maxSessionDuration: 7200 }), [
            'Role "reader": maxSessionDuration is 14400 seconds; the limit is 7200 (policy config maxSessionDuration)',
        ]);
    });

    it("declares the limit in its config schema, default 43200", () => {
        assert.deepEqual(sessionDurationWithinLimit.configSchema, {
            properties: {
                maxSessionDuration: {
                    type: "integer",
                    minimum: 3600,
                    maximum: 43200,
                    default: 43200,
                    description: "Longest session a role may allow, in seconds (IAM allows 3600 to 43200).",
                },
            },
        });
    });
});

describe("policy pack: trust policy size under the quota", () => {
    /** A trust policy of exactly `size` characters without white space. */
    const trustOfSize = (size: number) => {
        const base = { Version: "2012-10-17", Statement: [{ Sid: "", Effect: "Allow", Principal: { AWS: SHIPPER }, Action: "sts:AssumeRole" }] };
        base.Statement[0].Sid = "S".repeat(size - JSON.stringify(base).length);
        return base;
    };

    it("passes 2048 characters, counted without white space", async () => {
        assert.equal(JSON.stringify(trustOfSize(2048)).length, 2048);
        assert.deepEqual(await check(trustPolicySizeWithinQuota, ROLE_TYPE, "reader", { assumeRolePolicy: JSON.stringify(trustOfSize(2048), null, 4) }), []);
    });

    it("fails 2049 characters, and a smaller configured limit", async () => {
        assert.deepEqual(await check(trustPolicySizeWithinQuota, ROLE_TYPE, "reader", { assumeRolePolicy: trustOfSize(2049) }), [
            'Role "reader": trust policy is 2049 characters (JSON without white space); the limit is 2048 (policy config maxSize; IAM\'s ACLSizePerRole quota is 2048 by default, raisable to 4096)',
        ]);
        assert.deepEqual(await check(trustPolicySizeWithinQuota, ROLE_TYPE, "reader", { assumeRolePolicy: trustOfSize(600) }, { maxSize: 512 }), [
            'Role "reader": trust policy is 600 characters (JSON without white space); the limit is 512 (policy config maxSize; IAM\'s ACLSizePerRole quota is 2048 by default, raisable to 4096)',
        ]);
    });
});

/** The engine's preview proxy: reading an unknown value throws. */
interface PreviewProxy {
    unknownCheckingProxy<T extends object>(value: T): T;
    unknownStringValue: string;
    unknownNumberValue: number;
    unknownArrayValue: unknown[];
}

describe("policy pack: unknown values during preview", () => {
    it("skips, without throwing, documents and numbers the engine does not know yet", async () => {
        const proxy = (await import("@pulumi/policy/proxy")) as unknown as PreviewProxy;
        const props = proxy.unknownCheckingProxy({
            assumeRolePolicy: proxy.unknownStringValue,
            maxSessionDuration: proxy.unknownNumberValue,
            inlinePolicies: proxy.unknownArrayValue,
            policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: proxy.unknownStringValue }] },
        });
        for (const p of policies) {
            if (!("validateResource" in p)) continue;
            for (const type of [ROLE_TYPE, ROLE_POLICY_TYPE])
                assert.deepEqual(await check(p, type, "pending", props, { maxSessionDuration: 3600, maxSize: 1 }), [], p.name);
        }
        const role = policyResource(ROLE_TYPE, "pending", props);
        assert.deepEqual(await checkStack([role, policyResource(ROLE_POLICY_TYPE, "pending-permissions", props)]), []);
    });
});
