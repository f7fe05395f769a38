/**
 * `npm run verify`: after `pulumi up`, checks for real that the caller can assume each role of
 * account-a and read what its presets cover. Read-only: AssumeRole, GetCallerIdentity, and one
 * harmless read per resource (FilterLogEvents, DescribeTable, ListBackups, ListObjectsV2, ListBuckets).
 *
 *   npm run verify -- [--outputs FILE|-]... [--stack account-a]... [--account NAME]... [--profile P] [--region R]
 *                     [--endpoint-url URL] [--role NAME]... [--mfa-serial ARN] [--token-code CODE] [--source-identity ID]
 *                     [--session-name NAME]
 *
 * Input: `pulumi stack output --json --show-secrets` of account-a, from --outputs FILE, stdin
 * (--outputs -), or by running pulumi when it is on PATH, and checked whole first (outputs-shape.ts).
 * With named accounts (issue 16): the outputs of each target stack whose roles the caller may assume, one
 * --outputs or --stack per account; then each (role, account) the caller's source is granted is checked
 * (run-accounts.ts).
 * At most MAX_AWS_CALLS calls per run. Exit code 0 when every check passed, 1 when one failed, 2 for a
 * usage or input problem (one line each, never a stack trace).
 */
import { ACCOUNT_NAME_RULE, STACK_NAME_RULE } from "../../lib/config/keys";
import { ROLE_SESSION_NAME_PATTERN } from "../../lib/iam/patterns";
import { execFileSync } from "child_process";
import { accessSync, constants, readFileSync, statSync } from "fs";
import * as path from "path";
import { createInterface } from "readline/promises";
import { UsageError, VERIFY_EXIT, readCommandLine } from "../shared/cli";
import { describeError } from "../shared/files";
import { configuredEndpoints } from "./aws";
import { MAX_AWS_CALLS, MAX_OUTPUTS_CHARS, VerifyInput, VerifyInputError, parseVerifyInput, plannedCalls } from "./probes";
import { AccountStackInput, duplicateAccountProblems, isNamedAccountOutputs, parseAccountInput } from "./accounts";
import { VerifyIo, VerifyOptions, runVerify } from "./run";
import { runAccountsVerify } from "./run-accounts";

export const USAGE = `usage: npm run verify -- [--outputs FILE|-]... [--stack NAME]... [--account NAME]... [--profile P] [--region R]
                        [--endpoint-url URL] [--role NAME]... [--mfa-serial ARN] [--token-code CODE] [--source-identity ID]
                        [--session-name NAME]
  --outputs FILE|-     account-a's \`pulumi stack output --json --show-secrets\` (a file, or - for stdin);
                       default: run that command when pulumi is on PATH. Named accounts: one per target
                       stack (repeatable), and each role the caller's source is granted is checked in each
  --stack NAME         the stack pulumi reads (default account-a; named accounts: repeatable, one per account)
  --account NAME       named accounts: check only this account's roles (repeatable)
  --profile P          AWS profile of the caller in account B (default: the SDK's default credential chain)
  --region R           region for STS (default AWS_REGION, AWS_DEFAULT_REGION, else the roles' region)
  --endpoint-url URL   any AWS-compatible endpoint, for every service (default: the SDK's
                       AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, else AWS)
  --role NAME          check only this role (repeatable)
  --mfa-serial ARN     MFA device, for roles whose trust requires MFA (default: a user source's own device)
  --token-code CODE    current MFA code (prompted for on a terminal when missing)
  --source-identity ID source identity, for roles whose trust requires one
  --session-name NAME  role session name (default cross-account-verify)`;

/** Command-line arguments, parsed. */
export interface VerifyArgs {
    outputs?: string;
    /** Named accounts: the further --outputs files, one per target stack; absent when --outputs came at most once. */
    moreOutputs?: string[];
    stack: string;
    /** Named accounts: the further --stack names; absent when --stack came at most once. */
    moreStacks?: string[];
    /** Named accounts: --account, the accounts to check (all when absent). */
    accounts?: string[];
    profile?: string;
    region?: string;
    endpointUrl?: string;
    roles: string[];
    mfaSerial?: string;
    tokenCode?: string;
    sourceIdentity?: string;
    sessionName: string;
    help: boolean;
}

/** Parses argv (without node and the script); throws a UsageError naming the argument for bad arguments. */
export function parseVerifyArgs(argv: string[]): VerifyArgs {
    const values = readCommandLine(
        argv,
        {
            outputs: { type: "string", multiple: true },
            stack: { type: "string", multiple: true },
            account: { type: "string", multiple: true },
            profile: { type: "string" },
            region: { type: "string" },
            "endpoint-url": { type: "string" },
            role: { type: "string", multiple: true },
            "mfa-serial": { type: "string" },
            "token-code": { type: "string" },
            "source-identity": { type: "string" },
            "session-name": { type: "string" },
            help: { type: "boolean", short: "h" },
        },
        "see the usage below",
    );
    const sessionName = values["session-name"] ?? "cross-account-verify";
    if (!ROLE_SESSION_NAME_PATTERN.test(sessionName))
        throw new UsageError(`--session-name ${sessionName}: expected 2 to 64 characters from [A-Za-z0-9+=,.@_-]`);
    const stacks = values.stack ?? ["account-a"];
    for (const stack of stacks)
        if (!STACK_NAME_RULE.pattern!.test(stack)) throw new UsageError(`--stack ${JSON.stringify(stack)}: expected ${STACK_NAME_RULE.expected}`);
    const outputs = values.outputs ?? [];
    if (outputs.filter((o) => o === "-").length > 1) throw new UsageError("--outputs -: stdin can be read once; give the other stacks' outputs as files");
    if (outputs.length > 0 && values.stack !== undefined)
        throw new UsageError("--outputs and --stack: give the outputs either as files or as stacks pulumi reads, not both");
    for (const account of values.account ?? [])
        if (!ACCOUNT_NAME_RULE.pattern!.test(account))
            throw new UsageError(`--account ${JSON.stringify(account)}: expected an account name (a key of accounts)`);
    return {
        outputs: outputs[0],
        ...(outputs.length > 1 ? { moreOutputs: outputs.slice(1) } : {}),
        stack: stacks[0],
        ...(stacks.length > 1 ? { moreStacks: stacks.slice(1) } : {}),
        ...(values.account !== undefined ? { accounts: values.account } : {}),
        profile: values.profile,
        region: values.region,
        endpointUrl: values["endpoint-url"],
        roles: values.role ?? [],
        mfaSerial: values["mfa-serial"],
        tokenCode: values["token-code"],
        sourceIdentity: values["source-identity"],
        sessionName,
        help: values.help ?? false,
    };
}

/** The full path of an executable on PATH, or undefined. */
export function findOnPath(name: string, pathVariable: string | undefined): string | undefined {
    for (const dir of (pathVariable ?? "").split(path.delimiter)) {
        if (!dir) continue;
        const candidate = path.join(dir, name);
        try {
            accessSync(candidate, constants.X_OK);
            return candidate;
        } catch {
            // not here
        }
    }
    return undefined;
}

/** How long `pulumi stack output` may take. */
const PULUMI_TIMEOUT_MS = 5 * 60 * 1000;

/** Reads the outputs text from --outputs FILE, stdin, or `pulumi stack output`; a VerifyInputError in one line when it cannot. */
function readOutputsText(args: VerifyArgs, env: NodeJS.ProcessEnv): string {
    if (args.outputs !== undefined) {
        const what = args.outputs === "-" ? "--outputs - (stdin)" : `--outputs ${args.outputs}`;
        try {
            if (args.outputs !== "-" && statSync(args.outputs).size > MAX_OUTPUTS_CHARS) {
                throw new VerifyInputError(`${what}: larger than the ${MAX_OUTPUTS_CHARS} characters verify reads`);
            }
            return readFileSync(args.outputs === "-" ? 0 : args.outputs, "utf8");
        } catch (e) {
            if (e instanceof VerifyInputError) throw e;
            const code = (e as NodeJS.ErrnoException).code;
            throw new VerifyInputError(code === "ENOENT" ? `${what}: not found` : `${what}: cannot be read (${describeError(e)})`);
        }
    }
    const pulumi = findOnPath("pulumi", env.PATH);
    if (!pulumi)
        throw new VerifyInputError(
            `pulumi is not on PATH: pass --outputs FILE (or --outputs - on stdin) with \`pulumi stack output --json --show-secrets -s ${args.stack}\``,
        );
    try {
        return execFileSync(pulumi, ["stack", "output", "--json", "--show-secrets", "-s", args.stack], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
            maxBuffer: MAX_OUTPUTS_CHARS,
            // A backend that never answers must not hold verify forever.
            timeout: PULUMI_TIMEOUT_MS,
        });
    } catch (e) {
        const status = (e as { status?: number | null }).status;
        throw new VerifyInputError(
            `\`pulumi stack output --json --show-secrets -s ${args.stack}\` failed${typeof status === "number" ? ` with exit code ${status}` : ` (${describeError(e)})`}; its own message is above`,
        );
    }
}

/** One stack's outputs text, and where it came from. */
interface OutputsText {
    origin: string;
    /** The stack pulumi read it from (--stack), when it did. */
    stack?: string;
    text: string;
}

/** The outputs of every --outputs file (or every --stack, through pulumi), in the order given. */
function readAllOutputs(args: VerifyArgs, env: NodeJS.ProcessEnv): OutputsText[] {
    if (args.outputs !== undefined) {
        return [args.outputs, ...(args.moreOutputs ?? [])].map((outputs) => ({
            origin: outputs === "-" ? "--outputs - (stdin)" : `--outputs ${outputs}`,
            text: readOutputsText({ ...args, outputs }, env),
        }));
    }
    return [args.stack, ...(args.moreStacks ?? [])].map((stack) => ({ origin: `stack ${stack}`, stack, text: readOutputsText({ ...args, stack }, env) }));
}

/** Named accounts: reads every stack's outputs (all problems at once), then runs the checks per (role, account). */
async function mainAccounts(args: VerifyArgs, texts: OutputsText[], io: VerifyIo, env: NodeJS.ProcessEnv): Promise<number> {
    const stacks: AccountStackInput[] = [];
    // Every stack's problem at once: a line each, its shape problems under it.
    const lines: string[] = [];
    for (const t of texts) {
        try {
            stacks.push(parseAccountInput(t.text, t.origin, t.stack));
        } catch (e) {
            if (!(e instanceof VerifyInputError)) throw e;
            lines.push(`verify: ${e.message}`, ...e.problems.map((p) => `  - ${p}`));
        }
    }
    lines.push(...duplicateAccountProblems(stacks).map((p) => `verify: ${p}`));
    if (lines.length > 0) {
        for (const l of lines) io.write(l);
        return VERIFY_EXIT.usage;
    }
    const firstRegion = stacks.flatMap((s) => Object.values(s.roles))[0]?.resources.region;
    return runAccountsVerify(
        {
            stacks,
            region: args.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? firstRegion ?? "us-east-1",
            endpointUrl: args.endpointUrl,
            configuredEndpoints: configuredEndpoints(env),
            profile: args.profile,
            selection: { roles: args.roles, accounts: args.accounts ?? [] },
            mfaSerial: args.mfaSerial,
            tokenCode: args.tokenCode,
            sourceIdentity: args.sourceIdentity,
            sessionName: args.sessionName,
        },
        io,
    );
}

/** The STS region: --region, AWS_REGION, AWS_DEFAULT_REGION, else the first role's region. */
export function pickRegion(args: Pick<VerifyArgs, "region">, env: NodeJS.ProcessEnv, input: VerifyInput): string {
    const fromRoles = Object.values(input.roles)[0]?.resources.region;
    return args.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? fromRoles ?? "us-east-1";
}

/** Runs verify for argv; returns the exit code (tools/shared/cli.ts VERIFY_EXIT). Never throws for bad input. */
export async function main(argv: string[], io: VerifyIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
    let args: VerifyArgs;
    let input: VerifyInput;
    try {
        args = parseVerifyArgs(argv);
        if (args.help) {
            io.write(USAGE);
            return VERIFY_EXIT.ok;
        }
        const texts = readAllOutputs(args, env);
        if (texts.length > 1 || isNamedAccountOutputs(texts[0].text)) return await mainAccounts(args, texts, io, env);
        if (args.accounts !== undefined) throw new UsageError("--account picks accounts of named-account outputs; account-a's outputs have one account");
        input = parseVerifyInput(texts[0].text);
    } catch (e) {
        if (!(e instanceof UsageError || e instanceof VerifyInputError)) throw e;
        io.write(`verify: ${e.message}`);
        if (e instanceof VerifyInputError) for (const p of e.problems) io.write(`  - ${p}`);
        else io.write(USAGE);
        return VERIFY_EXIT.usage;
    }
    const selected = Object.entries(input.roles).filter(([n]) => args.roles.length === 0 || args.roles.includes(n));
    const calls = plannedCalls(selected.map(([, role]) => role));
    if (calls > MAX_AWS_CALLS) {
        io.write(
            `verify: checking ${selected.length} role${selected.length === 1 ? "" : "s"} takes ${calls} AWS calls (AssumeRole and GetCallerIdentity per role, one read per preset resource); verify makes at most ${MAX_AWS_CALLS} in one run: pick fewer roles with --role NAME`,
        );
        return VERIFY_EXIT.usage;
    }
    const opts: VerifyOptions = {
        input,
        region: pickRegion(args, env, input),
        // Only the flag is passed on: the SDK reads AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> itself.
        endpointUrl: args.endpointUrl,
        configuredEndpoints: configuredEndpoints(env),
        profile: args.profile,
        roles: args.roles,
        mfaSerial: args.mfaSerial,
        tokenCode: args.tokenCode,
        sourceIdentity: args.sourceIdentity,
        sessionName: args.sessionName,
    };
    return runVerify(opts, io);
}

/** Prompts for the MFA code on the terminal. */
async function promptTokenCode(serial: string): Promise<string> {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
        return (await rl.question(`MFA code for ${serial}: `)).trim();
    } finally {
        rl.close();
    }
}

/**
 * The command as the shell runs it: `main`, with anything it did not foresee reported in one line on
 * stderr (never a stack trace) and exit code 2.
 */
export async function cli(argv: string[], io: VerifyIo, stderr: (s: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
    try {
        return await main(argv, io, env);
    } catch (e) {
        stderr(`verify: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}\n`);
        return VERIFY_EXIT.usage;
    }
}

if (require.main === module) {
    const fromStdin = process.argv.includes("-");
    const io: VerifyIo = {
        write: (line) => process.stdout.write(`${line}\n`),
        ...(process.stdin.isTTY && !fromStdin ? { promptTokenCode } : {}),
    };
    void cli(process.argv.slice(2), io, (s) => process.stderr.write(s)).then((code) => (process.exitCode = code));
}
