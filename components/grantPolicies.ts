import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/iam";

/** One customer managed policy holding part of a source principal's AssumeRole grant (see `sourceGrantPolicies`). */
export interface ManagedGrantPolicy {
    /** IAM policy name (`managedGrantPolicyName`). */
    name: string;
    description: string;
    document: PolicyDocument;
}

/**
 * Declares the customer managed policies of a grant that outgrew the inline quota, each attached by
 * `attach` (a Role/User/GroupPolicyAttachment). Logical names `<name>-assume-target-roles-<n>`, 1-based.
 */
export function declareManagedGrantPolicies(
    name: string,
    path: string,
    policies: readonly ManagedGrantPolicy[],
    parent: pulumi.Resource,
    attach: (logicalName: string, policyArn: pulumi.Output<string>) => void,
): void {
    policies.forEach((p, i) => {
        const logicalName = `${name}-assume-target-roles-${i + 1}`;
        const policy = new aws.iam.Policy(logicalName, { name: p.name, path, description: p.description, policy: JSON.stringify(p.document) }, { parent });
        attach(logicalName, policy.arn);
    });
}
