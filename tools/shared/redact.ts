/**
 * Hides known secret values (ExternalIds, the placeholder of `secure:` config values) in anything the
 * render writes or the report prints. Pure.
 *
 * An ExternalId may be as short as 2 characters (`eu`), so replacing every substring would mangle
 * ARNs and regions (`arn:aws:logs:[secret]-west-1`). A secret is therefore replaced where it stands as
 * a whole token, the way this program embeds one: a whole string (`"sts:ExternalId": "eu"`, the
 * client config's `externalId`), or delimited by characters an ExternalId cannot contain (white space,
 * quotes: `--external-id eu`, `external_id = eu`, `'eu'`), or right after `=` (`--external-id=eu`).
 * ExternalIds are made of `[\w+=,.@:/-]`, so `eu` inside `eu-west-1` or `role/eu` is not that token.
 * A secret of SUBSTRING_SAFE_LENGTH characters or more still found inside a longer token after that
 * is embedded in a way this module does not know how to cut out: the whole string is hidden instead.
 */

/** What a secret value is replaced with wherever it is shown. */
export const SECRET_MARK = "[secret]";

/** Secrets at least this long are never left anywhere in a string; shorter ones are hidden as whole tokens only. */
export const SUBSTRING_SAFE_LENGTH = 8;

/** Characters an ExternalId may contain (lib/iam/patterns.ts EXTERNAL_ID_PATTERN), as a character class body. */
const TOKEN_CHARS = "\\w+=,.@:/-";
/** The same, without `=`: a secret may follow `key=`. */
const TOKEN_CHARS_BUT_EQUALS = "\\w+,.@:/-";

/** The secrets as one whole-token pattern, longest first (so a secret containing another wins); undefined when none. */
export function secretPattern(secrets: readonly string[]): RegExp | undefined {
    const distinct = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    if (distinct.length === 0) return undefined;
    const alternatives = distinct.map((s) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")).join("|");
    return new RegExp(`(?<![${TOKEN_CHARS_BUT_EQUALS}])(?:${alternatives})(?![${TOKEN_CHARS}])`, "g");
}

/** `text` with every whole-token secret replaced by "[secret]" (see the module comment); all of it when a long secret remains inside. */
export function redactText(text: string, secrets: readonly string[]): string {
    const pattern = secretPattern(secrets);
    if (!pattern) return text;
    const out = text.replace(pattern, SECRET_MARK);
    return secrets.some((s) => s.length >= SUBSTRING_SAFE_LENGTH && out.includes(s)) ? SECRET_MARK : out;
}

/**
 * Text for a terminal, redacted line by line: like redactText, but a long secret left inside a token
 * hides only its line, not the whole output. What every command writes to stdout and stderr goes through it.
 */
export function redactLines(text: string, secrets: readonly string[]): string {
    if (secrets.length === 0) return text;
    return text
        .split("\n")
        .map((line) => redactText(line, secrets))
        .join("\n");
}

/** A value with secrets redacted in every string, and the paths (`a.b[0]`, relative to `path`) of the strings that changed. */
export function redactDeep(value: unknown, secrets: readonly string[], path = ""): { value: unknown; paths: string[] } {
    if (typeof value === "string") {
        const redacted = redactText(value, secrets);
        return { value: redacted, paths: redacted === value ? [] : [path] };
    }
    if (Array.isArray(value)) {
        const parts = value.map((v, i) => redactDeep(v, secrets, `${path}[${i}]`));
        return { value: parts.map((x) => x.value), paths: parts.flatMap((x) => x.paths) };
    }
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        const paths: string[] = [];
        for (const [k, v] of Object.entries(value)) {
            const part = redactDeep(v, secrets, path ? `${path}.${k}` : k);
            out[k] = part.value;
            paths.push(...part.paths);
        }
        return { value: out, paths };
    }
    return { value, paths: [] };
}
