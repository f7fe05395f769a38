/**
 * B's AssumeRole grant when it outgrows the inline policy quota: split across customer managed
 * policies (sourceGrantPolicies), declared and attached by the source components, and a clear error
 * saying how many target roles fit when even the attachment limit is not enough.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config/read";
import { CrossAccountConfig } from "../lib/model/config";
import { ConfigError } from "../lib/errors";
import { policySize } from "../lib/iam/documents";
import { PolicyDocument } from "../lib/model/policy";
import { GrantHolderKind, sourceGrantPolicies, sourceGrantPolicy } from "../lib/policies/source-grant";
import { ACCOUNT_A, ACCOUNT_B, ConfigObject, PROJECT, awsResources, baseConfig, doc, flatten, render, resource } from "./support/harness";

const roleName = (i: number) => `r-${String(i).padStart(3, "0")}`;

/** A config whose one source `src` (of `kind`) is trusted by `count` roles r-001.. under `path`. */
function manyRoles(count: number, kind: GrantHolderKind, opts: { path?: string; trust?: (i: number) => object; extra?: ConfigObject } = {}): ConfigObject {
    const targetRoles: Record<string, unknown> = {};
    for (let i = 1; i <= count; i++) {
        targetRoles[roleName(i)] = {
            path: opts.path ?? "/",
            trustedSources: [{ source: "src", ...(kind === "group" ? { mfa: true } : {}), ...(opts.trust?.(i) ?? {}) }],
            permissions: { s3ListAllBuckets: true },
        };
    }
    return { ...baseConfig(), sources: { src: { kind } }, targetRoles, ...opts.extra };
}

function parse(config: ConfigObject): CrossAccountConfig {
    return parseConfig(flatten(config), { project: PROJECT, stack: "account-b", organization: "organization" });
}

function arns(from: number, to: number, path = "/"): string[] {
    const out: string[] = [];
    for (let i = from; i <= to; i++) out.push(`arn:aws:iam::${ACCOUNT_A}:role${path}${roleName(i)}`);
    return out;
}

const grant = (resources: string[]): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: [{ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: resources.length === 1 ? resources[0] : resources }],
});

describe("B's grant: inline while it fits, else split across customer managed policies", () => {
    it("keeps the common small case as the one inline policy sourceGrantPolicy builds", () => {
        const cfg = parse(baseConfig());
        assert.deepEqual(sourceGrantPolicies(cfg, "log-shipper", "service-role"), {
            inline: grant([`arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`]),
            managed: [],
        });
        assert.deepEqual(sourceGrantPolicies(cfg, "log-shipper", "service-role").inline, sourceGrantPolicy(cfg, "log-shipper"));
    });

    it("is empty for a source no role trusts", () => {
        const c = baseConfig();
        c.sources = { ...(c.sources as object), idle: { kind: "user" } };
        assert.deepEqual(sourceGrantPolicies(parse(c), "idle", "user"), { managed: [] });
    });

    it("a user trusted by 49 roles keeps one inline policy of 2033 characters; a 50th role moves it to one managed policy of 2072", () => {
        const fits = sourceGrantPolicies(parse(manyRoles(49, "user")), "src", "user");
        assert.deepEqual(fits, { inline: grant(arns(1, 49)), managed: [] });
        assert.equal(fits.inline && policySize(fits.inline), 2033);
        const split = sourceGrantPolicies(parse(manyRoles(50, "user")), "src", "user");
        assert.deepEqual(split, { managed: [grant(arns(1, 50))] });
        assert.equal(policySize(split.managed[0]), 2072);
    });

    it("a role trusted by 400 roles: three managed policies of 154, 154 and 92 roles in config order, each at most 6144 characters", () => {
        const cfg = parse(manyRoles(400, "service-role"));
        const placed = sourceGrantPolicies(cfg, "src", "service-role");
        assert.deepEqual(placed, { managed: [grant(arns(1, 154)), grant(arns(155, 308)), grant(arns(309, 400))] });
        assert.deepEqual(placed.managed.map(policySize), [6128, 6128, 3710]);
        // Full: one more role would not fit.
        assert.equal(policySize(grant(arns(1, 155))), 6167);
        assert.equal(policySize(sourceGrantPolicy(cfg, "src")!), 15722);
    });

    it("a role trusted by 260 roles (10262 characters, over the role's 10240) splits; 259 roles stay inline", () => {
        assert.deepEqual(sourceGrantPolicies(parse(manyRoles(260, "service-role")), "src", "service-role"), {
            managed: [grant(arns(1, 154)), grant(arns(155, 260))],
        });
        assert.deepEqual(sourceGrantPolicies(parse(manyRoles(259, "service-role")), "src", "service-role"), { inline: grant(arns(1, 259)), managed: [] });
    });

    it("a group keeps 128 roles inline (5114 characters) and splits at 129 (5153, over its 5120)", () => {
        assert.deepEqual(sourceGrantPolicies(parse(manyRoles(128, "group")), "src", "group"), { inline: grant(arns(1, 128)), managed: [] });
        const split = sourceGrantPolicies(parse(manyRoles(129, "group")), "src", "group");
        assert.deepEqual(split, { managed: [grant(arns(1, 129))] });
        assert.equal(policySize(split.managed[0]), 5153);
    });

    it("SetSourceIdentity and TagSession statements follow their roles into the same managed policy", () => {
        const cfg = parse(manyRoles(300, "service-role", { trust: (i) => (i % 100 === 0 ? { sourceIdentity: true, sessionTags: true } : {}) }));
        const placed = sourceGrantPolicies(cfg, "src", "service-role");
        const extra = (resource: string): PolicyDocument["Statement"] => [
            { Sid: "SetSourceIdentityOnTargetRoles", Effect: "Allow", Action: "sts:SetSourceIdentity", Resource: resource },
            { Sid: "TagSessionOnTargetRoles", Effect: "Allow", Action: "sts:TagSession", Resource: resource },
        ];
        const withExtra = (resources: string[], marked: string) => ({ ...grant(resources), Statement: [...grant(resources).Statement, ...extra(marked)] });
        assert.deepEqual(placed, {
            managed: [withExtra(arns(1, 147), arns(100, 100)[0]), withExtra(arns(148, 294), arns(200, 200)[0]), withExtra(arns(295, 300), arns(300, 300)[0])],
        });
        assert.deepEqual(placed.managed.map(policySize), [6123, 6123, 624]);
    });
});

describe("B's grant: more managed policies than may be attached is a clear error", () => {
    it("says how many of the target roles fit in the allowed policies", () => {
        const config = manyRoles(400, "service-role", { extra: { managedPoliciesPerRoleLimit: 2 } });
        assert.deepEqual(sourceGrantPolicies(parse({ ...config, managedPoliciesPerRoleLimit: 3 }), "src", "service-role").overflow, undefined);
        assert.throws(
            () => parse(config),
            (e: unknown) => {
                assert.ok(ConfigError.isConfigError(e));
                assert.deepEqual(e.problems, [
                    "sources.src: its sts:AssumeRole grant on 400 target roles is 15722 characters, over the 10240 of inline policy IAM allows per role; split into customer managed policies of at most 6144 characters it needs 3, but at most 2 may be attached per role (managedPoliciesPerRoleLimit; IAM's default is 10, raisable to 20), which fits 308 of the 400 target roles. Split the roles across several sources, or raise the quota and managedPoliciesPerRoleLimit",
                ]);
                assert.match(e.message, /^IAM quotas exceeded \(1 problem\):/);
                return true;
            },
        );
    });

    it("names a user's limit the same way", () => {
        const config = manyRoles(200, "user", { extra: { managedPoliciesPerRoleLimit: 1 } });
        assert.throws(
            () => parse(config),
            (e: unknown) =>
                ConfigError.isConfigError(e) &&
                e.problems[0] ===
                    "sources.src: its sts:AssumeRole grant on 200 target roles is 7922 characters, over the 2048 of inline policy IAM allows per user; split into customer managed policies of at most 6144 characters it needs 2, but at most 1 may be attached per user (managedPoliciesPerRoleLimit; IAM's default is 10, raisable to 20), which fits 154 of the 200 target roles. Split the roles across several sources, or raise the quota and managedPoliciesPerRoleLimit",
        );
    });

    it("rejects managed policy names over 128 characters and names shared by two sources", () => {
        const long = manyRoles(129, "group");
        long.sources = { src: { kind: "group", name: "g".repeat(110) } };
        assert.throws(
            () => parse(long),
            (e: unknown) =>
                ConfigError.isConfigError(e) &&
                e.problems.length === 1 &&
                e.problems[0] ===
                    `sources.src.name: the grant of group ${"g".repeat(110)} is split into customer managed policies named ${"g".repeat(110)}-assume-target-roles-1, longer than IAM's 128 characters; use a shorter name`,
        );
        const shared = manyRoles(50, "user");
        shared.sources = { src: { kind: "user", name: "ops" }, other: { kind: "service-role", name: "ops" } };
        for (const r of Object.values(shared.targetRoles as Record<string, { trustedSources: unknown[] }>)) r.trustedSources.push("other");
        assert.throws(
            () => parse({ ...shared, targetRoles: { ...(shared.targetRoles as object), ...bigRoleOnly(260) } }),
            (e: unknown) =>
                ConfigError.isConfigError(e) &&
                e.problems.join("\n") ===
                    "sources.other: its grant is split into a customer managed policy named ops-assume-target-roles-1, as is the grant of sources.src; IAM policy names are unique per account, so give one of them another name",
        );
    });
});

/** Roles z-001.. trusted only by source `other`, so its grant (alone) outgrows a role's inline quota. */
function bigRoleOnly(count: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 1; i <= count; i++) out[`z-${String(i).padStart(3, "0")}`] = { trustedSources: ["other"], permissions: { s3ListAllBuckets: true } };
    return out;
}

describe("B's grant split, declared under mocks", () => {
    /** A 200-character path makes each role ARN long, so 45 roles are enough to split every kind. */
    const PATH = `/${"p".repeat(198)}/`;

    it("creates one aws.iam.Policy per part, attached to the role, the user and the group; no inline policy", async () => {
        const config = manyRoles(45, "service-role", { path: PATH });
        config.sources = { job: { kind: "service-role", service: "lambda" }, operator: { kind: "user" }, developers: { kind: "group" } };
        for (const r of Object.values(config.targetRoles as Record<string, { trustedSources: unknown[] }>)) {
            r.trustedSources = ["job", "operator", { source: "developers", mfa: true }];
        }
        const b = await render(config, { stack: "account-b" });
        assert.equal(b.error, undefined);
        const parts = (name: string, attachment: string) =>
            [1, 2].flatMap((n) => [`aws:iam/policy:Policy ${name}-assume-target-roles-${n}`, `${attachment} ${name}-assume-target-roles-${n}`]);
        // Registration order is not deterministic across components: compare sorted.
        assert.deepEqual(
            awsResources(b)
                .map((r) => `${r.type} ${r.name}`)
                .sort(),
            [
                "aws:iam/role:Role job-role",
                ...parts("job", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"),
                "aws:iam/user:User operator-user",
                ...parts("operator", "aws:iam/userPolicyAttachment:UserPolicyAttachment"),
                "aws:iam/group:Group developers-group",
                ...parts("developers", "aws:iam/groupPolicyAttachment:GroupPolicyAttachment"),
            ].sort(),
        );
        const first = resource(b, "aws:iam/policy:Policy", "operator-assume-target-roles-1");
        assert.deepEqual(
            { ...first.inputs, policy: doc(first, "policy") },
            {
                name: "operator-assume-target-roles-1",
                path: "/",
                description: `sts:AssumeRole on roles of account ${ACCOUNT_A}, part 1 of 2`,
                policy: grant(arns(1, 25, PATH)),
            },
        );
        assert.deepEqual(doc(resource(b, "aws:iam/policy:Policy", "operator-assume-target-roles-2"), "policy"), grant(arns(26, 45, PATH)));
        assert.deepEqual(resource(b, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "job-assume-target-roles-2").inputs, {
            role: "job",
            policyArn: `arn:aws:iam::${ACCOUNT_B}:policy/job-assume-target-roles-2`,
        });
        assert.deepEqual(resource(b, "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "developers-assume-target-roles-1").inputs, {
            group: "developers",
            policyArn: `arn:aws:iam::${ACCOUNT_B}:policy/developers-assume-target-roles-1`,
        });
        for (const name of ["job", "operator", "developers"]) {
            const sizes = [1, 2].map((n) => policySize(doc(resource(b, "aws:iam/policy:Policy", `${name}-assume-target-roles-${n}`), "policy")));
            assert.deepEqual(sizes, [6072, 4882], name);
        }
    });
});
