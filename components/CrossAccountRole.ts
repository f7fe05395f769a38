import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/iam";

export interface CrossAccountRoleArgs {
    /** IAM role name; fixed, because account B's policy names this role's ARN. */
    roleName: string;
    /** @default "/" */
    path: string;
    /** @default "Assumed from account B by <sources>" */
    description: string;
    /** Longest session, 3600 to 43200 seconds. Role chaining caps sessions at one hour regardless. @default 3600 */
    maxSessionDuration: number;
    /** Who may assume the role (built by `trustPolicy`). An Output when it carries a secret ExternalId. */
    trustPolicy: pulumi.Input<PolicyDocument>;
    /** What the role may do (built by `permissionPolicy`). Omitted: no inline policy. */
    permissionPolicy?: PolicyDocument;
    /** @default [] */
    managedPolicyArns: string[];
    /** @default none */
    permissionsBoundary?: string;
    /** @default {} */
    tags: Record<string, string>;
}

/** Account A: a role that trusts exactly account B's source principal(s) and may touch only the named resources. */
export class CrossAccountRole extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: CrossAccountRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cross-account-iam:index:CrossAccountRole", name, {}, opts);
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                name: args.roleName,
                path: args.path,
                description: args.description,
                maxSessionDuration: args.maxSessionDuration,
                assumeRolePolicy: pulumi.output(args.trustPolicy).apply((doc) => JSON.stringify(doc)),
                permissionsBoundary: args.permissionsBoundary,
                tags: args.tags,
            },
            { parent: this, deleteBeforeReplace: true },
        );
        if (args.permissionPolicy) {
            new aws.iam.RolePolicy(
                `${name}-permissions`,
                { name: "permissions", role: role.name, policy: JSON.stringify(args.permissionPolicy) },
                { parent: this },
            );
        }
        const seen = new Set<string>();
        for (const policyArn of args.managedPolicyArns) {
            // Named after the policy, not its position, so reordering the list changes nothing.
            let suffix = policyArn.slice(policyArn.lastIndexOf("/") + 1);
            while (seen.has(suffix)) suffix += "-1";
            seen.add(suffix);
            new aws.iam.RolePolicyAttachment(`${name}-${suffix}`, { role: role.name, policyArn }, { parent: this });
        }
        this.arn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ arn: this.arn, roleName: this.roleName });
    }
}
