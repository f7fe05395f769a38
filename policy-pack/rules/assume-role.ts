/** The rule over identity policies that grant sts:AssumeRole: they name exact role ARNs. */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { policyStatements, stringList } from "../documents";
import { identityPolicies } from "../resources";
import { allowsAction, coversRoles, isExactRoleArn, isRoleArnInEveryAccount, pinsAccountToOrganization } from "../statements";

export const assumeRoleOnExactArns: ResourceValidationPolicy = {
    name: "iam-assume-role-exact-arns",
    description:
        "A statement allowing sts:AssumeRole must name exact role ARNs: no *, no role/*, no wildcard in the name. The one exception: arn:<partition>:iam::*:role/<path><name> (the role of a StackSet in whole OUs) together with ForAnyValue:StringLike aws:ResourceOrgPaths or StringEquals aws:ResourceOrgID.",
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
                const pinned = pinsAccountToOrganization(st.Condition);
                const bad = stringList(st.Resource).filter((r) => coversRoles(r) && !isExactRoleArn(r) && !(pinned && isRoleArnInEveryAccount(r)));
                const unpinned = bad.filter(isRoleArnInEveryAccount);
                const other = bad.filter((r) => !isRoleArnInEveryAccount(r));
                if (unpinned.length > 0) {
                    report(
                        `${where}: statement ${st.label} allows sts:AssumeRole on ${unpinned.map((r) => JSON.stringify(r)).join(", ")} in every account without pinning the account to an organization; a role ARN with * as its account is accepted only with ForAnyValue:StringLike aws:ResourceOrgPaths ["<org id>/<root id>/<ou id>/*"] or StringEquals aws:ResourceOrgID "<org id>" in the same statement (the role of a StackSet in whole OUs); otherwise name each role ARN`,
                    );
                }
                if (other.length > 0) {
                    report(
                        `${where}: statement ${st.label} allows sts:AssumeRole on ${other.map((r) => JSON.stringify(r)).join(", ")}, not an exact role ARN; name each role ARN (no *, no role/*, no wildcard in the name)`,
                    );
                }
            }
        }
    },
};
