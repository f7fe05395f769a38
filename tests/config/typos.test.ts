/**
 * Typos: every unknown-key message names the key it likely misspells (lib/config/typos.ts), and keys
 * outside the project's namespace that would silently be ignored are named too.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { closestKey, didYouMean, editDistance } from "../../lib/config/typos";

/** Optimal string alignment distance, the whole table written out: the oracle for the rolling rows of editDistance. */
function fullTableDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    const d = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[s.length][t.length];
}

describe("closestKey: the key a typo likely meant", () => {
    it("counts a swap of two neighbouring letters as one edit", () => {
        assert.equal(editDistance("regoin", "region"), 1);
        assert.equal(editDistance("sevice", "service"), 1);
        assert.equal(editDistance("TargetRoles", "targetRoles"), 0);
        assert.equal(editDistance("", "abc"), 3);
    });

    it("suggests the closest allowed key within a typo's reach, and nothing for an unrelated word", () => {
        const keys = ["kind", "service", "name", "path", "description", "permissionsBoundary", "tags", "roleSessionName"];
        assert.equal(closestKey("sevice", keys), "service");
        assert.equal(closestKey("Tags", keys), "tags");
        assert.equal(closestKey("permissionBoundary", keys), "permissionsBoundary");
        assert.equal(closestKey("managedPolicyArns", keys), undefined);
        // Short words allow one edit only: "nam" is name, "xyz" is nothing.
        assert.equal(closestKey("nam", keys), "name");
        assert.equal(closestKey("xyz", keys), undefined);
    });

    it("gives the whole table's distance for any two words (a small alphabet, so letters repeat and swap)", () => {
        const word = fc.stringMatching(/^[abAB-]{0,9}$/);
        fc.assert(
            fc.property(word, word, (a, b) => editDistance(a, b) === fullTableDistance(a, b)),
            { numRuns: 2000 },
        );
    });

    it("skips only candidates whose length alone puts them out of reach: the same key as comparing every one", () => {
        // "İ" is one character that lowers to two: the skip must count lengths as the distance does.
        const word = fc.stringMatching(/^[abcABİ]{0,12}$/);
        const budget = (n: number) => (n <= 4 ? 1 : n <= 8 ? 2 : 3);
        const everyOne = (w: string, keys: readonly string[]) => {
            let best: { key: string; distance: number } | undefined;
            for (const key of keys) {
                if (key === w) continue;
                const distance = fullTableDistance(w, key);
                if (distance <= budget(Math.min(w.length, key.length)) && (!best || distance < best.distance)) best = { key, distance };
            }
            return best?.key;
        };
        fc.assert(
            fc.property(word, fc.array(word, { maxLength: 8 }), (w, keys) => closestKey(w, keys) === everyOne(w, keys)),
            { numRuns: 2000 },
        );
    });

    it("counts lengths in lower case, as the distance does: İİİ is no edit from i̇i̇i̇", () => {
        assert.equal(closestKey("İİİ", ["i̇i̇i̇"]), "i̇i̇i̇");
    });

    it("prefers the fewest edits, then the first candidate", () => {
        assert.equal(closestKey("paths", ["tags", "path"]), "path");
        assert.equal(closestKey("tag", ["tab", "tap"]), "tab");
    });

    it("words the suggestion as a parenthesis, or adds nothing", () => {
        assert.equal(
            didYouMean("regoin", ["region"], (k) => `aws:${k}`),
            " (did you mean aws:region?)",
        );
        assert.equal(didYouMean("zone", ["region"]), "");
    });
});
