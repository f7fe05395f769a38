/**
 * The configuration model: what a validated config says, as plain typed values. Types and their
 * allowed values only; every other module builds on these. lib/config/ turns raw Pulumi config into
 * this model (and is the only place that knows config keys and messages).
 */
import type { OrganizationSpec } from "./organization";
import type { PolicyStatement } from "./policy";

export type Side = "source" | "target";
export const SIDES: readonly Side[] = ["source", "target"];

export type ServiceName = "ec2" | "lambda" | "ecs-tasks";
export const SERVICES: readonly ServiceName[] = ["ec2", "lambda", "ecs-tasks"];

export type SourceKind = "service-role" | "oidc-role" | "sso-permission-set" | "federated-role" | "user" | "group" | "existing" | "account-root";
export const SOURCE_KINDS: readonly SourceKind[] = [
    "service-role",
    "oidc-role",
    "sso-permission-set",
    "federated-role",
    "user",
    "group",
    "existing",
    "account-root",
];

export type TrustMode = "principal" | "principal-arn";
export const TRUST_MODES: readonly TrustMode[] = ["principal", "principal-arn"];

/**
 * How a config names its accounts. `two-account`: `targetAccountId` (A) and `sourceAccountId` (B), stacks
 * account-a / account-b or a `side` each. `named-accounts`: `accounts: { <name>: <id> }`, one stack per
 * account, sources in an `account`, roles deployed to `accounts`. The two-account layout is the special case
 * of two named accounts, A and B (TWO_ACCOUNT_NAMES in lib/names.ts), and renders exactly as it always has.
 */
export type AccountLayout = "two-account" | "named-accounts";
export const ACCOUNT_LAYOUTS: readonly AccountLayout[] = ["two-account", "named-accounts"];

/** An AWS account of the config: its name (a key of `accounts`; A or B in the two-account layout) and its 12-digit id. */
export interface NamedAccount {
    name: string;
    id: string;
}

/**
 * What one stack deploys: the sources of its account (`source`), the roles deployed to its account
 * (`target`), or, with named accounts, both.
 */
export type StackSide = Side | "both";

/** A principal of a source account, as configured under `sources.<key>`. */
export type SourceSpec = SourceKindSpec & SourceClientNaming & SourcePlacement;

/** Where a source lives. */
export interface SourcePlacement {
    /** The name of the account the source lives in (`sources.<key>.account`; B in the two-account layout). */
    account: string;
}

/** What a source is, by kind. */
export type SourceKindSpec =
    | {
          kind: "service-role";
          key: string;
          name: string;
          path: string;
          service: ServiceName;
          description?: string;
          permissionsBoundary?: string;
          /** IAM name of the inline AssumeRole grant. @default "assume-target-roles" */
          grantPolicyName?: string;
          tags: Record<string, string>;
          /** The role's own permissions besides its AssumeRole grant. @default none */
          permissions?: CustomPermissions;
      }
    | {
          kind: "user";
          key: string;
          name: string;
          path: string;
          permissionsBoundary?: string;
          /** IAM name of the inline AssumeRole grant. @default "assume-target-roles" */
          grantPolicyName?: string;
          tags: Record<string, string>;
          /** The user's own permissions besides its AssumeRole grant. @default none */
          permissions?: CustomPermissions;
      }
    | {
          kind: "group";
          key: string;
          name: string;
          /** IAM user names put in the group by this program. @default [] */
          members?: string[];
          /** IAM name of the inline AssumeRole grant. @default "assume-target-roles" */
          grantPolicyName?: string;
          path: string;
          /** What every member may do besides assuming A's roles. @default none */
          permissions?: CustomPermissions;
      }
    | {
          kind: "oidc-role";
          key: string;
          name: string;
          path: string;
          /** Who may assume the role with sts:AssumeRoleWithWebIdentity: an OIDC issuer and the claims its tokens must carry. */
          oidc: OidcTrust;
          /** An OIDC provider of account B made elsewhere, for `oidc.issuer`. @default undefined: account B creates it */
          providerArn?: string;
          description?: string;
          permissionsBoundary?: string;
          /** IAM name of the inline AssumeRole grant. @default "assume-target-roles" */
          grantPolicyName?: string;
          tags: Record<string, string>;
          /** The role's own permissions besides its AssumeRole grant. @default none */
          permissions?: CustomPermissions;
      }
    | {
          kind: "sso-permission-set";
          key: string;
          /**
           * The permission set's name: IAM Identity Center names its role in B
           * `AWSReservedSSO_<permissionSet>_<random suffix>`, under path `/aws-reserved/sso.amazonaws.com/` (and a
           * region segment after it in most regions).
           */
          permissionSet: string;
      }
    | {
          kind: "federated-role";
          key: string;
          /**
           * Which roles of B: exact ARNs, or every role under `path` whose name matches `namePattern` (a literal prefix of
           * at least 3 characters before any `*`; no `?`).
           */
          roles: { arns: string[] } | { path: string; namePattern: string };
      }
    | { kind: "existing"; key: string; arns: string[] }
    | { kind: "account-root"; key: string };

/**
 * Which tokens of an OIDC issuer may become a role of account B. `issuer` is the issuer URL without
 * `https://` (`token.actions.githubusercontent.com`): the provider ARN's suffix and the prefix of its
 * condition keys (`token.actions.githubusercontent.com:sub`).
 */
export type OidcTrust =
    | {
          preset: "github";
          issuer: string;
          /** `owner/repo`. */
          repository: string;
          /** The part of `sub` after the repository; undefined (any ref, any event) only with `unsafeAllowBroadSubjects`. */
          ref?: { branch: string } | { tag: string } | { environment: string } | { pullRequest: true };
          /** `job_workflow_ref`: the reusable workflow that must run the job. */
          jobWorkflowRef?: string;
          audience: string;
          unsafeAllowBroadSubjects: boolean;
      }
    | {
          preset: "gitlab";
          issuer: string;
          /** `group/project`. */
          projectPath: string;
          /** Undefined (any ref) only with `unsafeAllowBroadSubjects`. */
          ref?: { refType: "branch" | "tag"; ref: string };
          audience: string;
          unsafeAllowBroadSubjects: boolean;
      }
    | { preset: "generic"; issuer: string; audiences: string[]; subjects: string[]; unsafeAllowBroadSubjects: boolean };

/**
 * `identityCenter`: the IAM Identity Center that signs people in to account B, for `sso-permission-set`
 * sources. `startUrl` and `region` make the client's `[sso-session]`; `instanceArn` and `permissionSets`
 * (with `account` = account B) let account-b write each permission set's inline policy itself.
 */
export interface IdentityCenterConfig {
    /** The AWS access portal URL, e.g. https://acme.awsapps.com/start. */
    startUrl: string;
    /** The region of the Identity Center instance. */
    region: string;
    /** The `[sso-session NAME]` of the client snippets. */
    sessionName: string;
    /** The instance, when account-b manages the permission sets' inline policies. */
    instanceArn?: string;
    /** The Identity Center administration account (management account or delegated administrator). */
    account?: string;
    /** Permission set ARNs by name, for the permission sets account-b manages. */
    permissionSets: Record<string, string>;
}

/** What a source's client snippets are named after, whatever its kind. */
export interface SourceClientNaming {
    /** A fixed role session name for every snippet of the source. @default user: its name; group, account-root: the caller's $USER; others: the key */
    roleSessionName?: string;
}

/** Conditions one trusted source must meet; each becomes part of that source's trust statement. */
export interface TrustConditions {
    /** Require `sts:ExternalId` equal to `externalIds.<role>` (a Pulumi secret). */
    externalId: boolean;
    /** Require MFA (`aws:MultiFactorAuthPresent`), no older than `maxAgeSeconds`. */
    mfa?: { maxAgeSeconds: number };
    /** Require the caller to belong to this AWS Organization (`aws:PrincipalOrgID`). */
    principalOrgId?: string;
    /** Allow `sts:SetSourceIdentity`; `required` demands one, `allowed` limits the values. */
    sourceIdentity?: { required: boolean; allowed: string[] };
    /** Allow `sts:TagSession`; `allowedKeys` limits the tag keys (`aws:TagKeys`). */
    sessionTags?: { allowedKeys: string[] };
    /**
     * Require the caller to carry each tag (`StringEquals aws:PrincipalTag/<key>`), with one of the listed exact values:
     * an IAM user's tags, or a role session's (its role's tags, overridden by session tags). Keys in config order.
     */
    principalTags?: Record<string, string[]>;
    /** Require the caller's account to sit in one of these OUs or below (`ForAnyValue:StringLike aws:PrincipalOrgPaths`); each path ends in `/`. */
    principalOrgPaths?: string[];
    /** Require the session name to match one of these (`StringEquals`, or `StringLike` when one has a wildcard, on `sts:RoleSessionName`). */
    roleSessionName?: string[];
    /** Set on an `account-root` or `group` source to trust it with no condition at all. */
    unsafeAllowUnconditionalAccountTrust: boolean;
}

export interface TrustedSource {
    source: string;
    conditions: TrustConditions;
    /** Conditions of the role's `trustConditions` this entry drops explicitly (`mfa: false`): reported in the outputs. */
    relaxed: string[];
}

export interface LogsReadPreset {
    logGroups: string[];
    /** Create the log groups in account A instead of referencing existing ones. */
    create: boolean;
    retentionInDays?: number;
}

export interface S3Preset {
    buckets: string[];
    prefix?: string;
    /** KMS keys of SSE-KMS buckets, used only through S3. @default [] */
    kmsKeyArns?: string[];
}

/**
 * Managed policies and custom statements, with the opt-outs of their guards: what a target role's
 * permissions and a source's own permissions have in common (and are read by one reader).
 */
export interface CustomPermissions {
    /** IAM name of the inline policy. @default "permissions" */
    policyName?: string;
    managedPolicyArns: string[];
    statements: PolicyStatement[];
    allowWildcardActions: boolean;
    /** Accept `*` / `?` in the Resource of Allow statements. */
    allowWildcardResources: boolean;
    /** Accept privilege-escalation actions and broad AWS managed policies. */
    unsafeAllowPrivilegeEscalation: boolean;
}

/** What a role of account A may do: presets scoped to the named resources, and custom permissions. */
export interface Permissions extends CustomPermissions {
    logsRead?: LogsReadPreset;
    dynamodbBackup?: { tables: string[] };
    s3ListAllBuckets: boolean;
    s3Read?: S3Preset;
    s3ReadWrite?: S3Preset;
}

export interface TargetRoleSpec {
    name: string;
    /** Names of the accounts the role is deployed to (`targetRoles.<name>.accounts`; [A] in the two-account layout), in config order. */
    accounts: string[];
    path: string;
    description: string;
    maxSessionDuration: number;
    permissionsBoundary?: string;
    tags: Record<string, string>;
    trustMode: TrustMode;
    trustedSources: TrustedSource[];
    permissions: Permissions;
    /**
     * OU ids (`ou-...`), or the organization's root id (`r-...`) for the whole organization: the role is deployed to
     * every account there by a service-managed StackSet instead of to account A (lib/stacksets/). @default undefined: account A
     */
    organizationalUnits?: string[];
    /** The AWS CLI profile name of the role's client snippets. @default the role name, unless that is unsafe (lib/outputs/profile-names.ts) */
    profileName?: string;
}

export interface Limits {
    trustPolicySize: number;
    managedPoliciesPerRole: number;
}

export interface CrossAccountConfig {
    layout: AccountLayout;
    /** What this stack deploys: its account's sources, the roles deployed to it, or both (named accounts only). */
    side: StackSide;
    project: string;
    stack: string;
    partition: string;
    region: string;
    /** Every account of the config, in config order (two-account layout: A, then B). */
    accounts: NamedAccount[];
    /** The account this stack deploys into. */
    account: NamedAccount;
    /**
     * The fully qualified stack a target stack reads for each account that holds sources, by account name:
     * `<org>/<project>/<stack of that account>`. Two-account layout: `{ B: sourceStack }`.
     */
    sourceStacks: Readonly<Record<string, string>>;
    /** Two-account layout only: the account-b stack read by account-a (`sourceStack`), the one entry of sourceStacks. */
    sourceStack?: string;
    sources: SourceSpec[];
    /** Set when some source is an `sso-permission-set`. */
    identityCenter?: IdentityCenterConfig;
    targetRoles: TargetRoleSpec[];
    /** The organization of the roles deployed to `organizationalUnits`; set exactly when some role is. */
    organization?: OrganizationSpec;
    /** ExternalId per target role name. Plain here for validation; wrap in `pulumi.secret` before use. */
    externalIds: Record<string, string>;
    limits: Limits;
}

export interface StackContext {
    project: string;
    stack: string;
    organization: string;
    /**
     * Config keys Pulumi holds as secrets (`namespace:key`; a map counts when any value in it is
     * secret), as the CLI passes them in PULUMI_CONFIG_SECRET_KEYS. Used to refuse an ExternalId
     * stored in plain text. @default undefined: not known, not checked
     */
    secretKeys?: readonly string[];
}
