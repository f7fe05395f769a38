/**
 * What every command shares: its exit codes, and reading its command line with node's `util.parseArgs`
 * into one-line usage errors (never a stack trace).
 */
import { parseArgs } from "util";

/**
 * Exit codes of `npm start` (tools/render/). A CI job that runs `npm start` fails on anything but 0; one
 * that knowingly accepts rows the report cannot decide (a vendor's account-root trust: B's admins decide
 * what its principals may assume) accepts 5 as well, and should then compare the UNPROVEN rows of
 * `--json` with the ones it expects, so a newly attached AdministratorAccess does not pass unnoticed.
 */
export const RENDER_EXIT = {
    /** Every row passed; every action, condition key and operator is known. */
    ok: 0,
    /** Invalid configuration: one line per problem. */
    config: 1,
    /** A usage error or any other failure (an unreadable file, a program error). */
    usage: 2,
    /** The access report has a FAILED row, or a policy uses an unknown action, condition key or condition operator. */
    report: 3,
    /** `--diff`: access changed from the base (`report` wins over it). */
    changed: 4,
    /**
     * Nothing failed, but some rows are UNPROVEN: the report lacks a document they depend on (an AWS managed
     * policy, a permissions boundary, B's own policy for a principal it manages), or no request can test them.
     * Not with `--diff`, whose code says whether access changed.
     */
    unproven: 5,
} as const;

/** Exit codes of `npm run verify` (tools/verify/). */
export const VERIFY_EXIT = {
    ok: 0,
    /** A live check failed. */
    failed: 1,
    /** A usage or input problem. */
    usage: 2,
} as const;

/** A command-line mistake: its message is one line that ends with the command's usage line. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
    }
}

type OptionSpec = { type: "string" | "boolean"; multiple?: boolean; short?: string };

/**
 * `util.parseArgs` in strict mode, no positionals. Its errors become a UsageError that names the
 * argument and ends with `usage` ("unknown argument --force; usage: ...", "--dir needs a value; ...").
 */
export function readCommandLine<O extends Record<string, OptionSpec>>(argv: readonly string[], options: O, usage: string) {
    try {
        return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
    } catch (e) {
        throw new UsageError(`${describeParseError(e, options)}; ${usage}`);
    }
}

function describeParseError(e: unknown, options: Record<string, OptionSpec>): string {
    const code = (e as { code?: string }).code;
    const message = e instanceof Error ? e.message : String(e);
    const quoted = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
    switch (code) {
        case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
            return `unknown argument ${quoted ?? message}`;
        case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
            return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? message}`;
        case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
            const name = /--([\w-]+)/.exec(message)?.[1];
            return name && options[name]?.type === "string" ? `--${name} needs a value` : message.split("\n")[0];
        }
        default:
            return message.split("\n")[0];
    }
}

/**
 * Runs a command's `main(argv, stdout, stderr)` as this process: its result is the exit code; an error it
 * did not turn into one is printed as its message alone (no stack trace) with the usage exit code.
 */
export function runAsProcess(main: (argv: string[], stdout: (s: string) => void, stderr: (s: string) => void) => Promise<number>): void {
    main(
        process.argv.slice(2),
        (s) => process.stdout.write(s),
        (s) => process.stderr.write(s),
    ).then(
        (code) => (process.exitCode = code),
        (e: unknown) => {
            process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
            process.exitCode = RENDER_EXIT.usage;
        },
    );
}
