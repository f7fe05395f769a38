import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { childNames } from "../lib/names";
import { once } from "./ManagedGrantPolicies";
import { PrincipalPoliciesArgs, declarePrincipalPolicies } from "./PrincipalPolicies";

export interface SourceGroupArgs extends PrincipalPoliciesArgs {
    /** IAM group name. */
    groupName: string;
    /** IAM path. @default "/" */
    path?: string;
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
        const attached = declarePrincipalPolicies(name, path, args, this, {
            put: (logicalName, policyName, policy) => new iam.GroupPolicy(logicalName, { name: policyName, group: group.name, policy }, { parent: this }),
            attach: (logicalName, policyArn) => new iam.GroupPolicyAttachment(logicalName, { group: group.name, policyArn }, { parent: this }),
        });
        for (const m of args.members ?? []) {
            new iam.UserGroupMembership(childNames.groupMember(name, m.userName), { user: m.user, groups: [group.name] }, { parent: this });
        }
        this.arn = once(group.arn, attached);
        this.groupName = group.name;
        this.uniqueId = group.uniqueId;
        this.registerOutputs({ arn: this.arn, groupName: this.groupName, uniqueId: this.uniqueId });
    }
}
