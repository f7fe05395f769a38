/**
 * What the access report plans and proves: a check is one request to simulate and the decision it must get,
 * with the documents it applies to that the report does not have (which can make the row UNPROVEN), or a
 * claim no request can test (UNPROVEN, not simulated). Types only; tools/access-report/expectations.ts plans them.
 */
import type { CrossAccountConfig } from "../../lib/model/config";
import type { RecordedResource } from "../shared/mock-runtime";
import type { FoundPolicy } from "./documents";

/**
 * The resources each source stack rendered: one list in the two-account layout (account B's), or the
 * lists by source account name with named accounts.
 */
export type SourceResources = readonly RecordedResource[] | ReadonlyMap<string, readonly RecordedResource[]>;

/** What one source account's stack rendered. */
export function resourcesOf(all: SourceResources, account: string): readonly RecordedResource[] {
    return isResourceList(all) ? all : (all.get(account) ?? []);
}

/**
 * What the stack that writes the permission sets' inline policies rendered: account B's in the two-account layout;
 * with named accounts, that of `identityCenter.account` (none when it is not one of the accounts, or not rendered).
 */
export function permissionSetWriterResources(cfg: Pick<CrossAccountConfig, "accounts" | "identityCenter">, all: SourceResources): readonly RecordedResource[] {
    if (isResourceList(all)) return all;
    const name = cfg.accounts.find((a) => a.id === cfg.identityCenter?.account)?.name;
    return name === undefined ? [] : (all.get(name) ?? []);
}

function isResourceList(all: SourceResources): all is readonly RecordedResource[] {
    return Array.isArray(all);
}

export type CheckKind =
    | "trusted-source"
    | "missing-condition"
    | "other-principal"
    | "other-role"
    /** Named accounts: the same role name, or the same-named resource, in an account the role is not deployed to. */
    | "other-account"
    | "permission"
    | "outside-permission"
    /** A role deployed to whole OUs, in another account inside its OUs (allowed), or a same-named role outside them (refused). */
    | "in-organization-unit"
    | "outside-organization-unit";
export type Expectation = "allow" | "deny";

/** One request to simulate. */
export interface PlannedRequest {
    /** The caller as STS sees it (a role session, or a user). */
    principal: string;
    action: string;
    resource: string;
    resourceAccount: string;
    /** Context keys supplied with the request (aws:PrincipalArn and aws:PrincipalAccount included). */
    context: Record<string, string | string[]>;
    identityPolicies: FoundPolicy[];
    /** The role's trust policy for STS requests; none for permission checks. */
    resourcePolicy?: FoundPolicy;
}

/**
 * A document that applies to a request but that the report does not have: a managed policy attached and
 * not rendered (an AWS managed one), a permissions boundary, the identity policy B keeps outside this
 * program for an `existing` or `account-root` principal. A row whose answer it could change is UNPROVEN.
 */
export interface UnreadDocument {
    /** What it is and where it applies, e.g. `AWS managed policy arn:aws:iam::aws:policy/ReadOnlyAccess attached to role log-reader`. */
    what: string;
    /** An identity policy may allow or deny; a permissions boundary only narrows (it can deny, never allow). */
    may: "allow-or-deny" | "deny";
}

export interface PlannedCheck {
    /** Role name in account A the check belongs to. */
    role: string;
    kind: CheckKind;
    /** One line a reader understands without the JSON. */
    title: string;
    expect: Expectation;
    request: PlannedRequest;
    /** Documents that apply to the request and are not in the render (see UnreadDocument). */
    unread: UnreadDocument[];
    /** Set when no request can test the claim: the row is UNPROVEN for this reason (and the documents it names) and not simulated. */
    untestable?: { reason: string; dependsOn: string[] };
    /** Caveat, e.g. an identity policy this program does not manage and the report assumes. */
    note?: string;
    /** Config key of the trusted source the check is about (the access map colours that edge); absent for the role's own checks. */
    source?: string;
}

export interface RolePlan {
    role: string;
    arn: string;
    trustMode: string;
    checks: PlannedCheck[];
    /** What the reader should know about this role's rows (a role not rendered, custom statements). */
    notes: string[];
}
