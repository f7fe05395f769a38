/**
 * verify with named accounts (issue 16), pure part: reads the outputs of the target stacks (one per account, side
 * target or both), finds which source of which account the caller is, and plans one check per (role, account) the
 * caller's source is granted; the others are "not granted" (skipped, or failed when asked for by --role or --account).
 */
import { isPlainObject } from "../../lib/config/reader";
import type { RoleClientConfig, TargetRoleOutput, TrustRequirementOutput } from "../../lib/model/outputs";
import type { Wording } from "./explain";
import { NAMED_TARGET_OUTPUTS_SHAPE, shapeProblems } from "./outputs-shape";
import { Caller, HIDDEN_SECRET, MAX_OUTPUTS_CHARS, SourceMatch, VerifyInputError, matchSource } from "./probes";

/** The outputs of one named account's target stack, as verify reads them. */
export interface AccountStackInput {
    /** Where they came from, for messages: `--outputs dev.json`, `stack dev`. */
    origin: string;
    /** The stack to name in `pulumi up -s`: the --stack given, else the account's name (a stack is named after its account unless `stacks` says otherwise). */
    stack: string;
    account: string;
    accountId: string;
    roles: Record<string, TargetRoleOutput>;
    clientConfig: Record<string, RoleClientConfig> | undefined;
    clientConfigHidden: boolean;
    /** The stack read for each source account, by account name. */
    sourceStacks: Record<string, string>;
}

/** True when outputs text is a named account's stack's (it says its `account`); false for account-a's, or anything unreadable. */
export function isNamedAccountOutputs(text: string): boolean {
    if (text.length > MAX_OUTPUTS_CHARS) return false;
    try {
        const raw: unknown = JSON.parse(text);
        return isPlainObject(raw) && typeof raw.account === "string";
    } catch {
        return false;
    }
}

/**
 * Reads one named account's target stack outputs, checked whole (outputs-shape.ts NAMED_TARGET_OUTPUTS_SHAPE); a
 * VerifyInputError naming where they came from, what is wrong and how to get the right input otherwise.
 */
export function parseAccountInput(text: string, origin: string, stack: string | undefined): AccountStackInput {
    const how = `\`pulumi stack output --json --show-secrets -s ${stack ?? "<stack>"}\``;
    if (text.length > MAX_OUTPUTS_CHARS)
        throw new VerifyInputError(`${origin}: the stack outputs are ${text.length} characters; verify reads at most ${MAX_OUTPUTS_CHARS}`);
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch {
        throw new VerifyInputError(`${origin}: the stack outputs are not JSON; expected the text of ${how}`);
    }
    if (!isPlainObject(raw)) throw new VerifyInputError(`${origin}: the stack outputs are not a JSON object; expected ${how}`);
    if (typeof raw.account !== "string") {
        throw new VerifyInputError(
            `${origin}: these outputs name no account (two-account outputs?); with several --outputs or --stack each must be a named account's target stack, and account-a's outputs are verified alone`,
        );
    }
    const account = raw.account;
    const own = `\`pulumi stack output --json --show-secrets -s ${stack ?? account}\``;
    if (raw.side === "source") {
        throw new VerifyInputError(
            `${origin}: these are the outputs of account ${account}'s source stack (side: source); verify needs the stacks whose roles the caller assumes (side target or both)`,
        );
    }
    const problems = shapeProblems(raw, NAMED_TARGET_OUTPUTS_SHAPE);
    if (problems.length > 0) {
        throw new VerifyInputError(
            `${origin}: account ${account}'s outputs are not what this version writes (${problems.length} problem${problems.length === 1 ? "" : "s"}); read them again with ${own}`,
            problems,
        );
    }
    return {
        origin,
        stack: stack ?? account,
        account,
        accountId: raw.targetAccountId as string,
        roles: raw.roles as Record<string, TargetRoleOutput>,
        clientConfig: isPlainObject(raw.clientConfig) ? (raw.clientConfig as Record<string, RoleClientConfig>) : undefined,
        clientConfigHidden: raw.clientConfig === HIDDEN_SECRET,
        sourceStacks: isPlainObject(raw.sourceStacks) ? (raw.sourceStacks as Record<string, string>) : {},
    };
}

/** Refuses an account given twice (two files of one stack, or two stacks of one account): one line each. */
export function duplicateAccountProblems(stacks: readonly AccountStackInput[]): string[] {
    const problems: string[] = [];
    for (const [i, s] of stacks.entries()) {
        const first = stacks.findIndex((o) => o.account === s.account || o.accountId === s.accountId);
        if (first < i) problems.push(`${s.origin}: account ${s.account} (${s.accountId}) is also in ${stacks[first].origin}; give each account's stack once`);
    }
    return problems;
}

/** One role in one account, and whether (and as which source) the caller is granted it. */
export interface AccountCheck {
    stack: AccountStackInput;
    roleName: string;
    role: TargetRoleOutput;
    /** The trusted source the caller is, when the role trusts one of the caller's account; undefined: not granted. */
    match: SourceMatch | undefined;
    /** True when --role or --account picked it: then "not granted" fails instead of being skipped. */
    asked: boolean;
}

/** What the caller picked: roles and accounts by name (each list empty for all). */
export interface AccountSelection {
    roles: readonly string[];
    accounts: readonly string[];
}

/** The names of --role and --account that no stack has, as one usage line each. */
export function unknownSelectionProblems(stacks: readonly AccountStackInput[], selection: AccountSelection): string[] {
    const roles = new Set(stacks.flatMap((s) => Object.keys(s.roles)));
    const accounts = stacks.map((s) => s.account);
    const origins = stacks.map((s) => s.account).join(", ");
    return [
        ...selection.roles.filter((r) => !roles.has(r)).map((r) => `no role ${r} in the outputs of ${origins} (roles: ${[...roles].join(", ") || "none"})`),
        ...selection.accounts.filter((a) => !accounts.includes(a)).map((a) => `--account ${a}: no outputs of that account were given (accounts: ${origins})`),
    ];
}

/**
 * Every (role, account) of the stacks that the selection picks, with the trusted source the caller is: only the
 * sources of the caller's own account are candidates (a source of another account is never the caller).
 */
export function planAccountChecks(stacks: readonly AccountStackInput[], caller: Caller, selection: AccountSelection): AccountCheck[] {
    const asked = selection.roles.length > 0 || selection.accounts.length > 0;
    const checks: AccountCheck[] = [];
    for (const stack of stacks) {
        if (selection.accounts.length > 0 && !selection.accounts.includes(stack.account)) continue;
        for (const [roleName, role] of Object.entries(stack.roles)) {
            if (selection.roles.length > 0 && !selection.roles.includes(roleName)) continue;
            const ofCaller = role.trustedSources.filter((t) => t.accountId === caller.account);
            const match = ofCaller.length > 0 ? matchSource(caller, ofCaller, caller.account) : undefined;
            checks.push({ stack, roleName, role, match, asked });
        }
    }
    return checks;
}

/** "account dev (333333333333)". */
export function accountLabel(stack: Pick<AccountStackInput, "account" | "accountId">): string {
    return `account ${stack.account} (${stack.accountId})`;
}

/** The trusted sources of a role, as "ci (tooling 222222222222)". */
export function describeTrusted(trusted: readonly TrustRequirementOutput[]): string {
    return trusted.map((t) => `${t.source} (${t.account ?? "?"} ${t.accountId ?? "?"})`).join(", ");
}

/** How a check's messages name its stacks and accounts: the target's, and those of the source the caller matched. */
export function wordingFor(check: AccountCheck): Wording {
    const { stack } = check;
    const sourceAccount = check.match?.trust.account ?? stack.account;
    const qualified = stack.sourceStacks[sourceAccount];
    return {
        targetStack: stack.stack,
        targetAccount: accountLabel(stack),
        targetAccountKey: `accounts.${stack.account} (${stack.accountId})`,
        sourceStack: qualified !== undefined ? qualified.split("/").pop()! : sourceAccount,
        sourceAccount: `account ${sourceAccount}`,
    };
}
