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
import { probeName } from "../../lib/names";
import { describeAccount } from "../../lib/policies/accounts";
import type { UnreadDocument } from "./checks";
import { FoundPolicy, identityPoliciesOf, permissionSetPolicyOf, permissionsBoundaryOf } from "./documents";

/** The random suffix the report gives the roles IAM Identity Center would create (16 characters, as Identity Center's). */
export const SSO_ROLE_SUFFIX = "0123456789abcdef";

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
    /** Documents that apply to the caller and are not in account-b's render (attached policies, a boundary). */
    unread: UnreadDocument[];
}

/**
 * Every name the config holds that a probe could collide with: role, source and principal names,
 * log groups, tables, buckets, session tag keys, principal tags and session names. Never a secret (see lib/names.ts probeName).
 */
export function configuredNames(cfg: CrossAccountConfig): string[] {
    const names: string[] = [];
    for (const s of cfg.sources) {
        names.push(s.key);
        if ("name" in s) names.push(s.name);
        if (s.kind === "group") names.push(...(s.members ?? []));
        if (s.kind === "existing") for (const arn of s.arns) names.push(arn.slice(arn.lastIndexOf("/") + 1));
    }
    for (const r of cfg.targetRoles) {
        names.push(r.name);
        const p = r.permissions;
        names.push(...(p.logsRead?.logGroups ?? []), ...(p.dynamodbBackup?.tables ?? []), ...(p.s3Read?.buckets ?? []), ...(p.s3ReadWrite?.buckets ?? []));
        for (const t of r.trustedSources) {
            const c = t.conditions;
            names.push(...(c.sessionTags?.allowedKeys ?? []), ...(c.roleSessionName ?? []));
            for (const [key, values] of Object.entries(c.principalTags ?? {})) names.push(key, ...values);
        }
    }
    return names;
}

/** The callers that stand for one source (one per ARN for `existing`). */
export function callersFor(
    cfg: CrossAccountConfig,
    s: SourceSpec,
    resources: readonly RecordedResource[],
    roleArnInA: string,
    taken: readonly string[],
    /** What the stack writing the permission sets' inline policies rendered (the Identity Center administration account's). */
    permissionSetResources: readonly RecordedResource[] = resources,
): Caller[] {
    const p = cfg.partition;
    const B = accountOf(cfg, s.account).id;
    const Bs = cfg.layout === "named-accounts" ? `${describeAccount(cfg, accountOf(cfg, s.account))}'s` : "B's";
    const assumed = grantPolicy(`report: ${Bs} admins grant AssumeRole on ${roleArnInA}`, roleArnInA);
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
                    ...identityOf(resources, "role", s.name, `role ${s.path}${s.name} in B`),
                    managed: true,
                },
            ];
        }
        case "sso-permission-set": {
            // The permission set's inline policy, when account-b writes it; else the grant B's admins are told to attach.
            const psArn = cfg.identityCenter?.permissionSets[s.permissionSet];
            const written = psArn === undefined ? undefined : permissionSetPolicyOf(permissionSetResources, psArn);
            const identity = written
                ? { identity: [written], managed: true, unread: [] }
                : {
                      identity: [
                          grantPolicy(
                              `report: the Identity Center admins attach account-b's output sources.${s.key}.permissionSetInlinePolicy to ${s.permissionSet}`,
                              roleArnInA,
                          ),
                      ],
                      managed: false,
                      unread: [],
                  };
            const name = `AWSReservedSSO_${s.permissionSet}_${SSO_ROLE_SUFFIX}`;
            const region = cfg.identityCenter?.region ?? cfg.region;
            return ["/aws-reserved/sso.amazonaws.com/", `/aws-reserved/sso.amazonaws.com/${region}/`].map((path) => ({
                label: `role ${path}${name}`,
                principal: `arn:${p}:sts::${B}:assumed-role/${name}/report-session`,
                principalArn: `arn:${p}:iam::${B}:role${path}${name}`,
                account: B,
                ...identity,
            }));
        }
        case "user": {
            const userArn = `arn:${p}:iam::${B}:user${s.path}${s.name}`;
            return [
                {
                    label: `user ${s.path}${s.name}`,
                    principal: userArn,
                    principalArn: userArn,
                    account: B,
                    ...identityOf(resources, "user", s.name, `user ${s.path}${s.name} in B`),
                    managed: true,
                },
            ];
        }
        case "group": {
            const group = identityOf(resources, "group", s.name, `group ${s.path}${s.name} in B`);
            if (s.members && s.members.length > 0) {
                // The configured members, each with the group's policies and, for a user source of this program, its own.
                return s.members.map((userName) => {
                    const asSource = cfg.sources.find((u) => u.kind === "user" && u.name === userName);
                    const path = asSource?.kind === "user" ? asSource.path : "/";
                    const userArn = `arn:${p}:iam::${B}:user${path}${userName}`;
                    const own = identityOf(resources, "user", userName, `user ${path}${userName} in B`);
                    return {
                        label: `user/${userName} (member of group ${s.path}${s.name})`,
                        principal: userArn,
                        principalArn: userArn,
                        account: B,
                        identity: [...group.identity, ...own.identity],
                        unread: [...group.unread, ...own.unread],
                        managed: true,
                    };
                });
            }
            const name = probeName(`${s.name}-member`, taken);
            const member = `arn:${p}:iam::${B}:user/${name}`;
            return [
                {
                    label: `user/${name} (in group ${s.path}${s.name})`,
                    principal: member,
                    principalArn: member,
                    account: B,
                    ...identityOf(resources, "group", s.name, `group ${s.path}${s.name} in B`),
                    managed: true,
                },
            ];
        }
        case "federated-role": {
            if ("arns" in s.roles) return s.roles.arns.map((arn) => existingCaller(p, B, arn, assumed, "federated"));
            // A role the pattern admits: each * as "report".
            const name = s.roles.namePattern.replace(/\*/g, "report");
            return [existingCaller(p, B, `arn:${p}:iam::${B}:role${s.roles.path}${name}`, assumed, "federated")];
        }
        case "existing":
            return s.arns.map((arn) => {
                const m = /^arn:[^:]+:iam::(\d{12}):(role|user)(\/.*\/|\/)([^/]+)$/.exec(arn);
                const principal = m && m[2] === "role" ? `arn:${p}:sts::${m[1]}:assumed-role/${m[4]}/report-session` : arn;
                return { label: `existing ${arn}`, principal, principalArn: arn, account: B, identity: [assumed], managed: false, unread: [] };
            });
        case "account-root": {
            const name = probeName("a-principal-of-b", taken);
            return [
                {
                    label: `role/${name} (account-root trust)`,
                    principal: `arn:${p}:sts::${B}:assumed-role/${name}/report-session`,
                    principalArn: `arn:${p}:iam::${B}:role/${name}`,
                    account: B,
                    identity: [assumed],
                    managed: false,
                    unread: [],
                },
            ];
        }
    }
}

/** A caller for a role or user of B that this program does not manage: its grant is assumed. */
function existingCaller(p: string, B: string, arn: string, assumed: FoundPolicy, label: string): Caller {
    const m = /^arn:[^:]+:iam::(\d{12}):(role|user)(\/.*\/|\/)([^/]+)$/.exec(arn);
    const principal = m && m[2] === "role" ? `arn:${p}:sts::${m[1]}:assumed-role/${m[4]}/report-session` : arn;
    return { label: `${label} ${arn}`, principal, principalArn: arn, account: B, identity: [assumed], managed: false, unread: [] };
}

/**
 * The identity policies of a principal a stack renders (inline, and the managed ones attached and
 * rendered), and what applies to it that the render does not hold: attached policies whose document is
 * not rendered (AWS managed ones) and its permissions boundary. `where` names the principal in messages.
 */
export function identityOf(
    resources: readonly RecordedResource[],
    kind: "role" | "user" | "group",
    name: string,
    where: string,
): Pick<Caller, "identity" | "unread"> {
    const found = identityPoliciesOf(resources, kind, name);
    const unread: UnreadDocument[] = found.unresolved.map((arn) => ({
        what: `${/^arn:[^:]+:iam::aws:policy\//.test(arn) ? "AWS managed policy" : "managed policy"} ${arn} attached to ${where}`,
        may: "allow-or-deny",
    }));
    const boundary = permissionsBoundaryOf(resources, kind, name);
    if (boundary !== undefined) unread.push({ what: `permissions boundary ${boundary} of ${where}`, may: "deny" });
    return { identity: found.policies, unread };
}

export function stranger(partition: string, account: string, roleName: string, grant: FoundPolicy): Caller {
    return {
        label: `role/${roleName}`,
        principal: `arn:${partition}:sts::${account}:assumed-role/${roleName}/report-session`,
        principalArn: `arn:${partition}:iam::${account}:role/${roleName}`,
        account,
        identity: [grant],
        managed: false,
        unread: [],
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
