/** Writing files so that nothing is ever half-written: to a temporary file beside the target, then renamed. */
import * as fs from "fs";
import * as path from "path";

/** Writes `content` to `file` atomically (temporary file in the same directory, then rename); creates the directory. */
export function writeFileAtomic(file: string, content: string): void {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
    try {
        fs.writeFileSync(temporary, content);
        fs.renameSync(temporary, file);
    } catch (e) {
        fs.rmSync(temporary, { force: true });
        throw e;
    }
}
