/**
 * The accounts of a config as the builders see them: an account by name, the account of a source, the
 * accounts a role is deployed to, the roles and sources of one account. Pure; the reader (lib/config/)
 * guarantees every name it hands over is one of `accounts`, so an unknown one is a program error.
 */
import { roleArn } from "../iam/arns";
import { TWO_ACCOUNT_NAMES } from "../names";
import type { CrossAccountConfig, NamedAccount, SourceSpec, TargetRoleSpec } from "../model/config";

type Accounts = Pick<CrossAccountConfig, "accounts">;

/** The account of that name. */
export function accountNamed(cfg: Accounts, name: string): NamedAccount {
    const found = cfg.accounts.find((a) => a.name === name);
    if (!found) throw new Error(`accountNamed: no account ${name} (accounts: ${cfg.accounts.map((a) => a.name).join(", ")})`);
    return found;
}

/** The account a source lives in. */
export function sourceAccount(cfg: Accounts, source: Pick<SourceSpec, "account">): NamedAccount {
    return accountNamed(cfg, source.account);
}

/** The accounts a role is deployed to, in config order. One index by name, not a scan per name: a role may be deployed to 1000 accounts. */
export function roleAccounts(cfg: Accounts, role: Pick<TargetRoleSpec, "accounts">): NamedAccount[] {
    const byName = new Map(cfg.accounts.map((a) => [a.name, a]));
    return role.accounts.map((name) => byName.get(name) ?? accountNamed(cfg, name));
}

/**
 * The roles the stack of an account declares: those deployed to it and, in the account that creates the StackSets
 * (the two-account layout: A; with named accounts: the one of `organization.managementAccount` or
 * `delegatedAdministrator`), the roles deployed to whole OUs. In config order.
 */
export function rolesDeclaredIn(
    cfg: Pick<CrossAccountConfig, "targetRoles"> & Partial<Pick<CrossAccountConfig, "layout" | "accounts" | "organization">>,
    account: string,
): TargetRoleSpec[] {
    const setsHere = cfg.layout === "named-accounts" ? stackSetAccount(cfg) === account : account === TWO_ACCOUNT_NAMES.target;
    return cfg.targetRoles.filter((r) => r.accounts.includes(account) || (setsHere && r.organizationalUnits !== undefined));
}

/**
 * `rolesDeclaredIn` for every account at once, in one pass over the roles' accounts (asking per account
 * scans each role's `accounts` once per account: quadratic in the accounts of a role deployed to many).
 */
export function rolesDeclaredByAccount(
    cfg: Pick<CrossAccountConfig, "targetRoles"> & Partial<Pick<CrossAccountConfig, "layout" | "accounts" | "organization">>,
): (account: string) => TargetRoleSpec[] {
    const setsIn = cfg.layout === "named-accounts" ? stackSetAccount(cfg) : TWO_ACCOUNT_NAMES.target;
    const byAccount = new Map<string, TargetRoleSpec[]>();
    for (const role of cfg.targetRoles) {
        const here = new Set(role.accounts);
        if (setsIn !== undefined && role.organizationalUnits !== undefined) here.add(setsIn);
        for (const account of here) {
            const list = byAccount.get(account);
            if (list) list.push(role);
            else byAccount.set(account, [role]);
        }
    }
    return (account) => byAccount.get(account) ?? [];
}

/** The name of the account that creates the StackSets of roles deployed to whole OUs, when it is a named account. */
export function stackSetAccount(cfg: Partial<Pick<CrossAccountConfig, "accounts" | "organization">>): string | undefined {
    const id = cfg.organization?.stackSetAccountId;
    return id === undefined ? undefined : cfg.accounts?.find((a) => a.id === id)?.name;
}

/**
 * The `sso-permission-set` sources whose permission set's inline policy (the AssumeRole grant) the stack of an account
 * writes: every one whose permission set ARN `identityCenter.permissionSets` gives, when `identityCenter.instanceArn` is
 * set and the account is `identityCenter.account`, the administration account (the reader checks that, in the two-account
 * layout, this is account B). In config order; the sources may live in any account, the permission set is assigned there.
 */
export function permissionSetsWrittenIn(
    cfg: Pick<CrossAccountConfig, "sources" | "accounts"> & Partial<Pick<CrossAccountConfig, "identityCenter">>,
    account: string,
): Array<Extract<SourceSpec, { kind: "sso-permission-set" }>> {
    const ic = cfg.identityCenter;
    if (ic?.instanceArn === undefined || ic.account === undefined) return [];
    if (cfg.accounts.find((a) => a.id === ic.account)?.name !== account) return [];
    return cfg.sources.filter(
        (s): s is Extract<SourceSpec, { kind: "sso-permission-set" }> => s.kind === "sso-permission-set" && Object.hasOwn(ic.permissionSets, s.permissionSet),
    );
}

/** The sources that live in an account, in config order. */
export function sourcesIn(cfg: Pick<CrossAccountConfig, "sources">, account: string): SourceSpec[] {
    return cfg.sources.filter((s) => s.account === account);
}

/** The exact ARN of a role in each account it is deployed to, in the order of its `accounts`. */
export function roleArnsOf(cfg: Pick<CrossAccountConfig, "accounts" | "partition">, role: Pick<TargetRoleSpec, "accounts" | "path" | "name">): string[] {
    return roleAccounts(cfg, role).map((a) => roleArn(cfg.partition, a.id, role.path, role.name));
}

/** How an account is named in messages and descriptions: `account prod (111111111111)`; the two-account layout says `account B`. */
export function describeAccount(cfg: Pick<CrossAccountConfig, "layout">, account: NamedAccount): string {
    return cfg.layout === "two-account" ? `account ${account.name}` : `account ${account.name} (${account.id})`;
}
