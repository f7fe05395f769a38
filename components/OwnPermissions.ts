import type * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/model/policy";
import { childNames, managedPolicyAttachmentNames } from "../lib/names";

/** A source principal's own permissions besides its AssumeRole grant (`sources.<key>.permissions`). */
export interface OwnPermissionsArgs {
    /** Its custom statements (built by `sourcePermissionPolicy`), as an inline policy apart from the grant. @default none */
    permissionPolicy?: PolicyDocument;
    /** Managed policies to attach (AmazonSSMManagedInstanceCore, ...). @default [] */
    managedPolicyArns?: string[];
}

/**
 * Declares a source principal's own permissions: the inline policy through `put` (a Role/User/GroupPolicy,
 * logical name `<component>-permissions`) and each managed policy through `attach` (a
 * Role/User/GroupPolicyAttachment named after the policy, as target roles name theirs). Returns the
 * resources, so the holder can expose its ARN once they exist.
 */
export function declareOwnPermissions(
    component: string,
    args: OwnPermissionsArgs,
    put: (logicalName: string, policy: string) => pulumi.CustomResource,
    attach: (logicalName: string, policyArn: string) => pulumi.CustomResource,
): pulumi.CustomResource[] {
    const out: pulumi.CustomResource[] = [];
    if (args.permissionPolicy) out.push(put(childNames.permissionPolicy(component), JSON.stringify(args.permissionPolicy)));
    const arns = args.managedPolicyArns ?? [];
    managedPolicyAttachmentNames(component, arns).forEach((logicalName, i) => out.push(attach(logicalName, arns[i])));
    return out;
}
