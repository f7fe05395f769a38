/**
 * Pure policy builders: whole documents, deep-equal, for each source kind, each preset and each
 * trust option. No mocks: these are plain functions of the parsed config.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config/read";
import { CrossAccountConfig } from "../lib/model/config";
import { policySize } from "../lib/iam/documents";
import { PolicyDocument } from "../lib/model/policy";
import { ResolvedSource } from "../lib/model/outputs";
import { permissionPolicy } from "../lib/policies/permissions";
import { sourceGrantPolicy } from "../lib/policies/source-grant";
import { sourceServiceTrustPolicy } from "../lib/policies/source-trust";
import { configuredSource } from "../lib/policies/sources";
import { trustPolicy, uniqueIdRevision } from "../lib/policies/trust";
import { ACCOUNT_A, ACCOUNT_B, ConfigObject, PROJECT, baseConfig, flatten } from "./support/harness";

const B_ROOT = `arn:aws:iam::${ACCOUNT_B}:root`;
const SHIPPER = `arn:aws:iam::${ACCOUNT_B}:role/cross-account/log-shipper`;
const READER = `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`;
const ROLE_ID = "AROAEXAMPLEEXAMPLE001";

function parse(change: (c: Record<string, any>) => void = () => undefined): CrossAccountConfig {
    const c = baseConfig() as Record<string, any>;
    change(c);
    return parseConfig(flatten(c as ConfigObject), { project: PROJECT, stack: "account-a", organization: "o" });
}

/** Sources as account-b would report them: configured ARNs plus a unique id for created principals. */
function resolved(cfg: CrossAccountConfig): ResolvedSource[] {
    return cfg.sources.map((s) => {
        const r = configuredSource(cfg, s);
        return s.kind === "service-role" || s.kind === "user" ? { ...r, uniqueIds: [ROLE_ID] } : r;
    });
}

function trustOf(cfg: CrossAccountConfig, roleName = "log-reader"): PolicyDocument {
    const role = cfg.targetRoles.find((r) => r.name === roleName)!;
    return trustPolicy(cfg, role, resolved(cfg), cfg.externalIds[roleName]);
}

const REV = uniqueIdRevision([ROLE_ID]);

describe("sourceServiceTrustPolicy", () => {
    for (const [service, principal, sid] of [
        ["lambda", "lambda.amazonaws.com", "AllowLambdaToAssume"],
        ["ecs-tasks", "ecs-tasks.amazonaws.com", "AllowEcsTasksToAssume"],
    ] as const) {
        it(`lets only ${principal} assume B's ${service} source role, on behalf of account B alone (aws:SourceAccount, the confused-deputy guard)`, () => {
            assert.deepEqual(sourceServiceTrustPolicy(service, "222222222222"), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: sid,
                        Effect: "Allow",
                        Principal: { Service: principal },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
                    },
                ],
            });
        });
    }

    it("lets only ec2.amazonaws.com assume B's ec2 source role, with no aws:SourceAccount: EC2 does not pass it, the instance profile would stop working", () => {
        assert.deepEqual(sourceServiceTrustPolicy("ec2", "222222222222"), {
            Version: "2012-10-17",
            Statement: [{ Sid: "AllowEc2ToAssume", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
    });
});

describe("sourceGrantPolicy (account B's identity policy)", () => {
    it("allows only sts:AssumeRole on the exact ARN of the trusting role", () => {
        assert.deepEqual(sourceGrantPolicy(parse(), "log-shipper"), {
            Version: "2012-10-17",
            Statement: [{ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: READER }],
        });
    });

    it("lists exactly the roles that trust the source, and no other", () => {
        const cfg = parse((c) => {
            c.sources.other = { kind: "service-role", service: "lambda" };
            c.targetRoles["backup"] = { trustedSources: ["log-shipper"], permissions: { dynamodbBackup: { tables: ["orders"] } } };
            c.targetRoles["unrelated"] = { trustedSources: ["other"], permissions: { s3ListAllBuckets: true } };
        });
        assert.deepEqual(sourceGrantPolicy(cfg, "log-shipper"), {
            Version: "2012-10-17",
            Statement: [{ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [READER, `arn:aws:iam::${ACCOUNT_A}:role/backup`] }],
        });
        assert.deepEqual(sourceGrantPolicy(cfg, "other")?.Statement[0].Resource, `arn:aws:iam::${ACCOUNT_A}:role/unrelated`);
    });

    it("adds sts:SetSourceIdentity and sts:TagSession only on the roles whose trust uses them", () => {
        const cfg = parse((c) => {
            c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", sourceIdentity: true, sessionTags: { allowedKeys: ["team"] } }];
        });
        assert.deepEqual(sourceGrantPolicy(cfg, "log-shipper"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: READER },
                { Sid: "SetSourceIdentityOnTargetRoles", Effect: "Allow", Action: "sts:SetSourceIdentity", Resource: READER },
                { Sid: "TagSessionOnTargetRoles", Effect: "Allow", Action: "sts:TagSession", Resource: READER },
            ],
        });
    });

    it("is undefined for a source no role trusts (no empty policy)", () => {
        const cfg = parse((c) => (c.sources.idle = { kind: "user" }));
        assert.equal(sourceGrantPolicy(cfg, "idle"), undefined);
    });
});

describe("trustPolicy (account A's trust)", () => {
    it("names exactly the source role, with a Sid that changes when the role is recreated", () => {
        assert.deepEqual(trustOf(parse()), {
            Version: "2012-10-17",
            Statement: [{ Sid: `TrustLogShipper${REV}`, Effect: "Allow", Principal: { AWS: SHIPPER }, Action: "sts:AssumeRole" }],
        });
        assert.match(REV, /^Rev[0-9a-f]{10}$/);
        assert.notEqual(uniqueIdRevision(["AROAEXAMPLEEXAMPLE002"]), REV);
    });

    it("requires sts:ExternalId when externalId is set", () => {
        const cfg = parse((c) => {
            c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", externalId: true }];
            c.externalIds = { "log-reader": "c0ffee-42" };
        });
        assert.deepEqual(trustOf(cfg).Statement[0].Condition, { StringEquals: { "sts:ExternalId": "c0ffee-42" } });
    });

    it("requires MFA no older than maxAgeSeconds (default one hour) when mfa is set", () => {
        const withAge = parse((c) => {
            c.sources.alice = { kind: "user" };
            c.targetRoles["log-reader"].trustedSources = [{ source: "alice", mfa: { maxAgeSeconds: 900 } }];
        });
        assert.deepEqual(trustOf(withAge).Statement[0].Condition, {
            Bool: { "aws:MultiFactorAuthPresent": "true" },
            NumericLessThan: { "aws:MultiFactorAuthAge": "900" },
        });
        const byDefault = parse((c) => {
            c.sources.alice = { kind: "user" };
            c.targetRoles["log-reader"].trustedSources = [{ source: "alice", mfa: true }];
        });
        assert.deepEqual(trustOf(byDefault).Statement[0].Condition?.NumericLessThan, { "aws:MultiFactorAuthAge": "3600" });
    });

    it("keeps ExternalId when MFA is also required (terraform-aws-iam v5 dropped it)", () => {
        const cfg = parse((c) => {
            c.sources.alice = { kind: "user" };
            c.targetRoles["log-reader"].trustedSources = ["alice"];
            c.targetRoles["log-reader"].trustConditions = { externalId: true, mfa: true, principalOrgId: "o-a1b2c3d4e5" };
            c.externalIds = { "log-reader": "c0ffee-42" };
        });
        assert.deepEqual(trustOf(cfg).Statement[0].Condition, {
            StringEquals: { "sts:ExternalId": "c0ffee-42", "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
            Bool: { "aws:MultiFactorAuthPresent": "true" },
            NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
        });
    });

    it("requires a source identity, optionally from an allowed list, and allows sts:SetSourceIdentity", () => {
        const required = parse((c) => (c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", sourceIdentity: true }]));
        assert.deepEqual(trustOf(required).Statement[0], {
            Sid: `TrustLogShipper${REV}`,
            Effect: "Allow",
            Principal: { AWS: SHIPPER },
            Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
            Condition: { Null: { "sts:SourceIdentity": "false" } },
        });
        const allowed = parse((c) => (c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", sourceIdentity: { allowed: ["nightly-*"] } }]));
        assert.deepEqual(trustOf(allowed).Statement[0].Condition, { StringLike: { "sts:SourceIdentity": "nightly-*" } });
        const optional = parse(
            (c) => (c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", sourceIdentity: { required: false, allowed: ["alice", "bob"] } }]),
        );
        assert.deepEqual(trustOf(optional).Statement[0].Condition, { StringLikeIfExists: { "sts:SourceIdentity": ["alice", "bob"] } });
    });

    it("allows sts:TagSession, limited to allowed tag keys, when session tags are used", () => {
        const cfg = parse((c) => (c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", sessionTags: { allowedKeys: ["team", "ticket"] } }]));
        assert.deepEqual(trustOf(cfg).Statement[0], {
            Sid: `TrustLogShipper${REV}`,
            Effect: "Allow",
            Principal: { AWS: SHIPPER },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "ticket"] } },
        });
    });

    it("trust mode principal-arn trusts B's root only for the exact source ARN, and has no unique-id revision", () => {
        const cfg = parse((c) => (c.targetRoles["log-reader"].trustMode = "principal-arn"));
        assert.deepEqual(trustOf(cfg), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TrustLogShipper",
                    Effect: "Allow",
                    Principal: { AWS: B_ROOT },
                    Action: "sts:AssumeRole",
                    Condition: { ArnEquals: { "aws:PrincipalArn": SHIPPER } },
                },
            ],
        });
    });

    it("a group source trusts B's root, narrowed to IAM users of B and the group's conditions", () => {
        const cfg = parse((c) => {
            c.sources.developers = { kind: "group", path: "/people/" };
            c.targetRoles["log-reader"].trustedSources = [{ source: "developers", mfa: true }];
        });
        assert.deepEqual(trustOf(cfg).Statement, [
            {
                Sid: "TrustDevelopers",
                Effect: "Allow",
                Principal: { AWS: B_ROOT },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_B}:user/*` },
                    Bool: { "aws:MultiFactorAuthPresent": "true" },
                    NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
                },
            },
        ]);
    });

    it("an account-root source trusts B's root with its ExternalId", () => {
        const cfg = parse((c) => {
            c.sources.vendor = { kind: "account-root" };
            c.targetRoles["log-reader"].trustedSources = [{ source: "vendor", externalId: true }];
            c.externalIds = { "log-reader": "vendor-tenant-7" };
        });
        assert.deepEqual(trustOf(cfg).Statement, [
            {
                Sid: "TrustVendor",
                Effect: "Allow",
                Principal: { AWS: B_ROOT },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": "vendor-tenant-7" } },
            },
        ]);
    });

    it("an existing-principal source names the given ARNs", () => {
        const ci = `arn:aws:iam::${ACCOUNT_B}:role/ci/deployer`;
        const cfg = parse((c) => {
            c.sources.ci = { kind: "existing", arns: [ci] };
            c.targetRoles["log-reader"].trustedSources = ["ci"];
        });
        assert.deepEqual(trustOf(cfg).Statement, [{ Sid: "TrustCi", Effect: "Allow", Principal: { AWS: ci }, Action: "sts:AssumeRole" }]);
    });

    it("gives each source its own conditions: a nightly job without MFA, people with MFA", () => {
        const cfg = parse((c) => {
            c.sources.operators = { kind: "group" };
            c.targetRoles["log-reader"].trustedSources = ["log-shipper", { source: "operators", mfa: { maxAgeSeconds: 1800 } }];
        });
        assert.deepEqual(trustOf(cfg).Statement, [
            { Sid: `TrustLogShipper${REV}`, Effect: "Allow", Principal: { AWS: SHIPPER }, Action: "sts:AssumeRole" },
            {
                Sid: "TrustOperators",
                Effect: "Allow",
                Principal: { AWS: B_ROOT },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_B}:user/*` },
                    Bool: { "aws:MultiFactorAuthPresent": "true" },
                    NumericLessThan: { "aws:MultiFactorAuthAge": "1800" },
                },
            },
        ]);
    });

    it("merges sources with identical conditions into one statement (smaller trust policy)", () => {
        const cfg = parse((c) => {
            c.sources.uploader = { kind: "service-role", service: "lambda" };
            c.targetRoles["log-reader"].trustedSources = ["log-shipper", "uploader"];
        });
        assert.deepEqual(trustOf(cfg).Statement, [
            {
                Sid: `TrustLogShipperAndUploader${uniqueIdRevision([ROLE_ID, ROLE_ID])}`,
                Effect: "Allow",
                Principal: { AWS: [SHIPPER, `arn:aws:iam::${ACCOUNT_B}:role/uploader`] },
                Action: "sts:AssumeRole",
            },
        ]);
        const arnMode = parse((c) => {
            c.sources.uploader = { kind: "service-role", service: "lambda" };
            c.targetRoles["log-reader"].trustMode = "principal-arn";
            c.targetRoles["log-reader"].trustedSources = ["log-shipper", "uploader"];
        });
        assert.deepEqual(trustOf(arnMode).Statement[0].Condition, { ArnEquals: { "aws:PrincipalArn": [SHIPPER, `arn:aws:iam::${ACCOUNT_B}:role/uploader`] } });
    });

    it("stays within the default 2048-character quota for the seed scenarios", () => {
        assert.ok(policySize(trustOf(parse())) < 2048);
    });
});

describe("permissionPolicy (what account A's role may do)", () => {
    const perms = (p: Record<string, unknown>) =>
        permissionPolicy(
            parse((c) => (c.targetRoles["log-reader"].permissions = p)),
            parse((c) => (c.targetRoles["log-reader"].permissions = p)).targetRoles[0],
        );
    const LG = `arn:aws:logs:eu-west-1:${ACCOUNT_A}:log-group:/app/cron`;

    it("logsRead: reads one log group; DescribeLogGroups (no resource-level support) held to the region", () => {
        assert.deepEqual(perms({ logsRead: { logGroups: ["/app/cron"] } }), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadLogGroups",
                    Effect: "Allow",
                    Action: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
                    Resource: [LG, `${LG}:*`],
                },
                {
                    Sid: "DescribeLogGroupsInRegion",
                    Effect: "Allow",
                    Action: "logs:DescribeLogGroups",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
                },
            ],
        });
    });

    it("dynamodbBackup: create/describe/list backups and describe the table", () => {
        const table = `arn:aws:dynamodb:eu-west-1:${ACCOUNT_A}:table/orders`;
        assert.deepEqual(perms({ dynamodbBackup: { tables: ["orders"] } }), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "BackupTables",
                    Effect: "Allow",
                    Action: ["dynamodb:CreateBackup", "dynamodb:DescribeTable"],
                    Resource: table,
                },
                { Sid: "DescribeTableBackups", Effect: "Allow", Action: "dynamodb:DescribeBackup", Resource: `${table}/backup/*` },
                {
                    Sid: "ListBackupsInRegion",
                    Effect: "Allow",
                    Action: "dynamodb:ListBackups",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
                },
            ],
        });
    });

    it("s3ListAllBuckets: the one S3 action whose only resource is *", () => {
        assert.deepEqual(perms({ s3ListAllBuckets: true }), {
            Version: "2012-10-17",
            Statement: [{ Sid: "ListAllBuckets", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }],
        });
    });

    it("s3Read with a prefix: ListBucket only under the prefix, GetObject only below it", () => {
        assert.deepEqual(perms({ s3Read: { buckets: ["prod-reports"], prefix: "daily/" } }), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ListReadBuckets",
                    Effect: "Allow",
                    Action: "s3:ListBucket",
                    Resource: "arn:aws:s3:::prod-reports",
                    Condition: { StringLike: { "s3:prefix": ["daily/", "daily/*"] } },
                },
                { Sid: "ReadObjects", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-reports/daily/*" },
            ],
        });
    });

    it("s3ReadWrite: list, get, put, delete and abort uploads on the named buckets", () => {
        assert.deepEqual(perms({ s3ReadWrite: { buckets: ["a-bucket", "b-bucket"] } }), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "ListReadWriteBuckets", Effect: "Allow", Action: "s3:ListBucket", Resource: ["arn:aws:s3:::a-bucket", "arn:aws:s3:::b-bucket"] },
                {
                    Sid: "ReadWriteObjects",
                    Effect: "Allow",
                    Action: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
                    Resource: ["arn:aws:s3:::a-bucket/*", "arn:aws:s3:::b-bucket/*"],
                },
            ],
        });
    });

    it("custom statements are kept as written, with a Sid when missing", () => {
        const st = { Effect: "Allow", Action: ["kms:Decrypt"], Resource: `arn:aws:kms:eu-west-1:${ACCOUNT_A}:key/1234` };
        assert.deepEqual(perms({ statements: [st] })?.Statement, [{ ...st, Sid: "Custom0" }]);
    });

    it("is undefined when the role has only managed policies", () => {
        assert.equal(perms({ managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }), undefined);
    });
});
