/**
 * out/access.html: the access map as ONE self-contained page. The graph (as JSON), ELK.js's browser
 * build (the layout), the page's script and its styles are inlined; a Content-Security-Policy of
 * `default-src 'none'` keeps the page from loading anything at all. No font is fetched: the page uses
 * the system's sans-serif. The page lays the graph out with ELK when it opens (page.js).
 */
import * as fs from "fs";
import * as path from "path";
import type { AccessGraph } from "./model";

/** What the page inlines besides the graph. */
export interface PageAssets {
    /** ELK.js's browser build (`elkjs/lib/elk.bundled.js`), defining the global `ELK`; like `script`, safe inside a script element. */
    layoutLibrary: string;
    script: string;
    style: string;
}

/** The page's Content-Security-Policy: inline scripts and styles only, no request of any kind. */
export const PAGE_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

let cached: PageAssets | undefined;

/** Reads the inlined files once per process. */
export function pageAssets(): PageAssets {
    cached ??= {
        layoutLibrary: scriptSafe(fs.readFileSync(require.resolve("elkjs/lib/elk.bundled.js"), "utf8")),
        script: scriptSafe(fs.readFileSync(path.join(__dirname, "page.js"), "utf8")),
        style: fs.readFileSync(path.join(__dirname, "page.css"), "utf8"),
    };
    return cached;
}

/** The whole page. Pure and deterministic (no time stamp: the same render gives the same file). */
export function accessHtml(graph: AccessGraph, assets: PageAssets, title: string): string {
    return accessHtmlParts(graph, assets, title).join("");
}

/**
 * The page in pieces, in order, the 1.6 MB layout library one piece of its own: written one after the
 * other, the page is never built as one string (that copy cost more than all the rest of the map).
 */
export function accessHtmlParts(graph: AccessGraph, assets: PageAssets, title: string): string[] {
    const head = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>${escapeHtml(title)}</title>`,
        `<style>\n${assets.style}\n</style>`,
        "</head>",
        "<body>",
        '<header id="top">',
        `  <h1>${escapeHtml(title)}</h1>`,
        '  <p id="summary"></p>',
        '  <div id="tools"><input id="search" type="search" placeholder="Find a role, principal or resource" aria-label="Find a node">',
        '  <button id="fit" type="button">Whole map</button> <span class="hint">wheel: scroll · Ctrl+wheel: zoom · drag: move</span> <span id="legend"></span></div>',
        "</header>",
        '<main><div id="canvas"><p id="status">Laying out the map…</p></div>',
        '<aside id="panel" aria-live="polite"><p class="hint">Click a node or an edge to see its documents and the checks about it.</p></aside></main>',
        `<script type="application/json" id="graph-data">${scriptSafeJson(graph)}</script>`,
        "<script>\n",
    ].join("\n");
    const tail = ["\n</script>", `<script>\n${assets.script}\n</script>`, "</body>", "</html>", ""].join("\n");
    return [head, assets.layoutLibrary, tail];
}

/** JSON that cannot end its script element or break a JavaScript parser (`<`, U+2028, U+2029 escaped). */
export function scriptSafeJson(value: unknown): string {
    return JSON.stringify(value)
        .replace(/</g, "\\u003c")
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029");
}

/** Script text that cannot close its element early (read once: the library is 1.6 MB). */
export function scriptSafe(source: string): string {
    return /<\/script/i.test(source) ? source.replace(/<\/(script)/gi, "<\\/$1") : source;
}

export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
