/**
 * The access map of a role deployed to whole OUs (examples/audit-ou): ONE node for the role, `arn:...:iam::*:role/...`,
 * in a group for the accounts of its OUs (not in the management account, whose stack only creates the StackSet, and
 * not as "every role this pattern matches"), read from the StackSet's template; its caller's edge, its resources and
 * the report's rows attached as for a role of account A.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { accessGraph } from "../tools/access-map/graph";
import { toMermaid } from "../tools/access-map/mermaid";
import { diffGraphs } from "../tools/access-diff/changes";
import type { AccessGraph, AssumeEdge } from "../tools/access-map/model";
import { EXAMPLES, Rendered, exampleVariant, renderDir } from "./access-map-fixtures";

const ROLE = "arn:aws:iam::*:role/audit/auditor";
const JOB = "arn:aws:iam::222222222222:role/audit/audit-job";
const GROUP = "OUs ou-ab12-11111111, ou-ab12-22222222";
const LOG_GROUP = "arn:aws:logs:eu-west-1:*:log-group:/aws/cloudtrail/organization";

describe("access map: a role deployed to whole OUs by a StackSet", () => {
    let rendered: Rendered;
    let g: AccessGraph;
    before(async () => {
        rendered = await renderDir(path.join(EXAMPLES, "audit-ou"));
        g = accessGraph(rendered);
    });

    it("draws one node for the role, in the group of the accounts of its OUs, labelled with the StackSet that deploys it", () => {
        const roles = g.nodes.filter((n) => n.tier === "role");
        assert.deepEqual(
            roles.map((n) => [n.id, n.account, n.label, n.detail, n.stack]),
            [[ROLE, GROUP, "role/audit/auditor", "in every account of its OUs", "account-a"]],
        );
        assert.deepEqual(
            g.accounts.map((a) => [a.id, a.label]),
            [
                ["222222222222", "account-b · 222222222222"],
                ["999999999999", "account-a · 999999999999"],
                [GROUP, `every account of ${GROUP} · StackSet cross-account-iam-audit-ou-auditor of account-a · 999999999999`],
            ].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
        );
        assert.ok(!g.nodes.some((n) => n.detail === "every role this pattern matches"), "no pattern node for B's grant");
        assert.deepEqual(roles[0].role, {
            maxSessionDuration: 3600,
            managedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"],
            organizationalUnits: ["ou-ab12-11111111", "ou-ab12-22222222"],
            anyResource: ["logs:DescribeLogGroups"],
        });
        assert.deepEqual(roles[0].notes.slice(0, 1), [
            `deployed by StackSet cross-account-iam-audit-ou-auditor (stack account-a, account 999999999999) to every account of ${GROUP} and the OUs below, as accounts join; never the management account`,
        ]);
    });

    it("shows the template's documents as written (Fn::Sub and all), and the StackSet and its instances", () => {
        const role = g.nodes.find((n) => n.id === ROLE)!;
        assert.deepEqual(
            role.documents.map((d) => [d.origin, d.input]),
            [
                ["aws:cloudformation/stackSet:StackSet auditor-stack-set (template Role)", "AssumeRolePolicyDocument"],
                ["aws:cloudformation/stackSet:StackSet auditor-stack-set (template Role)", "Policies permissions"],
                ["aws:cloudformation/stackSet:StackSet auditor-stack-set", "inputs"],
                ["aws:cloudformation/stackSetInstance:StackSetInstance auditor-ou-ab12-11111111", "inputs"],
                ["aws:cloudformation/stackSetInstance:StackSetInstance auditor-ou-ab12-22222222", "inputs"],
            ],
        );
        assert.ok(JSON.stringify(role.documents[1].document).includes("${AWS::AccountId}"));
        assert.ok(!("templateBody" in (role.documents[2].document as Record<string, unknown>)));
    });

    it("draws the audit job's edge to it through B's org-conditioned grant, and its log group in the same group, all checks attached and passing", () => {
        const assume = g.edges.filter((e): e is AssumeEdge => e.kind === "assume");
        assert.deepEqual(
            assume.map((e) => [e.from, e.to, e.access, e.labels, e.sources, e.verdict]),
            [[JOB, ROLE, "effective", ["PrincipalArn"], ["audit-job"], "pass"]],
        );
        assert.ok(assume[0].checks.some((c) => /an account of OU ou-ab12-11111111/.test(c.title)));
        const logGroup = g.nodes.find((n) => n.id === LOG_GROUP)!;
        assert.deepEqual([logGroup.account, logGroup.label, logGroup.verdict], [GROUP, "log-group:/aws/cloudtrail/organization", "pass"]);
        const permission = g.edges.find((e) => e.kind === "permission")!;
        assert.deepEqual([permission.from, permission.to, permission.verdict], [ROLE, LOG_GROUP, "pass"]);
        assert.ok(permission.checks.length > 0);
        assert.equal(g.nodes.find((n) => n.id === ROLE)!.verdict, "pass");
    });

    it("prints it in Mermaid as a subgraph of its own", () => {
        const text = toMermaid(g);
        assert.match(
            text,
            /subgraph a\d+\["every account of OUs ou-ab12-11111111, ou-ab12-22222222 · StackSet cross-account-iam-audit-ou-auditor of account-a · 999999999999"\]\n {8}n\d+\["role\/audit\/auditor<br\/>in every account of its OUs/,
        );
    });

    it("the whole organization (the root) is named as such", async () => {
        const dir = exampleVariant("audit-ou", (c) => {
            c.targetRoles.auditor.organizationalUnits = ["r-ab12"];
        });
        const whole = accessGraph(await renderDir(dir));
        assert.deepEqual(
            whole.nodes.filter((n) => n.tier === "role").map((n) => [n.id, n.account]),
            [[ROLE, "the organization (root r-ab12)"]],
        );
    });
});

describe("access diff: the OUs a role is deployed to", () => {
    it("says which OUs a role reaches now, and which no longer, each a line", async () => {
        const base = accessGraph(await renderDir(path.join(EXAMPLES, "audit-ou")));
        const head = accessGraph(
            await renderDir(
                exampleVariant("audit-ou", (c) => {
                    c.targetRoles.auditor.organizationalUnits = ["ou-ab12-11111111", "ou-ab12-33333333"];
                }),
            ),
        );
        assert.deepEqual(diffGraphs(base, head), [
            { kind: "WIDER", text: "auditor is now deployed to every account of OU ou-ab12-33333333 and the OUs below" },
            { kind: "NARROWER", text: "auditor is no longer deployed to every account of OU ou-ab12-22222222 and the OUs below" },
        ]);
    });
});
