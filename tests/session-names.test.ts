/**
 * Role session names (lib/outputs/session-names.ts): the `$USER` expression of people's commands,
 * run by a real bash and awk for the values a login name can take, including hostile ones.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { ROLE_SESSION_NAME_PATTERN, cleanSessionName, userSessionNameExpression } from "../lib/outputs/session-names";

/** What `--role-session-name <expression>` passes to the CLI: the expression run by bash, with USER as given (unset when undefined). */
function sessionNameFor(user: string | undefined, shell = "bash"): string {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LC_ALL: "C.UTF-8" };
    if (user !== undefined) env.USER = user;
    // stdin not a socket (node's default): bash would take the caller for sshd and read ~/.bashrc.
    const r = spawnSync(shell, ["-c", `printf '%s' ${userSessionNameExpression("ops")}`], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
}

describe("role session names", () => {
    it("cleans any text into what STS accepts: refused characters become -, at most 64, at least 2", () => {
        assert.equal(cleanSessionName("a b"), "a-b");
        assert.equal(cleanSessionName("x"), "x-session");
        assert.equal(cleanSessionName("y".repeat(70)), "y".repeat(64));
        assert.equal(cleanSessionName("dev+ops=1,2.3@4_5-6"), "dev+ops=1,2.3@4_5-6");
    });

    it("$USER in a command: a login name passes unchanged", () => {
        assert.equal(sessionNameFor("alice"), "alice");
        assert.equal(sessionNameFor("first.last@corp"), "first.last@corp");
    });

    it("$USER in a command: characters STS refuses become -, and a long name is cut to 64", () => {
        assert.equal(sessionNameFor("John Doe"), "John-Doe");
        assert.equal(sessionNameFor("CORP\\jo'hn"), "CORP-jo-hn");
        assert.equal(sessionNameFor("x".repeat(80)), "x".repeat(64));
    });

    it("$USER in a command: the source key when $USER is unset, empty, 1 character, or nothing but refused characters", () => {
        for (const user of [undefined, "", "a", "é", "  "]) assert.equal(sessionNameFor(user), "ops", JSON.stringify(user));
    });

    it("$USER in a command cannot run anything: awk reads it from the environment, not from program text", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "session-name-"));
        const marker = path.join(dir, "ran");
        try {
            for (const user of [`$(touch ${marker})`, `\`touch ${marker}\``, `"; system("touch ${marker}"); "`, `'; touch ${marker}; '`]) {
                const name = sessionNameFor(user);
                assert.ok(ROLE_SESSION_NAME_PATTERN.test(name), name);
            }
            assert.equal(existsSync(marker), false);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("$USER in a command: the same text works in a POSIX sh (dash)", function () {
        if (spawnSync("dash", ["-c", "true"]).status !== 0) this.skip();
        assert.equal(sessionNameFor("John Doe", "dash"), "John-Doe");
        assert.equal(sessionNameFor("", "dash"), "ops");
    });

    it("refuses a fallback that is not itself a session name (it is written into the awk program)", () => {
        assert.throws(() => userSessionNameExpression(`a"b`), { message: 'userSessionNameExpression: fallback "a\\"b" is not a session name' });
    });
});
