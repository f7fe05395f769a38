/**
 * Cross-stack consistency: account-a reads account-b's outputs through the StackReference and
 * refuses to deploy a trust that account-b does not back. Pure.
 *
 * Only what a trust policy takes from account-b is read and checked: the ARN and unique id of a role
 * or user that account-b creates and that a role in trust mode `principal` names in `Principal.AWS`.
 * Everything else follows from config, so a role in trust mode `principal-arn`, a group, an existing
 * principal or a whole account never waits for account-b.
 */
import { isPlainObject } from "./config/reader";
import { roleArnInEveryAccount } from "./iam/arns";
import { PRINCIPAL_ARN_PATTERN } from "./iam/patterns";
import { DEFAULT_SOURCE_STACK, TWO_ACCOUNT_NAMES, keyPath } from "./names";
import type { CrossAccountConfig, SourceKind } from "./model/config";
import type { ResolvedSource } from "./model/outputs";
import { accountNamed } from "./policies/accounts";
import { principalModeRoles, readingAccount, sourcesReadFromStack } from "./deploy-order";
import { organizationScope } from "./iam/organizations";
import { organizationGrantCondition } from "./policies/source-grant";
import { configuredSource, targetRoleArn } from "./policies/sources";

const UPDATE_B = "update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again";

/** What to do when a source stack does not back this stack's trust: update it first, then this one. */
function updateFirst(cfg: Pick<CrossAccountConfig, "layout" | "stack" | "sourceStacks">, account: string): string {
    if (cfg.layout === "two-account") return UPDATE_B;
    const stack = (cfg.sourceStacks[account] ?? account).split("/").pop();
    return `update account ${account}'s stack first (pulumi up -s ${stack}), then run pulumi up -s ${cfg.stack} again`;
}

// What a stack reads from the source stacks is decided below config (lib/deploy-order.ts), so the reader
// can order the stacks; re-exported here, where account-a's reading of account-b is checked.
export { needsSourceStack, sourceStacksRead, sourcesReadFromStack } from "./deploy-order";

/**
 * Checks account-b's `sources` and `sourceAccountId` outputs against this stack's config, for the
 * sources in `sourcesReadFromStack` only, and returns every source of the config: those as account-b
 * reports them (with the unique ids of the principals it created), the others as config gives them.
 * A source read from account-b must be exported with the same kind and ARNs, one unique id per ARN,
 * and `assumableRoleArns` covering each role in trust mode `principal` that trusts it.
 */
export function resolveSourcesFromStack(
    cfg: CrossAccountConfig,
    outputs: { sources: unknown; sourceAccountId: unknown },
    account: string = TWO_ACCOUNT_NAMES.source,
): { problems: string[]; sources: ResolvedSource[] } {
    const named = cfg.layout === "named-accounts";
    const ref = `stack ${cfg.sourceStacks[account]}`;
    const UPDATE_B = updateFirst(cfg, account);
    const expectedAccount = accountNamed(cfg, account).id;
    if (outputs.sources === undefined) {
        const wrong = named ? `stacks.${account} names the wrong stack` : "sourceStack names the wrong stack";
        return {
            problems: [`${ref} has no output "sources" (it has not been deployed with this program, or ${wrong}); ${UPDATE_B}`],
            sources: [],
        };
    }
    if (!isPlainObject(outputs.sources)) {
        return {
            problems: [`${ref}: output "sources" is ${JSON.stringify(outputs.sources)}; expected an object keyed by source name. ${UPDATE_B}`],
            sources: [],
        };
    }
    const problems: string[] = [];
    if (outputs.sourceAccountId !== expectedAccount) {
        problems.push(
            named
                ? `${ref}: output "sourceAccountId" is ${show(outputs.sourceAccountId)} but account ${account} is ${expectedAccount} here; every stack must read accounts from Pulumi.yaml`
                : `${ref}: output "sourceAccountId" is ${show(outputs.sourceAccountId)} but sourceAccountId here is ${expectedAccount}; both stacks must read it from Pulumi.yaml`,
        );
    }
    const exported = outputs.sources;
    const odd = unsafeKeys(exported);
    if (odd.length > 0) problems.push(`${ref}: output "sources" has the key ${odd.join(", ")}, which no source may be named; ${UPDATE_B}`);
    const fromStack = new Set(sourcesReadFromStack(cfg).map((s) => s.key));
    const sources: ResolvedSource[] = [];
    for (const s of cfg.sources.filter((x) => x.account === account)) {
        const expected = configuredSource(cfg, s);
        if (!fromStack.has(s.key)) {
            sources.push(expected);
            continue;
        }
        const out = Object.hasOwn(exported, s.key) ? exported[s.key] : undefined;
        const roles = principalModeRoles(cfg, s.key);
        const trustedBy = `${roles.map((r) => r.name).join(", ")} (trust mode principal)`;
        if (!isPlainObject(out) || unsafeKeys(out).length > 0) {
            problems.push(`${ref} exports no source "${s.key}" (trusted in trust mode principal by ${roles.map((r) => r.name).join(", ")}); ${UPDATE_B}`);
            continue;
        }
        const at = (field: string) => `${ref}: output ${keyPath(keyPath("sources", s.key), field)}`;
        const arns = exactList(out.arns, PRINCIPAL_ARN_PATTERN);
        if (arns === undefined) {
            problems.push(`${at("arns")} = ${show(out.arns)}: expected a list of exact role or user ARNs (no * or ?); ${UPDATE_B}`);
            continue;
        }
        const sameSource = out.kind === s.kind && JSON.stringify(arns) === JSON.stringify(expected.arns);
        if (!sameSource) {
            problems.push(
                `${ref}: source "${s.key}" is ${typeof out.kind === "string" ? out.kind : show(out.kind)} ${JSON.stringify(arns)} there but ${s.kind} ${JSON.stringify(expected.arns)} in this stack's config; keep sources in Pulumi.yaml so both stacks share them, and ${UPDATE_B}`,
            );
        }
        const uniqueIds = exportedUniqueIds(out.uniqueIds, arns.length, s.kind);
        // A principal that differs is reported above; its unique ids would only add noise.
        if (sameSource && uniqueIds === undefined) {
            const shown = out.uniqueIds === undefined ? "missing" : show(out.uniqueIds);
            problems.push(
                `${ref}: output "sources.${s.key}.uniqueIds" is ${shown}; expected one IAM unique id per ARN of "sources.${s.key}.arns" (${arns.length}). ` +
                    `account-b's outputs predate unique ids, which the trust of ${trustedBy} needs so that a recreated principal changes it; ${UPDATE_B}`,
            );
        }
        const assumable = exactList(out.assumableRoleArns, ROLE_ARN_PATTERN);
        if (assumable === undefined) {
            problems.push(
                `${at("assumableRoleArns")} = ${show(out.assumableRoleArns)}: expected a list of exact role ARNs (no * or ?): account B's grant names exact roles; ${UPDATE_B}`,
            );
        } else {
            for (const role of roles) {
                if (role.organizationalUnits) continue;
                const arn = targetRoleArn({ partition: cfg.partition, targetAccountId: accountNamed(cfg, readingAccount(cfg)).id }, role);
                if (!assumable.includes(arn)) {
                    problems.push(`${ref}: source "${s.key}" may not assume ${arn} (not in its assumableRoleArns); ${UPDATE_B}`);
                }
            }
        }
        // Roles deployed to whole OUs are granted in every account of their OUs, as arn:...:iam::*:role<path><name>.
        // B's grant must reach exactly the accounts of the role's OUs: the condition it holds the ARN under is compared.
        const everywhere = Array.isArray(out.assumableOrganizationRoleArns) ? out.assumableOrganizationRoleArns : [];
        const conditions = isPlainObject(out.assumableOrganizationConditions) ? out.assumableOrganizationConditions : {};
        for (const role of roles.filter((r) => r.organizationalUnits)) {
            const arn = roleArnInEveryAccount(cfg.partition, role.path, role.name);
            if (!everywhere.includes(arn)) {
                problems.push(
                    `${ref}: source "${s.key}" may not assume ${arn} in the accounts of its OUs (not in its assumableOrganizationRoleArns); ${UPDATE_B}`,
                );
                continue;
            }
            const expected = cfg.organization ? organizationGrantCondition(organizationScope(cfg.organization, role.organizationalUnits!)) : undefined;
            const got = Object.hasOwn(conditions, arn) ? conditions[arn] : undefined;
            if (expected !== undefined && JSON.stringify(got) !== JSON.stringify(expected)) {
                problems.push(
                    `${ref}: output ${keyPath(keyPath(keyPath("sources", s.key), "assumableOrganizationConditions"), arn)} = ${show(got)}: expected ${JSON.stringify(expected)}, the accounts of role ${role.name}'s organizationalUnits here; keep organization and organizationalUnits in Pulumi.yaml so both stacks share them, and ${UPDATE_B}`,
                );
            }
        }
        sources.push({ key: s.key, kind: s.kind, arns, uniqueIds: uniqueIds ?? [] });
    }
    return { problems, sources };
}

/**
 * Every source of the config as this target stack's trust policies see it: those of each account in
 * `outputsByAccount` checked against that account's stack outputs (resolveSourcesFromStack), the others
 * from config. In config order.
 */
export function resolveAllSources(
    cfg: CrossAccountConfig,
    outputsByAccount: ReadonlyMap<string, { sources: unknown; sourceAccountId: unknown }>,
): { problems: string[]; sources: ResolvedSource[] } {
    const problems: string[] = [];
    const read = new Map<string, ResolvedSource>();
    for (const [account, outputs] of outputsByAccount) {
        const r = resolveSourcesFromStack(cfg, outputs, account);
        problems.push(...r.problems);
        for (const s of r.sources) read.set(s.key, s);
    }
    return { problems, sources: cfg.sources.map((s) => read.get(s.key) ?? configuredSource(cfg, s)) };
}

/**
 * The problem line when the StackReference cannot be read at all (no such stack, no access): names
 * `sourceStack`, and for a renamed target stack still reading the default `<org>/<project>/account-b`,
 * says to set it (the usual cause: stacks renamed prod-a and prod-b, sourceStack left out).
 */
export function unreadableSourceStack(cfg: Pick<CrossAccountConfig, "sourceStack" | "stack" | "project">, error: unknown): string {
    const reason = firstLine(error);
    const sourceStack = cfg.sourceStack ?? "";
    const readsDefault = sourceStack.endsWith(`/${cfg.project}/${DEFAULT_SOURCE_STACK}`) && cfg.stack !== "account-a";
    const hint = readsDefault
        ? `stack ${cfg.stack} is not account-a but reads ${DEFAULT_SOURCE_STACK}, sourceStack's default; set sourceStack to account B's stack: \`pulumi config set -s ${cfg.stack} sourceStack <org>/${cfg.project}/<stack of account B>\``
        : "check that sourceStack names account B's stack and that it is deployed (pulumi up -s <stack of account B>)";
    return `sourceStack = ${JSON.stringify(sourceStack)}: the stack could not be read (${reason}); ${hint}`;
}

/**
 * Named accounts: the problem line when the stack of a source account cannot be read at all (no such
 * stack, no access): names the stack and `stacks.<account>`, which renames it.
 */
export function unreadableAccountStack(cfg: Pick<CrossAccountConfig, "sourceStacks">, account: string, error: unknown): string {
    const stack = cfg.sourceStacks[account];
    return `stacks.${account} = ${JSON.stringify(stack)}: the stack of account ${account}, whose principals this stack's roles trust, could not be read (${firstLine(error)}); check that it is deployed (pulumi up -s ${stack.split("/").pop()}), or set stacks.${account} to the name of account ${account}'s stack`;
}

/** The first line of an error's message. */
function firstLine(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

/** Source kinds whose principals account-b creates (and so exports unique ids for). */
type CreatedKind = "service-role" | "oidc-role" | "user";

/** IAM unique ids start with a prefix per kind of principal (AROA roles, AIDA users), then 16 or more of [A-Z0-9]. */
const UNIQUE_ID_PREFIX: Readonly<Record<CreatedKind, string>> = { "service-role": "AROA", "oidc-role": "AROA", user: "AIDA" };

/** An exact role ARN: no `*` or `?` anywhere. */
const ROLE_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role(?:\/[\x21-\x29\x2B-\x2E\x30-\x3E\x40-\x7E]+)*\/[\w+=,.@-]+$/;

/** A list of strings each matching `pattern`, or undefined when anything else (a number, `*`) is in it. */
function exactList(value: unknown, pattern: RegExp): string[] | undefined {
    if (!Array.isArray(value)) return undefined;
    return value.every((v): v is string => typeof v === "string" && !/[*?]/.test(v) && pattern.test(v)) ? value : undefined;
}

/** Own keys that JavaScript treats specially, and a prototype other than a plain object's: signs of crafted outputs. */
function unsafeKeys(value: Record<string, unknown>): string[] {
    const proto = Object.getPrototypeOf(value) as unknown;
    const keys = Object.keys(value).filter((k) => k === "__proto__");
    return proto === Object.prototype || proto === null ? keys : [...keys, "(a prototype)"];
}

/** A value as a message shows it: JSON, shortened. */
function show(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The exported unique ids when they are IAM unique ids of the source's kind, one per ARN; undefined otherwise. */
function exportedUniqueIds(value: unknown, arnCount: number, kind: SourceKind): string[] | undefined {
    if (!Array.isArray(value) || value.length !== arnCount) return undefined;
    const prefix = UNIQUE_ID_PREFIX[kind as CreatedKind];
    return value.every((id): id is string => typeof id === "string" && new RegExp(`^${prefix}[A-Z0-9]{16,}$`).test(id)) ? value : undefined;
}
