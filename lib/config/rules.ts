/** Rules that span keys: what one key may hold is in the key table (keys.ts); these compare several. */
import { KMS_KEY_ARN_PATTERN } from "../iam/patterns";
import type { AccountLayout, SourceSpec, TargetRoleSpec } from "../model/config";
import { keyPath, logGroupLogicalName } from "../names";
import { accountProfileNameRequests, pickProfileNames, profileNameRequests } from "../outputs/profile-names";
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
    for (const account of [...new Set(roles.flatMap((r) => r.accounts))]) {
        checkCreatedLogGroupsOfAccount(
            roles.filter((r) => r.accounts.includes(account)),
            collect,
        );
    }
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
