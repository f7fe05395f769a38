import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/iam";
import { ManagedGrantPolicy, declareManagedGrantPolicies } from "./grantPolicies";

export interface SourceUserArgs {
    /** IAM user name; part of the ARN account A trusts. */
    userName: string;
    /** @default "/" */
    path: string;
    /** AssumeRole on A's roles (built by `sourceGrantPolicy`). Omitted: no inline policy. */
    grantPolicy?: PolicyDocument;
    /** The grant split across customer managed policies, when it outgrew the inline quota (`sourceGrantPolicies`). @default [] */
    managedGrantPolicies?: ManagedGrantPolicy[];
    /** @default none */
    permissionsBoundary?: string;
    /** @default {} */
    tags: Record<string, string>;
}

/**
 * Account B: an IAM user (an operator, a CI system) whose only permission is `sts:AssumeRole`
 * into A's roles. No access keys are created: issue them out of band, or better, use SSO.
 */
export class SourceUser extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly userName: pulumi.Output<string>;
    readonly uniqueId: pulumi.Output<string>;

    constructor(name: string, args: SourceUserArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cross-account-iam:index:SourceUser", name, {}, opts);
        const user = new aws.iam.User(
            `${name}-user`,
            { name: args.userName, path: args.path, permissionsBoundary: args.permissionsBoundary, tags: args.tags },
            { parent: this, deleteBeforeReplace: true },
        );
        if (args.grantPolicy) {
            new aws.iam.UserPolicy(
                `${name}-assume-target-roles`,
                { name: "assume-target-roles", user: user.name, policy: JSON.stringify(args.grantPolicy) },
                { parent: this },
            );
        }
        declareManagedGrantPolicies(name, args.path, args.managedGrantPolicies ?? [], this, (logicalName, policyArn) => {
            new aws.iam.UserPolicyAttachment(logicalName, { user: user.name, policyArn }, { parent: this });
        });
        this.arn = user.arn;
        this.userName = user.name;
        this.uniqueId = user.uniqueId;
        this.registerOutputs({ arn: this.arn, userName: this.userName, uniqueId: this.uniqueId });
    }
}
