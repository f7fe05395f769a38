/**
 * The access report's web identity rows for an `oidc-role` source (tools/access-report/web-identity.ts):
 * sts:AssumeRoleWithWebIdentity simulated with the token's claims against B's rendered trust. The
 * configured job gets in, every other job is refused, and the rows fail when the rendered trust drifts.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import type { PolicyDocument } from "../../lib/model/policy";
import { AccessReport, buildAccessReport } from "../../tools/access-report/report";
import type { RecordedResource } from "../../tools/shared/mock-runtime";
import { ConfigObject, PROJECT, flatten, renderBoth } from "../support/harness";
import { GITHUB, PROVIDER, githubConfig } from "../support/oidc";

async function report(config: ConfigObject, mutateB?: (r: RecordedResource[]) => RecordedResource[]): Promise<AccessReport> {
    const { a, b } = await renderBoth(config);
    const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
    return buildAccessReport({ config: cfg, sourceResources: mutateB ? mutateB(b.resources) : b.resources, targetResources: a.resources, secretValues: [] });
}
const webRows = (r: AccessReport) =>
    r.roles.flatMap((x) => x.checks.filter((c) => c.action === "sts:AssumeRoleWithWebIdentity").map((c) => `${c.result} ${c.expect} ${c.title}`));

/** Edits B's rendered web identity trust, as a hand edit in the console would. */
const editTrust = (edit: (doc: PolicyDocument) => void) => (resources: RecordedResource[]) =>
    resources.map((r) => {
        if (r.type !== "aws:iam/role:Role") return r;
        const doc = JSON.parse(r.inputs.assumeRolePolicy as string) as PolicyDocument;
        edit(doc);
        return { ...r, inputs: { ...r.inputs, assumeRolePolicy: JSON.stringify(doc) } };
    });

describe("oidc-role: access report rows (sts:AssumeRoleWithWebIdentity simulated with the token's claims)", () => {
    it("GitHub: the job of acme/web-app's main branch gets in; another branch, tag, repository, a fork, a pull request, no sub, another audience or issuer are refused", async () => {
        const r = await report(githubConfig());
        assert.equal(r.ok, true);
        assert.deepEqual(webRows(r), [
            "PASS allow a GitHub Actions job of acme/web-app (sub repo:acme/web-app:ref:refs/heads/main) becomes role /ci/github-deploy of B",
            "PASS deny a job of another branch (sub repo:acme/web-app:ref:refs/heads/report-other-branch) is refused",
            "PASS deny a job of another tag (sub repo:acme/web-app:ref:refs/tags/report-other-tag) is refused",
            "PASS deny a job of another repository of acme (repo:acme/web-app-other) is refused",
            "PASS deny a job of a fork (repo:report-fork/web-app) is refused",
            "PASS deny a pull request job (sub repo:acme/web-app:pull_request, as a fork's pull request presents it) is refused",
            "PASS deny a token without sub is refused",
            "PASS deny a token for another audience (report-other-audience) is refused",
            "PASS deny the same claims from another issuer (report-other-issuer.example.com) are refused",
        ]);
        // The rows show the token's real claim keys; the simulator's stand-ins stay inside runCheck.
        const allowed = r.roles[0].checks[0];
        assert.deepEqual(allowed.context, { [`${GITHUB}:aud`]: "sts.amazonaws.com", [`${GITHUB}:sub`]: "repo:acme/web-app:ref:refs/heads/main" });
        assert.equal(allowed.principal, PROVIDER);
    });

    it("a branch pattern drops the refusals it covers; a job_workflow_ref adds its own", async () => {
        const r = await report(
            githubConfig({ repository: "acme/web-app", branch: "*", jobWorkflowRef: "acme/workflows/.github/workflows/deploy.yml@refs/heads/main" }),
        );
        assert.equal(r.ok, true);
        assert.deepEqual(webRows(r), [
            "PASS allow a GitHub Actions job of acme/web-app (sub repo:acme/web-app:ref:refs/heads/x) becomes role /ci/github-deploy of B",
            "PASS deny a job of another tag (sub repo:acme/web-app:ref:refs/tags/report-other-tag) is refused",
            "PASS deny a job of another repository of acme (repo:acme/web-app-other) is refused",
            "PASS deny a job of a fork (repo:report-fork/web-app) is refused",
            "PASS deny a pull request job (sub repo:acme/web-app:pull_request, as a fork's pull request presents it) is refused",
            "PASS deny a job run by another workflow (job_workflow_ref) is refused",
            "PASS deny a token without sub is refused",
            "PASS deny a token for another audience (report-other-audience) is refused",
            "PASS deny the same claims from another issuer (report-other-issuer.example.com) are refused",
        ]);
    });

    it("fails when B's rendered trust drops its sub condition, or widens it to the organization", async () => {
        const noSub = await report(
            githubConfig(),
            editTrust((d) => delete (d.Statement[0].Condition!.StringEquals as Record<string, unknown>)[`${GITHUB}:sub`]),
        );
        assert.deepEqual(
            webRows(noSub).filter((x) => x.startsWith("FAIL")),
            [
                "FAIL deny a job of another branch (sub repo:acme/web-app:ref:refs/heads/report-other-branch) is refused",
                "FAIL deny a job of another tag (sub repo:acme/web-app:ref:refs/tags/report-other-tag) is refused",
                "FAIL deny a job of another repository of acme (repo:acme/web-app-other) is refused",
                "FAIL deny a job of a fork (repo:report-fork/web-app) is refused",
                "FAIL deny a pull request job (sub repo:acme/web-app:pull_request, as a fork's pull request presents it) is refused",
                "FAIL deny a token without sub is refused",
            ],
        );
        const org = await report(
            githubConfig(),
            editTrust((d) => {
                const c = d.Statement[0].Condition!;
                delete (c.StringEquals as Record<string, unknown>)[`${GITHUB}:sub`];
                c.StringLike = { [`${GITHUB}:sub`]: "repo:acme/*" };
            }),
        );
        assert.deepEqual(
            webRows(org).filter((x) => x.startsWith("FAIL")),
            [
                "FAIL deny a job of another branch (sub repo:acme/web-app:ref:refs/heads/report-other-branch) is refused",
                "FAIL deny a job of another tag (sub repo:acme/web-app:ref:refs/tags/report-other-tag) is refused",
                "FAIL deny a job of another repository of acme (repo:acme/web-app-other) is refused",
                "FAIL deny a pull request job (sub repo:acme/web-app:pull_request, as a fork's pull request presents it) is refused",
            ],
        );
    });

    it("GitLab and generic issuers: the configured job gets in, another ref, project or subject is refused", async () => {
        const gitlab = await report({
            ...githubConfig(),
            sources: { "github-deploy": { kind: "oidc-role", path: "/ci/", gitlab: { projectPath: "acme/web-app", refType: "branch", ref: "main" } } },
        });
        assert.equal(gitlab.ok, true);
        assert.deepEqual(webRows(gitlab), [
            "PASS allow a GitLab CI job of acme/web-app (sub project_path:acme/web-app:ref_type:branch:ref:main) becomes role /ci/github-deploy of B",
            "PASS deny a job of another branch of acme/web-app is refused",
            "PASS deny a job of another tag of acme/web-app is refused",
            "PASS deny a job of another project (acme/web-app-other) is refused",
            "PASS deny a token without sub is refused",
            "PASS deny a token for another audience (report-other-audience) is refused",
            "PASS deny the same claims from another issuer (report-other-issuer.example.com) are refused",
        ]);
        const generic = await report({
            ...githubConfig(),
            sources: {
                "github-deploy": {
                    kind: "oidc-role",
                    path: "/ci/",
                    oidc: { issuer: "https://api.pulumi.com/oidc", audiences: ["aws:acme"], subjects: ["pulumi:deploy:org:acme:project:app:stack:prod:*"] },
                },
            },
        });
        assert.equal(generic.ok, true);
        assert.deepEqual(webRows(generic), [
            "PASS allow a token of api.pulumi.com/oidc with sub pulumi:deploy:org:acme:project:app:stack:prod:x becomes role /ci/github-deploy of B",
            "PASS deny a token with another sub (report-other-subject) is refused",
            "PASS deny a token without sub is refused",
            "PASS deny a token for another audience (report-other-audience) is refused",
            "PASS deny the same claims from another issuer (report-other-issuer.example.com) are refused",
        ]);
    });
});
