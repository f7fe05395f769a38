/**
 * What the access report plans and proves: a check is one request to simulate and the decision it must get,
 * or a row the report cannot prove offline. Types only; tools/access-report/expectations.ts plans them.
 */
import type { FoundPolicy } from "./documents";

export type CheckKind =
    | "trusted-source"
    | "missing-condition"
    | "other-principal"
    | "other-role"
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

export interface PlannedCheck {
    /** Role name in account A the check belongs to. */
    role: string;
    kind: CheckKind;
    /** One line a reader understands without the JSON. */
    title: string;
    expect: Expectation;
    request: PlannedRequest;
    /** Caveat, e.g. an identity policy this program does not manage and the report assumes. */
    note?: string;
    /** Config key of the trusted source the check is about (the access map colours that edge); absent for the role's own checks. */
    source?: string;
}

/**
 * A check the report cannot prove offline, shown as a NOTE row and counted neither as passed nor as
 * failed: e.g. that a principal whose identity policy B manages outside this program assumes no other
 * role of A (its real policy lives in B's account, not in the render).
 */
export interface UnprovenCheck {
    role: string;
    kind: CheckKind;
    title: string;
    /** What the check would expect, were it provable. */
    expect: Expectation;
    /** Why it cannot be simulated. */
    reason: string;
    /** Index in the role's `checks` before which the row is shown (the checks' length: after them). */
    position: number;
    /** Config key of the trusted source the check is about. */
    source?: string;
}

export interface RolePlan {
    role: string;
    arn: string;
    trustMode: string;
    checks: PlannedCheck[];
    unproven: UnprovenCheck[];
    /** What the report cannot simulate for this role (managed policies, boundaries, custom statements). */
    notes: string[];
}
