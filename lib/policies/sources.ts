/**
 * The sources as policies see them: the principal ARNs each stands for, the roles that trust it, and
 * the ARN of a target role, all from config alone (deterministic names). Pure.
 */
import { identityCenterRolePatterns, roleArn, userArn } from "../iam/arns";
import type { CrossAccountConfig, SourceSpec, TargetRoleSpec, TrustConditions } from "../model/config";
import type { ResolvedSource } from "../model/outputs";
import { sourceAccount } from "./accounts";

/** Where a role is: its partition and the id of the account it is deployed to (of those in its `accounts`). */
export interface RoleLocation {
    partition: string;
    targetAccountId: string;
}

/** The ARN of a target role in one of its accounts, known before it exists (which breaks the chicken-and-egg). */
export function targetRoleArn(at: RoleLocation, role: Pick<TargetRoleSpec, "path" | "name">): string {
    return roleArn(at.partition, at.targetAccountId, role.path, role.name);
}

/** The principal ARNs a source stands for, computed from config alone (deterministic names), in the source's own account. */
export function configuredSource(cfg: Pick<CrossAccountConfig, "partition" | "accounts">, s: SourceSpec): ResolvedSource {
    switch (s.kind) {
        case "service-role":
        case "oidc-role":
            return { key: s.key, kind: s.kind, arns: [roleArn(cfg.partition, sourceAccount(cfg, s).id, s.path, s.name)], uniqueIds: [] };
        case "user":
            return { key: s.key, kind: s.kind, arns: [userArn(cfg.partition, sourceAccount(cfg, s).id, s.path, s.name)], uniqueIds: [] };
        case "existing":
            return { key: s.key, kind: s.kind, arns: [...s.arns], uniqueIds: [] };
        case "federated-role":
            return "arns" in s.roles
                ? { key: s.key, kind: s.kind, arns: [...s.roles.arns], uniqueIds: [] }
                : { key: s.key, kind: s.kind, arns: [], uniqueIds: [], principalArnPatterns: principalArnPatterns(cfg, s) };
        case "sso-permission-set":
            return { key: s.key, kind: s.kind, arns: [], uniqueIds: [], principalArnPatterns: principalArnPatterns(cfg, s) };
        case "group":
        case "account-root":
            return { key: s.key, kind: s.kind, arns: [], uniqueIds: [] };
    }
}

/**
 * The `ArnLike aws:PrincipalArn` patterns that narrow account B's root to a source: B's users for a group, the
 * roles of the permission set for an sso-permission-set, the name pattern of a federated-role; none for the other kinds.
 */
export function principalArnPatterns(cfg: Pick<CrossAccountConfig, "partition" | "accounts">, s: SourceSpec): string[] {
    const B = sourceAccount(cfg, s).id;
    if (s.kind === "group") return [`arn:${cfg.partition}:iam::${B}:user/*`];
    if (s.kind === "sso-permission-set") return identityCenterRolePatterns(cfg.partition, B, s.permissionSet);
    if (s.kind === "federated-role" && "namePattern" in s.roles) return [roleArn(cfg.partition, B, s.roles.path, s.roles.namePattern)];
    return [];
}

/** The target roles (with their trust entry) that trust a given source. */
export function rolesTrusting(cfg: Pick<CrossAccountConfig, "targetRoles">, sourceKey: string): Array<{ role: TargetRoleSpec; conditions: TrustConditions }> {
    const out: Array<{ role: TargetRoleSpec; conditions: TrustConditions }> = [];
    for (const role of cfg.targetRoles) {
        const entry = role.trustedSources.find((t) => t.source === sourceKey);
        if (entry) out.push({ role, conditions: entry.conditions });
    }
    return out;
}
