/**
 * Client configuration (lib/outputs/client-config.ts): exact text of every snippet for each source kind and
 * trust condition, and the `clientConfig` output of account-a under mocks (secret iff an ExternalId).
 */
import { strict as assert } from "assert";
import { RoleClientConfig } from "../lib/model/outputs";
import { consoleSwitchRoleUrl, roleClientConfig, shellQuote } from "../lib/outputs/client-config";
import { parseConfig, validateConfig } from "../lib/config/read";
import { CrossAccountConfig } from "../lib/model/config";
import { ACCOUNT_A, ACCOUNT_B, ConfigObject, PROJECT, baseConfig, flatten, renderBoth } from "./support/harness";

const READER = `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`;
const QUERY = "--query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text";
const EXPORT_TAIL = `  read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<< "$creds" &&\n  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1`;
/** `aws configure set KEY VALUE --profile PROFILE`, one line per [key, shell value]. */
const configure = (profile: string, settings: Array<[string, string]>) =>
    settings.map(([k, v]) => `aws configure set ${k} ${v} --profile ${profile}`).join("\n");
/** The shell text that names a person's session after their $USER, `fallback` when $USER is no session name. */
const userSession = (fallback: string) =>
    `"$(awk 'BEGIN { s = ENVIRON["USER"]; gsub(/[^A-Za-z0-9_+=,.@-]/, "-", s); s = substr(s, 1, 64); print (length(s) > 1 && s ~ /[A-Za-z0-9]/ ? s : "${fallback}") }')"`;
const OWN_PROFILE = (profile: string, source: string) =>
    `Profile ${profile} signs in with your own profile "${source}" (your credentials in account B, ${ACCOUNT_B}), which must already exist; if yours has another name, use it for source_profile and --profile.`;
const USER_SESSION_NOTE = (fallback: string) =>
    `--role-session-name is your $USER (characters STS refuses become "-", cut to 64; ${fallback} when that leaves fewer than 2 characters or no letter or digit), so CloudTrail in account A tells people apart; in the profile, set role_session_name to your own name (awsConfigureCommands does).`;
const SET_SESSION_COMMENT = "# Set role_session_name to your own name (2 to 64 of A-Za-z0-9+=,.@_-), so CloudTrail in account A tells people apart.";
const CONSOLE = `https://signin.aws.amazon.com/switchrole?roleName=cross-account/log-reader&account=${ACCOUNT_A}&displayName=log-reader`;

function parse(config: ConfigObject): CrossAccountConfig {
    return parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
}

/** The client config of log-reader, with the source and the trust entry replaced. */
function readerWith(source: Record<string, unknown>, trust: unknown, role: Record<string, unknown> = {}, externalId?: string): RoleClientConfig {
    const c = baseConfig() as any;
    c.sources = { [String(source.key)]: { ...source, key: undefined } };
    c.targetRoles["log-reader"] = { ...c.targetRoles["log-reader"], trustedSources: [trust], ...role };
    if (externalId !== undefined) c.externalIds = { "log-reader": externalId };
    const cfg = parse(c);
    return roleClientConfig(cfg, cfg.targetRoles[0], cfg.externalIds["log-reader"]);
}

describe("client configuration (pure)", () => {
    it("EC2 source: instance-metadata profile, no --profile, stale keys unset before assuming, no console link", () => {
        const cfg = parse(baseConfig());
        assert.deepEqual(roleClientConfig(cfg, cfg.targetRoles[0], undefined), {
            roleArn: READER,
            targetAccountId: ACCOUNT_A,
            sourceAccountId: ACCOUNT_B,
            region: "eu-west-1",
            profileName: "log-reader",
            sources: {
                "log-shipper": {
                    kind: "service-role",
                    assumeRoleCommand: `aws sts assume-role --role-arn ${READER} --role-session-name log-shipper --region eu-west-1`,
                    awsConfigProfile: [
                        "[profile log-reader]",
                        `role_arn = ${READER}`,
                        "credential_source = Ec2InstanceMetadata",
                        "region = eu-west-1",
                        "role_session_name = log-shipper",
                    ].join("\n"),
                    awsConfigureCommands: configure("log-reader", [
                        ["role_arn", READER],
                        ["credential_source", "Ec2InstanceMetadata"],
                        ["region", "eu-west-1"],
                        ["role_session_name", "log-shipper"],
                    ]),
                    exportEnv: [
                        "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN",
                        `creds=$(aws sts assume-role --role-arn ${READER} --role-session-name log-shipper --region eu-west-1 ${QUERY}) &&`,
                        EXPORT_TAIL,
                    ].join("\n"),
                    consoleSwitchRoleUrl: null,
                    notes: ["No console link: an EC2 instance role has no console sign-in."],
                },
            },
        });
    });

    it("EC2 source of a role with a 2-hour maximum: role chaining caps it at 1 hour, so no duration is requested, and a note says why", () => {
        const out = readerWith({ key: "log-shipper", kind: "service-role", service: "ec2", path: "/cross-account/" }, "log-shipper", {
            maxSessionDuration: 7200,
        });
        const s = out.sources["log-shipper"];
        assert.equal(s.assumeRoleCommand, `aws sts assume-role --role-arn ${READER} --role-session-name log-shipper --region eu-west-1`);
        assert.ok(!s.awsConfigProfile.includes("duration_seconds"));
        assert.deepEqual(s.notes, [
            "Role chaining: credentials of an EC2 instance role are a role session, so assuming log-reader is role chaining, which AWS caps at 1 hour (3600 s) whatever maxSessionDuration (7200 s) says; no duration is requested.",
            "No console link: an EC2 instance role has no console sign-in.",
        ]);
    });

    it("ECS task source: credential_source EcsContainer, stale keys unset", () => {
        const s = readerWith({ key: "nightly", kind: "service-role", service: "ecs-tasks" }, "nightly").sources.nightly;
        assert.equal(
            s.awsConfigProfile,
            ["[profile log-reader]", `role_arn = ${READER}`, "credential_source = EcsContainer", "region = eu-west-1", "role_session_name = nightly"].join(
                "\n",
            ),
        );
        assert.equal(
            s.exportEnv,
            [
                "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN",
                `creds=$(aws sts assume-role --role-arn ${READER} --role-session-name nightly --region eu-west-1 ${QUERY}) &&`,
                EXPORT_TAIL,
            ].join("\n"),
        );
        assert.deepEqual(s.notes, ["No console link: an ECS task role has no console sign-in."]);
    });

    it("Lambda source: credential_source Environment, and its own keys (the variables) are not unset", () => {
        const s = readerWith({ key: "fn", kind: "service-role", service: "lambda" }, "fn").sources.fn;
        assert.equal(
            s.awsConfigProfile,
            ["[profile log-reader]", `role_arn = ${READER}`, "credential_source = Environment", "region = eu-west-1", "role_session_name = fn"].join("\n"),
        );
        assert.equal(
            s.exportEnv,
            [`creds=$(aws sts assume-role --role-arn ${READER} --role-session-name fn --region eu-west-1 ${QUERY}) &&`, EXPORT_TAIL].join("\n"),
        );
    });

    it("user source with MFA and a 4-hour maximum: the user's own MFA device, the full duration (no chaining), a console link", () => {
        const out = readerWith({ key: "alice", kind: "user", path: "/people/" }, { source: "alice", mfa: true }, { maxSessionDuration: 14400 });
        const cmd = `aws sts assume-role --role-arn ${READER} --role-session-name alice --serial-number arn:aws:iam::${ACCOUNT_B}:mfa/alice --token-code "$MFA_CODE" --duration-seconds 14400 --profile alice --region eu-west-1`;
        assert.deepEqual(out.sources.alice, {
            kind: "user",
            assumeRoleCommand: cmd,
            awsConfigProfile: [
                "[profile log-reader]",
                `role_arn = ${READER}`,
                "source_profile = alice",
                `mfa_serial = arn:aws:iam::${ACCOUNT_B}:mfa/alice`,
                "duration_seconds = 14400",
                "region = eu-west-1",
                "role_session_name = alice",
            ].join("\n"),
            awsConfigureCommands: configure("log-reader", [
                ["role_arn", READER],
                ["source_profile", "alice"],
                ["mfa_serial", `arn:aws:iam::${ACCOUNT_B}:mfa/alice`],
                ["duration_seconds", "14400"],
                ["region", "eu-west-1"],
                ["role_session_name", "alice"],
            ]),
            exportEnv: [`creds=$(${cmd} ${QUERY}) &&`, EXPORT_TAIL].join("\n"),
            consoleSwitchRoleUrl: CONSOLE,
            notes: [
                OWN_PROFILE("log-reader", "alice"),
                "mfa_serial assumes a virtual MFA device named after the user (the console default); check with `aws iam list-mfa-devices --user-name alice`.",
                "Set MFA_CODE to the current code of your MFA device before running the command.",
            ],
        });
    });

    it("group source with MFA: each person's session named after their $USER, a placeholder MFA device to replace, a console link", () => {
        const s = readerWith({ key: "ops", kind: "group" }, { source: "ops", mfa: { maxAgeSeconds: 1800 } }).sources.ops;
        assert.equal(
            s.assumeRoleCommand,
            `aws sts assume-role --role-arn ${READER} --role-session-name ${userSession("ops")} --serial-number arn:aws:iam::${ACCOUNT_B}:mfa/YOUR_MFA_DEVICE --token-code "$MFA_CODE" --profile ops --region eu-west-1`,
        );
        assert.equal(
            s.awsConfigProfile,
            [
                "[profile log-reader]",
                SET_SESSION_COMMENT,
                `role_arn = ${READER}`,
                "source_profile = ops",
                `mfa_serial = arn:aws:iam::${ACCOUNT_B}:mfa/YOUR_MFA_DEVICE`,
                "region = eu-west-1",
                "role_session_name = ops",
            ].join("\n"),
        );
        assert.equal(
            s.awsConfigureCommands,
            configure("log-reader", [
                ["role_arn", READER],
                ["source_profile", "ops"],
                ["mfa_serial", `arn:aws:iam::${ACCOUNT_B}:mfa/YOUR_MFA_DEVICE`],
                ["region", "eu-west-1"],
                ["role_session_name", userSession("ops")],
            ]),
        );
        assert.equal(s.consoleSwitchRoleUrl, CONSOLE);
        assert.deepEqual(s.notes, [
            OWN_PROFILE("log-reader", "ops"),
            USER_SESSION_NOTE("ops"),
            "Replace YOUR_MFA_DEVICE with the name of your MFA device (`aws iam list-mfa-devices`).",
            "Set MFA_CODE to the current code of your MFA device before running the command.",
        ]);
    });

    it("account-root source with an ExternalId: --external-id and external_id, no console link (the console cannot send one), a chaining caveat, sessions named after $USER", () => {
        const out = readerWith({ key: "vendor", kind: "account-root" }, { source: "vendor", externalId: true }, { maxSessionDuration: 7200 }, "vendor-7f3a");
        assert.equal(out.externalId, "vendor-7f3a");
        const cmd = `aws sts assume-role --role-arn ${READER} --role-session-name ${userSession("vendor")} --external-id vendor-7f3a --profile vendor --region eu-west-1`;
        assert.deepEqual(out.sources.vendor, {
            kind: "account-root",
            assumeRoleCommand: cmd,
            awsConfigProfile: [
                "[profile log-reader]",
                SET_SESSION_COMMENT,
                `role_arn = ${READER}`,
                "source_profile = vendor",
                "external_id = vendor-7f3a",
                "region = eu-west-1",
                "role_session_name = vendor",
            ].join("\n"),
            awsConfigureCommands: configure("log-reader", [
                ["role_arn", READER],
                ["source_profile", "vendor"],
                ["external_id", "vendor-7f3a"],
                ["region", "eu-west-1"],
                ["role_session_name", userSession("vendor")],
            ]),
            exportEnv: [`creds=$(${cmd} ${QUERY}) &&`, EXPORT_TAIL].join("\n"),
            consoleSwitchRoleUrl: null,
            notes: [
                OWN_PROFILE("log-reader", "vendor"),
                USER_SESSION_NOTE("vendor"),
                "Role chaining: if you call from a role session (an SSO or other assumed role), assuming log-reader is role chaining, which AWS caps at 1 hour (3600 s) whatever maxSessionDuration (7200 s) says; no duration is requested (add --duration-seconds 7200 only as an IAM user).",
                "No console link: the console cannot send an ExternalId.",
            ],
        });
    });

    it("a source identity required from an exact list: sent with --source-identity; the profile says it cannot send one", () => {
        const s = readerWith({ key: "alice", kind: "user" }, { source: "alice", sourceIdentity: { required: true, allowed: ["alice@example.com"] } }).sources
            .alice;
        assert.equal(
            s.assumeRoleCommand,
            `aws sts assume-role --role-arn ${READER} --role-session-name alice --source-identity alice@example.com --profile alice --region eu-west-1`,
        );
        assert.equal(
            s.awsConfigProfile,
            [
                "[profile log-reader]",
                "# The trust requires a source identity, which a profile cannot send: use assumeRoleCommand.",
                `role_arn = ${READER}`,
                "source_profile = alice",
                "region = eu-west-1",
                "role_session_name = alice",
            ].join("\n"),
        );
        assert.equal(s.consoleSwitchRoleUrl, null);
        assert.deepEqual(s.notes.slice(1), [
            "The AWS CLI config has no source identity setting, so the profile cannot satisfy this trust; use assumeRoleCommand or exportEnv.",
            "No console link: the console cannot send a source identity.",
        ]);
    });

    it("a source identity required by pattern: a placeholder and the pattern to match", () => {
        const s = readerWith({ key: "job", kind: "service-role", service: "ec2" }, { source: "job", sourceIdentity: { allowed: ["cron-*"] } }).sources.job;
        assert.equal(
            s.assumeRoleCommand,
            `aws sts assume-role --role-arn ${READER} --role-session-name job --source-identity YOUR_SOURCE_IDENTITY --region eu-west-1`,
        );
        assert.equal(s.notes[0], "Replace YOUR_SOURCE_IDENTITY with your source identity (it must match cron-*).");
    });

    it("a source key that is not a session name is cleaned into one", () => {
        const s = readerWith({ key: "a b", kind: "service-role", service: "ec2", name: "ab" }, "a b").sources["a b"];
        assert.equal(s.assumeRoleCommand, `aws sts assume-role --role-arn ${READER} --role-session-name a-b --region eu-west-1`);
    });

    it("existing principals: IAM users get the full duration, roles are chained (no duration)", () => {
        const users = readerWith({ key: "ci", kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:user/ci`] }, "ci", { maxSessionDuration: 7200 }).sources.ci;
        assert.match(users.assumeRoleCommand, / --duration-seconds 7200 --profile ci /);
        const roles = readerWith({ key: "ci", kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/ci`] }, "ci", { maxSessionDuration: 7200 }).sources.ci;
        assert.equal(roles.assumeRoleCommand, `aws sts assume-role --role-arn ${READER} --role-session-name ci --profile ci --region eu-west-1`);
        assert.equal(roles.consoleSwitchRoleUrl, CONSOLE);
    });

    it("one role, two sources: each gets its own snippets (a job without MFA, people with MFA)", () => {
        const c = baseConfig() as any;
        c.sources.ops = { kind: "group" };
        c.targetRoles["log-reader"].trustedSources = ["log-shipper", { source: "ops", mfa: true }];
        const cfg = parse(c);
        const out = roleClientConfig(cfg, cfg.targetRoles[0], undefined);
        assert.deepEqual(Object.keys(out.sources), ["log-shipper", "ops"]);
        assert.ok(!out.sources["log-shipper"].assumeRoleCommand.includes("--serial-number"));
        assert.ok(out.sources.ops.assumeRoleCommand.includes(`--serial-number arn:aws:iam::${ACCOUNT_B}:mfa/YOUR_MFA_DEVICE`));
    });

    it("the console link gives a role with a path as path/name without the leading slash, percent-encoded, per partition", () => {
        assert.equal(
            consoleSwitchRoleUrl({ partition: "aws", targetAccountId: ACCOUNT_A }, { path: "/teams/data/", name: "reader+ops" }),
            `https://signin.aws.amazon.com/switchrole?roleName=teams/data/reader%2Bops&account=${ACCOUNT_A}&displayName=reader%2Bops`,
        );
        assert.equal(
            consoleSwitchRoleUrl({ partition: "aws", targetAccountId: ACCOUNT_A }, { path: "/", name: "log-reader" }),
            `https://signin.aws.amazon.com/switchrole?roleName=log-reader&account=${ACCOUNT_A}&displayName=log-reader`,
        );
        assert.equal(
            consoleSwitchRoleUrl({ partition: "aws-cn", targetAccountId: ACCOUNT_A }, { path: "/", name: "r" }),
            `https://signin.amazonaws.cn/switchrole?roleName=r&account=${ACCOUNT_A}&displayName=r`,
        );
    });

    it("quotes shell values only when the shell would interpret them", () => {
        assert.equal(shellQuote("arn:aws:iam::111111111111:role/a/b"), "arn:aws:iam::111111111111:role/a/b");
        assert.equal(shellQuote("arn:aws:iam::111111111111:role/a$b/c"), "'arn:aws:iam::111111111111:role/a$b/c'");
        assert.equal(shellQuote("it's"), "'it'\\''s'");
    });
});

describe("client configuration: profile and session names", () => {
    const ACCOUNTA = `arn:aws:iam::${ACCOUNT_A}:role/accounta`;

    it("a role named like the user source it trusts: profile accounta-role beside source_profile accounta, and a note says why", () => {
        const c = baseConfig() as any;
        c.sources = { accounta: { kind: "user" } };
        c.targetRoles = { accounta: { trustedSources: ["accounta"], permissions: { logsRead: { logGroups: ["/app/cron"] } } } };
        const cfg = parse(c);
        const out = roleClientConfig(cfg, cfg.targetRoles[0], undefined);
        assert.equal(out.profileName, "accounta-role");
        const s = out.sources.accounta;
        assert.equal(
            s.awsConfigProfile,
            ["[profile accounta-role]", `role_arn = ${ACCOUNTA}`, "source_profile = accounta", "region = eu-west-1", "role_session_name = accounta"].join("\n"),
        );
        assert.equal(
            s.awsConfigureCommands,
            configure("accounta-role", [
                ["role_arn", ACCOUNTA],
                ["source_profile", "accounta"],
                ["region", "eu-west-1"],
                ["role_session_name", "accounta"],
            ]),
        );
        assert.equal(s.assumeRoleCommand, `aws sts assume-role --role-arn ${ACCOUNTA} --role-session-name accounta --profile accounta --region eu-west-1`);
        assert.deepEqual(s.notes, [
            OWN_PROFILE("accounta-role", "accounta"),
            'The profile is named accounta-role, not accounta: "accounta" is the source_profile of source accounta (your own credentials in account B).',
        ]);
    });

    it("profileName names the role's profile in every snippet; roleSessionName fixes a group's session name (no $USER, no comment)", () => {
        const out = readerWith(
            { key: "ops", kind: "group", roleSessionName: "ops-oncall" },
            { source: "ops", externalId: true },
            { profileName: "prod-logs" },
            "ops-ext-1",
        );
        assert.equal(out.profileName, "prod-logs");
        const s = out.sources.ops;
        assert.equal(
            s.assumeRoleCommand,
            `aws sts assume-role --role-arn ${READER} --role-session-name ops-oncall --external-id ops-ext-1 --profile ops --region eu-west-1`,
        );
        assert.equal(
            s.awsConfigProfile,
            [
                "[profile prod-logs]",
                `role_arn = ${READER}`,
                "source_profile = ops",
                "external_id = ops-ext-1",
                "region = eu-west-1",
                "role_session_name = ops-oncall",
            ].join("\n"),
        );
        assert.equal(
            s.awsConfigureCommands,
            configure("prod-logs", [
                ["role_arn", READER],
                ["source_profile", "ops"],
                ["external_id", "ops-ext-1"],
                ["region", "eu-west-1"],
                ["role_session_name", "ops-oncall"],
            ]),
        );
        assert.deepEqual(s.notes, [OWN_PROFILE("prod-logs", "ops"), "No console link: the console cannot send an ExternalId."]);
    });

    it("roleSessionName on a service role replaces its key as the session name", () => {
        const s = readerWith({ key: "log-shipper", kind: "service-role", service: "ec2", roleSessionName: "cron@host-1" }, "log-shipper").sources[
            "log-shipper"
        ];
        assert.equal(s.assumeRoleCommand, `aws sts assume-role --role-arn ${READER} --role-session-name cron@host-1 --region eu-west-1`);
    });

    it("a value the shell would interpret is single-quoted in awsConfigureCommands, as in assumeRoleCommand (a role path with $ and ')", () => {
        const s = readerWith({ key: "job", kind: "service-role", service: "ec2" }, "job", { path: "/team$x/it's/" }).sources.job;
        const arn = `'arn:aws:iam::${ACCOUNT_A}:role/team$x/it'\\''s/log-reader'`;
        assert.equal(s.awsConfigureCommands.split("\n")[0], `aws configure set role_arn ${arn} --profile log-reader`);
        assert.ok(s.assumeRoleCommand.startsWith(`aws sts assume-role --role-arn ${arn} `));
    });

    it("refuses a profileName or roleSessionName the AWS CLI or STS cannot use, and a profileName that would replace another profile", () => {
        const c = baseConfig() as any;
        c.sources.alice = { kind: "user", roleSessionName: "a" };
        c.sources.ops = { kind: "group", roleSessionName: "on call" };
        c.targetRoles["log-reader"].trustedSources = ["log-shipper", { source: "alice", mfa: true }, { source: "ops", mfa: true }];
        c.targetRoles["log-reader"].profileName = "alice";
        c.targetRoles.a = { trustedSources: ["log-shipper"], profileName: "-p", permissions: { logsRead: { logGroups: ["/app/cron"] } } };
        c.targetRoles.b = { trustedSources: ["log-shipper"], profileName: "default", permissions: { logsRead: { logGroups: ["/app/cron"] } } };
        c.targetRoles.c = { trustedSources: ["log-shipper"], profileName: "shared", permissions: { logsRead: { logGroups: ["/app/cron"] } } };
        c.targetRoles.d = { trustedSources: ["log-shipper"], profileName: "shared", permissions: { logsRead: { logGroups: ["/app/cron"] } } };
        assert.deepEqual(validateConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "organization" }), [
            'sources.alice.roleSessionName = "a": expected a role session name of 2 to 64 characters from [A-Za-z0-9+=,.@_-] (what STS accepts)',
            'sources.ops.roleSessionName = "on call": expected a role session name of 2 to 64 characters from [A-Za-z0-9+=,.@_-] (what STS accepts)',
            'targetRoles.a.profileName = "-p": expected an AWS CLI profile name of 1 to 64 characters from [A-Za-z0-9+=,.@_-], not starting with "-" (the AWS CLI would read it as an option)',
            'targetRoles.log-reader.profileName = "alice": expected a profile name other than alice, the source_profile of source alice (pasting the profile would replace your own credentials profile)',
            'targetRoles.b.profileName = "default": expected a profile name other than default (pasting the profile would replace your default profile)',
            'targetRoles.d.profileName = "shared": expected a profile name no other role uses (role c has shared)',
        ]);
    });
});

describe("clientConfig output of account-a (under mocks)", () => {
    it("is a plain output, keyed by role name, when no role requires an ExternalId", async () => {
        const { a } = await renderBoth(baseConfig());
        assert.ok(!a.secretOutputNames.includes("clientConfig"));
        const cfg = parse(baseConfig());
        assert.deepEqual(a.outputs.clientConfig, { "log-reader": roleClientConfig(cfg, cfg.targetRoles[0], undefined) });
    });

    it("is a secret output when a role requires an ExternalId, carries it, and the roles output never does", async () => {
        const c = baseConfig() as any;
        c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", externalId: true }];
        c.externalIds = { "log-reader": "do-not-print-me" };
        const { a } = await renderBoth(c);
        assert.ok(a.secretOutputNames.includes("clientConfig"));
        const client = (a.outputs.clientConfig as Record<string, RoleClientConfig>)["log-reader"];
        assert.equal(client.externalId, "do-not-print-me");
        assert.equal(
            client.sources["log-shipper"].assumeRoleCommand,
            `aws sts assume-role --role-arn ${READER} --role-session-name log-shipper --external-id do-not-print-me --region eu-west-1`,
        );
        assert.ok(!a.secretOutputNames.includes("roles"));
        assert.ok(!JSON.stringify(a.outputs.roles).includes("do-not-print-me"));
    });
});
