import type * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/model/policy";
import { GRANT_POLICY_NAME, childNames } from "../lib/names";
import { ManagedGrantPolicy, declareManagedGrantPolicies } from "./ManagedGrantPolicies";
import { OwnPermissionsArgs, declareOwnPermissions } from "./OwnPermissions";

/** The policies a principal of account B holds: its AssumeRole grant into A's roles, and its own permissions. */
export interface PrincipalPoliciesArgs extends OwnPermissionsArgs {
    /** AssumeRole on A's roles (built by `sourceGrantPolicy`), as the inline policy `assume-target-roles`. @default none */
    grantPolicy?: PolicyDocument;
    /** IAM name of that inline policy. @default "assume-target-roles" */
    grantPolicyName?: string;
    /** The grant split across customer managed policies, when it outgrew the inline quota (`sourceGrantPolicies`). @default [] */
    managedGrantPolicies?: ManagedGrantPolicy[];
}

/** How one kind of principal takes policies: an inline policy (Role/User/GroupPolicy) and a managed policy attachment. */
export interface PolicyHolder {
    put: (logicalName: string, policyName: string, policy: string) => pulumi.CustomResource;
    attach: (logicalName: string, policyArn: pulumi.Input<string>) => pulumi.CustomResource;
}

/**
 * Declares everything a source principal holds besides itself, the same way for a role, a user and a
 * group: the grant inline (logical name `<component>-assume-target-roles`), or split into managed policies,
 * then its own permissions. Returns the resources, so the component exposes its ARN once they exist.
 */
export function declarePrincipalPolicies(
    component: string,
    path: string,
    args: PrincipalPoliciesArgs,
    parent: pulumi.Resource,
    holder: PolicyHolder,
): pulumi.CustomResource[] {
    const out: pulumi.CustomResource[] = [];
    if (args.grantPolicy) out.push(holder.put(childNames.grantPolicy(component), args.grantPolicyName ?? GRANT_POLICY_NAME, JSON.stringify(args.grantPolicy)));
    out.push(...declareManagedGrantPolicies(component, path, args.managedGrantPolicies ?? [], parent, holder.attach));
    out.push(...declareOwnPermissions(component, args, (logicalName, policy, policyName) => holder.put(logicalName, policyName, policy), holder.attach));
    return out;
}
