/** `npm start` run in process (tools/render/main.ts `main`): its exit code and what it wrote to each stream. */
import { main } from "../../tools/render/main";

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
