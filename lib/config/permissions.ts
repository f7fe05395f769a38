/** `targetRoles.<name>.permissions`: presets, managed policies and custom statements. */
import { ACTION_PATTERN, POLICY_ARN_PATTERN } from "../iam/patterns";
import type { Permissions } from "../model/config";
import type { PolicyStatement } from "../model/policy";
import { keyPath } from "../names";
import { ConfigProblems, ObjectReader, isPlainObject } from "./reader";
import { BUCKET_PATTERN, LOG_GROUP_PATTERN, RETENTION_DAYS, S3_PREFIX_PATTERN, TABLE_PATTERN } from "./rules";

export function readPermissions(r: ObjectReader | undefined, roleKey: string, problems: ConfigProblems): Permissions {
    const empty: Permissions = { s3ListAllBuckets: false, managedPolicyArns: [], statements: [], allowWildcardActions: false };
    if (!r) {
        problems.addRule(
            keyPath(roleKey, "permissions"),
            "not set; expected at least one of logsRead, dynamodbBackup, s3ListAllBuckets, s3Read, s3ReadWrite, managedPolicyArns, statements",
        );
        return empty;
    }
    r.allowOnly(["logsRead", "dynamodbBackup", "s3ListAllBuckets", "s3Read", "s3ReadWrite", "managedPolicyArns", "statements", "allowWildcardActions"]);
    const p: Permissions = { ...empty };

    const logs = r.object("logsRead");
    if (logs) {
        logs.allowOnly(["logGroups", "create", "retentionInDays"]);
        if (!logs.has("logGroups")) problems.addRule(keyPath(logs.key, "logGroups"), "not set; expected a list of CloudWatch Logs log group names");
        const groups = logs.stringList("logGroups", {
            pattern: LOG_GROUP_PATTERN,
            nonEmpty: true,
            expected: "a log group name of 1 to 512 characters from [A-Za-z0-9._/#-]",
        });
        const create = logs.boolean("create") ?? false;
        let retentionInDays: number | undefined;
        if (logs.has("retentionInDays")) {
            const v = logs.value.retentionInDays;
            if (typeof v === "number" && RETENTION_DAYS.includes(v)) retentionInDays = v;
            else problems.add(keyPath(logs.key, "retentionInDays"), v, `one of ${RETENTION_DAYS.join(", ")} (days)`);
            if (!create)
                problems.addRule(keyPath(logs.key, "retentionInDays"), "only applies with create: true (an existing log group keeps its own retention)");
        }
        if (groups) p.logsRead = { logGroups: groups, create, retentionInDays };
    }
    const ddb = r.object("dynamodbBackup");
    if (ddb) {
        ddb.allowOnly(["tables"]);
        if (!ddb.has("tables")) problems.addRule(keyPath(ddb.key, "tables"), "not set; expected a list of DynamoDB table names");
        const tables = ddb.stringList("tables", {
            pattern: TABLE_PATTERN,
            nonEmpty: true,
            expected: "a DynamoDB table name of 3 to 255 characters from [A-Za-z0-9_.-]",
        });
        if (tables) p.dynamodbBackup = { tables };
    }
    p.s3ListAllBuckets = r.boolean("s3ListAllBuckets") ?? false;
    for (const name of ["s3Read", "s3ReadWrite"] as const) {
        const s3 = r.object(name);
        if (!s3) continue;
        s3.allowOnly(["buckets", "prefix"]);
        if (!s3.has("buckets")) problems.addRule(keyPath(s3.key, "buckets"), "not set; expected a list of S3 bucket names");
        const buckets = s3.stringList("buckets", {
            pattern: BUCKET_PATTERN,
            nonEmpty: true,
            expected: "an S3 bucket name (3 to 63 characters: lowercase letters, digits, dots, hyphens)",
        });
        const prefix = s3.string("prefix", {
            pattern: S3_PREFIX_PATTERN,
            min: 1,
            max: 1024,
            expected:
                'a key prefix ending in "/" such as "reports/" (no leading "/", no wildcards; without the "/", "reports" would also grant "reports-old/")',
        });
        if (buckets) p[name] = { buckets, prefix };
    }
    p.managedPolicyArns =
        r.stringList("managedPolicyArns", { pattern: POLICY_ARN_PATTERN, expected: "an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess" }) ?? [];
    p.allowWildcardActions = r.boolean("allowWildcardActions") ?? false;
    p.statements = readStatements(r, p.allowWildcardActions, problems);

    // Judged on what was written, so an invalid preset (reported above) does not also read as "nothing".
    const v = r.value;
    const any =
        v.logsRead ||
        v.dynamodbBackup ||
        p.s3ListAllBuckets ||
        v.s3Read ||
        v.s3ReadWrite ||
        (Array.isArray(v.managedPolicyArns) && v.managedPolicyArns.length > 0) ||
        (Array.isArray(v.statements) && v.statements.length > 0);
    if (!any) {
        problems.addRule(
            r.key,
            "grants nothing; expected at least one of logsRead, dynamodbBackup, s3ListAllBuckets: true, s3Read, s3ReadWrite, managedPolicyArns, statements",
        );
    }
    return p;
}

function readStatements(r: ObjectReader, allowWildcardActions: boolean, problems: ConfigProblems): PolicyStatement[] {
    const v = r.value.statements;
    if (v === undefined) return [];
    const k = keyPath(r.key, "statements");
    if (!Array.isArray(v)) {
        problems.add(k, v, "a list of IAM policy statements");
        return [];
    }
    const out: PolicyStatement[] = [];
    v.forEach((item, i) => {
        const ik = keyPath(k, i);
        if (!isPlainObject(item)) {
            problems.add(ik, item, "an IAM policy statement { Effect, Action, Resource }");
            return;
        }
        const s = new ObjectReader(ik, item, problems);
        s.allowOnly(["Sid", "Effect", "Action", "Resource", "Condition"]);
        const before = problems.count;
        const sid = s.string("Sid", { pattern: /^[A-Za-z0-9]+$/, expected: "a Sid of letters and digits" });
        if (!s.has("Effect")) problems.addRule(keyPath(ik, "Effect"), 'not set; expected "Allow" or "Deny"');
        const effect = s.enumValue("Effect", ["Allow", "Deny"] as const);
        const actions = listOrString(s, "Action", ACTION_PATTERN, 'an action such as "s3:GetObject"');
        const resources = listOrString(s, "Resource", /^(\*|arn:[\x21-\x7E]+)$/, 'a resource ARN, or "*"');
        if (actions && !allowWildcardActions) {
            actions.forEach((a) => {
                if (/[*?]/.test(a)) {
                    problems.add(
                        keyPath(ik, "Action"),
                        a,
                        "a specific action; wildcard actions (*, s3:*, s3:Get*) need permissions.allowWildcardActions: true",
                    );
                }
            });
        }
        if (item.Condition !== undefined && !isConditionBlock(item.Condition)) {
            problems.add(keyPath(ik, "Condition"), item.Condition, "an IAM condition block { Operator: { key: value | [values] } }");
        }
        if (problems.count === before && effect && actions && resources) {
            // Kept as the user wrote it (a string stays a string, a list a list).
            const st: PolicyStatement = { Effect: effect, Action: item.Action as string | string[], Resource: item.Resource as string | string[] };
            if (sid) st.Sid = sid;
            if (item.Condition !== undefined) st.Condition = item.Condition as PolicyStatement["Condition"];
            out.push(st);
        }
    });
    return out;
}

function listOrString(s: ObjectReader, name: string, pattern: RegExp, expected: string): string[] | undefined {
    const v = s.value[name];
    const k = keyPath(s.key, name);
    if (v === undefined) {
        s.problems.addRule(k, `not set; expected ${expected} or a list of them`);
        return undefined;
    }
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0) {
        s.problems.add(k, v, `${expected} or a non-empty list of them`);
        return undefined;
    }
    const bad = list.filter((x) => typeof x !== "string" || (!pattern.test(x) && x !== "*"));
    if (bad.length > 0) {
        bad.forEach((b) => s.problems.add(k, b, expected));
        return undefined;
    }
    return list as string[];
}

function isConditionBlock(v: unknown): boolean {
    if (!isPlainObject(v)) return false;
    return Object.values(v).every(
        (inner) =>
            isPlainObject(inner) && Object.values(inner).every((x) => typeof x === "string" || (Array.isArray(x) && x.every((y) => typeof y === "string"))),
    );
}
