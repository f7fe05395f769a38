/**
 * The rules over two trust conditions that are easy to write so they narrow nothing: `sts:RoleSessionName` with a
 * pattern of wildcards alone (`*`, `?*`: every session name), and `aws:PrincipalOrgPaths` wider than an OU (`*`,
 * `o-.../*`, the root's path: every account of the organization or of any organization), or under an operator that
 * a caller whose account is in no organization passes (`ForAllValues:`, `...IfExists`).
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { isObject, knownProperty, policyStatements, stringList } from "../documents";
import { ROLE_TYPE, resourceLabel } from "../resources";

/** The values of `key` under each operator of a Condition block, keys compared case-insensitively (as IAM does). */
function valuesOf(condition: unknown, key: string): Array<{ op: string; values: string[] }> {
    if (!isObject(condition)) return [];
    const out: Array<{ op: string; values: string[] }> = [];
    for (const [op, block] of Object.entries(condition)) {
        if (!isObject(block)) continue;
        for (const [k, v] of Object.entries(block)) if (k.toLowerCase() === key.toLowerCase()) out.push({ op, values: stringList(v) });
    }
    return out;
}

export const roleSessionNameNarrows: ResourceValidationPolicy = {
    name: "iam-trust-session-name-narrows",
    description:
        "A trust statement's sts:RoleSessionName condition must hold a literal character in every StringLike pattern: * or ?* admits every session name, so the condition narrows nothing while reading as if it did.",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        for (const st of policyStatements(knownProperty(args.props, "assumeRolePolicy"))) {
            if (st.Effect !== "Allow") continue;
            for (const { op, values } of valuesOf(st.Condition, "sts:RoleSessionName")) {
                if (!/^(ForAnyValue:|ForAllValues:)?StringLike(IfExists)?$/i.test(op)) continue;
                const everything = values.filter((v) => /^[*?]+$/.test(v));
                if (everything.length > 0) {
                    report(
                        `${resourceLabel(args.type, args.name)}: trust policy statement ${st.label} requires ${op} sts:RoleSessionName ${everything.join(", ")}, which admits every session name; name the sessions (e.g. nightly-* or \${aws:username}), or drop the condition`,
                    );
                }
            }
        }
    },
};

/** An OU's path, `o-.../r-.../ou-.../` and below, optionally with the final `*` (every account in that OU and below). */
const OU_PATH = /^o-[a-z0-9]{10,32}\/r-[a-z0-9]{4,32}\/(?:ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}\/)+\*?$/;

export const principalOrgPathsWithinOu: ResourceValidationPolicy = {
    name: "iam-trust-org-paths-within-ou",
    description:
        "A trust statement's aws:PrincipalOrgPaths condition must name OUs (o-.../r-.../ou-.../, with * only after the final /) with ForAnyValue:StringLike or ForAnyValue:StringEquals: *, o-.../* or a root's path admit whole organizations, and ForAllValues or ...IfExists admit a caller whose account is in no organization.",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        for (const st of policyStatements(knownProperty(args.props, "assumeRolePolicy"))) {
            if (st.Effect !== "Allow") continue;
            const at = `${resourceLabel(args.type, args.name)}: trust policy statement ${st.label} requires`;
            for (const { op, values } of valuesOf(st.Condition, "aws:PrincipalOrgPaths")) {
                if (/Not/i.test(op) || /^Null$/i.test(op)) continue;
                if (!/^ForAnyValue:String(Equals|Like)$/i.test(op)) {
                    report(
                        `${at} ${op} aws:PrincipalOrgPaths, which a caller whose account is in no organization (no aws:PrincipalOrgPaths) passes; use ForAnyValue:StringLike with <org id>/<root id>/<ou id>/*`,
                    );
                    continue;
                }
                const wide = values.filter((v) => !OU_PATH.test(v));
                if (wide.length > 0) {
                    report(
                        `${at} ${op} aws:PrincipalOrgPaths ${wide.join(", ")}, wider than an OU (or not an OU's path); name each OU as <org id>/<root id>/<ou id>/*, or use aws:PrincipalOrgID for the whole organization`,
                    );
                }
            }
        }
    },
};
