/**
 * Which rendered documents the access report simulates for a principal (tools/access-report/documents.ts):
 * its inline policies, then the managed ones it attaches, found among the rendered resources. Pure.
 */
import { strict as assert } from "assert";
import { identityPoliciesOf } from "../../tools/access-report/documents";
import type { RecordedResource } from "../../tools/shared/mock-runtime";

describe("access report: documents (pure)", () => {
    const resource = (type: string, name: string, inputs: Record<string, unknown>): RecordedResource => ({ type, name, inputs, secretPaths: [] });
    const grant = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "G", Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] });

    it("a principal's identity policies are its inline ones, then the rendered managed ones attached to it; other attachments are listed", () => {
        const resources = [
            resource("aws:iam/rolePolicy:RolePolicy", "job-inline", { role: "job", policy: grant }),
            resource("aws:iam/policy:Policy", "job-grant-1", { name: "job-grant-1", path: "/jobs/", policy: grant }),
            resource("aws:iam/policy:Policy", "same-name-other-path", { name: "job-grant-1", path: "/other/", policy: grant }),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "job-grant-1", {
                role: "job",
                policyArn: "arn:aws:iam::222222222222:policy/jobs/job-grant-1",
            }),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "job-readonly", { role: "job", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
            resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "other-grant", {
                role: "other",
                policyArn: "arn:aws:iam::222222222222:policy/other/job-grant-1",
            }),
            resource("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "job-group", {
                group: "job",
                policyArn: "arn:aws:iam::222222222222:policy/jobs/job-grant-1",
            }),
        ];
        const found = identityPoliciesOf(resources, "role", "job");
        assert.deepEqual(
            found.policies.map((p) => p.origin),
            ["aws:iam/rolePolicy:RolePolicy job-inline", "aws:iam/policy:Policy job-grant-1"],
        );
        assert.deepEqual(found.unresolved, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
        assert.deepEqual(
            identityPoliciesOf(resources, "group", "job").policies.map((p) => p.origin),
            ["aws:iam/policy:Policy job-grant-1"],
        );
    });
});
