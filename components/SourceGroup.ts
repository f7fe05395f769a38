import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/model/policy";
import { GRANT_POLICY_NAME, childNames } from "../lib/names";
import { ManagedGrantPolicy, declareManagedGrantPolicies, once } from "./ManagedGrantPolicies";
import { OwnPermissionsArgs, declareOwnPermissions } from "./OwnPermissions";

export interface SourceGroupArgs extends OwnPermissionsArgs {
    /** IAM group name. */
    groupName: string;
    /** IAM path. @default "/" */
    path?: string;
    /** AssumeRole on A's roles (built by `sourceGrantPolicy`) that every member inherits, as the inline policy `assume-target-roles`. @default none */
    grantPolicy?: PolicyDocument;
    /** IAM name of that inline policy. @default "assume-target-roles" */
    grantPolicyName?: string;
    /** The grant split across customer managed policies, when it outgrew the inline quota (`sourceGrantPolicies`). @default [] */
    managedGrantPolicies?: ManagedGrantPolicy[];
    /**
     * Users to put in the group, by IAM name (an Output when this program creates the user, so the
     * membership waits for it), each with a UserGroupMembership: not exclusive, so members B's admins add stay.
     * @default []
     */
    members?: { userName: string; user: pulumi.Input<string> }[];
}

/**
 * Account B: an IAM group (e.g. developers) whose members may switch into A's roles. A group
 * cannot be a principal, so A trusts B's account and this group policy decides who in B may go.
 */
export class SourceGroup extends pulumi.ComponentResource {
    /** The group's ARN, known once its grant is attached. */
    readonly arn: pulumi.Output<string>;
    readonly groupName: pulumi.Output<string>;
    readonly uniqueId: pulumi.Output<string>;

    constructor(name: string, args: SourceGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cross-account-iam:index:SourceGroup", name, {}, opts);
        const path = args.path ?? "/";
        const group = new iam.Group(childNames.group(name), { name: args.groupName, path }, { parent: this, deleteBeforeReplace: true });
        const attached: pulumi.CustomResource[] = [];
        if (args.grantPolicy) {
            attached.push(
                new iam.GroupPolicy(
                    childNames.grantPolicy(name),
                    { name: args.grantPolicyName ?? GRANT_POLICY_NAME, group: group.name, policy: JSON.stringify(args.grantPolicy) },
                    { parent: this },
                ),
            );
        }
        attached.push(
            ...declareManagedGrantPolicies(
                name,
                path,
                args.managedGrantPolicies ?? [],
                this,
                (logicalName, policyArn) => new iam.GroupPolicyAttachment(logicalName, { group: group.name, policyArn }, { parent: this }),
            ),
        );
        attached.push(
            ...declareOwnPermissions(
                name,
                args,
                (logicalName, policy, policyName) => new iam.GroupPolicy(logicalName, { name: policyName, group: group.name, policy }, { parent: this }),
                (logicalName, policyArn) => new iam.GroupPolicyAttachment(logicalName, { group: group.name, policyArn }, { parent: this }),
            ),
        );
        for (const m of args.members ?? []) {
            new iam.UserGroupMembership(childNames.groupMember(name, m.userName), { user: m.user, groups: [group.name] }, { parent: this });
        }
        this.arn = once(group.arn, attached);
        this.groupName = group.name;
        this.uniqueId = group.uniqueId;
        this.registerOutputs({ arn: this.arn, groupName: this.groupName, uniqueId: this.uniqueId });
    }
}
