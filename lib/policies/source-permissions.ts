/**
 * What a source principal of account B may do besides assuming A's roles: its custom statements, as an
 * inline policy of its own. Kept apart from the AssumeRole grant (lib/policies/source-grant.ts), so
 * the grant stays exactly `sts:AssumeRole` on A's role ARNs and can be reviewed and proven alone. Pure.
 */
import type { SourceSpec } from "../model/config";
import type { PolicyDocument } from "../model/policy";
import { customStatements } from "./permissions";

/** The source's own inline policy (`sources.<key>.permissions.statements`), or undefined when it has no statements. */
export function sourcePermissionPolicy(source: SourceSpec): PolicyDocument | undefined {
    const statements = "permissions" in source ? (source.permissions?.statements ?? []) : [];
    return statements.length > 0 ? { Version: "2012-10-17", Statement: customStatements(statements) } : undefined;
}

/** The managed policies attached to the source principal (`sources.<key>.permissions.managedPolicyArns`). */
export function sourceManagedPolicyArns(source: SourceSpec): string[] {
    return "permissions" in source ? [...(source.permissions?.managedPolicyArns ?? [])] : [];
}
