import * as pulumi from "@pulumi/pulumi";
import * as ssoadmin from "@pulumi/aws/ssoadmin";
import type { PolicyDocument } from "../lib/model/policy";

export interface PermissionSetGrantArgs {
    /** The IAM Identity Center instance. */
    instanceArn: string;
    /** The permission set whose roles get the grant, in every account it is assigned to. */
    permissionSetArn: string;
    /** The AssumeRole grant (lib/policies/source-grant.ts). */
    grantPolicy: PolicyDocument;
}

/**
 * The Identity Center administration account: the AssumeRole grant as the permission set's inline policy, which
 * Identity Center copies into the role it keeps for the permission set in each account (`AWSReservedSSO_<name>_…`),
 * and provisions again when it changes. A permission set has one inline policy: this one replaces any other.
 */
export class PermissionSetGrant extends pulumi.ComponentResource {
    readonly id: pulumi.Output<string>;

    constructor(name: string, args: PermissionSetGrantArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cross-account-iam:index:PermissionSetGrant", name, {}, opts);
        const policy = new ssoadmin.PermissionSetInlinePolicy(
            `${name}-inline-policy`,
            { instanceArn: args.instanceArn, permissionSetArn: args.permissionSetArn, inlinePolicy: JSON.stringify(args.grantPolicy) },
            { parent: this },
        );
        this.id = policy.id;
        this.registerOutputs({ id: this.id });
    }
}
