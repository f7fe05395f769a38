/**
 * verify, the thin SDK layer: one function per AWS call, nothing to decide here.
 * Credentials: the SDK's default chain (or `profile`) for the caller, the assumed role's keys for probes.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeTableCommand, DynamoDBClient, ListBackupsCommand } from "@aws-sdk/client-dynamodb";
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AssumePlan, Caller, Probe } from "./plan";

/** Where to send requests. */
export interface Endpoint {
    region: string;
    /** Any AWS-compatible endpoint (moto, LocalStack); undefined for AWS itself. */
    endpointUrl?: string;
    /** Named profile of the caller; undefined for the default credential chain. */
    profile?: string;
}

/** Temporary credentials of an assumed role. */
export interface SessionCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
}

/** Client settings shared by every client: region, endpoint, and either the caller's profile or the session's keys. */
function clientConfig(at: Endpoint, credentials?: SessionCredentials) {
    return {
        region: at.region,
        maxAttempts: 2,
        ...(at.endpointUrl !== undefined ? { endpoint: at.endpointUrl } : {}),
        ...(credentials ? { credentials } : at.profile !== undefined ? { profile: at.profile } : {}),
    };
}

/** GetCallerIdentity with the caller's credentials, or with a session's. */
export async function getCallerIdentity(at: Endpoint, credentials?: SessionCredentials): Promise<Caller> {
    const sts = new STSClient(clientConfig(at, credentials));
    try {
        const out = await sts.send(new GetCallerIdentityCommand({}));
        return { arn: out.Arn ?? "", account: out.Account ?? "" };
    } finally {
        sts.destroy();
    }
}

/** AssumeRole as planned, for the shortest session (900 s): verify needs only a few reads. */
export async function assumeRole(at: Endpoint, plan: Extract<AssumePlan, { ok: true }>, tokenCode: string | undefined): Promise<SessionCredentials> {
    const sts = new STSClient(clientConfig(at));
    try {
        const out = await sts.send(
            new AssumeRoleCommand({
                RoleArn: plan.roleArn,
                RoleSessionName: plan.sessionName,
                DurationSeconds: 900,
                ...(plan.externalId !== undefined ? { ExternalId: plan.externalId } : {}),
                ...(plan.mfa ? { SerialNumber: plan.mfa.serial, TokenCode: tokenCode } : {}),
                ...(plan.sourceIdentity !== undefined ? { SourceIdentity: plan.sourceIdentity } : {}),
            }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error("AssumeRole returned no credentials");
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    } finally {
        sts.destroy();
    }
}

/** Runs one probe with the assumed role's credentials; returns a short description of what it saw. */
export async function runProbe(at: Endpoint, credentials: SessionCredentials, probe: Probe): Promise<string> {
    const here: Endpoint = { ...at, region: probe.region };
    switch (probe.service) {
        case "logs": {
            const logs = new CloudWatchLogsClient(clientConfig(here, credentials));
            try {
                const out = await logs.send(new FilterLogEventsCommand({ logGroupName: probe.logGroupName, limit: 1 }));
                return `${out.events?.length ?? 0} event(s) read`;
            } finally {
                logs.destroy();
            }
        }
        case "dynamodb": {
            const ddb = new DynamoDBClient(clientConfig(here, credentials));
            try {
                if (probe.action === "dynamodb:DescribeTable") {
                    const out = await ddb.send(new DescribeTableCommand({ TableName: probe.tableName }));
                    return `status ${out.Table?.TableStatus ?? "unknown"}`;
                }
                const out = await ddb.send(new ListBackupsCommand({ TableName: probe.tableName }));
                return `${out.BackupSummaries?.length ?? 0} backup(s)`;
            } finally {
                ddb.destroy();
            }
        }
        case "s3": {
            // A custom endpoint (moto, LocalStack) serves buckets by path, not by host name.
            const s3 = new S3Client({ ...clientConfig(here, credentials), forcePathStyle: at.endpointUrl !== undefined });
            try {
                if (probe.action === "s3:ListAllMyBuckets") {
                    const out = await s3.send(new ListBucketsCommand({}));
                    return `${out.Buckets?.length ?? 0} bucket(s) listed`;
                }
                const out = await s3.send(new ListObjectsV2Command({ Bucket: probe.bucket, MaxKeys: 1, ...(probe.prefix ? { Prefix: probe.prefix } : {}) }));
                return `${out.KeyCount ?? 0} key(s) listed`;
            } finally {
                s3.destroy();
            }
        }
    }
}
