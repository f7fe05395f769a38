/**
 * `identityCenter`, and the rules between it and the `sso-permission-set` sources: the client snippets need
 * the access portal; a permission set's inline policy is written only by the stack of the Identity Center
 * administration account, for a permission set whose ARN it knows (two-account layout: account-b, so account B
 * must be that account; named accounts: the stack of `account`, which must then be one of `accounts`); and no
 * trusted permission set's pattern (`AWSReservedSSO_<name>_*`) may match the roles of another permission set that
 * is known here.
 */
import { IDENTITY_CENTER_INSTANCE_ARN_PATTERN, PERMISSION_SET_ARN_PATTERN } from "../iam/patterns";
import { identityCenterRoleNamePrefix } from "../iam/arns";
import type { IdentityCenterConfig, SourceSpec } from "../model/config";
import { TWO_ACCOUNT_NAMES, keyPath } from "../names";
import type { AccountBook } from "./accounts";
import { ACCOUNT_ID_RULE, IDENTITY_CENTER_SPEC } from "./keys";
import { ConfigProblems, ObjectReader } from "./reader";

const F = IDENTITY_CENTER_SPEC.fields;
type SsoSource = Extract<SourceSpec, { kind: "sso-permission-set" }>;

export function readIdentityCenter(
    r: ObjectReader | undefined,
    raw: unknown,
    sources: readonly SourceSpec[],
    /** Keys of the sources declared with kind sso-permission-set, valid or not (an invalid one was reported already). */
    declaredSso: readonly string[],
    book: AccountBook,
    problems: ConfigProblems,
): IdentityCenterConfig | undefined {
    const named = book.layout === "named-accounts";
    const sourceAccountId = named ? undefined : book.accounts.find((a) => a.name === TWO_ACCOUNT_NAMES.source)?.id;
    const sso = sources.filter((s): s is SsoSource => s.kind === "sso-permission-set");
    checkOneSourcePerPermissionSet(sso, problems);
    if (!r) {
        if (raw === undefined && declaredSso.length > 0) {
            problems.addRule(
                "identityCenter",
                `not set; expected { startUrl, region } of the IAM Identity Center that signs people in to ${named ? "the accounts" : "account B"} (source ${declaredSso.join(", ")} is an sso-permission-set, whose client snippets need an [sso-session])`,
            );
        }
        return undefined;
    }
    r.allowFields(IDENTITY_CENTER_SPEC);
    if (declaredSso.length === 0) {
        problems.addRule("identityCenter", "set, but no source is an sso-permission-set, so nothing reads it; remove it or add such a source");
    }
    r.requireKey("startUrl", F.startUrl);
    r.requireKey("region", F.region);
    const startUrl = r.stringKey("startUrl", F.startUrl);
    const region = r.stringKey("region", F.region);
    const sessionName = r.stringKey("sessionName", F.sessionName);
    const account = readAdministrationAccount(r, book);
    /** The stack that writes the permission sets' inline policies, in messages. */
    const writer = !named ? "account-b" : `the stack of account ${book.accounts.find((a) => a.id === account)?.name ?? account}`;
    const instanceArn = r.stringKey("instanceArn", F.instanceArn);
    const permissionSets = r.stringMap("permissionSets", F.permissionSets);
    const managing = r.has("instanceArn") || r.has("permissionSets");

    if (managing) {
        if (!r.has("instanceArn") || !r.has("permissionSets") || !r.has("account")) {
            problems.addRule(
                "identityCenter",
                `set instanceArn, permissionSets and account together (found ${["instanceArn", "permissionSets", "account"].filter((k) => r.has(k)).join(", ")}): ${named ? "the stack of the administration account writes" : "account-b writes"} a permission set's inline policy only in the administration account, for a permission set whose ARN it knows`,
            );
        } else if (named && account !== undefined && !book.accounts.some((a) => a.id === account)) {
            problems.add(
                keyPath("identityCenter", "account"),
                r.value.account,
                `one of the accounts (${book.declared.join(", ")}): its stack writes the inline policy of permission set ${Object.keys(permissionSets).join(", ") || "none"}; add the account to accounts, or remove instanceArn and permissionSets (each source's stack then outputs the grant for the administration account's admins to attach)`,
            );
        } else if (account !== undefined && sourceAccountId !== undefined && account !== sourceAccountId) {
            problems.addRule(
                "identityCenter",
                `account ${account} is the Identity Center administration account, and account-b deploys into ${sourceAccountId}, where no permission set can be written; remove instanceArn and permissionSets (account-b then outputs each grant for ${account}'s admins to attach), or set account to ${sourceAccountId} if that is the administration account`,
            );
        }
        const instanceId = instanceArn === undefined ? undefined : IDENTITY_CENTER_INSTANCE_ARN_PATTERN.exec(instanceArn)?.[1];
        for (const [name, arn] of Object.entries(permissionSets)) {
            const k = keyPath(keyPath("identityCenter", "permissionSets"), name);
            const of = PERMISSION_SET_ARN_PATTERN.exec(arn)?.[1];
            if (instanceId !== undefined && of !== instanceId) problems.add(k, arn, `a permission set of instance ${instanceId} (identityCenter.instanceArn)`);
            if (!sso.some((s) => s.permissionSet === name))
                problems.addRule(
                    k,
                    `no sso-permission-set source names permission set ${name}, so ${writer} would not write it; remove it or add such a source`,
                );
        }
        for (const s of sso) {
            // Own keys only: a permission set named constructor or toString must not find Object's.
            const listed = (o: unknown) => typeof o === "object" && o !== null && Object.prototype.hasOwnProperty.call(o, s.permissionSet);
            if (r.has("permissionSets") && !listed(permissionSets) && !listed(r.value.permissionSets)) {
                problems.add(
                    keyPath(keyPath("sources", s.key), "permissionSet"),
                    s.permissionSet,
                    `a key of identityCenter.permissionSets (${Object.keys(permissionSets).join(", ") || "none"}): ${writer} writes the AssumeRole grant into that permission set`,
                );
            }
        }
    }
    checkPatternsApart(sso, Object.keys(permissionSets), problems);
    if (startUrl === undefined || region === undefined || sessionName === undefined) return undefined;
    return {
        startUrl,
        region,
        sessionName,
        ...(account !== undefined ? { account } : {}),
        ...(managing && instanceArn !== undefined ? { instanceArn } : {}),
        permissionSets: managing ? permissionSets : {},
    };
}

/**
 * `identityCenter.account`, as an id. Two-account layout: a 12-digit id. Named accounts: the name of one of
 * `accounts`, or a 12-digit id (an administration account this config deploys nothing to, named in outputs only).
 */
function readAdministrationAccount(r: ObjectReader, book: AccountBook): string | undefined {
    const byId = { ...F.account, rule: ACCOUNT_ID_RULE };
    if (book.layout !== "named-accounts") return r.stringKey("account", byId);
    const value = r.value.account;
    const named = typeof value === "string" ? book.accounts.find((a) => a.name === value) : undefined;
    if (named) return named.id;
    // A declared but invalid account name was reported under accounts.
    if (typeof value === "string" && book.declared.includes(value)) return undefined;
    return r.stringKey("account", {
        ...byId,
        rule: { ...ACCOUNT_ID_RULE, expected: `${ACCOUNT_ID_RULE.expected}, or the name of one of the accounts (${book.declared.join(", ")})` },
    });
}

/** One source per permission set: two would stand for the same roles of B (and share one inline policy). */
function checkOneSourcePerPermissionSet(sso: readonly SsoSource[], problems: ConfigProblems): void {
    sso.forEach((s, i) => {
        const first = sso.findIndex((o) => o.permissionSet === s.permissionSet);
        if (first < i) {
            problems.add(
                keyPath(keyPath("sources", s.key), "permissionSet"),
                s.permissionSet,
                `a permission set no other source names (source ${sso[first].key} stands for its roles already)`,
            );
        }
    });
}

/**
 * `AWSReservedSSO_<name>_*` also matches the roles of a permission set named `<name>_<more>`: refused when
 * that permission set is known here (another source, or identityCenter.permissionSets). One the config does not
 * name cannot be checked: docs/principals.md says so.
 */
function checkPatternsApart(sso: readonly SsoSource[], known: readonly string[], problems: ConfigProblems): void {
    const names = [...new Set([...sso.map((s) => s.permissionSet), ...known])];
    for (const s of sso) {
        const prefix = identityCenterRoleNamePrefix(s.permissionSet);
        const caught = names.filter((n) => n !== s.permissionSet && identityCenterRoleNamePrefix(n).startsWith(prefix));
        if (caught.length > 0) {
            problems.add(
                keyPath(keyPath("sources", s.key), "permissionSet"),
                s.permissionSet,
                `a permission set whose trust pattern ${prefix}* does not also match the roles of permission set ${caught.join(", ")} (its roles are ${identityCenterRoleNamePrefix(caught[0])}<suffix>); rename one of them`,
            );
        }
    }
}
