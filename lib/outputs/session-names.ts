/**
 * Role session names: what CloudTrail in account A shows as the caller (`assumed-role/ROLE/SESSION`).
 *
 * STS accepts 2 to 64 characters from [\w+=,.@-] (`RoleSessionName`). A job's session is named after
 * its source; a person's should name the person, so that CloudTrail tells people of one group (or of
 * a whole account) apart. Pure.
 */

import { ROLE_SESSION_NAME_PATTERN } from "../iam/patterns";

export { ROLE_SESSION_NAME_PATTERN };

/** The config rule for a configured session name (`sources.<key>.roleSessionName`). */
export const ROLE_SESSION_NAME_RULE = {
    pattern: ROLE_SESSION_NAME_PATTERN,
    expected: "a role session name of 2 to 64 characters from [A-Za-z0-9+=,.@_-] (what STS accepts)",
};

const NOT_ALLOWED = /[^\w+=,.@-]/g;

/** A session name made from any text: characters STS refuses become "-", cut to 64, lengthened when shorter than 2. */
export function cleanSessionName(base: string): string {
    const cleaned = base.replace(NOT_ALLOWED, "-").slice(0, 64);
    return cleaned.length >= 2 ? cleaned : `${cleaned}-session`;
}

/**
 * Shell text, already quoted, that expands to the caller's login name as a session name: `$USER` with
 * every character STS refuses replaced by "-" and cut to `maxLength` (64) characters; `fallback` when that leaves
 * fewer than 2 characters or no letter or digit (an unset or empty `$USER` in a container, `é` alone).
 *
 * awk reads `$USER` from its environment (ENVIRON), never from program text, so no value of `$USER`
 * can change the command. Plain POSIX shell and awk (ASCII ranges, no character classes), so it
 * reads the same in bash, zsh and sh, with gawk, mawk or BSD awk; tested in bash and dash with mawk. `fallback` must itself be a session name, which
 * keeps it free of quotes and backslashes inside the single-quoted awk program.
 */
export function userSessionNameExpression(fallback: string, maxLength = 64): string {
    if (!ROLE_SESSION_NAME_PATTERN.test(fallback)) throw new Error(`userSessionNameExpression: fallback ${JSON.stringify(fallback)} is not a session name`);
    if (!Number.isInteger(maxLength) || maxLength < Math.max(2, fallback.length) || maxLength > 64)
        throw new Error(`userSessionNameExpression: maxLength ${maxLength} does not fit the fallback and STS's 64`);
    const program = [
        `s = ENVIRON["USER"]`,
        `gsub(/[^A-Za-z0-9_+=,.@-]/, "-", s)`,
        `s = substr(s, 1, ${maxLength})`,
        `print (length(s) > 1 && s ~ /[A-Za-z0-9]/ ? s : "${fallback}")`,
    ].join("; ");
    return `"$(awk 'BEGIN { ${program} }')"`;
}
