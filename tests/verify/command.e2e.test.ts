/**
 * `npm run verify` as a process: the package's verify script, run the way npm runs it
 * (tools/shared/package-scripts.ts), ends a malformed input with exit 2 and one line per problem,
 * never a TypeError or a stack trace. The in-process checks of its input are in tests/verify-input.test.ts.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { scriptShellArgs, scriptSpawnOptions } from "../../tools/shared/package-scripts";
import { ACCOUNT_A } from "../support/harness";
import { outputsHeading } from "../support/verify";

describe("npm run verify: the command (spawned)", () => {
    it("exits 2 on malformed outputs with the heading first, no TypeError and no stack trace", () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), "verify-command-")), "bad.json");
        writeFileSync(file, JSON.stringify({ side: "target", targetAccountId: ACCOUNT_A, roles: { x: {} }, trustedPrincipalArns: [] }));
        const r = spawnSync("sh", scriptShellArgs("verify", ["--outputs", file]), { ...scriptSpawnOptions(), encoding: "utf8" });
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stdout.split("\n")[0], `verify: ${outputsHeading(8)}`);
        assert.doesNotMatch(r.stdout + r.stderr, /TypeError|\n\s+at /);
    });
});
