/**
 * What a caller must present to assume a role, before and after: how the trust names the principal,
 * ExternalId, MFA and its age, source identity, organization, session tags. WEAKER or STRONGER per
 * requirement, CHANGED when neither (tools/access-diff/changes.ts). Pure.
 */
import type { AssumeEdge, TrustConditions, TrustVia } from "../access-map/model";
import { claimLabel } from "../access-map/conditions";
import type { Change, ChangeKind } from "./kinds";

/** From narrowest to broadest; a provider's edge (web-identity, saml) is never compared with these: it starts at another node. */
const VIA_ORDER: readonly TrustVia[] = ["principal", "root-principal-arn", "root-pattern", "root", "any-principal"];

const VIA_TEXT: Readonly<Record<TrustVia, string>> = {
    principal: "its own ARN as the principal",
    "root-principal-arn": "the account root narrowed by aws:PrincipalArn",
    "root-pattern": "the account root narrowed by an aws:PrincipalArn pattern",
    root: "the whole account root",
    "any-principal": 'Principal "*"',
    "web-identity": "an OIDC provider's tokens",
    saml: "a SAML provider's assertions",
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
    const pt0 = c0.principalTags ?? {};
    const pt1 = c1.principalTags ?? {};
    const own = (t: Record<string, string[]>, k: string) => (Object.hasOwn(t, k) ? t[k] : undefined);
    for (const tag of [...new Set([...Object.keys(pt0), ...Object.keys(pt1)])].sort()) {
        const v0 = own(pt0, tag);
        const v1 = own(pt1, tag);
        const text = (v: string[]) => `tag ${tag}=${v.join(" | ")}`;
        if (v0 && !v1) add("WEAKER", `${role} no longer requires ${text(v0)} ${from}`);
        else if (!v0 && v1) add("STRONGER", `${role} now requires ${text(v1)} ${from}`);
        else if (v0 && v1) {
            const added = v1.filter((x) => !v0.includes(x));
            const removed = v0.filter((x) => !v1.includes(x));
            if (added.length > 0) add("WEAKER", `${role} now also accepts tag ${tag}=${added.join(" | ")} ${from}`);
            if (removed.length > 0) add("STRONGER", `${role} no longer accepts tag ${tag}=${removed.join(" | ")} ${from}`);
        }
    }
    const n0 = c0.sessionNames;
    const n1 = c1.sessionNames;
    if (n0 && !n1) add("WEAKER", `${role} no longer requires a session name of ${n0.join(" | ")} ${from}`);
    if (!n0 && n1) add("STRONGER", `${role} now requires a session name of ${n1.join(" | ")} ${from}`);
    if (n0 && n1) {
        const added = n1.filter((x) => !n0.includes(x));
        const removed = n0.filter((x) => !n1.includes(x));
        if (added.length > 0) add("WEAKER", `${role} now also accepts session name ${added.join(" | ")} ${from}`);
        if (removed.length > 0) add("STRONGER", `${role} no longer accepts session name ${removed.join(" | ")} ${from}`);
    }

    const names = [...new Set([...(c0.claims ?? []), ...(c1.claims ?? [])].map((c) => c.claim))].sort();
    for (const name of names) {
        const text = (c: TrustConditions) => (c.claims ?? []).filter((x) => x.claim === name).map(claimLabel);
        const k0 = text(c0);
        const k1 = text(c1);
        if (k0.length > 0 && k1.length === 0) add("WEAKER", `${role} no longer requires claim ${name} ${from} (was ${k0.join("; ")})`);
        else if (k0.length === 0 && k1.length > 0) add("STRONGER", `${role} now requires ${k1.join("; ")} ${from}`);
        else if (k0.join("; ") !== k1.join("; ")) add("CHANGED", `${role} now requires ${k1.join("; ")} ${from} (was ${k0.join("; ")})`);
    }
    for (const o of c1.other) if (!c0.other.includes(o)) add("CHANGED", `${role}'s trust of ${who} now also has condition ${o}`);
    for (const o of c0.other) if (!c1.other.includes(o)) add("CHANGED", `${role}'s trust of ${who} no longer has condition ${o}`);
    return out;
}
