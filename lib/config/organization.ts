/**
 * `organization` and `targetRoles.<name>.organizationalUnits`: roles deployed to every account of some OUs (or of
 * the whole organization) by a service-managed StackSet, and granted through the one exception to exact ARNs.
 *
 * In the two-account layout the StackSets are declared by the target stack, whose account (`targetAccountId`) must
 * then be the management account or the delegated administrator. With named accounts they are declared by the stack
 * of that account, which must be one of `accounts`; `managementAccount` and `delegatedAdministrator` then also take an
 * account name. Everything an OU role must not be is checked here.
 */
import { IAM_LIMITS } from "../iam/limits";
import { policySize } from "../iam/documents";
import { organizationScope } from "../iam/organizations";
import { ORG_ID_PATTERN, OU_ID_PATTERN, ROOT_ID_PATTERN } from "../iam/patterns";
import type { CrossAccountConfig, TargetRoleSpec } from "../model/config";
import type { OrganizationSpec } from "../model/organization";
import { keyPath, stackSetName } from "../names";
import { organizationGrantStatements, sourceGrantPolicies } from "../policies/source-grant";
import { rolesTrusting } from "../policies/sources";
import { ORGANIZATIONAL_UNITS_SPEC, ORGANIZATIONAL_UNIT_RULE, ORGANIZATION_ACCOUNT_ID_RULE, ORGANIZATION_SPEC } from "./keys";
import type { AccountBook } from "./accounts";
import { ConfigProblems, ObjectReader, isPlainObject } from "./reader";

const F = ORGANIZATION_SPEC.fields;

/**
 * `organization`, when set and valid: the organization of the roles deployed to whole OUs. With named accounts,
 * `managementAccount` and `delegatedAdministrator` take an account's name as well as its id.
 */
export function readOrganization(r: ObjectReader | undefined, problems: ConfigProblems, book?: AccountBook): OrganizationSpec | undefined {
    if (!r) return undefined;
    r.allowFields(ORGANIZATION_SPEC);
    const read = (name: "id" | "rootId") => (r.requireKey(name, F[name]) ? r.stringKey(name, F[name]) : undefined);
    const id = read("id");
    const rootId = read("rootId");
    const managementAccountId = r.requireKey("managementAccount", F.managementAccount) ? readAccount(r, "managementAccount", book) : undefined;
    const delegated = readAccount(r, "delegatedAdministrator", book);
    if (delegated !== undefined && delegated === managementAccountId) {
        problems.add(
            keyPath(r.key, "delegatedAdministrator"),
            delegated,
            "a member account other than managementAccount (leave it out and the management account creates the StackSets itself)",
        );
        return undefined;
    }
    if (!id || !rootId || !managementAccountId || (r.has("delegatedAdministrator") && delegated === undefined)) return undefined;
    return {
        id,
        rootId,
        managementAccountId,
        stackSetAccountId: delegated ?? managementAccountId,
        callAs: delegated === undefined ? "SELF" : "DELEGATED_ADMIN",
    };
}

/** An account of `organization`, by id or (with named accounts) by name: its id. */
function readAccount(r: ObjectReader, name: "managementAccount" | "delegatedAdministrator", book: AccountBook | undefined): string | undefined {
    const value = r.value[name];
    const byId = { ...F[name], rule: ORGANIZATION_ACCOUNT_ID_RULE };
    if (book?.layout !== "named-accounts") return r.stringKey(name, byId);
    const named = typeof value === "string" ? book.accounts.find((a) => a.name === value) : undefined;
    if (named) return named.id;
    const names = book.declared.join(", ");
    return r.stringKey(name, {
        ...byId,
        rule: { ...ORGANIZATION_ACCOUNT_ID_RULE, expected: `${ORGANIZATION_ACCOUNT_ID_RULE.expected}, or the name of one of the accounts (${names})` },
    });
}

/**
 * `targetRoles.<name>.organizationalUnits` of one role: the list when valid, undefined when not set or invalid (the
 * problem recorded). An account id in the list is told apart (StackSets deploy to OUs, never to one account by id,
 * and never to the management account), and so is an organization id (the whole organization is its root).
 */
export function readOrganizationalUnits(t: ObjectReader): string[] | undefined {
    const v: unknown = t.value.organizationalUnits;
    if (Array.isArray(v)) {
        const items: unknown[] = v;
        const accounts = items.map((item, i) => ({ item, i })).filter(({ item }) => /^\d{10,12}$/.test(String(item)));
        for (const { item, i } of accounts) {
            t.problems.add(
                keyPath(keyPath(t.key, "organizationalUnits"), i),
                item,
                `${ORGANIZATIONAL_UNIT_RULE.expected}; this is an account id: a StackSet deploys to every account of an OU, not to one account, and never to the organization's management account, even when it sits in the OU`,
            );
        }
        // An organization id: the whole organization is its root (StackSets target OUs and roots, never an organization id).
        const organizations = items.map((item, i) => ({ item, i })).filter(({ item }) => typeof item === "string" && ORG_ID_PATTERN.test(item));
        for (const { item, i } of organizations) {
            t.problems.add(
                keyPath(keyPath(t.key, "organizationalUnits"), i),
                item,
                `${ORGANIZATIONAL_UNIT_RULE.expected}; this is an organization id: for every account of the organization list its root id (organization.rootId) alone`,
            );
        }
        if (accounts.length > 0 || organizations.length > 0) return undefined;
    }
    return t.listKey("organizationalUnits", ORGANIZATIONAL_UNITS_SPEC);
}

/**
 * The rules across keys for roles deployed to whole OUs. Needs the organization (`organization`, when valid) and,
 * in the two-account layout, the account of the stack that declares the StackSets (`targetAccountId`).
 */
export function checkOrganizationRoles(
    roles: readonly TargetRoleSpec[],
    rolesRaw: unknown,
    organization: OrganizationSpec | undefined,
    organizationRaw: unknown,
    project: string,
    targetAccountId: string | undefined,
    problems: ConfigProblems,
): void {
    const inOrganization = roles.filter((r) => r.organizationalUnits !== undefined);
    // A role whose organizationalUnits is invalid was reported already; it still counts as one.
    const declared =
        isPlainObject(rolesRaw) &&
        Object.values(rolesRaw).some((r) => isPlainObject(r) && r.organizationalUnits !== undefined && r.organizationalUnits !== null);
    if (inOrganization.length === 0) {
        if (organizationRaw !== undefined && !declared)
            problems.addRule("organization", "set, but no role in targetRoles has organizationalUnits; remove it, or deploy a role to organizationalUnits");
        return;
    }
    if (organizationRaw === undefined) {
        problems.addRule(
            "organization",
            `not set, but role ${inOrganization.map((r) => r.name).join(", ")} is deployed to organizationalUnits; expected { id: o-..., rootId: r-..., managementAccount: <12-digit id> }`,
        );
    }
    const names = new Map<string, string>();
    for (const role of inOrganization) {
        const roleKey = keyPath("targetRoles", role.name);
        const key = keyPath(roleKey, "organizationalUnits");
        const units = role.organizationalUnits!;
        if (organization) checkUnits(units, key, organization, problems);
        if (organization && targetAccountId !== undefined && targetAccountId !== organization.stackSetAccountId) {
            const who =
                organization.callAs === "SELF"
                    ? `the organization's management account (organization.managementAccount ${organization.managementAccountId})`
                    : `the delegated administrator (organization.delegatedAdministrator ${organization.stackSetAccountId})`;
            problems.addRule(
                key,
                `the StackSet of role ${role.name} is created by the target stack, so account A (targetAccountId ${targetAccountId}) must be ${who}: set targetAccountId to it, or set organization.delegatedAdministrator to account A if it is registered as one`,
            );
        }
        const external = role.trustedSources.filter((t) => t.conditions.externalId).map((t) => t.source);
        if (external.length > 0) {
            problems.addRule(
                key,
                `role ${role.name} requires an ExternalId (trusted source ${external.join(", ")}), which a StackSet cannot keep secret: its template is readable wherever the StackSet or one of its stacks is (cloudformation:DescribeStackSet, GetTemplate in every account of the OU); drop externalId for this role (it guards against a confused deputy at a third party, not inside your organization), or deploy the role to account A`,
            );
        }
        if (role.permissions.logsRead?.create) {
            problems.addRule(
                keyPath(keyPath(keyPath(roleKey, "permissions"), "logsRead"), "create"),
                `role ${role.name} is deployed to organizationalUnits, and its StackSet creates only the role: create the log groups in each account by other means and set create: false`,
            );
        }
        const name = stackSetName(project, role.name);
        const first = names.get(name);
        if (first !== undefined) {
            problems.addRule(
                roleKey,
                `its StackSet would be named ${name}, as would that of role ${first} (a StackSet name allows only letters, digits and -); rename one of the roles`,
            );
        } else names.set(name, role.name);
    }
}

/** Each OU under the organization's root; the root alone, when listed. */
function checkUnits(units: readonly string[], key: string, org: OrganizationSpec, problems: ConfigProblems): void {
    const rootPart = org.rootId.slice(2);
    units.forEach((unit, i) => {
        const k = keyPath(key, i);
        if (ROOT_ID_PATTERN.test(unit)) {
            if (unit !== org.rootId)
                problems.add(k, unit, `the organization's root, organization.rootId ${org.rootId} (a root id means every account of the organization)`);
            else if (units.length > 1) {
                problems.addRule(key, `lists the root ${org.rootId}, which already holds every OU of the organization; list the root alone, or only OUs`);
            }
            return;
        }
        const root = OU_ID_PATTERN.exec(unit)?.[1];
        if (root !== undefined && root !== rootPart) {
            problems.add(
                k,
                unit,
                `an OU under organization.rootId ${org.rootId}, whose OU ids start with ou-${rootPart}-; this one is under root r-${root}, of another organization`,
            );
        }
    });
}

/**
 * A grant on a role deployed to whole OUs is one statement per scope, which IAM cannot split: when a source's grant
 * outgrows its inline quota and is split into customer managed policies, that statement must fit one of them.
 */
export function checkOrganizationGrantSizes(
    cfg: Pick<CrossAccountConfig, "sources" | "targetRoles" | "partition" | "accounts" | "organization" | "limits">,
): string[] {
    const org = cfg.organization;
    if (!org) return [];
    const problems: string[] = [];
    for (const s of cfg.sources) {
        if (s.kind !== "service-role" && s.kind !== "user" && s.kind !== "group") continue;
        if (sourceGrantPolicies(cfg, s.key, s.kind).inline) continue;
        for (const { role, conditions } of rolesTrusting(cfg, s.key)) {
            const units = role.organizationalUnits;
            if (!units) continue;
            const document = {
                Version: "2012-10-17" as const,
                Statement: organizationGrantStatements(cfg.partition, [{ role, conditions, scope: organizationScope(org, units) }]),
            };
            const size = policySize(document);
            if (size <= IAM_LIMITS.managedPolicySize) continue;
            const perUnit = Math.ceil(size / units.length);
            problems.push(
                `${keyPath(keyPath("targetRoles", role.name), "organizationalUnits")}: ${units.length} OUs make the grant of source ${s.key} on role ${role.name} ${size} characters, in statements IAM cannot split, over the ${IAM_LIMITS.managedPolicySize} of a customer managed policy (the grant of ${s.key} is too large to stay inline); about ${Math.floor(IAM_LIMITS.managedPolicySize / perUnit)} OUs fit: list a parent OU instead of its children, or the root for the whole organization`,
            );
        }
    }
    return problems;
}
