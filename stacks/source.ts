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
import { TWO_ACCOUNT_NAMES, managedGrantPolicyName, oidcProviderLogicalName, permissionSetGrantLogicalName } from "../lib/names";
import { accountNamed, permissionSetsWrittenIn, sourceAccount, sourcesIn } from "../lib/policies/accounts";
import {
    GrantHolderKind,
    grantTargets,
    organizationGrantCondition,
    organizationGrants,
    sourceGrantPolicies,
    sourceGrantPolicy,
} from "../lib/policies/source-grant";
import { sourceManagedPolicyArns, sourcePermissionPolicy } from "../lib/policies/source-permissions";
import { sourceServiceTrustPolicy } from "../lib/policies/source-trust";
import { oidcProvidersToCreate, webIdentityTrustPolicy } from "../lib/policies/web-identity-trust";
import { oidcProviderArn, roleArnInEveryAccount } from "../lib/iam/arns";
import { permissionSetGrantNote, roleChainingNote, ssoRoleChainingNote } from "../lib/outputs/client-config";
import { configuredSource } from "../lib/policies/sources";

/**
 * The source stack (account B, stack account-b; with named accounts, the stack of each account that
 * holds sources): declares each source principal of its account with a policy that allows only
 * sts:AssumeRole on the exact ARNs of the roles that trust it, in every account each is deployed to.
 * Existing principals and the account root are exported as they are; nothing is created for them.
 */
export function deploySourceAccount(cfg: CrossAccountConfig): StackOutputs<SourceStackOutputs> & { account?: string } {
    const sources: Record<string, pulumi.Output<SourceOutput>> = {};
    const ours = sourcesIn(cfg, cfg.account.name);
    // One OIDC provider per issuer, shared by the oidc-role sources of this account that do not name one of their own.
    const providers = new Map(
        oidcProvidersToCreate(ours).map((p) => [p.issuer, new OidcProvider(oidcProviderLogicalName(p.issuer), { url: p.url, audiences: p.audiences })]),
    );
    // The sso-permission-set sources whose permission set some stack writes (the administration account's), and this one.
    const writtenSomewhere = new Set(cfg.accounts.flatMap((a) => permissionSetsWrittenIn(cfg, a.name).map((s) => s.key)));
    const writtenHere = new Set(permissionSetsWrittenIn(cfg, cfg.account.name).map((s) => s.key));
    /** The users this program creates, by IAM name: a group's members wait for them. */
    const users = new Map<string, SourceUser>();
    // Groups last, so a member that is a user source here is already declared.
    const ordered = [...ours.filter((s) => s.kind !== "group"), ...ours.filter((s) => s.kind === "group")];
    for (const s of ordered) {
        const { assumableRoleArns, ...inOrganization } = assumableBy(cfg, s.key);
        switch (s.kind) {
            case "service-role": {
                const role = new SourceRole(s.key, {
                    roleName: s.name,
                    path: s.path,
                    trustPolicy: sourceServiceTrustPolicy(s.service, sourceAccount(cfg, s).id),
                    ...grantPolicies(cfg, s),
                    instanceProfile: s.service === "ec2",
                    description:
                        s.description ??
                        `Runs on ${s.service}; may only assume roles of ${whereAssumable(cfg, s.key, inOrganization.assumableOrganizationRoleArns, assumableRoleArns)}`,
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
                    trustPolicy: webIdentityTrustPolicy(cfg.partition, cfg.account.id, s.oidc),
                    ...grantPolicies(cfg, s),
                    description:
                        s.description ??
                        `Assumed by ${s.oidc.issuer} jobs through OIDC; may only assume roles of ${whereAssumable(cfg, s.key, inOrganization.assumableOrganizationRoleArns, assumableRoleArns)}`,
                    permissionsBoundary: s.permissionsBoundary,
                    tags: s.tags,
                    trustedResources: provider ? [provider] : [],
                    ...ownPermissions(s),
                });
                const providerArn = provider ? provider.arn : pulumi.output(s.providerArn ?? oidcProviderArn(cfg.partition, cfg.account.id, s.oidc.issuer));
                sources[s.key] = pulumi.all([role.arn, role.uniqueId, providerArn]).apply(([arn, uniqueId, oidcProviderArn]) => ({
                    kind: s.kind,
                    arns: [arn],
                    uniqueIds: [uniqueId],
                    name: s.name,
                    assumableRoleArns,
                    ...inOrganization,
                    oidcProviderArn,
                    notes: [roleChainingNote(cfg)],
                }));
                break;
            }
            case "sso-permission-set": {
                // The grant belongs to the permission set: written only by the stack of the Identity Center administration
                // account (two-account layout: this one, account-b), here when the source lives there.
                const grant = sourceGrantPolicy(cfg, s.key);
                const written = grant !== undefined && writtenSomewhere.has(s.key);
                if (grant !== undefined && writtenHere.has(s.key)) writePermissionSet(cfg, s, grant);
                sources[s.key] = pulumi.output({
                    kind: s.kind,
                    arns: [],
                    uniqueIds: [],
                    assumableRoleArns,
                    ...inOrganization,
                    permissionSet: s.permissionSet,
                    ...(grant !== undefined && !written ? { permissionSetInlinePolicy: JSON.stringify(grant, null, 2) } : {}),
                    notes: [
                        ssoRoleChainingNote(cfg, s.account),
                        ...(grant !== undefined ? [permissionSetGrantNote(cfg, s.key, s.permissionSet, written)] : []),
                    ],
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
    // The permission sets this administration account writes for sources of other accounts (its own were written above).
    for (const s of permissionSetsWrittenIn(cfg, cfg.account.name).filter((p) => p.account !== cfg.account.name)) {
        const grant = sourceGrantPolicy(cfg, s.key);
        if (grant !== undefined) writePermissionSet(cfg, s, grant);
    }
    const assumableRoleArns = [...new Set(ours.flatMap((s) => assumableBy(cfg, s.key).assumableRoleArns))];
    const inConfigOrder = Object.fromEntries(ours.map((s) => [s.key, sources[s.key]]));
    return {
        side: "source",
        ...(cfg.layout === "named-accounts" ? { account: cfg.account.name } : {}),
        sourceAccountId: cfg.account.id,
        sources: pulumi.all(inConfigOrder),
        assumableRoleArns,
    };
}

/**
 * The accounts a source's grant reaches, for descriptions (at most 1000 characters in IAM): the two-account
 * layout names A's id, as it always has; with named accounts, up to five names, else their number.
 */
function grantedAccounts(cfg: CrossAccountConfig, sourceKey: string): string {
    if (cfg.layout === "two-account") return `account ${accountNamed(cfg, TWO_ACCOUNT_NAMES.target).id}`;
    const names = [...new Set(grantTargets(cfg, sourceKey).map((t) => t.account))];
    if (names.length === 0) return "no account yet (no role trusts it)";
    if (names.length === 1) return `account ${names[0]}`;
    return names.length <= 5 ? `accounts ${names.join(", ")}` : `${names.length} accounts`;
}

/** A permission set's inline policy: the AssumeRole grant of the sso-permission-set source standing for its roles. */
function writePermissionSet(cfg: CrossAccountConfig, s: Extract<SourceSpec, { kind: "sso-permission-set" }>, grantPolicy: PolicyDocument): void {
    const ic = cfg.identityCenter;
    const permissionSetArn = ic?.permissionSets[s.permissionSet];
    if (ic?.instanceArn === undefined || permissionSetArn === undefined)
        throw new Error(`writePermissionSet: permission set ${s.permissionSet} is not written here`);
    new PermissionSetGrant(permissionSetGrantLogicalName(s.key), { instanceArn: ic.instanceArn, permissionSetArn, grantPolicy });
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
    const inOrganization = organizationGrants(cfg, sourceKey).map((g) => ({
        arn: roleArnInEveryAccount(cfg.partition, g.role.path, g.role.name),
        condition: organizationGrantCondition(g.scope),
    }));
    return {
        assumableRoleArns: grantTargets(cfg, sourceKey).map((t) => t.arn),
        ...(inOrganization.length > 0
            ? {
                  assumableOrganizationRoleArns: inOrganization.map((r) => r.arn),
                  assumableOrganizationConditions: Object.fromEntries(inOrganization.map((r) => [r.arn, r.condition])),
              }
            : {}),
    };
}

/** Whose roles a source may assume, for its description: account A's as before, and those of the organization's OUs. */
function whereAssumable(cfg: CrossAccountConfig, sourceKey: string, inOrganization: string[] | undefined, exact: string[]): string {
    if (!inOrganization) return grantedAccounts(cfg, sourceKey);
    const org = `the OUs of organization ${cfg.organization?.id ?? ""}`;
    return exact.length > 0 ? `${grantedAccounts(cfg, sourceKey)} and ${org}` : org;
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
            description: `sts:AssumeRole on roles of ${grantedAccounts(cfg, s.key)}, part ${i + 1} of ${managed.length}`,
            document,
        })),
    };
}
