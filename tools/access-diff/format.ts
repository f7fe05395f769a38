/**
 * The access diff as printed: plain lines for a terminal or a CI log, or Markdown for a pull request
 * comment. Pure.
 */
import { changeCounts, changeLines } from "./changes";
import type { Change } from "./kinds";

export interface DiffHeading {
    /** What was compared against: `main (3f2c1ab)`, `examples/ec2-logs`. */
    base: string;
    /** What is compared: the config directory rendered now. */
    head: string;
    notes: readonly string[];
}

/** Text: a heading, one `KIND: text` line per change, and the counts. */
export function formatDiffText(changes: readonly Change[], h: DiffHeading): string {
    const lines = [`Access diff: ${h.base} -> ${h.head} (rendered documents and simulations)`, ...h.notes.map((n) => `note: ${n}`)];
    if (changes.length === 0) lines.push("No change: the same principals may assume the same roles, under the same conditions, with the same permissions.");
    else lines.push(...changeLines(changes), `${changes.length} change${changes.length === 1 ? "" : "s"}: ${changeCounts(changes)}.`);
    return lines.join("\n") + "\n";
}

/** Markdown for a pull request comment: a heading, the counts, one bullet per change. */
export function formatDiffMarkdown(changes: readonly Change[], h: DiffHeading): string {
    const lines = [`### Access diff: \`${code(h.base)}\` → \`${code(h.head)}\``, ""];
    for (const n of h.notes) lines.push(`> ${markdownText(n)}`, "");
    if (changes.length === 0) {
        lines.push("No change: the same principals may assume the same roles, under the same conditions, with the same permissions.");
    } else {
        lines.push(`${changes.length} change${changes.length === 1 ? "" : "s"}: ${changeCounts(changes)}.`, "");
        for (const c of changes) lines.push(`- **${c.kind}** ${markdownText(c.text)}`);
    }
    lines.push("", "<sub>Derived from the rendered policy documents and the access report's simulations (`npm start -- --diff`).</sub>");
    return lines.join("\n") + "\n";
}

/** Text with Markdown's inline syntax escaped (`*`, `_`, brackets, `<`, `|`, backticks, `#`, `~`). */
export function markdownText(text: string): string {
    return text.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}

function code(text: string): string {
    return text.replace(/`/g, "'");
}
