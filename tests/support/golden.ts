/**
 * Golden files: a value compared whole (deep-equal) with the JSON file that holds it as last reviewed.
 *
 *   UPDATE_GOLDEN=1 npm test    rewrites every golden file from the current value instead of comparing;
 *                               review the result with `git diff tests/fixtures/` before committing it.
 *
 * Files are written as Prettier formats JSON in this repository (so `npm run lint` stays green), through
 * a temporary file and a rename (never half-written). Formatting is not compared, only the parsed value.
 */
import { AssertionError, strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as prettier from "prettier";
import { isDeepStrictEqual } from "util";

/** The one switch: set to 1 to regenerate the golden files. */
const UPDATE_GOLDEN_VARIABLE = "UPDATE_GOLDEN";
const REPO = path.resolve(__dirname, "..", "..");

function updatingGoldenFiles(env: NodeJS.ProcessEnv = process.env): boolean {
    return env[UPDATE_GOLDEN_VARIABLE] === "1";
}

/**
 * Asserts that `actual` deep-equals the JSON in `file`; on a difference the message names the file and
 * the switch, and mocha prints the diff ("+ expected": the golden file, "- actual": this render).
 * Under UPDATE_GOLDEN=1, writes `actual` to `file` and passes.
 */
export async function assertGolden(file: string, actual: unknown): Promise<void> {
    const shown = path.relative(REPO, file);
    if (updatingGoldenFiles()) {
        await writeGolden(file, actual);
        return;
    }
    if (!fs.existsSync(file)) assert.fail(`${shown}: no golden file yet; write it with ${UPDATE_GOLDEN_VARIABLE}=1 npm test, then review it`);
    const expected: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    // Through JSON, as the file holds it: an undefined property is absent, as it would be in the file.
    const rendered: unknown = JSON.parse(JSON.stringify(actual));
    if (isDeepStrictEqual(rendered, expected)) return;
    // No operator: the message stays this one line, and mocha prints one unified diff of the two values.
    throw new AssertionError({
        message: `${shown} does not hold this render; if the change is intended, run ${UPDATE_GOLDEN_VARIABLE}=1 npm test and review git diff ${shown}`,
        actual: rendered,
        expected,
    });
}

async function writeGolden(file: string, value: unknown): Promise<void> {
    const options = (await prettier.resolveConfig(file)) ?? {};
    // Indented first: Prettier keeps an object that spans lines expanded (one key a line, so a diff names the key).
    const text = await prettier.format(JSON.stringify(value, null, 2), { ...options, filepath: file });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
}
