/**
 * Cross-stack consistency: account-a reads account-b's outputs through the StackReference and
 * refuses to deploy a trust that account-b does not back. Pure.
 */
import type { CrossAccountConfig } from "./config";
import { isPlainObject } from "./config-reader";
import { ResolvedSource, configuredSource, targetRoleArn } from "./policies";

const UPDATE_B = "update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again";

/**
 * Checks account-b's `sources` and `sourceAccountId` outputs against this stack's config and
 * returns the sources as account-b reports them (with the unique ids of the principals it created).
 */
export function resolveSourcesFromStack(
    cfg: CrossAccountConfig,
    outputs: { sources: unknown; sourceAccountId: unknown },
): { problems: string[]; sources: ResolvedSource[] } {
    const ref = `stack ${cfg.sourceStack}`;
    if (outputs.sources === undefined) {
        return {
            problems: [`${ref} has no output "sources" (it has not been deployed with this program, or sourceStack names the wrong stack); ${UPDATE_B}`],
            sources: [],
        };
    }
    if (!isPlainObject(outputs.sources)) {
        return {
            problems: [`${ref}: output "sources" is ${JSON.stringify(outputs.sources)}; expected an object keyed by source name. ${UPDATE_B}`],
            sources: [],
        };
    }
    const problems: string[] = [];
    if (outputs.sourceAccountId !== cfg.sourceAccountId) {
        problems.push(
            `${ref}: output "sourceAccountId" is ${JSON.stringify(outputs.sourceAccountId)} but sourceAccountId here is ${cfg.sourceAccountId}; both stacks must read it from Pulumi.yaml`,
        );
    }
    const exported = outputs.sources;
    const sources: ResolvedSource[] = [];
    for (const s of cfg.sources) {
        const out = exported[s.key];
        const expected = configuredSource(cfg, s);
        const roles = cfg.targetRoles.filter((r) => r.trustedSources.some((t) => t.source === s.key));
        if (!isPlainObject(out)) {
            if (roles.length > 0) problems.push(`${ref} exports no source "${s.key}" (trusted by ${roles.map((r) => r.name).join(", ")}); ${UPDATE_B}`);
            continue;
        }
        const arns = Array.isArray(out.arns) ? out.arns.filter((a): a is string => typeof a === "string") : [];
        const uniqueIds = Array.isArray(out.uniqueIds) ? out.uniqueIds.filter((a): a is string => typeof a === "string") : [];
        const assumable = Array.isArray(out.assumableRoleArns) ? out.assumableRoleArns : [];
        if (out.kind !== s.kind || JSON.stringify(arns) !== JSON.stringify(expected.arns)) {
            problems.push(
                `${ref}: source "${s.key}" is ${String(out.kind)} ${JSON.stringify(arns)} there but ${s.kind} ${JSON.stringify(expected.arns)} in this stack's config; keep sources in Pulumi.yaml so both stacks share them, and ${UPDATE_B}`,
            );
        }
        for (const role of roles) {
            const arn = targetRoleArn(cfg, role);
            if (!assumable.includes(arn)) {
                problems.push(`${ref}: source "${s.key}" may not assume ${arn} (not in its assumableRoleArns); ${UPDATE_B}`);
            }
        }
        sources.push({ key: s.key, kind: s.kind, arns, uniqueIds });
    }
    return { problems, sources };
}
