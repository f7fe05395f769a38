/** The rule over identity policies that grant sts:AssumeRole: they name exact role ARNs. */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { policyStatements, stringList } from "../documents";
import { identityPolicies } from "../resources";
import { allowsAction, coversRoles, isExactRoleArn } from "../statements";

export const assumeRoleOnExactArns: ResourceValidationPolicy = {
    name: "iam-assume-role-exact-arns",
    description: "A statement allowing sts:AssumeRole must name exact role ARNs: no *, no role/*, no wildcard in the name.",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        for (const { where, document } of identityPolicies(args.type, args.name, args.props)) {
            for (const st of policyStatements(document)) {
                if (!allowsAction(st, "sts:AssumeRole")) continue;
                if (st.NotResource !== undefined) {
                    report(
                        `${where}: statement ${st.label} allows sts:AssumeRole with NotResource, which is every role not listed; name each role ARN in Resource`,
                    );
                    continue;
                }
                const bad = stringList(st.Resource).filter((r) => coversRoles(r) && !isExactRoleArn(r));
                if (bad.length > 0) {
                    report(
                        `${where}: statement ${st.label} allows sts:AssumeRole on ${bad.map((r) => JSON.stringify(r)).join(", ")}, not an exact role ARN; name each role ARN (no *, no role/*, no wildcard in the name)`,
                    );
                }
            }
        }
    },
};
