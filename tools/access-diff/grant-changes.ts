/** What a role may do, before and after: WIDER or NARROWER per action and resource (tools/access-diff/changes.ts). Pure. */
import { matchesAction, matchesArn } from "../access-map/conditions";
import type { PermissionGrant } from "../access-map/model";
import { shortResource } from "../access-map/resources";
import type { Change } from "./kinds";

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
