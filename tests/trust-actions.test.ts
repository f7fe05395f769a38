/**
 * Trust statements by action (lib/policies/trust.ts): sts:SetSourceIdentity and sts:TagSession stand
 * with sts:AssumeRole only when STS evaluates every condition key for them; otherwise each gets its own
 * statement with the keys that apply, and AssumeRole's statement keeps every condition.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config/read";
import { trustPolicy } from "../lib/policies/trust";
import { configuredSource } from "../lib/policies/sources";
import { buildAccessReport } from "../tools/access-report/report";
import { PROJECT, baseConfig, flatten, renderBoth } from "./support/harness";

function vendorConfig(): Record<string, any> {
    const c: Record<string, any> = baseConfig();
    c.sources = { vendor: { kind: "account-root" } };
    c.targetRoles["log-reader"].trustedSources = [
        { source: "vendor", externalId: true, sourceIdentity: { allowed: ["vendor-*"] }, sessionTags: { allowedKeys: ["team"] } },
    ];
    c.externalIds = { "log-reader": "tenant-1234" };
    return c;
}

describe("trust statements by action", () => {
    it("ExternalId, source identity and session tags: AssumeRole holds every condition, the others only theirs", () => {
        const cfg = parseConfig(flatten(vendorConfig()), { project: PROJECT, stack: "account-a", organization: "o" });
        const role = cfg.targetRoles[0];
        const doc = trustPolicy(
            cfg,
            role,
            cfg.sources.map((s) => configuredSource(cfg, s)),
            "tenant-1234",
        );
        const root = { AWS: "arn:aws:iam::222222222222:root" };
        assert.deepEqual(doc, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TrustVendor",
                    Effect: "Allow",
                    Principal: root,
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "sts:ExternalId": "tenant-1234" },
                        StringLike: { "sts:SourceIdentity": "vendor-*" },
                        "ForAllValues:StringEquals": { "aws:TagKeys": "team" },
                    },
                },
                {
                    Sid: "TrustVendorSourceIdentity",
                    Effect: "Allow",
                    Principal: root,
                    Action: "sts:SetSourceIdentity",
                    Condition: { StringLike: { "sts:SourceIdentity": "vendor-*" } },
                },
                {
                    Sid: "TrustVendorSessionTags",
                    Effect: "Allow",
                    Principal: root,
                    Action: "sts:TagSession",
                    Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "team" } },
                },
            ],
        });
    });

    it("MFA and a principal ARN apply to every action: they stay on every statement", () => {
        const c: Record<string, any> = baseConfig();
        c.sources.ops = { kind: "user" };
        c.targetRoles["log-reader"].trustMode = "principal-arn";
        c.targetRoles["log-reader"].trustedSources = ["log-shipper", { source: "ops", mfa: true, sourceIdentity: true, sessionTags: true }];
        const cfg = parseConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "o" });
        const doc = trustPolicy(
            cfg,
            cfg.targetRoles[0],
            cfg.sources.map((s) => configuredSource(cfg, s)),
            undefined,
        );
        // Null sts:SourceIdentity is not a key of sts:TagSession: that one stands apart, with MFA and the ARN.
        assert.deepEqual(
            doc.Statement.map((s) => [s.Sid, s.Action, Object.keys(s.Condition ?? {})]),
            [
                ["TrustLogShipper", "sts:AssumeRole", ["ArnEquals"]],
                ["TrustOps", ["sts:AssumeRole", "sts:SetSourceIdentity"], ["ArnEquals", "Bool", "NumericLessThan", "Null"]],
                ["TrustOpsSessionTags", "sts:TagSession", ["ArnEquals", "Bool", "NumericLessThan"]],
            ],
        );
    });

    it("the access report proves every row of such a trust (iam-simulate ignores keys an action does not have)", async () => {
        const c = vendorConfig();
        const { a, b } = await renderBoth(c);
        const config = parseConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "o" });
        const report = await buildAccessReport({ config, sourceResources: b.resources, targetResources: a.resources, secretValues: ["tenant-1234"] });
        const failed = report.roles.flatMap((r) => r.checks.filter((x) => x.result === "FAIL").map((x) => `${x.title}: ${x.why}`));
        assert.deepEqual(failed, []);
    });
});
