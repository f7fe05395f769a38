/**
 * Profile names of the client snippets (lib/outputs/profile-names.ts): pure, deterministic, and never
 * the name of a profile the snippets sign in with.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import { PROFILE_NAME_PATTERN, pickProfileNames, profileNameRequests } from "../lib/outputs/profile-names";

const names = (picked: ReturnType<typeof pickProfileNames>["picked"]) => Object.fromEntries([...picked].map(([role, p]) => [role, p.name]));

describe("client profile names (pure)", () => {
    it("a role is its own profile name when no source profile, default, or other role claims it", () => {
        const out = pickProfileNames([
            { role: "log-reader", sourceProfiles: ["alice"] },
            { role: "table-backup", sourceProfiles: [] },
        ]);
        assert.deepEqual(out.conflicts, []);
        assert.deepEqual(
            [...out.picked],
            [
                ["log-reader", { name: "log-reader" }],
                ["table-backup", { name: "table-backup" }],
            ],
        );
    });

    it("a role named like the source_profile it points at gets <role>-role, and says why", () => {
        const out = pickProfileNames([{ role: "accounta", sourceProfiles: ["accounta"] }]);
        assert.deepEqual(out.picked.get("accounta"), {
            name: "accounta-role",
            renamedBecause: '"accounta" is the source_profile of source accounta (your own credentials in account B)',
        });
    });

    it("a role named like another role's source profile is renamed too: pasting it would replace that role's credentials profile", () => {
        const out = pickProfileNames([
            { role: "ops", sourceProfiles: [] },
            { role: "log-reader", sourceProfiles: ["ops"] },
        ]);
        assert.deepEqual(names(out.picked), { ops: "ops-role", "log-reader": "log-reader" });
    });

    it("a role named default, or starting with -, is renamed: the CLI's default profile, an option to argparse", () => {
        const out = pickProfileNames([
            { role: "default", sourceProfiles: [] },
            { role: "-x", sourceProfiles: [] },
        ]);
        assert.deepEqual(
            [...out.picked],
            [
                ["default", { name: "default-role", renamedBecause: '"default" is your default profile' }],
                ["-x", { name: "role-x", renamedBecause: 'a profile name starting with "-" would be read as an option by the AWS CLI' }],
            ],
        );
    });

    it("a derived name skips every name already taken, in role order: -role, then -role-2, -role-3", () => {
        const out = pickProfileNames([
            { role: "ops", sourceProfiles: ["ops", "ops-role"] },
            { role: "x", configured: "ops-role-2", sourceProfiles: [] },
        ]);
        assert.deepEqual(names(out.picked), { ops: "ops-role-3", x: "ops-role-2" });
    });

    it("a role whose own name is safe keeps it even when a renamed role's derived name would be that name", () => {
        const out = pickProfileNames([
            { role: "ops", sourceProfiles: ["ops"] },
            { role: "ops-role", sourceProfiles: [] },
        ]);
        assert.deepEqual(names(out.picked), { ops: "ops-role-2", "ops-role": "ops-role" });
    });

    it("a configured name is used as it is, and the role it would have shadowed is renamed instead", () => {
        const out = pickProfileNames([
            { role: "reader", sourceProfiles: [] },
            { role: "writer", configured: "reader", sourceProfiles: [] },
        ]);
        assert.deepEqual(
            [...out.picked],
            [
                ["writer", { name: "reader" }],
                ["reader", { name: "reader-role", renamedBecause: '"reader" is the profile name configured for role writer' }],
            ],
        );
    });

    it("a configured name that is a source profile, default, or another role's configured name is a conflict, never changed", () => {
        const out = pickProfileNames([
            { role: "a", configured: "alice", sourceProfiles: ["alice"] },
            { role: "b", configured: "default", sourceProfiles: [] },
            { role: "c", configured: "shared", sourceProfiles: [] },
            { role: "d", configured: "shared", sourceProfiles: [] },
        ]);
        assert.deepEqual(out.conflicts, [
            {
                role: "a",
                value: "alice",
                expected:
                    "a profile name other than alice, the source_profile of source alice (pasting the profile would replace your own credentials profile)",
            },
            { role: "b", value: "default", expected: "a profile name other than default (pasting the profile would replace your default profile)" },
            { role: "d", value: "shared", expected: "a profile name no other role uses (role c has shared)" },
        ]);
        assert.deepEqual(names(out.picked), { c: "shared" });
    });

    it("source profiles come from trusted sources that sign in with a profile: every kind but service-role", () => {
        const requests = profileNameRequests(
            [
                { name: "r1", trustedSources: [{ source: "job" }, { source: "alice" }] },
                { name: "r2", profileName: "p2", trustedSources: [{ source: "ops" }] },
            ],
            [
                { key: "job", kind: "service-role" },
                { key: "alice", kind: "user" },
                { key: "ops", kind: "group" },
                { key: "unused", kind: "account-root" },
            ],
        );
        assert.deepEqual(requests, [
            { role: "r1", configured: undefined, sourceProfiles: ["alice"] },
            { role: "r2", configured: "p2", sourceProfiles: ["ops"] },
        ]);
    });

    it("for any roles and sources: names are unique, never a source profile or default, and the same on a second run", () => {
        const token = fc.constantFrom("a", "b", "ops", "ops-role", "default", "-x", "role-x", "a-role", "a-role-2");
        fc.assert(
            fc.property(
                fc.uniqueArray(
                    fc.record({ role: token, configured: fc.option(token, { nil: undefined }), sourceProfiles: fc.array(token, { maxLength: 3 }) }),
                    {
                        selector: (r) => r.role,
                        maxLength: 6,
                    },
                ),
                (roles) => {
                    const first = pickProfileNames(roles);
                    assert.deepEqual(pickProfileNames(roles), first);
                    const reserved = new Set(["default", ...roles.flatMap((r) => r.sourceProfiles)]);
                    const picked = [...first.picked.values()].map((p) => p.name);
                    assert.equal(new Set(picked).size, picked.length);
                    for (const n of picked) assert.ok(!reserved.has(n) && !n.startsWith("-"), n);
                    // Every role gets a name, or its configured name is reported.
                    for (const r of roles) assert.ok(first.picked.has(r.role) !== first.conflicts.some((c) => c.role === r.role), r.role);
                },
            ),
        );
    });

    it("the config rule accepts CLI-safe names of 1 to 64 characters and refuses a leading -, spaces, brackets", () => {
        for (const ok of ["a", "log-reader", "team.reader", "a+b=c,d@e_f", "x".repeat(64)]) assert.ok(PROFILE_NAME_PATTERN.test(ok), ok);
        for (const bad of ["", "-a", "a b", "[a]", "a#b", "a;b", "x".repeat(65), "a/b"]) assert.ok(!PROFILE_NAME_PATTERN.test(bad), bad);
    });
});
