/**
 * The access report's probes (lib/names.ts probeName, probePrefix; tools/access-report/probes.ts): names
 * and values built to miss what is configured, in a bounded number of steps, whatever the config holds.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { WRONG_EXTERNAL_ID_PROBE, probeName, probePrefix } from "../lib/names";
import { EXTERNAL_ID_PATTERN } from "../lib/iam/patterns";
import { SOURCE_IDENTITY_ALPHABET, VALUE_CANDIDATES_MAX, globMatches, sampleMatching, valueMatchingNone } from "../tools/access-report/probes";
import { redactText } from "../tools/shared/redact";

describe("probe names (lib/names.ts)", () => {
    it("a probe name is its base when free, else the first free base-N, compared case-insensitively", () => {
        assert.equal(probeName("other-role", ["log-reader"]), "other-role");
        assert.equal(probeName("other-role", ["Other-Role"]), "other-role-2");
        assert.equal(probeName("other-role", ["other-role", "OTHER-ROLE-2", "other-role-4"]), "other-role-3");
    });

    it("a probe name equals no taken name, case-insensitively, for any taken names (property)", () => {
        fc.assert(
            fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.array(fc.string({ maxLength: 16 }), { maxLength: 40 }), (base, taken) => {
                const name = probeName(base, taken);
                return !taken.some((t) => t.toLowerCase() === name.toLowerCase());
            }),
        );
    });

    it("a probe name is found when every candidate but the last is taken (the bound of its loop)", () => {
        const taken = ["x", ...Array.from({ length: 998 }, (_, i) => `X-${i + 2}`)];
        assert.equal(probeName("x", taken), "x-1000");
    });

    it("a prefix outside a configured prefix differs at its first character, so neither starts the other", () => {
        for (const prefix of ["incoming/", "outside-prefix/", "o", "report-outside/", "x"]) {
            const outside = probePrefix(prefix);
            assert.ok(!outside.startsWith(prefix) && !prefix.startsWith(outside), `${prefix} -> ${outside}`);
        }
    });

    it("the wrong ExternalId can never be an ExternalId, and no ExternalId can be cut out of it by redaction", () => {
        assert.doesNotMatch(WRONG_EXTERNAL_ID_PROBE, EXTERNAL_ID_PATTERN);
        fc.assert(
            fc.property(fc.stringMatching(/^[\w+=,.@:/-]{2,32}$/), (secret) => redactText(WRONG_EXTERNAL_ID_PROBE, [secret]) === WRONG_EXTERNAL_ID_PROBE),
        );
    });
});

describe("probe values for allow-lists (tools/access-report/probes.ts)", () => {
    it("a sample filled in from a pattern matches it", () => {
        fc.assert(fc.property(fc.stringMatching(/^[\w+=,.@*?-]{2,20}$/), (pattern) => globMatches(pattern, sampleMatching(pattern))));
    });

    it("a value outside an allow-list is the preferred one when free, else one character repeated", () => {
        assert.equal(valueMatchingNone(["nightly-*"], "unlisted-identity"), "unlisted-identity");
        assert.equal(valueMatchingNone(["un*"], "unlisted-identity"), "aa");
        assert.equal(valueMatchingNone(["un*", "a*", "??"], "unlisted-identity"), "bbb");
        assert.equal(valueMatchingNone(["???*"], "unlisted-identity"), "aa");
    });

    it("no value outside an allow-list whose wildcard-only patterns cover every length", () => {
        assert.equal(valueMatchingNone(["**"], "unlisted-identity"), undefined);
        assert.equal(valueMatchingNone(["??*"], "unlisted-identity"), undefined);
        assert.equal(valueMatchingNone(["??", "???*"], "unlisted-identity"), undefined);
        // Every value starts with one of the alphabet's characters.
        assert.equal(
            valueMatchingNone(
                [...SOURCE_IDENTITY_ALPHABET].map((c) => `${c}*`),
                "unlisted-identity",
            ),
            undefined,
        );
    });

    it("a value it returns matches none of the patterns, and it gives up after a bounded number of tries (property)", () => {
        assert.equal(VALUE_CANDIDATES_MAX, 1 + 69 * 63);
        fc.assert(
            fc.property(fc.array(fc.stringMatching(/^[\w+=,.@*?-]{2,12}$/), { minLength: 1, maxLength: 20 }), (patterns) => {
                const value = valueMatchingNone(patterns, "unlisted-identity");
                return value === undefined || !patterns.some((p) => globMatches(p, value));
            }),
        );
    });
});
