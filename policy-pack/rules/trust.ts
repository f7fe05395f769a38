/** The rules over a role's trust policy (aws:iam/role:Role assumeRolePolicy), and its session duration. */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { knownProperty, policyStatements, policyTextSize } from "../documents";
import { ROLE_TYPE, resourceLabel } from "../resources";
import { awsPrincipals, isAccountPrincipal, narrowsAccountTrust } from "../statements";

/** Defaults of the configurable limits (IAM's own maxima). */
export const DEFAULT_MAX_SESSION_DURATION = 43200;
export const DEFAULT_MAX_TRUST_POLICY_SIZE = 2048;

/** Policy config read by the configurable rules; every property is optional and has a default. */
export interface SessionDurationConfig {
    maxSessionDuration?: number;
}
export interface TrustPolicySizeConfig {
    maxSize?: number;
}

export const noWildcardTrustPrincipal: ResourceValidationPolicy = {
    name: "iam-trust-no-wildcard-principal",
    description: 'A role\'s trust policy must not allow Principal "*" or AWS "*": that lets any AWS account in.',
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        for (const st of policyStatements(knownProperty(args.props, "assumeRolePolicy"))) {
            if (st.Effect !== "Allow") continue;
            const wild = awsPrincipals(st).filter((p) => p.includes("*"));
            if (wild.length > 0) {
                report(
                    `${resourceLabel(args.type, args.name)}: trust policy statement ${st.label} allows principal ${JSON.stringify(wild[0])}, which is every AWS account; name the principals that may assume this role`,
                );
            }
        }
    },
};

export const accountTrustNeedsCondition: ResourceValidationPolicy = {
    name: "iam-account-trust-requires-condition",
    description:
        "A trust statement naming a whole account (:root or a 12-digit id) must require sts:ExternalId or aws:MultiFactorAuthPresent, or pin aws:PrincipalArn to exact ARNs (aws:PrincipalOrgID narrows nothing: every principal of the account is in its organization).",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        for (const st of policyStatements(knownProperty(args.props, "assumeRolePolicy"))) {
            if (st.Effect !== "Allow") continue;
            const accounts = awsPrincipals(st).filter(isAccountPrincipal);
            if (accounts.length === 0 || narrowsAccountTrust(st.Condition)) continue;
            report(
                `${resourceLabel(args.type, args.name)}: trust policy statement ${st.label} trusts the whole account ${accounts.join(", ")} with no condition that narrows it; require sts:ExternalId or aws:MultiFactorAuthPresent in its Condition, or pin aws:PrincipalArn to exact ARNs (aws:PrincipalOrgID narrows nothing here: every principal of the account is in its organization)`,
            );
        }
    },
};

export const sessionDurationWithinLimit: ResourceValidationPolicy = {
    name: "iam-max-session-duration",
    description: "A role's maxSessionDuration must not exceed the configured limit (seconds).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxSessionDuration: {
                type: "integer",
                minimum: 3600,
                maximum: DEFAULT_MAX_SESSION_DURATION,
                default: DEFAULT_MAX_SESSION_DURATION,
                description: "Longest session a role may allow, in seconds (IAM allows 3600 to 43200).",
            },
        },
    },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        const limit = args.getConfig<SessionDurationConfig>().maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION;
        const raw = knownProperty(args.props, "maxSessionDuration");
        // Not set: IAM's default of one hour.
        const value = raw === undefined ? 3600 : Number(raw);
        if (Number.isFinite(value) && value > limit) {
            report(`${resourceLabel(args.type, args.name)}: maxSessionDuration is ${value} seconds; the limit is ${limit} (policy config maxSessionDuration)`);
        }
    },
};

export const trustPolicySizeWithinQuota: ResourceValidationPolicy = {
    name: "iam-trust-policy-size",
    description: "A role's trust policy, as JSON without white space, must fit the ACLSizePerRole quota.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxSize: {
                type: "integer",
                minimum: 1,
                maximum: 4096,
                default: DEFAULT_MAX_TRUST_POLICY_SIZE,
                description: "Largest trust policy in characters (IAM's default ACLSizePerRole quota is 2048, raisable to 4096).",
            },
        },
    },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        const limit = args.getConfig<TrustPolicySizeConfig>().maxSize ?? DEFAULT_MAX_TRUST_POLICY_SIZE;
        const size = policyTextSize(knownProperty(args.props, "assumeRolePolicy"));
        if (size !== undefined && size > limit) {
            report(
                `${resourceLabel(args.type, args.name)}: trust policy is ${size} characters (JSON without white space); the limit is ${limit} (policy config maxSize; IAM's ACLSizePerRole quota is 2048 by default, raisable to 4096)`,
            );
        }
    },
};
