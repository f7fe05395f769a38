/**
 * The access map of a role that an identity provider's users assume (examples/github-actions-deploy):
 * the OIDC provider is a node of its own, its edge into B's role is labelled with the claims the trust
 * requires and carries the report's web identity rows; B's role sits between it and A's role.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { changeLines, diffGraphs } from "../tools/access-diff/changes";
import { readConditions } from "../tools/access-map/conditions";
import { accessGraph } from "../tools/access-map/graph";
import { toMermaid } from "../tools/access-map/mermaid";
import type { AccessGraph, AssumeEdge, StackDocuments } from "../tools/access-map/model";
import { EXAMPLES, Rendered, exampleVariant, renderDir } from "./access-map-fixtures";

const A = "111111111111";
const B = "222222222222";
const PROVIDER = `arn:aws:iam::${B}:oidc-provider/token.actions.githubusercontent.com`;
const CI_ROLE = `arn:aws:iam::${B}:role/ci/github-deploy`;
const DEPLOYER = `arn:aws:iam::${A}:role/cross-account/web-app-deployer`;

function assumeEdges(g: AccessGraph): AssumeEdge[] {
    return g.edges.filter((e): e is AssumeEdge => e.kind === "assume");
}

/** The stacks with B's role's trust policy replaced: what a hand-edited or older render would hold. */
function withCiTrust(stacks: readonly StackDocuments[], condition: Record<string, Record<string, string>> | undefined): StackDocuments[] {
    return stacks.map((s) => ({
        ...s,
        resources: s.resources.map((r) => {
            if (r.type !== "aws:iam/role:Role" || r.inputs.name !== "github-deploy") return r;
            const trust = structuredClone(r.inputs.assumeRolePolicy) as { Statement: Array<Record<string, unknown>> };
            if (condition === undefined) delete trust.Statement[0].Condition;
            else trust.Statement[0].Condition = condition;
            return { ...r, inputs: { ...r.inputs, assumeRolePolicy: trust } };
        }),
    }));
}

describe("access map: an identity provider's users (examples/github-actions-deploy)", () => {
    let rendered: Rendered;
    let g: AccessGraph;
    before(async () => {
        rendered = await renderDir(path.join(EXAMPLES, "github-actions-deploy"));
        g = accessGraph(rendered);
    });

    it("draws the OIDC provider as a principal, B's role as a role it may become, and A's role after it", () => {
        assert.deepEqual(
            g.nodes.map((n) => [n.tier, n.kind, n.account, n.label, n.detail ?? "", n.stack ?? "", n.verdict]),
            [
                ["principal", "identity-provider", B, "oidc-provider/token.actions.githubusercontent.com", "OIDC provider", "account-b", "pass"],
                ["role", "role", A, "role/cross-account/web-app-deployer", "", "account-a", "pass"],
                ["role", "role", B, "role/ci/github-deploy", "", "account-b", "pass"],
                ["resource", "resource", A, "bucket acme-web-app-assets", "", "", "pass"],
            ],
        );
        assert.deepEqual(g.summary.roles, 2);
    });

    it("labels the provider's edge with the claims the trust requires, and gives it the report's web identity rows", () => {
        const edges = assumeEdges(g).map((e) => [e.from, e.to, e.access, e.labels, e.paths.map((p) => `${p.sid} ${p.via} ${p.names}`), e.verdict]);
        assert.deepEqual(edges, [
            [
                PROVIDER,
                CI_ROLE,
                "effective",
                ["aud sts.amazonaws.com", "sub repo:acme/web-app:ref:refs/heads/main"],
                [`GitHubActions web-identity ${PROVIDER}`],
                "pass",
            ],
            [CI_ROLE, DEPLOYER, "effective", [], [`TrustGithubDeployRev097fde6bf8 principal ${CI_ROLE}`], "pass"],
        ]);
        const [federated, crossAccount] = assumeEdges(g);
        assert.deepEqual(federated.conditions.claims, [
            { claim: "aud", like: false, values: ["sts.amazonaws.com"] },
            { claim: "sub", like: false, values: ["repo:acme/web-app:ref:refs/heads/main"] },
        ]);
        assert.deepEqual(
            federated.checks.map((c) => `${c.expect} ${c.title}`),
            [
                "allow a GitHub Actions job of acme/web-app (sub repo:acme/web-app:ref:refs/heads/main) becomes role /ci/github-deploy of B",
                "deny a job of another branch (sub repo:acme/web-app:ref:refs/heads/report-other-branch) is refused",
                "deny a job of another tag (sub repo:acme/web-app:ref:refs/tags/report-other-tag) is refused",
                "deny a job of another repository of acme (repo:acme/web-app-other) is refused",
                "deny a job of a fork (repo:report-fork/web-app) is refused",
                "deny a pull request job (sub repo:acme/web-app:pull_request, as a fork's pull request presents it) is refused",
                "deny a token without sub is refused",
                "deny a token for another audience (report-other-audience) is refused",
                "deny the same claims from another issuer (report-other-issuer.example.com) are refused",
            ],
        );
        // The cross-account edge keeps the rows of B's role assuming A's role, and only those.
        assert.deepEqual(
            crossAccount.checks.map((c) => `${c.expect} ${c.title}`),
            [
                "allow role /ci/github-deploy assumes web-app-deployer (no condition required)",
                "deny another role of B (role/some-other-role) with the same request is refused",
                "deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
                "deny role /ci/github-deploy cannot assume /cross-account/other-role (its identity policy names only its roles)",
            ],
        );
        const provider = g.nodes.find((n) => n.id === PROVIDER)!;
        const ciRole = g.nodes.find((n) => n.id === CI_ROLE)!;
        assert.equal(provider.checks.length, 9);
        assert.equal(ciRole.checks.length, 9 + 4, "B's role carries the rows of becoming it and of leaving it");
    });

    it("draws the chain in Mermaid: provider, B's role, A's role, the bucket", () => {
        const text = toMermaid(g);
        assert.match(text, /n0\(\["oidc-provider\/token\.actions\.githubusercontent\.com<br\/>OIDC provider"\]\)/);
        assert.match(text, /n0 -->\|"aud sts\.amazonaws\.com, sub repo:acme\/web-app:ref:refs\/heads\/main"\| n2\n {4}n2 --> n1\n/);
    });

    it("warns on a web identity trust without a sub claim: every token of the issuer gets in", () => {
        const bare = accessGraph({ stacks: withCiTrust(rendered.stacks, undefined), reports: [] });
        assert.deepEqual(assumeEdges(bare)[0].labels, ["no sub: any token of this issuer"]);
        const audOnly = accessGraph({
            stacks: withCiTrust(rendered.stacks, { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }),
            reports: [],
        });
        assert.deepEqual(assumeEdges(audOnly)[0].labels, ["aud sts.amazonaws.com", "no sub: any token of this issuer"]);
    });

    it("never reads another issuer's keys, an IfExists test or a pattern as the provider's claims", () => {
        const foreign = accessGraph({
            stacks: withCiTrust(rendered.stacks, {
                StringEquals: { "gitlab.com:sub": "project_path:acme/web-app:ref_type:branch:ref:main" },
                StringLikeIfExists: { "token.actions.githubusercontent.com:sub": "repo:acme/*" },
            }),
            reports: [],
        });
        assert.deepEqual(assumeEdges(foreign)[0].labels, [
            "StringEquals gitlab.com:sub [project_path:acme/web-app:ref_type:branch:ref:main]",
            "StringLikeIfExists token.actions.githubusercontent.com:sub [repo:acme/*]",
            "no sub: any token of this issuer",
        ]);
        const like = accessGraph({
            stacks: withCiTrust(rendered.stacks, { StringLike: { "Token.Actions.GithubUserContent.com:SUB": "repo:acme/*" } }),
            reports: [],
        });
        assert.deepEqual(assumeEdges(like)[0].labels, ["sub like repo:acme/*"], "condition keys are case-insensitive");
    });

    it("reads SAML's own keys as claims of a SAML provider's trust", () => {
        const read = readConditions(
            { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml", "token.actions.githubusercontent.com:sub": "x" } },
            ["sts:AssumeRoleWithSAML"],
            "saml",
        );
        assert.deepEqual(read.conditions.claims, [{ claim: "saml:aud", like: false, values: ["https://signin.aws.amazon.com/saml"] }]);
        assert.deepEqual(read.conditions.other, ["StringEquals token.actions.githubusercontent.com:sub [x]"]);
    });

    it("marks a provider that account B references by ARN as not rendered here", async () => {
        const dir = exampleVariant("github-actions-deploy", (c) => {
            c.sources["github-deploy"].providerArn = `arn:aws:iam::${B}:oidc-provider/token.actions.githubusercontent.com`;
        });
        const existing = accessGraph(await renderDir(dir));
        const provider = existing.nodes.find((n) => n.kind === "identity-provider")!;
        assert.deepEqual([provider.id, provider.detail, provider.stack], [PROVIDER, "OIDC provider, not rendered here", undefined]);
    });

    it("says in the access diff when the subject a job needs changes, and when the sub claim goes", async () => {
        const release = accessGraph(
            await renderDir(
                exampleVariant("github-actions-deploy", (c) => {
                    c.sources["github-deploy"].github = { repository: "acme/web-app", branch: "release" };
                }),
            ),
        );
        const lines = changeLines(diffGraphs(g, release));
        assert.ok(
            lines.includes(
                `CHANGED: github-deploy now requires sub repo:acme/web-app:ref:refs/heads/release from oidc-provider/token.actions.githubusercontent.com in account ${B} (was sub repo:acme/web-app:ref:refs/heads/main)`,
            ),
            lines.join("\n"),
        );
        const bare = accessGraph({
            stacks: withCiTrust(rendered.stacks, { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }),
            reports: [],
        });
        const weaker = changeLines(diffGraphs(accessGraph({ stacks: rendered.stacks, reports: [] }), bare));
        assert.ok(
            weaker.includes(
                `WEAKER: github-deploy no longer requires claim sub from oidc-provider/token.actions.githubusercontent.com in account ${B} (was sub repo:acme/web-app:ref:refs/heads/main)`,
            ),
            weaker.join("\n"),
        );
    });
});
