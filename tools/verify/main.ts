/**
 * `npm run verify`: after `pulumi up`, checks for real that the caller can assume each role of
 * account-a and read what its presets cover. Read-only: AssumeRole, GetCallerIdentity, and one
 * harmless read per resource (FilterLogEvents, DescribeTable, ListBackups, ListObjectsV2, ListBuckets).
 *
 *   npm run verify -- [--outputs FILE|-] [--stack account-a] [--profile P] [--region R] [--endpoint-url URL]
 *                     [--role NAME]... [--mfa-serial ARN] [--token-code CODE] [--source-identity ID] [--session-name NAME]
 *
 * Input: `pulumi stack output --json --show-secrets` of account-a, from --outputs FILE, stdin
 * (--outputs -), or by running pulumi when it is on PATH. Exit code 0 when every check passed,
 * 1 when one failed, 2 for a usage or input problem.
 */
import { ROLE_SESSION_NAME_PATTERN } from "../../lib/iam/patterns";
import { execFileSync } from "child_process";
import { accessSync, constants, readFileSync } from "fs";
import * as path from "path";
import { createInterface } from "readline/promises";
import { parseArgs } from "util";
import { configuredEndpoints } from "./aws";
import { VerifyInput, parseVerifyInput } from "./probes";
import { VerifyIo, VerifyOptions, runVerify } from "./run";

export const USAGE = `usage: npm run verify -- [--outputs FILE|-] [--stack NAME] [--profile P] [--region R] [--endpoint-url URL]
                        [--role NAME]... [--mfa-serial ARN] [--token-code CODE] [--source-identity ID] [--session-name NAME]
  --outputs FILE|-     account-a's \`pulumi stack output --json --show-secrets\` (a file, or - for stdin);
                       default: run that command when pulumi is on PATH
  --stack NAME         the stack pulumi reads (default account-a)
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
    stack: string;
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

/** Parses argv (without node and the script); throws an Error with the problem for bad arguments. */
export function parseVerifyArgs(argv: string[]): VerifyArgs {
    const { values } = parseArgs({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: {
            outputs: { type: "string" },
            stack: { type: "string" },
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
    });
    const sessionName = values["session-name"] ?? "cross-account-verify";
    if (!ROLE_SESSION_NAME_PATTERN.test(sessionName)) throw new Error(`--session-name ${sessionName}: expected 2 to 64 characters from [A-Za-z0-9+=,.@_-]`);
    return {
        outputs: values.outputs,
        stack: values.stack ?? "account-a",
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

/** Reads the outputs text from --outputs FILE, stdin, or `pulumi stack output`. */
function readOutputsText(args: VerifyArgs, env: NodeJS.ProcessEnv): string {
    if (args.outputs === "-") return readFileSync(0, "utf8");
    if (args.outputs !== undefined) return readFileSync(args.outputs, "utf8");
    const pulumi = findOnPath("pulumi", env.PATH);
    if (!pulumi)
        throw new Error("pulumi is not on PATH: pass --outputs FILE (or --outputs - on stdin) with `pulumi stack output --json --show-secrets -s account-a`");
    return execFileSync(pulumi, ["stack", "output", "--json", "--show-secrets", "-s", args.stack], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

/** The STS region: --region, AWS_REGION, AWS_DEFAULT_REGION, else the first role's region. */
export function pickRegion(args: Pick<VerifyArgs, "region">, env: NodeJS.ProcessEnv, input: VerifyInput): string {
    const fromRoles = Object.values(input.roles)[0]?.resources.region;
    return args.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? fromRoles ?? "us-east-1";
}

/** Runs verify for argv; returns the exit code. */
export async function main(argv: string[], io: VerifyIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
    let args: VerifyArgs;
    let input: VerifyInput;
    try {
        args = parseVerifyArgs(argv);
        if (args.help) {
            io.write(USAGE);
            return 0;
        }
        input = parseVerifyInput(readOutputsText(args, env));
    } catch (e) {
        io.write(`verify: ${e instanceof Error ? e.message : String(e)}`);
        io.write(USAGE);
        return 2;
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

if (require.main === module) {
    const fromStdin = process.argv.includes("-");
    const io: VerifyIo = {
        write: (line) => process.stdout.write(`${line}\n`),
        ...(process.stdin.isTTY && !fromStdin ? { promptTokenCode } : {}),
    };
    main(process.argv.slice(2), io).then(
        (code) => (process.exitCode = code),
        (e: unknown) => {
            process.stderr.write(`verify: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            process.exitCode = 1;
        },
    );
}
