/**
 * The snippets of a `${aws:username}` session name rule work as pasted: run by the real AWS CLI v1 in bash against
 * moto_server on 127.0.0.1, a group member's exportEnv and awsConfigureCommands read the member's IAM user name from
 * `aws sts get-caller-identity` and assume A's role under it. moto enforces no IAM (it does not evaluate the trust's
 * sts:RoleSessionName condition; the access report proves that part), so this proves the shell text: the session
 * name the CLI really sends is read back from the assumed role's ARN.
 *
 * Accounts of their own (444444444444, 555555555555), so the run's shared moto_server holds nothing else of theirs.
 * Every CLI run gets its own HOME, config and credentials files, AWS_ENDPOINT_URL, proxies on a closed loopback
 * port with NO_PROXY=127.0.0.1, and instance metadata disabled.
 */
import { strict as assert } from "assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { AddUserToGroupCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { parseConfig } from "../lib/config/read";
import type { SourceClientConfig } from "../lib/model/outputs";
import { roleClientConfig } from "../lib/outputs/client-config";
import { configuredSource } from "../lib/policies/sources";
import { trustPolicy } from "../lib/policies/trust";
import { PROJECT, flatten } from "./support/harness";
import { ShellRun, awsCliEnvironment, awsCliOrSkip, keysIn, runBash, useSharedMoto } from "./support/moto";

const A = "444444444444";
const B = "555555555555";

describe("client snippets under roleSessionName ${aws:username}, run by the real AWS CLI against moto_server", function () {
    this.timeout(120000);
    const moto = useSharedMoto();
    let dir = "";
    let proxy = "";
    let awsDir = "";
    let snippets: SourceClientConfig | undefined;
    let counter = 0;

    function bash(script: string, config = ""): Promise<ShellRun> {
        const home = path.join(dir, `run-${++counter}`);
        mkdirSync(home);
        const configFile = path.join(home, "config");
        writeFileSync(configFile, config);
        const env = awsCliEnvironment({
            awsDir,
            home,
            configFile,
            credentialsFile: path.join(dir, "credentials"),
            endpoint: moto.endpoint,
            proxy,
            more: { USER: "not-the-iam-user" },
        });
        return runBash(script, env);
    }

    before(async function () {
        ({ proxy, awsDir } = await awsCliOrSkip(this));
        dir = mkdtempSync(path.join(tmpdir(), "session-name-snippets-"));
        const endpoint = moto.endpoint;
        const config = {
            targetAccountId: A,
            sourceAccountId: B,
            sources: { developers: { kind: "group", members: ["carol"] } },
            targetRoles: {
                "session-reader": {
                    path: "/cross-account/",
                    trustedSources: [{ source: "developers", mfa: false, unsafeAllowUnconditionalAccountTrust: true, roleSessionName: "${aws:username}" }],
                    permissions: { logsRead: { logGroups: ["/app/cron"] } },
                },
            },
            "aws:region": "eu-west-1",
        };
        const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
        snippets = roleClientConfig(cfg, cfg.targetRoles[0], undefined).sources.developers;

        const iamB = new IAMClient({ region: "us-east-1", endpoint, credentials: await keysIn(endpoint, B) });
        await iamB.send(new CreateGroupCommand({ GroupName: "developers" }));
        await iamB.send(new CreateUserCommand({ UserName: "carol" }));
        await iamB.send(new AddUserToGroupCommand({ GroupName: "developers", UserName: "carol" }));
        const k = (await iamB.send(new CreateAccessKeyCommand({ UserName: "carol" }))).AccessKey!;
        iamB.destroy();
        writeFileSync(path.join(dir, "credentials"), `[developers]\naws_access_key_id = ${k.AccessKeyId}\naws_secret_access_key = ${k.SecretAccessKey}\n`);

        const iamA = new IAMClient({ region: "us-east-1", endpoint, credentials: await keysIn(endpoint, A) });
        const role = cfg.targetRoles[0];
        const trust = trustPolicy(
            cfg,
            role,
            cfg.sources.map((s) => configuredSource(cfg, s)),
            undefined,
        );
        assert.deepEqual(trust.Statement[0].Condition, {
            StringEquals: { "sts:RoleSessionName": "${aws:username}" },
            ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${B}:user/*` },
        });
        await iamA.send(new CreateRoleCommand({ RoleName: role.name, Path: role.path, AssumeRolePolicyDocument: JSON.stringify(trust) }));
        iamA.destroy();
    });

    after(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("exportEnv: the session is named after the member's IAM user (carol), not $USER", async () => {
        const r = await bash(`set -e\n${snippets!.exportEnv}\naws sts get-caller-identity --output json`);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).Arn, `arn:aws:sts::${A}:assumed-role/session-reader/carol`);
    });

    it("awsConfigureCommands on an empty config write role_session_name = carol, and the profile assumes the role under it", async () => {
        const r = await bash(
            `set -e\n${snippets!.awsConfigureCommands}\naws --profile session-reader sts get-caller-identity --output json\ncat "$AWS_CONFIG_FILE"`,
        );
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout.slice(0, r.stdout.indexOf("}") + 1)).Arn, `arn:aws:sts::${A}:assumed-role/session-reader/carol`);
        assert.match(r.stdout, /role_session_name = carol/);
    });
});
