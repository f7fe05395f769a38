/**
 * Shell text for the client snippets: values the snippets pass to bash/zsh.
 */

/** Quotes a value for bash/zsh only when it holds characters the shell would interpret. */
export function shellQuote(value: string): string {
    if (/^[\w+=,.@:/%-]+$/.test(value)) return value;
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
