/**
 * Config regressions the fast-check properties (tests/config/properties.test.ts) found, kept as
 * plain examples: null entries, keys named like Object methods, Sid collisions, quoted keys.
 */
import { strict as assert } from "assert";
import { outcome } from "../support/bad-config";
import { ACCOUNT_A, ACCOUNT_B, flatten } from "../support/harness";

describe("config: regressions the properties found", () => {
    const base = (): Record<string, unknown> => ({
        targetAccountId: ACCOUNT_A,
        sourceAccountId: ACCOUNT_B,
        "aws:region": "eu-west-1",
        sources: { "log-shipper": { kind: "service-role" } },
        targetRoles: { "log-reader": { trustedSources: ["log-shipper"], permissions: { s3ListAllBuckets: true } } },
    });
    const problems = (c: Record<string, unknown>, stack = "account-a"): readonly string[] => {
        const o = outcome(flatten(c), stack);
        return "problems" in o ? o.problems : [];
    };

    it("a source or a role left empty in YAML (null) is reported, not silently dropped", () => {
        assert.deepEqual(problems({ ...base(), sources: { "log-shipper": { kind: "service-role" }, ops: null } }), [
            "sources.ops = null: expected an object such as { kind: service-role, service: ec2 }",
        ]);
        const roles = { "log-reader": { trustedSources: ["log-shipper"], permissions: { s3ListAllBuckets: true } }, "table-backup": null };
        assert.deepEqual(problems({ ...base(), targetRoles: roles }), [
            "targetRoles.table-backup = null: expected an object such as { trustedSources: [<source key>], permissions: {...} }",
        ]);
    });

    it("a role named like an Object method (toString) needs its own externalIds entry, and finds no ExternalId it was not given", () => {
        const c = base();
        c.targetRoles = { toString: { trustedSources: [{ source: "log-shipper", externalId: true }], permissions: { s3ListAllBuckets: true } } };
        assert.deepEqual(problems(c), [
            "externalIds.toString: not set, but a trusted source of role toString requires an ExternalId; set it with `pulumi config set --secret --path 'externalIds.toString' <value>`",
        ]);
        const plain = outcome(
            flatten({ ...base(), targetRoles: { toString: { trustedSources: ["log-shipper"], permissions: { s3ListAllBuckets: true } } } }),
            "account-a",
        );
        assert.ok("config" in plain);
        assert.equal(Object.getOwnPropertyDescriptor(plain.config.externalIds, "toString"), undefined);
        assert.equal(Object.getPrototypeOf(plain.config.externalIds), null);
    });

    it("a stack named toString is not mistaken for a side", () => {
        assert.ok(problems(base(), "toString")[0].startsWith('side: not set and stack "toString" is neither account-a nor account-b'));
    });

    it("source keys that make the same trust Sid (a-b, aB) with different conditions are rejected", () => {
        const c = base();
        c.sources = { "a-b": { kind: "account-root" }, aB: { kind: "account-root" } };
        c.targetRoles = {
            "log-reader": {
                trustedSources: [
                    { source: "a-b", mfa: true },
                    { source: "aB", mfa: { maxAgeSeconds: 900 } },
                ],
                permissions: { s3ListAllBuckets: true },
            },
        };
        assert.deepEqual(problems(c), [
            "targetRoles.log-reader.trustedSources: two trust statements would both have Sid TrustAB (source keys a-b, aB make the same Sid); every Sid in a policy must be unique, so rename one of those sources",
        ]);
    });

    it('a key holding a quote is JSON-escaped in the key path: externalIds["a\\"b"]', () => {
        assert.deepEqual(problems({ ...base(), externalIds: { 'a"b': "abc" } }), ['externalIds["a\\"b"]: names no role in targetRoles (roles: log-reader)']);
    });
});
