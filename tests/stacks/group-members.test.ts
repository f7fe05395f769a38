/**
 * `sources.<group>.members` (seed 003's David): the users this program puts in a group, one
 * UserGroupMembership each (not exclusive: members B's admins add stay) (a user source of this program is
 * declared first and named through its resource); the access report checks each member, and the snippets' notes name them.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import { buildAccessReport } from "../../tools/access-report/report";
import { ConfigObject, PROJECT, baseConfig, flatten, render, renderBoth, resource } from "../support/harness";
import { Mutable, problemsOf } from "../support/bad-config";

/** Group `developers` (MFA) with members david (a user source here, path /people/) and erin (made by B's admins). */
function withMembers(): Mutable {
    const c: Mutable = baseConfig();
    c.sources = {
        ...c.sources,
        david: { kind: "user", path: "/people/" },
        developers: { kind: "group", members: ["david", "erin"] },
    };
    c.targetRoles["log-reader"].trustedSources = ["log-shipper", { source: "developers", mfa: true }];
    return c;
}

const parse = (c: ConfigObject) => parseConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "organization" });

describe("group members: users this program puts in a group", () => {
    it("declares one UserGroupMembership per member, on the group's name", async () => {
        const b = await render(withMembers(), { stack: "account-b" });
        assert.equal(b.error, undefined);
        assert.deepEqual(resource(b, "aws:iam/userGroupMembership:UserGroupMembership", "developers-member-david").inputs, {
            user: "david",
            groups: ["developers"],
        });
        assert.deepEqual(resource(b, "aws:iam/userGroupMembership:UserGroupMembership", "developers-member-erin").inputs, {
            user: "erin",
            groups: ["developers"],
        });
        assert.deepEqual(
            b.resources.filter((r) => r.type === "aws:iam/groupMembership:GroupMembership"),
            [],
            "never the exclusive GroupMembership, which would remove the members B's admins add",
        );
    });

    it("keeps account-b's sources output in config order although groups are declared last", async () => {
        const b = await render(withMembers(), { stack: "account-b" });
        assert.deepEqual(Object.keys(b.outputs.sources as object), ["log-shipper", "david", "developers"]);
    });

    it("the access report checks each member with the group's policies (and a user source's own)", async () => {
        const c = withMembers();
        const { a, b } = await renderBoth(c);
        const r = await buildAccessReport({ config: parse(c), sourceResources: b.resources, targetResources: a.resources, secretValues: [] });
        assert.equal(r.ok, true);
        const titles = r.roles[0].checks.filter((k) => k.kind === "trusted-source").map((k) => k.title);
        assert.ok(
            titles.some((t) => t.startsWith("user/david (member of group /developers)")),
            titles.join("\n"),
        );
        assert.ok(
            titles.some((t) => t.startsWith("user/erin (member of group /developers)")),
            titles.join("\n"),
        );
        const david = r.roles[0].checks.find((k) => k.kind === "trusted-source" && k.title.startsWith("user/david"))!;
        assert.match(david.why, /developers-assume-target-roles/);
    });

    it("the snippets' notes name the members this program adds", async () => {
        const { a } = await renderBoth(withMembers());
        const notes = JSON.stringify(a.outputs.clientConfig);
        assert.ok(
            notes.includes("For the members of group developers this program adds (david, erin), and any other user of account B that B's admins put in it."),
            notes,
        );
    });

    it("accepts a group without members, as before", () => {
        const c = withMembers();
        delete c.sources.developers.members;
        assert.deepEqual(problemsOf(c, "account-b"), []);
    });
});
