/**
 * The clientConfig snippets work as pasted: each is run by the real AWS CLI v1 (in bash where it is
 * shell text) against moto_server on 127.0.0.1, with the credentials a user of each source has.
 *
 * moto plays both accounts: B holds the users and the group member, with access keys; A holds the
 * target roles (with the trust policies the program renders) and a log group each role reads. moto
 * enforces no IAM and accepts any MFA code, so a successful call proves the snippet is well formed
 * and names the right role, profile, region and session; the parameters the CLI really sent
 * (serial, code, ExternalId, duration, signing key) are read back from moto's request recording.
 *
 * Every CLI run gets its own HOME, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, AWS_ENDPOINT_URL
 * (a profile's AssumeRole ignores --endpoint-url), proxies on a closed loopback port with
 * NO_PROXY=127.0.0.1 (nothing can leave the machine), and instance metadata disabled. CLI v1 starts
 * in about a second per call, so the runs are started together in `before` (three at a time) and
 * each test awaits its own.
 */
import { strict as assert } from "assert";
import { spawn, spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
    AddUserToGroupCommand,
    CreateAccessKeyCommand,
    CreateGroupCommand,
    CreateRoleCommand,
    CreateUserCommand,
    CreateVirtualMFADeviceCommand,
    IAMClient,
} from "@aws-sdk/client-iam";
import type { RoleClientConfig, SourceClientConfig } from "../lib/model/outputs";
import { MFA_DEVICE_PLACEHOLDER, roleClientConfig } from "../lib/outputs/client-config";
import { parseConfig } from "../lib/config/read";
import type { CrossAccountConfig } from "../lib/model/config";
import { configuredSource } from "../lib/policies/sources";
import { trustPolicy } from "../lib/policies/trust";
import { findOnPath } from "../tools/verify/main";
import { ACCOUNT_A, ACCOUNT_B, PROJECT, flatten } from "./support/harness";
import { Keys, Moto, RecordedRequest, awsCliDirectory, closedPortUrl, keysIn, startMoto, toolSkipReason } from "./support/moto";

const REGION = "eu-west-1";
/** The vendor's ExternalId: sent by every vendor snippet, printed by no test (see `redact`). */
const EXTERNAL_ID = "vendor-Zq93-do-not-print";
const LOG_LINE = "hello from account A";

function snippetConfig(): Record<string, unknown> {
    return {
        targetAccountId: ACCOUNT_A,
        sourceAccountId: ACCOUNT_B,
        sources: {
            alice: { kind: "user", path: "/people/" },
            ops: { kind: "group" },
            vendor: { kind: "account-root" },
            accounta: { kind: "user" },
        },
        targetRoles: {
            "log-reader": {
                path: "/cross-account/",
                maxSessionDuration: 14400,
                trustedSources: [
                    { source: "alice", mfa: true },
                    // A group trusts B's root: only MFA or an ExternalId narrows it. Its snippets name a placeholder device.
                    { source: "ops", mfa: true },
                ],
                permissions: { logsRead: { logGroups: ["/app/cron"] } },
            },
            "vendor-reader": { trustedSources: [{ source: "vendor", externalId: true }], permissions: { logsRead: { logGroups: ["/vendor/app"] } } },
            // The role is named like the user source it trusts: its profile must not be [profile accounta].
            accounta: { trustedSources: ["accounta"], permissions: { logsRead: { logGroups: ["/app/cron"] } } },
        },
        externalIds: { "vendor-reader": EXTERNAL_ID },
        "aws:region": REGION,
    };
}

/** The secret never reaches a message, whatever fails. */
function redact(text: string): string {
    return text.split(EXTERNAL_ID).join("[secret]");
}

interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
    /** The config file after the run. */
    configAfter: string;
}

/** Fails with the run's output (redacted) unless it exited 0. */
function succeeded(r: CliRun, what: string): CliRun {
    assert.equal(r.code, 0, redact(`${what} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`));
    return r;
}

/** The JSON documents a script printed one after another (`--output json` of each command). */
function jsonDocuments(stdout: string): any[] {
    const out: any[] = [];
    let depth = 0;
    let start = -1;
    for (let i = 0; i < stdout.length; i++) {
        const ch = stdout[i];
        if (ch === "{") {
            if (depth === 0) start = i;
            depth++;
        } else if (ch === "}") {
            depth--;
            if (depth === 0) out.push(JSON.parse(stdout.slice(start, i + 1)));
        }
    }
    return out;
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
    return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A group's snippets as bob uses them: the MFA device placeholder replaced by his device's name, as the note says. */
function asBob(s: SourceClientConfig): SourceClientConfig {
    assert.ok(s.notes.includes(`Replace ${MFA_DEVICE_PLACEHOLDER} with the name of your MFA device (\`aws iam list-mfa-devices\`).`));
    const fill = (text: string) => text.split(MFA_DEVICE_PLACEHOLDER).join("bob");
    return {
        ...s,
        assumeRoleCommand: fill(s.assumeRoleCommand),
        awsConfigProfile: fill(s.awsConfigProfile),
        awsConfigureCommands: fill(s.awsConfigureCommands),
        exportEnv: fill(s.exportEnv),
    };
}

/** At most `n` tasks at a time; CLI v1 is CPU-bound at start-up. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
    let running = 0;
    const queue: Array<() => void> = [];
    const next = () => {
        if (running >= n) return;
        const start = queue.shift();
        if (start) start();
    };
    return <T>(task: () => Promise<T>) =>
        new Promise<T>((resolve, reject) => {
            queue.push(() => {
                running++;
                task()
                    .then(resolve, reject)
                    .finally(() => {
                        running--;
                        next();
                    });
            });
            next();
        });
}

describe("client snippets, run by the real AWS CLI against moto_server", function () {
    this.timeout(120000);
    let moto: Moto | undefined;
    let dir = "";
    let proxy = "";
    let awsDir = "";
    let credentialsFile = "";
    const keys: Record<string, Keys> = {};
    let aliceMfaSerial = "";
    let bobMfaSerial = "";
    let client: Record<string, RoleClientConfig> = {};
    const runs = new Map<string, Promise<CliRun>>();
    let counter = 0;
    let cliStarted = 0;
    /** Why the documented jq one-liners are not run (jq is the docs' convenience, not a CI requirement). */
    const jqMissing = findOnPath("jq", process.env.PATH) ? undefined : "jq is not on PATH (apt-get install jq)";

    /**
     * Runs `script` in bash with only the environment a user's shell would have for these snippets.
     * `detached`: no controlling terminal, so an MFA prompt reads stdin instead of /dev/tty.
     */
    function bash(script: string, opts: { config?: string; user?: string; stdin?: string; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
        const home = path.join(dir, `run-${++counter}`);
        mkdirSync(home);
        const configFile = path.join(home, "config");
        const credentials = path.join(home, "credentials");
        writeFileSync(configFile, opts.config ?? "");
        writeFileSync(credentials, readFileSync(credentialsFile));
        const env: Record<string, string | undefined> = {
            PATH: `${awsDir}${path.delimiter}${process.env.PATH ?? ""}`,
            HOME: home,
            LC_ALL: "C.UTF-8",
            AWS_CONFIG_FILE: configFile,
            AWS_SHARED_CREDENTIALS_FILE: credentials,
            AWS_ENDPOINT_URL: moto!.endpoint,
            AWS_EC2_METADATA_DISABLED: "true",
            HTTPS_PROXY: proxy,
            HTTP_PROXY: proxy,
            https_proxy: proxy,
            http_proxy: proxy,
            NO_PROXY: "127.0.0.1",
            no_proxy: "127.0.0.1",
            ...(opts.user !== undefined ? { USER: opts.user } : {}),
            ...opts.env,
        };
        return new Promise((resolve, reject) => {
            const child = spawn("bash", ["-c", script], { env: definedOnly(env), detached: true, stdio: ["pipe", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
            child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
            child.on("error", reject);
            child.on("close", (code) => resolve({ code, stdout, stderr, configAfter: readFileSync(configFile, "utf8") }));
            child.stdin.end(opts.stdin ?? "");
        });
    }

    /** The AssumeRole calls moto served with these parameters. */
    function assumeRoleCalls(match: Record<string, string>): RecordedRequest[] {
        return moto!.recorded().filter((r) => r.params.Action === "AssumeRole" && Object.entries(match).every(([k, v]) => r.params[k] === v));
    }

    function source(role: string, key: string) {
        return client[role].sources[key];
    }

    const READ_CRON = "aws logs filter-log-events --log-group-name /app/cron --limit 1 --output json";
    const CALLER = "aws sts get-caller-identity --output json";
    const assumed = (role: string, session: string) => `arn:aws:sts::${ACCOUNT_A}:assumed-role/${role}/${session}`;

    before(async function () {
        const skip = toolSkipReason("moto_server", "pip install 'moto[server]'") ?? toolSkipReason("aws", "pip install awscli");
        if (skip !== undefined) {
            console.log(`    skipped: ${skip}`);
            this.skip();
        }
        const started = Date.now();
        dir = mkdtempSync(path.join(tmpdir(), "snippets-cli-"));
        proxy = await closedPortUrl();
        awsDir = awsCliDirectory()!;
        moto = await startMoto({ record: path.join(dir, "moto-recording.jsonl") });
        const motoUp = Date.now();
        const endpoint = moto.endpoint;

        const cfg: CrossAccountConfig = parseConfig(flatten(snippetConfig()), { project: PROJECT, stack: "account-a", organization: "organization" });
        client = Object.fromEntries(cfg.targetRoles.map((r) => [r.name, roleClientConfig(cfg, r, cfg.externalIds[r.name])]));

        // Account B: the people, with access keys, and alice's virtual MFA device (the console names it after her).
        const iamB = new IAMClient({ region: "us-east-1", endpoint, credentials: await keysIn(endpoint, ACCOUNT_B) });
        const userWithKeys = async (profile: string, userName: string, userPath = "/") => {
            await iamB.send(new CreateUserCommand({ UserName: userName, Path: userPath }));
            const k = (await iamB.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
            keys[profile] = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
        };
        await userWithKeys("alice", "alice", "/people/");
        aliceMfaSerial = (await iamB.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "alice" }))).VirtualMFADevice!.SerialNumber!;
        await iamB.send(new CreateGroupCommand({ GroupName: "ops" }));
        await userWithKeys("ops", "bob");
        await iamB.send(new AddUserToGroupCommand({ GroupName: "ops", UserName: "bob" }));
        bobMfaSerial = (await iamB.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "bob" }))).VirtualMFADevice!.SerialNumber!;
        await userWithKeys("vendor", "vendor-ci");
        await userWithKeys("accounta", "accounta");
        iamB.destroy();
        // The users' own credentials profiles, named after the source keys as the snippets expect.
        credentialsFile = path.join(dir, "credentials");
        writeFileSync(
            credentialsFile,
            Object.entries(keys)
                .map(([p, k]) => `[${p}]\naws_access_key_id = ${k.accessKeyId}\naws_secret_access_key = ${k.secretAccessKey}\n`)
                .join(""),
        );

        // Account A: the target roles with their rendered trust policies, and the log groups they read.
        const inA = await keysIn(endpoint, ACCOUNT_A);
        const iamA = new IAMClient({ region: "us-east-1", endpoint, credentials: inA });
        const resolved = cfg.sources.map((s) => configuredSource(cfg, s));
        for (const role of cfg.targetRoles) {
            await iamA.send(
                new CreateRoleCommand({
                    RoleName: role.name,
                    Path: role.path,
                    MaxSessionDuration: role.maxSessionDuration,
                    AssumeRolePolicyDocument: JSON.stringify(trustPolicy(cfg, role, resolved, cfg.externalIds[role.name])),
                }),
            );
        }
        iamA.destroy();
        const logs = new CloudWatchLogsClient({ region: REGION, endpoint, credentials: inA });
        for (const group of ["/app/cron", "/vendor/app"]) {
            await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
            await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
            await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: LOG_LINE }] }));
        }
        logs.destroy();
        console.log(`      (moto_server up in ${motoUp - started} ms, the principals of A and B created in ${Date.now() - motoUp} ms)`);
        cliStarted = Date.now();

        // Every CLI run, started now; each test below awaits its own.
        const limit = limiter(3);
        const start = (name: string, run: () => Promise<CliRun>) => {
            const p = limit(run);
            p.catch(() => undefined); // awaited (and reported) by its test
            runs.set(name, p);
        };
        const alice = source("log-reader", "alice");
        // What bob does first, as the group's note says: replace the placeholder with the name of his MFA device.
        const ops = asBob(source("log-reader", "ops"));
        const vendor = source("vendor-reader", "vendor");
        // The longest chains first (one CLI call per configure line, in order).
        // Alice's run over a file that already holds this very profile (as pasted earlier) and one of the user's own.
        const aliceBefore = `[profile work]\nregion = us-east-1\n${alice.awsConfigProfile}\n`;
        start("alice awsConfigureCommands", () =>
            bash(`${alice.awsConfigureCommands}\n${CALLER} --profile log-reader`, { config: aliceBefore, stdin: "444444\n" }),
        );
        start("ops awsConfigureCommands", () =>
            bash(`${ops.awsConfigureCommands}\n${CALLER} --profile log-reader`, { user: "bob.builder", stdin: "777771\n" }),
        );
        start("no endpoint", () =>
            bash(`aws sts get-caller-identity --region ${REGION}`, {
                env: { AWS_ACCESS_KEY_ID: "AKIAEXAMPLEDUMMY0001", AWS_SECRET_ACCESS_KEY: "x", AWS_MAX_ATTEMPTS: "1", AWS_ENDPOINT_URL: undefined },
            }),
        );
        start("alice profile", () =>
            bash(`${CALLER} --profile log-reader && ${READ_CRON} --profile log-reader`, { config: alice.awsConfigProfile, stdin: "111111\n" }),
        );
        start("alice exportEnv", () => bash(`MFA_CODE=222222\n${alice.exportEnv}\n${CALLER} && ${READ_CRON}`));
        start("alice assumeRoleCommand", () => bash(`MFA_CODE=333333\n${alice.assumeRoleCommand} --output json`));
        start("ops profile", () => bash(`${CALLER} --profile log-reader`, { config: ops.awsConfigProfile, user: "bob", stdin: "777772\n" }));
        start("ops exportEnv", () => bash(`MFA_CODE=777773\n${ops.exportEnv}\n${CALLER} && ${READ_CRON}`, { user: "Bob Smith" }));
        start("ops assumeRoleCommand", () => bash(`MFA_CODE=777774\n${ops.assumeRoleCommand} --output json`, { user: "" }));
        const READ_VENDOR = "aws logs filter-log-events --log-group-name /vendor/app --limit 1 --output json";
        start("vendor profile", () =>
            bash(`${CALLER} --profile vendor-reader && ${READ_VENDOR} --profile vendor-reader`, { config: vendor.awsConfigProfile, user: "carol" }),
        );
        start("vendor exportEnv", () => bash(`${vendor.exportEnv}\n${CALLER} && ${READ_VENDOR}`, { user: "dave" }));
        start("vendor assumeRoleCommand", () => bash(`${vendor.assumeRoleCommand} --output json`, { user: "erin" }));
        // docs/after-deploy-snippets.md's one-liners, with `pulumi stack output clientConfig --json --show-secrets` replaced by its JSON.
        if (!jqMissing) {
            const outputs = path.join(dir, "clientConfig.json");
            writeFileSync(outputs, JSON.stringify(client, null, 2));
            const jq = (role: string, key: string, field: string) => `jq -r '.["${role}"].sources["${key}"].${field}' ${outputs}`;
            start("doc: configure | bash", () =>
                bash(`${jq("vendor-reader", "vendor", "awsConfigureCommands")} | bash\n${CALLER} --profile vendor-reader`, { user: "grace" }),
            );
            start("doc: eval exportEnv", () => bash(`MFA_CODE=555555\neval "$(${jq("log-reader", "alice", "exportEnv")})"\n${CALLER}`));
            start("doc: notes", () => bash(`${jq("log-reader", "alice", "notes[]")}`));
        }
        const accounta = client.accounta;
        start("accounta profile", () =>
            bash(`${CALLER} --profile ${accounta.profileName} && ${CALLER} --profile accounta --region ${REGION}`, {
                config: accounta.sources.accounta.awsConfigProfile,
            }),
        );
    });

    after(async () => {
        await Promise.allSettled(runs.values());
        if (cliStarted) console.log(`      (${runs.size} bash runs of the snippets, ${Date.now() - cliStarted} ms wall time, 3 at a time)`);
        if (moto) await moto.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function result(name: string): Promise<CliRun> {
        const r = runs.get(name);
        assert.ok(r, `no run named ${name}`);
        return r;
    }

    it("nothing can leave the machine: without AWS_ENDPOINT_URL the CLI goes to the proxy on a closed loopback port, and fails", async () => {
        const r = await result("no endpoint");
        assert.equal(r.code, 255, r.stderr);
        assert.match(r.stderr, new RegExp(`Failed to connect to proxy URL: "${proxy}"`));
    });

    it("user with MFA, awsConfigProfile: `aws --profile log-reader` is alice's session of log-reader in A, and reads /app/cron", async () => {
        const r = succeeded(await result("alice profile"), "the profile");
        const [caller, events] = jsonDocuments(r.stdout);
        assert.deepEqual([caller.Arn, caller.Account], [assumed("log-reader", "alice"), ACCOUNT_A]);
        assert.deepEqual(
            events.events.map((e: { message: string }) => e.message),
            [LOG_LINE],
        );
        // One AssumeRole (the CLI caches the session), signed with alice's own keys, with her device, the code and the full 4 hours.
        const calls = assumeRoleCalls({ TokenCode: "111111" });
        assert.equal(calls.length, 1);
        assert.equal(calls[0].accessKeyId, keys.alice.accessKeyId);
        assert.deepEqual(
            [calls[0].params.RoleArn, calls[0].params.RoleSessionName, calls[0].params.SerialNumber, calls[0].params.DurationSeconds],
            [client["log-reader"].roleArn, "alice", aliceMfaSerial, "14400"],
        );
    });

    it("user with MFA, exportEnv in bash: afterwards plain `aws sts get-caller-identity` and the read work, with no --profile and no --region", async () => {
        const r = succeeded(await result("alice exportEnv"), "exportEnv");
        const [caller, events] = jsonDocuments(r.stdout);
        assert.equal(caller.Arn, assumed("log-reader", "alice"));
        assert.equal(events.events[0].message, LOG_LINE);
        const calls = assumeRoleCalls({ TokenCode: "222222" });
        assert.deepEqual(
            calls.map((c) => [c.accessKeyId, c.params.SerialNumber, c.params.DurationSeconds]),
            [[keys.alice.accessKeyId, aliceMfaSerial, "14400"]],
        );
    });

    it("user with MFA, assumeRoleCommand: returns a session of log-reader in A named alice", async () => {
        const r = succeeded(await result("alice assumeRoleCommand"), "assumeRoleCommand");
        const [out] = jsonDocuments(r.stdout);
        assert.equal(out.AssumedRoleUser.Arn, assumed("log-reader", "alice"));
        assert.match(out.Credentials.AccessKeyId, /^ASIA/);
        assert.deepEqual(
            assumeRoleCalls({ TokenCode: "333333" }).map((c) => [c.accessKeyId, c.params.SerialNumber]),
            [[keys.alice.accessKeyId, aliceMfaSerial]],
        );
    });

    it("awsConfigureCommands over a file that already holds the profile leave it byte for byte as it was (idempotent, no merging), and the profile works", async () => {
        const r = succeeded(await result("alice awsConfigureCommands"), "awsConfigureCommands");
        const alice = source("log-reader", "alice");
        assert.equal(r.configAfter, `[profile work]\nregion = us-east-1\n${alice.awsConfigProfile}\n`);
        assert.equal(jsonDocuments(r.stdout)[0].Arn, assumed("log-reader", "alice"));
        assert.equal(assumeRoleCalls({ TokenCode: "444444" }).length, 1);
    });

    it("group member with MFA, awsConfigProfile (his device filled in): works; its session is the source key until he sets role_session_name", async () => {
        const r = succeeded(await result("ops profile"), "the profile");
        assert.ok(source("log-reader", "ops").awsConfigProfile.includes("\n# Set role_session_name to your own name"));
        const [caller] = jsonDocuments(r.stdout);
        assert.deepEqual([caller.Arn, caller.Account], [assumed("log-reader", "ops"), ACCOUNT_A]);
        assert.deepEqual(
            assumeRoleCalls({ TokenCode: "777772" }).map((c) => [c.accessKeyId, c.params.RoleSessionName, c.params.SerialNumber]),
            [[keys.ops.accessKeyId, "ops", bobMfaSerial]],
        );
    });

    it("group member, exportEnv: the session is named after $USER (Bob Smith -> Bob-Smith), and the read works without --region", async () => {
        const r = succeeded(await result("ops exportEnv"), "exportEnv");
        const [caller, events] = jsonDocuments(r.stdout);
        assert.equal(caller.Arn, assumed("log-reader", "Bob-Smith"));
        assert.equal(events.events[0].message, LOG_LINE);
        assert.deepEqual(
            assumeRoleCalls({ TokenCode: "777773" }).map((c) => [c.accessKeyId, c.params.SerialNumber]),
            [[keys.ops.accessKeyId, bobMfaSerial]],
        );
    });

    it("group member, assumeRoleCommand with an empty $USER: the session falls back to the source key, which STS accepts", async () => {
        const r = succeeded(await result("ops assumeRoleCommand"), "assumeRoleCommand");
        assert.equal(jsonDocuments(r.stdout)[0].AssumedRoleUser.Arn, assumed("log-reader", "ops"));
        assert.equal(assumeRoleCalls({ TokenCode: "777774" })[0]?.params.RoleSessionName, "ops");
    });

    it("group member, awsConfigureCommands on an empty config: they write the profile with role_session_name = $USER, and it works", async () => {
        const r = succeeded(await result("ops awsConfigureCommands"), "awsConfigureCommands");
        assert.equal(
            r.configAfter,
            [
                "[profile log-reader]",
                `role_arn = ${client["log-reader"].roleArn}`,
                "source_profile = ops",
                `mfa_serial = ${bobMfaSerial}`,
                "duration_seconds = 14400",
                `region = ${REGION}`,
                "role_session_name = bob.builder",
                "",
            ].join("\n"),
        );
        assert.equal(jsonDocuments(r.stdout)[0].Arn, assumed("log-reader", "bob.builder"));
    });

    it("ExternalId role (account-root source): profile, exportEnv and assumeRoleCommand all send the ExternalId, and no output shows it", async () => {
        const names = ["vendor profile", "vendor exportEnv", "vendor assumeRoleCommand"];
        const all = await Promise.all(names.map(result));
        all.forEach((r, i) => succeeded(r, names[i]));
        // The profile holds the fallback session name (the person is told to set their own); the commands use $USER.
        const sessions = ["vendor", "dave", "erin"];
        assert.deepEqual(
            all.map((r) => jsonDocuments(r.stdout)[0]).map((d) => d.Arn ?? d.AssumedRoleUser.Arn),
            sessions.map((u) => assumed("vendor-reader", u)),
        );
        assert.equal(jsonDocuments(all[0].stdout)[1].events[0].message, LOG_LINE);
        assert.equal(jsonDocuments(all[1].stdout)[1].events[0].message, LOG_LINE);
        for (const user of sessions) {
            const calls = assumeRoleCalls({ RoleSessionName: user });
            assert.equal(calls.length, 1, user);
            assert.ok(calls[0].params.ExternalId === EXTERNAL_ID, `${user}: the ExternalId sent is not the configured one`);
            assert.equal(calls[0].accessKeyId, keys.vendor.accessKeyId);
        }
        for (const r of all) assert.ok(!`${r.stdout}${r.stderr}`.includes(EXTERNAL_ID), "a CLI output shows the ExternalId");
    });

    it("the documented one-liners work: jq ... awsConfigureCommands | bash, eval of jq ... exportEnv, jq ... notes[]", async function () {
        if (jqMissing) {
            console.log(`      skipped: ${jqMissing}`);
            this.skip();
        }
        const configure = succeeded(await result("doc: configure | bash"), "jq | bash");
        assert.equal(jsonDocuments(configure.stdout)[0].Arn, assumed("vendor-reader", "grace"));
        assert.match(configure.configAfter, /^external_id = /m);
        assert.equal(assumeRoleCalls({ RoleSessionName: "grace" })[0]?.params.ExternalId === EXTERNAL_ID, true);
        const exported = succeeded(await result("doc: eval exportEnv"), "eval exportEnv");
        assert.equal(jsonDocuments(exported.stdout)[0].Arn, assumed("log-reader", "alice"));
        assert.equal(assumeRoleCalls({ TokenCode: "555555" }).length, 1);
        const notes = succeeded(await result("doc: notes"), "notes");
        assert.equal(notes.stdout, `${source("log-reader", "alice").notes.join("\n")}\n`);
    });

    it("a role named like its user source: [profile accounta-role] assumes the role, and the user's own profile accounta is still the user", async () => {
        const r = succeeded(await result("accounta profile"), "the profiles");
        const [role, own] = jsonDocuments(r.stdout);
        assert.equal(role.Arn, assumed("accounta", "accounta"));
        // Named [profile accounta], the pasted block would merge into the user's own profile, and this would be the role too.
        assert.deepEqual([own.Arn, own.Account], [`arn:aws:iam::${ACCOUNT_B}:user/accounta`, ACCOUNT_B]);
        assert.equal(client.accounta.profileName, "accounta-role");
    });
});

describe("client snippets: CI runs the AWS CLI test, never skips it", function () {
    let dir = "";
    let bin = "";
    const ciRun = path.join(__dirname, "..", ".ci", "run");

    before(() => {
        dir = mkdtempSync(path.join(tmpdir(), "snippets-ci-"));
        bin = path.join(dir, "bin");
        mkdirSync(bin);
        // Stand-ins: moto_server is there, npm records its arguments; nothing is installed or run for real.
        const stub = (where: string, name: string, body = "exit 0") => writeFileSync(path.join(where, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
        stub(bin, "moto_server");
        stub(bin, "cfn-lint");
        stub(bin, "npm", 'echo "npm $* REQUIRE_MOTO=$REQUIRE_MOTO" >> "$NPM_LOG"');
        const dirname = findOnPath("dirname", process.env.PATH);
        assert.ok(dirname, "dirname is on PATH");
        stub(bin, "dirname", `exec '${dirname}' "$@"`);
        stub(bin, "chromium");
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    function runCi(home: string, npmLog: string) {
        const bashPath = findOnPath("bash", process.env.PATH);
        assert.ok(bashPath, "bash is on PATH");
        return spawnSync(bashPath, [ciRun], {
            // A stand-in Chromium for .ci/run's browser step (tests/access-map-browser.e2e.test.ts tests that step).
            env: { PATH: bin, NPM_LOG: npmLog, HOME: home, CHROMIUM_PATH: path.join(bin, "chromium") },
            encoding: "utf8",
            timeout: 10000,
            stdio: ["ignore", "pipe", "pipe"],
        });
    }

    it("without aws on PATH the snippet test is skipped with a reason, and fails instead under REQUIRE_MOTO=1", () => {
        assert.equal(toolSkipReason("aws", "pip install awscli", { PATH: bin }), "aws is not on PATH (pip install awscli)");
        assert.throws(() => toolSkipReason("aws", "pip install awscli", { PATH: bin, REQUIRE_MOTO: "1" }), {
            message: "aws is not on PATH, but REQUIRE_MOTO=1 (set by .ci/run) requires the end-to-end test to run: pip install awscli",
        });
    });

    it(".ci/run stops with exit 1 before installing anything when aws is not on PATH", () => {
        const npmLog = path.join(dir, "npm-missing.log");
        const r = runCi(dir, npmLog);
        assert.equal(r.stderr, "ci: aws (the AWS CLI v1) is not on PATH, and CI must run the client snippet tests with it: pip install awscli\n");
        assert.deepEqual([r.stdout, r.status], ["", 1]);
        assert.throws(() => readFileSync(npmLog, "utf8"), { code: "ENOENT" });
    });

    it(".ci/run finds a pyenv aws that a bare CI PATH leaves out, and runs npm test with REQUIRE_MOTO=1", () => {
        const home = path.join(dir, "pyenv-home");
        const versionBin = path.join(home, ".pyenv", "versions", "3.11.7", "bin");
        mkdirSync(versionBin, { recursive: true });
        writeFileSync(path.join(versionBin, "aws"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
        const npmLog = path.join(dir, "npm-pyenv.log");
        const r = runCi(home, npmLog);
        assert.deepEqual([r.stderr, r.status], ["", 0]);
        assert.ok(readFileSync(npmLog, "utf8").includes("npm test REQUIRE_MOTO=1"));
    });
});
