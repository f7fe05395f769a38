/**
 * verify with named accounts (issue 16), the run: who the caller is, then for each (role, account) of the target
 * stacks given that the caller's source is granted, assume the role in that account, check that the session acts
 * there, and run one harmless read per preset resource; a summary with one line per (role, account).
 * Returns the exit code (0: every granted pair passed, 1: one failed, or none is granted, 2: a usage problem); never
 * throws for an AWS error.
 */
import { VERIFY_EXIT } from "../shared/cli";
import { ConfiguredEndpoint, Endpoint } from "./aws";
import {
    AccountCheck,
    AccountSelection,
    AccountStackInput,
    accountLabel,
    describeTrusted,
    planAccountChecks,
    unknownSelectionProblems,
    wordingFor,
} from "./accounts";
import { Caller, CallerOptions, MAX_AWS_CALLS, plannedCalls } from "./probes";
import { CheckRow, VerifyIo, callerIdentity, checkRole, describeMatch, endpointLabels } from "./run";

export interface AccountsVerifyOptions extends CallerOptions {
    stacks: AccountStackInput[];
    /** Region for STS; probes use each role's own region. */
    region: string;
    endpointUrl?: string;
    configuredEndpoints: ConfiguredEndpoint[];
    profile?: string;
    selection: AccountSelection;
}

/** One line of the summary: a (role, account) and how it went. */
export interface PairRow {
    result: "ok" | "FAIL" | "skipped";
    role: string;
    account: string;
    detail: string;
}

/** At most this many accounts are named in the first line; the rest are counted. */
const LISTED_ACCOUNTS = 5;

export async function runAccountsVerify(opts: AccountsVerifyOptions, io: VerifyIo): Promise<number> {
    const at: Endpoint = { region: opts.region, endpointUrl: opts.endpointUrl, configured: opts.configuredEndpoints, profile: opts.profile };
    const unknown = unknownSelectionProblems(opts.stacks, opts.selection);
    if (unknown.length > 0) {
        for (const p of unknown) io.write(`verify: ${p}`);
        return VERIFY_EXIT.usage;
    }
    const roleCount = opts.stacks.reduce((n, s) => n + Object.keys(s.roles).length, 0);
    const listed = opts.stacks.slice(0, LISTED_ACCOUNTS).map((s) => `${s.account} ${s.accountId}`);
    const more = opts.stacks.length > LISTED_ACCOUNTS ? ` and ${opts.stacks.length - LISTED_ACCOUNTS} more` : "";
    const endpoints = endpointLabels(opts);
    io.write(
        `verify: ${plural(opts.stacks.length, "account")} (${listed.join(", ")}${more}), ${plural(roleCount, "role")}${endpoints.map((e) => `, ${e}`).join("")}`,
    );

    const caller = await callerIdentity(at, io);
    if (caller === undefined) return VERIFY_EXIT.failed;
    const trusted = opts.stacks.flatMap((s) => Object.values(s.roles).flatMap((r) => r.trustedSources));
    const home = trusted.find((t) => t.accountId === caller.account)?.account;
    io.write(`caller: ${caller.arn} (account ${caller.account}${home !== undefined ? `, ${home}` : ""})`);

    const checks = planAccountChecks(opts.stacks, caller, opts.selection);
    const granted = checks.filter((c) => c.match !== undefined);
    const calls = plannedCalls(granted.map((c) => c.role));
    if (calls > MAX_AWS_CALLS) {
        io.write(
            `verify: checking ${plural(granted.length, "(role, account) pair")} takes ${calls} AWS calls (AssumeRole and GetCallerIdentity per pair, one read per preset resource); verify makes at most ${MAX_AWS_CALLS} in one run: pick fewer with --account NAME or --role NAME`,
        );
        return VERIFY_EXIT.usage;
    }
    const asked = opts.selection.roles.length > 0 || opts.selection.accounts.length > 0;
    if (granted.length === 0 && !asked) {
        const sources = [...new Map(trusted.map((t) => [`${t.source} ${t.accountId ?? ""}`, t])).values()];
        io.write(
            `FAIL  the caller is no source that a role of ${opts.stacks.map((s) => s.account).join(", ")} trusts: they trust ${describeTrusted(sources)}; wrong profile or credentials? (--profile, AWS_PROFILE)`,
        );
        return VERIFY_EXIT.failed;
    }

    const pairs: PairRow[] = [];
    for (const check of checks) pairs.push(await verifyPair(check, caller, opts, at, io));
    io.write("");
    io.write("summary");
    for (const line of pairTable(pairs)) io.write(line);
    const failed = pairs.filter((p) => p.result === "FAIL").length;
    const skipped = pairs.filter((p) => p.result === "skipped").length;
    const checked = pairs.length - skipped;
    const skippedNote = skipped > 0 ? `; ${plural(skipped, "(role, account) pair")} not granted to the caller, skipped` : "";
    io.write(
        failed === 0
            ? `${plural(checked, "(role, account) pair")} passed${skippedNote}`
            : `${failed} of ${plural(checked, "(role, account) pair")} failed${skippedNote}`,
    );
    return failed === 0 ? VERIFY_EXIT.ok : VERIFY_EXIT.failed;
}

/** Checks one (role, account): not granted (skipped, or failed when asked for), or assumed and probed. */
async function verifyPair(check: AccountCheck, caller: Caller, opts: AccountsVerifyOptions, at: Endpoint, io: VerifyIo): Promise<PairRow> {
    const { stack, roleName, role, match } = check;
    const where = `${stack.account} (${stack.accountId})`;
    io.write("");
    io.write(`role ${roleName} in ${accountLabel(stack)} (${role.arn})`);
    if (!match) {
        const why = `not granted to the caller: ${roleName} in ${stack.account} trusts ${describeTrusted(role.trustedSources)}`;
        io.write(check.asked ? `  FAIL  ${why}` : `  ${why}; skipped`);
        return {
            result: check.asked ? "FAIL" : "skipped",
            role: roleName,
            account: where,
            detail: why.replace(/^not granted to the caller: /, "not granted: "),
        };
    }
    const source = match.trust.account ?? stack.account;
    io.write(`  as source ${match.trust.source} of account ${source} (${match.trust.kind}: ${describeMatch(match, `account ${source}`)})`);
    const rows = await checkRole(
        {
            name: roleName,
            role,
            client: stack.clientConfig?.[roleName],
            clientHidden: stack.clientConfigHidden,
            caller,
            sourceAccountId: caller.account,
            match,
            wording: wordingFor(check),
            expectAccount: { id: stack.accountId, label: accountLabel(stack) },
        },
        opts,
        at,
        io,
    );
    return { role: roleName, account: where, ...pairResult(rows) };
}

/** A pair's summary from its rows: ok with what ran, or the first failure. */
function pairResult(rows: readonly CheckRow[]): Pick<PairRow, "result" | "detail"> {
    const failed = rows.find((r) => r.result === "FAIL");
    if (failed) return { result: "FAIL", detail: `${failed.check} ${failed.target}: ${failed.why ?? "failed"}` };
    const reads = rows.filter((r) => r.check !== "sts:AssumeRole" && r.check !== "sts:GetCallerIdentity").length;
    return { result: "ok", detail: `assumed, session in the account, ${plural(reads, "read")}` };
}

/** The summary as aligned text columns: RESULT, ROLE, ACCOUNT, DETAIL. */
export function pairTable(rows: readonly PairRow[]): string[] {
    const header: PairRow = { result: "ok", role: "ROLE", account: "ACCOUNT", detail: "DETAIL" };
    const all = [header, ...rows];
    const width = (f: (r: PairRow) => string) => Math.max(...all.map((r) => f(r).length));
    const w = [
        Math.max(
            "RESULT".length,
            width((r) => r.result),
        ),
        width((r) => r.role),
        width((r) => r.account),
    ];
    return all.map((r, i) => `${(i === 0 ? "RESULT" : r.result).padEnd(w[0])}  ${r.role.padEnd(w[1])}  ${r.account.padEnd(w[2])}  ${r.detail}`.trimEnd());
}

function plural(n: number, what: string): string {
    return `${n} ${what}${n === 1 ? "" : "s"}`;
}
