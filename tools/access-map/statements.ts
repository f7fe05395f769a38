/**
 * What the access map reads from one policy statement or document: the principals a trust names (IAM
 * principals, services, account roots), whether a statement covers an action on a resource, and every
 * (effect, action, resource) it grants, with its condition as one line. Pure.
 */
import type { PolicyDocument, PolicyStatement } from "../../lib/model/policy";
import { asList, matchesAction, matchesArn } from "./conditions";
import type { PermissionGrant } from "./model";

/**
 * True when a trust policy lets IAM principals in (`Principal.AWS` or `*`) or federated callers (an OIDC or
 * SAML provider through sts:AssumeRoleWithWebIdentity / sts:AssumeRoleWithSAML), not only a service.
 */
export function trustsCallers(doc: PolicyDocument): boolean {
    return doc.Statement.some((st) => st.Effect === "Allow" && (awsPrincipals(st).length > 0 || federatedPrincipals(st).length > 0));
}

/** The federated trust actions, and the kind of provider each one admits. */
export const FEDERATED_ACTIONS = { "sts:AssumeRoleWithWebIdentity": "web-identity", "sts:AssumeRoleWithSAML": "saml" } as const;

/**
 * The `Principal.Federated` entries of a statement whose actions include a federated trust action, each
 * with the kind of request that uses it (`web-identity` for an OIDC provider, `saml` for a SAML provider).
 */
export function federatedPrincipals(st: PolicyStatement): Array<{ provider: string; via: "web-identity" | "saml" }> {
    const p = (st as { Principal?: unknown }).Principal;
    if (!p || typeof p !== "object") return [];
    const actions = asList((st as unknown as Record<string, unknown>).Action);
    const out: Array<{ provider: string; via: "web-identity" | "saml" }> = [];
    for (const provider of asList((p as Record<string, unknown>).Federated)) {
        for (const [action, via] of Object.entries(FEDERATED_ACTIONS)) {
            if (actions.some((a) => matchesAction(a, action))) out.push({ provider, via });
        }
    }
    return out;
}

/** True for sts:AssumeRoleWithWebIdentity and sts:AssumeRoleWithSAML (IAM action names are case-insensitive). */
export function isFederatedAction(action: string): boolean {
    return Object.keys(FEDERATED_ACTIONS).some((a) => a.toLowerCase() === action.toLowerCase());
}

/** An OIDC provider ARN's issuer (`token.actions.githubusercontent.com`), or a bare issuer as given (`cognito-identity.amazonaws.com`). */
export function issuerOf(provider: string): string {
    return /^arn:[^:]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(provider)?.[1] ?? provider;
}

/** The `Principal.AWS` entries of a statement (`*` for `Principal: "*"`). */
export function awsPrincipals(st: PolicyStatement): string[] {
    const p = (st as { Principal?: unknown }).Principal;
    if (p === "*") return ["*"];
    if (p && typeof p === "object") return asList((p as Record<string, unknown>).AWS);
    return [];
}

export function servicePrincipals(doc: PolicyDocument): string[] {
    const out = new Set<string>();
    for (const st of doc.Statement) {
        const p = (st as { Principal?: unknown }).Principal;
        if (p && typeof p === "object") for (const s of asList((p as Record<string, unknown>).Service)) out.add(s);
    }
    return [...out].sort();
}

/** The account of an account-root principal (`arn:...:iam::123:root` or a bare id), `*` for `*`; undefined for any other ARN. */
export function rootAccountOf(principal: string): string | undefined {
    if (principal === "*") return "*";
    if (/^\d{12}$/.test(principal)) return principal;
    return /^arn:[^:]+:iam::(\d{12}):root$/.exec(principal)?.[1];
}

export function accountOfArn(arn: string): string | undefined {
    return /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

export function patternLabel(pattern: string): string {
    const m = /^arn:[^:]+:iam::(\d{12}):(.*)$/.exec(pattern);
    return m ? `${m[2]} of ${m[1]}` : pattern;
}

export function statementCovers(st: PolicyStatement, action: string, resource: string): boolean {
    const raw = st as unknown as Record<string, unknown>;
    const actionHit =
        raw.Action !== undefined ? asList(raw.Action).some((a) => matchesAction(a, action)) : !asList(raw.NotAction).some((a) => matchesAction(a, action));
    const resourceHit =
        raw.Resource !== undefined ? asList(raw.Resource).some((r) => matchesArn(r, resource)) : !asList(raw.NotResource).some((r) => matchesArn(r, resource));
    return actionHit && resourceHit;
}

/** Every (effect, action, resource) of one statement. */
export function grantsOf(st: PolicyStatement): PermissionGrant[] {
    const raw = st as unknown as Record<string, unknown>;
    const effect = st.Effect === "Deny" ? "Deny" : "Allow";
    const condition = conditionText(st.Condition);
    const not = raw.NotAction !== undefined ? "NotAction" : raw.NotResource !== undefined ? "NotResource" : undefined;
    const actions = asList(raw.Action ?? raw.NotAction);
    const resources = asList(raw.Resource ?? raw.NotResource);
    return actions.flatMap((action) =>
        resources.map((resource) => ({ effect, action, resource, ...(condition ? { condition } : {}), ...(not ? { not } : {}) })),
    );
}

/** A condition block as one line: `Operator key [values]; ...`, sorted. */
export function conditionText(block: unknown): string | undefined {
    if (!block || typeof block !== "object") return undefined;
    const parts: string[] = [];
    for (const [op, keys] of Object.entries(block as Record<string, Record<string, unknown>>)) {
        for (const [key, value] of Object.entries(keys ?? {})) parts.push(`${op} ${key} [${asList(value).join(", ")}]`);
    }
    return parts.length > 0 ? parts.sort().join("; ") : undefined;
}

export function isAssumeGrant(g: PermissionGrant): boolean {
    return !g.not && /^sts:/i.test(g.action) && /^arn:[^:]+:iam::[^:]*:role\//.test(g.resource);
}

/** `logs:FilterLogEvents`, or `logs:DescribeLogStreams +2`; `Deny` first when something is denied. */
export function actionSummary(grants: readonly PermissionGrant[]): string {
    const allow = [...new Set(grants.filter((g) => g.effect === "Allow").map((g) => (g.not ? `all but ${g.action}` : g.action)))].sort();
    const deny = [...new Set(grants.filter((g) => g.effect === "Deny").map((g) => g.action))].sort();
    const part = (xs: string[]) => (xs.length <= 2 ? xs.join(", ") : `${xs[0]} +${xs.length - 1}`);
    return [...(deny.length > 0 ? [`deny ${part(deny)}`] : []), ...(allow.length > 0 ? [part(allow)] : [])].join("; ");
}
