/**
 * Typos: every unknown-key message names the key it likely misspells (lib/config/typos.ts), and keys
 * outside the project's namespace that would silently be ignored are named too.
 */
import { strict as assert } from "assert";
import { closestKey, didYouMean, editDistance } from "../../lib/config/typos";

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
