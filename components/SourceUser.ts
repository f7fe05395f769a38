import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/model/policy";
import { GRANT_POLICY_NAME, childNames } from "../lib/names";
import { ManagedGrantPolicy, declareManagedGrantPolicies, once } from "./ManagedGrantPolicies";
import { OwnPermissionsArgs, declareOwnPermissions } from "./OwnPermissions";

export interface SourceUserArgs extends OwnPermissionsArgs {
    /** IAM user name; part of the ARN account A trusts. */
    userName: string;
    /** IAM path. @default "/" */
    path?: string;
    /** AssumeRole on A's roles (built by `sourceGrantPolicy`), as the inline policy `assume-target-roles`. @default none */
    grantPolicy?: PolicyDocument;
    /** IAM name of that inline policy. @default "assume-target-roles" */
    grantPolicyName?: string;
    /** The grant split across customer managed policies, when it outgrew the inline quota (`sourceGrantPolicies`). @default [] */
    managedGrantPolicies?: ManagedGrantPolicy[];
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
        const attached: pulumi.CustomResource[] = [];
        if (args.grantPolicy) {
            attached.push(
                new iam.UserPolicy(
                    childNames.grantPolicy(name),
                    { name: args.grantPolicyName ?? GRANT_POLICY_NAME, user: user.name, policy: JSON.stringify(args.grantPolicy) },
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
                (logicalName, policyArn) => new iam.UserPolicyAttachment(logicalName, { user: user.name, policyArn }, { parent: this }),
            ),
        );
        attached.push(
            ...declareOwnPermissions(
                name,
                args,
                (logicalName, policy, policyName) => new iam.UserPolicy(logicalName, { name: policyName, user: user.name, policy }, { parent: this }),
                (logicalName, policyArn) => new iam.UserPolicyAttachment(logicalName, { user: user.name, policyArn }, { parent: this }),
            ),
        );
        this.arn = once(user.arn, attached);
        this.userName = user.name;
        this.uniqueId = user.uniqueId;
        this.registerOutputs({ arn: this.arn, userName: this.userName, uniqueId: this.uniqueId });
    }
}
