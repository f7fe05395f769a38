/**
 * What `npm start` does with the access map after a render: builds out/access.html (the render CLI writes
 * it with the other out/ files, all or nothing: tools/shared/files.ts), and for `--format mermaid|markdown`
 * prints the map, for `--diff` renders the base and prints the access diff. The render CLI calls
 * `accessMapStep` once, so the flags live here and not in its parser.
 */
import * as path from "path";
import { renderBase } from "../access-diff/base";
import { diffGraphs } from "../access-diff/changes";
import { formatDiffMarkdown, formatDiffText } from "../access-diff/format";
import { accessGraph } from "./graph";
import { accessHtmlParts, pageAssets } from "./html";
import { RENDER_EXIT } from "../shared/cli";
import { toMermaid } from "./mermaid";
import type { AccessGraph, ReportDocuments, StackDocuments } from "./model";

/** `--format`: how the command prints (`--json` is `json`). */
export type OutputFormat = "text" | "json" | "mermaid" | "markdown";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "mermaid", "markdown"];

/** The usage lines of the map's flags. */
export const MAP_USAGE_LINES = [
    "  --format FMT    text (default), json (= --json), mermaid (the access map as a Mermaid flowchart),",
    "                  markdown (the map, or with --diff the diff, for a pull request comment)",
    "  --diff BASE     also render BASE (a config directory, rendered with this code; or a git ref,",
    "                  rendered with its own code and config) and print what changed in access",
    "out/access.html (the access map) is written next to the <stack>.json files on every run.",
];

/** Reads `--format`'s value; throws with the expected values. */
export function parseFormat(value: string): OutputFormat {
    if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
    throw new Error(`--format ${value}: expected one of ${OUTPUT_FORMATS.join(", ")}`);
}

export interface MapStepInput {
    /** The written stacks (out/<stack>.json contents, redacted). */
    stacks: StackDocuments[];
    reports: ReportDocuments[];
    out: string;
    /** The config directory, for the page title and the diff heading. */
    dir: string;
    repoRoot: string;
    stackNames: readonly string[];
    format: OutputFormat;
    diff?: string;
    /** Renders a config directory with this checkout's code: the written stacks and the report, as above. */
    renderDir: (dir: string) => Promise<{ stacks: StackDocuments[]; reports: ReportDocuments[] }>;
    stdout: (s: string) => void;
}

export interface MapStepResult {
    graph: AccessGraph;
    /** Where the page goes (out/access.html). */
    file: string;
    /** The page, in pieces to write one after the other (not joined: it holds ELK, a few MB). */
    parts: readonly string[];
    /** Set when this step printed the command's whole output: the exit code it asks for (before report failures). */
    printed?: { code: number };
}

/** Builds the map and out/access.html (for the caller to write), and prints what `--format` / `--diff` ask for. */
export async function accessMapStep(input: MapStepInput): Promise<MapStepResult> {
    const graph = accessGraph({ stacks: input.stacks, reports: input.reports });
    const where = path.relative(input.repoRoot, input.dir) || ".";
    const file = path.join(input.out, "access.html");
    const parts = accessHtmlParts(graph, pageAssets(), `Access map · ${where}`);
    if (input.diff !== undefined) {
        const base = await renderBase({ spec: input.diff, repoRoot: input.repoRoot, dir: input.dir, stacks: input.stackNames, renderDir: input.renderDir });
        const changes = diffGraphs(accessGraph({ stacks: base.stacks, reports: base.reports }), graph);
        const heading = { base: base.label, head: where, notes: base.notes };
        input.stdout(input.format === "markdown" ? formatDiffMarkdown(changes, heading) : formatDiffText(changes, heading));
        return { graph, file, parts, printed: { code: changes.length > 0 ? RENDER_EXIT.changed : RENDER_EXIT.ok } };
    }
    if (input.format === "mermaid") {
        input.stdout(toMermaid(graph));
        return { graph, file, parts, printed: { code: RENDER_EXIT.ok } };
    }
    if (input.format === "markdown") {
        input.stdout(mapMarkdown(graph, where));
        return { graph, file, parts, printed: { code: RENDER_EXIT.ok } };
    }
    return { graph, file, parts };
}

/** The map for a pull request: a heading, the counts, and the Mermaid flowchart in a fence. */
export function mapMarkdown(graph: AccessGraph, where: string): string {
    const s = graph.summary;
    return [
        `### Access map: \`${where}\``,
        "",
        `${count(s.roles, "role")}, ${count(s.principals, "principal")}, ${count(s.resources, "resource")}; checks: ${s.passed} passed, ${s.failed} failed, ${s.unproven} UNPROVEN.`,
        "",
        "```mermaid",
        toMermaid(graph).trimEnd(),
        "```",
        "",
    ].join("\n");
}

function count(n: number, noun: string): string {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
