/** `npm start` run in process (tools/render/main.ts `main`): its exit code and what it wrote to each stream. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { main } from "../../tools/render/main";

const ROOT = path.resolve(__dirname, "..", "..");

/** A temporary directory with a copy of the repository's own Pulumi.yaml and the given stack files. */
export function repositoryWith(stacks: Record<string, Record<string, unknown>>, prefix = "repository-"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const [stack, config] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
    return dir;
}

export async function runStart(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(
        args,
        (s) => (stdout += s),
        (s) => (stderr += s),
    );
    return { code, stdout, stderr };
}
