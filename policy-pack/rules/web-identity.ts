/**
 * The rule over a role's trust of an OIDC provider (`Principal.Federated` = `...:oidc-provider/<issuer>`):
 * it must require the token's `sub` claim, narrowly (the known abuse of GitHub's issuer: a trust
 * without `sub` lets every repository's jobs in).
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { FoundStatement, isObject, knownProperty, policyStatements, stringList } from "../documents";
import { ROLE_TYPE, resourceLabel } from "../resources";

/** The issuers (URL without https://) of the OIDC providers a statement's `Principal.Federated` names. */
export function oidcIssuersOf(st: FoundStatement): string[] {
    const federated = isObject(st.Principal) ? stringList(st.Principal.Federated) : [];
    return federated.flatMap((arn) => /^arn:[\w-]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(arn)?.[1] ?? []);
}

/**
 * The values a statement requires of `key` with a positive string operator (StringEquals, StringLike,
 * their ForAnyValue forms), by operator. `...IfExists` lets a token without the claim through and
 * negated operators admit everything else, so neither counts.
 */
function requiredValues(condition: unknown, key: string): Array<{ op: string; values: string[] }> {
    if (!isObject(condition)) return [];
    const out: Array<{ op: string; values: string[] }> = [];
    for (const [op, block] of Object.entries(condition)) {
        if (!/^(ForAnyValue:|ForAllValues:)?String(Equals|Like)$/.test(op) || !isObject(block)) continue;
        for (const [k, v] of Object.entries(block)) if (k.toLowerCase() === key.toLowerCase()) out.push({ op, values: stringList(v) });
    }
    return out;
}

/** A sub pattern that matches other people's jobs: wildcards only, or a wildcard in a GitHub repository or GitLab project. */
function broadSubjectPattern(value: string): boolean {
    if (/^[*?]*$/.test(value)) return true;
    const m = /^(repo|project_path):([^:]*)/.exec(value);
    return m !== null && /[*?]/.test(m[2]);
}

export const webIdentityTrustRequiresSub: ResourceValidationPolicy = {
    name: "iam-web-identity-trust-requires-sub",
    description:
        "A trust statement for an OIDC provider must require its sub claim with StringEquals, or StringLike with a wildcard that stays inside one repository or project: without it, every job the issuer serves (any GitHub repository) may assume the role.",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        for (const st of policyStatements(knownProperty(args.props, "assumeRolePolicy"))) {
            if (st.Effect !== "Allow") continue;
            for (const issuer of oidcIssuersOf(st)) {
                const at = `${resourceLabel(args.type, args.name)}: trust policy statement ${st.label} trusts OIDC provider ${issuer}`;
                const subs = requiredValues(st.Condition, `${issuer}:sub`);
                if (subs.length === 0) {
                    report(
                        `${at} with no condition on ${issuer}:sub, so every job that issuer serves may assume the role; require StringEquals ${issuer}:sub = the repository and ref (e.g. repo:acme/app:ref:refs/heads/main)`,
                    );
                    continue;
                }
                for (const { op, values } of subs) {
                    const broad = values.filter(broadSubjectPattern);
                    if (op.endsWith("StringLike") && broad.length > 0) {
                        report(`${at} with ${op} ${issuer}:sub ${broad.join(", ")}, which matches other repositories or projects; name one of them`);
                    }
                    const plain = values.filter((v) => !/[*?]/.test(v));
                    if (op.endsWith("StringLike") && plain.length === values.length) {
                        report(`${at} with ${op} on ${issuer}:sub but no wildcard in ${plain.join(", ")}; use StringEquals, which says the value is exact`);
                    }
                }
            }
        }
    },
};
