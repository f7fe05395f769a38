/**
 * The permission checks: each preset action a target role may take on its resources, and the refusals
 * next to them (another resource, another region, an action outside the preset). Pure.
 *
 * ARNs are written out here from config facts, independently of lib/iam/arns.ts (see expectations.ts).
 */
import { serviceEndpoint } from "../../lib/iam/arns";
import { KMS_KEY_ARN_PATTERN } from "../../lib/iam/patterns";
import type { CrossAccountConfig, TargetRoleSpec } from "../../lib/model/config";
import { probeName, probePrefix } from "../../lib/names";
import type { Caller } from "./callers";
import type { Expectation, PlannedCheck } from "./checks";
import { accountOf, accountOutside } from "./callers";
import type { FoundPolicy } from "./documents";

/** e) what the role may do: each preset action on its resources, and refusals next to them. */
export function permissionChecks(
    cfg: CrossAccountConfig,
    role: TargetRoleSpec,
    permissions: Pick<Caller, "identity" | "unread">,
    taken: readonly string[],
): PlannedCheck[] {
    const p = cfg.partition;
    const A = cfg.account.id;
    const region = cfg.region;
    const otherRegion = region === "us-east-1" ? "eu-west-1" : "us-east-1";
    // Attached documents rendered here are simulated; the others (AWS managed policies) and a boundary make rows UNPROVEN.
    const identity = permissions.identity;
    const roleArnInA = `arn:${p}:iam::${A}:role${role.path}${role.name}`;
    const principal = `arn:${p}:sts::${A}:assumed-role/${role.name}/report-session`;
    const out: PlannedCheck[] = [];
    const check = (
        expect: Expectation,
        action: string,
        resource: string,
        title: string,
        extra: Record<string, string | string[]> = {},
        resourcePolicy?: FoundPolicy,
    ) =>
        out.push({
            role: role.name,
            kind: expect === "allow" ? "permission" : "outside-permission",
            title,
            expect,
            request: {
                principal,
                action,
                resource,
                resourceAccount: A,
                context: { "aws:PrincipalArn": roleArnInA, "aws:PrincipalAccount": A, "aws:RequestedRegion": region, ...extra },
                identityPolicies: identity,
                ...(resourcePolicy ? { resourcePolicy } : {}),
            },
            unread: permissions.unread,
        });
    const perm = role.permissions;
    if (perm.logsRead) {
        const names = perm.logsRead.logGroups;
        const other = probeName("/report/other-log-group", taken);
        for (const g of names) {
            const arn = `arn:${p}:logs:${region}:${A}:log-group:${g}`;
            check("allow", "logs:DescribeLogStreams", arn, `logs:DescribeLogStreams on log group ${g}`);
            check("allow", "logs:FilterLogEvents", arn, `logs:FilterLogEvents on log group ${g}`);
            check("allow", "logs:GetLogEvents", `${arn}:log-stream:report-stream`, `logs:GetLogEvents on a stream of ${g}`);
            check("deny", "logs:DeleteLogGroup", arn, `logs:DeleteLogGroup on ${g} is refused (not in the preset)`);
        }
        check("allow", "logs:DescribeLogGroups", "*", `logs:DescribeLogGroups in ${region}`);
        check("deny", "logs:DescribeLogGroups", "*", `logs:DescribeLogGroups in ${otherRegion} is refused`, { "aws:RequestedRegion": otherRegion });
        check(
            "deny",
            "logs:FilterLogEvents",
            `arn:${p}:logs:${region}:${A}:log-group:${other}`,
            `logs:FilterLogEvents on another log group (${other}) is refused`,
        );
    }
    if (perm.dynamodbBackup) {
        const tables = perm.dynamodbBackup.tables;
        const other = probeName("report-other-table", taken);
        for (const t of tables) {
            const arn = `arn:${p}:dynamodb:${region}:${A}:table/${t}`;
            for (const action of ["dynamodb:CreateBackup", "dynamodb:DescribeTable"]) check("allow", action, arn, `${action} on table ${t}`);
            check("allow", "dynamodb:DescribeBackup", `${arn}/backup/01700000000000-a1b2c3d4`, `dynamodb:DescribeBackup on a backup of ${t}`);
            check("deny", "dynamodb:DeleteTable", arn, `dynamodb:DeleteTable on ${t} is refused (not in the preset)`);
        }
        check("allow", "dynamodb:ListBackups", "*", `dynamodb:ListBackups in ${region}`);
        check(
            "deny",
            "dynamodb:DescribeTable",
            `arn:${p}:dynamodb:${region}:${A}:table/${other}`,
            `dynamodb:DescribeTable on another table (${other}) is refused`,
        );
    }
    if (perm.s3ListAllBuckets) {
        check("allow", "s3:ListAllMyBuckets", "*", "s3:ListAllMyBuckets");
        const other = probeName("report-other-bucket", taken);
        check("deny", "s3:DeleteBucket", `arn:${p}:s3:::${other}`, `s3:DeleteBucket on a bucket (${other}) is refused (not in the preset)`);
    }
    for (const [preset, write] of [
        ["s3Read", false],
        ["s3ReadWrite", true],
    ] as const) {
        const s3 = perm[preset];
        if (!s3) continue;
        const other = probeName("report-other-bucket", taken);
        const prefix = s3.prefix ?? "";
        const listContext: Record<string, string> = s3.prefix ? { "s3:prefix": s3.prefix } : {};
        for (const b of s3.buckets) {
            const bucket = `arn:${p}:s3:::${b}`;
            const object = `${bucket}/${prefix}report-object.txt`;
            check("allow", "s3:ListBucket", bucket, `s3:ListBucket on ${b}${s3.prefix ? ` under ${s3.prefix}` : ""}`, listContext);
            check("allow", "s3:GetObject", object, `s3:GetObject on ${b}/${prefix}*`);
            if (write) {
                for (const action of ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"])
                    check("allow", action, object, `${action} on ${b}/${prefix}*`);
                check("deny", "s3:DeleteBucket", bucket, `s3:DeleteBucket on ${b} is refused (not in the preset)`);
            } else {
                check("deny", "s3:PutObject", object, `s3:PutObject on ${b}/${prefix}* is refused (read-only preset)`);
            }
            if (s3.prefix) {
                const outside = probePrefix(s3.prefix);
                check("deny", "s3:GetObject", `${bucket}/${outside}report-object.txt`, `s3:GetObject on ${b}/${outside}* (outside ${s3.prefix}) is refused`);
                check("deny", "s3:ListBucket", bucket, `s3:ListBucket on ${b} under ${outside} is refused`, { "s3:prefix": outside });
            }
        }
        check("deny", "s3:GetObject", `arn:${p}:s3:::${other}/${prefix}report-object.txt`, `s3:GetObject on another bucket (${other}) is refused`);
        // A key is used only when its key policy also allows it: simulated with KMS's default key policy,
        // which leaves the decision to account A's IAM policies (the condition kmsKeyArns documents).
        const keyPolicy: FoundPolicy = {
            origin: "KMS default key policy (assumed; not rendered here)",
            input: "policy",
            document: {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "EnableIAMUserPermissions", Effect: "Allow", Principal: { AWS: `arn:${p}:iam::${A}:root` }, Action: "kms:*", Resource: "*" },
                ],
            },
        };
        for (const key of s3.kmsKeyArns ?? []) {
            const keyRegion = KMS_KEY_ARN_PATTERN.exec(key)?.[2] ?? region;
            const viaS3 = { "kms:ViaService": serviceEndpoint(p, "s3", keyRegion) };
            const id = key.slice(key.lastIndexOf("/") + 1);
            check("allow", "kms:Decrypt", key, `kms:Decrypt on key ${id} through S3`, viaS3, keyPolicy);
            if (write) check("allow", "kms:GenerateDataKey", key, `kms:GenerateDataKey on key ${id} through S3`, viaS3, keyPolicy);
            check("deny", "kms:Decrypt", key, `kms:Decrypt on key ${id} called directly, not through S3, is refused`, {}, keyPolicy);
        }
    }
    return out;
}

/**
 * Named accounts: the role in this account may not use its presets on the same-named resources of
 * another account (another of its own, else any other): the permission policy names this account's
 * ARNs only. S3 bucket ARNs carry no account (bucket names are global), so S3 presets have no such check.
 */
export function otherAccountPermissionChecks(cfg: CrossAccountConfig, role: TargetRoleSpec, permissions: Pick<Caller, "identity" | "unread">): PlannedCheck[] {
    const p = cfg.partition;
    const A = cfg.account.id;
    const region = cfg.region;
    const other = role.accounts.filter((n) => n !== cfg.account.name).map((n) => accountOf(cfg, n))[0] ?? accountOutside(cfg, [cfg.account.name]);
    const where = other.name === undefined ? `account ${other.id}` : `account ${other.name} (${other.id})`;
    const roleArnHere = `arn:${p}:iam::${A}:role${role.path}${role.name}`;
    const out: PlannedCheck[] = [];
    const deny = (action: string, resource: string, what: string) =>
        out.push({
            role: role.name,
            kind: "outside-permission",
            title: `${action} on ${what} of ${where} is refused (its permissions name account ${cfg.account.name}'s only)`,
            expect: "deny",
            request: {
                principal: `arn:${p}:sts::${A}:assumed-role/${role.name}/report-session`,
                action,
                resource,
                resourceAccount: other.id,
                context: { "aws:PrincipalArn": roleArnHere, "aws:PrincipalAccount": A, "aws:RequestedRegion": region },
                identityPolicies: permissions.identity,
            },
            unread: permissions.unread,
        });
    const logs = role.permissions.logsRead?.logGroups[0];
    if (logs !== undefined) deny("logs:FilterLogEvents", `arn:${p}:logs:${region}:${other.id}:log-group:${logs}`, `log group ${logs}`);
    const table = role.permissions.dynamodbBackup?.tables[0];
    if (table !== undefined) deny("dynamodb:CreateBackup", `arn:${p}:dynamodb:${region}:${other.id}:table/${table}`, `table ${table}`);
    return out;
}
