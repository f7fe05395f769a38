/**
 * Writing files so that nothing is ever half-written: to a temporary file beside the target, then renamed;
 * several files all together or none. Errors are FileErrors with one line naming the path.
 */
import * as fs from "fs";
import * as path from "path";

/** A file or directory that cannot be written: one line naming it and why. */
export class FileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "FileError";
    }
}

/** Writes `content` to `file` atomically (temporary file in the same directory, then rename); creates the directory. */
export function writeFileAtomic(file: string, content: string): void {
    writeFilesAtomic([{ file, content }]);
}

/**
 * Writes every file, or none (a content given as a list of pieces is written piece by piece): each to a temporary file beside it first; only when all of them are written
 * is each renamed over its target. On any failure the temporary files are removed and the targets are as
 * they were (old files stay, no new one appears). A rename within one directory is atomic; the renames of
 * several files are not one step, but they come after everything that can reasonably fail (creating the
 * directory, writing the bytes, a target that is a directory).
 */
export function writeFilesAtomic(files: ReadonlyArray<{ file: string; content: string | readonly string[] }>): void {
    const staged: Array<{ temporary: string; file: string }> = [];
    try {
        for (const { file, content } of files) {
            const dir = path.dirname(file);
            makeDirectory(dir);
            if (statOf(file)?.isDirectory()) throw new FileError(`${file}: is a directory, expected a file`);
            const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.${staged.length}.tmp`);
            try {
                // A big file may come in pieces (out/access.html): written one after the other, never joined.
                const fd = fs.openSync(temporary, "wx");
                try {
                    for (const part of typeof content === "string" ? [content] : content) fs.writeSync(fd, part);
                } finally {
                    fs.closeSync(fd);
                }
            } catch (e) {
                fs.rmSync(temporary, { force: true });
                throw new FileError(`${file}: cannot write (${describeError(e)})`);
            }
            staged.push({ temporary, file });
        }
        for (const { temporary, file } of staged) {
            try {
                fs.renameSync(temporary, file);
            } catch (e) {
                throw new FileError(`${file}: cannot write (${describeError(e)})`);
            }
        }
    } catch (e) {
        for (const { temporary } of staged) fs.rmSync(temporary, { force: true });
        throw e;
    }
}

/**
 * Creates `dir` and its missing parents one level at a time. (Node 20's `fs.mkdirSync(dir, { recursive: true })`
 * never returns for a path under /proc: it retries the ENOENT it gets forever.) The walk up to the first
 * existing directory takes at most one step per path segment. Throws a FileError when a part is a file or
 * cannot be created.
 */
export function makeDirectory(dir: string): void {
    const absolute = path.resolve(dir);
    const missing: string[] = [];
    let current = absolute;
    for (let step = 0; step <= absolute.split(path.sep).length; step++) {
        const stat = statOf(current);
        if (stat) {
            if (!stat.isDirectory()) throw new FileError(`${current}: is a file, expected a directory${current === absolute ? "" : ` (to hold ${absolute})`}`);
            break;
        }
        missing.unshift(current);
        const parent = path.dirname(current);
        if (parent === current) break;
        current = parent;
    }
    for (const d of missing) {
        try {
            fs.mkdirSync(d);
        } catch (e) {
            if (statOf(d)?.isDirectory()) continue;
            throw new FileError(`cannot create directory ${d}${d === absolute ? "" : ` (for ${absolute})`}: ${describeError(e)}`);
        }
    }
}

/**
 * Why a directory that does not exist yet could not be made, without making it: a part of its path that
 * is a file. Undefined when it exists as a directory or looks creatable (creating it may still fail).
 */
export function directoryProblem(dir: string): string | undefined {
    const absolute = path.resolve(dir);
    let current = absolute;
    for (let step = 0; step <= absolute.split(path.sep).length; step++) {
        const stat = statOf(current);
        if (stat) {
            if (stat.isDirectory()) return undefined;
            return current === absolute ? `${absolute}: is a file, expected a directory` : `${absolute}: ${current} is a file, expected a directory`;
        }
        const parent = path.dirname(current);
        if (parent === current) return undefined;
        current = parent;
    }
    return undefined;
}

function statOf(p: string): fs.Stats | undefined {
    try {
        return fs.statSync(p);
    } catch {
        return undefined;
    }
}

/** `ENOENT: no such file or directory` style, without the path the message repeats. */
export function describeError(e: unknown): string {
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code === "string") {
        const text = typeof err.message === "string" ? err.message.replace(/^[A-Z]+: /, "").replace(/, \w+( '.*')?$/, "") : "";
        return text ? `${err.code}: ${text}` : err.code;
    }
    return e instanceof Error ? e.message.split("\n")[0] : String(e);
}
