/**
 * The access map as a Mermaid flowchart (`npm start -- --format mermaid`), which GitHub and GitLab
 * draw in a pull request's description or comment. Same nodes and edges as out/access.html: accounts
 * as subgraphs; principals as stadiums, roles as boxes, resources as cylinders; one link per edge,
 * coloured by the report's verdict; trust-only and grant-only links dotted. Pure.
 *
 * Mermaid is picky: every label is quoted, and inside quotes the characters that Mermaid or the
 * HTML it emits would read (`"`, `#`, `&`, `<`, `>`, `|`, backtick) are written as its entity codes
 * (`#quot;`, `#35;`, ...). Node ids are generated (`n0`, `n1`, ...), never taken from ARNs.
 */
import type { AccessGraph, CheckVerdict, MapNode } from "./model";

const VERDICT_COLOURS: Readonly<Record<CheckVerdict, string>> = { pass: "#2e7d32", fail: "#c62828", unproven: "#b26a00", unchecked: "#78909c" };

/** The flowchart text, ending with a newline. */
export function toMermaid(graph: AccessGraph): string {
    const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
    const lines = ["flowchart LR"];
    graph.accounts.forEach((account, i) => {
        const members = graph.nodes.filter((n) => n.account === account.id);
        if (members.length === 0) return;
        lines.push(`    subgraph a${i}["${mermaidText(account.label)}"]`);
        for (const n of members) lines.push(`        ${ids.get(n.id)}${shape(n)}`);
        lines.push("    end");
    });
    const styles = new Map<string, number[]>();
    graph.edges.forEach((e, i) => {
        const dotted = e.kind === "assume" && e.access !== "effective";
        const arrow = dotted ? "-.->" : "-->";
        const label = e.labels.join(", ");
        lines.push(`    ${ids.get(e.from)} ${arrow}${label ? `|"${mermaidText(label)}"|` : ""} ${ids.get(e.to)}`);
        const style = `stroke:${VERDICT_COLOURS[e.verdict]},stroke-width:${e.verdict === "fail" ? 3 : 2}px`;
        styles.set(style, [...(styles.get(style) ?? []), i]);
    });
    for (const [style, indexes] of styles) lines.push(`    linkStyle ${indexes.join(",")} ${style}`);
    for (const [verdict, colour] of Object.entries(VERDICT_COLOURS)) {
        const members = graph.nodes.filter((n) => n.verdict === verdict).map((n) => ids.get(n.id));
        if (members.length === 0) continue;
        lines.push(`    classDef ${verdict} stroke:${colour},stroke-width:${verdict === "fail" ? 3 : 2}px`);
        lines.push(`    class ${members.join(",")} ${verdict}`);
    }
    return lines.join("\n") + "\n";
}

/** A node's shape and label: principals `([..])`, roles `[..]`, resources `[(..)]`. */
function shape(n: MapNode): string {
    const detail = [n.detail, n.role?.anyResource?.length ? `on *: ${n.role.anyResource.join(", ")}` : undefined].filter((x) => x !== undefined);
    const text = [n.label, ...detail].map(mermaidText).join("<br/>");
    if (n.tier === "principal") return `(["${text}"])`;
    if (n.tier === "resource") return `[("${text}")]`;
    return `["${text}"]`;
}

/** Text safe inside a quoted Mermaid label: Mermaid's entity codes for what it or HTML would read. */
export function mermaidText(text: string): string {
    return text.replace(/[#"&<>|`\n]/g, (c) =>
        c === "\n" ? "<br/>" : ({ "#": "#35;", '"': "#quot;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "|": "#124;", "`": "#96;" } as Record<string, string>)[c],
    );
}
