/**
 * out/access.html in a real browser: Debian's Chromium, headless, driven by playwright-core, with a
 * fresh profile under the test's temporary folder. Counts what the page draws against the render,
 * clicks a role and reads its panel, lays out 50 roles, and parses the Mermaid text with Mermaid itself.
 *
 * Skipped when Chromium is missing; under REQUIRE_BROWSER=1 (set by .ci/run) that is a failure instead.
 * `ACCESS_MAP_DOCS_SCREENSHOT=1` also writes docs/access-map.png (the README's picture).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { BrowserContext, Page, chromium } from "playwright-core";
import { accessGraph } from "../tools/access-map/graph";
import { toMermaid } from "../tools/access-map/mermaid";
import type { AccessGraph } from "../tools/access-map/model";
import { main } from "../tools/render/main";
import { EXAMPLES, ROOT, fiftyRoleDir, renderDir, tempDir } from "./access-map-fixtures";

/** The Chromium the test drives (`CHROMIUM_PATH` overrides Debian's). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The flags the brief of this project gives for a headless Chromium without network or first-run noise (headless is playwright's). */
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

/** Undefined when the browser test can run, else why it is skipped; with REQUIRE_BROWSER=1 a missing browser throws. */
export function browserSkipReason(env: NodeJS.ProcessEnv, executable = CHROMIUM): string | undefined {
    if (fs.existsSync(executable)) return undefined;
    if (env.REQUIRE_BROWSER === "1") {
        throw new Error(
            `${executable} is missing, but REQUIRE_BROWSER=1 (set by .ci/run) requires the browser test of the access map to run: apt-get install -y chromium`,
        );
    }
    return `${executable} is missing (apt-get install -y chromium)`;
}

async function render(dir: string, out: string): Promise<number> {
    return main(
        ["--dir", dir, "--out", out],
        () => undefined,
        () => undefined,
    );
}

interface Opened {
    page: Page;
    requests: string[];
    errors: string[];
}

describe("access map in headless Chromium (playwright-core)", function () {
    this.timeout(240_000);
    const temp = tempDir("access-map-browser-");
    let context: BrowserContext | undefined;

    before(async function () {
        const reason = browserSkipReason(process.env);
        if (reason) {
            console.log(`      (skipped: ${reason})`);
            this.skip();
        }
        context = await chromium.launchPersistentContext(path.join(temp, "profile"), {
            executablePath: CHROMIUM,
            headless: true,
            args: FLAGS,
            viewport: { width: 1400, height: 820 },
        });
    });

    after(async () => {
        await context?.close();
        console.log(`      (screenshots in ${temp})`);
    });

    async function open(file: string): Promise<Opened> {
        const page = await context!.newPage();
        const requests: string[] = [];
        const errors: string[] = [];
        page.on("request", (r) => requests.push(r.url()));
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("console", (m) => {
            if (m.type() === "error") errors.push(m.text());
        });
        await page.goto(`file://${file}`);
        await page.waitForSelector("body[data-state]", { timeout: 120_000 });
        assert.equal(await page.getAttribute("body", "data-state"), "ready");
        return { page, requests, errors };
    }

    async function drawn(page: Page): Promise<{ nodes: string[]; edges: string[] }> {
        return {
            nodes: await page.$$eval("#map .node", (els) => els.map((e) => e.getAttribute("data-id") ?? "").sort()),
            edges: await page.$$eval("#map .edge", (els) => els.map((e) => e.getAttribute("data-id") ?? "").sort()),
        };
    }

    it("draws every node and edge of the render of job-and-people, asks for nothing but the file, and shows a role's documents and checks on click", async () => {
        const out = path.join(temp, "job-and-people");
        assert.equal(await render(path.join(EXAMPLES, "job-and-people"), out), 0);
        const graph = accessGraph(await renderDir(path.join(EXAMPLES, "job-and-people")));
        const file = path.join(out, "access.html");
        const { page, requests, errors } = await open(file);
        assert.deepEqual(await drawn(page), { nodes: graph.nodes.map((n) => n.id).sort(), edges: graph.edges.map((e) => e.id).sort() });
        assert.deepEqual(await page.$$eval("#map .account text", (els) => [...new Set(els.map((e) => e.textContent))].sort()), [
            "account-a · 111111111111",
            "account-b · 222222222222",
        ]);

        const role = "arn:aws:iam::111111111111:role/audit-reader";
        await page.click(`#map .node[data-id="${role}"]`);
        assert.equal(await page.textContent("#panel h2"), "role/audit-reader");
        assert.equal(await page.getAttribute("#panel", "data-node"), role);
        assert.equal(await page.textContent("#panel p.verdict"), "all checks pass");
        assert.equal(await page.locator("#panel tr.check").count(), 23);
        assert.equal(await page.locator("#panel tr.check.verdict-pass").count(), 23);
        assert.deepEqual(await page.$$eval("#panel section:has(h3:text-is('Who may assume it')) li a", (els) => els.map((e) => e.textContent)), [
            "group/people/operators",
            "role/jobs/nightly-job",
        ]);
        const documents = await page.$$eval("#panel .documents pre", (els) => els.map((e) => JSON.parse(e.textContent ?? "null") as unknown));
        const stackFile = JSON.parse(fs.readFileSync(path.join(out, "account-a.json"), "utf8")) as {
            resources: Array<{ type: string; inputs: Record<string, unknown> }>;
        };
        assert.equal(documents.length, 3);
        assert.deepEqual(documents[0], stackFile.resources.find((r) => r.type === "aws:iam/role:Role")!.inputs.assumeRolePolicy);
        // Selection dims everything that is not about the role.
        assert.equal(await page.locator("#map.focus .node.near").count(), 5);

        await page.screenshot({ path: path.join(temp, "access-map-job-and-people.png") });
        if (process.env.ACCESS_MAP_DOCS_SCREENSHOT === "1") await page.screenshot({ path: path.join(ROOT, "docs", "access-map.png") });
        assert.ok(fs.statSync(path.join(temp, "access-map-job-and-people.png")).size > 10_000);
        assert.deepEqual(requests, [`file://${file}`]);
        assert.deepEqual(errors, []);

        // An edge's panel: its conditions and the report's rows for that source.
        await page.dispatchEvent(`#map .edge[data-from="arn:aws:iam::222222222222:group/people/operators"]`, "click");
        assert.equal(await page.textContent("#panel h2"), "group/people/operators → role/audit-reader");
        assert.deepEqual(await page.$$eval("#panel section:has(h3:text-is('Conditions')) li", (els) => els.map((e) => e.textContent)), [
            "PrincipalArn user/*",
            "MFA ≤ 1800 s",
        ]);
        assert.equal(await page.locator("#panel tr.check").count(), 8);
        await page.close();
    });

    it("keeps 50 roles readable: no two nodes overlap, no label covers a node, a search finds and centres a role", async () => {
        const out = path.join(temp, "fifty");
        // Exit 5: B's root (role-10, role-20, ...) leaves UNPROVEN rows. role-35 used to fail its MFA row (dave could skip
        // MFA through the auditors group's user/* statement); config now refuses that, so nothing fails.
        assert.equal(await render(fiftyRoleDir(), out), 5);
        const { page, errors } = await open(path.join(out, "access.html"));
        const layoutMs = Number(await page.getAttribute("body", "data-layout-ms"));
        console.log(`      (50 roles: laid out by ELK in ${layoutMs} ms in the browser)`);
        const { nodes, edges } = await drawn(page);
        assert.deepEqual([nodes.length, edges.length], [86, 122]);
        const boxes = await page.$$eval("#map .node rect, #map .edge-label rect", (els) =>
            els.map((e) => {
                const b = (e as any).getBoundingClientRect() as { x: number; y: number; width: number; height: number };
                return { node: e.closest(".node") !== null, x: b.x, y: b.y, w: b.width, h: b.height };
            }),
        );
        const overlap = (a: (typeof boxes)[number], b: (typeof boxes)[number]) =>
            a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
        const pairs: string[] = [];
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => (a.node || b.node) && overlap(a, b) && pairs.push(JSON.stringify([a, b]))));
        assert.deepEqual(pairs, []);

        await page.fill("#search", "role-35");
        await page.press("#search", "Enter");
        assert.equal(await page.textContent("#panel h2"), "role/apps/role-35");
        assert.equal(await page.textContent("#panel p.verdict"), "all checks pass");
        assert.equal(
            await page
                .locator(
                    '#map .edge.verdict-pass[data-from="arn:aws:iam::222222222222:user/people/dave"][data-to="arn:aws:iam::111111111111:role/apps/role-35"]',
                )
                .count(),
            1,
        );
        assert.ok(await page.locator("#map .node.selected").isVisible());
        await page.screenshot({ path: path.join(temp, "access-map-fifty-roles.png") });
        assert.deepEqual(errors, []);
        await page.close();
    });

    it("the Mermaid text of every example and of 50 roles parses and renders in Mermaid, labels intact", async () => {
        const page = await context!.newPage();
        await page.setContent('<html><body><div id="out"></div></body></html>');
        await page.addScriptTag({ path: require.resolve("mermaid/dist/mermaid.min.js") });
        // The callbacks run in the page (no DOM types in this project's tsconfig): globalThis is the window there.
        await page.evaluate(() => (globalThis as any).mermaid.initialize({ startOnLoad: false }));
        const renderMermaid = (text: string) =>
            page.evaluate(async (t) => {
                const m = (globalThis as any).mermaid as { render(id: string, t: string): Promise<{ svg: string }> };
                const { svg } = await m.render(`m${Math.random().toString(36).slice(2)}`, t);
                const out = (globalThis as any).document.getElementById("out");
                out.innerHTML = svg;
                return {
                    nodes: out.querySelectorAll("g.node").length as number,
                    edges: out.querySelectorAll("path.flowchart-link").length as number,
                    text: (out.textContent ?? "") as string,
                };
            }, text);
        const graphs: Array<[string, AccessGraph]> = [];
        for (const example of fs.readdirSync(EXAMPLES)) graphs.push([example, accessGraph(await renderDir(path.join(EXAMPLES, example)))]);
        graphs.push(["fifty roles", accessGraph(await renderDir(fiftyRoleDir()))]);
        for (const [name, graph] of graphs) {
            const drawnHere = await renderMermaid(toMermaid(graph));
            assert.deepEqual([drawnHere.nodes, drawnHere.edges], [graph.nodes.length, graph.edges.length], name);
        }
        // Labels with every character Mermaid is picky about come out as written.
        const [, base] = graphs[0];
        const nasty = 'role/"quoted" #1 <b>x</b> & a|b `c` [d]: (e) {f}';
        const edited: AccessGraph = { ...base, nodes: base.nodes.map((n, i) => (i === 0 ? { ...n, label: nasty } : n)) };
        const result = await renderMermaid(toMermaid(edited));
        assert.ok(result.text.includes(nasty), result.text);
        await page.close();
    });
});

describe("access map: CI runs the browser test, never skips it", () => {
    const ciRun = path.join(ROOT, ".ci", "run");
    let dir: string;
    let bin: string;

    before(() => {
        dir = tempDir("access-map-ci-");
        bin = path.join(dir, "bin");
        fs.mkdirSync(bin);
        // Stand-ins: moto_server, aws and cfn-lint pass .ci/run's first checks; npm records its arguments and REQUIRE_BROWSER; nothing runs for real.
        for (const tool of ["moto_server", "aws", "cfn-lint"]) fs.writeFileSync(path.join(bin, tool), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        fs.writeFileSync(path.join(bin, "npm"), '#!/bin/sh\necho "npm $* REQUIRE_BROWSER=$REQUIRE_BROWSER CHROMIUM_PATH=$CHROMIUM_PATH" >> "$NPM_LOG"\n', {
            mode: 0o755,
        });
        fs.writeFileSync(path.join(bin, "dirname"), `#!/bin/sh\nexec '${onPath("dirname")}' "$@"\n`, { mode: 0o755 });
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function onPath(name: string): string {
        const found = (process.env.PATH ?? "")
            .split(":")
            .map((d) => path.join(d, name))
            .find((f) => fs.existsSync(f));
        assert.ok(found, `${name} is on PATH`);
        return found;
    }

    it("without Chromium the browser test is skipped with a reason, and fails instead under REQUIRE_BROWSER=1", () => {
        const missing = path.join(dir, "no-chromium");
        assert.equal(browserSkipReason({}, missing), `${missing} is missing (apt-get install -y chromium)`);
        assert.throws(() => browserSkipReason({ REQUIRE_BROWSER: "1" }, missing), {
            message: `${missing} is missing, but REQUIRE_BROWSER=1 (set by .ci/run) requires the browser test of the access map to run: apt-get install -y chromium`,
        });
    });

    it(".ci/run stops with exit 1 before installing anything when Chromium is missing and apt-get cannot be used", () => {
        const npmLog = path.join(dir, "npm-missing.log");
        const missing = path.join(dir, "no-chromium");
        const r = spawnSync(onPath("bash"), [ciRun], {
            env: { PATH: bin, NPM_LOG: npmLog, HOME: dir, CHROMIUM_PATH: missing },
            encoding: "utf8",
            timeout: 10000,
        });
        assert.deepEqual(
            [r.status, r.stdout, r.stderr],
            [1, "", `ci: ${missing} is missing and could not be installed, and CI must run the browser test of the access map: apt-get install -y chromium\n`],
        );
        assert.ok(!fs.existsSync(npmLog));
    });

    it(".ci/run runs npm test with REQUIRE_BROWSER=1 and the Chromium it found exported", () => {
        const npmLog = path.join(dir, "npm.log");
        const chromiumStandIn = path.join(bin, "chromium");
        fs.writeFileSync(chromiumStandIn, "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        const r = spawnSync(onPath("bash"), [ciRun], {
            env: { PATH: bin, NPM_LOG: npmLog, HOME: dir, CHROMIUM_PATH: chromiumStandIn },
            encoding: "utf8",
            timeout: 10000,
        });
        assert.deepEqual([r.status, r.stderr], [0, ""]);
        assert.ok(fs.readFileSync(npmLog, "utf8").includes(`npm test REQUIRE_BROWSER=1 CHROMIUM_PATH=${chromiumStandIn}\n`));
    });
});
