/**
 * The accounts of a config: `accounts` (name -> id), each account's stack (`stacks`), the stack's own
 * `account`, and what a source's `account` and a role's `accounts` may name. The two-account layout
 * (`targetAccountId`, `sourceAccountId`) is read in read.ts and handed over as the two accounts A and B.
 *
 * Names are checked so that none can stand for another: lowercase (no case twins), starting with a
 * letter (never an account id), `__proto__` refused (ObjectReader.entries), one name per id, one
 * account per stack. Every lookup is by exact name in a list, never through an object's prototype.
 */
import type { AccountLayout, NamedAccount, StackContext } from "../model/config";
import { keyPath, qualifiedStackName, stackOfAccount } from "../names";
import { ACCOUNT_NAME_RULE, MAX_ACCOUNTS, PROJECT_SPEC, StringRule } from "./keys";
import { ConfigProblems, ObjectReader, isPlainObject, stringProblem } from "./reader";

/** What the rest of the reader needs to know about the accounts. */
export interface AccountBook {
    layout: AccountLayout;
    /** The valid accounts, in config order. */
    accounts: NamedAccount[];
    /** Every name `accounts` declares, valid or not: a reference to an invalid one was reported already. */
    declared: string[];
    /** The stack of each valid account (its name, or `stacks.<account>`), unqualified. */
    stacks: Readonly<Record<string, string>>;
}

/** The named-accounts part of a config: the accounts, this stack's account, and each account's stack. */
export interface NamedAccounts extends AccountBook {
    /** This stack's account; undefined when it could not be told (reported). */
    account?: NamedAccount;
}

const F = PROJECT_SPEC.fields;

/**
 * Reads `accounts`, `stacks` and the stack's `account`. `raw` is the project namespace, decoded. Every
 * problem is recorded; what is valid is returned.
 */
export function readNamedAccounts(r: ObjectReader, raw: Record<string, unknown>, ctx: StackContext, problems: ConfigProblems): NamedAccounts {
    const accounts: NamedAccount[] = [];
    const declared: string[] = [];
    const a = r.object("accounts");
    if (a) {
        const entries = a.entries();
        declared.push(...entries.map(([name]) => name));
        if (entries.length > MAX_ACCOUNTS) problems.add("accounts", `${entries.length} entries`, `at most ${MAX_ACCOUNTS} accounts`);
        else if (entries.length < 2)
            problems.add(
                "accounts",
                a.value,
                'at least two named accounts, e.g. { tooling: "222222222222", prod: "111111111111" } (cross-account access needs two)',
            );
        const idRule = F.accounts.value.rule;
        const byId = new Map<string, NamedAccount>();
        for (const [name, value] of entries.slice(0, MAX_ACCOUNTS)) {
            const k = keyPath("accounts", name);
            const nameProblem = stringProblem(name, ACCOUNT_NAME_RULE);
            if (nameProblem !== undefined) {
                problems.addRule(k, `the key is an account name and is not a valid one; expected ${nameProblem}`);
                continue;
            }
            const id = a.checked(k, value, idRule);
            if (id === undefined) continue;
            const twin = byId.get(id);
            if (twin) {
                problems.add(k, id, `an id no other account has (${twin.name} has it): one account, one name, or a trust and a grant could name it twice`);
                continue;
            }
            accounts.push({ name, id });
            byId.set(id, { name, id });
        }
    }
    const stacks = readStacks(r, accounts, declared, problems);
    const account = readStackAccount(r, raw, ctx, accounts, declared, stacks, problems);
    return { layout: "named-accounts", accounts, declared, stacks, account };
}

/** `stacks`: the stack of each account not named after it. Every account must end up with its own stack. */
function readStacks(r: ObjectReader, accounts: readonly NamedAccount[], declared: readonly string[], problems: ConfigProblems): Record<string, string> {
    const configured: Record<string, string> = Object.create(null) as Record<string, string>;
    const s = r.object("stacks");
    if (s) {
        const entries = s.entries();
        if (entries.length > MAX_ACCOUNTS) problems.add("stacks", `${entries.length} entries`, `at most ${MAX_ACCOUNTS} entries`);
        const isDeclared = new Set(declared);
        for (const [name, value] of entries.slice(0, MAX_ACCOUNTS)) {
            const k = keyPath("stacks", name);
            if (!isDeclared.has(name)) {
                problems.addRule(k, `the key names no account; expected a key of accounts (${declared.join(", ") || "none"})`);
                continue;
            }
            const stack = s.checked(k, value, F.stacks.value.rule);
            if (stack !== undefined) configured[name] = stack;
        }
    }
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    const owner = new Map<string, string>();
    for (const { name } of accounts) {
        const stack = stackOfAccount(name, configured);
        const other = owner.get(stack);
        if (other !== undefined) {
            const [k, who] = Object.hasOwn(configured, name) ? [name, other] : [other, name];
            problems.add(
                keyPath("stacks", k),
                stackOfAccount(k, configured),
                `a stack no other account has (it is account ${who}'s stack); one stack per account`,
            );
            continue;
        }
        owner.set(stack, name);
        out[name] = stack;
    }
    return out;
}

/**
 * The stack's account: `account` when set, else the account whose stack this is. Both must agree: the
 * other stacks find this one by `stacks` (or the account's name), never by this stack's own file.
 */
function readStackAccount(
    r: ObjectReader,
    raw: Record<string, unknown>,
    ctx: StackContext,
    accounts: readonly NamedAccount[],
    declared: readonly string[],
    stacks: Readonly<Record<string, string>>,
    problems: ConfigProblems,
): NamedAccount | undefined {
    const owner = accounts.find((x) => stacks[x.name] === ctx.stack);
    const names = declared.join(", ") || "none";
    if (raw.account === undefined || raw.account === null) {
        if (owner) return owner;
        // No account declared at all: `accounts` itself was reported.
        if (accounts.length > 0) {
            const named = accounts.find((x) => x.name === ctx.stack);
            problems.addRule(
                "account",
                named
                    ? `not set, and stack "${ctx.stack}" is not account ${named.name}'s stack (stacks.${named.name} is ${stacks[named.name]}); deploy account ${named.name} from stack ${stacks[named.name]}, or set stacks.${named.name} in Pulumi.yaml`
                    : `not set and stack "${ctx.stack}" is the stack of no account (accounts: ${names}); name the stack after its account, or set stacks.<account>: ${ctx.stack} in Pulumi.yaml`,
            );
        }
        return undefined;
    }
    const name = r.checked("account", raw.account, { ...(F.account.rule as StringRule), expected: `one of the accounts (${names})` });
    if (name === undefined) return undefined;
    if (!declared.includes(name)) {
        problems.add("account", name, `one of the accounts (${names})`);
        return undefined;
    }
    const named = accounts.find((x) => x.name === name);
    if (!named) return undefined;
    if (stacks[name] !== ctx.stack) {
        problems.add(
            "account",
            name,
            `the account whose stack this is: account ${name}'s stack is ${stacks[name]}${owner ? `, and stack ${ctx.stack} is account ${owner.name}'s` : ""}; other stacks read account ${name} from stack ${stacks[name]}, so set stacks.${name}: ${ctx.stack} in Pulumi.yaml to deploy it from here`,
        );
        return undefined;
    }
    return named;
}

/**
 * Reads the account a source lives in (`sources.<key>.account`), named accounts only: required, one of
 * `accounts`. Undefined when missing or invalid (reported, unless it names an invalid account, which
 * was reported under accounts).
 */
export function readSourceAccount(s: ObjectReader, book: AccountBook): string | undefined {
    const k = keyPath(s.key, "account");
    // `accounts` declares none (reported there): every name would be refused, one line each, for one mistake.
    if (book.declared.length === 0) return undefined;
    const names = book.declared.join(", ");
    if (!s.has("account")) {
        s.problems.addRule(k, `not set; expected the name of the account the source lives in (one of ${names})`);
        return undefined;
    }
    const name = s.checked(k, s.value.account, { ...ACCOUNT_NAME_RULE, expected: `one of the accounts (${names})` });
    if (name === undefined) return undefined;
    if (!book.declared.includes(name)) {
        s.problems.add(k, name, `one of the accounts (${names})`);
        return undefined;
    }
    return book.accounts.some((a) => a.name === name) ? name : undefined;
}

/**
 * Reads the accounts a role is deployed to (`targetRoles.<name>.accounts`), named accounts only: a
 * non-empty list of names of `accounts`, no duplicates, at most MAX_ACCOUNTS.
 */
export function readRoleAccounts(t: ObjectReader, book: AccountBook, spec: { nonEmpty?: boolean; maxItems?: number }): string[] | undefined {
    const k = keyPath(t.key, "accounts");
    if (book.declared.length === 0) return undefined;
    const names = book.declared.join(", ");
    if (!t.has("accounts")) {
        t.problems.addRule(k, `not set; expected a list of the accounts the role is deployed to (of ${names})`);
        return undefined;
    }
    const list = t.stringList("accounts", { ...ACCOUNT_NAME_RULE, expected: `names of accounts (${names})`, nonEmpty: spec.nonEmpty, maxItems: spec.maxItems });
    if (list === undefined) return undefined;
    let ok = true;
    // Sets, not scans: a role may be deployed to 1000 accounts.
    const declared = new Set(book.declared);
    const valid = new Set(book.accounts.map((a) => a.name));
    list.forEach((name, i) => {
        if (!declared.has(name)) {
            t.problems.add(keyPath(k, i), name, `one of the accounts (${names})`);
            ok = false;
        } else if (!valid.has(name)) ok = false;
    });
    return ok ? list : undefined;
}

/** The fully qualified stack of each account that holds sources, by account name. */
export function sourceStacksOf(
    ctx: Pick<StackContext, "organization" | "project">,
    stacks: Readonly<Record<string, string>>,
    sourceAccounts: readonly string[],
): Record<string, string> {
    const out: Record<string, string> = {};
    for (const account of sourceAccounts) if (Object.hasOwn(stacks, account)) out[account] = qualifiedStackName(ctx.organization, ctx.project, stacks[account]);
    return out;
}

/** True when the decoded project namespace names its accounts (`accounts` is set): the named-accounts layout. */
export function isNamedAccounts(raw: Record<string, unknown>): boolean {
    return raw.accounts !== undefined && raw.accounts !== null;
}

/** The account names a raw `accounts` value declares, for tools that read stack files before parsing them. */
export function declaredAccountNames(raw: unknown): string[] {
    return isPlainObject(raw) ? Object.keys(raw) : [];
}
