/**
 * Orders two strings by their UTF-16 code units, as `Array.prototype.sort` does by default: the same order on
 * every machine and locale (unlike `localeCompare`), so rendered files, maps and diffs are byte-stable.
 */
export function compareCodeUnits(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
