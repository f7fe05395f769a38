/**
 * examples/multi-account (hub-and-spoke) end to end against moto_server on 127.0.0.1. Every stack of the example is
 * rendered from its files as `npm start` does; what each declares (roles, their trust and inline policies) is created
 * in moto in that stack's own account: ci and backup-job in tooling (222222222222), deployer in dev, staging and
 * prod, table-backup in prod. Then the CI principal, a session of tooling's ci role as an ECS task has it, assumes
 * deployer in dev, staging and prod through the exact ARNs of the stack outputs, with the AWS SDK, and with the AWS
 * CLI v1 from the emitted clientConfig profiles `<account>-deployer` pasted as they are into a fresh config file
 * (`credential_source = EcsContainer`: the CLI reads the task's credentials from a container credentials endpoint
 * this test serves on 127.0.0.1). Each assumed session acts in the role's account: GetCallerIdentity shows that
 * account, and (SDK) the log group it lists is that account's.
 *
 * What moto cannot show: it enforces no IAM. An AssumeRole of a role that does not exist, or whose trust names
 * someone else, succeeds too (the last test shows it). So no refusal is proved here: that CI cannot assume deployer in
 * sandbox, that another principal of tooling or a third account is refused, that deployer reads only its own
 * account's log group, are the access report's rows (tests/stacks/multi-account.test.ts, with iam-simulate).
 *
 * Every CLI run gets its own HOME, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, AWS_ENDPOINT_URL (a profile's
 * AssumeRole ignores --endpoint-url), proxies on a closed loopback port with NO_PROXY=127.0.0.1 (nothing can leave
 * the machine), and instance metadata disabled. Runs in the run's shared moto_server (tests/global-fixtures.ts): no
 * other test creates these role names in these accounts.
 */
import { strict as assert } from "assert";
import { mkdirSync, writeFileSync } from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DescribeLogStreamsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { RoleClientConfig, TargetRoleOutput } from "../../lib/model/outputs";
import type { PolicyDocument } from "../../lib/model/policy";
import { reportFor } from "../../tools/render/main";
import type { RenderedStack } from "../../tools/render/stacks";
import { isolateAwsEnvironment } from "../support/aws-env";
import { renderExampleStacks } from "../support/examples";
import { awsResources } from "../support/harness";
import { Keys, ShellRun, assumeRole, awsCliEnvironment, awsCliOrSkip, createStackResources, keysIn, runBash, useSharedMoto } from "../support/moto";

const REGION = "eu-west-1";
const ACCOUNTS = { tooling: "222222222222", dev: "333333333333", staging: "444444444444", prod: "111111111111", sandbox: "666666666666" };
const CI = `arn:aws:iam::${ACCOUNTS.tooling}:role/ci/ci`;
const TARGETS = ["dev", "staging", "prod"] as const;
/** The ECS task's session of the ci role (its task id as the session name, as ECS names it). */
const TASK_SESSION = "0123456789abcdef0123456789abcdef";

/** IAM returns policy documents URL-encoded. */
function policyOf(text: string | undefined): PolicyDocument {
    return JSON.parse(decodeURIComponent(text ?? "")) as PolicyDocument;
}

/** The JSON documents a script printed one after another (`--output json` of each command). */
function jsonDocuments(stdout: string): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    let depth = 0;
    let start = -1;
    for (let i = 0; i < stdout.length; i++) {
        if (stdout[i] === "{") {
            if (depth === 0) start = i;
            depth++;
        } else if (stdout[i] === "}") {
            depth--;
            if (depth === 0) out.push(JSON.parse(stdout.slice(start, i + 1)) as Record<string, unknown>);
        }
    }
    return out;
}

describe("multi-account end to end on moto: CI in tooling assumes deployer in dev, staging and prod, each session acting in its account", function () {
    this.timeout(120000);
    const sandbox = isolateAwsEnvironment("multi-account-moto-");
    const moto = useSharedMoto({ timeoutMs: 60000 });
    let endpoint = "";
    let rendered: RenderedStack[] = [];
    let ciSession: Keys;
    let containerCredentials: http.Server | undefined;
    let containerUrl = "";
    let containerHits = 0;
    let proxy = "";
    let awsDir = "";
    let counter = 0;

    const stack = (name: string) => rendered.find((r) => r.stack === name)!;
    const deployerOf = (account: (typeof TARGETS)[number]) => (stack(account).result.outputs.roles as Record<string, TargetRoleOutput>).deployer;
    const clientOf = (account: (typeof TARGETS)[number]) => (stack(account).result.outputs.clientConfig as Record<string, RoleClientConfig>).deployer;

    /** Runs `script` in bash with only the environment an ECS task's shell would have, plus the loopback endpoints. */
    function bash(script: string, config: string): Promise<ShellRun> {
        const home = path.join(sandbox.dir, `run-${++counter}`);
        mkdirSync(home);
        const configFile = path.join(home, "config");
        writeFileSync(configFile, config);
        const env = awsCliEnvironment({
            awsDir,
            home,
            configFile,
            credentialsFile: path.join(home, "credentials"),
            endpoint,
            proxy,
            // What ECS sets in a task (as a full URI here: the relative one points at 169.254.170.2).
            more: { AWS_CONTAINER_CREDENTIALS_FULL_URI: containerUrl },
        });
        return runBash(script, env);
    }

    before(async function () {
        ({ proxy, awsDir } = await awsCliOrSkip(this));
        endpoint = moto.endpoint;
        rendered = await renderExampleStacks("multi-account");
        assert.deepEqual(
            rendered.map((r) => [r.stack, r.accountId]),
            [
                ["tooling", ACCOUNTS.tooling],
                ["dev", ACCOUNTS.dev],
                ["staging", ACCOUNTS.staging],
                ["prod", ACCOUNTS.prod],
            ],
        );
        const started = Date.now();
        // Each stack's resources in its own account, as `pulumi up -s <account>` would create them there.
        for (const r of rendered) await createStackResources(endpoint, await keysIn(endpoint, r.accountId, "setup"), r.result, REGION);
        // deployer reads /app/deploy (logsRead, not created by the stack): one in each account, its stream named after it.
        for (const account of TARGETS) {
            const logs = new CloudWatchLogsClient({ region: REGION, endpoint, credentials: await keysIn(endpoint, ACCOUNTS[account], "setup") });
            await logs.send(new CreateLogGroupCommand({ logGroupName: "/app/deploy" }));
            await logs.send(new CreateLogStreamCommand({ logGroupName: "/app/deploy", logStreamName: `deploys-of-${account}` }));
            logs.destroy();
        }
        console.log(`      (the 4 stacks created in moto in ${Date.now() - started} ms)`);

        // The ECS task of tooling's ci role: its session's keys, served as the ECS agent serves them.
        ciSession = await assumeRole(endpoint, CI, TASK_SESSION);
        containerCredentials = http.createServer((_request, res) => {
            containerHits++;
            res.setHeader("content-type", "application/json");
            res.end(
                JSON.stringify({
                    AccessKeyId: ciSession.accessKeyId,
                    SecretAccessKey: ciSession.secretAccessKey,
                    Token: ciSession.sessionToken,
                    Expiration: new Date(Date.now() + 3600_000).toISOString(),
                    RoleArn: CI,
                }),
            );
        });
        await new Promise<void>((resolve) => containerCredentials!.listen(0, "127.0.0.1", resolve));
        containerUrl = `http://127.0.0.1:${(containerCredentials.address() as net.AddressInfo).port}/v2/credentials/ci-task`;
    });

    after(async () => {
        if (containerCredentials) await new Promise((resolve) => containerCredentials!.close(resolve));
    });

    it("creates each stack's roles in its own account, with the rendered trust and inline policies, and none elsewhere", async () => {
        const names = (r: RenderedStack) =>
            awsResources(r.result)
                .filter((x) => x.type === "aws:iam/role:Role")
                .map((x) => String(x.inputs.name))
                .sort();
        assert.deepEqual(names(stack("tooling")), ["backup-job", "ci"]);
        assert.deepEqual(names(stack("prod")), ["deployer", "table-backup"]);
        for (const r of rendered) {
            const iam = new IAMClient({ region: "us-east-1", endpoint, credentials: await keysIn(endpoint, r.accountId, "check") });
            try {
                const inMoto = (await iam.send(new ListRolesCommand({}))).Roles!.map((x) => x.RoleName!).filter((n) => n !== "moto-setup");
                for (const name of names(r)) assert.ok(inMoto.includes(name), `${r.stack}: ${name} not in account ${r.accountId}`);
                // The other accounts' roles are not here: moto keeps each account's IAM apart.
                for (const other of rendered.filter((o) => o.accountId !== r.accountId)) {
                    for (const name of names(other).filter((n) => !names(r).includes(n))) assert.ok(!inMoto.includes(name), `${name} leaked into ${r.stack}`);
                }
                for (const res of awsResources(r.result)) {
                    const i = res.inputs as Record<string, string>;
                    if (res.type === "aws:iam/role:Role") {
                        const got = (await iam.send(new GetRoleCommand({ RoleName: i.name }))).Role!;
                        assert.equal(got.Arn, `arn:aws:iam::${r.accountId}:role${i.path ?? "/"}${i.name}`);
                        assert.deepEqual(policyOf(got.AssumeRolePolicyDocument), JSON.parse(i.assumeRolePolicy));
                    } else if (res.type === "aws:iam/rolePolicy:RolePolicy") {
                        const got = await iam.send(new GetRolePolicyCommand({ RoleName: i.role, PolicyName: i.name }));
                        assert.deepEqual(policyOf(got.PolicyDocument), JSON.parse(i.policy));
                    }
                }
            } finally {
                iam.destroy();
            }
        }
    });

    it("with the SDK: the CI session assumes deployer by the exact ARN of each account's `roles` output and acts in that account", async () => {
        const sts = new STSClient({ region: REGION, endpoint, credentials: ciSession });
        try {
            assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${ACCOUNTS.tooling}:assumed-role/ci/${TASK_SESSION}`);
            for (const account of TARGETS) {
                const arn = deployerOf(account).arn;
                assert.equal(arn, `arn:aws:iam::${ACCOUNTS[account]}:role/cross-account/deployer`);
                const c = (await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: "ci" }))).Credentials!;
                const keys = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
                const assumed = new STSClient({ region: REGION, endpoint, credentials: keys });
                const who = await assumed.send(new GetCallerIdentityCommand({}));
                assumed.destroy();
                assert.deepEqual([who.Account, who.Arn], [ACCOUNTS[account], `arn:aws:sts::${ACCOUNTS[account]}:assumed-role/deployer/ci`]);
                const logs = new CloudWatchLogsClient({ region: REGION, endpoint, credentials: keys });
                const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/app/deploy" }));
                logs.destroy();
                assert.deepEqual(
                    streams.logStreams!.map((s) => s.logStreamName),
                    [`deploys-of-${account}`],
                );
            }
        } finally {
            sts.destroy();
        }
    });

    it("with the AWS CLI: the three emitted profiles, pasted as they are, assume deployer in dev, staging and prod from the task's credentials", async () => {
        const profiles = TARGETS.map((a) => clientOf(a).sources.ci.awsConfigProfile);
        assert.deepEqual(
            TARGETS.map((a) => clientOf(a).profileName),
            ["dev-deployer", "staging-deployer", "prod-deployer"],
        );
        for (const [i, account] of TARGETS.entries()) {
            assert.equal(
                profiles[i],
                [
                    `[profile ${account}-deployer]`,
                    `role_arn = arn:aws:iam::${ACCOUNTS[account]}:role/cross-account/deployer`,
                    "credential_source = EcsContainer",
                    `region = ${REGION}`,
                    "role_session_name = ci",
                ].join("\n"),
            );
        }
        const script = TARGETS.map((a) => `aws sts get-caller-identity --profile ${a}-deployer --output json`).join(" && ");
        const hitsBefore = containerHits;
        const started = Date.now();
        const run = await bash(script, `${profiles.join("\n\n")}\n`);
        console.log(`      (3 AWS CLI calls in ${Date.now() - started} ms)`);
        assert.equal(run.code, 0, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
        assert.deepEqual(
            jsonDocuments(run.stdout).map((d) => [d.Account, d.Arn]),
            TARGETS.map((a) => [ACCOUNTS[a], `arn:aws:sts::${ACCOUNTS[a]}:assumed-role/deployer/ci`]),
        );
        // The CLI took its source credentials from the container endpoint, as in an ECS task (once per CLI process at least).
        assert.ok(containerHits - hitsBefore >= TARGETS.length, `the container credentials endpoint was read ${containerHits - hitsBefore} times`);
    });

    it("moto enforces no IAM: the same session also 'assumes' deployer in sandbox, where no such role exists; the access report is what refuses it", async () => {
        const sts = new STSClient({ region: REGION, endpoint, credentials: ciSession });
        try {
            const sandboxDeployer = `arn:aws:iam::${ACCOUNTS.sandbox}:role/cross-account/deployer`;
            const out = await sts.send(new AssumeRoleCommand({ RoleArn: sandboxDeployer, RoleSessionName: "ci" }));
            assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNTS.sandbox}:assumed-role/deployer/ci`);
            const report = await reportFor(rendered);
            const refused = report!.roles
                .filter((r) => r.role === "deployer")
                .flatMap((r) => r.checks.filter((c) => c.kind === "other-account" && c.source === "ci" && c.resource === sandboxDeployer))
                .map((c) => [c.result, c.expect, c.decision]);
            assert.deepEqual(refused, [
                ["PASS", "deny", "ImplicitlyDenied"],
                ["PASS", "deny", "ImplicitlyDenied"],
                ["PASS", "deny", "ImplicitlyDenied"],
            ]);
        } finally {
            sts.destroy();
        }
    });
});
