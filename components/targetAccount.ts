import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RoleClientConfig, roleClientConfig } from "../lib/client-config";
import type { CrossAccountConfig } from "../lib/config";
import { resolveSourcesFromStack } from "../lib/consistency";
import { ConfigError } from "../lib/errors";
import { StackOutputs, TargetRoleOutput, TargetStackOutputs, targetRoleOutput } from "../lib/outputs";
import { ResolvedSource, configuredSource, permissionPolicy, trustPolicy } from "../lib/policies";
import { CrossAccountRole } from "./CrossAccountRole";

/** Logical name of the StackReference to account-b. */
export const SOURCE_STACK_REFERENCE = "source-stack";

/**
 * Account A (stack account-a): declares each target role with a trust policy naming account B's
 * source principals and a permission policy scoped to the named resources. Source ARNs come from
 * account-b's outputs through a StackReference, checked against this stack's config first.
 */
export async function deployTargetAccount(cfg: CrossAccountConfig): Promise<StackOutputs<TargetStackOutputs>> {
    const sources = await resolveSources(cfg);

    const logGroups = new Map<string, aws.cloudwatch.LogGroup>();
    for (const role of cfg.targetRoles) {
        const logs = role.permissions.logsRead;
        if (!logs?.create) continue;
        for (const name of logs.logGroups) {
            if (logGroups.has(name)) continue;
            const logical = `log-group-${name.replace(/^\/+/, "").replace(/[^A-Za-z0-9-]+/g, "-")}`;
            logGroups.set(name, new aws.cloudwatch.LogGroup(logical, { name, retentionInDays: logs.retentionInDays }));
        }
    }

    const roles: Record<string, TargetRoleOutput> = {};
    const clientConfig: Record<string, pulumi.Input<RoleClientConfig>> = {};
    for (const role of cfg.targetRoles) {
        const externalId = cfg.externalIds[role.name];
        // The ExternalId is a secret: the trust policy that carries it becomes a secret too.
        const trust =
            externalId === undefined
                ? trustPolicy(cfg, role, sources, undefined)
                : pulumi.secret(externalId).apply((id) => trustPolicy(cfg, role, sources, id));
        new CrossAccountRole(role.name, {
            roleName: role.name,
            path: role.path,
            description: role.description,
            maxSessionDuration: role.maxSessionDuration,
            trustPolicy: trust,
            permissionPolicy: permissionPolicy(cfg, role),
            managedPolicyArns: role.permissions.managedPolicyArns,
            permissionsBoundary: role.permissionsBoundary,
            tags: role.tags,
        });
        roles[role.name] = targetRoleOutput(cfg, role, sources);
        // Snippets that carry the ExternalId are secret; the others stay readable.
        const snippets = roleClientConfig(cfg, role, externalId);
        clientConfig[role.name] = snippets.externalId === undefined ? snippets : pulumi.secret(snippets);
    }
    const trustedPrincipalArns = [...new Set(Object.values(roles).flatMap((r) => r.trustedSources.flatMap((t) => t.principalArns)))];
    const usesReference = needsSourceStack(cfg);
    return {
        side: "target",
        targetAccountId: cfg.targetAccountId,
        ...(usesReference ? { sourceStack: cfg.sourceStack } : {}),
        roles,
        trustedPrincipalArns,
        clientConfig: pulumi.output(clientConfig),
    };
}

/**
 * True when some role in trust mode `principal` trusts a principal that account-b creates (role,
 * user, group): only then is there something to read back. Existing principals and a whole account
 * (e.g. a vendor's, with no account-b stack at all) follow from config.
 */
export function needsSourceStack(cfg: CrossAccountConfig): boolean {
    const created = new Set(cfg.sources.filter((s) => s.kind === "service-role" || s.kind === "user" || s.kind === "group").map((s) => s.key));
    return cfg.targetRoles.some((r) => r.trustMode === "principal" && r.trustedSources.some((t) => created.has(t.source)));
}

/**
 * Trust mode `principal` needs account-b's real principals (and their unique ids), so it reads the
 * StackReference. Otherwise (every role in `principal-arn`, or only existing/account-root sources) nothing
 * is read: the ARNs follow from config and account A can be deployed before account B.
 */
async function resolveSources(cfg: CrossAccountConfig): Promise<ResolvedSource[]> {
    if (!needsSourceStack(cfg)) return cfg.sources.map((s) => configuredSource(cfg, s));
    const ref = new pulumi.StackReference(SOURCE_STACK_REFERENCE, { name: cfg.sourceStack });
    const [sourcesOut, accountOut] = await Promise.all([ref.getOutputDetails("sources"), ref.getOutputDetails("sourceAccountId")]);
    const { problems, sources } = resolveSourcesFromStack(cfg, {
        sources: sourcesOut.value ?? sourcesOut.secretValue,
        sourceAccountId: accountOut.value ?? accountOut.secretValue,
    });
    if (problems.length > 0) throw new ConfigError(problems, `account-b (${cfg.sourceStack}) does not back this stack's trust`);
    return sources;
}
