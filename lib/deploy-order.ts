/**
 * The order the stacks of a named-accounts config are deployed in (issue 16). Pure.
 *
 * A target stack reads, through a StackReference, the outputs of each source account whose created
 * principals (service roles, users) one of its roles trusts in trust mode `principal`
 * (lib/cross-stack.ts `sourceStacksRead`): that source stack goes first. Nothing else orders stacks:
 * a source's grant names role ARNs that need not exist yet, and trust mode `principal-arn`, groups,
 * existing principals and account roots come from config alone. Destroy runs the other way round, so
 * no trust policy is left naming a principal that is already gone while its stack still reads it.
 */
import type { CrossAccountConfig, NamedAccount, SourceKind, SourceSpec, TargetRoleSpec } from "./model/config";
import { TWO_ACCOUNT_NAMES, stackOfAccount } from "./names";
import { permissionSetsWrittenIn, rolesDeclaredByAccount, rolesDeclaredIn } from "./policies/accounts";

/** Source kinds whose principal account-b creates and trust mode `principal` names exactly (by ARN, stored by IAM as its unique id). */
const CREATED_PRINCIPAL_KINDS: ReadonlySet<SourceKind> = new Set<SourceKind>(["service-role", "oidc-role", "user"]);

export type ReadingConfig = Pick<CrossAccountConfig, "sources" | "targetRoles"> &
    Partial<Pick<CrossAccountConfig, "layout" | "account" | "accounts" | "organization">>;

/** The account whose stack reads the source stacks: A in the two-account layout, else the stack's own. */
export function readingAccount(cfg: ReadingConfig): string {
    return cfg.layout === "named-accounts" && cfg.account ? cfg.account.name : TWO_ACCOUNT_NAMES.target;
}

/** The roles this stack deploys in trust mode `principal` that trust a source: the ones whose trust names it in `Principal.AWS`. */
export function principalModeRoles(cfg: ReadingConfig, sourceKey: string): TargetRoleSpec[] {
    return principalModeRolesOf(rolesDeclaredIn(cfg, readingAccount(cfg)), sourceKey);
}

/** Of the roles a stack declares, those in trust mode `principal` that trust a source. */
function principalModeRolesOf(declared: readonly TargetRoleSpec[], sourceKey: string): TargetRoleSpec[] {
    return declared.filter((r) => r.trustMode === "principal" && r.trustedSources.some((t) => t.source === sourceKey));
}

/**
 * The sources account A must read from account-b's outputs: a service role or user that account-b
 * creates, trusted by at least one role in trust mode `principal`. That trust names the principal
 * itself (which must exist, so B goes first) and carries a revision of its unique id. In config order.
 *
 * Not read, because config alone gives what the trust says: sources trusted only in trust mode
 * `principal-arn` (B's root + `ArnEquals aws:PrincipalArn`), groups (B's root + `ArnLike` on B's users),
 * existing principals (their ARNs are configured) and `account-root`.
 */
export function sourcesReadFromStack(cfg: ReadingConfig): SourceSpec[] {
    return sourcesReadBy(cfg.sources, rolesDeclaredIn(cfg, readingAccount(cfg)));
}

/** `sourcesReadFromStack` for a stack that declares these roles. */
function sourcesReadBy(sources: readonly SourceSpec[], declared: readonly TargetRoleSpec[]): SourceSpec[] {
    return sources.filter((s) => CREATED_PRINCIPAL_KINDS.has(s.kind) && principalModeRolesOf(declared, s.key).length > 0);
}

/** True when some source is read from account-b's outputs (`sourcesReadFromStack`): only then is a StackReference declared. */
export function needsSourceStack(cfg: ReadingConfig): boolean {
    return sourcesReadFromStack(cfg).length > 0;
}

/**
 * The source accounts whose stacks this stack reads, in config order, each with the roles of this stack
 * that make it read them (trust mode `principal` naming a principal created there): one StackReference
 * each. The deploy order (`deployOrder`, `npm run plan`) follows from these; trust mode `principal-arn` breaks such a
 * dependency.
 */
export function sourceStacksRead(cfg: ReadingConfig): Array<{ account: string; roles: string[] }> {
    return sourceStacksReadBy(cfg.sources, rolesDeclaredIn(cfg, readingAccount(cfg)));
}

/** `sourceStacksRead` for a stack that declares these roles. */
function sourceStacksReadBy(sources: readonly SourceSpec[], declared: readonly TargetRoleSpec[]): Array<{ account: string; roles: string[] }> {
    const out: Array<{ account: string; roles: string[] }> = [];
    if (declared.length === 0) return out;
    for (const s of sourcesReadBy(sources, declared)) {
        let entry = out.find((e) => e.account === s.account);
        if (!entry) out.push((entry = { account: s.account, roles: [] }));
        for (const r of principalModeRolesOf(declared, s.key)) if (!entry.roles.includes(r.name)) entry.roles.push(r.name);
    }
    return out;
}

/** One account's stack and the source accounts it must follow. */
export interface StackDependencies {
    account: string;
    stack: string;
    /** Source accounts this stack reads, each with the roles here that make it read them. */
    reads: Array<{ account: string; roles: string[] }>;
}

export type DeployOrder =
    | {
          ok: true;
          /** Stacks in `pulumi up` order: each after every stack it reads. */
          up: string[];
          /** Stacks in `pulumi destroy` order: `up` reversed. */
          destroy: string[];
      }
    | {
          ok: false;
          /** The accounts of one cycle, in reading order: each reads the next, the last reads the first. */
          cycle: string[];
          /** One line saying what reads what and how to break it. */
          problem: string;
      };

/**
 * The accounts that deploy something (hold a source, have a role deployed to them, or, as the Identity Center
 * administration account, write permission sets' inline policies), in config order.
 */
export function deployedAccounts(
    cfg: Pick<CrossAccountConfig, "accounts" | "sources" | "targetRoles"> & Partial<Pick<CrossAccountConfig, "organization" | "identityCenter">>,
): NamedAccount[] {
    const declared = rolesDeclaredByAccount({ ...cfg, layout: "named-accounts" });
    const holdSources = new Set(cfg.sources.map((s) => s.account));
    const writesPermissionSets = (name: string) => permissionSetsWrittenIn(cfg, name).length > 0;
    return cfg.accounts.filter((a) => holdSources.has(a.name) || declared(a.name).length > 0 || writesPermissionSets(a.name));
}

/**
 * Each deployed account's stack and what it reads, from one parsed config (every stack reads the same Pulumi.yaml).
 * Linear in the accounts: each role's accounts are walked once (`rolesDeclaredByAccount`), not once per account.
 */
export function stackDependencies(
    cfg: Pick<CrossAccountConfig, "accounts" | "sources" | "targetRoles" | "layout"> & Partial<Pick<CrossAccountConfig, "organization" | "identityCenter">>,
    stacks: Readonly<Record<string, string>>,
): StackDependencies[] {
    const declared = rolesDeclaredByAccount({ ...cfg, layout: "named-accounts" });
    return deployedAccounts(cfg).map((account) => ({
        account: account.name,
        stack: stackOfAccount(account.name, stacks),
        reads: sourceStacksReadBy(cfg.sources, declared(account.name)).filter((r) => r.account !== account.name),
    }));
}

/**
 * Orders the stacks: sources before the targets that read them, ties in config order (a stable
 * topological sort). A cycle (account X reads Y and Y reads X) is reported with its roles and the fix:
 * trust mode principal-arn on one of them, which reads nothing.
 */
export function deployOrder(deps: readonly StackDependencies[]): DeployOrder {
    const byAccount = new Map(deps.map((d) => [d.account, d]));
    // Kahn's algorithm, always taking the ready stack that comes first in config order: the same order as
    // scanning for the first ready stack each time, in O(stacks + reads · log stacks) instead of O(stacks²).
    // A read of an account with no stack here waits for nothing.
    const waiting = deps.map(() => 0);
    const readers = new Map<string, number[]>();
    deps.forEach((d, i) => {
        for (const a of new Set(d.reads.map((r) => r.account))) {
            if (!byAccount.has(a)) continue;
            waiting[i]++;
            const list = readers.get(a);
            if (list) list.push(i);
            else readers.set(a, [i]);
        }
    });
    const ready = new MinHeap();
    waiting.forEach((n, i) => n === 0 && ready.push(i));
    const done = new Set<string>();
    const up: string[] = [];
    while (ready.size > 0) {
        const next = deps[ready.pop()];
        done.add(next.account);
        up.push(next.stack);
        for (const i of readers.get(next.account) ?? []) if (--waiting[i] === 0) ready.push(i);
    }
    if (up.length < deps.length)
        return cycleOf(
            deps.filter((d) => !done.has(d.account)),
            byAccount,
        );
    return { ok: true, up, destroy: [...up].reverse() };
}

/** A binary min-heap of stack positions: the ready stack that comes first in config order. */
class MinHeap {
    private readonly items: number[] = [];

    get size(): number {
        return this.items.length;
    }

    push(value: number): void {
        const a = this.items;
        a.push(value);
        for (let i = a.length - 1; i > 0;) {
            const parent = (i - 1) >> 1;
            if (a[parent] <= a[i]) break;
            [a[parent], a[i]] = [a[i], a[parent]];
            i = parent;
        }
    }

    pop(): number {
        const a = this.items;
        const top = a[0];
        const last = a.pop()!;
        if (a.length > 0) {
            a[0] = last;
            for (let i = 0; ;) {
                const l = 2 * i + 1;
                const r = l + 1;
                let m = i;
                if (l < a.length && a[l] < a[m]) m = l;
                if (r < a.length && a[r] < a[m]) m = r;
                if (m === i) break;
                [a[m], a[i]] = [a[i], a[m]];
                i = m;
            }
        }
        return top;
    }
}

/** A cycle among the stacks left, walked from the first, and the line that reports it. */
function cycleOf(left: readonly StackDependencies[], byAccount: ReadonlyMap<string, StackDependencies>): DeployOrder {
    const pending = new Set(left.map((d) => d.account));
    const path: string[] = [];
    let at = left[0];
    while (!path.includes(at.account)) {
        path.push(at.account);
        const read = at.reads.find((r) => pending.has(r.account))!;
        at = byAccount.get(read.account)!;
    }
    const cycle = path.slice(path.indexOf(at.account));
    const steps = cycle.map((account, i) => {
        const next = cycle[(i + 1) % cycle.length];
        const roles = byAccount.get(account)!.reads.find((r) => r.account === next)!.roles;
        return `stack ${byAccount.get(account)!.stack} reads ${byAccount.get(next)!.stack} (role${roles.length > 1 ? "s" : ""} ${roles.join(", ")} in account ${account} trust${roles.length > 1 ? "" : "s"} principals of account ${next} in trust mode principal)`;
    });
    const roles = [...new Set(cycle.flatMap((account, i) => byAccount.get(account)!.reads.find((r) => r.account === cycle[(i + 1) % cycle.length])!.roles))];
    return {
        ok: false,
        cycle,
        problem: `the stacks cannot be deployed in any order: ${steps.join(", and ")}; set trustMode: principal-arn on one of ${roles.join(", ")} (it names the principal by ARN, reads no stack, and survives its recreation)`,
    };
}
