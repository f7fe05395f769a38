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

/**
 * What `--role-session-name <expression>` passes to the CLI for each USER given (unset when undefined): the
 * expression run by `shell`. One shell for all of them, each in its own subshell with USER exported from an
 * environment variable of its own (an assignment from a variable is not read as code), a line per name.
 */
function sessionNamesFor(users: ReadonlyArray<string | undefined>, shell = "bash"): string[] {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LC_ALL: "C.UTF-8" };
    const cases = users.map((user, i) => {
        if (user === undefined) return `(unset USER; printf '%s\\n' ${userSessionNameExpression("ops")})`;
        env[`TEST_USER_${i}`] = user;
        return `(USER=$TEST_USER_${i}; export USER; printf '%s\\n' ${userSessionNameExpression("ops")})`;
    });
    // stdin not a socket (node's default): bash would take the caller for sshd and read ~/.bashrc.
    const r = spawnSync(shell, ["-c", cases.join("\n")], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.equal(r.status, 0, r.stderr);
    const names = r.stdout.split("\n");
    assert.deepEqual([names.length, names.pop()], [users.length + 1, ""], r.stdout);
    return names;
}

describe("role session names", () => {
    it("cleans any text into what STS accepts: refused characters become -, at most 64, at least 2", () => {
        assert.equal(cleanSessionName("a b"), "a-b");
        assert.equal(cleanSessionName("x"), "x-session");
        assert.equal(cleanSessionName("y".repeat(70)), "y".repeat(64));
        assert.equal(cleanSessionName("dev+ops=1,2.3@4_5-6"), "dev+ops=1,2.3@4_5-6");
    });

    it("$USER in a command: a login name passes unchanged", () => {
        assert.deepEqual(sessionNamesFor(["alice", "first.last@corp"]), ["alice", "first.last@corp"]);
    });

    it("$USER in a command: characters STS refuses become -, and a long name is cut to 64", () => {
        assert.deepEqual(sessionNamesFor(["John Doe", "CORP\\jo'hn", "x".repeat(80)]), ["John-Doe", "CORP-jo-hn", "x".repeat(64)]);
    });

    it("$USER in a command: the source key when $USER is unset, empty, 1 character, or nothing but refused characters", () => {
        assert.deepEqual(sessionNamesFor([undefined, "", "a", "é", "  "]), ["ops", "ops", "ops", "ops", "ops"]);
    });

    it("$USER in a command: each case sees its own USER (one shell runs them all), and an unset one none", () => {
        assert.deepEqual(sessionNamesFor(["alice", undefined, "bob"]), ["alice", "ops", "bob"]);
        assert.deepEqual(sessionNamesFor([undefined]), ["ops"]);
    });

    it("$USER in a command cannot run anything: awk reads it from the environment, not from program text", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "session-name-"));
        const marker = path.join(dir, "ran");
        try {
            const users = [`$(touch ${marker})`, `\`touch ${marker}\``, `"; system("touch ${marker}"); "`, `'; touch ${marker}; '`];
            for (const name of sessionNamesFor(users)) assert.ok(ROLE_SESSION_NAME_PATTERN.test(name), name);
            assert.equal(existsSync(marker), false);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("$USER in a command: the same text works in a POSIX sh (dash)", function () {
        if (spawnSync("dash", ["-c", "true"]).status !== 0) this.skip();
        assert.deepEqual(sessionNamesFor(["John Doe", "", undefined], "dash"), ["John-Doe", "ops", "ops"]);
    });

    it("refuses a fallback that is not itself a session name (it is written into the awk program)", () => {
        assert.throws(() => userSessionNameExpression(`a"b`), { message: 'userSessionNameExpression: fallback "a\\"b" is not a session name' });
    });
});
