/**
 * What a change does to access, in the words a reviewer reads: two access maps (the base's and this
 * render's, tools/access-map) compared edge by edge, condition by condition, grant by grant, and
 * check by check. Derived from the rendered documents and the simulations, never from config text,
 * so a change in this program's own policy builders shows up too. Pure.
 *
 * Kinds, each line `KIND: text`:
 * - NEW / REMOVED       a role; who may assume a role (an edge of the map)
 * - WEAKER / STRONGER   what a caller must present: ExternalId, MFA and its age, source identity,
 *                       organization, how the trust names the principal; a role's session length
 * - WIDER / NARROWER    what a role may do (actions on resources, denies, managed policies,
 *                       permission boundaries), and what a caller may do on the role (tag its session,
 *                       set a source identity)
 * - CHANGED             a change that is neither (an unrecognised condition, a replaced boundary)
 * - FAILS / PASSES      a check of the access report that passed and fails now, or the reverse
 */
import { matchesAction, matchesArn } from "../access-map/conditions";
import type { AccessGraph, AssumeEdge, MapNode, PermissionGrant, TrustConditions, TrustVia } from "../access-map/model";
import { shortResource } from "../access-map/resources";

export type ChangeKind = "NEW" | "REMOVED" | "WEAKER" | "STRONGER" | "WIDER" | "NARROWER" | "CHANGED" | "FAILS" | "PASSES";

export const CHANGE_KINDS: readonly ChangeKind[] = ["NEW", "REMOVED", "WEAKER", "STRONGER", "WIDER", "NARROWER", "CHANGED", "FAILS", "PASSES"];

export interface Change {
    kind: ChangeKind;
    text: string;
}

/** The order of the sections of one role's changes: the role, its callers, their conditions, its permissions, its checks. */
type Section = 0 | 1 | 2 | 3 | 4;

interface Sorted extends Change {
    subject: string;
    section: Section;
}

/** Every change from `base` to `head`, sorted by role, then role / callers / conditions / permissions / checks. */
export function diffGraphs(base: AccessGraph, head: AccessGraph): Change[] {
    const out: Sorted[] = [];
    const names = roleNamer([...base.nodes, ...head.nodes]);
    const nodeIn = (g: AccessGraph) => new Map(g.nodes.map((n) => [n.id, n]));
    const baseNodes = nodeIn(base);
    const headNodes = nodeIn(head);
    const node = (id: string) => headNodes.get(id) ?? baseNodes.get(id)!;
    const push = (subject: string, section: Section, kind: ChangeKind, text: string) => out.push({ subject, section, kind, text });

    // Roles that appear or disappear.
    const roleIds = (g: AccessGraph) => new Set(g.nodes.filter((n) => n.tier === "role" && n.stack !== undefined).map((n) => n.id));
    const baseRoles = roleIds(base);
    const headRoles = roleIds(head);
    for (const id of headRoles) if (!baseRoles.has(id)) push(id, 0, "NEW", `role ${names.full(node(id))}`);
    for (const id of baseRoles) if (!headRoles.has(id)) push(id, 0, "REMOVED", `role ${names.full(node(id))}`);

    // Who may assume what.
    const assumeEdges = (g: AccessGraph) => new Map(g.edges.filter((e): e is AssumeEdge => e.kind === "assume").map((e) => [e.id, e]));
    const baseEdges = assumeEdges(base);
    const headEdges = assumeEdges(head);
    for (const [id, e] of headEdges) {
        const before = baseEdges.get(id);
        const who = principalText(node(e.from));
        const role = node(e.to);
        if (!before) {
            push(e.to, 1, "NEW", newEdgeText(who, names.full(role), e));
            continue;
        }
        if (before.access !== e.access) {
            if (e.access === "effective")
                push(e.to, 1, "NEW", `${who} may assume ${names.full(role)} (${edgeSummary(e)}): ${accessReason(before.access, "now")}`);
            else if (before.access === "effective")
                push(e.to, 1, "REMOVED", `${who} may no longer assume ${names.full(role)}: ${accessReason(e.access, "no longer")}`);
            else push(e.to, 1, "CHANGED", `${newEdgeText(who, names.full(role), e)} (was: ${before.access})`);
        }
        if (before.access !== "grant-only" && e.access !== "grant-only") {
            for (const c of conditionChanges(before, e, names.short(role), who)) push(e.to, 2, c.kind, c.text);
        }
    }
    for (const [id, e] of baseEdges) {
        if (headEdges.has(id)) continue;
        const who = principalText(node(e.from));
        const role = names.full(node(e.to));
        const text =
            e.access === "effective"
                ? `${who} may no longer assume ${role}`
                : e.access === "trust-only"
                  ? `${role} no longer trusts ${who}`
                  : `${who} is no longer granted sts:AssumeRole on ${role}`;
        push(e.to, 1, "REMOVED", text);
    }

    // What each role may do, and what limits it.
    for (const id of headRoles) {
        const role = headNodes.get(id)!;
        const name = names.short(role);
        const isNew = !baseRoles.has(id);
        for (const c of grantChanges(isNew ? [] : (base.permissions[id] ?? []), head.permissions[id] ?? [], name, role.account)) push(id, 3, c.kind, c.text);
        const r0 = isNew ? undefined : baseNodes.get(id)!.role;
        const r1 = role.role;
        for (const arn of r1?.managedPolicyArns ?? []) {
            if (!(r0?.managedPolicyArns ?? []).includes(arn))
                push(id, 3, "WIDER", `${name} now has managed policy ${arn} attached (its document is not rendered here)`);
        }
        for (const arn of r0?.managedPolicyArns ?? []) {
            if (!(r1?.managedPolicyArns ?? []).includes(arn)) push(id, 3, "NARROWER", `${name} no longer has managed policy ${arn} attached`);
        }
        const b0 = r0?.permissionsBoundary;
        const b1 = r1?.permissionsBoundary;
        if (!isNew && b0 !== b1) {
            if (!b0) push(id, 3, "NARROWER", `${name} is now held to permissions boundary ${b1}`);
            else if (!b1) push(id, 3, "WIDER", `${name} is no longer held to permissions boundary ${b0}`);
            else push(id, 3, "CHANGED", `${name}'s permissions boundary is now ${b1} (was ${b0})`);
        }
        const s0 = r0?.maxSessionDuration;
        const s1 = r1?.maxSessionDuration;
        if (!isNew && s0 !== undefined && s1 !== undefined && s0 !== s1) {
            push(id, 2, s1 > s0 ? "WEAKER" : "STRONGER", `${name}'s sessions may now last up to ${s1} s (was ${s0} s)`);
        }
    }

    // What the simulations say now that they did not say before.
    const checksOf = (g: AccessGraph) => {
        const m = new Map<string, { role: string; title: string; verdict: string }>();
        for (const n of g.nodes)
            if (n.tier === "role") for (const c of n.checks) m.set(`${n.id}\n${c.title}`, { role: n.id, title: c.title, verdict: c.verdict });
        return m;
    };
    const baseChecks = checksOf(base);
    for (const [key, c] of checksOf(head)) {
        const before = baseChecks.get(key);
        const name = names.short(node(c.role));
        if (c.verdict === "fail" && before?.verdict !== "fail")
            push(
                c.role,
                4,
                "FAILS",
                `${name}: ${c.title}${before ? ` (${before.verdict === "pass" ? "passed" : "was not provable"} before)` : " (a new check)"}`,
            );
        if (c.verdict === "pass" && before?.verdict === "fail") push(c.role, 4, "PASSES", `${name}: ${c.title} (failed before)`);
    }

    const subjectName = (id: string) => names.short(node(id));
    return out
        .sort(
            (a, b) =>
                compare(subjectName(a.subject), subjectName(b.subject)) ||
                compare(a.subject, b.subject) ||
                a.section - b.section ||
                CHANGE_KINDS.indexOf(a.kind) - CHANGE_KINDS.indexOf(b.kind) ||
                compare(a.text, b.text),
        )
        .map(({ kind, text }) => ({ kind, text }));
}

/** `KIND: text`, one per line. */
export function changeLines(changes: readonly Change[]): string[] {
    return changes.map((c) => `${c.kind}: ${c.text}`);
}

/** How many of each kind, in kind order: `2 NEW, 1 WEAKER`. */
export function changeCounts(changes: readonly Change[]): string {
    return CHANGE_KINDS.map((k) => [k, changes.filter((c) => c.kind === k).length] as const)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(", ");
}

/** A principal as a line names it: `role/ci in account 222222222222`, `any principal of account 222222222222`. */
export function principalText(n: MapNode): string {
    switch (n.kind) {
        case "account-root":
            return `any principal of account ${n.account}`;
        case "any-principal":
            return "any principal";
        case "principal-pattern":
            return `principals matching ${n.id}`;
        default:
            return `${n.label} in account ${n.account}`;
    }
}

function newEdgeText(who: string, role: string, e: AssumeEdge): string {
    if (e.access === "effective") return `${who} may assume ${role} (${edgeSummary(e)})`;
    if (e.access === "trust-only") return `${role} trusts ${who} (${edgeSummary(e)}), but its identity policy grants no sts:AssumeRole on it`;
    return `${who} is granted sts:AssumeRole on ${role} (its trust policy is not rendered here)`;
}

/** The parenthesis of a NEW line: how the trust names the caller and what it must present (the edge's labels), and `no MFA` when MFA is not required. */
export function edgeSummary(e: AssumeEdge): string {
    const labels = [...e.labels];
    if (!e.conditions.mfa || e.conditions.mfa.ifExists) labels.push("no MFA");
    return labels.join(", ");
}

function accessReason(access: AssumeEdge["access"], when: "now" | "no longer"): string {
    if (access === "trust-only")
        return when === "now" ? "its identity policy now grants sts:AssumeRole on it" : "its identity policy no longer grants sts:AssumeRole on it";
    return when === "now" ? "the role's trust policy is rendered now" : "the role's trust policy is no longer rendered";
}

/** Role names for lines: the bare name when no other role shares it, else `role/path/name in account N`. */
function roleNamer(nodes: readonly MapNode[]): { short: (n: MapNode) => string; full: (n: MapNode) => string } {
    const bare = (n: MapNode) => n.label.replace(/^role\/(?:.*\/)?/, "");
    const ids = new Map<string, Set<string>>();
    for (const n of nodes) if (n.kind === "role") ids.set(bare(n), (ids.get(bare(n)) ?? new Set()).add(n.id));
    const short = (n: MapNode) => (n.kind === "role" && (ids.get(bare(n))?.size ?? 0) <= 1 ? bare(n) : `${n.label} in account ${n.account}`);
    const full = (n: MapNode) => (n.kind === "role" ? `${short(n).replace(/ in account \d{12}$/, "")} in account ${n.account}` : principalText(n));
    return { short, full };
}

const VIA_ORDER: readonly TrustVia[] = ["principal", "root-principal-arn", "root-pattern", "root", "any-principal"];
const VIA_TEXT: Readonly<Record<TrustVia, string>> = {
    principal: "its own ARN as the principal",
    "root-principal-arn": "the account root narrowed by aws:PrincipalArn",
    "root-pattern": "the account root narrowed by an aws:PrincipalArn pattern",
    root: "the whole account root",
    "any-principal": 'Principal "*"',
};

/** What changed in what the caller must present, and in how the trust names it. */
export function conditionChanges(before: AssumeEdge, after: AssumeEdge, role: string, who: string): Change[] {
    const out: Change[] = [];
    const add = (kind: ChangeKind, text: string) => out.push({ kind, text });
    const broadest = (e: AssumeEdge) => Math.max(...e.paths.map((p) => VIA_ORDER.indexOf(p.via)));
    const v0 = broadest(before);
    const v1 = broadest(after);
    if (v0 !== v1 && v0 >= 0 && v1 >= 0) {
        const why = v1 > v0 && v0 === 0 ? "; a principal recreated under that name keeps access" : "";
        add(v1 > v0 ? "WEAKER" : "STRONGER", `${role} now trusts ${who} through ${VIA_TEXT[VIA_ORDER[v1]]} (was ${VIA_TEXT[VIA_ORDER[v0]]})${why}`);
    }
    const c0 = before.conditions;
    const c1 = after.conditions;
    out.push(...requirementChanges(c0, c1, role, who));
    const actions = (e: AssumeEdge) => new Set(e.paths.flatMap((p) => p.actions).filter((a) => !/^sts:(AssumeRole|TagSession)$/i.test(a)));
    const a0 = actions(before);
    const a1 = actions(after);
    for (const a of a1) if (!a0.has(a)) add("WIDER", `${who} may now ${a} on ${role}`);
    for (const a of a0) if (!a1.has(a)) add("NARROWER", `${who} may no longer ${a} on ${role}`);
    return out;
}

function requirementChanges(c0: TrustConditions, c1: TrustConditions, role: string, who: string): Change[] {
    const out: Change[] = [];
    const add = (kind: ChangeKind, text: string) => out.push({ kind, text });
    const from = `from ${who}`;
    if (c0.externalId && !c1.externalId) add("WEAKER", `${role} no longer requires an ExternalId ${from}`);
    if (!c0.externalId && c1.externalId) add("STRONGER", `${role} now requires an ExternalId ${from}`);

    const m0 = c0.mfa && !c0.mfa.ifExists ? c0.mfa : undefined;
    const m1 = c1.mfa && !c1.mfa.ifExists ? c1.mfa : undefined;
    if (m0 && !m1) add("WEAKER", `${role} no longer requires MFA ${from}${c1.mfa ? " (only when an MFA key is sent: long-term keys pass)" : ""}`);
    if (!m0 && m1) add("STRONGER", `${role} now requires MFA ${from}${m1.maxAgeSeconds !== undefined ? `, at most ${m1.maxAgeSeconds} s old` : ""}`);
    if (m0 && m1) {
        const a0 = m0.maxAgeSeconds;
        const a1 = m1.maxAgeSeconds;
        if (a0 !== undefined && a1 === undefined) add("WEAKER", `${role} no longer limits the age of the MFA ${from} (was ${a0} s)`);
        if (a0 === undefined && a1 !== undefined) add("STRONGER", `${role} now requires the MFA ${from} to be at most ${a1} s old`);
        if (a0 !== undefined && a1 !== undefined && a0 !== a1)
            add(a1 > a0 ? "WEAKER" : "STRONGER", `${role} now accepts MFA up to ${a1} s old ${from} (was ${a0} s)`);
    }

    const s0 = c0.sourceIdentity;
    const s1 = c1.sourceIdentity;
    const list = (xs: string[]) => (xs.length > 0 ? xs.join(", ") : "any");
    if (s0?.required && !s1?.required) add("WEAKER", `${role} no longer requires a source identity ${from}`);
    if (!s0?.required && s1?.required) add("STRONGER", `${role} now requires a source identity ${from} (${list(s1.allowed)})`);
    if (s0 && s1) {
        if (s0.allowed.length > 0 && s1.allowed.length === 0) add("WEAKER", `${role} now accepts any source identity ${from} (was ${list(s0.allowed)})`);
        else if (s0.allowed.length === 0 && s1.allowed.length > 0)
            add("STRONGER", `${role} now accepts only source identity ${list(s1.allowed)} ${from} (was any)`);
        else {
            const added = s1.allowed.filter((x) => !s0.allowed.includes(x));
            const removed = s0.allowed.filter((x) => !s1.allowed.includes(x));
            if (added.length > 0) add("WEAKER", `${role} now also accepts source identity ${added.join(", ")} ${from}`);
            if (removed.length > 0) add("STRONGER", `${role} no longer accepts source identity ${removed.join(", ")} ${from}`);
        }
    }

    const t0 = c0.sessionTags;
    const t1 = c1.sessionTags;
    const keys = (t: { keys?: string[] }) => (t.keys ? `keys ${t.keys.join(", ") || "none"}` : "any key");
    if (!t0 && t1) add("WIDER", `${who} may now tag its session on ${role} (${keys(t1)})`);
    if (t0 && !t1) add("NARROWER", `${who} may no longer tag its session on ${role}`);
    if (t0 && t1) {
        if (t0.keys && !t1.keys) add("WIDER", `${who} may now tag its session on ${role} with any key (was ${keys(t0)})`);
        else if (!t0.keys && t1.keys) add("NARROWER", `${who} may now tag its session on ${role} with ${keys(t1)} only (was any key)`);
        else if (t0.keys && t1.keys) {
            const added = t1.keys.filter((k) => !t0.keys!.includes(k));
            const removed = t0.keys.filter((k) => !t1.keys!.includes(k));
            if (added.length > 0) add("WIDER", `${who} may now tag its session on ${role} with ${added.join(", ")}`);
            if (removed.length > 0) add("NARROWER", `${who} may no longer tag its session on ${role} with ${removed.join(", ")}`);
        }
    }

    for (const [key, what] of [
        ["orgIds", "organization"],
        ["orgPaths", "organization path"],
    ] as const) {
        const o0 = c0[key];
        const o1 = c1[key];
        if (o0 && !o1) add("WEAKER", `${role} no longer requires ${who} to be in ${what} ${o0.join(", ")}`);
        if (!o0 && o1) add("STRONGER", `${role} now requires ${who} to be in ${what} ${o1.join(", ")}`);
        if (o0 && o1) {
            const added = o1.filter((x) => !o0.includes(x));
            const removed = o0.filter((x) => !o1.includes(x));
            if (added.length > 0) add("WEAKER", `${role} now also accepts ${who} from ${what} ${added.join(", ")}`);
            if (removed.length > 0) add("STRONGER", `${role} no longer accepts ${who} from ${what} ${removed.join(", ")}`);
        }
    }
    for (const o of c1.other) if (!c0.other.includes(o)) add("CHANGED", `${role}'s trust of ${who} now also has condition ${o}`);
    for (const o of c0.other) if (!c1.other.includes(o)) add("CHANGED", `${role}'s trust of ${who} no longer has condition ${o}`);
    return out;
}

/**
 * What a role may do now that it could not, and the reverse. A grant that a wildcard of the other side
 * covers is no change; the same action on the same resource under another condition is one line.
 * Lines group the resources that gained or lost the same actions.
 */
export function grantChanges(before: readonly PermissionGrant[], after: readonly PermissionGrant[], role: string, account: string): Change[] {
    const key = (g: PermissionGrant) => JSON.stringify([g.effect, g.not ?? "", g.action, g.resource, g.condition ?? ""]);
    const target = (g: PermissionGrant) => JSON.stringify([g.effect, g.not ?? "", g.action, g.resource]);
    const covers = (others: readonly PermissionGrant[], g: PermissionGrant) =>
        others.some(
            (o) =>
                o.effect === g.effect &&
                (o.not ?? "") === (g.not ?? "") &&
                (o.condition ?? "") === (g.condition ?? "") &&
                matchesAction(o.action, g.action) &&
                matchesArn(o.resource, g.resource),
        );
    const keys0 = new Set(before.map(key));
    const keys1 = new Set(after.map(key));
    const fresh = after.filter((g) => !keys0.has(key(g)));
    const gone = before.filter((g) => !keys1.has(key(g)));
    const handled = new Set<PermissionGrant>();
    // The same action on the same resource, under another condition.
    const conditioned: Array<{ from: PermissionGrant; to: PermissionGrant }> = [];
    for (const g of fresh) {
        const was = gone.find((r) => target(r) === target(g) && !handled.has(r));
        if (!was) continue;
        conditioned.push({ from: was, to: g });
        handled.add(was).add(g);
    }
    // The same action on a resource pattern that now covers less (or more) of what it covered.
    const sameGrant = (a: PermissionGrant, b: PermissionGrant) =>
        a.effect === "Allow" && b.effect === "Allow" && !a.not && !b.not && a.action === b.action && (a.condition ?? "") === (b.condition ?? "");
    const rescoped: Array<{ kind: "WIDER" | "NARROWER"; action: string; from: string[]; to: string[]; condition?: string }> = [];
    for (const g0 of gone.filter((g) => !handled.has(g) && !covers(after, g))) {
        const inside = fresh.filter((g1) => !handled.has(g1) && sameGrant(g0, g1) && matchesArn(g0.resource, g1.resource));
        if (inside.length === 0) continue;
        rescoped.push({ kind: "NARROWER", action: g0.action, from: [g0.resource], to: inside.map((g) => g.resource), condition: g0.condition });
        for (const g of [g0, ...inside]) handled.add(g);
    }
    for (const g1 of fresh.filter((g) => !handled.has(g) && !covers(before, g))) {
        const inside = gone.filter((g0) => !handled.has(g0) && sameGrant(g0, g1) && matchesArn(g1.resource, g0.resource));
        if (inside.length === 0) continue;
        rescoped.push({ kind: "WIDER", action: g1.action, from: inside.map((g) => g.resource), to: [g1.resource], condition: g1.condition });
        for (const g of [g1, ...inside]) handled.add(g);
    }
    const added = fresh.filter((g) => !handled.has(g) && !(g.effect === "Allow" && covers(before, g)));
    const removed = gone.filter((g) => !handled.has(g) && !(g.effect === "Allow" && covers(after, g)));

    const out: Change[] = [];
    const resourceText = (g: PermissionGrant) =>
        g.not === "NotResource" ? `every resource but ${shortResource(g.resource, account)}` : shortResource(g.resource, account);
    const actionText = (g: PermissionGrant) => (g.not === "NotAction" ? `every action but ${g.action}` : g.action);
    const lines = (grants: PermissionGrant[], phrase: (actions: string, resources: string, condition: string) => Change) => {
        // Per resource its actions; then resources with the same actions (and condition) share a line.
        const perResource = new Map<string, { resource: string; condition: string; actions: string[] }>();
        for (const g of grants) {
            const k = JSON.stringify([resourceText(g), g.condition ?? ""]);
            const entry = perResource.get(k) ?? { resource: resourceText(g), condition: g.condition ?? "", actions: [] };
            if (!entry.actions.includes(actionText(g))) entry.actions.push(actionText(g));
            perResource.set(k, entry);
        }
        const perActions = new Map<string, { actions: string; condition: string; resources: string[] }>();
        for (const e of perResource.values()) {
            const actions = e.actions.sort().join(", ");
            const k = JSON.stringify([actions, e.condition]);
            const entry = perActions.get(k) ?? { actions, condition: e.condition, resources: [] };
            entry.resources.push(e.resource);
            perActions.set(k, entry);
        }
        for (const e of perActions.values()) out.push(phrase(e.actions, e.resources.sort().join(", "), e.condition ? ` when ${e.condition}` : ""));
    };
    const allow = (gs: PermissionGrant[]) => gs.filter((g) => g.effect === "Allow");
    const deny = (gs: PermissionGrant[]) => gs.filter((g) => g.effect === "Deny");
    lines(allow(added), (a, r, c) => ({ kind: "WIDER", text: `${role} may now ${a} on ${r}${c}` }));
    lines(allow(removed), (a, r, c) => ({ kind: "NARROWER", text: `${role} may no longer ${a} on ${r}${c}` }));
    lines(deny(added), (a, r, c) => ({ kind: "NARROWER", text: `${role} is now denied ${a} on ${r}${c}` }));
    lines(deny(removed), (a, r, c) => ({ kind: "WIDER", text: `${role} is no longer denied ${a} on ${r}${c}` }));
    const rescopedLines = new Map<string, { kind: "WIDER" | "NARROWER"; actions: string[]; from: string; to: string; condition: string }>();
    for (const r of rescoped) {
        const from = r.from
            .map((x) => shortResource(x, account))
            .sort()
            .join(", ");
        const to = r.to
            .map((x) => shortResource(x, account))
            .sort()
            .join(", ");
        const k = JSON.stringify([r.kind, from, to, r.condition ?? ""]);
        const entry = rescopedLines.get(k) ?? { kind: r.kind, actions: [], from, to, condition: r.condition ? ` when ${r.condition}` : "" };
        entry.actions.push(r.action);
        rescopedLines.set(k, entry);
    }
    for (const r of rescopedLines.values()) {
        const actions = r.actions.sort().join(", ");
        out.push({
            kind: r.kind,
            text:
                r.kind === "NARROWER"
                    ? `${role} may ${actions} only on ${r.to} now (was ${r.from})${r.condition}`
                    : `${role} may ${actions} on ${r.to} now (was only ${r.from})${r.condition}`,
        });
    }
    for (const { from, to } of conditioned) {
        const what = `${actionText(to)} on ${resourceText(to)}`;
        const verb = to.effect === "Deny" ? "is denied" : "may";
        if (!to.condition)
            out.push({
                kind: to.effect === "Deny" ? "NARROWER" : "WIDER",
                text: `${role} ${verb} ${what} under any condition now (was when ${from.condition})`,
            });
        else if (!from.condition)
            out.push({
                kind: to.effect === "Deny" ? "WIDER" : "NARROWER",
                text: `${role} ${verb} ${what} only when ${to.condition} now (was under any condition)`,
            });
        else out.push({ kind: "CHANGED", text: `${role} ${verb} ${what} when ${to.condition} now (was when ${from.condition})` });
    }
    return out;
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
