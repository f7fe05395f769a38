/** Rules that span keys: what one key may hold is in the key table (keys.ts); these compare several. */
import { KMS_KEY_ARN_PATTERN, wildcardPatternsOverlap } from "../iam/patterns";
import type { AccountLayout, SourceSpec, TargetRoleSpec, TrustConditions } from "../model/config";
import { keyPath, logGroupLogicalName } from "../names";
import { accountProfileNameRequests, pickProfileNames, profileNameRequests } from "../outputs/profile-names";
import { configuredSource } from "../policies/sources";
import { ConfigProblems } from "./reader";

/**
 * Log groups created by several roles are created once: they must agree on retention, and two
 * different groups must not map to one logical name (`/app/cron`, `/app.cron`), which Pulumi would
 * reject at deploy time as a duplicate URN.
 */
export function checkCreatedLogGroups(roles: readonly TargetRoleSpec[], problems: ConfigProblems): void {
    // Each stack creates the log groups of the roles deployed to its account: compare those of one account.
    const lines = new Set<string>();
    const collect = new ConfigProblems();
    // The roles of each account, in config order, from one pass over the roles' accounts.
    const byAccount = new Map<string, TargetRoleSpec[]>();
    for (const role of roles) {
        for (const account of new Set(role.accounts)) {
            const list = byAccount.get(account);
            if (list) list.push(role);
            else byAccount.set(account, [role]);
        }
    }
    for (const accountRoles of byAccount.values()) checkCreatedLogGroupsOfAccount(accountRoles, collect);
    for (const line of collect.list) if (!lines.has(line)) lines.add(line);
    for (const line of lines) problems.addLine(line);
}

function checkCreatedLogGroupsOfAccount(roles: readonly TargetRoleSpec[], problems: ConfigProblems): void {
    const seen = new Map<string, { group: string; role: string; retentionInDays?: number }>();
    for (const role of roles) {
        const logs = role.permissions.logsRead;
        if (!logs?.create) continue;
        const key = keyPath(keyPath(keyPath("targetRoles", role.name), "permissions"), "logsRead");
        for (const group of logs.logGroups) {
            const logical = logGroupLogicalName(group);
            const first = seen.get(logical);
            if (!first) {
                seen.set(logical, { group, role: role.name, retentionInDays: logs.retentionInDays });
            } else if (first.group !== group) {
                problems.addRule(
                    keyPath(key, "logGroups"),
                    `log groups ${first.group} (role ${first.role}) and ${group} would both be created as Pulumi resource ${logical}; rename one, or create one of them outside this program (create: false)`,
                );
            } else if (first.retentionInDays !== logs.retentionInDays) {
                const days = (d?: number) => (d === undefined ? "never expire" : `${d} days`);
                problems.addRule(
                    keyPath(key, "retentionInDays"),
                    `log group ${group} is created once, but role ${first.role} asks for ${days(first.retentionInDays)} and role ${role.name} for ${days(logs.retentionInDays)}; give both the same retentionInDays`,
                );
            }
        }
    }
}

/**
 * The S3 presets' KMS keys belong to account A, in the stack's partition: a key of another account
 * would also need its key policy to name the role, which this program does not write, so the grant
 * would look complete and still fail.
 */
export function checkKmsKeys(
    roles: readonly TargetRoleSpec[],
    keyAccountsOf: (role: TargetRoleSpec) => { ids: readonly string[]; expected: string } | undefined,
    partition: string,
    problems: ConfigProblems,
): void {
    for (const role of roles) {
        const accounts = keyAccountsOf(role);
        for (const preset of ["s3Read", "s3ReadWrite"] as const) {
            const key = keyPath(keyPath(keyPath(keyPath("targetRoles", role.name), "permissions"), preset), "kmsKeyArns");
            (role.permissions[preset]?.kmsKeyArns ?? []).forEach((arn, i) => {
                const [, keyPartition, , account] = KMS_KEY_ARN_PATTERN.exec(arn) ?? [];
                if (keyPartition !== partition) problems.add(keyPath(key, i), arn, `a key ARN in partition ${partition}`);
                else if (accounts && !accounts.ids.includes(account)) {
                    problems.add(
                        keyPath(key, i),
                        arn,
                        `${accounts.expected}; a key of another account also needs its key policy to name the role, which this program does not write`,
                    );
                }
            });
        }
    }
}

/**
 * IAM names are unique per account regardless of case: `log-reader` and `Log-Reader` cannot both be
 * roles of account A, nor two sources of account B users (or roles, or groups) named `ops` and `OPS`.
 * IAM would refuse the second at deploy time; this says so before, naming both keys.
 */
export function checkNamesIgnoringCase(sources: readonly SourceSpec[], roles: readonly TargetRoleSpec[], problems: ConfigProblems): void {
    // Namespaces are per account: A and B in the two-account layout; with named accounts a role deployed
    // to several accounts is in each, and may meet a source role of the same name there.
    const seen = new Map<string, { key: string; name: string }>();
    const reported = new Set<string>();
    const check = (account: string, name: string, key: string, what: string) => {
        const id = `${account} ${what}\0${name.toLowerCase()}`;
        const first = seen.get(id);
        if (first === undefined) {
            seen.set(id, { key, name });
            return;
        }
        if (first.key === key) return;
        const line =
            first.name === name
                ? `${key}: ${what} name ${name} is also that of ${first.key} in account ${account}; an account holds one ${what} of a name: rename one`
                : `${key}: ${what} name ${name} differs from that of ${first.key} only in case; IAM ${what} names are unique regardless of case, so the account cannot hold both: rename one`;
        if (reported.has(line)) return;
        reported.add(line);
        problems.addLine(line);
    };
    // A role deployed to whole OUs may land in any account that holds roles (which accounts sit in an OU only AWS
    // Organizations knows), and meets the other OU roles in every account of their OUs.
    const roleAccounts = [...new Set(roles.flatMap((r) => r.accounts))];
    for (const role of roles) {
        const where = role.organizationalUnits === undefined ? role.accounts : ["organizational units", ...roleAccounts];
        for (const account of where) check(account, role.name, keyPath("targetRoles", role.name), "role");
    }
    for (const s of sources) {
        if (s.kind === "service-role" || s.kind === "oidc-role") check(s.account, s.name, keyPath("sources", s.key), "role");
        else if (s.kind === "user") check(s.account, s.name, keyPath("sources", s.key), "user");
        else if (s.kind === "group") check(s.account, s.name, keyPath("sources", s.key), "group");
    }
}

/**
 * The clientConfig profile names (lib/outputs/profile-names.ts): a configured `profileName` that would
 * replace a source profile some role's snippets sign in with, `default`, or another role's configured
 * name is refused. Unconfigured names are derived to be safe and never refused.
 */
export function checkProfileNames(
    sources: readonly SourceSpec[],
    roles: readonly TargetRoleSpec[],
    problems: ConfigProblems,
    layout: AccountLayout = "two-account",
): void {
    if (layout === "two-account") {
        for (const c of pickProfileNames(profileNameRequests(roles, sources)).conflicts) {
            problems.add(keyPath(keyPath("targetRoles", c.role), "profileName"), c.value, c.expected);
        }
        return;
    }
    // One profile per role and account (`<account>-<profileName>`): a conflict is reported once per role, as configured.
    const reported = new Set<string>();
    for (const c of pickProfileNames(accountProfileNameRequests(roles, sources)).conflicts) {
        const at = c.role.lastIndexOf("@");
        const role = c.role.slice(0, at);
        const account = c.role.slice(at + 1);
        if (reported.has(role)) continue;
        reported.add(role);
        const configured = c.value.startsWith(`${account}-`) ? c.value.slice(account.length + 1) : c.value;
        problems.add(
            keyPath(keyPath("targetRoles", role), "profileName"),
            configured,
            `${c.expected} (with named accounts the profile is ${account}-${configured} in account ${account})`,
        );
    }
}

/**
 * One trust policy is the union of its statements: a caller that matches two of them needs only the
 * weaker one. A `group` source is trusted as any IAM user of B (A cannot check group membership:
 * `ArnLike aws:PrincipalArn user/*`), an `account-root` source as any principal of B. So when a role
 * also trusts a principal those cover (a user, an existing user or role of B, another group) with a
 * condition the wide entry does not demand, that principal can skip it through the wide statement.
 * Refused, naming what the wide entry lacks and what to do; equal or stricter wide conditions pass.
 */
export function checkOverlappingTrust(
    sources: readonly SourceSpec[],
    roles: readonly TargetRoleSpec[],
    accountIdOf: (accountName: string) => string | undefined,
    layout: AccountLayout,
    problems: ConfigProblems,
    partition: string,
): void {
    const byKey = new Map(sources.map((s) => [s.key, s]));
    // Each source's principals in the trust: exact ARNs, or the ArnLike patterns B's root is narrowed to.
    const principalsOf = (s: SourceSpec): string[] => {
        const id = accountIdOf(s.account);
        if (id === undefined) return [];
        const resolved = configuredSource({ partition, accounts: [{ name: s.account, id }] }, s);
        return [...resolved.arns, ...(resolved.principalArnPatterns ?? [])];
    };
    for (const role of roles) {
        const entries = role.trustedSources.map((e, i) => ({ e, i, s: byKey.get(e.source) })).filter((x) => x.s !== undefined);
        for (const wide of entries) {
            for (const narrow of entries) {
                const wideAccountId = accountIdOf(wide.s!.account);
                if (wide === narrow || wideAccountId === undefined) continue;
                // A group or account root admits whole kinds of B's principals (covers); any other statement admits its
                // ARNs or ArnLike patterns, which may name (or match) the narrow source's principal too.
                const wideOnes = wide.s!.kind === "group" || wide.s!.kind === "account-root" ? [] : principalsOf(wide.s!);
                const narrowOnes = wideOnes.length > 0 ? principalsOf(narrow.s!) : [];
                const shared = wideOnes.filter((w) =>
                    narrowOnes.some((n) => (isPattern(w) ? wildcardPatternsOverlap(w, n) : !isPattern(n) && w.toLowerCase() === n.toLowerCase())),
                );
                if (shared.length === 0 && !covers(wide.s!, narrow.s!, wideAccountId)) continue;
                const missing = weakerIn(wide.e.conditions, narrow.e.conditions);
                if (missing.length === 0) continue;
                const of = layout === "two-account" ? "B" : `account ${wide.s!.account} (${wideAccountId})`;
                const admits =
                    wide.s!.kind === "group"
                        ? `any IAM user of ${of}`
                        : shared.length === 0
                          ? `any principal of ${of}`
                          : shared.some(isPattern)
                            ? `any role of ${of} matching ${shared.join(" or ")}`
                            : `the same principal, ${shared.join(", ")}`;
                problems.addRule(
                    keyPath(keyPath(keyPath("targetRoles", role.name), "trustedSources"), narrow.i),
                    `source ${narrow.s!.key} demands ${missing.join(", ")}, but the same role trusts ${wide.s!.key} (${wide.s!.kind}: ${admits}) without it, so ${narrow.s!.key} can assume the role through that statement and skip it; give ${wide.s!.key}'s entry the same conditions, or trust ${narrow.s!.key} from a role of its own`,
                );
            }
        }
    }
}

/** An ARN with a wildcard: an `ArnLike aws:PrincipalArn` pattern of the trust, not one principal. */
function isPattern(arn: string): boolean {
    return /[*?]/.test(arn);
}

/** True when every principal of `narrow` is also admitted by the statement `wide` renders (in `wide`'s account). */
function covers(wide: SourceSpec, narrow: SourceSpec, wideAccountId: string): boolean {
    // A wide statement admits principals of its own account only: the source's account, or an existing ARN's.
    const inB = (arn: string) => arn.split(":")[4] === wideAccountId;
    const sameAccount = narrow.account === wide.account;
    if (wide.kind === "account-root") return narrow.kind !== "account-root" && (narrow.kind === "existing" ? narrow.arns.some(inB) : sameAccount);
    if (wide.kind !== "group") return false;
    return (
        (narrow.kind === "user" && sameAccount) ||
        (narrow.kind === "group" && sameAccount) ||
        (narrow.kind === "existing" && narrow.arns.some((a) => inB(a) && a.split(":")[5].startsWith("user/")))
    );
}

/** What `narrow` demands that `wide` does not (empty when `wide` is at least as strict), in config words. */
function weakerIn(wide: TrustConditions, narrow: TrustConditions): string[] {
    const out: string[] = [];
    if (narrow.externalId && !wide.externalId) out.push("externalId");
    if (narrow.mfa && (!wide.mfa || wide.mfa.maxAgeSeconds > narrow.mfa.maxAgeSeconds)) out.push(`mfa (maxAgeSeconds ${narrow.mfa.maxAgeSeconds})`);
    if (narrow.principalOrgId && wide.principalOrgId !== narrow.principalOrgId) out.push(`principalOrgId ${narrow.principalOrgId}`);
    const within = (w: string[], n: string[]) => n.length === 0 || (w.length > 0 && w.every((x) => n.includes(x)));
    if (wide.sourceIdentity && !(narrow.sourceIdentity && within(wide.sourceIdentity.allowed, narrow.sourceIdentity.allowed)))
        out.push(narrow.sourceIdentity ? `sourceIdentity.allowed (${narrow.sourceIdentity.allowed.join(", ")})` : "sourceIdentity off");
    else if (narrow.sourceIdentity?.required && !wide.sourceIdentity?.required) out.push("sourceIdentity.required");
    if (wide.sessionTags && !(narrow.sessionTags && within(wide.sessionTags.allowedKeys, narrow.sessionTags.allowedKeys)))
        out.push(narrow.sessionTags ? `sessionTags.allowedKeys (${narrow.sessionTags.allowedKeys.join(", ")})` : "sessionTags off");
    for (const [key, values] of Object.entries(narrow.principalTags ?? {})) {
        const wideValues = Object.entries(wide.principalTags ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
        if (!wideValues || !wideValues.every((v) => values.includes(v))) out.push(`principalTags.${key} (${values.join(", ")})`);
    }
    if (narrow.principalOrgPaths && !(wide.principalOrgPaths && wide.principalOrgPaths.every((w) => narrow.principalOrgPaths!.some((n) => w.startsWith(n)))))
        out.push(`principalOrgPaths (${narrow.principalOrgPaths.join(", ")})`);
    if (narrow.roleSessionName && !(wide.roleSessionName && wide.roleSessionName.every((w) => narrow.roleSessionName!.includes(w))))
        out.push(`roleSessionName (${narrow.roleSessionName.join(", ")})`);
    return out;
}
