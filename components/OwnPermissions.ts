import type * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/model/policy";
import { PERMISSION_POLICY_NAME, childNames, managedPolicyAttachmentNames } from "../lib/names";

/** A source principal's own permissions besides its AssumeRole grant (`sources.<key>.permissions`). */
export interface OwnPermissionsArgs {
    /** Its custom statements (built by `sourcePermissionPolicy`), as an inline policy apart from the grant. @default none */
    permissionPolicy?: PolicyDocument;
    /** IAM name of that inline policy. @default "permissions" */
    permissionPolicyName?: string;
    /** Managed policies to attach (AmazonSSMManagedInstanceCore, ...). @default [] */
    managedPolicyArns?: string[];
}

/**
 * Declares a source principal's own permissions: the inline policy through `put` (a Role/User/GroupPolicy,
 * logical name `<component>-permissions`, IAM name `permissionPolicyName`) and each managed policy through `attach` (a
 * Role/User/GroupPolicyAttachment named after the policy, as target roles name theirs). Returns the
 * resources, so the holder can expose its ARN once they exist.
 */
export function declareOwnPermissions(
    component: string,
    args: OwnPermissionsArgs,
    put: (logicalName: string, policy: string, policyName: string) => pulumi.CustomResource,
    attach: (logicalName: string, policyArn: string) => pulumi.CustomResource,
): pulumi.CustomResource[] {
    const out: pulumi.CustomResource[] = [];
    if (args.permissionPolicy)
        out.push(put(childNames.permissionPolicy(component), JSON.stringify(args.permissionPolicy), args.permissionPolicyName ?? PERMISSION_POLICY_NAME));
    const arns = args.managedPolicyArns ?? [];
    managedPolicyAttachmentNames(component, arns).forEach((logicalName, i) => out.push(attach(logicalName, arns[i])));
    return out;
}
