import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { childNames } from "../lib/names";
import { once } from "./ManagedGrantPolicies";
import { PrincipalPoliciesArgs, declarePrincipalPolicies } from "./PrincipalPolicies";

export interface SourceUserArgs extends PrincipalPoliciesArgs {
    /** IAM user name; part of the ARN account A trusts. */
    userName: string;
    /** IAM path. @default "/" */
    path?: string;
    /** ARN of a permissions boundary. @default none */
    permissionsBoundary?: string;
    /** @default {} */
    tags?: Record<string, string>;
}

/**
 * Account B: an IAM user (an operator, a CI system) whose only permission is `sts:AssumeRole`
 * into A's roles. No access keys are created: issue them out of band, or better, use SSO.
 */
export class SourceUser extends pulumi.ComponentResource {
    /** The user's ARN, known once its grant is attached. */
    readonly arn: pulumi.Output<string>;
    readonly userName: pulumi.Output<string>;
    readonly uniqueId: pulumi.Output<string>;

    constructor(name: string, args: SourceUserArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cross-account-iam:index:SourceUser", name, {}, opts);
        const path = args.path ?? "/";
        const user = new iam.User(
            childNames.user(name),
            { name: args.userName, path, permissionsBoundary: args.permissionsBoundary, tags: args.tags ?? {} },
            { parent: this, deleteBeforeReplace: true },
        );
        const attached = declarePrincipalPolicies(name, path, args, this, {
            put: (logicalName, policyName, policy) => new iam.UserPolicy(logicalName, { name: policyName, user: user.name, policy }, { parent: this }),
            attach: (logicalName, policyArn) => new iam.UserPolicyAttachment(logicalName, { user: user.name, policyArn }, { parent: this }),
        });
        this.arn = once(user.arn, attached);
        this.userName = user.name;
        this.uniqueId = user.uniqueId;
        this.registerOutputs({ arn: this.arn, userName: this.userName, uniqueId: this.uniqueId });
    }
}
