/**
 * The access map (tools/access-map/): the graph read from the rendered documents and the report, its
 * Mermaid form, and the self-contained page. Pure, no browser (tests/access-map-browser.e2e.test.ts opens it).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { easiestOf, readConditions } from "../tools/access-map/conditions";
import { accessGraph } from "../tools/access-map/graph";
import { PAGE_CSP, accessHtml, pageAssets } from "../tools/access-map/html";
import { mermaidText, toMermaid } from "../tools/access-map/mermaid";
import type { AccessGraph, AssumeEdge, ReportDocuments, StackDocuments } from "../tools/access-map/model";
import { resourceRef, shortResource } from "../tools/access-map/resources";
import { EXAMPLES, Rendered, SECURE, exampleVariant, renderDir, tempDir } from "./access-map-fixtures";
import { runStart } from "./support/render";

const A = "111111111111";
const B = "222222222222";
const ROLE = `arn:aws:iam::${A}:role/audit-reader`;
const JOB = `arn:aws:iam::${B}:role/jobs/nightly-job`;
const OPERATORS = `arn:aws:iam::${B}:group/people/operators`;

function assumeEdges(g: AccessGraph): AssumeEdge[] {
    return g.edges.filter((e): e is AssumeEdge => e.kind === "assume");
}

describe("access map: the graph (tools/access-map/graph.ts)", () => {
    let jobAndPeople: Rendered;
    before(async () => {
        jobAndPeople = await renderDir(path.join(EXAMPLES, "job-and-people"));
    });

    it("groups by the accounts of the rendered stacks and draws B's principals, A's role, its resources and one edge per caller", () => {
        const g = accessGraph(jobAndPeople);
        assert.deepEqual(g.accounts, [
            { id: A, label: `account-a · ${A}`, stacks: ["account-a"] },
            { id: B, label: `account-b · ${B}`, stacks: ["account-b"] },
        ]);
        assert.deepEqual(
            g.nodes.map((n) => [n.tier, n.kind, n.account, n.label, n.detail ?? "", n.stack ?? "", n.verdict]),
            [
                ["principal", "group", B, "group/people/operators", "", "account-b", "pass"],
                ["principal", "role", B, "role/jobs/nightly-job", "assumed by ecs-tasks.amazonaws.com", "account-b", "pass"],
                ["role", "role", A, "role/audit-reader", "", "account-a", "pass"],
                ["resource", "resource", A, "bucket acme-audit-exports", "", "", "pass"],
                ["resource", "resource", A, "log-group:/app/audit", "", "", "pass"],
            ],
        );
        assert.deepEqual(
            assumeEdges(g).map((e) => [e.from, e.to, e.access, e.labels, e.sources, e.paths.map((p) => `${p.sid} ${p.via}`), e.verdict, e.checks.length]),
            [
                [OPERATORS, ROLE, "effective", ["PrincipalArn user/*", "MFA ≤ 1800 s"], ["operators"], ["TrustOperators root-pattern"], "pass", 8],
                [JOB, ROLE, "effective", ["PrincipalArn"], ["nightly-job"], ["TrustNightlyJob root-principal-arn"], "pass", 4],
            ],
        );
        assert.deepEqual(
            g.edges.filter((e) => e.kind === "permission").map((e) => [e.to, e.labels, e.checks.map((c) => c.title)]),
            [
                [
                    `arn:aws:logs:eu-west-1:${A}:log-group:/app/audit`,
                    ["logs:DescribeLogStreams +2"],
                    [
                        "logs:DescribeLogStreams on log group /app/audit",
                        "logs:FilterLogEvents on log group /app/audit",
                        "logs:GetLogEvents on a stream of /app/audit",
                        "logs:DeleteLogGroup on /app/audit is refused (not in the preset)",
                    ],
                ],
                [
                    "arn:aws:s3:::acme-audit-exports",
                    ["s3:GetObject, s3:ListBucket"],
                    [
                        "s3:ListBucket on acme-audit-exports",
                        "s3:GetObject on acme-audit-exports/*",
                        "s3:PutObject on acme-audit-exports/* is refused (read-only preset)",
                    ],
                ],
            ],
        );
        const role = g.nodes.find((n) => n.id === ROLE)!;
        assert.deepEqual(role.role, { maxSessionDuration: 3600, managedPolicyArns: [], anyResource: ["logs:DescribeLogGroups"] });
        assert.equal(role.checks.length, 23);
        assert.deepEqual(g.summary, { roles: 1, principals: 2, resources: 2, assumeEdges: 2, passed: 23, failed: 0, unproven: 0 });
    });

    it("shows each node's documents exactly as out/<stack>.json has them", () => {
        const g = accessGraph(jobAndPeople);
        const role = g.nodes.find((n) => n.id === ROLE)!;
        const file = jobAndPeople.stacks.find((s) => s.stack === "account-a")!;
        const rendered = file.resources.find((r) => r.type === "aws:iam/role:Role")!;
        const policy = file.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!;
        assert.deepEqual(
            role.documents.map((d) => [d.origin, d.input]),
            [
                ["aws:iam/role:Role audit-reader-role", "assumeRolePolicy"],
                ["aws:iam/rolePolicy:RolePolicy audit-reader-permissions", "policy"],
                ["aws:iam/role:Role audit-reader-role", "inputs"],
            ],
        );
        assert.deepEqual(role.documents[0].document, rendered.inputs.assumeRolePolicy);
        assert.deepEqual(role.documents[1].document, policy.inputs.policy);
    });

    it("colours an edge by the report's rows for that (source, role) pair: one FAIL makes it fail, the other edge stays green", () => {
        const reports = jobAndPeople.reports.map((r) => ({
            roles: r.roles.map((x) => ({
                ...x,
                checks: x.checks.map((c) => (c.source === "operators" && c.kind === "missing-condition" ? { ...c, result: "FAIL" as const } : c)),
            })),
        }));
        const g = accessGraph({ stacks: jobAndPeople.stacks, reports });
        assert.deepEqual(
            assumeEdges(g).map((e) => [e.from, e.verdict, e.checks.filter((c) => c.verdict === "fail").length]),
            [
                [OPERATORS, "fail", 3],
                [JOB, "pass", 0],
            ],
        );
        assert.equal(g.nodes.find((n) => n.id === ROLE)!.verdict, "fail");
        assert.equal(g.nodes.find((n) => n.id === JOB)!.verdict, "pass");
    });

    it("draws a vendor's account root as a node of its own, its ExternalId as a label, and its UNPROVEN row amber", async () => {
        const g = accessGraph(await renderDir(path.join(EXAMPLES, "vendor-external-id")));
        const root = g.nodes.find((n) => n.kind === "account-root")!;
        assert.deepEqual([root.id, root.label, root.account, root.stack], [`arn:aws:iam::${B}:root`, `any principal of ${B}`, B, undefined]);
        assert.deepEqual(
            assumeEdges(g).map((e) => [e.from, e.to, e.labels, e.sources, e.verdict]),
            [[root.id, `arn:aws:iam::${A}:role/vendors/vendor-log-reader`, ["account root", "ExternalId"], ["vendor"], "unproven"]],
        );
        assert.deepEqual(
            assumeEdges(g)[0]
                .checks.filter((c) => c.verdict === "unproven")
                .map((c) => c.title),
            ["role/a-principal-of-b (account-root trust) cannot assume another role of A (/vendors/other-role)"],
        );
    });

    it("keeps secrets hidden as in out/*.json: the ExternalId is [secret] in the documents and the page", async () => {
        const dir = exampleVariant("vendor-external-id", () => undefined);
        const r = await renderDir(dir);
        const g = accessGraph(r);
        const html = accessHtml(g, pageAssets(), "t");
        const trust = g.nodes.find((n) => n.tier === "role")!.documents[0].document as { Statement: Array<{ Condition: unknown }> };
        assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { "sts:ExternalId": "[secret]" } });
        assert.ok(html.includes('"sts:ExternalId":"[secret]"'));
        assert.ok(!html.includes("SECRET-PLACEHOLDER") && !html.includes(SECURE.secure));
    });

    it("generalises to many accounts: principals in three accounts, roles in two, an organization trust and a grant into an unrendered account", () => {
        const doc = (Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
        const role = (name: string, trust: unknown, extra: Array<StackDocuments["resources"][number]> = []) => [
            { type: "aws:iam/role:Role", name: `${name}-role`, inputs: { name, path: "/", assumeRolePolicy: trust } },
            ...extra,
        ];
        const stacks: StackDocuments[] = [
            {
                stack: "prod",
                accountId: "111111111111",
                outputs: {},
                resources: role(
                    "deployer",
                    doc([
                        { Sid: "Ci", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/ci" }, Action: "sts:AssumeRole" },
                        {
                            Sid: "Org",
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::444444444444:root" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" }, Bool: { "aws:MultiFactorAuthPresent": "true" } },
                        },
                    ]),
                ),
            },
            {
                stack: "analytics",
                accountId: "333333333333",
                outputs: {},
                resources: role(
                    "reader",
                    doc([
                        {
                            Sid: "WholeOu",
                            Effect: "Allow",
                            Principal: "*",
                            Action: ["sts:AssumeRole", "sts:TagSession"],
                            Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc/r-root/ou-prod/*" } },
                        },
                    ]),
                    [
                        {
                            type: "aws:iam/rolePolicy:RolePolicy",
                            name: "reader-permissions",
                            inputs: { role: "reader", policy: doc([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lake/*" }]) },
                        },
                    ],
                ),
            },
            {
                stack: "ci",
                accountId: "222222222222",
                outputs: {},
                resources: [
                    {
                        type: "aws:iam/role:Role",
                        name: "ci-role",
                        inputs: {
                            name: "ci",
                            path: "/",
                            assumeRolePolicy: doc([{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }]),
                        },
                    },
                    {
                        type: "aws:iam/rolePolicy:RolePolicy",
                        name: "ci-assume",
                        inputs: {
                            role: "ci",
                            policy: doc([
                                {
                                    Effect: "Allow",
                                    Action: "sts:AssumeRole",
                                    Resource: [
                                        "arn:aws:iam::111111111111:role/deployer",
                                        "arn:aws:iam::333333333333:role/reader",
                                        "arn:aws:iam::555555555555:role/legacy",
                                    ],
                                },
                            ]),
                        },
                    },
                ],
            },
        ];
        const g = accessGraph({ stacks, reports: [] });
        assert.deepEqual(
            g.accounts.map((a) => a.label),
            [
                "any account",
                "prod · 111111111111",
                "ci · 222222222222",
                "analytics · 333333333333",
                "444444444444 (no stack rendered)",
                "555555555555 (no stack rendered)",
            ],
        );
        assert.deepEqual(
            assumeEdges(g).map((e) => `${e.from} -> ${e.to} [${e.access}] ${e.labels.join(", ")}`),
            [
                '* -> arn:aws:iam::333333333333:role/reader [effective] Principal "*", session tags (any key), OU o-abc/r-root/ou-prod/*',
                "arn:aws:iam::222222222222:role/ci -> arn:aws:iam::111111111111:role/deployer [effective] ",
                'arn:aws:iam::222222222222:role/ci -> arn:aws:iam::333333333333:role/reader [effective] Principal "*", session tags (any key), OU o-abc/r-root/ou-prod/*',
                "arn:aws:iam::222222222222:role/ci -> arn:aws:iam::555555555555:role/legacy [grant-only] trust not rendered",
                "arn:aws:iam::444444444444:root -> arn:aws:iam::111111111111:role/deployer [effective] account root, MFA, org o-abc",
            ],
        );
        assert.deepEqual(
            g.nodes.filter((n) => n.tier === "resource").map((n) => [n.id, n.account, n.label]),
            [["arn:aws:s3:::lake", "333333333333", "bucket lake"]],
        );
    });

    it("notes a grant the role's trust does not answer, and a trust the caller's identity policy does not use", () => {
        const doc = (Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
        const g = accessGraph({
            reports: [],
            stacks: [
                {
                    stack: "a",
                    accountId: A,
                    outputs: {},
                    resources: [
                        {
                            type: "aws:iam/role:Role",
                            name: "r",
                            inputs: {
                                name: "target",
                                assumeRolePolicy: doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${B}:user/bob` }, Action: "sts:AssumeRole" }]),
                            },
                        },
                    ],
                },
                {
                    stack: "b",
                    accountId: B,
                    outputs: {},
                    resources: [
                        { type: "aws:iam/user:User", name: "bob", inputs: { name: "bob" } },
                        { type: "aws:iam/user:User", name: "eve", inputs: { name: "eve" } },
                        {
                            type: "aws:iam/userPolicy:UserPolicy",
                            name: "eve-grant",
                            inputs: { user: "eve", policy: doc([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${A}:role/target` }]) },
                        },
                    ],
                },
            ],
        });
        assert.deepEqual(
            assumeEdges(g).map((e) => [e.from, e.access, e.labels]),
            [[`arn:aws:iam::${B}:user/bob`, "trust-only", ["not granted by its identity policy"]]],
        );
        assert.deepEqual(g.nodes.find((n) => n.label === "user/eve")!.notes, [
            `granted sts:AssumeRole on arn:aws:iam::${A}:role/target, whose trust policy does not admit it`,
        ]);
    });

    it("with account-a alone, B's principals are the ones its trust names, drawn as not rendered here (a user pattern for the group)", async () => {
        const g = accessGraph(await renderDir(path.join(EXAMPLES, "job-and-people"), ["account-a"]));
        assert.deepEqual(
            g.nodes.filter((n) => n.tier === "principal").map((n) => [n.kind, n.label, n.detail, n.stack]),
            [
                ["role", "role/jobs/nightly-job", "not rendered here", undefined],
                ["principal-pattern", `user/* of ${B}`, "principals matching this pattern", undefined],
            ],
        );
        assert.deepEqual(
            assumeEdges(g).map((e) => [e.from, e.access, e.sources, e.verdict]),
            [
                [JOB, "effective", ["nightly-job"], "pass"],
                [`arn:aws:iam::${B}:user/*`, "effective", ["operators"], "pass"],
            ],
        );
        assert.equal(g.summary.roles, 1);
    });

    it("writes a map for every example, every edge between two of its nodes, and no failing check", async () => {
        for (const example of fs.readdirSync(EXAMPLES)) {
            const g = accessGraph(await renderDir(path.join(EXAMPLES, example)));
            const ids = new Set(g.nodes.map((n) => n.id));
            assert.ok(g.summary.roles >= 1 && g.summary.assumeEdges >= 1, example);
            for (const e of g.edges) assert.ok(ids.has(e.from) && ids.has(e.to), `${example}: ${e.id}`);
            assert.ok(!g.nodes.some((n) => n.verdict === "fail"), example);
        }
    });
});

describe("access map: trust conditions (tools/access-map/conditions.ts)", () => {
    const read = (block: unknown, actions = ["sts:AssumeRole"]) => readConditions(block, actions);

    it("reads ExternalId, MFA with its age, source identity, session tags, organization, OU and the PrincipalArn narrowing", () => {
        const r = read(
            {
                StringEquals: { "sts:ExternalId": "[secret]", "aws:PrincipalOrgID": "o-abc" },
                Bool: { "aws:MultiFactorAuthPresent": "true" },
                NumericLessThan: { "aws:MultiFactorAuthAge": "1800" },
                StringLike: { "sts:SourceIdentity": ["b-*", "a-job"] },
                "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] },
                "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc/r-1/ou-2/*" },
                ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/ci" },
                IpAddress: { "aws:SourceIp": "10.0.0.0/8" },
            },
            ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
        );
        assert.deepEqual(r, {
            conditions: {
                externalId: true,
                mfa: { ifExists: false, maxAgeSeconds: 1800 },
                sourceIdentity: { required: true, allowed: ["a-job", "b-*"] },
                sessionTags: { keys: ["env", "team"] },
                orgIds: ["o-abc"],
                orgPaths: ["o-abc/r-1/ou-2/*"],
                other: ["IpAddress aws:SourceIp [10.0.0.0/8]"],
            },
            principalArns: ["arn:aws:iam::222222222222:role/ci"],
            principalArnPattern: false,
        });
    });

    it("tells MFA that long-term keys skip (BoolIfExists, NumericLessThanIfExists) from MFA that is required", () => {
        assert.deepEqual(read({ BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } }).conditions.mfa, { ifExists: true });
        assert.deepEqual(read({ NumericLessThanIfExists: { "aws:MultiFactorAuthAge": "600" } }).conditions.mfa, { ifExists: true, maxAgeSeconds: 600 });
        assert.deepEqual(read({ Null: { "aws:MultiFactorAuthAge": "false" } }).conditions.mfa, { ifExists: false });
        assert.deepEqual(read({ bool: { "AWS:MultiFactorAuthPresent": "false" } }).conditions, {
            externalId: false,
            other: ["bool AWS:MultiFactorAuthPresent [false]"],
        });
    });

    it("reads a source identity that is only allowed (IfExists) or required without a list (Null false), in either order", () => {
        assert.deepEqual(read({ StringLikeIfExists: { "sts:SourceIdentity": "x" } }).conditions.sourceIdentity, { required: false, allowed: ["x"] });
        assert.deepEqual(read({ Null: { "sts:SourceIdentity": "false" } }).conditions.sourceIdentity, { required: true, allowed: [] });
        assert.deepEqual(read({ Null: { "sts:SourceIdentity": "false" }, StringLikeIfExists: { "sts:SourceIdentity": "x" } }).conditions.sourceIdentity, {
            required: true,
            allowed: ["x"],
        });
    });

    it("session tags exist only where sts:TagSession is allowed; an aws:PrincipalArn with a wildcard is a pattern", () => {
        assert.deepEqual(read({ "ForAllValues:StringEquals": { "aws:TagKeys": "team" } }).conditions.other, [
            "ForAllValues aws:TagKeys [team] (no sts:TagSession allowed)",
        ]);
        assert.deepEqual(read(undefined, ["sts:*"]).conditions.sessionTags, {});
        assert.deepEqual(read({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::2:user/*" } }), {
            conditions: { externalId: false, other: [] },
            principalArns: ["arn:aws:iam::2:user/*"],
            principalArnPattern: true,
        });
    });

    it("a caller with several statements must present what the easiest requires: a condition counts only when every path has it", () => {
        const strict = read({
            StringEquals: { "sts:ExternalId": "x" },
            Bool: { "aws:MultiFactorAuthPresent": "true" },
            NumericLessThan: { "aws:MultiFactorAuthAge": "900" },
        });
        const loose = read({ Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "1800" } });
        assert.deepEqual(easiestOf([strict.conditions, loose.conditions]), { externalId: false, other: [], mfa: { ifExists: false, maxAgeSeconds: 1800 } });
        assert.deepEqual(easiestOf([strict.conditions, read(undefined).conditions]), { externalId: false, other: [] });
    });
});

describe("access map: resources (tools/access-map/resources.ts)", () => {
    it("a statement's Resource belongs to its log group, table or bucket; the short form drops the role's own account", () => {
        assert.deepEqual(resourceRef("arn:aws:logs:eu-west-1:111111111111:log-group:/app/audit:*", A), {
            id: "arn:aws:logs:eu-west-1:111111111111:log-group:/app/audit",
            account: A,
            label: "log-group:/app/audit",
            service: "logs",
        });
        assert.equal(
            resourceRef("arn:aws:dynamodb:eu-west-1:111111111111:table/orders/backup/*", A).id,
            "arn:aws:dynamodb:eu-west-1:111111111111:table/orders",
        );
        assert.deepEqual(resourceRef("arn:aws:s3:::acme/daily/*", "333333333333"), {
            id: "arn:aws:s3:::acme",
            account: "333333333333",
            label: "bucket acme",
            service: "s3",
        });
        assert.deepEqual(resourceRef("*", A), { id: `*@${A}`, account: A, label: "any resource (*)", service: "*" });
        assert.equal(shortResource("arn:aws:dynamodb:eu-west-1:111111111111:table/orders", A), "table/orders");
        assert.equal(shortResource("arn:aws:s3:::acme/daily/*", A), "acme/daily/*");
        assert.equal(shortResource("arn:aws:dynamodb:eu-west-1:999999999999:table/orders", A), "arn:aws:dynamodb:eu-west-1:999999999999:table/orders");
    });
});

describe("access map: Mermaid (tools/access-map/mermaid.ts)", () => {
    it("prints job-and-people as a flowchart: accounts as subgraphs, one link per edge, coloured by verdict", async () => {
        const g = accessGraph(await renderDir(path.join(EXAMPLES, "job-and-people")));
        assert.equal(
            toMermaid(g),
            [
                "flowchart LR",
                '    subgraph a0["account-a · 111111111111"]',
                '        n2["role/audit-reader<br/>on *: logs:DescribeLogGroups"]',
                '        n3[("bucket acme-audit-exports")]',
                '        n4[("log-group:/app/audit")]',
                "    end",
                '    subgraph a1["account-b · 222222222222"]',
                '        n0(["group/people/operators"])',
                '        n1(["role/jobs/nightly-job<br/>assumed by ecs-tasks.amazonaws.com"])',
                "    end",
                '    n0 -->|"PrincipalArn user/*, MFA ≤ 1800 s"| n2',
                '    n1 -->|"PrincipalArn"| n2',
                '    n2 -->|"logs:DescribeLogStreams +2"| n4',
                '    n2 -->|"s3:GetObject, s3:ListBucket"| n3',
                "    linkStyle 0,1,2,3 stroke:#2e7d32,stroke-width:2px",
                "    classDef pass stroke:#2e7d32,stroke-width:2px",
                "    class n0,n1,n2,n3,n4 pass",
                "",
            ].join("\n"),
        );
    });

    it("writes the characters Mermaid or HTML would read as Mermaid's entity codes", () => {
        assert.equal(mermaidText('a "b" #c <d> & e|f `g` [h]: (i)'), "a #quot;b#quot; #35;c #lt;d#gt; #amp; e#124;f #96;g#96; [h]: (i)");
        assert.equal(mermaidText("one\ntwo"), "one<br/>two");
    });
});

describe("access map: the page (tools/access-map/html.ts)", () => {
    const tiny: AccessGraph = {
        accounts: [{ id: A, label: "a", stacks: [] }],
        nodes: [
            {
                id: "x",
                kind: "role",
                tier: "role",
                account: A,
                label: "</script><script>alert(1)</script>",
                documents: [],
                checks: [],
                verdict: "unchecked",
                notes: ["\u2028"],
            },
        ],
        edges: [],
        permissions: {},
        summary: { roles: 1, principals: 0, resources: 0, assumeEdges: 0, passed: 0, failed: 0, unproven: 0 },
    };

    it("is one self-contained file: a CSP that forbids every request, no src or href to anywhere, the graph as JSON", () => {
        const html = accessHtml(tiny, pageAssets(), 'Access map · "x" <y>');
        assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">`));
        assert.ok(PAGE_CSP.startsWith("default-src 'none'"));
        assert.ok(!/\s(src|href)=["']?(https?:|\/\/)/i.test(html));
        assert.ok(!/@import|url\(\s*['"]?https?:/i.test(html));
        assert.ok(html.includes("<title>Access map · &quot;x&quot; &lt;y&gt;</title>"));
        const json = /<script type="application\/json" id="graph-data">(.*?)<\/script>/s.exec(html)![1];
        assert.deepEqual(JSON.parse(json), tiny);
        assert.equal(html.match(/<\/script/gi)!.length, 3, "a label cannot close a script element");
    });

    it("inlines ELK's browser build, the page script and its styles", () => {
        const assets = pageAssets();
        const html = accessHtml(tiny, assets, "t");
        assert.ok(assets.layoutLibrary.length > 1_000_000 && html.includes(assets.layoutLibrary.slice(0, 2000)));
        assert.ok(html.includes(assets.script) && html.includes(assets.style));
    });

    it("reads a report written before checks named their source: no edge colour, the role keeps every row", () => {
        const stacks: StackDocuments[] = [];
        const reports: ReportDocuments[] = [
            { roles: [{ role: "r", arn: "arn:aws:iam::1:role/r", checks: [{ kind: "trusted-source", title: "t", expect: "allow", result: "PASS" }] }] },
        ];
        assert.deepEqual(accessGraph({ stacks, reports }).edges, []);
    });
});

describe("access map: npm start writes it and prints it on request", () => {
    it("writes out/access.html on every run and names it among the files written", async () => {
        const out = tempDir("map-written-");
        const r = await runStart(["--dir", path.join(EXAMPLES, "job-and-people"), "--out", out, "--json"]);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(fs.readdirSync(out).sort(), ["access.html", "account-a.json", "account-b.json"]);
        assert.deepEqual(
            (JSON.parse(r.stdout) as { written: string[] }).written.map((w) => path.basename(w)),
            ["account-b.json", "account-a.json", "access.html"],
        );
        assert.ok(fs.readFileSync(path.join(out, "access.html"), "utf8").startsWith("<!doctype html>"));
    });

    it("--format mermaid prints only the flowchart; --format markdown puts it in a fence under the counts", async () => {
        const dir = path.join(EXAMPLES, "job-and-people");
        const graph = accessGraph(await renderDir(dir));
        const mermaid = await runStart(["--dir", dir, "--out", tempDir("map-mermaid-"), "--format", "mermaid"]);
        assert.deepEqual([mermaid.code, mermaid.stdout, mermaid.stderr], [0, toMermaid(graph), ""]);
        const markdown = await runStart(["--dir", dir, "--out", tempDir("map-markdown-"), "--format", "markdown"]);
        assert.equal(markdown.code, 0);
        assert.equal(
            markdown.stdout,
            `### Access map: \`examples/job-and-people\`\n\n1 role, 2 principals, 2 resources; checks: 23 passed, 0 failed, 0 UNPROVEN.\n\n\`\`\`mermaid\n${toMermaid(graph)}\`\`\`\n`,
        );
    });

    it("--format with anything else, or with --json, is a usage error (exit 2)", async () => {
        const bad = await runStart(["--format", "svg"]);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /^--format svg: expected one of text, json, mermaid, markdown; usage: npm start -- /);
        const both = await runStart(["--json", "--format", "mermaid"]);
        assert.equal(both.code, 2);
        assert.match(both.stderr, /^--json and --format mermaid ask for two outputs; usage: /);
    });
});
