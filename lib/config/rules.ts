/**
 * Rules shared by several keys (paths, descriptions, policy ARNs, tags, resource names) and rules
 * that span keys (log groups created by several roles).
 */
import { IAM_LIMITS } from "../iam/limits";
import { IAM_PATH_PATTERN, POLICY_ARN_PATTERN, TAG_KEY_PATTERN, TAG_VALUE_PATTERN } from "../iam/patterns";
import type { TargetRoleSpec } from "../model/config";
import { keyPath, logGroupLogicalName } from "../names";
import { ConfigProblems, ObjectReader } from "./reader";

export const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
export const TABLE_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;
export const BUCKET_PATTERN = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A "folder" prefix: no leading "/", no wildcard, ending in "/" (so `reports/` never also grants `reports-old/`). */
export const S3_PREFIX_PATTERN = /^[^/*?][\x20-\x29\x2B-\x3E\x40-\x7E]*\/$/;
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
export const SOURCE_IDENTITY_PATTERN = /^[\w+=,.@*?-]{2,64}$/;
export const STACK_NAME_PATTERN = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+){0,2}$/;
export const DESCRIPTION_PATTERN = /^[\t\n\r\x20-\x7E\xA1-\xFF]*$/;

/** String rules shared by sources and target roles, so a path or a description reads the same everywhere. */
export const PATH_RULE = {
    pattern: IAM_PATH_PATTERN,
    min: 1,
    max: IAM_LIMITS.pathLength,
    expected: `an IAM path of at most ${IAM_LIMITS.pathLength} characters that starts and ends with "/", without "//", e.g. /cross-account/`,
};
export const DESCRIPTION_RULE = {
    pattern: DESCRIPTION_PATTERN,
    max: IAM_LIMITS.descriptionLength,
    expected: `a description of at most ${IAM_LIMITS.descriptionLength} printable characters`,
};
export const POLICY_ARN_RULE = { pattern: POLICY_ARN_PATTERN, expected: "an IAM policy ARN such as arn:aws:iam::123456789012:policy/boundary" };

export function readTags(r: ObjectReader): Record<string, string> {
    return r.stringMap(
        "tags",
        { max: IAM_LIMITS.tagKeyLength, pattern: TAG_KEY_PATTERN },
        { max: IAM_LIMITS.tagValueLength, pattern: TAG_VALUE_PATTERN },
        IAM_LIMITS.tagsPerResource,
    );
}

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
