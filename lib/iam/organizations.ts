/**
 * AWS Organizations facts that policies depend on: how `aws:ResourceOrgPaths` spells where an account sits,
 * and the condition keys that pin a resource to an organization. Pure.
 */
import type { OrganizationScope, OrganizationSpec } from "../model/organization";

/** The global condition key holding the organization path(s) of the account that owns the resource. */
export const RESOURCE_ORG_PATHS_KEY = "aws:ResourceOrgPaths";
/** The global condition key holding the organization id of the account that owns the resource. */
export const RESOURCE_ORG_ID_KEY = "aws:ResourceOrgID";
/** The global condition key holding the organization path(s) of the caller's account (a list: the caller's one path). */
export const PRINCIPAL_ORG_PATHS_KEY = "aws:PrincipalOrgPaths";
/** The global condition key holding the account that owns the resource. */
export const RESOURCE_ACCOUNT_KEY = "aws:ResourceAccount";

/**
 * The organization path of an OU as `aws:ResourceOrgPaths` spells it: `<org id>/<root id>/<ou id>/`, each
 * level ending in `/`. An account in a child OU has the longer path `<org id>/<root id>/<ou id>/<child>/`.
 */
export function organizationalUnitPath(organizationId: string, rootId: string, organizationalUnitId: string): string {
    return `${organizationId}/${rootId}/${organizationalUnitId}/`;
}

/**
 * The `StringLike` pattern that matches every account in an OU and in the OUs below it:
 * `<org id>/<root id>/<ou id>/*`. The `/` before the `*` keeps a sibling OU whose id merely starts with
 * this one's out.
 */
export function organizationalUnitPathPattern(organizationId: string, rootId: string, organizationalUnitId: string): string {
    return organizationPathPattern(organizationalUnitPath(organizationId, rootId, organizationalUnitId));
}

/**
 * The `StringLike` pattern of an organization path (`<org id>/<root id>/<ou id>/.../`, ending in `/`): every account
 * in that OU and below it. The one place a `*` is added to a path; a path not ending in `/` is refused, since its `*`
 * would also match sibling OUs whose id merely starts the same.
 */
export function organizationPathPattern(path: string): string {
    if (!path.endsWith("/")) throw new Error(`organizationPathPattern: ${path} does not end in "/"`);
    return `${path}*`;
}

/**
 * The scope of a role deployed to `units` (OU ids, or the root id alone for the whole organization) of `org`.
 * The config reader guarantees the root is listed alone and every OU sits under the organization's root.
 */
export function organizationScope(org: Pick<OrganizationSpec, "id" | "rootId" | "managementAccountId">, units: readonly string[]): OrganizationScope {
    if (units.length === 1 && units[0] === org.rootId) {
        return { kind: "organization", organizationId: org.id, rootId: org.rootId, managementAccountId: org.managementAccountId };
    }
    return {
        kind: "organizational-units",
        organizationId: org.id,
        rootId: org.rootId,
        organizationalUnitIds: [...units],
        managementAccountId: org.managementAccountId,
    };
}

/** One line for messages and reports: `OU ou-ab12-11111111 of o-a1b2c3d4e5`, `the whole organization o-a1b2c3d4e5`. */
export function describeScope(scope: OrganizationScope): string {
    if (scope.kind === "organization") return `every account of organization ${scope.organizationId}`;
    const ous = scope.organizationalUnitIds;
    return `every account of OU${ous.length === 1 ? "" : "s"} ${ous.join(", ")} (and the OUs below) of organization ${scope.organizationId}`;
}
