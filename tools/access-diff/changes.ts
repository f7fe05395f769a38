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
 *
 * This file orders them per role; the trust's changes are trust-changes.ts, the grants' grant-changes.ts,
 * the kinds kinds.ts.
 */
import type { AccessGraph, AssumeEdge, MapNode } from "../access-map/model";
import { grantChanges } from "./grant-changes";
import { CHANGE_KINDS, Change, ChangeKind } from "./kinds";
import { conditionChanges } from "./trust-changes";
import { compareCodeUnits } from "../shared/order";

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
        // A role deployed to whole OUs: each OU (or the root) it reaches now, or no longer.
        if (!isNew && (r0?.organizationalUnits || r1?.organizationalUnits)) {
            const u0 = r0?.organizationalUnits ?? [];
            const u1 = r1?.organizationalUnits ?? [];
            const place = (u: string) => (u.startsWith("r-") ? `every account of the organization (root ${u})` : `every account of OU ${u} and the OUs below`);
            for (const u of u1) if (!u0.includes(u)) push(id, 3, "WIDER", `${name} is now deployed to ${place(u)}`);
            for (const u of u0) if (!u1.includes(u)) push(id, 3, "NARROWER", `${name} is no longer deployed to ${place(u)}`);
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
                compareCodeUnits(subjectName(a.subject), subjectName(b.subject)) ||
                compareCodeUnits(a.subject, b.subject) ||
                a.section - b.section ||
                CHANGE_KINDS.indexOf(a.kind) - CHANGE_KINDS.indexOf(b.kind) ||
                compareCodeUnits(a.text, b.text),
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
