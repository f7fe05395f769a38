/**
 * verify, the run: for each target role of account-a, assume it as the caller, show who the
 * session is, run one harmless read per preset resource, then print a summary table.
 * Returns the exit code (0: all passed, 1: something failed, 2: an unknown --role); never throws for an AWS error.
 */
import { VERIFY_EXIT } from "../shared/cli";
import { ConfiguredEndpoint, Endpoint, SessionCredentials, assumeRole, getCallerIdentity, runProbe } from "./aws";
import type { RoleClientConfig, TargetRoleOutput } from "../../lib/model/outputs";
import { AssumeContext, Wording, errorInfo, explainAssumeRoleFailure, explainCallerFailure, explainProbeFailure } from "./explain";
import { Caller, CallerOptions, SourceMatch, VerifyInput, matchSource, planAssumeRole, planProbes, probeTarget, sourceAccountOf } from "./probes";

export interface VerifyOptions extends CallerOptions {
    input: VerifyInput;
    /** Region for STS; probes use each role's own region. */
    region: string;
    /** --endpoint-url: every client goes there. */
    endpointUrl?: string;
    /** The environment's AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, which the SDK itself honours when there is no --endpoint-url. */
    configuredEndpoints: ConfiguredEndpoint[];
    profile?: string;
    /** Only these roles (all when empty). */
    roles: string[];
}

export interface VerifyIo {
    write(line: string): void;
    /** Asks for the MFA code on a terminal; absent when there is none. */
    promptTokenCode?: (serial: string) => Promise<string>;
}

/** One row of the summary table. */
export interface CheckRow {
    role: string;
    check: string;
    target: string;
    result: "ok" | "FAIL" | "skipped";
    /** A failed row's AWS error or problem, in one line (named accounts' summary shows it). */
    why?: string;
}

/** Where the clients send their calls, as the first line says it: `endpoint <url>` (and the variable that set it). */
export function endpointLabels(opts: { endpointUrl?: string; configuredEndpoints: readonly ConfiguredEndpoint[] }): string[] {
    return opts.endpointUrl !== undefined ? [`endpoint ${opts.endpointUrl}`] : opts.configuredEndpoints.map((c) => `endpoint ${c.url} (${c.variable})`);
}

/** Who the caller's own credentials are; on an error, prints it and its likely cause and returns undefined. */
export async function callerIdentity(at: Endpoint, io: VerifyIo): Promise<Caller | undefined> {
    try {
        return await getCallerIdentity(at);
    } catch (e) {
        const err = errorInfo(e);
        io.write(`FAIL  sts:GetCallerIdentity of your own credentials: ${err.code}: ${err.message}`);
        io.write(`      -> ${explainCallerFailure(err)}`);
        return undefined;
    }
}

/** Runs every check and prints progress and a summary; returns the process exit code. */
export async function runVerify(opts: VerifyOptions, io: VerifyIo): Promise<number> {
    const at: Endpoint = { region: opts.region, endpointUrl: opts.endpointUrl, configured: opts.configuredEndpoints, profile: opts.profile };
    const { input } = opts;
    const names = Object.keys(input.roles).filter((n) => opts.roles.length === 0 || opts.roles.includes(n));
    const unknown = opts.roles.filter((n) => !(n in input.roles));
    if (unknown.length > 0) {
        io.write(`verify: no role ${unknown.join(", ")} in account-a's outputs (roles: ${Object.keys(input.roles).join(", ")})`);
        return VERIFY_EXIT.usage;
    }
    const endpoints = endpointLabels(opts);
    io.write(`verify: account-a ${input.targetAccountId}, ${names.length} role${names.length === 1 ? "" : "s"}${endpoints.map((e) => `, ${e}`).join("")}`);

    const caller = await callerIdentity(at, io);
    if (caller === undefined) return VERIFY_EXIT.failed;
    io.write(`caller: ${caller.arn} (account ${caller.account})`);

    const rows: CheckRow[] = [];
    for (const name of names) {
        rows.push(...(await verifyRole(name, caller, opts, at, io)));
    }
    io.write("");
    io.write("summary");
    for (const line of summaryTable(rows)) io.write(line);
    const failed = rows.filter((r) => r.result === "FAIL").length;
    io.write(failed === 0 ? `${rows.length} checks passed` : `${failed} of ${rows.length} checks failed`);
    return failed === 0 ? VERIFY_EXIT.ok : VERIFY_EXIT.failed;
}

async function verifyRole(name: string, caller: Caller, opts: VerifyOptions, at: Endpoint, io: VerifyIo): Promise<CheckRow[]> {
    const role = opts.input.roles[name];
    const client = opts.input.clientConfig?.[name];
    const sourceAccountId = sourceAccountOf(role, client);
    const match = matchSource(caller, role.trustedSources, sourceAccountId);

    io.write("");
    io.write(`role ${name} (${role.arn})`);
    io.write(
        match
            ? `  as source ${match.trust.source} (${match.trust.kind}: ${describeMatch(match)})`
            : `  the caller matches none of the trusted sources (${role.trustedSources.map((t) => t.source).join(", ")})`,
    );
    return checkRole({ name, role, client, clientHidden: opts.input.clientConfigHidden, caller, sourceAccountId, match }, opts, at, io);
}

/** How the caller matched its source, in the words of the "as source" line. */
export function describeMatch(match: SourceMatch, sourceAccount = "account B"): string {
    switch (match.how) {
        case "exact":
            return "the trust names the caller";
        case "member":
            return `any user of ${sourceAccount} in the group`;
        case "pattern":
            return "the trust's aws:PrincipalArn pattern admits the caller's role";
        case "account":
            return `any principal of ${sourceAccount}`;
    }
}

/** One role to check as the caller, and how the caller matched its trust. */
export interface RoleAttempt {
    name: string;
    role: TargetRoleOutput;
    client: RoleClientConfig | undefined;
    clientHidden: boolean;
    caller: Caller;
    sourceAccountId: string | undefined;
    match: SourceMatch | undefined;
    /** How the messages name stacks and accounts. @default TWO_ACCOUNT_WORDING */
    wording?: Wording;
    /** Named accounts: the account the assumed session must act in; a session in another fails its GetCallerIdentity row. */
    expectAccount?: { id: string; label: string };
}

/**
 * Assumes the role as planned for the matched source, shows who the session is, and runs one harmless read per
 * preset resource; prints each row and returns them (skipped rows for what could not run).
 */
export async function checkRole(attempt: RoleAttempt, opts: CallerOptions, at: Endpoint, io: VerifyIo): Promise<CheckRow[]> {
    const { name, role, client, caller, sourceAccountId, match } = attempt;
    const probes = planProbes(role);
    const rows: CheckRow[] = [];
    const skipRest = () => {
        rows.push({ role: name, check: "sts:GetCallerIdentity", target: name, result: "skipped" });
        for (const p of probes) rows.push({ role: name, check: p.action, target: probeTarget(p), result: "skipped" });
    };
    const plan = planAssumeRole(name, role, match, client, attempt.clientHidden, opts, attempt.wording?.targetStack);
    const fail = (lines: string[]) => {
        io.write(`  FAIL  sts:AssumeRole`);
        for (const l of lines) io.write(`        -> ${l}`);
        rows.push({ role: name, check: "sts:AssumeRole", target: name, result: "FAIL", ...(lines[0] !== undefined ? { why: lines[0] } : {}) });
        skipRest();
        return rows;
    };
    if (!plan.ok) return fail([plan.problem]);

    let tokenCode = plan.mfa?.tokenCode;
    if (plan.mfa && tokenCode === undefined) {
        if (!io.promptTokenCode) return fail([`role ${name} requires MFA; pass --token-code <code> (no terminal to prompt on)`]);
        tokenCode = await io.promptTokenCode(plan.mfa.serial);
    }
    let session: SessionCredentials;
    try {
        session = await assumeRole(at, plan, tokenCode);
    } catch (e) {
        const ctx: AssumeContext = {
            roleName: name,
            role,
            caller,
            sourceAccountId,
            match,
            sentExternalId: plan.externalId !== undefined,
            sentMfa: plan.mfa !== undefined,
            sentSourceIdentity: plan.sourceIdentity !== undefined,
            ...(attempt.wording ? { wording: attempt.wording } : {}),
            sentSessionName: plan.sessionName,
        };
        const err = errorInfo(e);
        return fail([`${err.code}: ${err.message}`, ...explainAssumeRoleFailure(err, ctx)]);
    }
    io.write(`  ok    sts:AssumeRole`);
    rows.push({ role: name, check: "sts:AssumeRole", target: name, result: "ok" });

    try {
        const assumed = await getCallerIdentity(at, session);
        const expected = attempt.expectAccount;
        if (expected && assumed.account !== expected.id) {
            const why = `the session acts in account ${assumed.account}, not in ${expected.label}: the role ARN in the outputs names another account than the stack's`;
            io.write(`  FAIL  sts:GetCallerIdentity  ${assumed.arn}`);
            io.write(`        -> ${why}`);
            rows.push({ role: name, check: "sts:GetCallerIdentity", target: assumed.arn, result: "FAIL", why });
        } else {
            io.write(`  ok    sts:GetCallerIdentity  ${assumed.arn}${expected ? ` (${expected.label})` : ""}`);
            rows.push({ role: name, check: "sts:GetCallerIdentity", target: assumed.arn, result: "ok" });
        }
    } catch (e) {
        const err = errorInfo(e);
        io.write(`  FAIL  sts:GetCallerIdentity  ${err.code}: ${err.message}`);
        rows.push({ role: name, check: "sts:GetCallerIdentity", target: name, result: "FAIL", why: `${err.code}: ${err.message}` });
    }

    for (const probe of probes) {
        const target = probeTarget(probe);
        try {
            const seen = await runProbe(at, session, probe);
            io.write(`  ok    ${probe.action}  ${target}  ${seen}`);
            rows.push({ role: name, check: probe.action, target, result: "ok" });
        } catch (e) {
            const err = errorInfo(e);
            io.write(`  FAIL  ${probe.action}  ${target}  ${err.code}: ${err.message}`);
            io.write(`        -> ${explainProbeFailure(err, probe, attempt.wording)}`);
            rows.push({ role: name, check: probe.action, target, result: "FAIL", why: `${err.code}: ${err.message}` });
        }
    }
    return rows;
}

/** The summary as aligned text columns: ROLE, CHECK, TARGET, RESULT. */
export function summaryTable(rows: CheckRow[]): string[] {
    const header: CheckRow = { role: "ROLE", check: "CHECK", target: "TARGET", result: "ok" };
    const all = [header, ...rows];
    const width = (f: (r: CheckRow) => string) => Math.max(...all.map((r) => f(r).length));
    const w = [width((r) => r.role), width((r) => r.check), width((r) => r.target)];
    return all.map((r, i) => `${r.role.padEnd(w[0])}  ${r.check.padEnd(w[1])}  ${r.target.padEnd(w[2])}  ${i === 0 ? "RESULT" : r.result}`);
}
