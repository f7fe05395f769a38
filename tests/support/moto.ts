/**
 * moto_server for tests: started on a free 127.0.0.1 port, stopped by its PID, optionally recording
 * every request it serves (so a test can see what a client really sent: moto enforces no IAM, so an
 * answer alone proves little). Plus the tool checks CI relies on: under REQUIRE_MOTO=1 (set by
 * .ci/run) a missing moto_server or aws CLI fails the test instead of skipping it.
 *
 * moto serves many accounts: keys of an IAM user act in the user's account, and keys returned by
 * AssumeRole act in the role's account, whether or not the role exists (moto does not check).
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import * as http from "http";
import * as path from "path";
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { RenderResult } from "../../tools/shared/mock-runtime";
import { findOnPath } from "../../tools/verify/main";
import { MOTO_ENDPOINT_ENV } from "../global-fixtures";
import { awsResources } from "./harness";
import { freePort } from "./ports";

export interface Keys {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
}

/** Keys moto accepts from anyone; they act in moto's default account (123456789012). */
export const ANY_KEYS: Keys = { accessKeyId: "AKIAEXAMPLEDUMMY0001", secretAccessKey: "dummy-secret" };

/** One request moto served: its form parameters (query protocol) and the access key that signed it. */
export interface RecordedRequest {
    params: Record<string, string>;
    accessKeyId?: string;
}

export interface Moto {
    endpoint: string;
    /** Undefined for the run's shared moto_server, which the global fixtures own. */
    pid?: number;
    /** Requests served since start (or the last `resetRecording`), when started with `record`; in order. */
    recorded(): RecordedRequest[];
    resetRecording(): void;
    stop(): Promise<void>;
}

export { freePort };

/** A loopback URL where nothing listens: connecting to it is refused. Point proxies here so nothing leaves the machine. */
export async function closedPortUrl(): Promise<string> {
    return `http://127.0.0.1:${await freePort()}`;
}

/**
 * Why a test needing `tool` cannot run (undefined when it is on PATH); under REQUIRE_MOTO=1 a
 * missing tool is an error instead, so CI never skips such a test.
 */
export function toolSkipReason(tool: string, install: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    if (findOnPath(tool, env.PATH)) return undefined;
    if (env.REQUIRE_MOTO === "1")
        throw new Error(`${tool} is not on PATH, but REQUIRE_MOTO=1 (set by .ci/run) requires the end-to-end test to run: ${install}`);
    return `${tool} is not on PATH (${install})`;
}

/**
 * What a suite that runs the AWS CLI needs before it starts: skips the suite (saying why) when `aws` is not on
 * PATH; else a closed proxy URL and the real directory of the CLI (see awsCliDirectory).
 */
export async function awsCliOrSkip(suite: Mocha.Context): Promise<{ proxy: string; awsDir: string }> {
    const skip = toolSkipReason("aws", "pip install awscli");
    if (skip !== undefined) {
        console.log(`    skipped: ${skip}`);
        suite.skip();
    }
    return { proxy: await closedPortUrl(), awsDir: awsCliDirectory()! };
}

/** How to install moto_server, as a skip reason or REQUIRE_MOTO error says it. */
export const MOTO_INSTALL = "pip install 'moto[server]'";

/**
 * The directory of the real `aws` program. A pyenv shim costs a bash and a pyenv process per call
 * (about a second here); tests that run the CLI many times put the real directory first on PATH.
 */
export function awsCliDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const found = findOnPath("aws", env.PATH);
    if (!found) return undefined;
    if (path.basename(path.dirname(found)) === "shims") {
        const pyenv = findOnPath("pyenv", env.PATH) ?? path.join(path.dirname(path.dirname(found)), "bin", "pyenv");
        const r = spawnSync(pyenv, ["which", "aws"], { encoding: "utf8", env, stdio: ["ignore", "pipe", "ignore"] });
        const real = r.status === 0 ? r.stdout.trim() : "";
        if (real) return path.dirname(real);
    }
    return path.dirname(found);
}

/** What a bash script running the AWS CLI printed, and its exit code. */
export interface ShellRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/**
 * The whole environment of an AWS CLI run against moto, nothing of the caller's: the real `aws` first on PATH, its
 * own HOME, config and credentials files, every request to `endpoint` (a profile's AssumeRole ignores
 * --endpoint-url), proxies on a closed loopback port with NO_PROXY=127.0.0.1 (nothing can leave the machine) and no
 * instance metadata; `more` adds or replaces variables.
 */
export function awsCliEnvironment(opts: {
    awsDir: string;
    home: string;
    configFile: string;
    credentialsFile: string;
    endpoint: string;
    proxy: string;
    more?: Record<string, string>;
}): Record<string, string> {
    return {
        PATH: `${opts.awsDir}${path.delimiter}${process.env.PATH ?? ""}`,
        HOME: opts.home,
        LC_ALL: "C.UTF-8",
        AWS_CONFIG_FILE: opts.configFile,
        AWS_SHARED_CREDENTIALS_FILE: opts.credentialsFile,
        AWS_ENDPOINT_URL: opts.endpoint,
        AWS_EC2_METADATA_DISABLED: "true",
        HTTPS_PROXY: opts.proxy,
        HTTP_PROXY: opts.proxy,
        https_proxy: opts.proxy,
        http_proxy: opts.proxy,
        NO_PROXY: "127.0.0.1",
        no_proxy: "127.0.0.1",
        ...opts.more,
    };
}

/** Runs `script` in bash with exactly `env`, stdin closed. */
export function runBash(script: string, env: Record<string, string>): Promise<ShellRun> {
    return new Promise((resolve, reject) => {
        const child = spawn("bash", ["-c", script], { env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

async function answers(url: string): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
        const req = http.get(url, (res) => {
            res.resume();
            resolve(true);
        });
        req.on("error", () => resolve(false));
    });
}

/** Waits until moto answers on `endpoint`; throws after `timeoutMs`, or as soon as `exited()` says its process is gone. */
async function untilAnswering(endpoint: string, timeoutMs: number, exited: () => boolean = () => false): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await answers(`${endpoint}/moto-api/`))) {
        if (exited()) throw new Error(`moto_server exited before answering on ${endpoint}`);
        if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

/**
 * The test run's one moto_server, started early by tests/global-fixtures.ts and named in MOTO_ENDPOINT_ENV,
 * once it answers; `stop()` leaves it to the fixtures' teardown. Run without those fixtures (a file alone,
 * another runner), starts its own, as `startMoto` does. Not recording: a test that records starts its own.
 */
export async function sharedMoto(opts: { timeoutMs?: number } = {}): Promise<Moto> {
    const shared = process.env[MOTO_ENDPOINT_ENV];
    if (shared === undefined) return startMoto(opts);
    await untilAnswering(shared, opts.timeoutMs ?? 20000);
    return { endpoint: shared, recorded: () => [], resetRecording: () => undefined, stop: () => Promise.resolve() };
}

/** A suite's moto_server, once its `before` hooks ran. */
export interface SuiteMoto {
    endpoint: string;
}

/**
 * What every suite against the run's shared moto_server needs, as mocha hooks of the calling `describe`, registered
 * where it is called (so they run before the suite's own `before`): skips the suite when moto_server is not on PATH
 * (a failure instead under REQUIRE_MOTO=1), waits for `sharedMoto`, and turns the AWS SDK's warning about this Node
 * version off; `after` puts that variable back as it was and stops moto when the suite started its own.
 * `endpoint` is set once the hooks ran.
 */
export function useSharedMoto(opts: { timeoutMs?: number } = {}): SuiteMoto {
    const suite: SuiteMoto = { endpoint: "" };
    const warning = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    let moto: Moto | undefined;
    before(async function () {
        const skip = toolSkipReason("moto_server", MOTO_INSTALL);
        if (skip !== undefined) {
            console.log(`    skipped: ${skip}`);
            this.skip();
        }
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
        moto = await sharedMoto(opts);
        suite.endpoint = moto.endpoint;
    });
    after(async () => {
        if (warning === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
        else process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = warning;
        await moto?.stop();
    });
    return suite;
}

/**
 * Starts moto_server on a free 127.0.0.1 port and waits until it answers.
 * @param opts.record a file to record every request into (moto's recorder), read back by `recorded()`.
 */
export async function startMoto(opts: { record?: string; timeoutMs?: number } = {}): Promise<Moto> {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (opts.record) {
        writeFileSync(opts.record, "");
        Object.assign(env, { MOTO_ENABLE_RECORDING: "true", MOTO_RECORDER_FILEPATH: opts.record });
    }
    const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore", env });
    let exited = false;
    const exit = new Promise<void>((resolve) =>
        child.once("exit", () => {
            exited = true;
            resolve();
        }),
    );
    try {
        await untilAnswering(endpoint, opts.timeoutMs ?? 20000, () => exited);
    } catch (e) {
        if (!exited) child.kill("SIGTERM");
        throw e;
    }
    if (child.pid === undefined) throw new Error("moto_server has no PID");
    const pid = child.pid;
    const record = opts.record;
    return {
        endpoint,
        pid,
        recorded: () => (record ? parseRecording(readFileSync(record, "utf8")) : []),
        resetRecording: () => {
            if (record) writeFileSync(record, "");
        },
        stop: async () => {
            if (exited) return;
            process.kill(pid, "SIGTERM");
            await exit;
        },
    };
}

/** moto's recording: one JSON object per line, the body base64 when it was bytes. Only form-encoded (query protocol) bodies are parsed. */
export function parseRecording(text: string): RecordedRequest[] {
    const out: RecordedRequest[] = [];
    for (const line of text.split("\n")) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as { headers?: Record<string, string>; body?: string; body_encoded?: boolean };
        const body = entry.body_encoded ? Buffer.from(entry.body ?? "", "base64").toString("utf8") : (entry.body ?? "");
        const auth = entry.headers?.Authorization ?? entry.headers?.authorization ?? "";
        const params = body.includes("Action=") ? Object.fromEntries(new URLSearchParams(body)) : {};
        out.push({ params, accessKeyId: /Credential=([^/]+)\//.exec(auth)?.[1] });
    }
    return out;
}

/** Keys of a session of `roleArn` (moto does not check that the role exists or trusts `as`): they act in the role's account. */
export async function assumeRole(endpoint: string, roleArn: string, sessionName: string, as: Keys = ANY_KEYS): Promise<Keys> {
    const sts = new STSClient({ region: "us-east-1", endpoint, credentials: as });
    try {
        const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
        const c = out.Credentials!;
        return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    } finally {
        sts.destroy();
    }
}

/** Keys that act in `accountId` in moto (a session of a role there; moto does not require the role to exist). */
export async function keysIn(endpoint: string, accountId: string, sessionName = "test-setup"): Promise<Keys> {
    return assumeRole(endpoint, `arn:aws:iam::${accountId}:role/moto-setup`, sessionName);
}

/** Creates in moto what a rendered stack declares; fails on a resource type it does not know, so nothing is silently left out. */
export async function createStackResources(endpoint: string, keys: Keys, stack: RenderResult, region: string): Promise<void> {
    const iam = new IAMClient({ region: "us-east-1", endpoint, credentials: keys });
    const logs = new CloudWatchLogsClient({ region, endpoint, credentials: keys });
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
