/**
 * The access report distrusts its input for the newer kinds too: a role deployed to whole OUs trusted by a
 * principal B manages outside this program cannot be proved refused outside its OUs (only B's real grant
 * refuses there: UNPROVEN); an oidc-role's probes are built to miss the configured audiences, issuer and
 * subjects, and a subject list that matches every sub leaves its refusal UNPROVEN rather than dropped.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import { AccessReport, buildAccessReport } from "../../tools/access-report/report";
import { ACCOUNT_B, ConfigObject, PROJECT, flatten, renderBoth } from "../support/harness";
import { githubConfig } from "../support/oidc";
import { organizationConfig } from "../support/organization";

async function report(config: ConfigObject): Promise<AccessReport> {
    const { a, b } = await renderBoth(config);
    const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
    return buildAccessReport({ config: cfg, sourceResources: b.resources, targetResources: a.resources, secretValues: [] });
}
const rowsOf = (r: AccessReport, pick: (c: AccessReport["roles"][number]["checks"][number]) => boolean) =>
    r.roles.flatMap((x) => x.checks.filter(pick).map((c) => `${c.result} ${c.expect} ${c.title}`));

describe("access report: UNPROVEN and probes for OU roles and oidc-role sources", () => {
    it("an OU role trusted by an existing role of B: inside the OUs proven through A's side, every refusal outside them UNPROVEN", async () => {
        const legacy = `arn:aws:iam::${ACCOUNT_B}:role/legacy-app`;
        const c = organizationConfig({ trustedSources: ["legacy"] });
        (c.sources as Record<string, unknown>).legacy = { kind: "existing", arns: [legacy] };
        const r = await report(c);
        const auditor = r.roles.find((x) => x.role === "auditor")!;
        const outside = auditor.checks.filter((x) => x.kind === "outside-organization-unit");
        assert.ok(outside.length >= 5, `${outside.length} rows`);
        for (const row of outside) {
            assert.equal(row.result, "UNPROVEN", row.title);
            assert.deepEqual(row.dependsOn, [`B's identity policy for ${legacy} (managed outside this program)`]);
        }
        const inside = auditor.checks.filter((x) => x.kind === "in-organization-unit");
        assert.deepEqual(
            inside.map((x) => `${x.result} ${x.title.replace(/ in \d+, .*$/, "")}`),
            inside.map(() => `PASS A's trust lets ${legacy} assume /audit/auditor`),
        );
        assert.equal(r.failed, 0);
    });

    it("an OU role trusted by a source this program grants: its refusals outside the OUs stay PASS", async () => {
        const r = await report(organizationConfig());
        const outside = r.roles.find((x) => x.role === "auditor")!.checks.filter((x) => x.kind === "outside-organization-unit");
        assert.ok(outside.length >= 5 && outside.every((x) => x.result === "PASS"));
    });

    it("an oidc-role whose audience is the report's own probe name: the probe moves away from it and is still refused", async () => {
        const c = githubConfig({ repository: "acme/web-app", branch: "main", audience: "report-other-audience" });
        const r = await report(c);
        assert.deepEqual(
            rowsOf(r, (x) => x.title.includes("another audience")),
            ["PASS deny a token for another audience (report-other-audience-2) is refused"],
        );
        assert.equal(r.failed, 0);
    });

    it("a generic oidc-role: the other sub misses every configured pattern; subjects that match every sub leave that row UNPROVEN", async () => {
        const generic = (subjects: string[], unsafe = false) => {
            const c = githubConfig() as any;
            c.sources["github-deploy"] = {
                kind: "oidc-role",
                path: "/ci/",
                ...(unsafe ? { unsafeAllowBroadSubjects: true } : {}),
                oidc: { issuer: "https://ci.example.com", audiences: ["sts.amazonaws.com"], subjects },
            };
            return c as ConfigObject;
        };
        const taken = await report(generic(["report-other-subject", "deploy:prod"]));
        assert.deepEqual(
            rowsOf(taken, (x) => x.title.includes("another sub")),
            ["PASS deny a token with another sub (report-other-subject-2) is refused"],
        );
        const everything = await report(generic(["*"], true));
        const row = everything.roles.flatMap((x) => x.checks).find((x) => x.title === "a token with another sub is refused")!;
        assert.deepEqual(
            [row.result, row.reason],
            ["UNPROVEN", "no sub is outside subjects (*): its patterns match every value, so the trust refuses no job of ci.example.com"],
        );
    });
});
