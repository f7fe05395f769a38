/**
 * Permissions: `targetRoles.<name>.permissions` (presets, managed policies, custom statements) and
 * `sources.<key>.permissions` (managed policies and custom statements only). One reader of managed
 * policies and statements serves both, so a source's own permissions meet exactly the guards a target
 * role's do: the one wildcard rule, no privilege escalation, no broad AWS managed policy.
 */
import type { CustomPermissions, Permissions } from "../model/config";
import type { PolicyStatement } from "../model/policy";
import { keyPath } from "../names";
import { ConfigProblems, ObjectReader, isPlainObject } from "./reader";
import { broadManagedPolicy, escalationReason, privilegedActionsMatching } from "../iam/privilege-escalation";
import { ConditionBlock, checkStatementCondition } from "./statement-conditions";
import {
    GRANTING_PERMISSION_KEYS,
    GRANTING_SOURCE_PERMISSION_KEYS,
    PERMISSIONS_SPEC as P,
    SOURCE_PERMISSIONS_SPEC,
    STATEMENT_SPEC,
    StringRule,
    TARGET_ROLE_SPEC,
} from "./keys";

/** Who holds the permissions, as messages name it ("the role could reach ..."). */
export type PermissionHolder = "role" | "user" | "group";

export function readPermissions(r: ObjectReader | undefined, roleKey: string, problems: ConfigProblems): Permissions {
    const empty: Permissions = { s3ListAllBuckets: false, ...NO_CUSTOM_PERMISSIONS };
    if (!r) {
        problems.addRule(keyPath(roleKey, "permissions"), `not set; expected ${TARGET_ROLE_SPEC.fields.permissions.required}`);
        return empty;
    }
    r.allowFields(P);
    const p: Permissions = { ...empty };

    const logs = r.object("logsRead");
    if (logs) {
        const f = P.fields.logsRead.fields;
        logs.allowFields(P.fields.logsRead);
        logs.requireKey("logGroups", f.logGroups);
        const groups = logs.listKey("logGroups", f.logGroups);
        const create = logs.booleanKey("create", f.create) ?? f.create.default;
        let retentionInDays: number | undefined;
        if (logs.has("retentionInDays")) {
            const v = logs.value.retentionInDays;
            if (typeof v === "number" && (f.retentionInDays.values as readonly number[]).includes(v)) retentionInDays = v;
            else problems.add(keyPath(logs.key, "retentionInDays"), v, `one of ${f.retentionInDays.values.join(", ")} (${f.retentionInDays.unit})`);
            if (!create)
                problems.addRule(keyPath(logs.key, "retentionInDays"), "only applies with create: true (an existing log group keeps its own retention)");
        }
        if (groups) p.logsRead = { logGroups: groups, create, retentionInDays };
    }
    const ddb = r.object("dynamodbBackup");
    if (ddb) {
        const f = P.fields.dynamodbBackup.fields;
        ddb.allowFields(P.fields.dynamodbBackup);
        ddb.requireKey("tables", f.tables);
        const tables = ddb.listKey("tables", f.tables);
        if (tables) p.dynamodbBackup = { tables };
    }
    p.s3ListAllBuckets = r.booleanKey("s3ListAllBuckets", P.fields.s3ListAllBuckets) ?? P.fields.s3ListAllBuckets.default;
    for (const name of ["s3Read", "s3ReadWrite"] as const) {
        const s3 = r.object(name);
        if (!s3) continue;
        const spec = P.fields[name];
        s3.allowFields(spec);
        s3.requireKey("buckets", spec.fields.buckets);
        const buckets = s3.listKey("buckets", spec.fields.buckets);
        const prefix = s3.stringKey("prefix", spec.fields.prefix);
        const kmsKeyArns = s3.listKey("kmsKeyArns", spec.fields.kmsKeyArns) ?? [];
        if (buckets) p[name] = { buckets, prefix, ...(kmsKeyArns.length > 0 ? { kmsKeyArns } : {}) };
    }
    Object.assign(p, readCustomPermissions(r, { holder: "role", reach: "the named resources" }));

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
        const keys = GRANTING_PERMISSION_KEYS.map((k) => (P.fields[k].type === "boolean" ? `${k}: true` : k));
        problems.addRule(r.key, `grants nothing; expected at least one of ${keys.join(", ")}`);
    }
    return p;
}

const NO_CUSTOM_PERMISSIONS: CustomPermissions = {
    managedPolicyArns: [],
    statements: [],
    allowWildcardActions: false,
    allowWildcardResources: false,
    unsafeAllowPrivilegeEscalation: false,
};

/**
 * `sources.<key>.permissions`: the principal's own managed policies and statements, read and guarded
 * exactly as a target role's. Undefined when not set.
 */
export function readSourcePermissions(r: ObjectReader | undefined, holder: PermissionHolder): CustomPermissions | undefined {
    if (!r) return undefined;
    r.allowFields(SOURCE_PERMISSIONS_SPEC);
    const p = readCustomPermissions(r, { holder, reach: "it needs" });
    const v = r.value;
    const any = (Array.isArray(v.managedPolicyArns) && v.managedPolicyArns.length > 0) || (Array.isArray(v.statements) && v.statements.length > 0);
    if (!any) {
        r.problems.addRule(
            r.key,
            `grants nothing; expected at least one of ${GRANTING_SOURCE_PERMISSION_KEYS.join(", ")} (or leave permissions out: the AssumeRole grant is written without it)`,
        );
    }
    return p;
}

/** How the guards' messages speak of the holder: "the <holder> could reach far more than <reach>". */
interface Holder {
    holder: PermissionHolder;
    reach: string;
}

/** The keys both kinds of permissions share: the opt-outs first, since the guards of the other two read them. */
function readCustomPermissions(r: ObjectReader, who: Holder): CustomPermissions {
    const f = SOURCE_PERMISSIONS_SPEC.fields;
    const p: CustomPermissions = { ...NO_CUSTOM_PERMISSIONS };
    const policyName = r.stringKey("policyName", f.policyName);
    if (policyName !== undefined) p.policyName = policyName;
    p.allowWildcardActions = r.booleanKey("allowWildcardActions", f.allowWildcardActions) ?? f.allowWildcardActions.default;
    p.allowWildcardResources = r.booleanKey("allowWildcardResources", f.allowWildcardResources) ?? f.allowWildcardResources.default;
    p.unsafeAllowPrivilegeEscalation =
        r.booleanKey("unsafeAllowPrivilegeEscalation", f.unsafeAllowPrivilegeEscalation) ?? f.unsafeAllowPrivilegeEscalation.default;
    p.managedPolicyArns = readManagedPolicyArns(r, p, who);
    p.statements = readStatements(r, p, who, r.problems);
    return p;
}

/**
 * The AWS managed policies refused without the opt-out: those that grant every action or a whole
 * service (AdministratorAccess, PowerUserAccess, IAMFullAccess, *FullAccess). Other managed policies are
 * attached as given; the access report cannot simulate them and says so.
 */
function readManagedPolicyArns(r: ObjectReader, p: Pick<CustomPermissions, "unsafeAllowPrivilegeEscalation">, who: Holder): string[] {
    const arns = r.listKey("managedPolicyArns", SOURCE_PERMISSIONS_SPEC.fields.managedPolicyArns) ?? [];
    if (p.unsafeAllowPrivilegeEscalation) return arns;
    arns.forEach((arn, i) => {
        const broad = broadManagedPolicy(arn);
        if (broad !== undefined) {
            r.problems.add(
                keyPath(keyPath(r.key, "managedPolicyArns"), i),
                arn,
                `no broad AWS managed policy: ${broad} grants whole services on every resource, so the ${who.holder} could reach far more than ${who.reach} (and, through IAM, grant itself anything); ${ESCALATION_OPT_OUT}`,
            );
        }
    });
    return arns;
}

const ESCALATION_OPT_OUT = "set permissions.unsafeAllowPrivilegeEscalation: true to accept that";

function readStatements(
    r: ObjectReader,
    p: Pick<CustomPermissions, "allowWildcardActions" | "allowWildcardResources" | "unsafeAllowPrivilegeEscalation">,
    who: Holder,
    problems: ConfigProblems,
): PolicyStatement[] {
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
        const f = STATEMENT_SPEC.fields;
        s.allowFields(STATEMENT_SPEC);
        const before = problems.count;
        const sid = s.stringKey("Sid", f.Sid);
        s.requireKey("Effect", f.Effect);
        const effect = s.enumKey("Effect", f.Effect);
        const actions = listOrString(s, "Action", f.Action.rule);
        const resources = listOrString(s, "Resource", f.Resource.rule);
        if (actions && !p.allowWildcardActions) {
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
        // A Deny only takes away; what an Allow grants is held to the named resources and to no escalation.
        if (effect === "Allow" && actions && !p.unsafeAllowPrivilegeEscalation) {
            for (const a of actions) {
                const privileged = privilegedActionsMatching(a);
                if (privileged.length === 0) continue;
                const why = /[*?]/.test(a)
                    ? `${a} includes ${privileged.slice(0, 3).join(", ")}${privileged.length > 3 ? ` and ${privileged.length - 3} more` : ""}, through which a ${who.holder} can gain more privilege than it was granted`
                    : `${a} can gain more privilege than the ${who.holder} was granted: ${escalationReason(a)}`;
                problems.add(keyPath(ik, "Action"), a, `no action that can grant more privilege; ${why}; ${ESCALATION_OPT_OUT}`);
            }
        }
        if (effect === "Allow" && resources && !p.allowWildcardResources) {
            for (const res of resources.filter((x) => !/[*?]/.test(x) && x.includes("${"))) {
                problems.add(
                    keyPath(ik, "Resource"),
                    res,
                    `a resource ARN without \${...}: in an Allow statement IAM reads it as a policy variable each request fills in (a session tag the caller sets among them), which lets the caller pick the resource; name the resources, or set permissions.allowWildcardResources: true`,
                );
            }
            for (const res of resources.filter((x) => /[*?]/.test(x))) {
                problems.add(
                    keyPath(ik, "Resource"),
                    res,
                    `a resource ARN without * or ?: in an Allow statement IAM reads them as wildcards that match every resource of that shape; name the resources, or set permissions.allowWildcardResources: true for actions that support only "*"`,
                );
            }
        }
        if (item.Condition !== undefined && !isConditionBlock(item.Condition)) {
            problems.add(keyPath(ik, "Condition"), item.Condition, "an IAM condition block { Operator: { key: value | [values] } }");
        } else if (item.Condition !== undefined && actions) {
            checkStatementCondition(ik, effect, actions, item.Condition as ConditionBlock, problems);
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

/** A statement's Action or Resource: one string or a non-empty list, each matching `rule` (or "*"). */
function listOrString(s: ObjectReader, name: string, { pattern, expected }: Required<Pick<StringRule, "pattern" | "expected">>): string[] | undefined {
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
