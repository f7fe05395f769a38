/**
 * The stand-in callers the access report sends requests as: one per source (one per ARN for `existing`),
 * with the identity policies account-b renders for it, or a grant the report assumes for a principal this
 * program does not manage; and the strangers (another principal of B, a third account). Pure.
 *
 * ARNs are written out here from config facts, independently of lib/iam/arns.ts (see expectations.ts).
 */
import type { CrossAccountConfig, NamedAccount, SourceSpec } from "../../lib/model/config";
import type { PolicyDocument } from "../../lib/model/policy";
import type { RecordedResource } from "../shared/mock-runtime";
import { FoundPolicy, identityPoliciesOf } from "./documents";

/** Account of a principal outside every account of the config (A and B), for the "third account" checks. */
export function thirdAccount(cfg: Pick<CrossAccountConfig, "accounts">): string {
    const taken = new Set(cfg.accounts.map((a) => a.id));
    for (let d = 3; d <= 9; d++) if (!taken.has(String(d).repeat(12))) return String(d).repeat(12);
    for (let n = 1; ; n++) {
        const id = String(n).padStart(12, "0");
        if (!taken.has(id)) return id;
    }
}

/** The account of that name (the reader guarantees it exists). */
export function accountOf(cfg: Pick<CrossAccountConfig, "accounts">, name: string): NamedAccount {
    return cfg.accounts.find((a) => a.name === name)!;
}

/** An account none of `names` is: the first other named account, else one outside the config. */
export function accountOutside(cfg: Pick<CrossAccountConfig, "accounts">, names: readonly string[]): { name?: string; id: string } {
    return cfg.accounts.find((a) => !names.includes(a.name)) ?? { id: thirdAccount(cfg) };
}

/** A stand-in caller for a source, with the identity policies that would apply to it. */
export interface Caller {
    label: string;
    principal: string;
    principalArn: string;
    account: string;
    identity: FoundPolicy[];
    /** True when the identity policy comes from account-b's render (not assumed by the report). */
    managed: boolean;
    /** Policy ARNs attached to the principal in account-b's render whose documents are not rendered. */
    unresolved?: string[];
}

/** The callers that stand for one source (one per ARN for `existing`). */
export function callersFor(cfg: CrossAccountConfig, s: SourceSpec, resources: readonly RecordedResource[], roleArnInA: string): Caller[] {
    const p = cfg.partition;
    const B = accountOf(cfg, s.account).id;
    const assumed = grantPolicy(`report: B's admins grant AssumeRole on ${roleArnInA}`, roleArnInA);
    switch (s.kind) {
        case "service-role":
        case "oidc-role": {
            const roleArn = `arn:${p}:iam::${B}:role${s.path}${s.name}`;
            return [
                {
                    label: `role ${s.path}${s.name}`,
                    principal: `arn:${p}:sts::${B}:assumed-role/${s.name}/report-session`,
                    principalArn: roleArn,
                    account: B,
                    ...identityOf(resources, "role", s.name),
                    managed: true,
                },
            ];
        }
        case "user": {
            const userArn = `arn:${p}:iam::${B}:user${s.path}${s.name}`;
            return [
                {
                    label: `user ${s.path}${s.name}`,
                    principal: userArn,
                    principalArn: userArn,
                    account: B,
                    ...identityOf(resources, "user", s.name),
                    managed: true,
                },
            ];
        }
        case "group": {
            const group = identityOf(resources, "group", s.name);
            if (s.members && s.members.length > 0) {
                // The configured members, each with the group's policies and, for a user source of this program, its own.
                return s.members.map((userName) => {
                    const asSource = cfg.sources.find((u) => u.kind === "user" && u.name === userName);
                    const userArn = `arn:${p}:iam::${B}:user${asSource?.kind === "user" ? asSource.path : "/"}${userName}`;
                    const own = identityOf(resources, "user", userName);
                    return {
                        label: `user/${userName} (member of group ${s.path}${s.name})`,
                        principal: userArn,
                        principalArn: userArn,
                        account: B,
                        identity: [...group.identity, ...own.identity],
                        unresolved: [...(group.unresolved ?? []), ...(own.unresolved ?? [])],
                        managed: true,
                    };
                });
            }
            const member = `arn:${p}:iam::${B}:user/${s.name}-member`;
            return [
                {
                    label: `user/${s.name}-member (in group ${s.path}${s.name})`,
                    principal: member,
                    principalArn: member,
                    account: B,
                    ...identityOf(resources, "group", s.name),
                    managed: true,
                },
            ];
        }
        case "existing":
            return s.arns.map((arn) => {
                const m = /^arn:[^:]+:iam::(\d{12}):(role|user)(\/.*\/|\/)([^/]+)$/.exec(arn);
                const principal = m && m[2] === "role" ? `arn:${p}:sts::${m[1]}:assumed-role/${m[4]}/report-session` : arn;
                return { label: `existing ${arn}`, principal, principalArn: arn, account: B, identity: [assumed], managed: false };
            });
        case "account-root":
            return [
                {
                    label: "role/a-principal-of-b (account-root trust)",
                    principal: `arn:${p}:sts::${B}:assumed-role/a-principal-of-b/report-session`,
                    principalArn: `arn:${p}:iam::${B}:role/a-principal-of-b`,
                    account: B,
                    identity: [assumed],
                    managed: false,
                },
            ];
    }
}

/** The identity policies of a principal account-b renders, and the attached ones it could not resolve. */
function identityOf(resources: readonly RecordedResource[], kind: "role" | "user" | "group", name: string): Pick<Caller, "identity" | "unresolved"> {
    const found = identityPoliciesOf(resources, kind, name);
    return { identity: found.policies, unresolved: found.unresolved };
}

export function stranger(partition: string, account: string, roleName: string, grant: FoundPolicy): Caller {
    return {
        label: `role/${roleName}`,
        principal: `arn:${partition}:sts::${account}:assumed-role/${roleName}/report-session`,
        principalArn: `arn:${partition}:iam::${account}:role/${roleName}`,
        account,
        identity: [grant],
        managed: false,
    };
}

/** An identity policy the report assumes for a caller this program does not manage. */
export function grantPolicy(origin: string, resource: string): FoundPolicy {
    const document: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [{ Sid: "ReportAssumedGrant", Effect: "Allow", Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"], Resource: resource }],
    };
    return { origin, input: "policy", document };
}
