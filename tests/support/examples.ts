/**
 * The example stack configurations under examples/, rendered from their files exactly as
 * `npm start -- --dir examples/<example>` does, once per test run: every test file that reads an
 * example shares the same render (a module-level memo; the renders are read, never mutated).
 */
import * as path from "path";
import { RenderedStack, defaultNamedStacks, renderStacks } from "../../tools/render/stacks";

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
    "multi-account",
    "saml-role",
    "shared-services",
    "sso-log-reader",
    "user-list-buckets",
    "vendor-external-id",
] as const;
/** The examples that name their accounts (issue 16): a stack file per account, not account-a and account-b. */
export const NAMED_ACCOUNT_EXAMPLES = ["multi-account", "shared-services"] as const;
export type NamedAccountExampleName = (typeof NAMED_ACCOUNT_EXAMPLES)[number];
/** The two-account examples: stacks account-b and account-a. */
export type ExampleName = Exclude<(typeof EXAMPLES)[number], NamedAccountExampleName>;

export function isNamedAccountExample(name: string): name is NamedAccountExampleName {
    return (NAMED_ACCOUNT_EXAMPLES as readonly string[]).includes(name);
}

export interface RenderedExample {
    a: RenderedStack;
    b: RenderedStack;
}

const renders = new Map<string, Promise<RenderedExample>>();
const namedRenders = new Map<string, Promise<RenderedStack[]>>();

/** Every stack of an example in the order npm start renders them (two-account: account-b, account-a), rendered once. */
export async function renderExampleStacks(name: (typeof EXAMPLES)[number]): Promise<RenderedStack[]> {
    if (!isNamedAccountExample(name)) {
        const { a, b } = await renderExample(name);
        return [b, a];
    }
    let render = namedRenders.get(name);
    if (render === undefined) {
        const dir = path.join(EXAMPLES_DIR, name);
        const stacks = defaultNamedStacks(dir);
        if (!stacks) throw new Error(`examples/${name}: names no accounts`);
        render = renderStacks(dir, stacks);
        namedRenders.set(name, render);
    }
    return render;
}

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
