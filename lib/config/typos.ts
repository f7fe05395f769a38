/**
 * Typos in key names: the closest allowed key to one nobody reads, for every unknown-key message
 * ("did you mean service?"). One function, so `sevice`, `aws:regoin` and a misspelt namespace are
 * all suggested the same way. Pure.
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `regoin` is one edit from
 * `region`, as a person would count it. Case-insensitive.
 */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    // Row i of the table, and the two before it (a transposition looks two rows back).
    let twoBack = new Uint32Array(t.length + 1);
    let previous = Uint32Array.from({ length: t.length + 1 }, (_, j) => j);
    let row = new Uint32Array(t.length + 1);
    for (let i = 1; i <= s.length; i++) {
        row[0] = i;
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) row[j] = Math.min(row[j], twoBack[j - 2] + 1);
        }
        [twoBack, previous, row] = [previous, row, twoBack];
    }
    return previous[t.length];
}

/** How many edits still read as a typo of a word of this length: 1 up to 4 characters, 2 up to 8, then 3. */
function typoBudget(length: number): number {
    return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

/**
 * The allowed key `word` most likely misspells, or undefined when none is close: the fewest edits
 * within the budget of the shorter word (the first in `candidates` order on a tie). A word equal to a
 * candidate (ignoring case) is its own best match only when it differs in case (`TargetRoles`).
 */
export function closestKey(word: string, candidates: readonly string[]): string | undefined {
    let best: { key: string; distance: number } | undefined;
    // editDistance compares lower case, which can be longer than the text ("İ" is two characters lowered).
    const lowered = word.toLowerCase().length;
    for (const key of candidates) {
        if (key === word) continue;
        const budget = typoBudget(Math.min(word.length, key.length));
        // Every edit changes the length by at most one: words further apart in length are never within the budget.
        if (Math.abs(lowered - key.toLowerCase().length) > budget) continue;
        const distance = editDistance(word, key);
        if (distance > budget) continue;
        if (!best || distance < best.distance) best = { key, distance };
    }
    return best?.key;
}

/** The words an unknown-key message adds when a close key exists: ` (did you mean <key>?)`, else nothing. */
export function didYouMean(word: string, candidates: readonly string[], show: (key: string) => string = (k) => k): string {
    const key = closestKey(word, candidates);
    return key === undefined ? "" : ` (did you mean ${show(key)}?)`;
}
