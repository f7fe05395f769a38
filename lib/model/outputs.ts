/**
 * The stack output shapes: the contract between account-b and account-a (through the
 * StackReference) and with the tools (`npm start`, `npm run verify`). Types only.
 * `pulumi stack output --json` prints exactly these shapes.
 */
import type { Input } from "@pulumi/pulumi";
import type { SourceKind, StackSide, TrustMode } from "./config";
import type { ConditionBlock } from "./policy";

/** What a program returns: each top-level output may still be an Output that resolves to its shape. */
export type StackOutputs<T> = { [K in keyof T]: Input<T[K]> };

/** One source principal of account B, as account-b exports it under `sources.<key>`. */
export interface SourceOutput {
    kind: SourceKind;
    /** Role/user ARNs this source stands for (empty for group and account-root). */
    arns: string[];
    /** IAM unique ids (AROA..., AIDA...) of the principals account-b created. */
    uniqueIds: string[];
    /** Role, user or group name, for created principals. */
    name?: string;
    /** Instance profile name (EC2 service roles only). */
    instanceProfileName?: string;
    /** Exact ARNs of A's roles this source is granted sts:AssumeRole on. */
    assumableRoleArns: string[];
    /** The OIDC provider an `oidc-role` source's trust names (`Principal.Federated`). */
    oidcProviderArn?: string;
    /** The permission set an `sso-permission-set` source stands for. */
    permissionSet?: string;
    /**
     * The AssumeRole grant as the JSON text of an inline policy, for the administration account's admins to put
     * on the permission set (an `sso-permission-set` source whose permission set account-b does not write).
     */
    permissionSetInlinePolicy?: string;
    /** What a caller must know, in plain sentences (role chaining for an `oidc-role`). */
    notes?: string[];
    /**
     * Roles deployed to whole OUs this source is granted sts:AssumeRole on, as `arn:<partition>:iam::*:role<path><name>`:
     * granted in every account of their OUs only (`aws:ResourceOrgPaths`). Absent when none.
     */
    assumableOrganizationRoleArns?: string[];
    /**
     * For each of `assumableOrganizationRoleArns`, the condition account B's grant holds it under (which accounts it
     * reaches: `aws:ResourceOrgPaths` or `aws:ResourceOrgID`, and never the management account). Account A checks it
     * equals what its own config calls for, so a stack file of account-b cannot widen the OUs. Absent when none.
     */
    assumableOrganizationConditions?: Record<string, ConditionBlock>;
}

export interface SourceStackOutputs {
    side: "source";
    sourceAccountId: string;
    sources: Record<string, SourceOutput>;
    /** Every role ARN of account A that some principal of B may assume. */
    assumableRoleArns: string[];
}

/** What the trust of one source requires of its caller. */
export interface TrustRequirementOutput {
    source: string;
    kind: SourceKind;
    /**
     * The source's own role/user ARNs: named in `Principal.AWS` (trust mode principal) or required by
     * `aws:PrincipalArn` (principal-arn). Empty for group and account-root sources.
     */
    principalArns: string[];
    /**
     * What this source's trust statement names in `Principal.AWS`: the source's ARNs in trust mode
     * principal, else B's root (`arn:aws:iam::<B>:root`). Absent in outputs written before it existed.
     */
    trustPrincipals?: string[];
    /**
     * The `aws:PrincipalArn` values that narrow B's root to this source: `ArnEquals` the source's ARNs
     * (trust mode principal-arn), `ArnLike` B's users (group). Absent when nothing narrows the
     * principal: an exact principal (trust mode principal), or the whole account (account-root).
     */
    principalArnCondition?: { ArnEquals?: string[]; ArnLike?: string[] };
    externalId: boolean;
    mfaMaxAgeSeconds?: number;
    principalOrgId?: string;
    sourceIdentity?: { required: boolean; allowed: string[] };
    sessionTagKeys?: string[];
    /** Tags the caller must carry (`aws:PrincipalTag/<key>`), each with the values any of which admits; absent when none. */
    principalTags?: Record<string, string[]>;
    /** The OU paths the caller's account must sit in or below (`aws:PrincipalOrgPaths`); absent when none. */
    principalOrgPaths?: string[];
    /** The session names or patterns the caller's AssumeRole must use (`sts:RoleSessionName`); absent when any. */
    roleSessionName?: string[];
    /** Conditions of the role's `trustConditions` this source's entry drops (`mfa: false`); absent when none. */
    relaxedFromRole?: string[];
    /** Named accounts only: the name of the account the source lives in. */
    account?: string;
    /** Named accounts only: the id of the account the source lives in (a caller from another account is not this source). */
    accountId?: string;
}

/** One target role of account A, under `roles.<name>`. Never contains the ExternalId. */
export interface TargetRoleOutput {
    arn: string;
    name: string;
    /** Named accounts only: the name of the account of `arn` (the stack's). */
    account?: string;
    path: string;
    trustMode: TrustMode;
    maxSessionDuration: number;
    trustedSources: TrustRequirementOutput[];
    /** Resources the role's presets cover, for probes and reports. */
    resources: {
        region: string;
        logGroups: string[];
        dynamodbTables: string[];
        s3ListAllBuckets: boolean;
        s3Read?: { buckets: string[]; prefix?: string; kmsKeyArns?: string[] };
        s3ReadWrite?: { buckets: string[]; prefix?: string; kmsKeyArns?: string[] };
    };
    managedPolicyArns: string[];
}

export interface TargetStackOutputs {
    side: "target";
    targetAccountId: string;
    /** The account-b stack read through the StackReference (absent when no role needs it). */
    sourceStack?: string;
    roles: Record<string, TargetRoleOutput>;
    /**
     * Every ARN named in `Principal.AWS` by a trust policy of this stack (B's root included, when a role
     * trusts B's account and narrows it with `aws:PrincipalArn`: see `roles.<name>.trustedSources`).
     */
    trustedPrincipalArns: string[];
    /** Pasteable client configuration per role name (lib/outputs/client-config.ts); a secret when some role requires an ExternalId. */
    clientConfig: Record<string, RoleClientConfig>;
    /** The roles this stack deploys to whole OUs through StackSets, by role name; absent when none. */
    organizationRoles?: Record<string, OrganizationRoleOutput>;
}

/** A role deployed to every account of some OUs (or of the organization) by a StackSet: `organizationRoles.<name>`. */
export interface OrganizationRoleOutput extends Omit<TargetRoleOutput, "arn"> {
    /** The role's ARN with `*` for the account: in each account of the OUs it is that account's id. */
    arnInEveryAccount: string;
    organizationId: string;
    /** The OU ids (or the root id) the StackSet deploys to, as configured. */
    organizationalUnits: string[];
    /** The management account, where StackSets never deploy: the role is not there. */
    managementAccountId: string;
    stackSetName: string;
    /** The StackSet's id, once created. */
    stackSetId: string;
}

/**
 * What the stack of one named account exports: `side` says which parts it deployed; a `source` part
 * exports what SourceStackOutputs holds, a `target` part what TargetStackOutputs holds (`sourceStacks`
 * instead of `sourceStack`), `both` all of it. Each names its `account`.
 */
export type AccountStackOutputs = { side: StackSide; account: string } & Partial<Omit<SourceStackOutputs, "side">> &
    Partial<Omit<TargetStackOutputs, "side" | "sourceStack">> & {
        /** The stack read for each source account whose principals a role here names, by account name (absent when none). */
        sourceStacks?: Record<string, string>;
    };

/** A source of account B as account A sees it: the principal ARNs it stands for and their IAM unique ids. */
export interface ResolvedSource {
    key: string;
    kind: SourceKind;
    /** Role or user ARNs (service-role, user: one; existing: the listed ARNs; group, account-root: none). */
    arns: string[];
    /** IAM unique ids (AROA..., AIDA...) of the principals B created, when known. */
    uniqueIds: string[];
    /**
     * `ArnLike aws:PrincipalArn` patterns that narrow B's root to this source (an sso-permission-set's roles, a
     * group's users). @default a group: B's users; other kinds: none
     */
    principalArnPatterns?: string[];
}

/** Snippets for one trusted source of a role. */
export interface SourceClientConfig {
    kind: SourceKind;
    /** Named accounts only: the account the source lives in, where its callers hold their own credentials. */
    sourceAccountId?: string;
    /** One `aws sts assume-role` command line, run with the source's credentials. */
    assumeRoleCommand: string;
    /** A `[profile NAME]` block for `~/.aws/config`, lines joined with "\n". */
    awsConfigProfile: string;
    /**
     * The same profile as `aws configure set KEY VALUE --profile NAME` lines, one per key, joined with "\n":
     * idempotent, and nothing to merge by hand into an existing config file.
     */
    awsConfigureCommands: string;
    /**
     * bash/zsh lines that assume the role and export AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
     * and AWS_REGION (SDKs, CLI v2) with AWS_DEFAULT_REGION (CLI v1), so the next command needs no --region.
     */
    exportEnv: string;
    /** The console switch-role link, or null when the console cannot switch to the role for this source (see notes). */
    consoleSwitchRoleUrl: string | null;
    /** What to replace, and the limits that apply (role chaining, console), in plain sentences. */
    notes: string[];
}

/** Client configuration of one target role: `clientConfig.<role name>`. */
export interface RoleClientConfig {
    roleArn: string;
    /** The account of `roleArn`: the stack's. */
    targetAccountId: string;
    /**
     * The account the role's trusted sources live in. With named accounts, set only when they all live in
     * one; each source's snippets carry their own (`sources.<key>.sourceAccountId`).
     */
    sourceAccountId?: string;
    /** Named accounts only: the name of the role's account (`targetAccountId`). */
    account?: string;
    region: string;
    /**
     * Name of the profile in `awsConfigProfile`: the configured one, else the role name, else (when that would
     * replace a source profile or `default`) one derived from it (lib/outputs/profile-names.ts).
     */
    profileName: string;
    /** The ExternalId, present only when a trusted source must send it (the whole output is then secret). */
    externalId?: string;
    /** Snippets per trusted source key, in the order of `trustedSources`. */
    sources: Record<string, SourceClientConfig>;
}
