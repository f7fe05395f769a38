/**
 * Access report rows for principalTags, principalOrgPaths and roleSessionName, simulated by @cloud-copilot/iam-simulate
 * over the rendered trust: the source with the right tag, OU path and session name gets in; the same source without
 * the tag, with another value (or another case of it), from no organization, another OU, an OU whose id only starts
 * alike, the parent OU, or with another session name is refused. Each row is PASS only because it was simulated.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import { AccessReport, buildAccessReport } from "../../tools/access-report/report";
import { ConfigObject, PROJECT, baseConfig, flatten, renderBoth } from "../support/harness";

async function report(config: ConfigObject): Promise<AccessReport> {
    const { a, b } = await renderBoth(config);
    const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
    return buildAccessReport({ config: cfg, sourceResources: b.resources, targetResources: a.resources, secretValues: [] });
}
const rows = (r: AccessReport) => r.roles.flatMap((x) => x.checks.map((c) => `${c.result} ${c.expect} ${c.title}`));
const OU = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/";

describe("access report: principalTags, principalOrgPaths and roleSessionName, simulated", () => {
    it("a tagged service role in the OU with the session name gets in; without the tag, another value, another OU or another name it is refused", async () => {
        const c: Record<string, any> = baseConfig();
        c.sources["log-shipper"].tags = { team: "data" };
        c.targetRoles["log-reader"].trustConditions = { principalTags: { team: "data" }, principalOrgPaths: [OU], roleSessionName: "nightly-*" };
        const r = await report(c);
        const role = "role /cross-account/log-shipper";
        const trust = rows(r).filter((x) => x.includes(role) && !x.includes("cannot assume"));
        assert.deepEqual(trust, [
            `PASS allow ${role} assumes log-reader with tag team=data, its account in ${OU}, session name matching nightly-*`,
            `PASS deny ${role} without tag team is refused`,
            `PASS deny ${role} with tag team=other-value (a value not listed) is refused`,
            `PASS deny ${role} with tag team=DATA (another case of data) is refused`,
            `PASS deny ${role} from an account in no organization (no aws:PrincipalOrgPaths) is refused`,
            `PASS deny ${role} from an account of another OU (o-a1b2c3d4e5/r-ab12/ou-ab12-00000000/) is refused`,
            `PASS deny ${role} from an OU whose id only starts like ou-ab12-22222222 (o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-222222220/) is refused`,
            `PASS deny ${role} from the parent OU of ou-ab12-22222222 (o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/) is refused`,
            `PASS deny ${role} with another session name (other-session) is refused`,
        ]);
        const allow = r.roles[0].checks.find((x) => x.expect === "allow")!;
        assert.deepEqual(allow.context, {
            "aws:PrincipalTag/team": "data",
            "aws:PrincipalOrgPaths": [OU],
            "sts:RoleSessionName": "nightly-x",
        });
        assert.deepEqual(allow.ignoredContextKeys, []);
        assert.equal(r.failed, 0);
        assert.equal(r.unproven, 0);
    });

    it("${aws:username}: each IAM user of a group gets in under its own name, and naming the session after someone else is refused", async () => {
        const c: Record<string, any> = baseConfig();
        c.sources = { developers: { kind: "group", members: ["alice", "bob"] } };
        c.targetRoles["log-reader"].trustedSources = [{ source: "developers", mfa: true, roleSessionName: "${aws:username}" }];
        const r = await report(c);
        const trust = rows(r).filter((x) => /session|user name/.test(x));
        assert.deepEqual(trust, [
            "PASS allow user/alice (member of group /developers) assumes log-reader with MFA (1800 s old), session name its user name",
            "PASS deny user/alice (member of group /developers) naming its session after someone else (other-session) is refused",
            "PASS allow user/bob (member of group /developers) assumes log-reader with MFA (1800 s old), session name its user name",
            "PASS deny user/bob (member of group /developers) naming its session after someone else (other-session) is refused",
        ]);
        const bob = r.roles[0].checks.find((x) => x.expect === "allow" && x.principal.endsWith(":user/bob"))!;
        assert.equal(bob.context["aws:username"], "bob");
        assert.equal(bob.context["sts:RoleSessionName"], "bob");
        assert.equal(r.failed, 0);
    });

    it("the rows fail when the trust drops a condition: a rendered trust without aws:PrincipalTag lets the untagged caller in", async () => {
        const c: Record<string, any> = baseConfig();
        c.sources["log-shipper"].tags = { team: "data" };
        c.targetRoles["log-reader"].trustConditions = { principalTags: { team: "data" } };
        const { a, b } = await renderBoth(c);
        const cfg = parseConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "organization" });
        // Drift: the deployed trust lost its Condition.
        const role = a.resources.find((x) => x.type === "aws:iam/role:Role")!;
        const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
        for (const st of trust.Statement) delete st.Condition;
        const drifted = a.resources.map((x) => (x === role ? { ...x, inputs: { ...x.inputs, assumeRolePolicy: JSON.stringify(trust) } } : x));
        const r = await buildAccessReport({ config: cfg, sourceResources: b.resources, targetResources: drifted, secretValues: [] });
        const failed = r.roles.flatMap((x) => x.checks.filter((k) => k.result === "FAIL").map((k) => k.title));
        assert.deepEqual(failed, [
            "role /cross-account/log-shipper without tag team is refused",
            "role /cross-account/log-shipper with tag team=other-value (a value not listed) is refused",
            "role /cross-account/log-shipper with tag team=DATA (another case of data) is refused",
        ]);
    });
});
