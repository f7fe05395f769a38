/**
 * The AWS Organization a role is deployed to as a whole (every account of some OUs, or of the organization) through a
 * service-managed CloudFormation StackSet. Types only.
 */

/** Who creates the StackSets: the management account itself, or a delegated administrator of CloudFormation StackSets. */
export type StackSetCaller = "SELF" | "DELEGATED_ADMIN";
export const STACK_SET_CALLERS: readonly StackSetCaller[] = ["SELF", "DELEGATED_ADMIN"];

/** `organization`: the organization the OU roles are deployed to. */
export interface OrganizationSpec {
    /** `o-...` */
    id: string;
    /** `r-...`: the root every OU of the organization sits under. */
    rootId: string;
    /** The management account: service-managed StackSets never deploy a stack instance to it, even when it sits in a target OU. */
    managementAccountId: string;
    /** The account whose stack creates the StackSets: the management account (callAs SELF) or a delegated administrator (DELEGATED_ADMIN). */
    stackSetAccountId: string;
    callAs: StackSetCaller;
}

/**
 * Where a role deployed through a StackSet lives, and so which accounts a source's grant may reach:
 * - `organizational-units`: every account of these OUs and of the OUs below them (`aws:ResourceOrgPaths`);
 * - `organization`: every account of the organization (`aws:ResourceOrgID`), when the root itself is the target.
 * The management account is in neither: StackSets never deploy to it, so the grant leaves it out too.
 */
export type OrganizationScope =
    | { kind: "organizational-units"; organizationId: string; rootId: string; organizationalUnitIds: string[]; managementAccountId: string }
    | { kind: "organization"; organizationId: string; rootId: string; managementAccountId: string };
