/**
 * lib/stacksets/template.ts: the CloudFormation template of a role deployed to whole OUs, as a whole document, built
 * from the same trust and permission builders as a role of account A. cfn-lint's verdict on it: tests/stacksets/cfn-lint.e2e.test.ts.
 */
import { strict as assert } from "assert";
import { parse as parseYaml } from "yaml";
import type { PolicyDocument } from "../../lib/model/policy";
import { permissionPolicy } from "../../lib/policies/permissions";
import { configuredSource } from "../../lib/policies/sources";
import { trustPolicy } from "../../lib/policies/trust";
import {
    TEMPLATE_BODY_MAX_BYTES,
    inEveryAccount,
    organizationRoleTemplate,
    resolvePseudoParameters,
    templateBody,
    templateYaml,
} from "../../lib/stacksets/template";
import { ACCOUNT_B } from "../support/harness";
import { OU_AUDITED, organizationConfig } from "../support/organization";
import { parse, templateOf } from "../support/stackset-template";

const SHIPPER = `arn:aws:iam::${ACCOUNT_B}:role/cross-account/log-shipper`;
const LOGS = "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/cloudtrail";

describe("organizationRoleTemplate (the StackSet template of a role in every account of an OU)", () => {
    it("holds one AWS::IAM::Role with its name, path, trust, permissions and session length, and outputs its ARN", () => {
        assert.deepEqual(templateOf(organizationConfig()), {
            AWSTemplateFormatVersion: "2010-09-09",
            Description: `cross-account-iam: role /audit/auditor in every account of OU ${OU_AUDITED} (and the OUs below) of organization o-a1b2c3d4e5`,
            Resources: {
                Role: {
                    Type: "AWS::IAM::Role",
                    Properties: {
                        RoleName: "auditor",
                        Path: "/audit/",
                        Description: "Assumed from account B by log-shipper",
                        AssumeRolePolicyDocument: {
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Sid: "TrustLogShipper",
                                    Effect: "Allow",
                                    Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
                                    Action: "sts:AssumeRole",
                                    Condition: { ArnEquals: { "aws:PrincipalArn": SHIPPER } },
                                },
                            ],
                        },
                        Policies: [
                            {
                                PolicyName: "permissions",
                                PolicyDocument: {
                                    Version: "2012-10-17",
                                    Statement: [
                                        {
                                            Sid: "ReadLogGroups",
                                            Effect: "Allow",
                                            Action: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
                                            Resource: [{ "Fn::Sub": LOGS }, { "Fn::Sub": `${LOGS}:*` }],
                                        },
                                        {
                                            Sid: "DescribeLogGroupsInRegion",
                                            Effect: "Allow",
                                            Action: "logs:DescribeLogGroups",
                                            Resource: "*",
                                            Condition: { StringEquals: { "aws:RequestedRegion": { Ref: "AWS::Region" } } },
                                        },
                                        {
                                            Sid: "ListReadBuckets",
                                            Effect: "Allow",
                                            Action: "s3:ListBucket",
                                            Resource: "arn:aws:s3:::audit-reports",
                                            Condition: { StringLike: { "s3:prefix": ["daily/", "daily/*"] } },
                                        },
                                        { Sid: "ReadObjects", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::audit-reports/daily/*" },
                                    ],
                                },
                            },
                        ],
                        MaxSessionDuration: 3600,
                    },
                },
            },
            Outputs: { RoleArn: { Description: "ARN of role /audit/auditor in this account", Value: { "Fn::GetAtt": ["Role", "Arn"] } } },
        });
    });

    it("is deployed as permissionPolicy would write it for each account and region: nothing of the document is rewritten but those two", () => {
        const cfg = parse(
            organizationConfig({
                permissions: {
                    logsRead: { logGroups: ["/aws/cloudtrail", "/app/cron"] },
                    dynamodbBackup: { tables: ["orders"] },
                    s3ListAllBuckets: true,
                    s3ReadWrite: { buckets: ["audit-reports"] },
                    statements: [{ Effect: "Allow", Action: "sqs:GetQueueAttributes", Resource: "arn:aws:sqs:eu-west-1:111111111111:jobs" }],
                },
            }),
        );
        const role = cfg.targetRoles.find((r) => r.name === "auditor")!;
        const template = organizationRoleTemplate(
            cfg,
            role,
            cfg.sources.map((s) => configuredSource(cfg, s)),
        );
        const inline = template.Resources.Role.Properties.Policies![0].PolicyDocument;
        for (const [accountId, region] of [
            ["333333333333", "eu-west-1"],
            ["444444444444", "us-east-1"],
        ]) {
            assert.deepEqual(
                resolvePseudoParameters<PolicyDocument>(inline, { accountId, region }),
                permissionPolicy({ ...cfg, account: { id: accountId }, region }, role),
            );
        }
    });

    it("trusts the sources exactly as trustPolicy writes it, in both trust modes (principal: the source ARN, with the unique-id revision)", () => {
        for (const trustMode of ["principal", "principal-arn"]) {
            const c = organizationConfig({ trustMode });
            const cfg = parse(c);
            const sources = cfg.sources.map((s) => ({ ...configuredSource(cfg, s), uniqueIds: ["AROAEXAMPLEEXAMPLE001"] }));
            const role = cfg.targetRoles.find((r) => r.name === "auditor")!;
            assert.deepEqual(
                templateOf(c, "auditor", ["AROAEXAMPLEEXAMPLE001"]).Resources.Role.Properties.AssumeRolePolicyDocument,
                trustPolicy(cfg, role, sources, undefined),
            );
        }
        const principal = templateOf(organizationConfig({ trustMode: "principal" }), "auditor", ["AROAEXAMPLEEXAMPLE001"]);
        assert.deepEqual(principal.Resources.Role.Properties.AssumeRolePolicyDocument.Statement[0].Principal, { AWS: SHIPPER });
    });

    it("sets managed policies, the boundary, the session length and the tags as configured", () => {
        const t = templateOf(
            organizationConfig({
                maxSessionDuration: 7200,
                permissionsBoundary: "arn:aws:iam::111111111111:policy/boundary",
                tags: { team: "security", purpose: "audit" },
                permissions: { managedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"] },
            }),
        );
        const p = t.Resources.Role.Properties;
        assert.equal(p.Policies, undefined, "no inline policy when the role has only managed policies");
        assert.deepEqual(p.ManagedPolicyArns, ["arn:aws:iam::aws:policy/SecurityAudit"]);
        assert.equal(p.PermissionsBoundary, "arn:aws:iam::111111111111:policy/boundary");
        assert.equal(p.MaxSessionDuration, 7200);
        assert.deepEqual(p.Tags, [
            { Key: "team", Value: "security" },
            { Key: "purpose", Value: "audit" },
        ]);
    });

    it("keeps IAM policy variables as written: escaped as ${!...} inside Fn::Sub, untouched in other strings", () => {
        const doc: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: "s3:GetObject", Resource: ["\u0000Region\u0000", "arn:aws:s3:::home/${aws:username}/*"] },
                {
                    Effect: "Allow",
                    Action: "logs:GetLogEvents",
                    Resource: "arn:aws:logs:\u0000Region\u0000:\u0000AccountId\u0000:log-group:/home/${aws:username}",
                },
            ],
        };
        assert.deepEqual(inEveryAccount(doc), {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: "s3:GetObject", Resource: [{ Ref: "AWS::Region" }, "arn:aws:s3:::home/${aws:username}/*"] },
                {
                    Effect: "Allow",
                    Action: "logs:GetLogEvents",
                    Resource: { "Fn::Sub": "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/home/${!aws:username}" },
                },
            ],
        });
        assert.deepEqual(
            resolvePseudoParameters<PolicyDocument>(inEveryAccount(doc), { accountId: "333333333333", region: "eu-west-1" }).Statement[1].Resource,
            "arn:aws:logs:eu-west-1:333333333333:log-group:/home/${aws:username}",
        );
    });

    it("refuses a role that requires an ExternalId or is not deployed to OUs (the reader never hands one over)", () => {
        const cfg = parse(organizationConfig());
        const sources = cfg.sources.map((s) => configuredSource(cfg, s));
        const role = cfg.targetRoles.find((r) => r.name === "auditor")!;
        const withExternalId = { ...role, trustedSources: role.trustedSources.map((t) => ({ ...t, conditions: { ...t.conditions, externalId: true } })) };
        assert.throws(() => organizationRoleTemplate(cfg, withExternalId, sources), /requires an ExternalId, which a StackSet template would publish/);
        assert.throws(() => organizationRoleTemplate(cfg, cfg.targetRoles[0], sources), /log-reader is not deployed to organizationalUnits/);
    });

    it("serializes as compact JSON for TemplateBody and as YAML that reads back to the same template", () => {
        const t = templateOf(organizationConfig());
        assert.deepEqual(JSON.parse(templateBody(t)), t);
        assert.ok(!/\s\s/.test(templateBody(t)), "no white space between tokens");
        const yaml = templateYaml(t);
        assert.match(yaml, /^AWSTemplateFormatVersion: "2010-09-09"$/m, "dates are quoted, so no YAML 1.1 parser reads a date");
        assert.match(yaml, /Version: "2012-10-17"/);
        assert.deepEqual(parseYaml(yaml), t);
    });

    it("stays far below CloudFormation's 51,200-byte TemplateBody limit at IAM's own limits (inline policy 10240, trust 4096, 50 tags)", () => {
        const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${String(i).padStart(127, "k")}`.slice(0, 128), "v".repeat(256)]));
        const groups = Array.from({ length: 25 }, (_, i) => `/app/${"g".repeat(100)}-${i}`);
        const t = templateOf(organizationConfig({ tags, description: "d".repeat(1000), permissions: { logsRead: { logGroups: groups } } }));
        const bytes = Buffer.byteLength(templateBody(t));
        assert.ok(bytes < TEMPLATE_BODY_MAX_BYTES, `${bytes} bytes`);
    });
});
