/**
 * The base of `npm start -- --diff <dir | git ref>`: the rendered stacks and the access report the
 * comparison starts from.
 *
 * - A directory: that config directory, rendered by THIS checkout's code (the `renderDir` it is given).
 * - A git ref: the base's own code AND config. `git archive <ref>` is unpacked into a temporary
 *   directory, which borrows this checkout's node_modules through a symlink; the base's own `npm start`
 *   renders there with `--out <temp> --json`, and its out/<stack>.json files and its JSON report are
 *   read back. The config directory is the same path relative to the repository (an outside
 *   directory is used as is). The temporary directory is removed afterwards.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ReportDocuments, StackDocuments } from "../access-map/model";

/** What a base render yields: the stack files and the access report(s), as out/*.json and `--json` hold them. */
export interface RenderedBase {
    /** `examples/ec2-logs` or `main (3f2c1ab)`: what the diff compares against, for the heading. */
    label: string;
    stacks: StackDocuments[];
    reports: ReportDocuments[];
    /** Facts a reader should know about the base (e.g. its config directory does not exist there). */
    notes: string[];
}

/** A problem with the base; `code` is the exit code to return (1: its config is invalid; 2: anything else). */
export class BaseError extends Error {
    constructor(
        message: string,
        readonly code: 1 | 2,
    ) {
        super(message);
        this.name = "BaseError";
    }
}

export interface BaseRequest {
    /** The `--diff` argument. */
    spec: string;
    /** The repository this checkout is (where git runs, and whose node_modules the base borrows). */
    repoRoot: string;
    /** The head's config directory (`--dir`). */
    dir: string;
    stacks: readonly string[];
    /** Renders a config directory with this checkout's code. */
    renderDir: (dir: string) => Promise<{ stacks: StackDocuments[]; reports: ReportDocuments[] }>;
}

/** Resolves `--diff`: an existing directory, else a git ref; anything else is a usage error. */
export async function renderBase(req: BaseRequest): Promise<RenderedBase> {
    const asDir = path.resolve(req.spec);
    if (fs.existsSync(asDir) && fs.statSync(asDir).isDirectory()) {
        const r = await req.renderDir(asDir);
        return { label: path.relative(process.cwd(), asDir) || asDir, ...r, notes: [] };
    }
    const sha = (await run("git", ["rev-parse", "--verify", "--quiet", `${req.spec}^{commit}`], req.repoRoot)).stdout.trim();
    if (!/^[0-9a-f]{40}$/.test(sha)) throw new BaseError(`--diff ${req.spec}: neither a directory nor a git commit of ${req.repoRoot}`, 2);
    return renderGitBase(req, sha);
}

async function renderGitBase(req: BaseRequest, sha: string): Promise<RenderedBase> {
    const label = `${req.spec} (${sha.slice(0, 7)})`;
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), "access-diff-base-"));
    try {
        const archive = await run("sh", ["-c", 'git -C "$1" archive "$2" | tar -x -C "$3"', "sh", req.repoRoot, sha, tree], req.repoRoot);
        if (archive.code !== 0) throw new BaseError(`--diff ${req.spec}: git archive failed: ${archive.stderr.trim()}`, 2);
        fs.symlinkSync(path.join(req.repoRoot, "node_modules"), path.join(tree, "node_modules"), "dir");
        const relative = path.relative(req.repoRoot, req.dir);
        const inside = relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
        const dir = inside ? path.join(tree, relative) : req.dir;
        if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return { label, stacks: [], reports: [], notes: [`${label} has no ${relative || "."}/Pulumi.yaml: everything is new`] };
        }
        const out = path.join(tree, ".access-diff-out");
        const r = await run("npm", ["start", "--silent", "--", "--dir", dir, "--stacks", req.stacks.join(","), "--out", out, "--json"], tree);
        if (r.code === 1) throw new BaseError(`${label}: its configuration is invalid:\n${r.stderr.trimEnd()}`, 1);
        if (r.code !== 0 && r.code !== 3) throw new BaseError(`${label}: its npm start failed (exit ${r.code}):\n${r.stderr.trimEnd()}`, 2);
        let parsed: { report?: ReportDocuments | null };
        try {
            parsed = JSON.parse(r.stdout) as { report?: ReportDocuments | null };
        } catch {
            throw new BaseError(`${label}: its npm start -- --json printed no JSON report`, 2);
        }
        const stacks: StackDocuments[] = [];
        for (const stack of req.stacks) {
            const file = path.join(out, `${stack}.json`);
            if (fs.existsSync(file)) stacks.push(JSON.parse(fs.readFileSync(file, "utf8")) as StackDocuments);
        }
        return { label, stacks, reports: parsed.report ? [parsed.report] : [], notes: r.code === 3 ? [`${label}: its own access report fails`] : [] };
    } finally {
        fs.rmSync(tree, { recursive: true, force: true });
    }
}

function run(command: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", (e) => resolve({ code: 127, stdout, stderr: stderr + e.message }));
        child.on("close", (code) => resolve({ code: code ?? 2, stdout, stderr }));
    });
}
