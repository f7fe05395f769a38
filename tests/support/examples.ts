/**
 * The example stack configurations under examples/, rendered from their files exactly as
 * `npm start -- --dir examples/<example>` does, once per test run: every test file that reads an
 * example shares the same render (a module-level memo; the renders are read, never mutated).
 */
import * as path from "path";
import { RenderedStack, renderStacks } from "../../tools/render/stacks";

export const REPO = path.resolve(__dirname, "..", "..");
export const EXAMPLES_DIR = path.join(REPO, "examples");
/** One per seed scenario, sorted as the directory lists them. */
export const EXAMPLES = [
    "audit-ou",
    "developers-s3-read",
    "ec2-dynamodb-backup",
    "ec2-logs",
    "github-actions-deploy",
    "job-and-people",
    "saml-role",
    "sso-log-reader",
    "user-list-buckets",
    "vendor-external-id",
] as const;
export type ExampleName = (typeof EXAMPLES)[number];

export interface RenderedExample {
    a: RenderedStack;
    b: RenderedStack;
}

const renders = new Map<string, Promise<RenderedExample>>();

/** Both stacks of an example (account-b first, its outputs backing account-a's StackReference), rendered once. */
export function renderExample(name: ExampleName): Promise<RenderedExample> {
    let render = renders.get(name);
    if (render === undefined) {
        render = renderBothFromFiles(path.join(EXAMPLES_DIR, name));
        renders.set(name, render);
    }
    return render;
}

async function renderBothFromFiles(dir: string): Promise<RenderedExample> {
    const stacks = await renderStacks(dir, ["account-b", "account-a"]);
    const a = stacks.find((s) => s.stack === "account-a");
    const b = stacks.find((s) => s.stack === "account-b");
    if (!a || !b) throw new Error(`${path.relative(REPO, dir)}: rendered ${stacks.map((s) => s.stack).join(", ")}`);
    return { a, b };
}
