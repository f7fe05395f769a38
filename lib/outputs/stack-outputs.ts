/** The output values of account A's stack, derived from config and the resolved sources. Pure. */
import { IAM_LIMITS } from "../iam/limits";
import type { CrossAccountConfig, TargetRoleSpec, TrustedSource } from "../model/config";
import { roleArnInEveryAccount } from "../iam/arns";
import type { OrganizationSpec } from "../model/organization";
import type { OrganizationRoleOutput, ResolvedSource, TargetRoleOutput, TrustRequirementOutput } from "../model/outputs";
import { sourceAccount } from "../policies/accounts";
import { targetRoleArn } from "../policies/sources";
import { trustPolicy } from "../policies/trust";

type OutputConfig = Pick<CrossAccountConfig, "layout" | "partition" | "region" | "accounts" | "account" | "sources">;

/** The `roles.<name>` output of a target stack (the role in the stack's account), derived from config and the resolved sources. Pure. */
export function targetRoleOutput(cfg: OutputConfig, role: TargetRoleSpec, sources: ResolvedSource[]): TargetRoleOutput {
    const p = role.permissions;
    const named = cfg.layout === "named-accounts";
    return {
        arn: targetRoleArn({ partition: cfg.partition, targetAccountId: cfg.account.id }, role),
        name: role.name,
        ...(named ? { account: cfg.account.name } : {}),
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
                ...(c.principalTags ? { principalTags: Object.fromEntries(Object.entries(c.principalTags).map(([k, v]) => [k, [...v]])) } : {}),
                ...(c.principalOrgPaths ? { principalOrgPaths: [...c.principalOrgPaths] } : {}),
                ...(c.roleSessionName ? { roleSessionName: [...c.roleSessionName] } : {}),
                ...(t.relaxed.length > 0 ? { relaxedFromRole: [...t.relaxed] } : {}),
                ...(named ? whereSourceLives(cfg, t.source) : {}),
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

/**
 * The `organizationRoles.<name>` output of the stack that deploys a role to whole OUs: what `roles.<name>` says of a
 * role of account A, with the ARN in every account instead of one. Pure.
 */
export function organizationRoleOutput(
    cfg: OutputConfig & { organization: OrganizationSpec },
    role: TargetRoleSpec,
    sources: ResolvedSource[],
    stackSet: { name: string; id: string },
): OrganizationRoleOutput {
    const { arn: _arn, ...rest } = targetRoleOutput(cfg, role, sources);
    void _arn;
    return {
        ...rest,
        arnInEveryAccount: roleArnInEveryAccount(cfg.partition, role.path, role.name),
        organizationId: cfg.organization.id,
        organizationalUnits: [...(role.organizationalUnits ?? [])],
        managementAccountId: cfg.organization.managementAccountId,
        stackSetName: stackSet.name,
        stackSetId: stackSet.id,
    };
}

/** Stands in for a role's ExternalId where only the principals of its trust are read: never output. */
const EXTERNAL_ID_PLACEHOLDER = "x".repeat(IAM_LIMITS.externalIdMinLength);

/** Named accounts: the account a trusted source lives in, by name and id. */
function whereSourceLives(cfg: OutputConfig, key: string): Pick<TrustRequirementOutput, "account" | "accountId"> {
    const spec = cfg.sources.find((s) => s.key === key);
    if (!spec) return {};
    const account = sourceAccount(cfg, spec);
    return { account: account.name, accountId: account.id };
}

/**
 * What the trust policy says about one trusted source: its statement's `Principal.AWS`, and the
 * `aws:PrincipalArn` values that narrow it. Read from the document `trustPolicy` builds for that source
 * alone (merging statements only unions these), so it cannot drift from what IAM is given.
 */
function trustPrincipalsOf(
    cfg: OutputConfig,
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
