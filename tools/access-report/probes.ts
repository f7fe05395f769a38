/**
 * Values the access report sends to test a trust condition's patterns: one that a pattern matches, and
 * one that no pattern of an allow-list matches. Both are built, never searched for without a bound. Pure.
 */

/** IAM's `*` and `?` wildcards, as in `StringLike`: the whole value must match. */
export function globMatches(pattern: string, value: string): boolean {
    return globPattern(pattern).test(value);
}

function globPattern(pattern: string): RegExp {
    return new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "s",
    );
}

/** A value the pattern matches: each wildcard filled in with `x` (so `*` and `?` both become one character). */
export function sampleMatching(pattern: string): string {
    return pattern.replace(/[*?]/g, "x");
}

/** Characters a source identity may hold (STS: `[\w+=,.@-]`), and its length bounds. */
export const SOURCE_IDENTITY_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-";
export const SOURCE_IDENTITY_LENGTH = { min: 2, max: 64 } as const;

/** How many values `valueMatchingNone` tries at most: `preferred`, then one character repeated, per character and length. */
export const VALUE_CANDIDATES_MAX = 1 + SOURCE_IDENTITY_ALPHABET.length * (SOURCE_IDENTITY_LENGTH.max - SOURCE_IDENTITY_LENGTH.min + 1);

/**
 * A source identity that none of `patterns` matches, or undefined when there is none to find.
 *
 * `preferred` first; else `c` repeated n times, for each character c of the alphabet and each valid length
 * n: a bounded list (VALUE_CANDIDATES_MAX). When some character is in no pattern as a literal, the answer
 * is exact: such a value escapes every pattern that has a literal, and only patterns made of wildcards
 * alone (`*`, `??*`) are left, which match by length only; undefined then means every valid length is
 * matched by one of them, so every source identity is allowed. (Only when the patterns use all of the
 * alphabet's characters as literals can a mixed value escape that this list does not try.)
 */
export function valueMatchingNone(patterns: readonly string[], preferred: string): string | undefined {
    const compiled = patterns.map(globPattern);
    const free = (value: string) => !compiled.some((re) => re.test(value));
    if (free(preferred)) return preferred;
    for (const c of SOURCE_IDENTITY_ALPHABET) {
        for (let n = SOURCE_IDENTITY_LENGTH.min; n <= SOURCE_IDENTITY_LENGTH.max; n++) {
            const value = c.repeat(n);
            if (free(value)) return value;
        }
    }
    return undefined;
}
