/** Rules that span keys: what one key may hold is in the key table (keys.ts); these compare several. */
import { KMS_KEY_ARN_PATTERN } from "../iam/patterns";
import type { SourceSpec, TargetRoleSpec } from "../model/config";
import { keyPath, logGroupLogicalName } from "../names";
import { pickProfileNames, profileNameRequests } from "../outputs/profile-names";
import { ConfigProblems } from "./reader";

/**
 * Log groups created by several roles are created once: they must agree on retention, and two
 * different groups must not map to one logical name (`/app/cron`, `/app.cron`), which Pulumi would
 * reject at deploy time as a duplicate URN.
 */
export function checkCreatedLogGroups(roles: readonly TargetRoleSpec[], problems: ConfigProblems): void {
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
export function checkKmsKeys(roles: readonly TargetRoleSpec[], targetAccountId: string | undefined, partition: string, problems: ConfigProblems): void {
    for (const role of roles) {
        for (const preset of ["s3Read", "s3ReadWrite"] as const) {
            const key = keyPath(keyPath(keyPath(keyPath("targetRoles", role.name), "permissions"), preset), "kmsKeyArns");
            (role.permissions[preset]?.kmsKeyArns ?? []).forEach((arn, i) => {
                const [, keyPartition, , account] = KMS_KEY_ARN_PATTERN.exec(arn) ?? [];
                if (keyPartition !== partition) problems.add(keyPath(key, i), arn, `a key ARN in partition ${partition}`);
                else if (targetAccountId && account !== targetAccountId) {
                    problems.add(
                        keyPath(key, i),
                        arn,
                        `a key of targetAccountId ${targetAccountId}; a key of another account also needs its key policy to name the role, which this program does not write`,
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
    const seen = new Map<string, string>();
    const check = (namespace: string, name: string, key: string, what: string) => {
        const id = `${namespace}\0${name.toLowerCase()}`;
        const first = seen.get(id);
        if (first === undefined) seen.set(id, key);
        else {
            problems.addRule(
                key,
                `${what} name ${name} differs from that of ${first} only in case; IAM ${what} names are unique regardless of case, so the account cannot hold both: rename one`,
            );
        }
    };
    for (const role of roles) check("A role", role.name, keyPath("targetRoles", role.name), "role");
    for (const s of sources) {
        if (s.kind === "service-role" || s.kind === "oidc-role") check("B role", s.name, keyPath("sources", s.key), "role");
        else if (s.kind === "user") check("B user", s.name, keyPath("sources", s.key), "user");
        else if (s.kind === "group") check("B group", s.name, keyPath("sources", s.key), "group");
    }
}

/**
 * The clientConfig profile names (lib/outputs/profile-names.ts): a configured `profileName` that would
 * replace a source profile some role's snippets sign in with, `default`, or another role's configured
 * name is refused. Unconfigured names are derived to be safe and never refused.
 */
export function checkProfileNames(sources: readonly SourceSpec[], roles: readonly TargetRoleSpec[], problems: ConfigProblems): void {
    for (const c of pickProfileNames(profileNameRequests(roles, sources)).conflicts) {
        problems.add(keyPath(keyPath("targetRoles", c.role), "profileName"), c.value, c.expected);
    }
}
