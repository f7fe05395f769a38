import * as pulumi from "@pulumi/pulumi";
import type { ManagedGrantPolicy } from "../components/ManagedGrantPolicies";
import { OidcProvider } from "../components/OidcProvider";
import { PermissionSetGrant } from "../components/PermissionSetGrant";
import { SourceGroup } from "../components/SourceGroup";
import { SourceRole } from "../components/SourceRole";
import { SourceUser } from "../components/SourceUser";
import type { OwnPermissionsArgs } from "../components/OwnPermissions";
import type { CrossAccountConfig, SourceSpec } from "../lib/model/config";
import type { SourceOutput, SourceStackOutputs, StackOutputs } from "../lib/model/outputs";
import type { PolicyDocument } from "../lib/model/policy";
import { managedGrantPolicyName, oidcProviderLogicalName, permissionSetGrantLogicalName } from "../lib/names";
import { GrantHolderKind, organizationGrantCondition, sourceGrantPolicies, sourceGrantPolicy } from "../lib/policies/source-grant";
import { sourceManagedPolicyArns, sourcePermissionPolicy } from "../lib/policies/source-permissions";
import { organizationScope } from "../lib/iam/organizations";
import { sourceServiceTrustPolicy } from "../lib/policies/source-trust";
import { oidcProvidersToCreate, webIdentityTrustPolicy } from "../lib/policies/web-identity-trust";
import { oidcProviderArn, roleArnInEveryAccount } from "../lib/iam/arns";
import { ROLE_CHAINING_NOTE, SSO_ROLE_CHAINING_NOTE, permissionSetGrantNote } from "../lib/outputs/client-config";
import { configuredSource, rolesTrusting, targetRoleArn } from "../lib/policies/sources";

/**
 * The source stack (account B, stack account-b): declares each configured source principal with a policy that
 * allows only sts:AssumeRole on the exact ARNs of A's roles that trust it. Existing principals
 * and the account root are exported as they are; nothing is created for them.
 */
export function deploySourceAccount(cfg: CrossAccountConfig): StackOutputs<SourceStackOutputs> {
    const sources: Record<string, pulumi.Output<SourceOutput>> = {};
    // One OIDC provider per issuer, shared by the oidc-role sources that do not name one of their own.
    const providers = new Map(
        oidcProvidersToCreate(cfg.sources).map((p) => [p.issuer, new OidcProvider(oidcProviderLogicalName(p.issuer), { url: p.url, audiences: p.audiences })]),
    );
    /** The users this program creates, by IAM name: a group's members wait for them. */
    const users = new Map<string, SourceUser>();
    // Groups last, so a member that is a user source here is already declared.
    const ordered = [...cfg.sources.filter((s) => s.kind !== "group"), ...cfg.sources.filter((s) => s.kind === "group")];
    for (const s of ordered) {
        const { assumableRoleArns, ...inOrganization } = assumableBy(cfg, s.key);
        switch (s.kind) {
            case "service-role": {
                const role = new SourceRole(s.key, {
                    roleName: s.name,
                    path: s.path,
                    trustPolicy: sourceServiceTrustPolicy(s.service, cfg.sourceAccountId),
                    ...grantPolicies(cfg, s),
                    instanceProfile: s.service === "ec2",
                    description:
                        s.description ??
                        `Runs on ${s.service}; may only assume roles of ${whereAssumable(cfg, inOrganization.assumableOrganizationRoleArns, assumableRoleArns)}`,
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
                    ...inOrganization,
                }));
                break;
            }
            case "oidc-role": {
                const provider = s.providerArn === undefined ? providers.get(s.oidc.issuer) : undefined;
                const role = new SourceRole(s.key, {
                    roleName: s.name,
                    path: s.path,
                    trustPolicy: webIdentityTrustPolicy(cfg.partition, cfg.sourceAccountId, s.oidc),
                    ...grantPolicies(cfg, s),
                    description:
                        s.description ??
                        `Assumed by ${s.oidc.issuer} jobs through OIDC; may only assume roles of ${whereAssumable(cfg, inOrganization.assumableOrganizationRoleArns, assumableRoleArns)}`,
                    permissionsBoundary: s.permissionsBoundary,
                    tags: s.tags,
                    trustedResources: provider ? [provider] : [],
                    ...ownPermissions(s),
                });
                const providerArn = provider
                    ? provider.arn
                    : pulumi.output(s.providerArn ?? oidcProviderArn(cfg.partition, cfg.sourceAccountId, s.oidc.issuer));
                sources[s.key] = pulumi.all([role.arn, role.uniqueId, providerArn]).apply(([arn, uniqueId, oidcProviderArn]) => ({
                    kind: s.kind,
                    arns: [arn],
                    uniqueIds: [uniqueId],
                    name: s.name,
                    assumableRoleArns,
                    ...inOrganization,
                    oidcProviderArn,
                    notes: [ROLE_CHAINING_NOTE],
                }));
                break;
            }
            case "sso-permission-set": {
                // The grant belongs to the permission set: written here only in the Identity Center administration account.
                const grant = sourceGrantPolicy(cfg, s.key);
                const ic = cfg.identityCenter;
                const permissionSetArn = ic?.permissionSets[s.permissionSet];
                const written = grant !== undefined && ic?.instanceArn !== undefined && permissionSetArn !== undefined;
                if (written)
                    new PermissionSetGrant(permissionSetGrantLogicalName(s.key), { instanceArn: ic.instanceArn!, permissionSetArn, grantPolicy: grant });
                sources[s.key] = pulumi.output({
                    kind: s.kind,
                    arns: [],
                    uniqueIds: [],
                    assumableRoleArns,
                    ...inOrganization,
                    permissionSet: s.permissionSet,
                    ...(grant !== undefined && !written ? { permissionSetInlinePolicy: JSON.stringify(grant, null, 2) } : {}),
                    notes: [SSO_ROLE_CHAINING_NOTE, ...(grant !== undefined ? [permissionSetGrantNote(cfg, s.key, s.permissionSet, written)] : [])],
                });
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
                    .apply(([arn, uniqueId]) => ({ kind: s.kind, arns: [arn], uniqueIds: [uniqueId], name: s.name, assumableRoleArns, ...inOrganization }));
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
                sources[s.key] = pulumi.output({ kind: s.kind, arns: [], uniqueIds: [], name: s.name, assumableRoleArns, ...inOrganization });
                break;
            }
            case "existing":
            case "federated-role":
            case "account-root":
                // Not ours to change: B's admins grant sts:AssumeRole on assumableRoleArns themselves.
                sources[s.key] = pulumi.output({ kind: s.kind, arns: configuredSource(cfg, s).arns, uniqueIds: [], assumableRoleArns, ...inOrganization });
                break;
        }
    }
    const assumableRoleArns = [...new Set(cfg.sources.flatMap((s) => assumableBy(cfg, s.key).assumableRoleArns))];
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

/**
 * The roles a source is granted: exact ARNs of account A's roles, and (only when there are any) the
 * `arn:...:iam::*:role...` of roles deployed to whole OUs, granted in their OUs only.
 */
function assumableBy(
    cfg: CrossAccountConfig,
    sourceKey: string,
): Pick<SourceOutput, "assumableRoleArns" | "assumableOrganizationRoleArns" | "assumableOrganizationConditions"> {
    const trusting = rolesTrusting(cfg, sourceKey);
    const inOrganization = trusting
        .filter((t) => t.role.organizationalUnits !== undefined)
        .map((t) => ({
            arn: roleArnInEveryAccount(cfg.partition, t.role.path, t.role.name),
            condition: organizationGrantCondition(organizationScope(cfg.organization!, t.role.organizationalUnits!)),
        }));
    return {
        assumableRoleArns: trusting.filter((t) => t.role.organizationalUnits === undefined).map((t) => targetRoleArn(cfg, t.role)),
        ...(inOrganization.length > 0
            ? {
                  assumableOrganizationRoleArns: inOrganization.map((r) => r.arn),
                  assumableOrganizationConditions: Object.fromEntries(inOrganization.map((r) => [r.arn, r.condition])),
              }
            : {}),
    };
}

/** Whose roles a source may assume, for its description: account A's as before, and those of the organization's OUs. */
function whereAssumable(cfg: CrossAccountConfig, inOrganization: string[] | undefined, exact: string[]): string {
    if (!inOrganization) return `account ${cfg.targetAccountId}`;
    const org = `the OUs of organization ${cfg.organization?.id ?? ""}`;
    return exact.length > 0 ? `account ${cfg.targetAccountId} and ${org}` : org;
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
