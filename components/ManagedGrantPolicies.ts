import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/model/policy";
import { childNames } from "../lib/names";

/** One customer managed policy holding part of a source principal's AssumeRole grant (see `sourceGrantPolicies`). */
export interface ManagedGrantPolicy {
    /** IAM policy name (`managedGrantPolicyName`). */
    name: string;
    description: string;
    document: PolicyDocument;
}

/**
 * Declares the customer managed policies of a grant that outgrew the inline quota, each attached by
 * `attach` (a Role/User/GroupPolicyAttachment, which it returns). Logical names from
 * `childNames.managedGrantPolicy`. Returns the attachments, so the holder can wait for them.
 */
export function declareManagedGrantPolicies(
    component: string,
    path: string,
    policies: readonly ManagedGrantPolicy[],
    parent: pulumi.Resource,
    attach: (logicalName: string, policyArn: pulumi.Output<string>) => pulumi.CustomResource,
): pulumi.CustomResource[] {
    return policies.map((p, i) => {
        const logicalName = childNames.managedGrantPolicy(component, i);
        const policy = new iam.Policy(logicalName, { name: p.name, path, description: p.description, policy: JSON.stringify(p.document) }, { parent });
        return attach(logicalName, policy.arn);
    });
}

/**
 * `value` once every resource in `after` exists: how a component exposes a principal only when the
 * policies that belong to it are attached, so nothing that reads its ARN races them (as pulumi-eks does).
 */
export function once<T>(value: pulumi.Output<T>, after: readonly pulumi.CustomResource[]): pulumi.Output<T> {
    if (after.length === 0) return value;
    return pulumi.all(after.map((r) => r.id)).apply(() => value);
}
