/**
 * The stack output shapes: the contract between account-b and account-a (through the
 * StackReference) and with the tools (`npm start`, `npm run verify`). Pure types.
 * `pulumi stack output --json` prints exactly these shapes.
 */
import type { Input } from "@pulumi/pulumi";
import type { RoleClientConfig } from "./client-config";
import type { SourceKind, TargetRoleSpec, TrustMode, TrustedSource } from "./config";
import { IAM_LIMITS } from "./iam";
import { ResolvedSource, targetRoleArn, trustPolicy } from "./policies";

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
}

/** One target role of account A, under `roles.<name>`. Never contains the ExternalId. */
export interface TargetRoleOutput {
    arn: string;
    name: string;
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
        s3Read?: { buckets: string[]; prefix?: string };
        s3ReadWrite?: { buckets: string[]; prefix?: string };
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
    /** Pasteable client configuration per role name (lib/client-config.ts); a secret when some role requires an ExternalId. */
    clientConfig: Record<string, RoleClientConfig>;
}

/** The `roles.<name>` output of account-a, derived from config and the resolved sources. Pure. */
export function targetRoleOutput(
    cfg: { partition: string; targetAccountId: string; sourceAccountId: string; region: string },
    role: TargetRoleSpec,
    sources: ResolvedSource[],
): TargetRoleOutput {
    const p = role.permissions;
    return {
        arn: targetRoleArn(cfg, role),
        name: role.name,
        path: role.path,
        trustMode: role.trustMode,
        maxSessionDuration: role.maxSessionDuration,
        trustedSources: role.trustedSources.map((t) => {
            const src = sources.find((s) => s.key === t.source);
            const c = t.conditions;
            return {
                source: t.source,
                kind: src?.kind ?? "account-root",
                principalArns: src?.arns ?? [],
                ...trustPrincipalsOf(cfg, role, t, sources),
                externalId: c.externalId,
                ...(c.mfa ? { mfaMaxAgeSeconds: c.mfa.maxAgeSeconds } : {}),
                ...(c.principalOrgId ? { principalOrgId: c.principalOrgId } : {}),
                ...(c.sourceIdentity ? { sourceIdentity: { required: c.sourceIdentity.required, allowed: [...c.sourceIdentity.allowed] } } : {}),
                ...(c.sessionTags ? { sessionTagKeys: [...c.sessionTags.allowedKeys] } : {}),
            };
        }),
        resources: {
            region: cfg.region,
            logGroups: p.logsRead?.logGroups ?? [],
            dynamodbTables: p.dynamodbBackup?.tables ?? [],
            s3ListAllBuckets: p.s3ListAllBuckets,
            ...(p.s3Read ? { s3Read: { ...p.s3Read } } : {}),
            ...(p.s3ReadWrite ? { s3ReadWrite: { ...p.s3ReadWrite } } : {}),
        },
        managedPolicyArns: [...p.managedPolicyArns],
    };
}

/** Stands in for a role's ExternalId where only the principals of its trust are read: never output. */
const EXTERNAL_ID_PLACEHOLDER = "x".repeat(IAM_LIMITS.externalIdMinLength);

/**
 * What the trust policy says about one trusted source: its statement's `Principal.AWS`, and the
 * `aws:PrincipalArn` values that narrow it. Read from the document `trustPolicy` builds for that source
 * alone (merging statements only unions these), so it cannot drift from what IAM is given.
 */
function trustPrincipalsOf(
    cfg: { partition: string; sourceAccountId: string },
    role: Pick<TargetRoleSpec, "trustMode">,
    entry: TrustedSource,
    sources: ResolvedSource[],
): Pick<TrustRequirementOutput, "trustPrincipals" | "principalArnCondition"> {
    const externalId = entry.conditions.externalId ? EXTERNAL_ID_PLACEHOLDER : undefined;
    const [statement] = trustPolicy(cfg, { trustMode: role.trustMode, trustedSources: [entry] }, sources, externalId).Statement;
    const principal = statement.Principal;
    const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : typeof v === "string" ? [v] : [...v]);
    const condition: { ArnEquals?: string[]; ArnLike?: string[] } = {};
    for (const op of ["ArnEquals", "ArnLike"] as const) {
        const values = list(statement.Condition?.[op]?.["aws:PrincipalArn"]);
        if (values.length > 0) condition[op] = values;
    }
    return {
        trustPrincipals: typeof principal === "object" ? list(principal.AWS) : [],
        ...(Object.keys(condition).length > 0 ? { principalArnCondition: condition } : {}),
    };
}

/** The stack output `trustedPrincipalArns`: every `Principal.AWS` of the roles' trust policies, once each, in role order. */
export function trustedPrincipalArns(roles: TargetRoleOutput[]): string[] {
    return [...new Set(roles.flatMap((r) => r.trustedSources.flatMap((t) => t.trustPrincipals ?? [])))];
}
