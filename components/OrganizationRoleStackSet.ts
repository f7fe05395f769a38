import * as cloudformation from "@pulumi/aws/cloudformation";
import * as pulumi from "@pulumi/pulumi";
import type { StackSetCaller } from "../lib/model/organization";
import { childNames } from "../lib/names";

export interface OrganizationRoleStackSetArgs {
    /** The StackSet's name (`[a-zA-Z][-a-zA-Z0-9]*`, at most 128; lib/names.ts `stackSetName`), unique in its region. */
    stackSetName: string;
    /** @default none */
    description?: string;
    /** The template (lib/stacksets/template.ts `templateBody`); an Output when it holds principals read from another stack. */
    templateBody: pulumi.Input<string>;
    /**
     * OU ids (or the root id) to deploy to: one stack instance each, in every account of the OU and the OUs below,
     * now and as accounts join (auto-deployment). Never the management account: StackSets do not deploy there.
     */
    organizationalUnitIds: string[];
    /** The one region of the stack instances. An IAM role is global: a second region would collide on its name. */
    region: string;
    /** SELF in the management account, DELEGATED_ADMIN in a delegated administrator account. */
    callAs: StackSetCaller;
}

/**
 * A role in every account of some OUs: a service-managed StackSet with auto-deployment (accounts that join an OU get
 * the role, accounts that leave lose it), and one stack instance per OU. Declared by the stack of the organization's
 * management account or of a delegated administrator.
 */
export class OrganizationRoleStackSet extends pulumi.ComponentResource {
    readonly stackSetName: pulumi.Output<string>;
    readonly stackSetId: pulumi.Output<string>;

    constructor(name: string, args: OrganizationRoleStackSetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cross-account-iam:index:OrganizationRoleStackSet", name, {}, opts);
        const stackSet = new cloudformation.StackSet(
            childNames.stackSet(name),
            {
                name: args.stackSetName,
                description: args.description,
                permissionModel: "SERVICE_MANAGED",
                autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
                // The role has a fixed name.
                capabilities: ["CAPABILITY_NAMED_IAM"],
                callAs: args.callAs,
                // Queues conflicting operations: the stack instances below are created in parallel.
                managedExecution: { active: true },
                templateBody: args.templateBody,
            },
            { parent: this },
        );
        const instances = args.organizationalUnitIds.map(
            (ou) =>
                new cloudformation.StackSetInstance(
                    childNames.stackSetInstance(name, ou),
                    {
                        stackSetName: stackSet.name,
                        deploymentTargets: { organizationalUnitIds: [ou] },
                        stackSetInstanceRegion: args.region,
                        callAs: args.callAs,
                        // Destroying the instance deletes the role from every account of the OU.
                        retainStack: false,
                    },
                    { parent: this },
                ),
        );
        this.stackSetName = pulumi.all([stackSet.name, ...instances.map((i) => i.id)]).apply(([n]) => n);
        this.stackSetId = stackSet.stackSetId;
        this.registerOutputs({ stackSetName: this.stackSetName, stackSetId: this.stackSetId });
    }
}
