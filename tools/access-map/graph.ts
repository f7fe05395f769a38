/**
 * `accessGraph`: the access map, read from what a render would deploy. Pure.
 *
 * - Nodes: every IAM role, user and group the stacks render (in the account of its stack), every
 *   principal a trust policy names that no stack renders (an existing ARN, an account root, a user
 *   pattern, `*`), and every resource a role's identity policies name (log group, table, bucket, `*`).
 * - An edge "may assume" per (principal, role) that a role's trust policy admits: read from the
 *   statement's `Principal.AWS` and its `aws:PrincipalArn` narrowing; labelled with the statement's
 *   conditions; checked against the principal's own identity policy when the render holds it. A
 *   rendered principal granted sts:AssumeRole on a role this render does not hold gets a `grant-only` edge.
 * - An edge "may act on" per (role, resource), with every action the role's policies grant there.
 * - The access report's rows are attached to the role, to the edge of the trusted source they are
 *   about (by `source`, matched through account-a's `roles.<name>.trustedSources` output), and to the
 *   resource a permission check targets; each node and edge gets a verdict from them.
 *
 * Documents are taken as given: pass the redacted stack files (out/<stack>.json), so that what a
 * panel shows is exactly what the files show.
 */
import { identityPoliciesOf, policyDocument } from "../access-report/documents";
import { asList, conditionLabels, easiestOf, matchesAction, matchesArn, readConditions } from "./conditions";
import type {
    AccessGraph,
    AssumeEdge,
    CheckVerdict,
    MapAccount,
    MapCheck,
    MapDocument,
    MapNode,
    NodeKind,
    PermissionEdge,
    PermissionGrant,
    ReportCheck,
    ReportDocuments,
    StackDocuments,
    Tier,
    TrustPath,
    TrustVia,
} from "./model";
import { Rendered, assumeGrants, grants, memberArn, sourceKeyIndex } from "./principals";
import { renderedResourceLabel, resourceRef } from "./resources";
import {
    accountOfArn,
    actionSummary,
    awsPrincipals,
    grantsOf,
    isAssumeGrant,
    patternLabel,
    rootAccountOf,
    federatedPrincipals,
    isFederatedAction,
    issuerOf,
    servicePrincipals,
    trustsCallers,
} from "./statements";
import { stackSetRoles } from "./stacksets";
import { compareCodeUnits } from "../shared/order";

export interface AccessGraphInput {
    /** The rendered stacks, redacted (out/<stack>.json). Any number, each in its own account. */
    stacks: readonly StackDocuments[];
    /** The access reports over them (one per target stack; none when no target stack was rendered). */
    reports: readonly ReportDocuments[];
}

const PRINCIPAL_TYPES: Readonly<Record<string, "role" | "user" | "group">> = {
    "aws:iam/role:Role": "role",
    "aws:iam/user:User": "user",
    "aws:iam/group:Group": "group",
};

const TIER_ORDER: Readonly<Record<Tier, number>> = { principal: 0, role: 1, resource: 2 };

/** Builds the access map. */
export function accessGraph(input: AccessGraphInput): AccessGraph {
    const partition = partitionOf(input.stacks);
    const nodes = new Map<string, MapNode>();
    const rendered = new Map<string, Rendered>();
    /** Labels of the groups that are not accounts: the accounts of a StackSet's OUs. */
    const groupLabels = new Map<string, string>();
    for (const stack of input.stacks) {
        const resources = stack.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, secretPaths: [] }));
        for (const r of resources) {
            const kind = PRINCIPAL_TYPES[r.type];
            if (!kind || typeof r.inputs.name !== "string") continue;
            const name = r.inputs.name;
            const path = typeof r.inputs.path === "string" ? r.inputs.path : "/";
            const arn = `arn:${partition}:iam::${stack.accountId}:${kind}${path}${name}`;
            const found = identityPoliciesOf(resources, kind, name);
            const trust = kind === "role" ? policyDocument(r.inputs.assumeRolePolicy) : undefined;
            const documents: MapDocument[] = [
                ...(trust ? [{ origin: `${r.type} ${r.name}`, input: "assumeRolePolicy", document: trust }] : []),
                ...found.policies.map((p) => ({ origin: p.origin, input: p.input, document: p.document })),
                { origin: `${r.type} ${r.name}`, input: "inputs", document: withoutPolicies(r.inputs) },
            ];
            const node: MapNode = {
                id: arn,
                kind,
                tier: trust && trustsCallers(trust) ? "role" : "principal",
                account: stack.accountId,
                label: `${kind}${path}${name}`,
                stack: stack.stack,
                documents,
                checks: [],
                verdict: "unchecked",
                notes: found.unresolved.map((a) => `attached policy ${a}: its document is not rendered here`),
            };
            const services = trust ? servicePrincipals(trust) : [];
            if (services.length > 0) node.detail = `assumed by ${services.join(", ")}`;
            if (kind === "role") {
                node.role = {
                    ...(typeof r.inputs.maxSessionDuration === "number" ? { maxSessionDuration: r.inputs.maxSessionDuration } : {}),
                    ...(typeof r.inputs.permissionsBoundary === "string" ? { permissionsBoundary: r.inputs.permissionsBoundary } : {}),
                    managedPolicyArns: found.unresolved.filter((a) => a.startsWith("arn:")),
                };
            }
            nodes.set(arn, node);
            rendered.set(arn, { node, kind, name, stack, resources, identity: found.policies, trust });
        }
        // Roles deployed to whole OUs by a StackSet: one node each, in the group of the accounts of its OUs.
        for (const r of stackSetRoles(stack, partition)) {
            const node: MapNode = {
                id: r.arn,
                kind: "role",
                tier: trustsCallers(r.trust) ? "role" : "principal",
                account: r.group,
                label: r.label,
                detail: "in every account of its OUs",
                stack: stack.stack,
                documents: r.documents,
                checks: [],
                verdict: "unchecked",
                notes: r.notes,
                role: {
                    ...(r.maxSessionDuration !== undefined ? { maxSessionDuration: r.maxSessionDuration } : {}),
                    ...(r.permissionsBoundary !== undefined ? { permissionsBoundary: r.permissionsBoundary } : {}),
                    managedPolicyArns: r.managedPolicyArns,
                    organizationalUnits: r.organizationalUnits,
                },
            };
            nodes.set(r.arn, node);
            groupLabels.set(r.group, r.groupLabel);
            rendered.set(r.arn, { node, kind: "role", name: r.name, stack, resources, identity: r.identity, trust: r.trust });
        }
    }

    const edges = new Map<string, AssumeEdge>();
    const addPath = (from: MapNode, to: Rendered, path: TrustPath) => {
        const id = `${from.id} -> ${to.node.id}`;
        const edge = edges.get(id) ?? {
            id,
            kind: "assume" as const,
            from: from.id,
            to: to.node.id,
            access: "effective" as const,
            paths: [],
            conditions: { externalId: false, other: [] },
            labels: [],
            sources: [],
            checks: [],
            verdict: "unchecked" as const,
        };
        edge.paths.push(path);
        edges.set(id, edge);
    };
    /** A node no stack renders: a principal a trust names, or (tier `role`) a role a grant names. */
    const external = (id: string, kind: NodeKind, account: string, label: string, detail: string, tier: Tier = "principal"): MapNode => {
        const known = nodes.get(id);
        if (known) return known;
        const node: MapNode = { id, kind, tier, account, label, detail, documents: [], checks: [], verdict: "unchecked", notes: [] };
        nodes.set(id, node);
        return node;
    };
    /** An OIDC or SAML provider a trust names in `Principal.Federated`: rendered when a stack of its account creates it. */
    const providerNode = (arn: string, via: "web-identity" | "saml"): MapNode => {
        const m = /^arn:[^:]+:iam::(\d{12}):((?:oidc|saml)-provider\/.+)$/.exec(arn);
        const account = m?.[1] ?? "*";
        const created = input.stacks.find((s) => s.accountId === account && s.resources.some((r) => providerArnOf(r, partition, account) === arn));
        const kind = via === "saml" ? "SAML provider" : "OIDC provider";
        const node = external(arn, "identity-provider", account, m?.[2] ?? arn, created ? kind : `${kind}, not rendered here`);
        if (created) node.stack = created.stack;
        return node;
    };
    const principalNode = (arn: string): MapNode => {
        const m = /^arn:[^:]+:iam::(\d{12}):(role|user|group)(\/.*)$/.exec(arn);
        if (m) return nodes.get(arn) ?? external(arn, m[2] as NodeKind, m[1], `${m[2]}${m[3]}`, "not rendered here");
        return external(arn, "principal-pattern", accountOfArn(arn) ?? "*", arn, "named by a trust policy");
    };

    // Trust policies: who each role admits, through which statement.
    const roles = [...rendered.values()].filter((r) => r.node.tier === "role" && r.trust);
    for (const role of roles) {
        role.trust!.Statement.forEach((st, index) => {
            for (const { provider, via } of federatedPrincipals(st)) {
                if (st.Effect !== "Allow") continue;
                const actions = asList(st.Action).filter((a) => /^sts:|^\*$/i.test(a));
                const read = readConditions(st.Condition, actions, via === "saml" ? "saml" : { issuer: issuerOf(provider) });
                addPath(providerNode(provider, via), role, {
                    ...(st.Sid ? { sid: st.Sid } : {}),
                    via,
                    names: provider,
                    principalArns: [],
                    actions: [...actions].sort(),
                    conditions: read.conditions,
                });
            }
            const actions = asList(st.Action).filter((a) => /^sts:|^\*$/i.test(a));
            if (!actions.some((a) => matchesAction(a, "sts:AssumeRole"))) return;
            if (st.Effect !== "Allow") {
                role.node.notes.push(`trust statement ${st.Sid ?? `#${index}`} denies ${actions.join(", ")}: not drawn (the report's simulations include it)`);
                return;
            }
            const read = readConditions(st.Condition, actions);
            const base = { ...(st.Sid ? { sid: st.Sid } : {}), actions: [...actions].sort(), conditions: read.conditions, principalArns: read.principalArns };
            for (const named of awsPrincipals(st)) {
                const rootAccount = named === "*" ? "*" : rootAccountOf(named);
                const admits = (arn: string) => read.principalArns.length === 0 || read.principalArns.some((p) => matchesArn(p, arn));
                const grantedHere = (p: Rendered) => (rootAccount === "*" || p.node.account === rootAccount) && grants(p, role.node.id);
                if (rootAccount === undefined) {
                    // An exact principal: a role or user ARN.
                    if (admits(named)) addPath(principalNode(named), role, { ...base, via: "principal", names: named });
                    continue;
                }
                if (read.principalArns.length > 0 && !read.principalArnPattern) {
                    for (const arn of read.principalArns) {
                        if (rootAccount !== "*" && accountOfArn(arn) !== rootAccount) continue;
                        addPath(principalNode(arn), role, { ...base, via: "root-principal-arn", names: named });
                    }
                    continue;
                }
                const via: TrustVia = read.principalArnPattern ? "root-pattern" : rootAccount === "*" ? "any-principal" : "root";
                // Rendered principals of that account that are granted sts:AssumeRole on the role, and that the pattern admits.
                const matched = [...rendered.values()].filter(
                    (p) => p.node.id !== role.node.id && grantedHere(p) && (admits(p.node.id) || (p.kind === "group" && admits(memberArn(p)))),
                );
                for (const p of matched) addPath(p.node, role, { ...base, via, names: named });
                if (via === "root-pattern") {
                    if (matched.length === 0) {
                        for (const pattern of read.principalArns) {
                            const account = accountOfArn(pattern) ?? rootAccount;
                            addPath(external(pattern, "principal-pattern", account, patternLabel(pattern), "principals matching this pattern"), role, {
                                ...base,
                                via,
                                names: named,
                            });
                        }
                    }
                } else if (rootAccount === "*") {
                    addPath(external("*", "any-principal", "*", "any principal", 'Principal: "*"'), role, { ...base, via, names: named });
                } else {
                    addPath(external(named, "account-root", rootAccount, `any principal of ${rootAccount}`, "that its admins allow"), role, {
                        ...base,
                        via,
                        names: named,
                    });
                }
            }
        });
    }
    for (const edge of edges.values()) {
        const from = rendered.get(edge.from);
        if (from && !grants(from, edge.to)) edge.access = "trust-only";
    }

    // Grants no rendered trust answers for: sts:AssumeRole on roles outside this render.
    for (const p of rendered.values()) {
        for (const resource of assumeGrants(p)) {
            const targets = roles.filter((r) => matchesArn(resource, r.node.id));
            for (const t of targets) {
                if (!edges.has(`${p.node.id} -> ${t.node.id}`))
                    p.node.notes.push(`granted sts:AssumeRole on ${t.node.id}, whose trust policy does not admit it`);
            }
            if (targets.length > 0) continue;
            const m = /^arn:[^:]+:iam::(\d{12}|\*):role(\/.*)$/.exec(resource);
            const label = m ? `role${m[2]}` : resource;
            const target = external(
                resource,
                "role",
                m && m[1] !== "*" ? m[1] : "*",
                label,
                /[*?]/.test(resource) ? "every role this pattern matches" : "not rendered here",
                "role",
            );
            const id = `${p.node.id} -> ${target.id}`;
            if (!edges.has(id)) {
                edges.set(id, {
                    id,
                    kind: "assume",
                    from: p.node.id,
                    to: target.id,
                    access: "grant-only",
                    paths: [],
                    conditions: { externalId: false, other: [] },
                    labels: ["trust not rendered"],
                    sources: [],
                    checks: [],
                    verdict: "unchecked",
                });
            }
        }
    }
    for (const edge of edges.values()) {
        if (edge.access === "grant-only") continue;
        edge.paths.sort((a, b) => compareCodeUnits(JSON.stringify(a), JSON.stringify(b)));
        edge.conditions = easiestOf(edge.paths.map((p) => p.conditions));
        edge.labels = [...viaLabels(edge.paths), ...conditionLabels(edge.conditions)];
        // A web identity trust without a `sub` claim admits every token of its issuer: any repository, any branch.
        if (edge.paths.some((p) => p.via === "web-identity") && !edge.conditions.claims?.some((c) => c.claim === "sub"))
            edge.labels.push("no sub: any token of this issuer");
        if (edge.access === "trust-only") edge.labels.push("not granted by its identity policy");
    }

    // What each role may do, on which resource.
    const permissions: Record<string, PermissionGrant[]> = {};
    const permissionEdges = new Map<string, PermissionEdge>();
    for (const role of roles) {
        const grants = role.identity.flatMap((p) => p.document.Statement.flatMap((st) => grantsOf(st)));
        permissions[role.node.id] = grants.sort(compareGrants);
        for (const g of grants) {
            if (isAssumeGrant(g)) continue;
            if (g.resource === "*" || g.not === "NotResource") {
                // Not a thing of its own: shown on the role, so that fifty roles do not all meet in one "*" node.
                const label = `${g.effect === "Deny" ? "deny " : ""}${g.not ? `${g.not} ` : ""}${g.action}${g.not === "NotResource" ? ` on all but ${g.resource}` : ""}`;
                const any = (role.node.role ??= { managedPolicyArns: [] }).anyResource ?? [];
                if (!any.includes(label)) any.push(label);
                role.node.role.anyResource = any.sort();
                continue;
            }
            const found = resourceRef(g.resource, role.node.account);
            // A resource of a role in every account of some OUs is in each of those accounts: drawn in their group.
            const ref = groupLabels.has(role.node.account) && found.account === "*" ? { ...found, account: role.node.account } : found;
            if (!nodes.has(ref.id)) {
                nodes.set(ref.id, {
                    id: ref.id,
                    kind: "resource",
                    tier: "resource",
                    account: ref.account,
                    label: ref.label,
                    documents: [],
                    checks: [],
                    verdict: "unchecked",
                    notes: [],
                });
            }
            const id = `${role.node.id} -> ${ref.id}`;
            const edge = permissionEdges.get(id) ?? {
                id,
                kind: "permission" as const,
                from: role.node.id,
                to: ref.id,
                grants: [],
                labels: [],
                checks: [],
                verdict: "unchecked" as const,
            };
            edge.grants.push(g);
            permissionEdges.set(id, edge);
        }
    }
    for (const edge of permissionEdges.values()) edge.labels = [actionSummary(edge.grants)];
    for (const stack of input.stacks) {
        for (const r of stack.resources) {
            const label = renderedResourceLabel(r.type, r.inputs);
            const node = label ? [...nodes.values()].find((n) => n.tier === "resource" && n.account === stack.accountId && n.label === label) : undefined;
            if (node) node.documents.push({ origin: `${r.type} ${r.name}`, input: "inputs", document: r.inputs });
        }
    }

    // The report's rows: on roles, on the edges of the sources they are about, on the resources they target.
    const sourceKeys = sourceKeyIndex(input.stacks);
    for (const edge of edges.values()) edge.sources = sourceKeys(nodes.get(edge.from)!, edge.to, rendered);
    const federatedTargets = new Set([...edges.values()].filter((e) => nodes.get(e.from)!.kind === "identity-provider").map((e) => e.to));
    for (const report of input.reports) {
        for (const row of report.roles) {
            const role = nodes.get(row.arn);
            if (!role) continue;
            const checks: Array<MapCheck & { source?: string; resource?: string; action?: string; kind: string }> = row.checks.map((c) => {
                const verdict = VERDICT_OF_RESULT[c.result];
                const why = verdict === "unproven" ? c.reason : verdict === "fail" ? c.why : undefined;
                return {
                    role: row.role,
                    title: c.title,
                    expect: c.expect,
                    verdict,
                    ...(why ? { why } : {}),
                    kind: c.kind,
                    ...(c.source ? { source: c.source } : {}),
                    ...(c.resource ? { resource: c.resource } : {}),
                    ...(c.action ? { action: c.action } : {}),
                };
            });
            // Rows of a federated caller becoming the source's role (sts:AssumeRoleWithWebIdentity): on the provider's edge into that role, when drawn.
            const federated = (c: { action?: string; resource?: string }) =>
                c.action !== undefined && isFederatedAction(c.action) && c.resource !== undefined && federatedTargets.has(c.resource);
            role.checks.push(...checks.map(plainCheck));
            role.notes.push(...(row.notes ?? []));
            for (const edge of edges.values()) {
                if (edge.to !== row.arn) continue;
                const mine = checks.filter((c) => c.source !== undefined && edge.sources.includes(c.source) && !federated(c));
                edge.checks.push(...mine.map(plainCheck));
                nodes.get(edge.from)!.checks.push(...mine.map(plainCheck));
            }
            for (const edge of edges.values()) {
                if (nodes.get(edge.from)!.kind !== "identity-provider") continue;
                const mine = checks.filter((c) => federated(c) && c.resource === edge.to);
                edge.checks.push(...mine.map(plainCheck));
                nodes.get(edge.from)!.checks.push(...mine.map(plainCheck));
                nodes.get(edge.to)!.checks.push(...mine.map(plainCheck));
            }
            for (const edge of permissionEdges.values()) {
                if (edge.from !== row.arn) continue;
                // The report proves a role of some OUs in a stand-in account of them: its resources are drawn in any account of them.
                const inOus = groupLabels.has(role.account);
                const mine = checks.filter(
                    (c) =>
                        (c.kind === "permission" || c.kind === "outside-permission") &&
                        c.resource &&
                        resourceRef(inOus ? inAnyAccount(c.resource) : c.resource, role.account).id === edge.to,
                );
                edge.checks.push(...mine.map(plainCheck));
                nodes.get(edge.to)!.checks.push(...mine.map(plainCheck));
            }
        }
    }
    for (const n of nodes.values()) n.verdict = verdictOf(n.checks);
    for (const e of [...edges.values(), ...permissionEdges.values()]) e.verdict = verdictOf(e.checks);

    const accounts = accountsOf(input.stacks, nodes.values(), groupLabels);
    const nodeList = [...nodes.values()].sort(
        (a, b) =>
            TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
            compareCodeUnits(a.account, b.account) ||
            compareCodeUnits(a.label, b.label) ||
            compareCodeUnits(a.id, b.id),
    );
    const byEnds = (a: { from: string; to: string }, b: { from: string; to: string }) => compareCodeUnits(a.from, b.from) || compareCodeUnits(a.to, b.to);
    const allChecks = input.reports.flatMap((r) => r.roles.flatMap((x) => x.checks));
    return {
        accounts,
        nodes: nodeList,
        edges: [...[...edges.values()].sort(byEnds), ...[...permissionEdges.values()].sort(byEnds)],
        permissions,
        summary: {
            roles: nodeList.filter((n) => n.tier === "role").length,
            principals: nodeList.filter((n) => n.tier === "principal").length,
            resources: nodeList.filter((n) => n.tier === "resource").length,
            assumeEdges: edges.size,
            passed: allChecks.filter((c) => c.result === "PASS").length,
            failed: allChecks.filter((c) => c.result === "FAIL").length,
            unproven: allChecks.filter((c) => c.result === "UNPROVEN").length,
        },
    };
}

/** The partition the stacks' ARNs use (`aws` when none is found). */
export function partitionOf(stacks: readonly StackDocuments[]): string {
    for (const s of stacks) {
        const m = /"arn:([a-z-]+):/.exec(JSON.stringify(s.outputs)) ?? /"arn:([a-z-]+):/.exec(JSON.stringify(s.resources));
        if (m) return m[1];
    }
    return "aws";
}

function compareGrants(a: PermissionGrant, b: PermissionGrant): number {
    return (
        compareCodeUnits(a.resource, b.resource) ||
        compareCodeUnits(a.action, b.action) ||
        compareCodeUnits(a.effect, b.effect) ||
        compareCodeUnits(a.condition ?? "", b.condition ?? "")
    );
}

/** How the principal is named, when it is not by its own ARN: `aws:PrincipalArn`, `ArnLike user/*`, `account root`. */
function viaLabels(paths: readonly TrustPath[]): string[] {
    const out = new Set<string>();
    for (const p of paths) {
        if (p.via === "root-principal-arn") out.add("PrincipalArn");
        if (p.via === "root-pattern") for (const a of p.principalArns) out.add(`PrincipalArn ${a.replace(/^arn:[^:]+:iam::\d{12}:/, "")}`);
        if (p.via === "root") out.add("account root");
        if (p.via === "any-principal") out.add('Principal "*"');
    }
    return [...out];
}

/** A report row's result as a map verdict. */
const VERDICT_OF_RESULT: Readonly<Record<ReportCheck["result"], MapCheck["verdict"]>> = { PASS: "pass", FAIL: "fail", UNPROVEN: "unproven" };

function plainCheck(c: MapCheck): MapCheck {
    return { role: c.role, title: c.title, expect: c.expect, verdict: c.verdict, ...(c.why ? { why: c.why } : {}) };
}

function verdictOf(checks: readonly MapCheck[]): CheckVerdict {
    if (checks.length === 0) return "unchecked";
    if (checks.some((c) => c.verdict === "fail")) return "fail";
    return checks.some((c) => c.verdict === "unproven") ? "unproven" : "pass";
}

function accountsOf(stacks: readonly StackDocuments[], nodes: Iterable<MapNode>, groupLabels: ReadonlyMap<string, string>): MapAccount[] {
    const out = new Map<string, MapAccount>();
    for (const s of stacks) {
        const a = out.get(s.accountId) ?? { id: s.accountId, label: "", stacks: [] };
        a.stacks.push(s.stack);
        out.set(s.accountId, a);
    }
    for (const n of nodes) if (!out.has(n.account)) out.set(n.account, { id: n.account, label: "", stacks: [] });
    for (const a of out.values()) {
        a.stacks.sort();
        a.label = groupLabels.has(a.id)
            ? groupLabels.get(a.id)!
            : a.id === "*"
              ? "any account"
              : a.stacks.length > 0
                ? `${a.stacks.join(", ")} · ${a.id}`
                : `${a.id} (no stack rendered)`;
    }
    return [...out.values()].sort((a, b) => compareCodeUnits(a.id, b.id));
}

/** The ARN of an OIDC or SAML provider a stack creates (`aws:iam/openIdConnectProvider`, `aws:iam/samlProvider`), else undefined. */
function providerArnOf(r: { type: string; inputs: Record<string, unknown> }, partition: string, account: string): string | undefined {
    if (r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider" && typeof r.inputs.url === "string")
        return `arn:${partition}:iam::${account}:oidc-provider/${r.inputs.url.replace(/^https:\/\//, "")}`;
    if (r.type === "aws:iam/samlProvider:SamlProvider" && typeof r.inputs.name === "string")
        return `arn:${partition}:iam::${account}:saml-provider/${r.inputs.name}`;
    return undefined;
}

/** A resource's inputs without its policy documents (those are shown as documents of their own). */
function withoutPolicies(inputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(inputs)) if (k !== "assumeRolePolicy" && k !== "policy") out[k] = v;
    return out;
}

/** An ARN with its account, when it has one, as `*`. */
function inAnyAccount(arn: string): string {
    return arn.replace(/^(arn:[^:]*:[^:]*:[^:]*:)\d{12}:/, "$1*:");
}
