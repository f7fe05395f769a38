/**
 * Configuration: the one place where raw Pulumi config becomes a typed, validated model.
 *
 * `parseConfig` is pure. It takes the flat config map Pulumi hands the program
 * (`namespace:key` -> string, objects as JSON), checks every rule, and either returns a
 * `CrossAccountConfig` or throws one `ConfigError` listing every problem, one line each,
 * naming the key, the bad value and what is expected. Nothing is declared before this runs.
 */
import { ACCOUNT_ID_PATTERN } from "../iam/patterns";
import { IAM_LIMITS } from "../iam/limits";
import type {
    AccountLayout,
    CrossAccountConfig,
    IdentityCenterConfig,
    NamedAccount,
    Side,
    SourceSpec,
    StackContext,
    StackSide,
    TargetRoleSpec,
} from "../model/config";
import { TWO_ACCOUNT_NAMES, keyPath } from "../names";
import { ConfigError } from "../errors";
import { deployOrder, stackDependencies } from "../deploy-order";
import { checkQuotas } from "../quotas";
import type { OrganizationSpec } from "../model/organization";
import { permissionSetsWrittenIn, rolesDeclaredIn, stackSetAccount } from "../policies/accounts";
import { AccountBook, readNamedAccounts, sourceStacksOf } from "./accounts";
import { KeySpec, PROJECT_KEYS, PROJECT_SPEC, PROVIDER_SPEC, StringRule, layoutFieldNames } from "./keys";
import { ConfigProblems, ObjectReader, isPlainObject, layoutProblem, stringProblem } from "./reader";
import { checkOrganizationGrantSizes, checkOrganizationRoles, readOrganization } from "./organization";
import { checkCreatedLogGroups, checkKmsKeys, checkNamesIgnoringCase, checkOverlappingTrust, checkProfileNames } from "./rules";
import { sideOfStackName, sourceStackName } from "./side";
import { closestKey, didYouMean } from "./typos";
import { readIdentityCenter } from "./identity-center";
import { readSources } from "./sources";
import { readTargetRoles } from "./target-roles";

/** Config keys whose values are secrets (the key table's `secret: true`): never shown in a message. */
const SECRET_KEYS = Object.entries(PROJECT_SPEC.fields as Record<string, KeySpec>)
    .filter(([, spec]) => spec.secret)
    .map(([name]) => name);

/**
 * Parses and validates the flat Pulumi config map. Throws one ConfigError with every problem.
 * @param all `namespace:key` -> value, as `pulumi.runtime.allConfig()` returns it.
 */
export function parseConfig(all: Record<string, string>, ctx: StackContext): CrossAccountConfig {
    const problems = new ConfigProblems(SECRET_KEYS);
    const config = readConfig(all, ctx, problems);
    // A key holding the secret's text (a name, a condition value) would show it where its own value is shown.
    if (problems.count > 0 || !config) throw new ConfigError(hideSecrets(problems.list, secretTexts(all, `${ctx.project}:externalIds`)));
    const quota = [...checkQuotas(config), ...checkOrganizationGrantSizes(config)];
    if (quota.length > 0) throw new ConfigError(quota, "IAM quotas exceeded");
    return config;
}

/** Like parseConfig but returns the problems instead of throwing (for tests and tools). */
export function validateConfig(all: Record<string, string>, ctx: StackContext): string[] {
    try {
        parseConfig(all, ctx);
        return [];
    } catch (e) {
        if (ConfigError.isConfigError(e)) return [...e.problems];
        throw e;
    }
}

function readConfig(all: Record<string, string>, ctx: StackContext, problems: ConfigProblems): CrossAccountConfig | undefined {
    const ns = ctx.project;
    // The layout decides which keys the unknown-key message lists: `accounts` set means named accounts.
    const named = all[`${ns}:accounts`] !== undefined;
    const layout: AccountLayout = named ? "named-accounts" : "two-account";
    const raw: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(all)) {
        const sep = fullKey.indexOf(":");
        const namespace = fullKey.slice(0, sep);
        const key = fullKey.slice(sep + 1);
        if (namespace !== ns) {
            checkOtherNamespace(fullKey, namespace, key, ns, problems);
            continue;
        }
        if (!(PROJECT_KEYS as readonly string[]).includes(key)) {
            problems.addRule(
                key,
                `unknown key in namespace "${ns}"${didYouMean(key, layoutFieldNames(PROJECT_SPEC, layout))}; expected one of ${layoutFieldNames(PROJECT_SPEC, layout).join(", ")}`,
            );
            continue;
        }
        const only = (PROJECT_SPEC.fields as Record<string, KeySpec>)[key].onlyIn;
        if (only && only.layout !== layout) {
            problems.addRule(key, layoutProblem(only));
            continue;
        }
        raw[key] = decodeValue(value);
    }
    const r = new ObjectReader("", raw, problems);
    const place = named ? readNamedPlacement(r, raw, all, ctx, problems) : readTwoAccountPlacement(r, raw, all, ctx, problems);
    const { book, account } = place;
    const partition = place.partition;
    const region = place.region;

    const trustPolicySize = r.integerKey("trustPolicySizeLimit", PROJECT_SPEC.fields.trustPolicySizeLimit) ?? IAM_LIMITS.trustPolicySizeDefault;
    const managedPoliciesPerRole =
        r.integerKey("managedPoliciesPerRoleLimit", PROJECT_SPEC.fields.managedPoliciesPerRoleLimit) ?? IAM_LIMITS.managedPoliciesPerRoleDefault;

    const sources = readSources(r.object("sources"), raw.sources, book, partition, problems);
    const declaredSso = isPlainObject(raw.sources)
        ? Object.entries(raw.sources)
              .filter(([, v]) => isPlainObject(v) && v.kind === "sso-permission-set")
              .map(([k]) => k)
        : [];
    const identityCenter = readIdentityCenter(r.object("identityCenter"), raw.identityCenter, sources, declaredSso, book, problems);
    const externalIds = readExternalIds(r.object("externalIds"), problems);
    if (ctx.secretKeys && isPlainObject(raw.externalIds)) {
        for (const role of plainTextExternalIds(Object.keys(raw.externalIds), `${ns}:externalIds`, ctx.secretKeys)) {
            problems.addRule(
                keyPath("externalIds", role),
                `stored in plain text in the stack's config; an ExternalId must be a Pulumi secret: \`pulumi config set --secret --path '${keyPath("externalIds", role)}' <value>\``,
            );
        }
    }
    // Every text of the config once, not once per role: with many roles each holding an ExternalId, per role was quadratic.
    const otherText = Object.keys(externalIds).length > 0 ? configText(all, `${ns}:externalIds`) : new Set<string>();
    for (const role of Object.keys(externalIds).filter((role) => otherText.has(externalIds[role]))) {
        problems.addRule(
            keyPath("externalIds", role),
            "the ExternalId is also other text of this config (a name, an id or another value): hiding it in messages and outputs would hide that text too, and so tell a reader the secret; choose one that appears nowhere else, e.g. `openssl rand -hex 16`",
        );
    }
    const targetRoles = readTargetRoles(
        r.object("targetRoles"),
        raw.targetRoles,
        sources,
        isPlainObject(raw.sources) ? raw.sources : {},
        isPlainObject(raw.externalIds) ? raw.externalIds : {},
        { book, deploysRole: place.deploysRole },
        problems,
    );

    const organization = readOrganization(r.object("organization"), problems, book);
    const targetAccountId = named ? undefined : book.accounts.find((a) => a.name === TWO_ACCOUNT_NAMES.target)?.id;
    checkOrganizationRoles(targetRoles, raw.targetRoles, organization, raw.organization, ctx.project, targetAccountId, problems);
    if (named && organization) checkStackSetAccount(book, organization, targetRoles, problems);
    checkCreatedLogGroups(targetRoles, problems);
    checkKmsKeys(targetRoles, (role) => kmsKeyAccounts(role, book, targetAccountId), partition, problems);
    checkNamesIgnoringCase(sources, targetRoles, problems);
    checkProfileNames(sources, targetRoles, problems, layout);
    checkOverlappingTrust(sources, targetRoles, (name) => book.accounts.find((a) => a.name === name)?.id, layout, problems, partition);

    if (named) checkDeployOrder(book, sources, targetRoles, organization, problems);
    const side = named ? namedSide(account, sources, targetRoles, organization, identityCenter, book, problems) : place.side;
    if (!side || !account || !region || (!named && book.accounts.length < 2)) return undefined;
    const sourceStacks = named
        ? sourceStacksOf(ctx, book.stacks, [...new Set(sources.map((s) => s.account))])
        : { [TWO_ACCOUNT_NAMES.source]: place.sourceStack! };
    return {
        layout,
        side,
        project: ctx.project,
        stack: ctx.stack,
        partition,
        region,
        accounts: book.accounts,
        account,
        sourceStacks,
        ...(named ? {} : { sourceStack: place.sourceStack }),
        sources,
        ...(identityCenter ? { identityCenter } : {}),
        targetRoles,
        ...(organization ? { organization } : {}),
        externalIds,
        limits: { trustPolicySize, managedPoliciesPerRole },
    };
}

/** Where the accounts and this stack come from, read by layout: what the rest of the reader builds on. */
interface Placement {
    book: AccountBook;
    account?: NamedAccount;
    /** Two-account layout: the side, from `side` or the stack name. Named accounts: decided by what the account holds. */
    side?: StackSide;
    sourceStack?: string;
    partition: string;
    region?: string;
    /** Whether this stack deploys a role deployed to these accounts (then it needs the role's ExternalId). */
    deploysRole: (accounts: readonly string[]) => boolean;
}

/**
 * The two-account layout, exactly as it has always been read (and in this order, so its messages come in
 * the same order): `side`, `sourceAccountId`, `targetAccountId`, `partition`, `aws:region`,
 * `aws:allowedAccountIds`, `sourceStack`. The accounts are A (target) and B (source).
 */
function readTwoAccountPlacement(
    r: ObjectReader,
    raw: Record<string, unknown>,
    all: Record<string, string>,
    ctx: StackContext,
    problems: ConfigProblems,
): Placement {
    // Side: from the stack name, or from `side` for any other stack name.
    const sideFromConfig = r.enumKey("side", PROJECT_SPEC.fields.side);
    const sideFromStack = sideOfStackName(ctx.stack);
    let side: Side | undefined = sideFromConfig ?? sideFromStack;
    if (raw.side === undefined && !sideFromStack) {
        problems.addRule(
            "side",
            `not set and stack "${ctx.stack}" is neither account-a nor account-b; set it with \`pulumi config set side source\` (account B) or \`target\` (account A)`,
        );
    } else if (sideFromConfig && sideFromStack && sideFromConfig !== sideFromStack) {
        problems.add("side", sideFromConfig, `"${sideFromStack}" for stack ${ctx.stack}, or a stack name other than account-a/account-b`);
        side = undefined;
    }

    const sourceAccountId = requireAccount(r, "sourceAccountId");
    const targetAccountId = requireAccount(r, "targetAccountId");
    if (sourceAccountId && targetAccountId && sourceAccountId === targetAccountId) {
        problems.add("targetAccountId", targetAccountId, "an account other than sourceAccountId (this program wires two different accounts)");
    }
    const partition = r.enumKey("partition", PROJECT_SPEC.fields.partition) ?? PROJECT_SPEC.fields.partition.default;
    const region = readRegion(all, problems);
    checkAllowedAccounts(all["aws:allowedAccountIds"], side === "source" ? sourceAccountId : side === "target" ? targetAccountId : undefined, side, problems);

    const sourceStack = sourceStackName(ctx.organization, ctx.project, r.stringKey("sourceStack", PROJECT_SPEC.fields.sourceStack));
    const target: NamedAccount | undefined = targetAccountId === undefined ? undefined : { name: TWO_ACCOUNT_NAMES.target, id: targetAccountId };
    const source: NamedAccount | undefined = sourceAccountId === undefined ? undefined : { name: TWO_ACCOUNT_NAMES.source, id: sourceAccountId };
    const accounts = [target, source].filter((a): a is NamedAccount => a !== undefined);
    const book: AccountBook = {
        layout: "two-account",
        accounts,
        declared: [TWO_ACCOUNT_NAMES.target, TWO_ACCOUNT_NAMES.source],
        stacks: {},
    };
    return {
        book,
        account: side === "target" ? target : side === "source" ? source : undefined,
        side,
        sourceStack,
        partition,
        region,
        // Only account A writes the ExternalId into a trust policy; account B (often a vendor) need not know it.
        deploysRole: () => side !== "source",
    };
}

/** Named accounts: `accounts`, `stacks` and the stack's `account`, then `partition`, `aws:region` and `aws:allowedAccountIds`. */
function readNamedPlacement(
    r: ObjectReader,
    raw: Record<string, unknown>,
    all: Record<string, string>,
    ctx: StackContext,
    problems: ConfigProblems,
): Placement {
    const book = readNamedAccounts(r, raw, ctx, problems);
    const partition = r.enumKey("partition", PROJECT_SPEC.fields.partition) ?? PROJECT_SPEC.fields.partition.default;
    const region = readRegion(all, problems);
    const account = book.account;
    checkNamedAllowedAccounts(all["aws:allowedAccountIds"], account, book.accounts, problems);
    return {
        book,
        account,
        partition,
        region,
        // The stacks of the accounts a role is deployed to write its ExternalId; an unknown stack account is checked as one of them.
        deploysRole: (accounts) => account === undefined || accounts.includes(account.name),
    };
}

/**
 * Named accounts: the stacks must be deployable in some order (lib/deploy-order.ts). Two accounts whose
 * roles each read the other's stack can never both go first; every stack says so, with the fix.
 */
function checkDeployOrder(
    book: AccountBook,
    sources: SourceSpec[],
    targetRoles: TargetRoleSpec[],
    organization: OrganizationSpec | undefined,
    problems: ConfigProblems,
): void {
    const order = deployOrder(
        stackDependencies({ layout: "named-accounts", accounts: book.accounts, sources, targetRoles, ...(organization ? { organization } : {}) }, book.stacks),
    );
    if (!order.ok) problems.addRule("targetRoles", order.problem);
}

/**
 * Named accounts: the StackSets of roles deployed to whole OUs are declared by the stack of the management account
 * (or of the delegated administrator), so that account must be one of `accounts`.
 */
function checkStackSetAccount(book: AccountBook, organization: OrganizationSpec, roles: readonly TargetRoleSpec[], problems: ConfigProblems): void {
    const units = roles.filter((r) => r.organizationalUnits !== undefined);
    if (units.length === 0 || stackSetAccount({ accounts: book.accounts, organization }) !== undefined) return;
    const key = organization.callAs === "SELF" ? "organization.managementAccount" : "organization.delegatedAdministrator";
    problems.add(
        key,
        organization.stackSetAccountId,
        `one of the accounts (${book.accounts.map((a) => a.name).join(", ")}): its stack creates the StackSet of role ${units.map((r) => r.name).join(", ")}; add the account to accounts, or name one of them`,
    );
}

/**
 * The accounts whose KMS keys a role's S3 presets may name: account A's (two-account), or those of the
 * accounts the role is deployed to (named accounts; a role deployed to whole OUs is not checked, its
 * accounts are not known here).
 */
function kmsKeyAccounts(role: TargetRoleSpec, book: AccountBook, targetAccountId: string | undefined): { ids: string[]; expected: string } | undefined {
    if (book.layout === "two-account") return targetAccountId ? { ids: [targetAccountId], expected: `a key of targetAccountId ${targetAccountId}` } : undefined;
    const deployedTo = new Set(role.accounts);
    const accounts = book.accounts.filter((a) => deployedTo.has(a.name));
    if (accounts.length === 0) return undefined;
    return {
        ids: accounts.map((a) => a.id),
        expected: `a key of ${accounts.length === 1 ? "account" : "one of the accounts"} ${accounts.map((a) => `${a.name} (${a.id})`).join(", ")} the role is deployed to`,
    };
}

/** `aws:region`: required, an AWS region. */
function readRegion(all: Record<string, string>, problems: ConfigProblems): string | undefined {
    const regionKey = PROVIDER_SPEC.fields.region;
    const region = all["aws:region"];
    if (region === undefined || region === "") {
        const typo = closestKey(
            "region",
            awsKeysOf(all).filter((k) => !AWS_KEYS.includes(k)),
        );
        problems.addRule("aws:region", `not set; expected ${regionKey.required}${typo === undefined ? "" : `; aws:${typo} is set: a typo of aws:region?`}`);
    } else {
        const problem = stringProblem(region, regionKey.rule);
        if (problem !== undefined) problems.add("aws:region", region, problem);
    }
    return region === "" ? undefined : region;
}

/**
 * What a stack with named accounts deploys: the sources that live in its account (and, in the Identity Center
 * administration account, the inline policies of the permission sets it writes: the source side), the roles
 * deployed to it, or both. Neither is a mistake (a stack that would create nothing).
 */
function namedSide(
    account: NamedAccount | undefined,
    sources: readonly SourceSpec[],
    roles: readonly TargetRoleSpec[],
    organization: OrganizationSpec | undefined,
    identityCenter: IdentityCenterConfig | undefined,
    book: AccountBook,
    problems: ConfigProblems,
): StackSide | undefined {
    if (!account) return undefined;
    // A source or role with a problem was left out (and reported): what the stack holds cannot be told.
    if (problems.list.some((line) => /^(sources|targetRoles|accounts|organization|identityCenter)\b/.test(line))) return undefined;
    const holdsSources =
        sources.some((s) => s.account === account.name) ||
        permissionSetsWrittenIn({ sources: [...sources], accounts: book.accounts, ...(identityCenter ? { identityCenter } : {}) }, account.name).length > 0;
    const holdsRoles =
        rolesDeclaredIn({ layout: "named-accounts", targetRoles: [...roles], accounts: book.accounts, ...(organization ? { organization } : {}) }, account.name)
            .length > 0;
    if (holdsSources && holdsRoles) return "both";
    if (holdsSources) return "source";
    if (holdsRoles) return "target";
    problems.addRule(
        "account",
        `account ${account.name} holds no source and no role is deployed to it, so this stack would create nothing; name it in sources.<key>.account or targetRoles.<role>.accounts, or remove the stack`,
    );
    return undefined;
}

/** The keys of the aws provider this program reads (`region`, `allowedAccountIds`). */
const AWS_KEYS: readonly string[] = Object.keys(PROVIDER_SPEC.fields);

/** The keys set in the `aws` namespace, without it. */
function awsKeysOf(all: Record<string, string>): string[] {
    return Object.keys(all)
        .filter((k) => k.startsWith("aws:"))
        .map((k) => k.slice("aws:".length));
}

/**
 * A key outside the project's namespace is not this program's, with two exceptions that would
 * otherwise go unnoticed: a namespace that misspells the project's, or holds one of its keys (every key
 * in it is ignored: a Pulumi.yaml copied under another project name), and an `aws:` key that misspells one this program reads (`aws:allowedAccountId`: the account guard is
 * then off). A misspelt `aws:region` is named by the "not set" message of aws:region instead.
 */
function checkOtherNamespace(fullKey: string, namespace: string, key: string, project: string, problems: ConfigProblems): void {
    if (namespace === "aws") {
        const meant = closestKey(key, AWS_KEYS);
        if (meant !== undefined && meant !== "region" && !AWS_KEYS.includes(key)) {
            problems.addRule(
                fullKey,
                `not a key this program reads (did you mean aws:${meant}?); without aws:${meant} the aws provider may deploy into any account`,
            );
        }
        return;
    }
    // A misspelt namespace, or one of this program's keys under another project's name (a copied Pulumi.yaml).
    if (closestKey(namespace, [project]) !== undefined || (PROJECT_KEYS as readonly string[]).includes(key)) {
        problems.addRule(
            fullKey,
            `namespace "${namespace}" is not this project's (did you mean ${project}:${key}?); project ${project} reads only keys of namespace "${project}" and aws:, so this value is ignored`,
        );
    }
}

/**
 * The roles whose ExternalId is kept in plain text. `secretKeys` names secret config keys: top-level
 * (`ns:externalIds`, as the Pulumi CLI passes them: secret when any value inside is) and, where known
 * (the offline renderer reads the stack files), each secret path (`ns:externalIds.<role>`). With paths,
 * each role's value is judged by its own; without, by the key's.
 */
function plainTextExternalIds(roles: readonly string[], key: string, secretKeys: readonly string[]): string[] {
    const paths = secretKeys.filter((k) => k.startsWith(`${key}.`));
    if (paths.length === 0) return secretKeys.includes(key) ? [] : [...roles];
    return roles.filter((role) => !paths.includes(`${key}.${role}`));
}

/**
 * Every piece of text in the config other than the values under `secretKey`: keys and values, whole, and
 * split where a hidden secret may be cut out of text (tools/shared/redact.ts hides it as a whole token:
 * delimited by characters an ExternalId cannot hold, such as white space and quotes).
 */
function configText(all: Record<string, string>, secretKey: string): Set<string> {
    const out = new Set<string>();
    const add = (text: string) => {
        out.add(text);
        for (const part of text.split(/[^\w+=,.@:/-]+/)) if (part !== "") out.add(part);
    };
    const walk = (v: unknown, depth: number): void => {
        if (depth > 64) return;
        if (typeof v === "string" || typeof v === "number") add(String(v));
        else if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
        else if (isPlainObject(v)) {
            for (const [k, x] of Object.entries(v)) {
                add(k);
                walk(x, depth + 1);
            }
        }
    };
    for (const [key, value] of Object.entries(all)) {
        add(key);
        if (key === secretKey) {
            const ids = decodeValue(value);
            if (isPlainObject(ids)) Object.keys(ids).forEach(add);
            continue;
        }
        walk(decodeValue(value), 0);
    }
    return out;
}

/** The shortest text redacted in messages: shorter strings under externalIds are refused as ExternalIds, and hiding them would garble words. */
const SHORTEST_HIDDEN_SECRET = 4;

/** Every string held under `externalIds`, whatever its shape (a map, a bare string, a list), longest first: what no message may show. */
function secretTexts(all: Record<string, string>, key: string): string[] {
    const value = all[key];
    if (value === undefined) return [];
    const out = new Set<string>([value]);
    const walk = (v: unknown, depth: number): void => {
        if (depth > 64) return;
        if (typeof v === "string") out.add(v);
        else if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
        else if (isPlainObject(v)) Object.values(v).forEach((x) => walk(x, depth + 1));
    };
    walk(decodeValue(value), 0);
    return [...out].filter((s) => s.length >= SHORTEST_HIDDEN_SECRET).sort((a, b) => b.length - a.length);
}

/**
 * Problem lines with every secret text replaced by `[secret]` after the key path (the key stays readable:
 * an ExternalId equal to a role name is refused by a line that names that role's key).
 */
function hideSecrets(lines: readonly string[], secrets: readonly string[]): string[] {
    return lines.map((line) => {
        const cut = [line.indexOf(" = "), line.indexOf(": ")].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), line.length);
        const rest = secrets.reduce((text, secret) => text.split(secret).join("[secret]"), line.slice(cut));
        return line.slice(0, cut) + rest;
    });
}

/** Pulumi hands every value over as a string; objects and lists arrive as JSON text. */
export function decodeValue(value: string): unknown {
    const t = value.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
        try {
            return JSON.parse(t);
        } catch {
            return value;
        }
    }
    return value;
}

function requireAccount(r: ObjectReader, name: "sourceAccountId" | "targetAccountId"): string | undefined {
    return r.requireKey(name, PROJECT_SPEC.fields[name]) ? r.stringKey(name, PROJECT_SPEC.fields[name]) : undefined;
}

function checkAllowedAccounts(raw: string | undefined, ownAccount: string | undefined, side: Side | undefined, problems: ConfigProblems): void {
    if (raw === undefined) return;
    const decoded = decodeValue(raw);
    if (!Array.isArray(decoded) || decoded.some((a) => typeof a !== "string" || !ACCOUNT_ID_PATTERN.test(a))) {
        const short = Array.isArray(decoded)
            ? (decoded as unknown[]).map((a) => (typeof a === "number" || typeof a === "string" ? String(a) : "")).find((a) => /^\d{10,11}$/.test(a))
            : undefined;
        const hint =
            short === undefined ? "" : `; ${short} has ${short.length} digits: quote ids that start with 0 in YAML, which otherwise drops the leading zeros`;
        problems.add("aws:allowedAccountIds", decoded, `a list of 12-digit AWS account ids${hint}`);
        return;
    }
    if (ownAccount && !decoded.includes(ownAccount)) {
        const which = side === "source" ? "sourceAccountId" : "targetAccountId";
        problems.add("aws:allowedAccountIds", decoded, `a list that includes ${which} ${ownAccount}, the account this ${side} stack deploys into`);
    }
}

/**
 * Named accounts: `aws:allowedAccountIds`, when set, must include the id of this stack's account and no
 * other named account's (a stack deploys into exactly one of them).
 */
function checkNamedAllowedAccounts(raw: string | undefined, own: NamedAccount | undefined, accounts: readonly NamedAccount[], problems: ConfigProblems): void {
    if (raw === undefined) return;
    const decoded = decodeValue(raw);
    if (!Array.isArray(decoded) || decoded.some((a) => typeof a !== "string" || !ACCOUNT_ID_PATTERN.test(a))) {
        checkAllowedAccounts(raw, undefined, undefined, problems);
        return;
    }
    if (!own) return;
    if (!decoded.includes(own.id)) {
        problems.add("aws:allowedAccountIds", decoded, `a list that includes ${own.id}, the id of account ${own.name}, which this stack deploys into`);
        return;
    }
    const others = accounts.filter((a) => a.name !== own.name && decoded.includes(a.id));
    if (others.length > 0) {
        problems.add(
            "aws:allowedAccountIds",
            decoded,
            `only the id of account ${own.name} among the named accounts (it also lists ${others.map((a) => `${a.name}'s ${a.id}`).join(", ")}); a stack deploys into exactly one account`,
        );
    }
}

export function readExternalIds(r: ObjectReader | undefined, problems: ConfigProblems): Record<string, string> {
    // No prototype: a role named like an Object method (toString) must not find one here.
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    if (!r) return out;
    const rule = PROJECT_SPEC.fields.externalIds.value.rule as Required<StringRule>;
    for (const [role, value] of r.entries()) {
        const k = keyPath(r.key, role);
        if (typeof value !== "string") {
            problems.add(k, value, "a string (set it with `pulumi config set --secret --path`)");
        } else if (value.length < rule.min || value.length > rule.max || !rule.pattern.test(value)) {
            problems.add(k, value, rule.expected);
        } else out[role] = value;
    }
    return out;
}
