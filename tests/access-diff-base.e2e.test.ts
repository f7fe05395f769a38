/**
 * `npm start -- --diff GIT_REF`: the base is rendered by its own code and config, unpacked with `git archive` and
 * run as its own `npm start` (a process of its own, tools/access-diff/base.ts). The diff itself: tests/access-diff.test.ts.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { EXAMPLES, tempDir } from "./access-map-fixtures";
import { runStart } from "./support/render";

const example = (name: string) => path.join(EXAMPLES, name);

describe("access diff: npm start -- --diff GIT_REF (the base's own code, spawned)", function () {
    this.timeout(180_000);

    it("--diff GIT_REF renders the base with its own code and config (git archive), here HEAD: no change to an example", async () => {
        const r = await runStart(["--dir", example("job-and-people"), "--out", tempDir("diff-head-"), "--diff", "HEAD"]);
        assert.deepEqual([r.code, r.stderr], [0, ""]);
        assert.match(r.stdout, /^Access diff: HEAD \([0-9a-f]{7}\) -> examples\/job-and-people \(rendered documents and simulations\)\nNo change: /);
    });
});
