/**
 * cfn-lint (the CloudFormation linter, a Python program) accepts every StackSet template this program writes, in JSON
 * and YAML and in two regions, and rejects a control template. The templates themselves: tests/stacksets/template.test.ts.
 */
import { strict as assert } from "assert";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { CloudFormationTemplate } from "../../lib/model/cloudformation";
import { templateBody, templateYaml } from "../../lib/stacksets/template";
import { CFN_LINT_INSTALL, cfnLint, cfnLintSkipReason } from "../support/cfn-lint";
import { closedPortUrl } from "../support/moto";
import { organizationConfig } from "../support/organization";
import { templateOf } from "../support/stackset-template";

describe("cfn-lint accepts every template this program writes", function () {
    this.timeout(180000);
    let dir: string;
    let lint: ReturnType<typeof cfnLint>;
    const files: Record<string, string> = {};

    before(async function () {
        const reason = cfnLintSkipReason();
        if (reason !== undefined) {
            console.log(`    skipped: ${reason}`);
            this.skip();
        }
        dir = mkdtempSync(path.join(tmpdir(), "cfn-lint-"));
        const templates: Record<string, CloudFormationTemplate> = {
            "presets.json": templateOf(
                organizationConfig({
                    permissions: {
                        logsRead: { logGroups: ["/aws/cloudtrail"] },
                        dynamodbBackup: { tables: ["orders"] },
                        s3ListAllBuckets: true,
                        s3ReadWrite: { buckets: ["audit-reports"], prefix: "daily/" },
                        statements: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::home/${aws:username}" }],
                        // A policy variable in an Allow's Resource lets the caller pick the resource: config wants the opt-out.
                        allowWildcardResources: true,
                    },
                }),
            ),
            "managed.json": templateOf(
                organizationConfig({
                    trustMode: "principal",
                    maxSessionDuration: 43200,
                    permissionsBoundary: "arn:aws:iam::111111111111:policy/boundary",
                    tags: { team: "security" },
                    permissions: { managedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"] },
                }),
                "auditor",
                ["AROAEXAMPLEEXAMPLE001"],
            ),
            "whole-organization.json": templateOf(organizationConfig({ organizationalUnits: ["r-ab12"] })),
        };
        for (const [name, t] of Object.entries(templates)) {
            files[name] = path.join(dir, name);
            writeFileSync(files[name], templateBody(t));
            files[name.replace(".json", ".yaml")] = path.join(dir, name.replace(".json", ".yaml"));
            writeFileSync(files[name.replace(".json", ".yaml")], templateYaml(t));
        }
        // The control: a template cfn-lint must reject, so a lint that checks nothing cannot pass.
        const bad = templateOf(organizationConfig());
        bad.Resources.Role.Properties.Policies![0].PolicyDocument.Statement[0].Resource = { "Fn::Sub": "arn:aws:s3:::home/${aws:username}" };
        (bad.Resources.Role.Properties as unknown as Record<string, unknown>).MaxSessionDuration = 60;
        files["control.json"] = path.join(dir, "control.json");
        writeFileSync(files["control.json"], templateBody(bad));
        lint = cfnLint(Object.values(files), ["eu-west-1", "us-east-1"], await closedPortUrl());
    });

    after(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it(`finds nothing in the JSON and YAML templates, with every rule and in two regions (${CFN_LINT_INSTALL})`, () => {
        const found = lint.findings
            .filter((f) => !f.Filename.endsWith("control.json"))
            .map((f) => `${path.basename(f.Filename)} ${f.Rule.Id} ${f.Location.Path.join(".")}: ${f.Message}`);
        assert.deepEqual(found, [], lint.stderr);
    });

    it("rejects the control template: an IAM policy variable unescaped in Fn::Sub, a session shorter than IAM allows", () => {
        const found = lint.findings.filter((f) => f.Filename.endsWith("control.json")).map((f) => f.Rule.Id);
        assert.ok(found.includes("E1019"), `E1019 (Fn::Sub of an unknown variable) in ${found.join(", ")}`);
        assert.ok(
            found.some((id) => id.startsWith("E30")),
            `a property-value rule (E30xx) in ${found.join(", ")}`,
        );
        assert.notEqual(lint.status, 0);
    });
});
