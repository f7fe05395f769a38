/**
 * The access map and diff read the trust keys principalTags and roleSessionName as labels of their own
 * (`tag team=data`, `session name nightly-*`), and attach the report's rows to the edge of a source trusted by
 * an ARN pattern (federated-role, sso-permission-set).
 */
import { strict as assert } from "assert";
import * as path from "path";
import { changeLines, diffGraphs } from "../tools/access-diff/changes";
import { conditionLabels, easiestOf, readConditions } from "../tools/access-map/conditions";
import { accessGraph } from "../tools/access-map/graph";
import type { AccessGraph, AssumeEdge } from "../tools/access-map/model";
import { EXAMPLES, exampleVariant, renderDir } from "./access-map-fixtures";

function assumeEdges(g: AccessGraph): AssumeEdge[] {
    return g.edges.filter((e): e is AssumeEdge => e.kind === "assume");
}

describe("access map: principalTags and roleSessionName, and sources trusted by a pattern", () => {
    let saml: AccessGraph;
    before(async () => {
        saml = accessGraph(await renderDir(path.join(EXAMPLES, "saml-role")));
    });

    it("labels the saml-role edge with the tag it requires and gives it the report's rows of that source", () => {
        const [edge] = assumeEdges(saml);
        assert.deepEqual(
            [edge.from, edge.labels, edge.sources, edge.conditions.principalTags, edge.verdict],
            [
                "arn:aws:iam::222222222222:role/okta/data-analyst-*",
                ["PrincipalArn role/okta/data-analyst-*", "tag team=data"],
                ["okta-analysts"],
                { team: ["data"] },
                // Okta's roles' own policies are not rendered: the report says UNPROVEN for the rows that depend on them.
                "unproven",
            ],
        );
        assert.ok(edge.checks.length > 0);
    });

    it("attaches the report's rows to both patterns of an SSO permission set's roles (with and without the region)", async () => {
        const g = accessGraph(await renderDir(path.join(EXAMPLES, "sso-log-reader")));
        const edges = assumeEdges(g);
        assert.equal(edges.length, 2);
        for (const e of edges) assert.deepEqual([e.sources.length, e.verdict, e.checks.length > 0], [1, "pass", true], e.from);
    });

    it("reads session names and tags as values, keeps other tag operators verbatim, and is safe with a __proto__ tag key", () => {
        const read = readConditions(
            {
                StringEquals: { "aws:PrincipalTag/team": ["data", "ops"], "aws:PrincipalTag/__proto__": "x" },
                StringLike: { "sts:RoleSessionName": "nightly-*", "aws:PrincipalTag/env": "prod*" },
            },
            ["sts:AssumeRole"],
        );
        assert.deepEqual(conditionLabels(read.conditions), [
            "tag team=data | ops",
            "tag __proto__=x",
            "session name nightly-*",
            "StringLike aws:PrincipalTag/env [prod*]",
        ]);
        assert.ok(Object.hasOwn(read.conditions.principalTags!, "__proto__"));
        // A tag or session name counts only when every path requires it.
        const other = readConditions({ StringEquals: { "aws:PrincipalTag/team": "data" } }, ["sts:AssumeRole"]).conditions;
        assert.deepEqual(conditionLabels(easiestOf([read.conditions, other])), ["tag team=data | ops"]);
    });

    it("says in the access diff when a tag value is added, the tag dropped, or a session name required", async () => {
        const who = "principals matching arn:aws:iam::222222222222:role/okta/data-analyst-*";
        const variant = (edit: (entry: Record<string, any>) => void) =>
            renderDir(
                exampleVariant("saml-role", (c) => {
                    edit(c.targetRoles["reports-reader"].trustedSources[0]);
                }),
            ).then(accessGraph);
        assert.deepEqual(
            changeLines(diffGraphs(saml, await variant((e) => (e.principalTags = { team: ["data", "ops"] })))).filter((l) => l.includes("tag")),
            [`WEAKER: reports-reader now also accepts tag team=ops from ${who}`],
        );
        const dropped = changeLines(diffGraphs(saml, await variant((e) => delete e.principalTags)));
        assert.ok(dropped.includes(`WEAKER: reports-reader no longer requires tag team=data from ${who}`), dropped.join("\n"));
        const named = changeLines(diffGraphs(saml, await variant((e) => (e.roleSessionName = "analyst-*"))));
        assert.ok(named.includes(`STRONGER: reports-reader now requires a session name of analyst-* from ${who}`), named.join("\n"));
    });
});
