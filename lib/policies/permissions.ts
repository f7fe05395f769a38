/** What a role of account A may do: its permission presets, each scoped to the named resources. Pure. */
import { dynamodbTableArn, logGroupArn, s3BucketArn, serviceEndpoint } from "../iam/arns";
import { KMS_KEY_ARN_PATTERN } from "../iam/patterns";
import { one } from "../iam/documents";
import type { CrossAccountConfig, NamedAccount, TargetRoleSpec } from "../model/config";
import type { ConditionBlock, PolicyDocument, PolicyStatement } from "../model/policy";

/** Actions of each permission preset, exactly. */
export const PRESET_ACTIONS = {
    logsRead: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
    logsDescribeGroups: ["logs:DescribeLogGroups"],
    dynamodbBackupTable: ["dynamodb:CreateBackup", "dynamodb:DescribeTable"],
    dynamodbBackupDescribe: ["dynamodb:DescribeBackup"],
    dynamodbBackupList: ["dynamodb:ListBackups"],
    s3ListAllBuckets: ["s3:ListAllMyBuckets"],
    s3List: ["s3:ListBucket"],
    s3Read: ["s3:GetObject"],
    s3ReadWrite: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
    /** SSE-KMS objects: GetObject decrypts their data key. */
    s3ReadKms: ["kms:Decrypt"],
    /** PutObject asks for a new data key; a multipart upload also decrypts it to finish. */
    s3ReadWriteKms: ["kms:Decrypt", "kms:GenerateDataKey"],
} as const;

/**
 * Inline permission policy of a role in `cfg.account` (the stack's account, one of the role's): one
 * statement per preset, each scoped to the named resources of that account. Actions that IAM cannot scope to a resource (DescribeLogGroups, ListBackups,
 * ListAllMyBuckets) get `*`; the first two are held to the stack's region with `aws:RequestedRegion`.
 * Undefined when the role has only managed policies.
 */
export function permissionPolicy(
    cfg: Pick<CrossAccountConfig, "partition" | "region"> & { account: Pick<NamedAccount, "id"> },
    role: Pick<TargetRoleSpec, "permissions">,
): PolicyDocument | undefined {
    const p = role.permissions;
    const { partition, region } = cfg;
    const account = cfg.account.id;
    const inRegion: ConditionBlock = { StringEquals: { "aws:RequestedRegion": region } };
    const st: PolicyStatement[] = [];
    if (p.logsRead) {
        const groups = p.logsRead.logGroups.map((g) => logGroupArn(partition, region, account, g));
        st.push({ Sid: "ReadLogGroups", Effect: "Allow", Action: [...PRESET_ACTIONS.logsRead], Resource: groups.flatMap((g) => [g, `${g}:*`]) });
        st.push({ Sid: "DescribeLogGroupsInRegion", Effect: "Allow", Action: one([...PRESET_ACTIONS.logsDescribeGroups]), Resource: "*", Condition: inRegion });
    }
    if (p.dynamodbBackup) {
        const tables = p.dynamodbBackup.tables.map((t) => dynamodbTableArn(partition, region, account, t));
        st.push({ Sid: "BackupTables", Effect: "Allow", Action: [...PRESET_ACTIONS.dynamodbBackupTable], Resource: one(tables) });
        st.push({
            Sid: "DescribeTableBackups",
            Effect: "Allow",
            Action: one([...PRESET_ACTIONS.dynamodbBackupDescribe]),
            Resource: one(tables.map((t) => `${t}/backup/*`)),
        });
        st.push({ Sid: "ListBackupsInRegion", Effect: "Allow", Action: one([...PRESET_ACTIONS.dynamodbBackupList]), Resource: "*", Condition: inRegion });
    }
    if (p.s3ListAllBuckets) {
        st.push({ Sid: "ListAllBuckets", Effect: "Allow", Action: one([...PRESET_ACTIONS.s3ListAllBuckets]), Resource: "*" });
    }
    for (const [preset, sidPart, actions] of [
        ["s3Read", "Read", PRESET_ACTIONS.s3Read],
        ["s3ReadWrite", "ReadWrite", PRESET_ACTIONS.s3ReadWrite],
    ] as const) {
        const s3 = p[preset];
        if (!s3) continue;
        const buckets = s3.buckets.map((b) => s3BucketArn(partition, b));
        const list: PolicyStatement = { Sid: `List${sidPart}Buckets`, Effect: "Allow", Action: one([...PRESET_ACTIONS.s3List]), Resource: one(buckets) };
        if (s3.prefix) list.Condition = { StringLike: { "s3:prefix": [s3.prefix, `${s3.prefix}*`] } };
        st.push(list);
        st.push({ Sid: `${sidPart}Objects`, Effect: "Allow", Action: one([...actions]), Resource: one(buckets.map((b) => `${b}/${s3.prefix ?? ""}*`)) });
        const keys = s3.kmsKeyArns ?? [];
        if (keys.length > 0) {
            // Only S3 may use the keys for the role, in each key's own region (an SSE-KMS bucket's key is in its region).
            const regions = [...new Set(keys.map((k) => KMS_KEY_ARN_PATTERN.exec(k)?.[2] ?? region))];
            st.push({
                Sid: `UseKmsKeysTo${sidPart}Objects`,
                Effect: "Allow",
                Action: one([...PRESET_ACTIONS[`${preset}Kms`]]),
                Resource: one(keys),
                Condition: { StringEquals: { "kms:ViaService": one(regions.map((r) => serviceEndpoint(partition, "s3", r))) } },
            });
        }
    }
    st.push(...customStatements(p.statements));
    return st.length > 0 ? { Version: "2012-10-17", Statement: st } : undefined;
}

/** Custom statements as written, each given a Sid when it has none (`Custom<index>`): for target roles and sources alike. */
export function customStatements(statements: readonly PolicyStatement[]): PolicyStatement[] {
    return statements.map((s, i) => ({ ...s, Sid: s.Sid ?? `Custom${i}` }));
}
