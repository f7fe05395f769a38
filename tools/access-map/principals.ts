/**
 * The IAM principals the stacks render, as the access map reads them: what each one's identity policies
 * let it assume, the user that stands for a group's members, and the config keys of the trusted sources
 * an edge stands for (from account-a's `roles.<name>.trustedSources` output). Pure.
 */
import type { PolicyDocument } from "../../lib/model/policy";
import type { FoundPolicy } from "../access-report/documents";
import type { RecordedResource } from "../shared/mock-runtime";
import { asList, matchesAction } from "./conditions";
import type { MapNode, StackDocuments } from "./model";
import { statementCovers } from "./statements";

/** A rendered IAM principal, with what the graph needs to read about it. */
export interface Rendered {
    node: MapNode;
    kind: "role" | "user" | "group";
    name: string;
    stack: StackDocuments;
    resources: RecordedResource[];
    identity: FoundPolicy[];
    trust?: PolicyDocument;
}

/** A user that stands for the members of a group (any user of its account: IAM cannot name group members in a trust). */
export function memberArn(p: Rendered): string {
    return p.node.id.replace(/:group\/.*$/, `:user/${p.name}-member`);
}

/** True when the principal's own identity policies allow sts:AssumeRole on the role (and none denies it). */
export function grants(p: Rendered, roleArn: string): boolean {
    let allowed = false;
    for (const policy of p.identity) {
        for (const st of policy.document.Statement) {
            if (!statementCovers(st, "sts:AssumeRole", roleArn)) continue;
            if (st.Effect === "Deny") return false;
            allowed = true;
        }
    }
    return allowed;
}

/** The Resource patterns a principal's Allow statements grant sts:AssumeRole on. */
export function assumeGrants(p: Rendered): string[] {
    const out = new Set<string>();
    for (const policy of p.identity) {
        for (const st of policy.document.Statement) {
            const raw = st as unknown as Record<string, unknown>;
            if (st.Effect !== "Allow" || !asList(raw.Action).some((a) => matchesAction(a, "sts:AssumeRole") || /^sts:assumerole$/i.test(a))) continue;
            for (const r of asList(raw.Resource)) out.add(r);
        }
    }
    return [...out].sort();
}

/**
 * The config keys of the trusted sources an edge stands for, from account-a's `roles.<name>.trustedSources`
 * output (and account-b's `sources.<key>`, for a group's name).
 */
export function sourceKeyIndex(stacks: readonly StackDocuments[]): (from: MapNode, roleArn: string, rendered: Map<string, Rendered>) => string[] {
    const roleOutputs: Array<{ arn: string; trustedSources: Array<Record<string, unknown>> }> = [];
    const groupNames = new Map<string, string>();
    for (const s of stacks) {
        const roles = s.outputs.roles;
        if (roles && typeof roles === "object") {
            for (const r of Object.values(roles as Record<string, Record<string, unknown>>)) {
                if (typeof r?.arn === "string" && Array.isArray(r.trustedSources))
                    roleOutputs.push({ arn: r.arn, trustedSources: r.trustedSources as Array<Record<string, unknown>> });
            }
        }
        // Roles deployed to whole OUs: their node is the ARN in every account.
        const inOrganization = s.outputs.organizationRoles;
        if (inOrganization && typeof inOrganization === "object") {
            for (const r of Object.values(inOrganization as Record<string, Record<string, unknown>>)) {
                if (typeof r?.arnInEveryAccount === "string" && Array.isArray(r.trustedSources))
                    roleOutputs.push({ arn: r.arnInEveryAccount, trustedSources: r.trustedSources as Array<Record<string, unknown>> });
            }
        }
        const sources = s.outputs.sources;
        if (sources && typeof sources === "object") {
            for (const [key, src] of Object.entries(sources as Record<string, Record<string, unknown>>)) {
                if (src?.kind === "group" && typeof src.name === "string") groupNames.set(key, `${s.accountId}/${src.name}`);
            }
        }
    }
    return (from, roleArn, rendered) => {
        const out = new Set<string>();
        for (const r of roleOutputs.filter((x) => x.arn === roleArn)) {
            for (const t of r.trustedSources) {
                const key = String(t.source);
                const arns = asList(t.principalArns);
                if (arns.includes(from.id)) out.add(key);
                else if (t.kind === "group" && from.kind === "group") {
                    const p = rendered.get(from.id);
                    if (p && groupNames.get(key) === `${from.account}/${p.name}`) out.add(key);
                } else if (t.kind === "group" && from.kind === "principal-pattern") out.add(key);
                // A federated-role or sso-permission-set source: the pattern its trust narrows B's root by.
                else if (from.kind === "principal-pattern" && patternsOf(t.principalArnCondition).includes(from.id)) out.add(key);
                else if (t.kind === "account-root" && from.kind === "account-root" && asList(t.trustPrincipals ?? [from.id]).includes(from.id)) out.add(key);
            }
        }
        return [...out].sort();
    };
}

/** The ARN patterns of a trusted source's `principalArnCondition` output (`{ ArnLike: [...] }`). */
function patternsOf(condition: unknown): string[] {
    if (!condition || typeof condition !== "object") return [];
    return Object.values(condition as Record<string, unknown>).flatMap((v) => asList(v));
}
