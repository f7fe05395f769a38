import * as pulumi from "@pulumi/pulumi";
import type { ManagedGrantPolicy } from "../components/ManagedGrantPolicies";
import { SourceGroup } from "../components/SourceGroup";
import { SourceRole } from "../components/SourceRole";
import { SourceUser } from "../components/SourceUser";
import type { OwnPermissionsArgs } from "../components/OwnPermissions";
import type { CrossAccountConfig, SourceSpec } from "../lib/model/config";
import type { SourceOutput, SourceStackOutputs, StackOutputs } from "../lib/model/outputs";
import type { PolicyDocument } from "../lib/model/policy";
import { managedGrantPolicyName } from "../lib/names";
import { GrantHolderKind, sourceGrantPolicies } from "../lib/policies/source-grant";
import { sourceManagedPolicyArns, sourcePermissionPolicy } from "../lib/policies/source-permissions";
import { sourceServiceTrustPolicy } from "../lib/policies/source-trust";
import { configuredSource, rolesTrusting, targetRoleArn } from "../lib/policies/sources";

/**
 * The source stack (account B, stack account-b): declares each configured source principal with a policy that
 * allows only sts:AssumeRole on the exact ARNs of A's roles that trust it. Existing principals
 * and the account root are exported as they are; nothing is created for them.
 */
export function deploySourceAccount(cfg: CrossAccountConfig): StackOutputs<SourceStackOutputs> {
    const sources: Record<string, pulumi.Output<SourceOutput>> = {};
    /** The users this program creates, by IAM name: a group's members wait for them. */
    const users = new Map<string, SourceUser>();
    // Groups last, so a member that is a user source here is already declared.
    const ordered = [...cfg.sources.filter((s) => s.kind !== "group"), ...cfg.sources.filter((s) => s.kind === "group")];
    for (const s of ordered) {
        const assumableRoleArns = rolesTrusting(cfg, s.key).map((t) => targetRoleArn(cfg, t.role));
        switch (s.kind) {
            case "service-role": {
                const role = new SourceRole(s.key, {
                    roleName: s.name,
                    path: s.path,
                    trustPolicy: sourceServiceTrustPolicy(s.service, cfg.sourceAccountId),
                    ...grantPolicies(cfg, s),
                    instanceProfile: s.service === "ec2",
                    description: s.description ?? `Runs on ${s.service}; may only assume roles of account ${cfg.targetAccountId}`,
                    permissionsBoundary: s.permissionsBoundary,
                    tags: s.tags,
                    ...ownPermissions(s),
                });
                sources[s.key] = pulumi.all([role.arn, role.uniqueId, role.instanceProfileName]).apply(([arn, uniqueId, instanceProfileName]) => ({
                    kind: s.kind,
                    arns: [arn],
                    uniqueIds: [uniqueId],
                    name: s.name,
                    ...(instanceProfileName !== undefined ? { instanceProfileName } : {}),
                    assumableRoleArns,
                }));
                break;
            }
            case "user": {
                const user = new SourceUser(s.key, {
                    userName: s.name,
                    path: s.path,
                    ...grantPolicies(cfg, s),
                    permissionsBoundary: s.permissionsBoundary,
                    tags: s.tags,
                    ...ownPermissions(s),
                });
                users.set(s.name, user);
                sources[s.key] = pulumi
                    .all([user.arn, user.uniqueId])
                    .apply(([arn, uniqueId]) => ({ kind: s.kind, arns: [arn], uniqueIds: [uniqueId], name: s.name, assumableRoleArns }));
                break;
            }
            case "group": {
                const members = (s.members ?? []).map((userName) => ({ userName, user: users.get(userName)?.userName ?? userName }));
                new SourceGroup(s.key, {
                    groupName: s.name,
                    path: s.path,
                    ...grantPolicies(cfg, s),
                    ...ownPermissions(s),
                    ...(members.length > 0 ? { members } : {}),
                });
                sources[s.key] = pulumi.output({ kind: s.kind, arns: [], uniqueIds: [], name: s.name, assumableRoleArns });
                break;
            }
            case "existing":
            case "account-root":
                // Not ours to change: B's admins grant sts:AssumeRole on assumableRoleArns themselves.
                sources[s.key] = pulumi.output({ kind: s.kind, arns: configuredSource(cfg, s).arns, uniqueIds: [], assumableRoleArns });
                break;
        }
    }
    const assumableRoleArns = [...new Set(cfg.sources.flatMap((s) => rolesTrusting(cfg, s.key).map((t) => targetRoleArn(cfg, t.role))))];
    const inConfigOrder = Object.fromEntries(cfg.sources.map((s) => [s.key, sources[s.key]]));
    return { side: "source", sourceAccountId: cfg.sourceAccountId, sources: pulumi.all(inConfigOrder), assumableRoleArns };
}

/** The sources account-b creates a principal for, with its AssumeRole grant. */
type GrantHolder = Extract<SourceSpec, { kind: GrantHolderKind }>;

/** A source principal's own permissions as component args: its inline policy and managed policies, apart from the grant. */
function ownPermissions(s: GrantHolder): OwnPermissionsArgs {
    const permissionPolicy = sourcePermissionPolicy(s);
    const managedPolicyArns = sourceManagedPolicyArns(s);
    const permissionPolicyName = s.permissions?.policyName;
    return {
        ...(permissionPolicy ? { permissionPolicy } : {}),
        ...(permissionPolicy && permissionPolicyName !== undefined ? { permissionPolicyName } : {}),
        ...(managedPolicyArns.length > 0 ? { managedPolicyArns } : {}),
    };
}

/** A source principal's AssumeRole grant as component args: inline while it fits, else named customer managed policies. */
function grantPolicies(
    cfg: CrossAccountConfig,
    s: GrantHolder,
): { grantPolicy?: PolicyDocument; grantPolicyName?: string; managedGrantPolicies: ManagedGrantPolicy[] } {
    const { inline, managed } = sourceGrantPolicies(cfg, s.key, s.kind);
    return {
        grantPolicy: inline,
        ...(s.grantPolicyName === undefined ? {} : { grantPolicyName: s.grantPolicyName }),
        managedGrantPolicies: managed.map((document, i) => ({
            name: managedGrantPolicyName(s.name, i, s.grantPolicyName),
            description: `sts:AssumeRole on roles of account ${cfg.targetAccountId}, part ${i + 1} of ${managed.length}`,
            document,
        })),
    };
}
