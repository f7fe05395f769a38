/**
 * The IAM resources the rules read, by their type token (`aws:iam/role:Role`, ...; the rules never import
 * @pulumi/aws, so they work on any Pulumi program that manages IAM with the aws provider): how messages
 * name them, the identity policies each carries, the accounts a role trusts, and a role's permission
 * documents across inline policies, RolePolicy resources and attached managed policies.
 */
import type { PolicyResource } from "@pulumi/policy";
import { isObject, knownPlain, knownProperty, policyStatements, stringList } from "./documents";
import { awsPrincipals, principalAccount } from "./statements";

export const ROLE_TYPE = "aws:iam/role:Role";
export const ROLE_POLICY_TYPE = "aws:iam/rolePolicy:RolePolicy";
export const USER_POLICY_TYPE = "aws:iam/userPolicy:UserPolicy";
export const GROUP_POLICY_TYPE = "aws:iam/groupPolicy:GroupPolicy";
export const MANAGED_POLICY_TYPE = "aws:iam/policy:Policy";
export const ROLE_POLICY_ATTACHMENT_TYPE = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
/** An IAM Identity Center permission set's inline policy (`inlinePolicy`), copied into its role in each account. */
export const PERMISSION_SET_INLINE_POLICY_TYPE = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy";

/** Identity policy resources whose `policy` input may grant sts:AssumeRole. */
const IDENTITY_POLICY_TYPES = [ROLE_POLICY_TYPE, USER_POLICY_TYPE, GROUP_POLICY_TYPE, MANAGED_POLICY_TYPE];

/** AWS managed policies known to allow every action, for roles whose attached policies cannot be read. */
const ALL_ACTIONS_AWS_POLICIES = /^arn:aws(?:-[a-z]+)*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess)$/;

/** `aws:iam/role:Role` + `reader-role` -> `Role "reader-role"`: how every message names a resource. */
export function resourceLabel(type: string, name: string): string {
    return `${type.slice(type.lastIndexOf(":") + 1)} "${name}"`;
}

/** Every identity policy document a resource carries, each with the words that name it in messages. */
export function identityPolicies(type: string, name: string, props: unknown): Array<{ where: string; document: unknown }> {
    const label = resourceLabel(type, name);
    if (IDENTITY_POLICY_TYPES.includes(type)) return [{ where: label, document: knownProperty(props, "policy") }];
    if (type === PERMISSION_SET_INLINE_POLICY_TYPE) return [{ where: label, document: knownProperty(props, "inlinePolicy") }];
    if (type !== ROLE_TYPE) return [];
    const inline = knownPlain(knownProperty(props, "inlinePolicies"));
    if (!Array.isArray(inline)) return [];
    return inline.filter(isObject).map((p, i) => ({
        where: `${label} inline policy ${typeof p.name === "string" ? `"${p.name}"` : String(i + 1)}`,
        document: p.policy,
    }));
}

/** The accounts other than the role's own that its trust policy lets in (`*` counts as one). */
export function otherTrustedAccounts(role: { props: unknown }): string[] {
    const own = principalAccount(stringList(knownProperty(role.props, "arn"))[0] ?? "");
    const out = new Set<string>();
    for (const st of policyStatements(knownProperty(role.props, "assumeRolePolicy"))) {
        if (st.Effect !== "Allow") continue;
        for (const p of awsPrincipals(st)) {
            const account = p.includes("*") ? "*" : principalAccount(p);
            // The role's own account is unknown before it exists: then every account named counts.
            if (account !== undefined && account !== own) out.add(account);
        }
    }
    return [...out];
}

/** True when `resource` (a RolePolicy or attachment) belongs to `role`: by dependency on its `role` input, or by name. */
function attachedTo(resource: PolicyResource, role: PolicyResource): boolean {
    if ((resource.propertyDependencies?.role ?? []).some((d) => d.urn === role.urn)) return true;
    const target = knownProperty(resource.props, "role");
    const roleName = knownProperty(role.props, "name");
    return typeof target === "string" && target !== "" && (target === roleName || target === knownProperty(role.props, "arn"));
}

/** The customer managed policy a `policyArn` names, by dependency or by ARN. */
function managedPolicyFor(arn: unknown, deps: PolicyResource[], all: PolicyResource[]): PolicyResource | undefined {
    const viaDependency = deps.find((d) => d.type === MANAGED_POLICY_TYPE);
    if (viaDependency) return viaDependency;
    return typeof arn === "string" ? all.find((r) => r.type === MANAGED_POLICY_TYPE && knownProperty(r.props, "arn") === arn) : undefined;
}

/** The permission documents of a role: inline policies, RolePolicy resources and attached managed policies. */
export function permissionDocumentsOf(role: PolicyResource, all: PolicyResource[]): Array<{ where: string; document?: unknown; awsManaged?: string }> {
    const out: Array<{ where: string; document?: unknown; awsManaged?: string }> = [];
    out.push(...identityPolicies(role.type, role.name, role.props));
    for (const r of all) {
        if (r.type === ROLE_POLICY_TYPE && attachedTo(r, role)) {
            out.push({ where: resourceLabel(r.type, r.name), document: knownProperty(r.props, "policy") });
        } else if (r.type === ROLE_POLICY_ATTACHMENT_TYPE && attachedTo(r, role)) {
            const arn = knownProperty(r.props, "policyArn");
            const policy = managedPolicyFor(arn, r.propertyDependencies?.policyArn ?? [], all);
            if (policy)
                out.push({
                    where: `${resourceLabel(policy.type, policy.name)} (attached by ${resourceLabel(r.type, r.name)})`,
                    document: knownProperty(policy.props, "policy"),
                });
            else if (typeof arn === "string" && ALL_ACTIONS_AWS_POLICIES.test(arn)) out.push({ where: resourceLabel(r.type, r.name), awsManaged: arn });
        }
    }
    for (const arn of stringList(knownPlain(knownProperty(role.props, "managedPolicyArns")))) {
        const policy = managedPolicyFor(arn, [], all);
        if (policy) out.push({ where: `${resourceLabel(policy.type, policy.name)} (in managedPolicyArns)`, document: knownProperty(policy.props, "policy") });
        else if (ALL_ACTIONS_AWS_POLICIES.test(arn)) out.push({ where: `${resourceLabel(role.type, role.name)} managedPolicyArns`, awsManaged: arn });
    }
    return out;
}
