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
import { DEFAULT_SOURCE_STACK, keyPath } from "./names";
import type { CrossAccountConfig, SourceKind, SourceSpec, TargetRoleSpec } from "./model/config";
import type { ResolvedSource } from "./model/outputs";
import { organizationScope } from "./iam/organizations";
import { organizationGrantCondition } from "./policies/source-grant";
import { configuredSource, targetRoleArn } from "./policies/sources";

const UPDATE_B = "update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again";

/** Source kinds whose principal account-b creates and trust mode `principal` names exactly (by ARN, stored by IAM as its unique id). */
const CREATED_PRINCIPAL_KINDS: ReadonlySet<SourceKind> = new Set<SourceKind>(["service-role", "oidc-role", "user"]);

/** The roles in trust mode `principal` that trust a source: the ones whose trust names it in `Principal.AWS`. */
function principalModeRoles(cfg: Pick<CrossAccountConfig, "targetRoles">, sourceKey: string): TargetRoleSpec[] {
    return cfg.targetRoles.filter((r) => r.trustMode === "principal" && r.trustedSources.some((t) => t.source === sourceKey));
}

/**
 * The sources account A must read from account-b's outputs: a service role or user that account-b
 * creates, trusted by at least one role in trust mode `principal`. That trust names the principal
 * itself (which must exist, so B goes first) and carries a revision of its unique id. In config order.
 *
 * Not read, because config alone gives what the trust says: sources trusted only in trust mode
 * `principal-arn` (B's root + `ArnEquals aws:PrincipalArn`), groups (B's root + `ArnLike` on B's users),
 * existing principals (their ARNs are configured) and `account-root`.
 */
export function sourcesReadFromStack(cfg: Pick<CrossAccountConfig, "sources" | "targetRoles">): SourceSpec[] {
    return cfg.sources.filter((s) => CREATED_PRINCIPAL_KINDS.has(s.kind) && principalModeRoles(cfg, s.key).length > 0);
}

/** True when some source is read from account-b's outputs (`sourcesReadFromStack`): only then is a StackReference declared. */
export function needsSourceStack(cfg: Pick<CrossAccountConfig, "sources" | "targetRoles">): boolean {
    return sourcesReadFromStack(cfg).length > 0;
}

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
): { problems: string[]; sources: ResolvedSource[] } {
    const ref = `stack ${cfg.sourceStack}`;
    if (outputs.sources === undefined) {
        return {
            problems: [`${ref} has no output "sources" (it has not been deployed with this program, or sourceStack names the wrong stack); ${UPDATE_B}`],
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
    if (outputs.sourceAccountId !== cfg.sourceAccountId) {
        problems.push(
            `${ref}: output "sourceAccountId" is ${show(outputs.sourceAccountId)} but sourceAccountId here is ${cfg.sourceAccountId}; both stacks must read it from Pulumi.yaml`,
        );
    }
    const exported = outputs.sources;
    const odd = unsafeKeys(exported);
    if (odd.length > 0) problems.push(`${ref}: output "sources" has the key ${odd.join(", ")}, which no source may be named; ${UPDATE_B}`);
    const fromStack = new Set(sourcesReadFromStack(cfg).map((s) => s.key));
    const sources: ResolvedSource[] = [];
    for (const s of cfg.sources) {
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
                const arn = targetRoleArn(cfg, role);
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
 * The problem line when the StackReference cannot be read at all (no such stack, no access): names
 * `sourceStack`, and for a renamed target stack still reading the default `<org>/<project>/account-b`,
 * says to set it (the usual cause: stacks renamed prod-a and prod-b, sourceStack left out).
 */
export function unreadableSourceStack(cfg: Pick<CrossAccountConfig, "sourceStack" | "stack" | "project">, error: unknown): string {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    const readsDefault = cfg.sourceStack.endsWith(`/${cfg.project}/${DEFAULT_SOURCE_STACK}`) && cfg.stack !== "account-a";
    const hint = readsDefault
        ? `stack ${cfg.stack} is not account-a but reads ${DEFAULT_SOURCE_STACK}, sourceStack's default; set sourceStack to account B's stack: \`pulumi config set -s ${cfg.stack} sourceStack <org>/${cfg.project}/<stack of account B>\``
        : "check that sourceStack names account B's stack and that it is deployed (pulumi up -s <stack of account B>)";
    return `sourceStack = ${JSON.stringify(cfg.sourceStack)}: the stack could not be read (${reason}); ${hint}`;
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
