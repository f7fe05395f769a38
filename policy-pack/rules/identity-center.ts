/**
 * The rule over a trust that admits the roles IAM Identity Center creates for permission sets
 * (`ArnLike aws:PrincipalArn .../aws-reserved/sso.amazonaws.com/.../AWSReservedSSO_<name>_*`): each pattern must
 * pin one permission set, with a literal name and the `_` after it (the known slips: `AWSReservedSSO_*`, which
 * admits every permission set's role, and `AWSReservedSSO_Admin*`, which admits `AdminFull`'s).
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { isObject, knownProperty, policyStatements, stringList } from "../documents";
import { ROLE_TYPE, resourceLabel } from "../resources";
import { identityCenterPattern } from "../statements";

export const identityCenterTrustPinsPermissionSet: ResourceValidationPolicy = {
    name: "iam-sso-trust-pins-permission-set",
    description:
        'A trust condition on aws:PrincipalArn that matches IAM Identity Center roles must name one permission set exactly and end with "_*" (AWSReservedSSO_<name>_*): a wildcard name admits every permission set\'s role, and a name without the "_" also admits the roles of longer names.',
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        for (const st of policyStatements(knownProperty(args.props, "assumeRolePolicy"))) {
            if (st.Effect !== "Allow" || !isObject(st.Condition)) continue;
            for (const [op, block] of Object.entries(st.Condition)) {
                if (!/^(ForAnyValue:)?(ArnLike|StringLike)$/i.test(op) || !isObject(block)) continue;
                for (const [key, value] of Object.entries(block)) {
                    if (key.toLowerCase() !== "aws:principalarn") continue;
                    for (const v of stringList(value)) {
                        const problem = identityCenterPattern(v)?.problem;
                        if (problem !== undefined)
                            report(`${resourceLabel(args.type, args.name)}: trust policy statement ${st.label} admits ${op} aws:PrincipalArn ${v}, ${problem}`);
                    }
                }
            }
        }
    },
};
