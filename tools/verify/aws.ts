/**
 * verify, the thin SDK layer: one function per AWS call, nothing to decide here.
 * Credentials: the SDK's default chain (or `profile`) for the caller, the assumed role's keys for probes.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeTableCommand, DynamoDBClient, ListBackupsCommand } from "@aws-sdk/client-dynamodb";
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { REQUEST_TARGET, RequestTarget, ServiceId } from "./request-target";
import type { AssumePlan, Caller, Probe } from "./probes";

/** Where to send requests. */
export interface Endpoint {
    region: string;
    /**
     * --endpoint-url: any AWS-compatible endpoint (moto, LocalStack), for every service. Undefined
     * lets the SDK pick: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's endpoint_url, else AWS.
     */
    endpointUrl?: string;
    /** The endpoint variables set in the environment (what the SDK reads when endpointUrl is undefined). */
    configured: ConfiguredEndpoint[];
    /** Named profile of the caller; undefined for the default credential chain. */
    profile?: string;
    /**
     * How long one request may take, milliseconds: an endpoint that accepts the connection and never
     * answers must not hold verify forever. @default REQUEST_TIMEOUT_MS
     */
    timeoutMs?: number;
}

/** The longest one AWS request of verify may take (each is a small read); the connection gets a third of it. */
export const REQUEST_TIMEOUT_MS = 15000;

/** One endpoint variable of the environment, e.g. AWS_ENDPOINT_URL_STS=http://127.0.0.1:5000. */
export interface ConfiguredEndpoint {
    variable: string;
    url: string;
}

const SERVICE_IDS: readonly ServiceId[] = ["STS", "CloudWatch Logs", "DynamoDB", "S3"];

/** The SDK's per-service endpoint variable: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, … */
export function serviceEndpointVariable(service: ServiceId): string {
    return ["AWS_ENDPOINT_URL", ...service.split(" ").map((w) => w.toUpperCase())].join("_");
}

/**
 * The endpoint variables of `env` that the SDK honours for verify's services: AWS_ENDPOINT_URL,
 * then each AWS_ENDPOINT_URL_<SERVICE>; none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true.
 */
export function configuredEndpoints(env: NodeJS.ProcessEnv): ConfiguredEndpoint[] {
    if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true") return [];
    const out: ConfiguredEndpoint[] = [];
    for (const variable of ["AWS_ENDPOINT_URL", ...SERVICE_IDS.map(serviceEndpointVariable)]) {
        const url = env[variable];
        if (url) out.push({ variable, url });
    }
    return out;
}

/** The setting that points a service at its endpoint, as the SDK ranks them; undefined for the profile's or AWS's own. */
export function endpointSetBy(at: Pick<Endpoint, "endpointUrl" | "configured">, service: ServiceId): ConfiguredEndpoint | undefined {
    if (at.endpointUrl !== undefined) return { variable: "--endpoint-url", url: at.endpointUrl };
    const own = serviceEndpointVariable(service);
    return at.configured.find((c) => c.variable === own) ?? at.configured.find((c) => c.variable === "AWS_ENDPOINT_URL");
}

/** Temporary credentials of an assumed role. */
export interface SessionCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
}

/** Client settings shared by every client: region, --endpoint-url, and either the caller's profile or the session's keys. */
function clientConfig(at: Endpoint, credentials?: SessionCredentials) {
    return {
        region: at.region,
        maxAttempts: 2,
        // throwOnRequestTimeout: without it, @smithy/node-http-handler only logs a warning when requestTimeout passes, and waits on.
        requestHandler: {
            requestTimeout: at.timeoutMs ?? REQUEST_TIMEOUT_MS,
            connectionTimeout: Math.ceil((at.timeoutMs ?? REQUEST_TIMEOUT_MS) / 3),
            throwOnRequestTimeout: true,
        },
        // Only --endpoint-url is passed: an explicit endpoint would hide AWS_ENDPOINT_URL_<SERVICE> from the SDK.
        ...(at.endpointUrl !== undefined ? { endpoint: at.endpointUrl } : {}),
        ...(credentials ? { credentials } : at.profile !== undefined ? { profile: at.profile } : {}),
    };
}

/** The origin (scheme, host, port) of a request the SDK built, if it is an HTTP request. */
function requestOrigin(request: unknown): string | undefined {
    if (typeof request !== "object" || request === null) return undefined;
    const r = request as { protocol?: unknown; hostname?: unknown; port?: unknown };
    if (typeof r.protocol !== "string" || typeof r.hostname !== "string") return undefined;
    const scheme = r.protocol.endsWith(":") ? r.protocol : `${r.protocol}:`;
    return `${scheme}//${r.hostname}${typeof r.port === "number" ? `:${r.port}` : ""}`;
}

/** What `withClient` needs of an SDK v3 client. */
interface TrackedClient {
    middlewareStack: { add(middleware: never, options: { step: "build"; name: string }): void };
    destroy(): void;
}

/**
 * Runs `use` with `client`, then destroys it. While it runs, a build-step middleware (the SDK has
 * resolved the endpoint by then) records where requests go, and an error thrown carries that
 * RequestTarget, so that a network error can name the endpoint it could not reach.
 */
async function withClient<C extends TrackedClient, T>(client: C, service: ServiceId, at: Endpoint, use: (client: C) => Promise<T>): Promise<T> {
    const setBy = endpointSetBy(at, service);
    const target: RequestTarget = { service, ...(setBy ? { url: setBy.url, setBy: setBy.variable } : {}) };
    const middleware =
        <A extends { request: unknown }, R>(next: (args: A) => Promise<R>) =>
        (args: A): Promise<R> => {
            target.url = requestOrigin(args.request) ?? target.url;
            return next(args);
        };
    client.middlewareStack.add(middleware as never, { step: "build", name: "verifyRequestTarget" });
    try {
        return await use(client);
    } catch (e) {
        if (typeof e === "object" && e !== null) Object.assign(e, { [REQUEST_TARGET]: target });
        throw e;
    } finally {
        client.destroy();
    }
}

/** GetCallerIdentity with the caller's credentials, or with a session's. */
export async function getCallerIdentity(at: Endpoint, credentials?: SessionCredentials): Promise<Caller> {
    return withClient(new STSClient(clientConfig(at, credentials)), "STS", at, async (sts) => {
        const out = await sts.send(new GetCallerIdentityCommand({}));
        return { arn: out.Arn ?? "", account: out.Account ?? "" };
    });
}

/** AssumeRole as planned, for the shortest session (900 s): verify needs only a few reads. */
export async function assumeRole(at: Endpoint, plan: Extract<AssumePlan, { ok: true }>, tokenCode: string | undefined): Promise<SessionCredentials> {
    return withClient(new STSClient(clientConfig(at)), "STS", at, async (sts) => {
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
    });
}

/** Runs one probe with the assumed role's credentials; returns a short description of what it saw. */
export async function runProbe(at: Endpoint, credentials: SessionCredentials, probe: Probe): Promise<string> {
    const here: Endpoint = { ...at, region: probe.region };
    switch (probe.service) {
        case "logs":
            return withClient(new CloudWatchLogsClient(clientConfig(here, credentials)), "CloudWatch Logs", here, async (logs) => {
                const out = await logs.send(new FilterLogEventsCommand({ logGroupName: probe.logGroupName, limit: 1 }));
                return `${out.events?.length ?? 0} event(s) read`;
            });
        case "dynamodb":
            return withClient(new DynamoDBClient(clientConfig(here, credentials)), "DynamoDB", here, async (ddb) => {
                if (probe.action === "dynamodb:DescribeTable") {
                    const out = await ddb.send(new DescribeTableCommand({ TableName: probe.tableName }));
                    return `status ${out.Table?.TableStatus ?? "unknown"}`;
                }
                const out = await ddb.send(new ListBackupsCommand({ TableName: probe.tableName }));
                return `${out.BackupSummaries?.length ?? 0} backup(s)`;
            });
        case "s3": {
            // A custom endpoint (moto, LocalStack; from --endpoint-url or the environment) serves buckets by path, not by host name.
            const s3 = new S3Client({ ...clientConfig(here, credentials), forcePathStyle: endpointSetBy(here, "S3") !== undefined });
            return withClient(s3, "S3", here, async (client) => {
                if (probe.action === "s3:ListAllMyBuckets") {
                    const out = await client.send(new ListBucketsCommand({}));
                    return `${out.Buckets?.length ?? 0} bucket(s) listed`;
                }
                const out = await client.send(
                    new ListObjectsV2Command({ Bucket: probe.bucket, MaxKeys: 1, ...(probe.prefix ? { Prefix: probe.prefix } : {}) }),
                );
                return `${out.KeyCount ?? 0} key(s) listed`;
            });
        }
    }
}
