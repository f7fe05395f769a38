/**
 * Cross-stack consistency, pure: which sources account-a reads from account-b's outputs, and how
 * account-b's outputs are checked for them. No mocks: plain functions of the parsed config.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config/read";
import { CrossAccountConfig } from "../lib/model/config";
import { needsSourceStack, resolveSourcesFromStack, sourcesReadFromStack } from "../lib/cross-stack";
import { ACCOUNT_A, ACCOUNT_B, ConfigObject, PROJECT, SOURCE_STACK, baseConfig, flatten } from "./support/harness";

const SHIPPER = `arn:aws:iam::${ACCOUNT_B}:role/cross-account/log-shipper`;
const READER = `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`;

function parse(change: (c: Record<string, any>) => void = () => undefined): CrossAccountConfig {
    const c = baseConfig() as Record<string, any>;
    change(c);
    return parseConfig(flatten(c as ConfigObject), { project: PROJECT, stack: "account-a", organization: "organization" });
}

/** One source of each kind; `log-reader` (trust mode principal) and `audit` (principal-arn) share some. */
const mixed = parse((c) => {
    c.sources = {
        "log-shipper": { kind: "service-role", service: "ec2", path: "/cross-account/" },
        operator: { kind: "user" },
        auditor: { kind: "user" },
        developers: { kind: "group" },
        ci: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/ci`] },
        vendor: { kind: "account-root" },
    };
    c.targetRoles["log-reader"].trustedSources = [
        "log-shipper",
        "operator",
        { source: "developers", mfa: true },
        "ci",
        { source: "vendor", externalId: true, mfa: true },
    ];
    c.targetRoles.audit = { trustMode: "principal-arn", trustedSources: ["log-shipper", "auditor"], permissions: { s3ListAllBuckets: true } };
    c.externalIds = { "log-reader": "tenant-42" };
});

describe("sourcesReadFromStack", () => {
    it("reads from account-b only the service roles and users that a role in trust mode principal trusts", () => {
        assert.deepEqual(
            sourcesReadFromStack(mixed).map((s) => s.key),
            ["log-shipper", "operator"],
        );
        assert.equal(needsSourceStack(mixed), true);
    });

    it("reads nothing when only groups, existing principals, account-root or principal-arn roles trust", () => {
        const none = parse((c) => {
            c.sources = {
                "log-shipper": { kind: "service-role" },
                developers: { kind: "group" },
                ci: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/ci`] },
            };
            c.targetRoles["log-reader"].trustedSources = [{ source: "developers", mfa: true }, "ci"];
            c.targetRoles.audit = { trustMode: "principal-arn", trustedSources: ["log-shipper"], permissions: { s3ListAllBuckets: true } };
        });
        assert.deepEqual(sourcesReadFromStack(none), []);
        assert.equal(needsSourceStack(none), false);
    });
});

describe("resolveSourcesFromStack", () => {
    const exported = {
        "log-shipper": { kind: "service-role", arns: [SHIPPER], uniqueIds: ["AROAEXAMPLEEXAMPLE001"], assumableRoleArns: [READER] },
        operator: { kind: "user", arns: [`arn:aws:iam::${ACCOUNT_B}:user/operator`], uniqueIds: ["AIDAEXAMPLEEXAMPLE002"], assumableRoleArns: [READER] },
    };

    it("takes what it reads from account-b and the other sources from config, without checking account-b for them", () => {
        // account-b exports neither auditor, developers, ci nor vendor, and grants nothing on audit: none of that is read.
        const { problems, sources } = resolveSourcesFromStack(mixed, { sources: exported, sourceAccountId: ACCOUNT_B });
        assert.deepEqual(problems, []);
        assert.deepEqual(sources, [
            { key: "log-shipper", kind: "service-role", arns: [SHIPPER], uniqueIds: ["AROAEXAMPLEEXAMPLE001"] },
            { key: "operator", kind: "user", arns: [`arn:aws:iam::${ACCOUNT_B}:user/operator`], uniqueIds: ["AIDAEXAMPLEEXAMPLE002"] },
            { key: "auditor", kind: "user", arns: [`arn:aws:iam::${ACCOUNT_B}:user/auditor`], uniqueIds: [] },
            { key: "developers", kind: "group", arns: [], uniqueIds: [] },
            { key: "ci", kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/ci`], uniqueIds: [] },
            { key: "vendor", kind: "account-root", arns: [], uniqueIds: [] },
        ]);
    });

    it("requires one unique id per ARN of each source it reads, naming the output and saying to update account-b first", () => {
        // An account-b that exports log-shipper with a bad unique id, and no operator at all.
        const old = { "log-shipper": { ...exported["log-shipper"], uniqueIds: ["AROAEXAMPLEEXAMPLE001", 7] } };
        const { problems } = resolveSourcesFromStack(mixed, { sources: old, sourceAccountId: ACCOUNT_B });
        assert.deepEqual(problems, [
            `stack ${SOURCE_STACK}: output "sources.log-shipper.uniqueIds" is ["AROAEXAMPLEEXAMPLE001",7]; expected one IAM unique id per ARN of "sources.log-shipper.arns" (1). ` +
                "account-b's outputs predate unique ids, which the trust of log-reader (trust mode principal) needs so that a recreated principal changes it; " +
                "update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again",
            `stack ${SOURCE_STACK} exports no source "operator" (trusted in trust mode principal by log-reader); ` +
                "update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again",
        ]);
    });
});
