// The access map page (inlined into out/access.html by tools/access-map/html.ts after ELK.js's browser
// build, which defines the global `ELK`). Reads the graph from #graph-data, lays it out with ELK's
// layered algorithm (principals, then roles, then resources, left to right), draws it as SVG, and
// shows a node's or an edge's documents and checks in the side panel when clicked. Plain browser
// JavaScript: no module, no network; all text is inserted with textContent, never as HTML.
/* global ELK */
(function () {
    "use strict";
    const SVG_NS = "http://www.w3.org/2000/svg";
    const graph = JSON.parse(document.getElementById("graph-data").textContent);
    const nodesById = new Map(graph.nodes.map((n) => [n.id, n]));
    const accountsById = new Map(graph.accounts.map((a) => [a.id, a]));
    const canvas = document.getElementById("canvas");
    const panel = document.getElementById("panel");
    const VERDICT_TEXT = {
        pass: "all checks pass",
        fail: "a check fails",
        unproven: "UNPROVEN: a document the report does not have decides it",
        unchecked: "no check covers it",
    };
    const KIND_TEXT = {
        role: "IAM role",
        user: "IAM user",
        group: "IAM group",
        "identity-provider": "identity provider",
        "account-root": "account root",
        "principal-pattern": "principal pattern",
        "any-principal": "any principal",
        resource: "resource",
    };
    // Measured with the font the page draws with (the system's; nothing is fetched).
    const FAMILY = getComputedStyle(document.documentElement).fontFamily || "sans-serif";
    const LABEL_FONT = `13px ${FAMILY}`;
    const ROLE_FONT = `600 13px ${FAMILY}`;
    const DETAIL_FONT = `11px ${FAMILY}`;
    const EDGE_FONT = `11px ${FAMILY}`;
    const MAX_EDGE_LABEL = 44;
    const READABLE_SCALE = 0.6;
    const MAX_SCALE = 1.4;

    const measureContext = document.createElement("canvas").getContext("2d");
    function textWidth(text, font) {
        measureContext.font = font;
        return Math.ceil(measureContext.measureText(text).width);
    }

    function el(tag, attrs, text) {
        const e = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
        if (text !== undefined) e.textContent = text;
        return e;
    }
    function svg(tag, attrs, text) {
        const e = document.createElementNS(SVG_NS, tag);
        for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
        if (text !== undefined) e.textContent = text;
        return e;
    }

    /** The second line of a node: its detail, or what a role may do on any resource. */
    function detailOf(n) {
        const parts = [];
        if (n.detail) parts.push(n.detail);
        if (n.role && n.role.anyResource && n.role.anyResource.length > 0) parts.push(`on *: ${n.role.anyResource.join(", ")}`);
        const text = parts.join(" · ");
        return text.length > 60 ? `${text.slice(0, 59)}…` : text;
    }
    function edgeLabelOf(e) {
        const text = e.labels.join(", ");
        return text.length > MAX_EDGE_LABEL ? `${text.slice(0, MAX_EDGE_LABEL - 1)}…` : text;
    }
    function nodeSize(n) {
        const detail = detailOf(n);
        const width = Math.max(textWidth(n.label, n.tier === "role" ? ROLE_FONT : LABEL_FONT), detail ? textWidth(detail, DETAIL_FONT) : 0) + 26;
        return { width: Math.max(110, width), height: detail ? 44 : 30 };
    }

    function summaryText() {
        const s = graph.summary;
        const checks = `checks: ${s.passed} passed, ${s.failed} failed, ${s.unproven} unproven`;
        return `${s.roles} role${s.roles === 1 ? "" : "s"} · ${s.principals} principal${s.principals === 1 ? "" : "s"} · ${s.resources} resource${
            s.resources === 1 ? "" : "s"
        } · ${graph.accounts.length} account${graph.accounts.length === 1 ? "" : "s"} · ${checks}`;
    }

    function legend() {
        const box = document.getElementById("legend");
        for (const v of ["pass", "fail", "unproven", "unchecked"]) {
            const item = el("span", { class: `key verdict-${v}` });
            item.append(el("i", { class: "swatch" }), document.createTextNode(VERDICT_TEXT[v]));
            box.append(item);
        }
        const dashed = el("span", { class: "key" });
        dashed.append(el("i", { class: "swatch dashed" }), document.createTextNode("trust or grant only: not usable as rendered"));
        box.append(dashed);
    }

    /** The graph in ELK's JSON form: one flat layered graph, principals pinned left and resources right. */
    function elkGraph() {
        return {
            id: "root",
            layoutOptions: {
                "elk.algorithm": "layered",
                "elk.direction": "RIGHT",
                "elk.edgeRouting": "POLYLINE",
                "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
                "elk.spacing.nodeNode": "30",
                "elk.layered.spacing.nodeNodeBetweenLayers": "56",
                "elk.spacing.edgeLabel": "3",
                "elk.padding": "[top=28,left=16,bottom=16,right=16]",
            },
            children: graph.nodes.map((n) => ({
                id: n.id,
                ...nodeSize(n),
                layoutOptions:
                    n.tier === "principal"
                        ? { "elk.layered.layering.layerConstraint": "FIRST" }
                        : n.tier === "resource"
                          ? { "elk.layered.layering.layerConstraint": "LAST" }
                          : {},
            })),
            edges: graph.edges.map((e) => {
                const text = edgeLabelOf(e);
                return {
                    id: e.id,
                    sources: [e.from],
                    targets: [e.to],
                    labels: text
                        ? [
                              {
                                  text,
                                  width: textWidth(text, EDGE_FONT) + 6,
                                  height: 14,
                                  // Trust labels sit by the role (few edges arrive there), permission labels by the role too.
                                  layoutOptions: { "elk.edgeLabels.placement": e.kind === "assume" ? "HEAD" : "TAIL" },
                              },
                          ]
                        : [],
                };
            }),
        };
    }

    /** Account boxes: around each run of same-account nodes in a column of the layout. */
    function accountRuns(laidOut) {
        const sorted = [...laidOut.children].sort((a, b) => a.x - b.x);
        const columns = [];
        for (const n of sorted) {
            const last = columns[columns.length - 1];
            if (last && n.x < last.right) {
                last.nodes.push(n);
                last.right = Math.max(last.right, n.x + n.width);
            } else columns.push({ nodes: [n], right: n.x + n.width });
        }
        const runs = [];
        for (const column of columns) {
            const inColumn = column.nodes.sort((a, b) => a.y - b.y);
            let run;
            for (const n of inColumn) {
                const account = nodesById.get(n.id).account;
                if (!run || run.account !== account) {
                    run = { account, nodes: [] };
                    runs.push(run);
                }
                run.nodes.push(n);
            }
        }
        return runs.map((r) => {
            const x0 = Math.min(...r.nodes.map((n) => n.x)) - 8;
            const x1 = Math.max(...r.nodes.map((n) => n.x + n.width)) + 8;
            const y0 = r.nodes[0].y - 22;
            const last = r.nodes[r.nodes.length - 1];
            return { account: r.account, x: x0, y: y0, width: x1 - x0, height: last.y + last.height + 6 - y0 };
        });
    }

    function pathOf(section) {
        const points = [section.startPoint, ...(section.bendPoints || []), section.endPoint];
        return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    }

    let view = { x: 0, y: 0, width: 100, height: 100 };
    let full = view;
    let root;
    let suppressClick = false;
    const nodeElements = new Map();
    const edgeElements = new Map();

    function setView(v) {
        view = v;
        root.setAttribute("viewBox", `${v.x} ${v.y} ${v.width} ${v.height}`);
    }

    function draw(laidOut) {
        canvas.textContent = "";
        const width = Math.max(laidOut.width, 200);
        const height = Math.max(laidOut.height, 100);
        root = svg("svg", { id: "map", role: "img", "aria-label": "access map" });
        const defs = svg("defs");
        for (const v of ["pass", "fail", "unproven", "unchecked"]) {
            const marker = svg("marker", {
                id: `arrow-${v}`,
                viewBox: "0 0 10 10",
                refX: 9,
                refY: 5,
                markerWidth: 7,
                markerHeight: 7,
                orient: "auto-start-reverse",
            });
            marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", class: `arrow verdict-${v}` }));
            defs.append(marker);
        }
        root.append(defs);
        const accountLayer = svg("g", { class: "accounts" });
        for (const run of accountRuns(laidOut)) {
            const g = svg("g", { class: "account", "data-account": run.account });
            g.append(svg("rect", { x: run.x, y: run.y, width: run.width, height: run.height, rx: 8 }));
            const account = accountsById.get(run.account);
            g.append(svg("text", { x: run.x + 8, y: run.y + 14 }, account ? account.label : run.account));
            accountLayer.append(g);
        }
        root.append(accountLayer);
        const edgeLayer = svg("g", { class: "edges" });
        const labelLayer = svg("g", { class: "edge-labels" });
        const laidEdges = new Map(laidOut.edges.map((e) => [e.id, e]));
        for (const e of graph.edges) {
            const le = laidEdges.get(e.id);
            if (!le || !le.sections || le.sections.length === 0) continue;
            const dashed = e.kind === "assume" && e.access !== "effective";
            const g = svg("g", {
                class: `edge ${e.kind} verdict-${e.verdict}${dashed ? " dashed" : ""}`,
                "data-id": e.id,
                "data-from": e.from,
                "data-to": e.to,
                tabindex: 0,
            });
            for (const s of le.sections) {
                const d = pathOf(s);
                g.append(svg("path", { d, class: "hit" }));
                g.append(svg("path", { d, class: "line", "marker-end": `url(#arrow-${e.verdict})` }));
            }
            g.append(svg("title", {}, `${nodesById.get(e.from).label} → ${nodesById.get(e.to).label}${e.labels.length ? `: ${e.labels.join(", ")}` : ""}`));
            g.addEventListener("click", (ev) => {
                ev.stopPropagation();
                selectEdge(e);
            });
            edgeLayer.append(g);
            edgeElements.set(e.id, g);
            for (const l of le.labels || []) {
                const t = svg("g", { class: `edge-label verdict-${e.verdict}`, "data-edge": e.id });
                t.append(svg("rect", { x: l.x, y: l.y, width: l.width, height: l.height, rx: 3 }));
                t.append(svg("text", { x: l.x + 3, y: l.y + 11 }, l.text));
                t.addEventListener("click", (ev) => {
                    ev.stopPropagation();
                    selectEdge(e);
                });
                labelLayer.append(t);
            }
        }
        root.append(edgeLayer);
        const nodeLayer = svg("g", { class: "nodes" });
        for (const ln of laidOut.children) {
            const n = nodesById.get(ln.id);
            const g = svg("g", {
                class: `node tier-${n.tier} kind-${n.kind} verdict-${n.verdict}${n.stack || n.tier === "resource" ? "" : " outside"}`,
                transform: `translate(${ln.x},${ln.y})`,
                "data-id": n.id,
                tabindex: 0,
            });
            g.append(svg("rect", { width: ln.width, height: ln.height, rx: 6 }));
            g.append(svg("text", { x: 12, y: 19, class: "label" }, n.label));
            const detail = detailOf(n);
            if (detail) g.append(svg("text", { x: 12, y: 35, class: "detail" }, detail));
            g.append(svg("title", {}, n.id));
            g.addEventListener("click", (ev) => {
                ev.stopPropagation();
                selectNode(n);
            });
            g.addEventListener("keydown", (ev) => {
                if (ev.key === "Enter") selectNode(n);
            });
            nodeLayer.append(g);
            nodeElements.set(n.id, g);
        }
        root.append(nodeLayer, labelLayer);
        canvas.append(root);
        full = { x: 0, y: 0, width, height };
        start();
        enablePanZoom();
        root.addEventListener("click", () => {
            // The click that ends a drag is not a click on the background.
            if (suppressClick) suppressClick = false;
            else clearSelection();
        });
    }

    /** The whole map, scaled to the canvas (a small one up to 1.4:1, no more). */
    function fit() {
        const box = canvas.getBoundingClientRect();
        const scale = Math.min(MAX_SCALE, box.width / full.width, box.height / full.height);
        const w = box.width / scale;
        const h = box.height / scale;
        setView({ x: full.x - (w - full.width) / 2, y: full.y - (h - full.height) / 2, width: w, height: h });
    }

    /** The first view: the map's width at a readable scale (1:1 down to 0.6:1), from its top; a small map is centred. */
    function start() {
        const box = canvas.getBoundingClientRect();
        const scale = Math.min(1, Math.max(READABLE_SCALE, box.width / full.width));
        if (full.height * scale <= box.height) return fit();
        const w = box.width / scale;
        setView({ x: full.x - Math.max(0, (w - full.width) / 2), y: full.y, width: w, height: box.height / scale });
    }

    /** Centres a node at the scale of the first view, so that its callers and resources show beside it. */
    function centerOn(id) {
        const g = nodeElements.get(id);
        if (!g) return;
        const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute("transform"));
        const box = canvas.getBoundingClientRect();
        const scale = Math.min(1, Math.max(READABLE_SCALE, box.width / full.width));
        const w = box.width / scale;
        const h = box.height / scale;
        const x = full.width <= w ? full.x - (w - full.width) / 2 : Number(m[1]) - w / 3;
        setView({ x, y: Number(m[2]) - h / 2, width: w, height: h });
    }

    function enablePanZoom() {
        let drag;
        root.addEventListener("wheel", (ev) => {
            ev.preventDefault();
            const box = root.getBoundingClientRect();
            if (!ev.ctrlKey && !ev.metaKey) {
                // The wheel scrolls (shift: sideways); with Ctrl or Cmd it zooms, as maps do.
                const k = view.width / box.width;
                const dx = ev.shiftKey ? ev.deltaY : ev.deltaX;
                const dy = ev.shiftKey ? 0 : ev.deltaY;
                setView({ ...view, x: view.x + dx * k, y: view.y + dy * k });
                return;
            }
            const px = view.x + ((ev.clientX - box.left) / box.width) * view.width;
            const py = view.y + ((ev.clientY - box.top) / box.height) * view.height;
            const k = Math.exp(ev.deltaY * 0.0015);
            setView({ x: px - (px - view.x) * k, y: py - (py - view.y) * k, width: view.width * k, height: view.height * k });
        });
        root.addEventListener("pointerdown", (ev) => {
            if (ev.target.closest(".node, .edge, .edge-label")) return;
            drag = { x: ev.clientX, y: ev.clientY, view, moved: false };
            root.setPointerCapture(ev.pointerId);
        });
        root.addEventListener("pointermove", (ev) => {
            if (!drag) return;
            const box = root.getBoundingClientRect();
            const dx = ((ev.clientX - drag.x) / box.width) * view.width;
            const dy = ((ev.clientY - drag.y) / box.height) * view.height;
            if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) drag.moved = true;
            setView({ ...drag.view, x: drag.view.x - dx, y: drag.view.y - dy });
        });
        root.addEventListener("pointerup", () => {
            suppressClick = drag !== undefined && drag.moved;
            drag = undefined;
        });
    }

    function clearSelection() {
        root.classList.remove("focus");
        for (const g of [...nodeElements.values(), ...edgeElements.values()]) g.classList.remove("selected", "near");
        for (const t of root.querySelectorAll(".edge-label")) t.classList.remove("near");
        panel.textContent = "";
        panel.append(el("p", { class: "hint" }, "Click a node or an edge to see its documents and the checks about it."));
    }

    function highlight(nodeIds, edgeIds, selected) {
        clearSelection();
        root.classList.add("focus");
        for (const id of nodeIds) nodeElements.get(id)?.classList.add("near");
        for (const id of edgeIds) edgeElements.get(id)?.classList.add("near");
        for (const t of root.querySelectorAll(".edge-label")) if (edgeIds.includes(t.getAttribute("data-edge"))) t.classList.add("near");
        selected.classList.add("selected");
    }

    function selectNode(n) {
        const edges = graph.edges.filter((e) => e.from === n.id || e.to === n.id);
        highlight(
            [n.id, ...edges.map((e) => (e.from === n.id ? e.to : e.from))],
            edges.map((e) => e.id),
            nodeElements.get(n.id),
        );
        panel.textContent = "";
        panel.setAttribute("data-node", n.id);
        panel.removeAttribute("data-edge");
        panel.append(el("h2", {}, n.label));
        const account = accountsById.get(n.account);
        panel.append(
            el("p", { class: "meta" }, `${KIND_TEXT[n.kind] || n.kind} · ${account ? account.label : n.account}${n.stack ? ` · stack ${n.stack}` : ""}`),
        );
        panel.append(el("p", { class: "arn" }, n.id));
        panel.append(verdictLine(n.verdict));
        if (n.detail) panel.append(el("p", {}, n.detail));
        if (n.role) {
            const facts = [];
            if (n.role.maxSessionDuration !== undefined) facts.push(`sessions up to ${n.role.maxSessionDuration} s`);
            if (n.role.permissionsBoundary) facts.push(`permissions boundary ${n.role.permissionsBoundary}`);
            for (const m of n.role.managedPolicyArns) facts.push(`managed policy ${m} (document not rendered)`);
            for (const a of n.role.anyResource || []) facts.push(`on any resource (*): ${a}`);
            if (facts.length) panel.append(list("Role", facts));
        }
        const incoming = graph.edges.filter((e) => e.kind === "assume" && e.to === n.id);
        const outgoing = graph.edges.filter((e) => e.kind === "assume" && e.from === n.id);
        const acts = graph.edges.filter((e) => e.kind === "permission" && (e.from === n.id || e.to === n.id));
        if (incoming.length) panel.append(edgeList("Who may assume it", incoming, (e) => nodesById.get(e.from).label));
        if (outgoing.length) panel.append(edgeList("What it may assume", outgoing, (e) => nodesById.get(e.to).label));
        if (acts.length) {
            panel.append(
                list(
                    n.tier === "resource" ? "Who may act on it" : "What it may do",
                    acts.flatMap((e) =>
                        e.grants.map(
                            (g) =>
                                `${n.tier === "resource" ? `${nodesById.get(e.from).label}: ` : ""}${g.effect === "Deny" ? "DENY " : ""}${g.not ? `${g.not} ` : ""}${g.action} on ${g.resource}${g.condition ? ` when ${g.condition}` : ""}`,
                        ),
                    ),
                ),
            );
        }
        if (n.notes.length) panel.append(list("Notes", n.notes));
        panel.append(checksTable(n.checks));
        panel.append(documents(n.documents));
    }

    function selectEdge(e) {
        highlight([e.from, e.to], [e.id], edgeElements.get(e.id));
        panel.textContent = "";
        panel.setAttribute("data-edge", e.id);
        panel.removeAttribute("data-node");
        const from = nodesById.get(e.from);
        const to = nodesById.get(e.to);
        panel.append(el("h2", {}, `${from.label} → ${to.label}`));
        panel.append(el("p", { class: "meta" }, e.kind === "assume" ? `may assume (${e.access})` : "may act on"));
        panel.append(verdictLine(e.verdict));
        if (e.labels.length) panel.append(list("Conditions", e.labels));
        if (e.kind === "assume") {
            panel.append(
                list(
                    "Trust statements",
                    e.paths.map(
                        (p) =>
                            `${p.sid ? `Sid ${p.sid}` : "statement"}: Principal.AWS ${p.names}${p.principalArns.length ? `, aws:PrincipalArn ${p.principalArns.join(", ")}` : ""} (${p.via}); ${p.actions.join(", ")}`,
                    ),
                ),
            );
            if (e.sources.length) panel.append(list("Trusted source (config key)", e.sources));
        } else {
            panel.append(
                list(
                    "Grants",
                    e.grants.map((g) => `${g.effect} ${g.action} on ${g.resource}${g.condition ? ` when ${g.condition}` : ""}`),
                ),
            );
        }
        panel.append(checksTable(e.checks));
    }

    function verdictLine(verdict) {
        return el("p", { class: `verdict verdict-${verdict}` }, VERDICT_TEXT[verdict]);
    }

    function list(title, items) {
        const box = el("section");
        box.append(el("h3", {}, title));
        const ul = el("ul");
        for (const i of items) ul.append(el("li", {}, i));
        box.append(ul);
        return box;
    }

    function edgeList(title, edges, name) {
        const box = el("section");
        box.append(el("h3", {}, title));
        const ul = el("ul");
        for (const e of edges) {
            const li = el("li", { class: `verdict-${e.verdict}` });
            const a = el("a", { href: "#", "data-edge": e.id }, name(e));
            a.addEventListener("click", (ev) => {
                ev.preventDefault();
                selectEdge(e);
            });
            li.append(a, document.createTextNode(e.labels.length ? `: ${e.labels.join(", ")}` : ""));
            ul.append(li);
        }
        box.append(ul);
        return box;
    }

    function checksTable(checks) {
        const box = el("section", { class: "checks" });
        box.append(el("h3", {}, `Checks (${checks.length})`));
        if (checks.length === 0) {
            box.append(el("p", {}, "The access report has no check about this."));
            return box;
        }
        const table = el("table");
        const head = el("tr");
        for (const h of ["result", "expect", "check"]) head.append(el("th", {}, h));
        table.append(head);
        for (const c of checks) {
            const tr = el("tr", { class: `check verdict-${c.verdict}` });
            tr.append(el("td", {}, c.verdict.toUpperCase()), el("td", {}, c.expect));
            const td = el("td", {}, c.title);
            if (c.why) td.append(el("div", { class: "why" }, c.why));
            tr.append(td);
            table.append(tr);
        }
        box.append(table);
        return box;
    }

    function documents(docs) {
        const box = el("section", { class: "documents" });
        box.append(el("h3", {}, `Documents (${docs.length})`));
        for (const d of docs) {
            const det = el("details", { open: "" });
            det.append(el("summary", {}, `${d.origin} · ${d.input}`));
            det.append(el("pre", {}, JSON.stringify(d.document, null, 2)));
            box.append(det);
        }
        return box;
    }

    function search(text) {
        const q = text.trim().toLowerCase();
        for (const [id, g] of nodeElements) {
            const n = nodesById.get(id);
            g.classList.toggle("match", q !== "" && (n.label.toLowerCase().includes(q) || id.toLowerCase().includes(q)));
        }
        root.classList.toggle("searching", q !== "");
        return graph.nodes.find((n) => q !== "" && nodeElements.get(n.id).classList.contains("match"));
    }

    document.getElementById("summary").textContent = summaryText();
    legend();
    const started = performance.now();
    new ELK()
        .layout(elkGraph())
        .then((laidOut) => {
            draw(laidOut);
            document.body.setAttribute("data-layout-ms", String(Math.round(performance.now() - started)));
            document.body.setAttribute("data-state", "ready");
        })
        .catch((err) => {
            const status = el("p", { id: "status", class: "error" }, `The layout failed: ${err && err.message ? err.message : String(err)}`);
            canvas.textContent = "";
            canvas.append(status);
            document.body.setAttribute("data-state", "error");
        });
    const input = document.getElementById("search");
    input.addEventListener("input", () => root && search(input.value));
    input.addEventListener("keydown", (ev) => {
        if (ev.key !== "Enter" || !root) return;
        const first = search(input.value);
        if (first) {
            selectNode(first);
            centerOn(first.id);
        }
    });
    document.getElementById("fit").addEventListener("click", () => root && fit());
    window.addEventListener("resize", () => root && fit());
})();
