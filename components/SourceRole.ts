import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/model/policy";
import { childNames } from "../lib/names";
import { once } from "./ManagedGrantPolicies";
import { PrincipalPoliciesArgs, declarePrincipalPolicies } from "./PrincipalPolicies";

export interface SourceRoleArgs extends PrincipalPoliciesArgs {
    /** IAM role name; part of the ARN account A trusts, so it is fixed, never auto-named. */
    roleName: string;
    /** IAM path. @default "/" */
    path?: string;
    /** Who may use the role (built by `sourceServiceTrustPolicy`). */
    trustPolicy: PolicyDocument;
    /** Create an instance profile of the same name (EC2 sources). @default false */
    instanceProfile?: boolean;
    /** @default none */
    description?: string;
    /** ARN of a permissions boundary. @default none */
    permissionsBoundary?: string;
    /** @default {} */
    tags?: Record<string, string>;
    /** Resources the trust policy names, which IAM requires to exist first (an OIDC provider). @default [] */
    trustedResources?: pulumi.Resource[];
}

/**
 * Account B: the role a service (EC2, Lambda, ECS task) runs as. Its grant allows nothing but
 * `sts:AssumeRole` into the exact roles of account A that trust it; what else the job needs in B
 * (`permissions`) is a policy of its own, apart from the grant.
 */
export class SourceRole extends pulumi.ComponentResource {
    /** The role's ARN, known once its grant is attached. */
    readonly arn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    readonly uniqueId: pulumi.Output<string>;
    readonly instanceProfileName?: pulumi.Output<string>;

    constructor(name: string, args: SourceRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cross-account-iam:index:SourceRole", name, {}, opts);
        const path = args.path ?? "/";
        const role = new iam.Role(
            childNames.role(name),
            {
                name: args.roleName,
                path,
                description: args.description,
                assumeRolePolicy: JSON.stringify(args.trustPolicy),
                permissionsBoundary: args.permissionsBoundary,
                tags: args.tags ?? {},
            },
            // The name is fixed, so a replacement must delete the old role first.
            { parent: this, deleteBeforeReplace: true, dependsOn: args.trustedResources ?? [] },
        );
        const attached = declarePrincipalPolicies(name, path, args, this, {
            put: (logicalName, policyName, policy) => new iam.RolePolicy(logicalName, { name: policyName, role: role.name, policy }, { parent: this }),
            attach: (logicalName, policyArn) => new iam.RolePolicyAttachment(logicalName, { role: role.name, policyArn }, { parent: this }),
        });
        if (args.instanceProfile) {
            const profile = new iam.InstanceProfile(
                childNames.instanceProfile(name),
                { name: args.roleName, path, role: role.name },
                { parent: this, deleteBeforeReplace: true },
            );
            this.instanceProfileName = profile.name;
        }
        this.arn = once(role.arn, attached);
        this.roleName = role.name;
        this.uniqueId = role.uniqueId;
        this.registerOutputs({ arn: this.arn, roleName: this.roleName, uniqueId: this.uniqueId, instanceProfileName: this.instanceProfileName });
    }
}
