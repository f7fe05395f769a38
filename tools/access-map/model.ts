/**
 * The access map's model: who may assume what, under which conditions, and what each role may do.
 * Types only. Built by `accessGraph` (graph.ts) from the rendered stacks and the access report; drawn
 * by html.ts and mermaid.ts; compared by tools/access-diff.
 *
 * Everything is keyed by ARN and account id, never by "account A" / "account B": a render may hold
 * any number of stacks, each in its own account, and a principal or role may live in an account that
 * no rendered stack covers (a vendor, an existing principal).
 */

/** A rendered stack as read here: the shape of out/<stack>.json (secrets already redacted), or of any newer file that keeps these fields. */
export interface StackDocuments {
    stack: string;
    side?: string;
    accountId: string;
    resources: ReadonlyArray<{ type: string; name: string; inputs: Record<string, unknown> }>;
    outputs: Record<string, unknown>;
}

/** One row of the access report, as `npm start -- --json` prints it (tools/access-report/report.ts CheckResult). */
export interface ReportCheck {
    kind: string;
    title: string;
    expect: string;
    /** PASS, FAIL, or UNPROVEN (the report cannot decide it: `reason` says why). */
    result: "PASS" | "FAIL" | "UNPROVEN";
    why?: string;
    /** Why the row is UNPROVEN. */
    reason?: string;
    principal?: string;
    action?: string;
    resource?: string;
    /** The config key of the trusted source the check is about (absent for checks of the role itself, and in reports written before it existed). */
    source?: string;
}

/** The access report as read here: its per-role rows. */
export interface ReportDocuments {
    roles: ReadonlyArray<{ role: string; arn: string; checks: readonly ReportCheck[]; notes?: readonly string[] }>;
}

/** What the report says about a node or an edge: all its checks pass, one fails, only unprovable ones, or no check covers it. */
export type CheckVerdict = "pass" | "fail" | "unproven" | "unchecked";

/** A report row attached to a node or an edge. */
export interface MapCheck {
    /** The role (name) whose block of the report holds the row. */
    role: string;
    title: string;
    expect: string;
    verdict: "pass" | "fail" | "unproven";
    /** Why it failed, or why it cannot be proved. */
    why?: string;
}

/** An account: a group of the map. */
export interface MapAccount {
    /** 12-digit id; `*` for "any account" (a trust of `Principal: "*"`). */
    id: string;
    /** e.g. `account-a · 111111111111`, or `111111111111 (no stack rendered)`. */
    label: string;
    /** Stacks rendered into this account. */
    stacks: string[];
}

export type NodeKind = "role" | "user" | "group" | "identity-provider" | "account-root" | "principal-pattern" | "any-principal" | "resource";

/**
 * Column of the map, left to right: who asks, what is assumed, what it touches. A role that IAM
 * principals or an identity provider's users may assume (its trust names `Principal.AWS`, or
 * `Principal.Federated` for sts:AssumeRoleWithWebIdentity / sts:AssumeRoleWithSAML) is in the `role` tier;
 * a role only a service may assume is a principal. An OIDC or SAML provider is a principal.
 */
export type Tier = "principal" | "role" | "resource";

/** A policy document or resource input shown in a node's panel, redacted as in out/<stack>.json. */
export interface MapDocument {
    /** `<resource type> <logical name>`, as the access report labels documents. */
    origin: string;
    /** The input that holds it (`assumeRolePolicy`, `policy`, or `inputs` for a whole resource). */
    input: string;
    document: unknown;
}

export interface MapNode {
    /** The ARN (or the ARN pattern, `*`, `*@<account>` for "any resource"). */
    id: string;
    kind: NodeKind;
    tier: Tier;
    /** Account id the node lives in (`*` for any account). */
    account: string;
    /** Short name: `role/jobs/nightly-job`, `group/people/operators`, `table/orders`, `any principal of 222222222222`. */
    label: string;
    /** One line under the label: `assumed by ecs-tasks.amazonaws.com`, `not rendered here`. */
    detail?: string;
    /** The stack that renders it; absent when only a document names it. */
    stack?: string;
    documents: MapDocument[];
    checks: MapCheck[];
    verdict: CheckVerdict;
    /** Facts the panel lists (notes of the report, grants no trust admits, ...). */
    notes: string[];
    /** For roles: session length and what limits the role beyond its policies. */
    role?: {
        maxSessionDuration?: number;
        permissionsBoundary?: string;
        managedPolicyArns: string[];
        /** Actions granted on `*` (or on all but some resources): listed on the role rather than drawn to a shared node. */
        anyResource?: string[];
        /** A role deployed to whole OUs by a StackSet: the OU ids (or the root id) of its stack instances, sorted. */
        organizationalUnits?: string[];
    };
}

/** What IAM checks on the request beyond the principal, as read from one trust statement's `Condition`. */
export interface TrustConditions {
    /** `sts:ExternalId` must equal a value (never shown: it is redacted). */
    externalId: boolean;
    /** MFA: `aws:MultiFactorAuthPresent` true (`ifExists`: only when the key is present, so long-term keys pass) and its age limit. */
    mfa?: { ifExists: boolean; maxAgeSeconds?: number };
    /** `sts:SourceIdentity`: `required` when the caller must set one; `allowed` patterns (empty: any value). */
    sourceIdentity?: { required: boolean; allowed: string[] };
    /** Session tags: present when the trust allows `sts:TagSession`; `keys` limits `aws:TagKeys` (absent: any key). */
    sessionTags?: { keys?: string[] };
    /** `aws:PrincipalOrgID` values (the caller must be in one of these organizations). */
    orgIds?: string[];
    /** `aws:PrincipalOrgPaths` patterns (an OU). */
    orgPaths?: string[];
    /** `aws:PrincipalTag/<key>` values the caller must carry (StringEquals), by tag key as the trust spells it. */
    principalTags?: Record<string, string[]>;
    /** `sts:RoleSessionName` values or patterns the session must be named by. */
    sessionNames?: string[];
    /**
     * What a federated caller's token or assertion must carry, for a trust of an identity provider: the
     * `<issuer>:<claim>` keys of that provider's issuer (`sub`, `aud`, `job_workflow_ref`, ...) or the `saml:`
     * keys, each with its values and whether they are patterns (StringLike). Sorted by claim.
     */
    claims?: Claim[];
    /** Any other condition, as `Operator key [values]`, sorted. */
    other: string[];
}

/** One claim a federated caller must present: `sub` StringEquals `repo:acme/web-app:ref:refs/heads/main`. */
export interface Claim {
    /** The claim's name without its issuer: `sub`, `aud`; `saml:aud` for SAML. */
    claim: string;
    /** True when the values are StringLike patterns. */
    like: boolean;
    values: string[];
}

/**
 * How a trust statement names the principal:
 * - `principal`: its own ARN in `Principal.AWS` (IAM pins its unique id: a recreated principal loses access);
 * - `root-principal-arn`: its account root, narrowed by an exact `aws:PrincipalArn` (survives recreation);
 * - `root-pattern`: its account root, narrowed by an `aws:PrincipalArn` pattern (e.g. every user of B);
 * - `root`: its account root, not narrowed: any principal the account's admins allow;
 * - `any-principal`: `Principal: "*"` (only conditions, e.g. an organization, narrow it);
 * - `web-identity` / `saml`: an OIDC or SAML provider in `Principal.Federated`, whose users' tokens or
 *   assertions are narrowed by the statement's claims.
 */
export type TrustVia = "principal" | "root-principal-arn" | "root-pattern" | "root" | "any-principal" | "web-identity" | "saml";

/** One trust statement that admits a principal into a role. */
export interface TrustPath {
    sid?: string;
    via: TrustVia;
    /** What `Principal.AWS` names (an ARN, the account root, `*`), or `Principal.Federated` (a provider). */
    names: string;
    /** The `aws:PrincipalArn` values or patterns that narrow it. */
    principalArns: string[];
    /** STS actions the statement allows (sts:AssumeRole, sts:SetSourceIdentity, sts:TagSession). */
    actions: string[];
    conditions: TrustConditions;
}

/**
 * An edge "may assume". `access`:
 * - `effective`: the role's trust admits the principal and its identity policy grants sts:AssumeRole
 *   on the role (or the principal is not rendered here, so its grant cannot be read);
 * - `trust-only`: the trust admits it, but its rendered identity policy grants nothing on the role;
 * - `grant-only`: its identity policy grants sts:AssumeRole on a role this render does not hold.
 */
export interface AssumeEdge {
    id: string;
    kind: "assume";
    from: string;
    to: string;
    access: "effective" | "trust-only" | "grant-only";
    paths: TrustPath[];
    /** What the caller must present on the easiest of its paths (a condition only some paths require is not required). */
    conditions: TrustConditions;
    /** Condition labels for the drawing: `ExternalId`, `MFA ≤ 1800 s`, `source identity nightly-backup`, ... */
    labels: string[];
    /** Config keys of the trusted sources this edge stands for (from account-a's outputs), to find the report's rows. */
    sources: string[];
    checks: MapCheck[];
    verdict: CheckVerdict;
}

/** One action on one resource pattern, from one statement of a role's identity policies. */
export interface PermissionGrant {
    effect: "Allow" | "Deny";
    action: string;
    /** The resource pattern exactly as the statement has it. */
    resource: string;
    /** The statement's condition as `Operator key [values]; ...`, or absent. */
    condition?: string;
    /** Set when the statement uses NotAction / NotResource: the grant is everything but. */
    not?: "NotAction" | "NotResource";
}

/** An edge "may act on": the grants of one role on one resource node. */
export interface PermissionEdge {
    id: string;
    kind: "permission";
    from: string;
    to: string;
    grants: PermissionGrant[];
    labels: string[];
    checks: MapCheck[];
    verdict: CheckVerdict;
}

export type MapEdge = AssumeEdge | PermissionEdge;

export interface AccessGraph {
    accounts: MapAccount[];
    /** Sorted by tier, account, label. */
    nodes: MapNode[];
    /** Assume edges first, then permission edges; each sorted by from, to. */
    edges: MapEdge[];
    /** Per role node id: every grant of its identity policies (the diff compares these). */
    permissions: Record<string, PermissionGrant[]>;
    /** Counts for a heading: checks passed / failed / unproven over the whole report. */
    summary: { roles: number; principals: number; resources: number; assumeEdges: number; passed: number; failed: number; unproven: number };
}
