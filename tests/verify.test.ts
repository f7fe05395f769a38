/**
 * `npm run verify`: pure planning and explanations, then end to end against moto_server on
 * 127.0.0.1 (two accounts, roles created from the rendered stacks), and the failure paths against
 * a tiny local endpoint that answers like AWS does when access is denied.
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as http from "http";
import * as net from "net";
import { tmpdir } from "os";
import * as path from "path";
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { RoleClientConfig } from "../lib/model/outputs";
import type { TargetRoleOutput } from "../lib/model/outputs";
import type { RenderResult } from "../tools/shared/mock-runtime";
import { findOnPath, main, parseVerifyArgs } from "../tools/verify/main";
import { configuredEndpoints, endpointSetBy, getCallerIdentity } from "../tools/verify/aws";
import { errorInfo, explainAssumeRoleFailure, explainCallerFailure, explainProbeFailure } from "../tools/verify/explain";
import { REQUEST_TARGET } from "../tools/verify/request-target";
import { matchSource, parseVerifyInput, planAssumeRole, planProbes } from "../tools/verify/probes";
import { summaryTable } from "../tools/verify/run";
import { MOTO_ENDPOINT_ENV } from "./global-fixtures";
import { ACCOUNT_A, ACCOUNT_B, awsResources, renderBoth } from "./harness";

const SHIPPER = `arn:aws:iam::${ACCOUNT_B}:role/cross-account/log-shipper`;
const READER = `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`;
const SHIPPER_SESSION = `arn:aws:sts::${ACCOUNT_B}:assumed-role/log-shipper/i-0123456789abcdef0`;
const OPTS = { sessionName: "cross-account-verify" };

function readerRole(overrides: Partial<TargetRoleOutput> = {}): TargetRoleOutput {
    return {
        arn: READER,
        name: "log-reader",
        path: "/cross-account/",
        trustMode: "principal",
        maxSessionDuration: 3600,
        trustedSources: [{ source: "log-shipper", kind: "service-role", principalArns: [SHIPPER], externalId: false }],
        resources: { region: "eu-west-1", logGroups: ["/app/cron"], dynamodbTables: [], s3ListAllBuckets: false },
        managedPolicyArns: [],
        ...overrides,
    };
}

describe("verify: planning (pure)", () => {
    it("plans one read per preset resource: FilterLogEvents, DescribeTable + ListBackups, ListObjectsV2 with the prefix, ListBuckets", () => {
        const role = readerRole({
            resources: {
                region: "eu-west-1",
                logGroups: ["/app/cron"],
                dynamodbTables: ["orders"],
                s3ListAllBuckets: true,
                s3Read: { buckets: ["acme-reports"], prefix: "daily/" },
                s3ReadWrite: { buckets: ["acme-drop"] },
            },
        });
        assert.deepEqual(planProbes(role), [
            { service: "logs", action: "logs:FilterLogEvents", logGroupName: "/app/cron", region: "eu-west-1" },
            { service: "dynamodb", action: "dynamodb:DescribeTable", tableName: "orders", region: "eu-west-1" },
            { service: "dynamodb", action: "dynamodb:ListBackups", tableName: "orders", region: "eu-west-1" },
            { service: "s3", action: "s3:ListBucket", bucket: "acme-reports", region: "eu-west-1", preset: "s3Read", prefix: "daily/" },
            { service: "s3", action: "s3:ListBucket", bucket: "acme-drop", region: "eu-west-1", preset: "s3ReadWrite" },
            { service: "s3", action: "s3:ListAllMyBuckets", region: "eu-west-1" },
        ]);
    });

    it("matches an assumed-role session to the role source of the same name and account, whatever its path", () => {
        const trusted = readerRole().trustedSources;
        assert.deepEqual(matchSource({ arn: SHIPPER_SESSION, account: ACCOUNT_B }, trusted, ACCOUNT_B), { trust: trusted[0], how: "exact" });
        assert.equal(matchSource({ arn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/other/s`, account: ACCOUNT_B }, trusted, ACCOUNT_B), undefined);
        assert.equal(matchSource({ arn: `arn:aws:sts::333333333333:assumed-role/log-shipper/s`, account: "333333333333" }, trusted, ACCOUNT_B), undefined);
    });

    it("matches an IAM user to its user source first, then to a group source, then to the account root", () => {
        const user = { source: "alice", kind: "user" as const, principalArns: [`arn:aws:iam::${ACCOUNT_B}:user/people/alice`], externalId: false };
        const group = { source: "ops", kind: "group" as const, principalArns: [], externalId: false, mfaMaxAgeSeconds: 3600 };
        const root = { source: "b", kind: "account-root" as const, principalArns: [], externalId: true };
        const alice = { arn: `arn:aws:iam::${ACCOUNT_B}:user/people/alice`, account: ACCOUNT_B };
        const bob = { arn: `arn:aws:iam::${ACCOUNT_B}:user/bob`, account: ACCOUNT_B };
        assert.deepEqual(matchSource(alice, [group, user, root], ACCOUNT_B), { trust: user, how: "exact" });
        assert.deepEqual(matchSource(bob, [group, user, root], ACCOUNT_B), { trust: group, how: "member" });
        assert.deepEqual(matchSource({ arn: SHIPPER_SESSION, account: ACCOUNT_B }, [group, user, root], ACCOUNT_B), { trust: root, how: "account" });
    });

    it("sends the ExternalId only when the matched source requires it, and refuses when it was read without --show-secrets", () => {
        const role = readerRole({ trustedSources: [{ source: "log-shipper", kind: "service-role", principalArns: [SHIPPER], externalId: true }] });
        const match = { trust: role.trustedSources[0], how: "exact" as const };
        const client = { externalId: "vendor-7f3a" } as RoleClientConfig;
        assert.deepEqual(planAssumeRole("log-reader", role, match, client, false, OPTS), {
            ok: true,
            roleArn: READER,
            sessionName: "cross-account-verify",
            externalId: "vendor-7f3a",
        });
        assert.deepEqual(planAssumeRole("log-reader", readerRole(), { trust: readerRole().trustedSources[0], how: "exact" }, client, false, OPTS), {
            ok: true,
            roleArn: READER,
            sessionName: "cross-account-verify",
        });
        assert.deepEqual(planAssumeRole("log-reader", role, match, undefined, true, OPTS), {
            ok: false,
            problem:
                'role log-reader requires an ExternalId, but clientConfig was read without --show-secrets ("[secret]"); use `pulumi stack output --json --show-secrets -s account-a`',
        });
    });

    it("uses a user source's own MFA device by default, and asks for a serial or a source identity it cannot guess", () => {
        const alice = {
            source: "alice",
            kind: "user" as const,
            principalArns: [`arn:aws:iam::${ACCOUNT_B}:user/people/alice`],
            externalId: false,
            mfaMaxAgeSeconds: 3600,
        };
        const role = readerRole({ trustedSources: [alice] });
        assert.deepEqual(planAssumeRole("log-reader", role, { trust: alice, how: "exact" }, undefined, false, { ...OPTS, tokenCode: "123456" }), {
            ok: true,
            roleArn: READER,
            sessionName: "cross-account-verify",
            mfa: { serial: `arn:aws:iam::${ACCOUNT_B}:mfa/alice`, tokenCode: "123456" },
        });
        const ops = { source: "ops", kind: "group" as const, principalArns: [], externalId: false, mfaMaxAgeSeconds: 3600 };
        assert.deepEqual(planAssumeRole("log-reader", readerRole({ trustedSources: [ops] }), { trust: ops, how: "member" }, undefined, false, OPTS), {
            ok: false,
            problem: "role log-reader requires MFA for source ops; pass --mfa-serial <MFA device ARN> and --token-code <code>",
        });
        const auditor = { ...alice, mfaMaxAgeSeconds: undefined, sourceIdentity: { required: true, allowed: ["ops-*"] } };
        assert.deepEqual(planAssumeRole("log-reader", readerRole({ trustedSources: [auditor] }), { trust: auditor, how: "exact" }, undefined, false, OPTS), {
            ok: false,
            problem: "role log-reader requires a source identity for source alice; pass --source-identity <value> matching ops-*",
        });
    });

    it("rejects account-b's outputs and outputs of another program, saying what to run", () => {
        assert.throws(() => parseVerifyInput('{"side":"source","sources":{}}'), {
            message: "these are account-b's outputs (side: source); verify needs account-a's: `pulumi stack output --json --show-secrets -s account-a`",
        });
        assert.throws(() => parseVerifyInput("not json"), {
            message: "the stack outputs are not JSON; expected the text of `pulumi stack output --json --show-secrets -s account-a`",
        });
        assert.deepEqual(parseVerifyInput(JSON.stringify({ side: "target", targetAccountId: ACCOUNT_A, roles: {}, clientConfig: "[secret]" })), {
            targetAccountId: ACCOUNT_A,
            roles: {},
            clientConfig: undefined,
            clientConfigHidden: true,
        });
    });

    it("parses the command line, with cross-account-verify as the default session name", () => {
        assert.deepEqual(parseVerifyArgs(["--outputs", "-", "--role", "a", "--role", "b", "--endpoint-url", "http://127.0.0.1:5000"]), {
            outputs: "-",
            stack: "account-a",
            profile: undefined,
            region: undefined,
            endpointUrl: "http://127.0.0.1:5000",
            roles: ["a", "b"],
            mfaSerial: undefined,
            tokenCode: undefined,
            sourceIdentity: undefined,
            sessionName: "cross-account-verify",
            help: false,
        });
        assert.throws(() => parseVerifyArgs(["--session-name", "a b"]), { message: "--session-name a b: expected 2 to 64 characters from [A-Za-z0-9+=,.@_-]" });
    });

    it("without --endpoint-url, leaves endpoints to the SDK's variables, per service first, and none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", () => {
        const env = {
            AWS_ENDPOINT_URL: "http://127.0.0.1:4566",
            AWS_ENDPOINT_URL_STS: "http://127.0.0.1:5000",
            AWS_ENDPOINT_URL_IAM: "http://127.0.0.1:6000",
            AWS_ENDPOINT_URL_S3: "",
        };
        const configured = configuredEndpoints(env);
        assert.deepEqual(configured, [
            { variable: "AWS_ENDPOINT_URL", url: "http://127.0.0.1:4566" },
            { variable: "AWS_ENDPOINT_URL_STS", url: "http://127.0.0.1:5000" },
        ]);
        assert.deepEqual(endpointSetBy({ configured }, "STS"), { variable: "AWS_ENDPOINT_URL_STS", url: "http://127.0.0.1:5000" });
        assert.deepEqual(endpointSetBy({ configured }, "CloudWatch Logs"), { variable: "AWS_ENDPOINT_URL", url: "http://127.0.0.1:4566" });
        assert.deepEqual(endpointSetBy({ configured, endpointUrl: "http://127.0.0.1:7000" }, "STS"), {
            variable: "--endpoint-url",
            url: "http://127.0.0.1:7000",
        });
        assert.deepEqual(configuredEndpoints({ ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }), []);
    });

    it("aligns the summary table in columns", () => {
        assert.deepEqual(
            summaryTable([
                { role: "log-reader", check: "sts:AssumeRole", target: "log-reader", result: "ok" },
                { role: "log-reader", check: "logs:FilterLogEvents", target: "/app/cron", result: "FAIL" },
            ]),
            [
                "ROLE        CHECK                 TARGET      RESULT",
                "log-reader  sts:AssumeRole        log-reader  ok",
                "log-reader  logs:FilterLogEvents  /app/cron   FAIL",
            ],
        );
    });
});

describe("verify: explanations (pure)", () => {
    const base = {
        roleName: "log-reader",
        role: readerRole(),
        caller: { arn: SHIPPER_SESSION, account: ACCOUNT_B },
        sourceAccountId: ACCOUNT_B,
        match: { trust: readerRole().trustedSources[0], how: "exact" as const },
        sentExternalId: false,
        sentMfa: false,
        sentSourceIdentity: false,
    };
    const denied = { code: "AccessDenied", message: "not authorized to perform: sts:AssumeRole" };

    it("AccessDenied for a named caller: B's principal recreated (run pulumi up -s account-a again), B's grant, or no such role", () => {
        assert.deepEqual(explainAssumeRoleFailure(denied, base), [
            "account B's role log-shipper was recreated after account-a was deployed, so A's trust policy points at the dead unique id of the old one: run `pulumi up -s account-a` again",
            "account B does not grant sts:AssumeRole on arn:aws:iam::111111111111:role/cross-account/log-reader to the caller (account-b not deployed or outdated): run `pulumi up -s account-b`, then `pulumi up -s account-a`",
            "the role does not exist (STS answers AccessDenied for an unknown role): account-a is not deployed, or it was deployed to another account than 111111111111",
        ]);
    });

    it("AccessDenied from another account: wrong profile or credentials", () => {
        const lines = explainAssumeRoleFailure(denied, {
            ...base,
            caller: { arn: "arn:aws:iam::999999999999:user/me", account: "999999999999" },
            match: undefined,
        });
        assert.equal(
            lines[0],
            "your credentials are in account 999999999999, but log-reader trusts account B 222222222222: wrong profile or credentials? (--profile, AWS_PROFILE)",
        );
    });

    it("AccessDenied for a caller the trust does not name, or without the ExternalId / MFA the trust requires", () => {
        const other = { arn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/other/s`, account: ACCOUNT_B };
        assert.equal(
            explainAssumeRoleFailure(denied, { ...base, caller: other, match: undefined })[0],
            `the trust policy does not name the caller ${other.arn}; it trusts ${SHIPPER}: wrong profile or credentials?`,
        );
        const strict = { ...readerRole().trustedSources[0], externalId: true, mfaMaxAgeSeconds: 900 };
        assert.deepEqual(explainAssumeRoleFailure(denied, { ...base, match: { trust: strict, how: "exact" } }).slice(0, 2), [
            "the trust requires an ExternalId and none was sent: read the outputs with --show-secrets",
            "the trust requires MFA and none was sent: pass --mfa-serial and --token-code",
        ]);
    });

    it("AccessDenied for a caller named by an existing source in principal mode: its principal recreated, no diff forced, so change the trust or use principal-arn", () => {
        const ci = {
            source: "ci",
            kind: "existing" as const,
            principalArns: [`arn:aws:iam::${ACCOUNT_B}:user/ops/alice`, `arn:aws:iam::${ACCOUNT_B}:role/deploy/ci-deployer`],
            externalId: false,
        };
        const ctx = {
            ...base,
            role: readerRole({ trustedSources: [ci] }),
            caller: { arn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/ci-deployer/build-42`, account: ACCOUNT_B },
            match: { trust: ci, how: "exact" as const },
        };
        const notGranted = `account B does not grant sts:AssumeRole on ${READER} to the caller (account-b not deployed or outdated): run \`pulumi up -s account-b\`, then \`pulumi up -s account-a\``;
        const noRole =
            "the role does not exist (STS answers AccessDenied for an unknown role): account-a is not deployed, or it was deployed to another account than 111111111111";
        assert.deepEqual(explainAssumeRoleFailure(denied, ctx), [
            "account B's role arn:aws:iam::222222222222:role/deploy/ci-deployer (existing source ci) was recreated after account-a was deployed, so A's trust policy points at the dead unique id of the old one; account-b exports no unique id for an existing source, so `pulumi up -s account-a` alone sees no diff: run `pulumi up -s account-a --refresh` (the refresh reads back the dead id, so the update re-writes the trust), or set `trustMode: principal-arn` on log-reader",
            notGranted,
            noRole,
        ]);
        // principal-arn mode trusts the ARN, not the unique id: a recreated principal is not a cause.
        assert.deepEqual(explainAssumeRoleFailure(denied, { ...ctx, role: readerRole({ trustMode: "principal-arn", trustedSources: [ci] }) }), [
            notGranted,
            noRole,
        ]);
    });

    it("an endpoint that cannot be reached is named with the setting that chose it, and never blamed on credentials", () => {
        assert.equal(
            explainCallerFailure({
                code: "ENOTFOUND",
                message: "getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com",
                target: { service: "STS", url: "https://sts.eu-west-1.amazonaws.com" },
            }),
            "could not reach STS at https://sts.eu-west-1.amazonaws.com: host name not found (DNS). A network or endpoint problem, not your credentials: check --region, and that the endpoint is up and reachable from here (network, VPN, proxy, firewall); for an AWS-compatible endpoint, pass --endpoint-url",
        );
        assert.equal(
            explainCallerFailure({
                code: "TimeoutError",
                message: "socket timed out",
                target: { service: "STS", url: "http://10.0.0.5:4566", setBy: "AWS_ENDPOINT_URL_STS" },
            }),
            "could not reach STS at http://10.0.0.5:4566 (AWS_ENDPOINT_URL_STS): no answer in time (timeout). A network or endpoint problem, not your credentials: check AWS_ENDPOINT_URL_STS (or pass --endpoint-url), and that the endpoint is up and reachable from here (network, VPN, proxy, firewall)",
        );
        assert.equal(
            explainAssumeRoleFailure(
                { code: "ECONNRESET", message: "socket hang up", target: { service: "STS", url: "http://127.0.0.1:5000", setBy: "--endpoint-url" } },
                base,
            )[0],
            "could not reach STS at http://127.0.0.1:5000 (--endpoint-url): connection reset. A network or endpoint problem, not your credentials: check --endpoint-url, and that the endpoint is up and reachable from here (network, VPN, proxy, firewall)",
        );
        assert.equal(
            explainCallerFailure({ code: "InvalidClientTokenId", message: "The security token included in the request is invalid." }),
            "no usable credentials for account B: pass --profile, set AWS_PROFILE, or sign in (aws sso login); check --endpoint-url and --region",
        );
        assert.equal(
            explainCallerFailure({ code: "UnknownError", message: "404", target: { service: "STS", url: "http://127.0.0.1:8080", setBy: "--endpoint-url" } }),
            "unexpected answer from STS at http://127.0.0.1:8080 (--endpoint-url): check that the endpoint is an AWS-compatible one (--endpoint-url, AWS_ENDPOINT_URL) and --region, then your credentials (--profile, AWS_PROFILE)",
        );
    });

    it("reads the code, message and request target of a thrown error", () => {
        const e = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
            code: "ECONNREFUSED",
            [REQUEST_TARGET]: { service: "STS", url: "http://127.0.0.1:1" },
        });
        assert.deepEqual(errorInfo(e), {
            code: "ECONNREFUSED",
            message: "connect ECONNREFUSED 127.0.0.1:1",
            target: { service: "STS", url: "http://127.0.0.1:1" },
        });
    });

    it("NoSuchEntity: account-a not deployed, or deployed to another account", () => {
        assert.deepEqual(explainAssumeRoleFailure({ code: "NoSuchEntity", message: "Role not found" }, base), [
            "role arn:aws:iam::111111111111:role/cross-account/log-reader does not exist: account-a is not deployed (pulumi up -s account-a), or it was deployed to another account than targetAccountId",
        ]);
    });

    it("a denied probe names the preset that does not cover it; a missing resource says so", () => {
        const probe = planProbes(readerRole())[0];
        assert.equal(
            explainProbeFailure({ code: "AccessDeniedException", message: "no" }, probe),
            "logs:FilterLogEvents on /app/cron was denied: the role's logsRead preset does not cover it (or a permissions boundary or SCP denies it); add /app/cron to permissions.logsRead and run `pulumi up -s account-a`",
        );
        assert.equal(
            explainProbeFailure({ code: "ResourceNotFoundException", message: "no" }, probe),
            "/app/cron does not exist in account A (eu-west-1): create it, or fix its name in permissions.logsRead (or set logsRead.create: true to have account-a create it)",
        );
    });
});

// ---------------------------------------------------------------------------------------------
// End to end against moto_server.

const REGION = "eu-west-1";
const EXTERNAL_ID = "vendor-7f3a";
const ENV_KEYS = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
    "AWS_ENDPOINT_URL_DYNAMODB",
    "AWS_ENDPOINT_URL_S3",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
];

function e2eConfig(): Record<string, unknown> {
    return {
        targetAccountId: ACCOUNT_A,
        sourceAccountId: ACCOUNT_B,
        sources: { "log-shipper": { kind: "service-role", service: "ec2", path: "/cross-account/" } },
        targetRoles: {
            "log-reader": {
                path: "/cross-account/",
                trustedSources: ["log-shipper"],
                permissions: {
                    logsRead: { logGroups: ["/app/cron"], create: true, retentionInDays: 30 },
                    dynamodbBackup: { tables: ["orders"] },
                    s3Read: { buckets: ["acme-reports"], prefix: "daily/" },
                    s3ListAllBuckets: true,
                },
            },
            "vendor-reader": {
                trustedSources: [{ source: "log-shipper", externalId: true }],
                permissions: { logsRead: { logGroups: ["/app/cron"] } },
            },
            "stale-reader": { trustedSources: ["log-shipper"], permissions: { logsRead: { logGroups: ["/app/missing"] } } },
        },
        externalIds: { "vendor-reader": EXTERNAL_ID },
        "aws:region": REGION,
    };
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

async function waitUntilAnswering(url: string, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
        const up = await new Promise<boolean>((resolve) => {
            const req = http.get(url, (res) => {
                res.resume();
                resolve(true);
            });
            req.on("error", () => resolve(false));
        });
        if (up) return;
        if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${url} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const DUMMY: Keys = { accessKeyId: "AKIAEXAMPLEDUMMY0001", secretAccessKey: "dummy-secret" };

/** moto maps the keys of an assumed role to the role's account: that is how we act in A or in B. */
async function assume(endpoint: string, roleArn: string, sessionName: string, as: Keys = DUMMY): Promise<Keys> {
    const sts = new STSClient({ region: REGION, endpoint, credentials: as });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
    sts.destroy();
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** Creates in moto what a rendered stack declares; fails on a resource type it does not know, so nothing is silently left out. */
async function createStackResources(endpoint: string, keys: Keys, stack: RenderResult): Promise<void> {
    const iam = new IAMClient({ region: "us-east-1", endpoint, credentials: keys });
    const logs = new CloudWatchLogsClient({ region: REGION, endpoint, credentials: keys });
    for (const r of awsResources(stack)) {
        const i = r.inputs as Record<string, string & number>;
        switch (r.type) {
            case "aws:iam/role:Role":
                await iam.send(
                    new CreateRoleCommand({
                        RoleName: i.name,
                        Path: i.path,
                        AssumeRolePolicyDocument: i.assumeRolePolicy,
                        Description: i.description,
                        MaxSessionDuration: i.maxSessionDuration,
                    }),
                );
                break;
            case "aws:iam/rolePolicy:RolePolicy":
                await iam.send(new PutRolePolicyCommand({ RoleName: i.role, PolicyName: i.name, PolicyDocument: i.policy }));
                break;
            case "aws:iam/instanceProfile:InstanceProfile":
                await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: i.name, Path: i.path }));
                await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: i.name, RoleName: i.role }));
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                await logs.send(new CreateLogGroupCommand({ logGroupName: i.name }));
                await logs.send(new PutRetentionPolicyCommand({ logGroupName: i.name, retentionInDays: i.retentionInDays }));
                break;
            default:
                throw new Error(`the e2e setup does not know how to create ${r.type} ${r.name}`);
        }
    }
    iam.destroy();
    logs.destroy();
}

/** Runs fn with these variables set in process.env (where the SDK reads them), then restores them. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    try {
        return await fn();
    } finally {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    }
}

/** A loopback URL where nothing listens: connecting to it is refused (ECONNREFUSED). */
async function closedPortUrl(): Promise<string> {
    return `http://127.0.0.1:${await freePort()}`;
}

/**
 * Whether the moto end-to-end suite runs: undefined when moto_server is on PATH, else the reason
 * it is skipped; with REQUIRE_MOTO=1 (set by .ci/run) a missing moto_server is an error instead.
 */
function motoSkipReason(env: NodeJS.ProcessEnv): string | undefined {
    if (findOnPath("moto_server", env.PATH)) return undefined;
    if (env.REQUIRE_MOTO === "1") {
        throw new Error("moto_server is not on PATH, but REQUIRE_MOTO=1 (set by .ci/run) requires the end-to-end test to run: pip install 'moto[server]'");
    }
    return "moto_server is not on PATH (pip install 'moto[server]')";
}

/** Runs verify as a function, returning its exit code and printed lines. */
async function runVerifyCli(argv: string[]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await main(argv, { write: (l) => lines.push(...l.split("\n")) });
    return { code, lines };
}

/** A stand-in for AWS on 127.0.0.1: STS (query protocol) and CloudWatch Logs (JSON), answering as configured. */
function fakeAws(answers: { callerArn: string; callerAccount: string; assumeRole: "denied" | "ok"; logs: "denied" | "ok" }): Promise<http.Server> {
    const sts = (body: string) => `<${body.split(">")[0].slice(1)} xmlns="https://sts.amazonaws.com/doc/2011-06-15/">${body.slice(body.indexOf(">") + 1)}`;
    let assumedRole = "";
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
            const target = String(req.headers["x-amz-target"] ?? "");
            if (target.startsWith("Logs_")) {
                if (answers.logs === "denied") {
                    res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
                    res.end(JSON.stringify({ __type: "AccessDeniedException", message: "User is not authorized to perform: logs:FilterLogEvents" }));
                } else {
                    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
                    res.end(JSON.stringify({ events: [] }));
                }
                return;
            }
            const action = new URLSearchParams(body).get("Action");
            const sessionKeys = req.headers.authorization?.includes("ASIAFAKESESSION") ?? false;
            res.setHeader("content-type", "text/xml");
            if (action === "GetCallerIdentity") {
                const [arn, account] = sessionKeys
                    ? [`arn:aws:sts::${ACCOUNT_A}:assumed-role/${assumedRole}/cross-account-verify`, ACCOUNT_A]
                    : [answers.callerArn, answers.callerAccount];
                res.end(
                    sts(
                        `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROAFAKE:s</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
                    ),
                );
            } else if (action === "AssumeRole" && answers.assumeRole === "ok") {
                assumedRole = (new URLSearchParams(body).get("RoleArn") ?? "").split("/").pop() ?? "";
                res.end(
                    sts(
                        `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKESESSION00001</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>x</Arn><AssumedRoleId>AROAFAKE:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
                    ),
                );
            } else {
                res.statusCode = 403;
                const role = new URLSearchParams(body).get("RoleArn") ?? "";
                res.end(
                    sts(
                        `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: ${answers.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${role}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
                    ),
                );
            }
        });
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("verify: end to end against moto_server", function () {
    this.timeout(20000);
    let moto: ChildProcess | undefined;
    let endpoint = "";
    let dir = "";
    let outputsFile = "";
    const savedEnv: Record<string, string | undefined> = {};

    before(async function () {
        // Saved first: the after hook restores them even when this suite is skipped or fails here.
        for (const k of ENV_KEYS) savedEnv[k] = process.env[k];
        const skipReason = motoSkipReason(process.env);
        if (skipReason !== undefined) {
            console.log(`    skipped: ${skipReason}`);
            this.skip();
        }
        for (const k of ENV_KEYS) delete process.env[k];
        // Never reach instance metadata or the user's own AWS files.
        process.env.AWS_EC2_METADATA_DISABLED = "true";
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
        dir = mkdtempSync(path.join(tmpdir(), "verify-e2e-"));
        process.env.AWS_CONFIG_FILE = path.join(dir, "no-config");
        process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, "no-credentials");

        // One moto_server per test run, started early by tests/global-fixtures.ts; our own when run without them.
        const shared = process.env[MOTO_ENDPOINT_ENV];
        if (shared !== undefined) endpoint = shared;
        else {
            const port = await freePort();
            endpoint = `http://127.0.0.1:${port}`;
            moto = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
        }
        await waitUntilAnswering(`${endpoint}/moto-api/`, 15000);

        const { a, b } = await renderBoth(e2eConfig());
        outputsFile = path.join(dir, "account-a.json");
        writeFileSync(outputsFile, JSON.stringify(a.outputs));

        await createStackResources(endpoint, await assume(endpoint, `arn:aws:iam::${ACCOUNT_B}:role/moto-setup`, "setup"), b);
        const inA = await assume(endpoint, `arn:aws:iam::${ACCOUNT_A}:role/moto-setup`, "setup");
        await createStackResources(endpoint, inA, a);
        // The table and the bucket are referenced by the stack, not created by it: they exist in A beforehand.
        const ddb = new DynamoDBClient({ region: REGION, endpoint, credentials: inA });
        await ddb.send(
            new CreateTableCommand({
                TableName: "orders",
                AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
                KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
                BillingMode: "PAY_PER_REQUEST",
            }),
        );
        ddb.destroy();
        const s3 = new S3Client({ region: REGION, endpoint, credentials: inA, forcePathStyle: true });
        await s3.send(new CreateBucketCommand({ Bucket: "acme-reports", CreateBucketConfiguration: { LocationConstraint: REGION } }));
        s3.destroy();

        // The caller: a session of B's EC2 source role, as on the instance (env credentials, the SDK's default chain).
        const caller = await assume(endpoint, SHIPPER, "i-0123456789abcdef0");
        process.env.AWS_ACCESS_KEY_ID = caller.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = caller.secretAccessKey;
        process.env.AWS_SESSION_TOKEN = caller.sessionToken;
    });

    after(async () => {
        if (moto && moto.exitCode === null) {
            const exited = new Promise((resolve) => moto?.once("exit", resolve));
            moto.kill("SIGTERM");
            await exited;
        }
        if (dir) rmSync(dir, { recursive: true, force: true });
        for (const k of ENV_KEYS) {
            if (savedEnv[k] === undefined) delete process.env[k];
            else process.env[k] = savedEnv[k];
        }
    });

    it("assumes each role as B's EC2 role session, shows the assumed identity, reads every preset resource, exits 0", async () => {
        const started = Date.now();
        const { code, lines } = await runVerifyCli(["--outputs", outputsFile, "--endpoint-url", endpoint, "--role", "log-reader", "--role", "vendor-reader"]);
        console.log(`      (verify ran in ${Date.now() - started} ms)`);
        assert.deepEqual(
            lines.map((l) => l.replace(endpoint, "ENDPOINT")),
            [
                "verify: account-a 111111111111, 2 roles, endpoint ENDPOINT",
                `caller: ${SHIPPER_SESSION} (account 222222222222)`,
                "",
                `role log-reader (${READER})`,
                "  as source log-shipper (service-role: the trust names the caller)",
                "  ok    sts:AssumeRole",
                "  ok    sts:GetCallerIdentity  arn:aws:sts::111111111111:assumed-role/log-reader/cross-account-verify",
                "  ok    logs:FilterLogEvents  /app/cron  0 event(s) read",
                "  ok    dynamodb:DescribeTable  orders  status ACTIVE",
                "  ok    dynamodb:ListBackups  orders  0 backup(s)",
                "  ok    s3:ListBucket  s3://acme-reports/daily/  0 key(s) listed",
                "  ok    s3:ListAllMyBuckets  *  1 bucket(s) listed",
                "",
                "role vendor-reader (arn:aws:iam::111111111111:role/vendor-reader)",
                "  as source log-shipper (service-role: the trust names the caller)",
                "  ok    sts:AssumeRole",
                "  ok    sts:GetCallerIdentity  arn:aws:sts::111111111111:assumed-role/vendor-reader/cross-account-verify",
                "  ok    logs:FilterLogEvents  /app/cron  0 event(s) read",
                "",
                "summary",
                "ROLE           CHECK                   TARGET                                                                     RESULT",
                "log-reader     sts:AssumeRole          log-reader                                                                 ok",
                "log-reader     sts:GetCallerIdentity   arn:aws:sts::111111111111:assumed-role/log-reader/cross-account-verify     ok",
                "log-reader     logs:FilterLogEvents    /app/cron                                                                  ok",
                "log-reader     dynamodb:DescribeTable  orders                                                                     ok",
                "log-reader     dynamodb:ListBackups    orders                                                                     ok",
                "log-reader     s3:ListBucket           s3://acme-reports/daily/                                                   ok",
                "log-reader     s3:ListAllMyBuckets     *                                                                          ok",
                "vendor-reader  sts:AssumeRole          vendor-reader                                                              ok",
                "vendor-reader  sts:GetCallerIdentity   arn:aws:sts::111111111111:assumed-role/vendor-reader/cross-account-verify  ok",
                "vendor-reader  logs:FilterLogEvents    /app/cron                                                                  ok",
                "10 checks passed",
            ],
        );
        assert.equal(code, 0);
    });

    it("with AWS_ENDPOINT_URL alone (no --endpoint-url), the SDK sends every call there, and S3 by path", async () => {
        const { code, lines } = await withEnv({ AWS_ENDPOINT_URL: endpoint }, () => runVerifyCli(["--outputs", outputsFile, "--role", "log-reader"]));
        assert.deepEqual(
            lines.map((l) => l.replace(endpoint, "ENDPOINT")),
            [
                "verify: account-a 111111111111, 1 role, endpoint ENDPOINT (AWS_ENDPOINT_URL)",
                `caller: ${SHIPPER_SESSION} (account 222222222222)`,
                "",
                `role log-reader (${READER})`,
                "  as source log-shipper (service-role: the trust names the caller)",
                "  ok    sts:AssumeRole",
                "  ok    sts:GetCallerIdentity  arn:aws:sts::111111111111:assumed-role/log-reader/cross-account-verify",
                "  ok    logs:FilterLogEvents  /app/cron  0 event(s) read",
                "  ok    dynamodb:DescribeTable  orders  status ACTIVE",
                "  ok    dynamodb:ListBackups  orders  0 backup(s)",
                "  ok    s3:ListBucket  s3://acme-reports/daily/  0 key(s) listed",
                "  ok    s3:ListAllMyBuckets  *  1 bucket(s) listed",
                "",
                "summary",
                "ROLE        CHECK                   TARGET                                                                  RESULT",
                "log-reader  sts:AssumeRole          log-reader                                                              ok",
                "log-reader  sts:GetCallerIdentity   arn:aws:sts::111111111111:assumed-role/log-reader/cross-account-verify  ok",
                "log-reader  logs:FilterLogEvents    /app/cron                                                               ok",
                "log-reader  dynamodb:DescribeTable  orders                                                                  ok",
                "log-reader  dynamodb:ListBackups    orders                                                                  ok",
                "log-reader  s3:ListBucket           s3://acme-reports/daily/                                                ok",
                "log-reader  s3:ListAllMyBuckets     *                                                                       ok",
                "7 checks passed",
            ],
        );
        assert.equal(code, 0);
    });

    it("a resource that does not exist in A fails the run with ResourceNotFound explained", async () => {
        const { code, lines } = await runVerifyCli(["--outputs", outputsFile, "--endpoint-url", endpoint, "--role", "stale-reader"]);
        assert.equal(code, 1);
        const failed = lines.filter((l) => l.startsWith("  FAIL") || l.startsWith("        ->"));
        assert.deepEqual(failed, [
            "  FAIL  logs:FilterLogEvents  /app/missing  ResourceNotFoundException: The specified log group does not exist.",
            "        -> /app/missing does not exist in account A (eu-west-1): create it, or fix its name in permissions.logsRead (or set logsRead.create: true to have account-a create it)",
        ]);
        assert.equal(lines[lines.length - 1], "1 of 3 checks failed");
    });

    it("refuses account-b's outputs with exit code 2, saying which stack to read", async () => {
        const bFile = path.join(dir, "account-b.json");
        writeFileSync(bFile, JSON.stringify({ side: "source", sources: {} }));
        const { code, lines } = await runVerifyCli(["--outputs", bFile]);
        assert.equal(code, 2);
        assert.equal(
            lines[0],
            "verify: these are account-b's outputs (side: source); verify needs account-a's: `pulumi stack output --json --show-secrets -s account-a`",
        );
    });
});

describe("verify: failure paths against a local endpoint that denies", function () {
    this.timeout(10000);
    let dir = "";
    let outputsFile = "";
    const savedEnv: Record<string, string | undefined> = {};

    before(async () => {
        for (const k of ENV_KEYS) savedEnv[k] = process.env[k];
        for (const k of ENV_KEYS) delete process.env[k];
        process.env.AWS_EC2_METADATA_DISABLED = "true";
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
        process.env.AWS_ACCESS_KEY_ID = DUMMY.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = DUMMY.secretAccessKey;
        dir = mkdtempSync(path.join(tmpdir(), "verify-deny-"));
        process.env.AWS_CONFIG_FILE = path.join(dir, "no-config");
        process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, "no-credentials");
        const { a } = await renderBoth(e2eConfig());
        outputsFile = path.join(dir, "account-a.json");
        writeFileSync(outputsFile, JSON.stringify(a.outputs));
    });

    after(() => {
        rmSync(dir, { recursive: true, force: true });
        for (const k of ENV_KEYS) {
            if (savedEnv[k] === undefined) delete process.env[k];
            else process.env[k] = savedEnv[k];
        }
    });

    async function withFake(answers: Parameters<typeof fakeAws>[0], argv: string[]): Promise<{ code: number; lines: string[] }> {
        const server = await fakeAws(answers);
        const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
        try {
            return await runVerifyCli(["--outputs", outputsFile, "--endpoint-url", url, ...argv]);
        } finally {
            server.close();
        }
    }

    it("an endpoint that accepts the connection and never answers fails the call within its timeout instead of hanging", async () => {
        const sockets: net.Socket[] = [];
        const silent = net.createServer((socket) => sockets.push(socket));
        await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
        const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
        const started = Date.now();
        try {
            await assert.rejects(getCallerIdentity({ region: "eu-west-1", endpointUrl: url, configured: [], timeoutMs: 300 }));
            assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
        } finally {
            for (const s of sockets) s.destroy();
            silent.close();
        }
    });

    it("AssumeRole denied to the trusted EC2 session: says to run pulumi up -s account-a again (B's role recreated), exit 1", async () => {
        const { code, lines } = await withFake({ callerArn: SHIPPER_SESSION, callerAccount: ACCOUNT_B, assumeRole: "denied", logs: "ok" }, [
            "--role",
            "log-reader",
        ]);
        assert.equal(code, 1);
        assert.deepEqual(lines.slice(3, 10), [
            `role log-reader (${READER})`,
            "  as source log-shipper (service-role: the trust names the caller)",
            "  FAIL  sts:AssumeRole",
            `        -> AccessDenied: User: ${SHIPPER_SESSION} is not authorized to perform: sts:AssumeRole on resource: ${READER}`,
            "        -> account B's role log-shipper was recreated after account-a was deployed, so A's trust policy points at the dead unique id of the old one: run `pulumi up -s account-a` again",
            `        -> account B does not grant sts:AssumeRole on ${READER} to the caller (account-b not deployed or outdated): run \`pulumi up -s account-b\`, then \`pulumi up -s account-a\``,
            "        -> the role does not exist (STS answers AccessDenied for an unknown role): account-a is not deployed, or it was deployed to another account than 111111111111",
        ]);
        assert.equal(lines.filter((l) => l.endsWith("skipped")).length, 6);
        assert.equal(lines[lines.length - 1], "1 of 7 checks failed");
    });

    it("AssumeRole denied to credentials of another account: wrong profile", async () => {
        const me = "arn:aws:iam::999999999999:user/me";
        const { code, lines } = await withFake({ callerArn: me, callerAccount: "999999999999", assumeRole: "denied", logs: "ok" }, ["--role", "vendor-reader"]);
        assert.equal(code, 1);
        assert.deepEqual(lines.slice(1, 8), [
            `caller: ${me} (account 999999999999)`,
            "",
            "role vendor-reader (arn:aws:iam::111111111111:role/vendor-reader)",
            "  the caller matches none of the trusted sources (log-shipper)",
            "  FAIL  sts:AssumeRole",
            `        -> AccessDenied: User: ${me} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/vendor-reader`,
            "        -> your credentials are in account 999999999999, but vendor-reader trusts account B 222222222222: wrong profile or credentials? (--profile, AWS_PROFILE)",
        ]);
    });

    it("without --outputs, reads `pulumi stack output --json --show-secrets -s account-a` when pulumi is on PATH", async () => {
        const bin = path.join(dir, "bin");
        mkdirSync(bin);
        const argsFile = path.join(dir, "pulumi-args");
        writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho "$*" > '${argsFile}'\ncat '${outputsFile}'\n`, { mode: 0o755 });
        const server = await fakeAws({ callerArn: SHIPPER_SESSION, callerAccount: ACCOUNT_B, assumeRole: "ok", logs: "ok" });
        const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
        const lines: string[] = [];
        try {
            const code = await main(["--endpoint-url", url, "--role", "vendor-reader"], { write: (l) => lines.push(l) }, { PATH: bin });
            assert.equal(code, 0);
        } finally {
            server.close();
        }
        assert.equal(readFileSync(argsFile, "utf8"), "stack output --json --show-secrets -s account-a\n");
        assert.equal(lines[lines.length - 1], "3 checks passed");
    });

    it("no credentials at all: says how to provide them, exit 1", async () => {
        const keys = [process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY];
        delete process.env.AWS_ACCESS_KEY_ID;
        delete process.env.AWS_SECRET_ACCESS_KEY;
        try {
            const { code, lines } = await withFake({ callerArn: SHIPPER_SESSION, callerAccount: ACCOUNT_B, assumeRole: "ok", logs: "ok" }, []);
            assert.equal(code, 1);
            assert.deepEqual(lines.slice(1), [
                "FAIL  sts:GetCallerIdentity of your own credentials: CredentialsProviderError: Could not load credentials from any providers",
                "      -> no usable credentials for account B: pass --profile, set AWS_PROFILE, or sign in (aws sso login); check --endpoint-url and --region",
            ]);
        } finally {
            [process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY] = keys;
        }
    });

    it("without --endpoint-url, AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS win over AWS_ENDPOINT_URL, as in the SDK", async () => {
        const server = await fakeAws({ callerArn: SHIPPER_SESSION, callerAccount: ACCOUNT_B, assumeRole: "ok", logs: "ok" });
        const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
        const closed = await closedPortUrl();
        try {
            const { code, lines } = await withEnv({ AWS_ENDPOINT_URL: closed, AWS_ENDPOINT_URL_STS: url, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url }, () =>
                runVerifyCli(["--outputs", outputsFile, "--role", "vendor-reader"]),
            );
            assert.equal(
                lines[0],
                `verify: account-a 111111111111, 1 role, endpoint ${closed} (AWS_ENDPOINT_URL), endpoint ${url} (AWS_ENDPOINT_URL_STS), endpoint ${url} (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS)`,
            );
            assert.equal(lines[lines.length - 1], "3 checks passed");
            assert.equal(code, 0);
        } finally {
            server.close();
        }
    });

    it("--endpoint-url wins over every endpoint variable of the environment", async () => {
        const server = await fakeAws({ callerArn: SHIPPER_SESSION, callerAccount: ACCOUNT_B, assumeRole: "ok", logs: "ok" });
        const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
        const closed = await closedPortUrl();
        try {
            const { code, lines } = await withEnv({ AWS_ENDPOINT_URL: closed, AWS_ENDPOINT_URL_STS: closed, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: closed }, () =>
                runVerifyCli(["--outputs", outputsFile, "--endpoint-url", url, "--role", "vendor-reader"]),
            );
            assert.equal(lines[0], `verify: account-a 111111111111, 1 role, endpoint ${url}`);
            assert.equal(lines[lines.length - 1], "3 checks passed");
            assert.equal(code, 0);
        } finally {
            server.close();
        }
    });

    it("nothing listening at --endpoint-url: says the endpoint could not be reached and names it, not credentials, exit 1", async () => {
        const closed = await closedPortUrl();
        const { code, lines } = await runVerifyCli(["--outputs", outputsFile, "--endpoint-url", closed]);
        assert.deepEqual(lines.slice(1), [
            `FAIL  sts:GetCallerIdentity of your own credentials: ECONNREFUSED: connect ECONNREFUSED ${closed.slice("http://".length)}`,
            `      -> could not reach STS at ${closed} (--endpoint-url): connection refused. A network or endpoint problem, not your credentials: check --endpoint-url, and that the endpoint is up and reachable from here (network, VPN, proxy, firewall)`,
        ]);
        assert.equal(code, 1);
    });

    it("nothing listening at AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: the probe names that endpoint and the variable to check, exit 1", async () => {
        const server = await fakeAws({ callerArn: SHIPPER_SESSION, callerAccount: ACCOUNT_B, assumeRole: "ok", logs: "ok" });
        const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
        const closed = await closedPortUrl();
        try {
            const { code, lines } = await withEnv({ AWS_ENDPOINT_URL: url, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: closed }, () =>
                runVerifyCli(["--outputs", outputsFile, "--role", "vendor-reader"]),
            );
            assert.deepEqual(lines.slice(5, 9), [
                "  ok    sts:AssumeRole",
                "  ok    sts:GetCallerIdentity  arn:aws:sts::111111111111:assumed-role/vendor-reader/cross-account-verify",
                `  FAIL  logs:FilterLogEvents  /app/cron  ECONNREFUSED: connect ECONNREFUSED ${closed.slice("http://".length)}`,
                `        -> could not reach CloudWatch Logs at ${closed} (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS): connection refused. A network or endpoint problem, not your credentials: check AWS_ENDPOINT_URL_CLOUDWATCH_LOGS (or pass --endpoint-url), and that the endpoint is up and reachable from here (network, VPN, proxy, firewall)`,
            ]);
            assert.equal(lines[lines.length - 1], "1 of 3 checks failed");
            assert.equal(code, 1);
        } finally {
            server.close();
        }
    });

    it("a probe denied to the assumed role: the preset does not cover it", async () => {
        const { code, lines } = await withFake({ callerArn: SHIPPER_SESSION, callerAccount: ACCOUNT_B, assumeRole: "ok", logs: "denied" }, [
            "--role",
            "vendor-reader",
        ]);
        assert.equal(code, 1);
        assert.deepEqual(lines.slice(5, 9), [
            "  ok    sts:AssumeRole",
            "  ok    sts:GetCallerIdentity  arn:aws:sts::111111111111:assumed-role/vendor-reader/cross-account-verify",
            "  FAIL  logs:FilterLogEvents  /app/cron  AccessDeniedException: User is not authorized to perform: logs:FilterLogEvents",
            "        -> logs:FilterLogEvents on /app/cron was denied: the role's logsRead preset does not cover it (or a permissions boundary or SCP denies it); add /app/cron to permissions.logsRead and run `pulumi up -s account-a`",
        ]);
    });
});

describe("verify: CI runs the moto end-to-end test, never skips it", function () {
    let dir = "";
    let bin = "";
    const ciRun = path.join(__dirname, "..", ".ci", "run");

    before(() => {
        dir = mkdtempSync(path.join(tmpdir(), "verify-ci-"));
        bin = path.join(dir, "bin");
        mkdirSync(bin);
        // Stand-ins: npm records its arguments and REQUIRE_MOTO; nothing is installed or run for real.
        writeFileSync(path.join(bin, "npm"), '#!/bin/sh\necho "npm $* REQUIRE_MOTO=$REQUIRE_MOTO" >> "$NPM_LOG"\n', { mode: 0o755 });
        const dirname = findOnPath("dirname", process.env.PATH);
        assert.ok(dirname, "dirname is on PATH");
        writeFileSync(path.join(bin, "dirname"), `#!/bin/sh\nexec '${dirname}' "$@"\n`, { mode: 0o755 });
        // .ci/run also wants a Chromium for the access map's browser test (tests/access-map-browser.test.ts tests that step).
        writeFileSync(path.join(bin, "chromium"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    function runCi(npmLog: string) {
        const bash = findOnPath("bash", process.env.PATH);
        assert.ok(bash, "bash is on PATH");
        return spawnSync(bash, [ciRun], {
            env: { PATH: bin, NPM_LOG: npmLog, HOME: dir, CHROMIUM_PATH: path.join(bin, "chromium") },
            encoding: "utf8",
            timeout: 10000,
        });
    }

    it("without moto_server on PATH the e2e suite is skipped with a reason, and fails instead under REQUIRE_MOTO=1", () => {
        assert.equal(motoSkipReason({ PATH: bin }), "moto_server is not on PATH (pip install 'moto[server]')");
        assert.throws(() => motoSkipReason({ PATH: bin, REQUIRE_MOTO: "1" }), {
            message: "moto_server is not on PATH, but REQUIRE_MOTO=1 (set by .ci/run) requires the end-to-end test to run: pip install 'moto[server]'",
        });
    });

    it(".ci/run stops with exit 1 before installing anything when moto_server is not on PATH", () => {
        const npmLog = path.join(dir, "npm-missing.log");
        const r = runCi(npmLog);
        assert.equal(r.stderr, "ci: moto_server is not on PATH, and CI must run the end-to-end verify test against it: pip install 'moto[server]'\n");
        assert.equal(r.stdout, "");
        assert.equal(r.status, 1);
        assert.throws(() => readFileSync(npmLog, "utf8"), { code: "ENOENT" });
    });

    it(".ci/run finds a pyenv moto_server that a bare CI PATH leaves out, and puts it on PATH", () => {
        const shims = path.join(dir, "pyenv-home", ".pyenv", "shims");
        mkdirSync(shims, { recursive: true });
        writeFileSync(path.join(shims, "moto_server"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        writeFileSync(path.join(shims, "aws"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        const npmLog = path.join(dir, "npm-pyenv.log");
        const bash = findOnPath("bash", process.env.PATH);
        const r = spawnSync(bash!, [ciRun], {
            env: { PATH: bin, NPM_LOG: npmLog, HOME: path.join(dir, "pyenv-home"), CHROMIUM_PATH: path.join(bin, "chromium") },
            encoding: "utf8",
            timeout: 10000,
        });
        assert.equal(r.stderr, "");
        assert.equal(r.status, 0);
        assert.ok(readFileSync(npmLog, "utf8").includes("npm test REQUIRE_MOTO=1"));
    });

    it(".ci/run runs npm test, with REQUIRE_MOTO=1 exported, when moto_server and aws are on PATH", () => {
        const withMoto = path.join(dir, "bin-moto");
        mkdirSync(withMoto);
        writeFileSync(path.join(withMoto, "moto_server"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        writeFileSync(path.join(withMoto, "aws"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        const npmLog = path.join(dir, "npm.log");
        const bash = findOnPath("bash", process.env.PATH);
        const r = spawnSync(bash!, [ciRun], {
            env: { PATH: `${bin}:${withMoto}`, NPM_LOG: npmLog, HOME: dir, CHROMIUM_PATH: path.join(bin, "chromium") },
            encoding: "utf8",
            timeout: 10000,
        });
        assert.equal(r.stderr, "");
        assert.equal(r.status, 0);
        assert.equal(
            readFileSync(npmLog, "utf8"),
            [
                "npm ci --no-audit --no-fund REQUIRE_MOTO=1",
                "npm run typecheck REQUIRE_MOTO=1",
                "npm run lint REQUIRE_MOTO=1",
                "npm test REQUIRE_MOTO=1",
                "npm start REQUIRE_MOTO=1",
                "",
            ].join("\n"),
        );
    });
});
