import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as pulumi from "@pulumi/pulumi";
import { CrossAccountRole } from "../components/CrossAccountRole";
import {
    needsSourceStack,
    resolveAllSources,
    resolveSourcesFromStack,
    sourceStacksRead,
    unreadableAccountStack,
    unreadableSourceStack,
} from "../lib/cross-stack";
import { ConfigError } from "../lib/errors";
import type { CrossAccountConfig } from "../lib/model/config";
import type { OrganizationRoleOutput, ResolvedSource, RoleClientConfig, StackOutputs, TargetRoleOutput, TargetStackOutputs } from "../lib/model/outputs";
import { SOURCE_STACK_REFERENCE, logGroupLogicalName, sourceStackReferenceName } from "../lib/names";
import { rolesDeclaredIn } from "../lib/policies/accounts";
import { roleClientConfig } from "../lib/outputs/client-config";
import { targetRoleOutput, trustedPrincipalArns } from "../lib/outputs/stack-outputs";
import { permissionPolicy } from "../lib/policies/permissions";
import { configuredSource } from "../lib/policies/sources";
import { trustPolicy } from "../lib/policies/trust";
import { deployOrganizationRole } from "./organization";

/**
 * The target stack (account A, stack account-a; with named accounts, the stack of each account roles are
 * deployed to): declares each role of its account with a trust policy naming the source principals and
 * a permission policy scoped to the named resources of its account. The principals that a role in
 * trust mode `principal` names come from their source account's outputs through one StackReference per
 * such account, checked against this stack's config first; every other source follows from config, and
 * when no source needs a source stack none is read (lib/cross-stack.ts, `sourcesReadFromStack`).
 */
export async function deployTargetAccount(
    cfg: CrossAccountConfig,
): Promise<StackOutputs<TargetStackOutputs> & { account?: string; sourceStacks?: Record<string, string> }> {
    const sources = await resolveSources(cfg);
    const ours = rolesDeclaredIn(cfg, cfg.account.name);

    const logGroups = new Map<string, cloudwatch.LogGroup>();
    for (const role of ours) {
        const logs = role.permissions.logsRead;
        if (!logs?.create) continue;
        for (const name of logs.logGroups) {
            if (logGroups.has(name)) continue;
            logGroups.set(name, new cloudwatch.LogGroup(logGroupLogicalName(name), { name, retentionInDays: logs.retentionInDays }));
        }
    }

    const roles: Record<string, TargetRoleOutput> = {};
    const clientConfig: Record<string, pulumi.Input<RoleClientConfig>> = {};
    // Roles deployed to whole OUs are StackSets of this stack, not roles of its account (stacks/organization.ts).
    const organizationRoles: Record<string, pulumi.Output<OrganizationRoleOutput>> = {};
    for (const role of ours) {
        if (role.organizationalUnits) {
            organizationRoles[role.name] = deployOrganizationRole(cfg, role, sources);
            continue;
        }
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
            permissionPolicyName: role.permissions.policyName,
            managedPolicyArns: role.permissions.managedPolicyArns,
            permissionsBoundary: role.permissionsBoundary,
            tags: role.tags,
        });
        roles[role.name] = targetRoleOutput(cfg, role, sources);
        // Snippets that carry the ExternalId are secret. Secretness is per output, not per key: once one
        // role's snippets are secret, pulumi.output(clientConfig) below makes the whole clientConfig output
        // secret, every role's snippets included (readable only with --show-secrets).
        const snippets = roleClientConfig(cfg, role, externalId);
        clientConfig[role.name] = snippets.externalId === undefined ? snippets : pulumi.secret(snippets);
    }
    const read = sourceStacksRead(cfg);
    const named = cfg.layout === "named-accounts";
    return {
        side: "target",
        ...(named ? { account: cfg.account.name } : {}),
        targetAccountId: cfg.account.id,
        ...(!named && needsSourceStack(cfg) ? { sourceStack: cfg.sourceStack } : {}),
        ...(named && read.length > 0 ? { sourceStacks: Object.fromEntries(read.map((r) => [r.account, cfg.sourceStacks[r.account]])) } : {}),
        roles,
        trustedPrincipalArns: trustedPrincipalArns(Object.values(roles)),
        clientConfig: pulumi.output(clientConfig),
        ...(Object.keys(organizationRoles).length > 0 ? { organizationRoles: pulumi.all(organizationRoles) } : {}),
    };
}

/**
 * Reads account-b's outputs only when some source needs them (a service role or user trusted by a
 * role in trust mode `principal`: its ARN and unique ids), and checks only those sources against them.
 * Otherwise (trust mode `principal-arn`, groups, existing principals, account-root) nothing is read:
 * the ARNs follow from config and account A can be deployed before account B.
 */
async function resolveSources(cfg: CrossAccountConfig): Promise<ResolvedSource[]> {
    if (!needsSourceStack(cfg)) return cfg.sources.map((s) => configuredSource(cfg, s));
    if (cfg.layout === "named-accounts") return resolveFromAccountStacks(cfg);
    const ref = new pulumi.StackReference(SOURCE_STACK_REFERENCE, { name: cfg.sourceStack! });
    let sourcesOut: pulumi.StackReferenceOutputDetails;
    let accountOut: pulumi.StackReferenceOutputDetails;
    try {
        [sourcesOut, accountOut] = await Promise.all([ref.getOutputDetails("sources"), ref.getOutputDetails("sourceAccountId")]);
    } catch (e) {
        throw new ConfigError([unreadableSourceStack(cfg, e)], `account-b (${cfg.sourceStack}) could not be read`);
    }
    const { problems, sources } = resolveSourcesFromStack(cfg, {
        sources: sourcesOut.value ?? sourcesOut.secretValue,
        sourceAccountId: accountOut.value ?? accountOut.secretValue,
    });
    if (problems.length > 0) throw new ConfigError(problems, `account-b (${cfg.sourceStack}) does not back this stack's trust`);
    return sources;
}

/**
 * Named accounts: one StackReference per source account whose principals a role of this stack names
 * (`sourceStacksRead`), exactly those, each read for `sources` and `sourceAccountId` and checked.
 */
async function resolveFromAccountStacks(cfg: CrossAccountConfig): Promise<ResolvedSource[]> {
    const outputs = new Map<string, { sources: unknown; sourceAccountId: unknown }>();
    for (const { account } of sourceStacksRead(cfg)) {
        const ref = new pulumi.StackReference(sourceStackReferenceName(account), { name: cfg.sourceStacks[account] });
        let sourcesOut: pulumi.StackReferenceOutputDetails;
        let accountOut: pulumi.StackReferenceOutputDetails;
        try {
            [sourcesOut, accountOut] = await Promise.all([ref.getOutputDetails("sources"), ref.getOutputDetails("sourceAccountId")]);
        } catch (e) {
            throw new ConfigError([unreadableAccountStack(cfg, account, e)], `${cfg.sourceStacks[account]} (account ${account}) could not be read`);
        }
        outputs.set(account, { sources: sourcesOut.value ?? sourcesOut.secretValue, sourceAccountId: accountOut.value ?? accountOut.secretValue });
    }
    const { problems, sources } = resolveAllSources(cfg, outputs);
    if (problems.length > 0) {
        const stacks = [...outputs.keys()].map((a) => cfg.sourceStacks[a]).join(", ");
        throw new ConfigError(problems, `the source stacks (${stacks}) do not back this stack's trust`);
    }
    return sources;
}
