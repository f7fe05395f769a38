/**
 * The CrossGuard policy pack (policy-pack/): each rule's validate function called directly with
 * hand-built args, a passing and a failing case per rule with the exact message, unknown (preview)
 * values, the project's own rendered stacks passing every rule, and the pack served to a client
 * over the engine's gRPC protocol.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { AnalyzeRequest, AnalyzeResponse, AnalyzerInfo, AnalyzerResourceOptions } from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import {
    GROUP_POLICY_TYPE,
    MANAGED_POLICY_TYPE,
    ROLE_POLICY_ATTACHMENT_TYPE,
    ROLE_POLICY_TYPE,
    ROLE_TYPE,
    USER_POLICY_TYPE,
    accountTrustNeedsCondition,
    assumeRoleOnExactArns,
    noWildcardActionsForCrossAccountRoles,
    noWildcardTrustPrincipal,
    policies,
    sessionDurationWithinLimit,
    trustPolicySizeWithinQuota,
} from "../policy-pack/rules";
import type { RecordedResource, RenderResult } from "../tools/shared/mock-runtime";
import { renderStacks } from "../tools/render/stacks";
import { ACCOUNT_A, ACCOUNT_B, ConfigObject, baseConfig, renderBoth } from "./support/harness";

const REPO = path.join(__dirname, "..");
const B_ROOT = `arn:aws:iam::${ACCOUNT_B}:root`;
const B_ROLE = `arn:aws:iam::${ACCOUNT_B}:role/cross-account/log-shipper`;
const A_ROLE = `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`;

const OPTIONS = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

function urn(type: string, name: string): string {
    return `urn:pulumi:test::cross-account-iam::${type}::${name}`;
}

/** The args the engine hands a resource validation, built by hand. */
function resourceArgs(type: string, name: string, props: Record<string, unknown>, config: object = {}): ResourceValidationArgs {
    return {
        type,
        props,
        urn: urn(type, name),
        name,
        opts: OPTIONS,
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string) => {
            throw new Error(`not applicable: ${reason ?? ""}`);
        },
    };
}

/** Runs one resource policy on one resource; returns the violation messages. */
async function check(policy: ResourceValidationPolicy, type: string, name: string, props: Record<string, unknown>, config: object = {}): Promise<string[]> {
    const messages: string[] = [];
    const validations =
        policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const v of validations) await v(resourceArgs(type, name, props, config), (m) => messages.push(m));
    return messages;
}

function policyResource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    propertyDependencies: Record<string, PolicyResource[]> = {},
): PolicyResource {
    return {
        type,
        props,
        urn: urn(type, name),
        name,
        opts: OPTIONS,
        dependencies: Object.values(propertyDependencies).flat(),
        propertyDependencies,
        isType: () => false,
        asType: () => undefined,
    };
}

/** Runs the stack policy on a set of resources; returns `urn: message` lines. */
async function checkStack(resources: PolicyResource[]): Promise<string[]> {
    const messages: string[] = [];
    await noWildcardActionsForCrossAccountRoles.validateStack(
        {
            resources,
            stackTags: new Map(),
            getConfig: <T extends object>() => ({}) as T,
            notApplicable: () => {
                throw new Error("not applicable");
            },
        },
        (m, u) => messages.push(`${u ?? ""}: ${m}`),
    );
    return messages;
}

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const trustOf = (Principal: unknown, extra: object = {}) => doc({ Sid: "Trust", Effect: "Allow", Principal, Action: "sts:AssumeRole", ...extra });

describe("policy pack: no wildcard principal in a trust policy", () => {
    it("passes a trust policy naming a role of another account", async () => {
        assert.deepEqual(await check(noWildcardTrustPrincipal, ROLE_TYPE, "reader", { assumeRolePolicy: trustOf({ AWS: B_ROLE }) }), []);
    });

    it('fails Principal "*" and AWS "*", naming the resource and the statement', async () => {
        assert.deepEqual(await check(noWildcardTrustPrincipal, ROLE_TYPE, "reader", { assumeRolePolicy: trustOf("*") }), [
            'Role "reader": trust policy statement "Trust" allows principal "*", which is every AWS account; name the principals that may assume this role',
        ]);
        const twoStatements = doc({ Effect: "Allow", Principal: { AWS: [B_ROLE, "*"] }, Action: "sts:AssumeRole" });
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
            { ArnEquals: { "aws:PrincipalArn": B_ROLE } },
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
        assert.deepEqual(await check(accountTrustNeedsCondition, ROLE_TYPE, "reader", { assumeRolePolicy: trustOf({ AWS: B_ROLE }) }), []);
    });
});

describe("policy pack: sts:AssumeRole only on exact role ARNs", () => {
    const grant = (Resource: unknown, Action: unknown = "sts:AssumeRole") => doc({ Sid: "AssumeTargetRoles", Effect: "Allow", Action, Resource });

    it("passes exact role ARNs in RolePolicy, UserPolicy, GroupPolicy, Policy and a role's inlinePolicies", async () => {
        for (const type of [ROLE_POLICY_TYPE, USER_POLICY_TYPE, GROUP_POLICY_TYPE, MANAGED_POLICY_TYPE]) {
            assert.deepEqual(await check(assumeRoleOnExactArns, type, "grant", { policy: grant([A_ROLE, `arn:aws:iam::${ACCOUNT_A}:role/other`]) }), [], type);
        }
        assert.deepEqual(await check(assumeRoleOnExactArns, ROLE_TYPE, "source", { inlinePolicies: [{ name: "assume", policy: grant(A_ROLE) }] }), []);
    });

    it("fails *, role/* and a wildcard in the name, naming the resource, the statement and each bad ARN", async () => {
        const wild = [`arn:aws:iam::${ACCOUNT_A}:role/*`, `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-*`];
        assert.deepEqual(await check(assumeRoleOnExactArns, ROLE_POLICY_TYPE, "shipper-grant", { policy: grant(["*", A_ROLE, ...wild]) }), [
            `RolePolicy "shipper-grant": statement "AssumeTargetRoles" allows sts:AssumeRole on "*", "${wild[0]}", "${wild[1]}", not an exact role ARN; name each role ARN (no *, no role/*, no wildcard in the name)`,
        ]);
        assert.deepEqual(await check(assumeRoleOnExactArns, ROLE_TYPE, "source", { inlinePolicies: [{ name: "assume", policy: grant("*", "sts:*") }] }), [
            'Role "source" inline policy "assume": statement "AssumeTargetRoles" allows sts:AssumeRole on "*", not an exact role ARN; name each role ARN (no *, no role/*, no wildcard in the name)',
        ]);
        assert.deepEqual(
            await check(assumeRoleOnExactArns, USER_POLICY_TYPE, "ops", { policy: doc({ Effect: "Allow", NotAction: "s3:*", NotResource: A_ROLE }) }),
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
    const crossAccountRole = () => policyResource(ROLE_TYPE, "reader", { name: "reader", assumeRolePolicy: trustOf({ AWS: B_ROLE }) });
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
            assumeRolePolicy: trustOf({ AWS: B_ROLE }),
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
            assumeRolePolicy: trustOf({ AWS: B_ROLE }),
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
        const base = { Version: "2012-10-17", Statement: [{ Sid: "", Effect: "Allow", Principal: { AWS: B_ROLE }, Action: "sts:AssumeRole" }] };
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

// ---------------------------------------------------------------------------------------------
// The project's own stacks

function richConfig(): ConfigObject {
    return {
        targetAccountId: ACCOUNT_A,
        sourceAccountId: ACCOUNT_B,
        sources: {
            "log-shipper": { kind: "service-role", service: "ec2", path: "/cross-account/" },
            "backup-job": { kind: "service-role", service: "lambda" },
            operator: { kind: "user", path: "/people/" },
            developers: { kind: "group" },
            vendor: { kind: "account-root" },
            ci: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/ci`] },
        },
        targetRoles: {
            "log-reader": {
                path: "/cross-account/",
                maxSessionDuration: 43200,
                trustedSources: ["log-shipper", { source: "operator", mfa: true, sourceIdentity: true, sessionTags: { allowedKeys: ["team"] } }],
                permissions: { logsRead: { logGroups: ["/app/cron"], create: true, retentionInDays: 30 } },
            },
            "table-backup": {
                trustMode: "principal-arn",
                trustedSources: ["backup-job", "ci"],
                permissions: { dynamodbBackup: { tables: ["orders"] }, s3Read: { buckets: ["acme-exports"], prefix: "daily/" } },
            },
            "dev-read": {
                trustedSources: [{ source: "developers", mfa: { maxAgeSeconds: 1800 } }],
                permissions: {
                    s3ListAllBuckets: true,
                    statements: [{ Effect: "Allow", Action: "s3:GetBucketLocation", Resource: "arn:aws:s3:::acme-exports" }],
                },
            },
            "vendor-audit": {
                trustedSources: [{ source: "vendor", externalId: true, principalOrgId: "o-a1b2c3d4e5" }],
                permissions: { managedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"] },
            },
        },
        externalIds: { "vendor-audit": "vendor-external-id-1" },
        "aws:region": "eu-west-1",
    };
}

function asPolicyResource(stack: string, r: RecordedResource): PolicyResource {
    return { ...policyResource(r.type, r.name, r.inputs), urn: `urn:pulumi:${stack}::cross-account-iam::${r.type}::${r.name}` };
}

/** Every violation of every rule in one rendered stack: each aws:* resource through each resource policy, then the stack policy. */
async function packViolations(stack: string, result: RenderResult): Promise<string[]> {
    const resources = result.resources.filter((r) => r.type.startsWith("aws:"));
    const out: string[] = [];
    for (const p of policies) {
        if ("validateStack" in p) {
            const messages: string[] = [];
            await p.validateStack(
                {
                    resources: resources.map((r) => asPolicyResource(stack, r)),
                    stackTags: new Map(),
                    getConfig: <T extends object>() => ({}) as T,
                    notApplicable: () => {
                        throw new Error("not applicable");
                    },
                },
                (m) => messages.push(m),
            );
            out.push(...messages.map((m) => `${stack} ${p.name}: ${m}`));
        } else {
            for (const r of resources) out.push(...(await check(p, r.type, r.name, r.inputs)).map((m) => `${stack} ${p.name}: ${m}`));
        }
    }
    return out;
}

describe("policy pack: the project's own rendered stacks pass every rule", () => {
    it("baseConfig: both stacks", async () => {
        const { a, b } = await renderBoth(baseConfig());
        assert.deepEqual([...(await packViolations("account-b", b)), ...(await packViolations("account-a", a))], []);
    });

    it("a richer config: role, user, group, account root with ExternalId and org, existing principal, principal-arn mode, 12 h sessions", async () => {
        const { a, b } = await renderBoth(richConfig());
        assert.ok(a.resources.filter((r) => r.type === ROLE_TYPE).length === 4 && b.resources.some((r) => r.type === GROUP_POLICY_TYPE));
        assert.deepEqual([...(await packViolations("account-b", b)), ...(await packViolations("account-a", a))], []);
    });

    it("a grant split across customer managed policies (one source trusted by 45 roles with long paths)", async () => {
        const path200 = `/${"p".repeat(198)}/`;
        const targetRoles: Record<string, unknown> = {};
        for (let i = 1; i <= 45; i++) targetRoles[`r-${i}`] = { path: path200, trustedSources: ["log-shipper"], permissions: { s3ListAllBuckets: true } };
        const { a, b } = await renderBoth({ ...baseConfig(), targetRoles });
        assert.equal(b.resources.filter((r) => r.type === MANAGED_POLICY_TYPE).length, 2);
        assert.deepEqual([...(await packViolations("account-b", b)), ...(await packViolations("account-a", a))], []);
    });

    it("the repository's own stack files and every example", async () => {
        for (const dir of [
            REPO,
            ...["developers-s3-read", "ec2-dynamodb-backup", "ec2-logs", "job-and-people", "user-list-buckets", "vendor-external-id"].map((e) =>
                path.join(REPO, "examples", e),
            ),
        ]) {
            const stacks = await renderStacks(dir, ["account-b", "account-a"]);
            for (const s of stacks) assert.deepEqual(await packViolations(s.stack, s.result), [], path.relative(REPO, dir) || ".");
        }
    });

    it("catches what config lets through only on request: unconditional account trust and wildcard actions", async () => {
        const c = richConfig() as Record<string, any>;
        c.targetRoles["vendor-audit"].trustedSources = [{ source: "vendor", unsafeAllowUnconditionalAccountTrust: true }];
        delete c.externalIds;
        c.targetRoles["dev-read"].permissions = {
            allowWildcardActions: true,
            allowWildcardResources: true,
            unsafeAllowPrivilegeEscalation: true,
            statements: [{ Sid: "Everything", Effect: "Allow", Action: "s3:*", Resource: "*" }],
        };
        const { a } = await renderBoth(c);
        assert.deepEqual(await packViolations("account-a", a), [
            `account-a iam-account-trust-requires-condition: Role "vendor-audit-role": trust policy statement "TrustVendor" trusts the whole account ${B_ROOT} with no condition that narrows it; require sts:ExternalId or aws:MultiFactorAuthPresent in its Condition, or pin aws:PrincipalArn to exact ARNs (aws:PrincipalOrgID narrows nothing here: every principal of the account is in its organization)`,
            `account-a iam-no-wildcard-actions-cross-account: Role "dev-read-role" (trusted by account ${ACCOUNT_B}): RolePolicy "dev-read-permissions" statement "Everything" allows "s3:*"; name the actions it needs`,
        ]);
    });
});

// ---------------------------------------------------------------------------------------------
// The pack as the engine runs it

/** Starts policy-pack/index.ts as the Pulumi CLI would (cwd = the pack) and returns the port it serves on. */
function servePack(): { port: Promise<number>; stop: () => void } {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], {
        cwd: path.join(REPO, "policy-pack"),
        env: { ...process.env, TS_NODE_PROJECT: path.join(REPO, "tsconfig.json") },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = new Promise<number>((resolve, reject) => {
        child.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
        child.once("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
    });
    return { port, stop: () => child.kill() };
}

function call<Req, Res>(fn: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => fn(req, (e, r) => (e ? reject(e) : resolve(r))));
}

describe("policy pack: served to the engine over gRPC", () => {
    it("lists every rule as mandatory and reports a wildcard trust with its message; an unknown document is not an error", async () => {
        const server = servePack();
        try {
            const client = new AnalyzerClient(`127.0.0.1:${await server.port}`, grpc.credentials.createInsecure());
            const info = await call<Empty, AnalyzerInfo>((req, cb) => client.getAnalyzerInfo(req, cb), new Empty());
            assert.equal(info.getName(), "cross-account-iam");
            assert.deepEqual(
                info.getPoliciesList().map((p) => `${p.getName()} ${p.getEnforcementlevel()}`),
                policies.map((p) => `${p.name} 1`), // 1 = MANDATORY
            );
            const analyze = async (assumeRolePolicy: string) => {
                const req = new AnalyzeRequest();
                req.setType(ROLE_TYPE);
                req.setName("open");
                req.setUrn(urn(ROLE_TYPE, "open"));
                req.setOptions(new AnalyzerResourceOptions());
                req.setProperties(Struct.fromJavaScript({ assumeRolePolicy }));
                const res = await call<AnalyzeRequest, AnalyzeResponse>((r, cb) => client.analyze(r, cb), req);
                return res.getDiagnosticsList().map((d) => `${d.getPolicyname()}: ${d.getMessage()}`);
            };
            // The engine prefixes each message with the rule's description.
            assert.deepEqual(await analyze(trustOf("*")), [
                `iam-trust-no-wildcard-principal: ${noWildcardTrustPrincipal.description}\n` +
                    'Role "open": trust policy statement "Trust" allows principal "*", which is every AWS account; name the principals that may assume this role',
            ]);
            // The engine's marker for a value unknown during preview.
            assert.deepEqual(await analyze("04da6b54-80e4-46f7-96ec-b56ff0331ba9"), []);
            client.close();
        } finally {
            server.stop();
        }
    });
});
