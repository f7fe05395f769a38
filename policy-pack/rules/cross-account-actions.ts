/** The rule over roles trusted by another account: no wildcard actions in what they may do. */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { policyStatements, stringList } from "../documents";
import { ROLE_TYPE, otherTrustedAccounts, permissionDocumentsOf, resourceLabel } from "../resources";
import { isWildcardAction } from "../statements";

export const noWildcardActionsForCrossAccountRoles: StackValidationPolicy = {
    name: "iam-no-wildcard-actions-cross-account",
    description: 'A role trusted by another account must not be allowed "*" or "service:*" actions, nor NotAction (inline, RolePolicy or attached policies).',
    enforcementLevel: "mandatory",
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        for (const role of args.resources) {
            if (role.type !== ROLE_TYPE) continue;
            const accounts = otherTrustedAccounts(role);
            if (accounts.length === 0) continue;
            const roleLabel = `${resourceLabel(role.type, role.name)} (trusted by account ${accounts.join(", ")})`;
            for (const p of permissionDocumentsOf(role, args.resources)) {
                if (p.awsManaged) {
                    report(
                        `${roleLabel}: ${p.where} attaches ${p.awsManaged}, which allows every action; attach a policy naming the actions it needs`,
                        role.urn,
                    );
                    continue;
                }
                for (const st of policyStatements(p.document)) {
                    if (st.Effect !== "Allow") continue;
                    if (st.NotAction !== undefined) {
                        report(
                            `${roleLabel}: ${p.where} statement ${st.label} allows NotAction ${JSON.stringify(st.NotAction)}, which is every other action of every service; name the actions it needs in Action`,
                            role.urn,
                        );
                        continue;
                    }
                    const wild = stringList(st.Action).filter(isWildcardAction);
                    if (wild.length > 0) {
                        report(
                            `${roleLabel}: ${p.where} statement ${st.label} allows ${wild.map((a) => JSON.stringify(a)).join(", ")}; name the actions it needs`,
                            role.urn,
                        );
                    }
                }
            }
        }
    },
};
