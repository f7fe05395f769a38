import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/model/policy";
import { PERMISSION_POLICY_NAME, childNames, managedPolicyAttachmentNames } from "../lib/names";
import { once } from "./ManagedGrantPolicies";

export interface CrossAccountRoleArgs {
    /** IAM role name; fixed, because account B's policy names this role's ARN. */
    roleName: string;
    /** IAM path. @default "/" */
    path?: string;
    /** @default none */
    description?: string;
    /** Longest session, 3600 to 43200 seconds. Role chaining caps sessions at one hour regardless. @default 3600 */
    maxSessionDuration?: number;
    /** Who may assume the role (built by `trustPolicy`). An Output when it carries a secret ExternalId. */
    trustPolicy: pulumi.Input<PolicyDocument>;
    /** What the role may do (built by `permissionPolicy`), as the inline policy `permissions`. @default none */
    permissionPolicy?: PolicyDocument;
    /** IAM name of that inline policy. @default "permissions" */
    permissionPolicyName?: string;
    /** Managed policies to attach. @default [] */
    managedPolicyArns?: string[];
    /** ARN of a permissions boundary. @default none */
    permissionsBoundary?: string;
    /** @default {} */
    tags?: Record<string, string>;
}

/** Account A: a role that trusts exactly account B's source principal(s) and may touch only the named resources. */
export class CrossAccountRole extends pulumi.ComponentResource {
    /** The role's ARN, known once its permission policy and managed policies are attached. */
    readonly arn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: CrossAccountRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cross-account-iam:index:CrossAccountRole", name, {}, opts);
        const role = new iam.Role(
            childNames.role(name),
            {
                name: args.roleName,
                path: args.path ?? "/",
                description: args.description,
                maxSessionDuration: args.maxSessionDuration ?? 3600,
                assumeRolePolicy: pulumi.output(args.trustPolicy).apply((doc) => JSON.stringify(doc)),
                permissionsBoundary: args.permissionsBoundary,
                tags: args.tags ?? {},
            },
            // The name is fixed, so a replacement must delete the old role first.
            { parent: this, deleteBeforeReplace: true },
        );
        const attached: pulumi.CustomResource[] = [];
        if (args.permissionPolicy) {
            attached.push(
                new iam.RolePolicy(
                    childNames.permissionPolicy(name),
                    { name: args.permissionPolicyName ?? PERMISSION_POLICY_NAME, role: role.name, policy: JSON.stringify(args.permissionPolicy) },
                    { parent: this },
                ),
            );
        }
        const policyArns = args.managedPolicyArns ?? [];
        managedPolicyAttachmentNames(name, policyArns).forEach((logicalName, i) => {
            attached.push(new iam.RolePolicyAttachment(logicalName, { role: role.name, policyArn: policyArns[i] }, { parent: this }));
        });
        this.arn = once(role.arn, attached);
        this.roleName = role.name;
        this.registerOutputs({ arn: this.arn, roleName: this.roleName });
    }
}
