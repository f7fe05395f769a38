/**
 * Where each IAM quota is reached as the accounts benchmark's shapes grow (docs/scale.md#where-the-quotas-are-reached),
 * computed exactly with the builders the program deploys (no render needed: the documents are pure):
 *
 * - the source's AssumeRole grant, for ONE role deployed to N accounts: inline while it fits the role's 10240
 *   characters, then customer managed policies of 6144 characters, at most 10 per role (20 with a quota increase);
 * - the trust policy of ONE role trusted by N service roles of one account: 2048 characters by default, 4096 at most.
 */
import { parseConfig } from "../../lib/config/read";
import { IAM_LIMITS } from "../../lib/iam/limits";
import { policySize } from "../../lib/iam/documents";
import type { CrossAccountConfig } from "../../lib/model/config";
import { sourceGrantPolicies } from "../../lib/policies/source-grant";
import { configuredSource } from "../../lib/policies/sources";
import { trustPolicy } from "../../lib/policies/trust";
import { trustedSourcesThatFit } from "../../lib/quotas";
import { MAX_ACCOUNTS } from "../../lib/config/keys";
import { targetAccountId } from "./accounts";

const PROJECT = "bench-quota";

/** The largest n in [lo, hi] for which `ok(n)` holds (`ok` holds at lo and is monotone), by halving. */
function largest(lo: number, hi: number, ok: (n: number) => boolean): number {
    let good = lo;
    let bad = hi + 1;
    while (bad - good > 1) {
        const mid = (good + bad) >> 1;
        if (ok(mid)) good = mid;
        else bad = mid;
    }
    return good;
}

/** The accounts shape (tools/bench/accounts.ts) with every account MAX_ACCOUNTS allows, parsed with room for 20 managed policies. */
function accountsConfig(): CrossAccountConfig {
    const accounts: Record<string, string> = { tooling: "222222222222" };
    for (let i = 1; i < MAX_ACCOUNTS; i++) accounts[`target-${String(i).padStart(4, "0")}`] = targetAccountId(i);
    const all: Record<string, string> = {
        [`${PROJECT}:accounts`]: JSON.stringify(accounts),
        [`${PROJECT}:managedPoliciesPerRoleLimit`]: String(IAM_LIMITS.managedPoliciesPerRoleMax),
        [`${PROJECT}:sources`]: JSON.stringify({ ci: { kind: "service-role", service: "ecs-tasks", account: "tooling", path: "/ci/" } }),
        [`${PROJECT}:targetRoles`]: JSON.stringify({
            deployer: {
                accounts: Object.keys(accounts).slice(1),
                path: "/cross-account/",
                trustedSources: ["ci"],
                permissions: { logsRead: { logGroups: ["/app/deploy"] } },
            },
        }),
        "aws:region": "eu-west-1",
    };
    return parseConfig(all, { project: PROJECT, stack: "tooling", organization: "organization" });
}

export interface GrantPoints {
    /** Characters of one role ARN in the grant (`arn:aws:iam::300000000001:role/cross-account/deployer`). */
    arnLength: number;
    /** The most accounts whose grant stays inline (role inline quota). */
    inlineUpTo: number;
    /** ARNs the first customer managed policy holds. */
    arnsPerManagedPolicy: number;
    /** The most accounts that fit 10 managed policies, and 20; `MAX_ACCOUNTS - 1` when every allowed account fits. */
    managedDefaultUpTo: number;
    managedMaxUpTo: number;
    /** Managed policies at the most accounts a role may be deployed to here (MAX_ACCOUNTS - 1: one account holds the source). */
    policiesAtMostAccounts: number;
}

/** Where the grant of one source into ONE role deployed to n accounts leaves inline and fills its managed policies. */
export function grantPoints(): GrantPoints {
    const cfg = accountsConfig();
    const role = cfg.targetRoles[0];
    const most = role.accounts.length;
    const placed = (n: number, limit: number) =>
        sourceGrantPolicies(
            { ...cfg, limits: { ...cfg.limits, managedPoliciesPerRole: limit }, targetRoles: [{ ...role, accounts: role.accounts.slice(0, n) }] },
            "ci",
            "service-role",
        );
    const full = placed(most, IAM_LIMITS.managedPoliciesPerRoleMax);
    const first = full.managed[0];
    const resources = first?.Statement[0].Resource;
    return {
        arnLength: `arn:aws:iam::${targetAccountId(1)}:role${role.path}${role.name}`.length,
        inlineUpTo: largest(1, most, (n) => placed(n, IAM_LIMITS.managedPoliciesPerRoleDefault).inline !== undefined),
        arnsPerManagedPolicy: Array.isArray(resources) ? resources.length : 1,
        managedDefaultUpTo: largest(1, most, (n) => !placed(n, IAM_LIMITS.managedPoliciesPerRoleDefault).overflow),
        managedMaxUpTo: largest(1, most, (n) => !placed(n, IAM_LIMITS.managedPoliciesPerRoleMax).overflow),
        policiesAtMostAccounts: full.managed.length,
    };
}

export interface TrustPoints {
    trustMode: "principal" | "principal-arn";
    /** Characters of the trust policy for one source, and what each more source adds (identical conditions: one statement). */
    one: number;
    perSource: number;
    /** The most service roles of one account that fit 2048 and 4096 characters. */
    at2048: number;
    at4096: number;
}

/** One role trusted by many service roles of one account (`/ci/job-NNN`), identical conditions, in each trust mode. */
export function trustPoints(): TrustPoints[] {
    const count = 200;
    const sources: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) sources[`job-${String(i).padStart(3, "0")}`] = { kind: "service-role", service: "ecs-tasks", path: "/ci/" };
    return (["principal", "principal-arn"] as const).map((trustMode) => {
        const all: Record<string, string> = {
            [`${PROJECT}:targetAccountId`]: "111111111111",
            [`${PROJECT}:sourceAccountId`]: "222222222222",
            [`${PROJECT}:trustPolicySizeLimit`]: "4096",
            [`${PROJECT}:sources`]: JSON.stringify(Object.fromEntries(Object.entries(sources).slice(0, 1))),
            [`${PROJECT}:targetRoles`]: JSON.stringify({ deployer: { trustMode, trustedSources: ["job-000"], permissions: { s3ListAllBuckets: true } } }),
            "aws:region": "eu-west-1",
        };
        const small = parseConfig(all, { project: PROJECT, stack: "account-a", organization: "organization" });
        // The same config with every source: built from the parsed one (parsing it would refuse the trust size).
        const cfg = {
            ...small,
            sources: Object.keys(sources).map((key) => ({ ...small.sources[0], key, name: key })),
        };
        const role = { ...small.targetRoles[0], trustedSources: Object.keys(sources).map((source) => ({ ...small.targetRoles[0].trustedSources[0], source })) };
        const resolved = cfg.sources.map((s) => ({ ...configuredSource(cfg, s), uniqueIds: trustMode === "principal" ? ["AROAPLACEHOLDER000000"] : [] }));
        const sizeOf = (n: number) => policySize(trustPolicy(cfg, { ...role, trustedSources: role.trustedSources.slice(0, n) }, resolved, undefined));
        return {
            trustMode,
            one: sizeOf(1),
            perSource: sizeOf(11) - sizeOf(10),
            at2048: trustedSourcesThatFit(cfg, role, resolved, undefined, IAM_LIMITS.trustPolicySizeDefault),
            at4096: trustedSourcesThatFit(cfg, role, resolved, undefined, IAM_LIMITS.trustPolicySizeMax),
        };
    });
}

/** Whether one role reaches the managed policy limit within the accounts allowed. */
function reach(upTo: number, limit: number): string {
    return upTo >= MAX_ACCOUNTS - 1
        ? `one role reaches ${limit} only past ${MAX_ACCOUNTS - 1} accounts (two such roles trusting one source do)`
        : `${limit} are full at ${upTo} accounts`;
}

/** The quota points as lines of text. */
export function formatQuotaPoints(g: GrantPoints, t: readonly TrustPoints[]): string {
    return [
        `Source grant, one role in N accounts (each ARN ${g.arnLength} characters, e.g. arn:aws:iam::${targetAccountId(1)}:role/cross-account/deployer):`,
        `  inline (role quota ${IAM_LIMITS.roleInlinePolicySize}) up to ${g.inlineUpTo} accounts; then customer managed policies of ${IAM_LIMITS.managedPolicySize}, ${g.arnsPerManagedPolicy} ARNs each;`,
        `  ${IAM_LIMITS.managedPoliciesPerRoleDefault} managed policies (IAM's default per role) hold about ${IAM_LIMITS.managedPoliciesPerRoleDefault * g.arnsPerManagedPolicy} such ARNs, ${IAM_LIMITS.managedPoliciesPerRoleMax} (the raised quota) about ${IAM_LIMITS.managedPoliciesPerRoleMax * g.arnsPerManagedPolicy};`,
        `  ${reach(g.managedDefaultUpTo, IAM_LIMITS.managedPoliciesPerRoleDefault)}; at ${MAX_ACCOUNTS - 1} accounts (the most a role may be deployed to beside its source's) the grant takes ${g.policiesAtMostAccounts}.`,
        `Trust policy, one role trusted by N service roles of one account (/ci/job-NNN), identical conditions (one statement):`,
        ...t.map(
            (p) =>
                `  trust mode ${p.trustMode}: ${p.one} characters for one, +${p.perSource} a source; ${p.at2048} fit ${IAM_LIMITS.trustPolicySizeDefault} (default), ${p.at4096} fit ${IAM_LIMITS.trustPolicySizeMax} (maximum)`,
        ),
    ].join("\n");
}
