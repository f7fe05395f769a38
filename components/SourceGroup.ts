import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/iam";
import { ManagedGrantPolicy, declareManagedGrantPolicies } from "./grantPolicies";

export interface SourceGroupArgs {
    /** IAM group name. */
    groupName: string;
    /** @default "/" */
    path: string;
    /** AssumeRole on A's roles (built by `sourceGrantPolicy`); every member inherits it. */
    grantPolicy?: PolicyDocument;
    /** The grant split across customer managed policies, when it outgrew the inline quota (`sourceGrantPolicies`). @default [] */
    managedGrantPolicies?: ManagedGrantPolicy[];
}

/**
 * Account B: an IAM group (e.g. developers) whose members may switch into A's roles. A group
 * cannot be a principal, so A trusts B's account and this group policy decides who in B may go.
 */
export class SourceGroup extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly groupName: pulumi.Output<string>;
    readonly uniqueId: pulumi.Output<string>;

    constructor(name: string, args: SourceGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cross-account-iam:index:SourceGroup", name, {}, opts);
        const group = new aws.iam.Group(`${name}-group`, { name: args.groupName, path: args.path }, { parent: this, deleteBeforeReplace: true });
        if (args.grantPolicy) {
            new aws.iam.GroupPolicy(
                `${name}-assume-target-roles`,
                { name: "assume-target-roles", group: group.name, policy: JSON.stringify(args.grantPolicy) },
                { parent: this },
            );
        }
        declareManagedGrantPolicies(name, args.path, args.managedGrantPolicies ?? [], this, (logicalName, policyArn) => {
            new aws.iam.GroupPolicyAttachment(logicalName, { group: group.name, policyArn }, { parent: this });
        });
        this.arn = group.arn;
        this.groupName = group.name;
        this.uniqueId = group.uniqueId;
        this.registerOutputs({ arn: this.arn, groupName: this.groupName, uniqueId: this.uniqueId });
    }
}
