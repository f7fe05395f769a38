/**
 * Typos: every unknown-key message names the key it likely misspells (lib/config/typos.ts), and keys
 * outside the project's namespace that would silently be ignored are named too.
 */
import { strict as assert } from "assert";
import { closestKey, didYouMean, editDistance } from "../lib/config/typos";
import { rejectsEach } from "./support/bad-config";

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

describe("config: typos are named with what they likely meant", () => {
    rejectsEach([
        {
            rule: "a misspelt aws:region is named in the aws:region message",
            change: (c) => {
                c["aws:regoin"] = c["aws:region"];
                delete c["aws:region"];
            },
            messages: [
                "aws:region: not set; expected an AWS region such as eu-west-1 (`pulumi config set aws:region eu-west-1`); aws:regoin is set: a typo of aws:region?",
            ],
        },
        {
            rule: "a misspelt aws:allowedAccountIds is reported: the account guard would be off",
            change: (c) => (c["aws:allowedAccountId"] = ["222222222222"]),
            messages: [
                "aws:allowedAccountId: not a key this program reads (did you mean aws:allowedAccountIds?); without aws:allowedAccountIds the aws provider may deploy into any account",
            ],
        },
        {
            rule: "a misspelt project namespace is reported, not silently ignored",
            change: (c) => (c["cross-acount-iam:trustPolicySizeLimit"] = "4096"),
            messages: [
                'cross-acount-iam:trustPolicySizeLimit: namespace "cross-acount-iam" is not this project\'s (did you mean cross-account-iam:trustPolicySizeLimit?); project cross-account-iam reads only keys of namespace "cross-account-iam" and aws:, so this value is ignored',
            ],
        },
        {
            rule: "a key of this program under another project's namespace (a copied Pulumi.yaml) is reported",
            change: (c) => (c["my-copy:targetRoles"] = JSON.stringify(c.targetRoles)),
            messages: [
                'my-copy:targetRoles: namespace "my-copy" is not this project\'s (did you mean cross-account-iam:targetRoles?); project cross-account-iam reads only keys of namespace "cross-account-iam" and aws:, so this value is ignored',
            ],
        },
        {
            rule: "a misspelt key inside a target role is named with the key it meant",
            change: (c) => (c.targetRoles["log-reader"].trustedSource = ["log-shipper"]),
            messages: [
                "targetRoles.log-reader.trustedSource: unknown key (did you mean trustedSources?); expected one of path, description, maxSessionDuration, permissionsBoundary, tags, trustMode, trustConditions, trustedSources, permissions, profileName",
            ],
        },
    ]);
});
