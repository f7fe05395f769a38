/**
 * `npm run verify` with named accounts (issue 16), end to end against moto_server on 127.0.0.1, on the hub-and-spoke
 * example (examples/multi-account): the outputs of dev, staging and prod, one --outputs each; the caller a session of
 * tooling's ci role. verify finds that the caller is source ci of tooling, assumes deployer in each account it is
 * granted, checks that each session acts in that account, reads /app/deploy there, and prints one summary line per
 * (role, account); table-backup in prod trusts another source and is "not granted" (skipped; failed when asked for).
 *
 * The example's account ids are replaced by ones no other test of the shared moto_server uses (the example itself is
 * deployed into moto by tests/stacks/multi-account-moto.e2e.test.ts), so both can run at once. prod is left undeployed
 * here: moto enforces no IAM, so AssumeRole of prod's deployer succeeds though the role does not exist, and the first
 * sign of the undeployed account is its missing log group. That a role of an account is refused (AccessDenied) is
 * shown against a local stand-in that denies (tests/verify/fake-accounts.test.ts); the refusals themselves are the
 * access report's (tests/stacks/multi-account.test.ts).
 *
 * Then examples/shared-services, the other direction, in its own accounts (555555555555, 777777777777, 888888888888,
 * used by no other test): a session of orders-service of workload-a, then one of billing-service of workload-b, each
 * assumes artifact-reader in shared and lists its bucket under releases/; artifact-publisher trusts release-ci only.
 */
import { strict as assert } from "assert";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "fs";
import * as path from "path";
import { CloudWatchLogsClient, CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { RenderedStack, defaultNamedStacks, renderStacks } from "../../tools/render/stacks";
import { isolateAwsEnvironment, withEnv } from "../support/aws-env";
import { EXAMPLES_DIR, renderExampleStacks } from "../support/examples";
import { assumeRole, createStackResources, keysIn, useSharedMoto } from "../support/moto";
import { runVerifyCli } from "../support/verify";

const REGION = "eu-west-1";
/** The example's account ids, and the ones this test deploys to instead. */
const REMAP: Record<string, string> = {
    "222222222222": "501000000001", // tooling
    "333333333333": "501000000002", // dev
    "444444444444": "501000000003", // staging
    "111111111111": "501000000004", // prod
    "666666666666": "501000000005", // sandbox
};
const [TOOLING, DEV, STAGING, PROD] = Object.values(REMAP);
const CI = `arn:aws:iam::${TOOLING}:role/ci/ci`;
const CI_SESSION = `arn:aws:sts::${TOOLING}:assumed-role/ci/ecs-task-1`;
const deployer = (account: string) => `arn:aws:iam::${account}:role/cross-account/deployer`;
const session = (account: string) => `arn:aws:sts::${account}:assumed-role/deployer/cross-account-verify`;

/** A copy of examples/multi-account with the account ids replaced by REMAP's, in `dir`. */
function remappedExample(dir: string): string {
    const to = path.join(dir, "multi-account");
    mkdirSync(to);
    const from = path.join(EXAMPLES_DIR, "multi-account");
    for (const file of readdirSync(from)) {
        let text = readFileSync(path.join(from, file), "utf8");
        for (const [id, other] of Object.entries(REMAP)) text = text.split(id).join(other);
        writeFileSync(path.join(to, file), text);
    }
    return to;
}

/** What verify prints for deployer in an account where the role and /app/deploy exist. */
const deployerOk = (name: string, id: string) => [
    "",
    `role deployer in account ${name} (${id}) (${deployer(id)})`,
    "  as source ci of account tooling (service-role: the trust names the caller)",
    "  ok    sts:AssumeRole",
    `  ok    sts:GetCallerIdentity  ${session(id)} (account ${name} (${id}))`,
    "  ok    logs:FilterLogEvents  /app/deploy  0 event(s) read",
];

describe("verify with named accounts: end to end against moto_server (hub-and-spoke)", function () {
    this.timeout(60000);
    const sandbox = isolateAwsEnvironment("verify-accounts-");
    const moto = useSharedMoto();
    let endpoint = "";
    const files: Record<string, string> = {};

    before(async () => {
        endpoint = moto.endpoint;
        const dir = remappedExample(sandbox.dir);
        const rendered: RenderedStack[] = await renderStacks(dir, defaultNamedStacks(dir)!);
        for (const r of rendered) {
            // What `pulumi stack output --json --show-secrets -s <stack>` prints for each stack.
            files[r.stack] = path.join(sandbox.dir, `${r.stack}.json`);
            writeFileSync(files[r.stack], JSON.stringify(r.result.outputs));
            // prod is not deployed: its outputs are there, its roles and log group are not.
            if (r.stack === "prod") continue;
            await createStackResources(endpoint, await keysIn(endpoint, r.accountId, "setup"), r.result, REGION);
            if (r.side === "target") {
                const logs = new CloudWatchLogsClient({ region: REGION, endpoint, credentials: await keysIn(endpoint, r.accountId, "setup") });
                await logs.send(new CreateLogGroupCommand({ logGroupName: "/app/deploy" }));
                logs.destroy();
            }
        }
        // The caller: a session of tooling's ci role, as an ECS task has it (env credentials, the SDK's default chain).
        const caller = await assumeRole(endpoint, CI, "ecs-task-1");
        process.env.AWS_ACCESS_KEY_ID = caller.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = caller.secretAccessKey;
        process.env.AWS_SESSION_TOKEN = caller.sessionToken;
    });

    const outputs = (...stacks: string[]) => stacks.flatMap((s) => ["--outputs", files[s]]);
    const clean = (lines: string[]) => lines.map((l) => l.split(endpoint).join("ENDPOINT"));

    it("assumes deployer in dev and staging as tooling's ci, each session in its account, one summary line per (role, account), exit 0", async () => {
        const { code, lines } = await runVerifyCli([...outputs("dev", "staging"), "--endpoint-url", endpoint]);
        assert.deepEqual(clean(lines), [
            `verify: 2 accounts (dev ${DEV}, staging ${STAGING}), 2 roles, endpoint ENDPOINT`,
            `caller: ${CI_SESSION} (account ${TOOLING}, tooling)`,
            ...deployerOk("dev", DEV),
            ...deployerOk("staging", STAGING),
            "",
            "summary",
            "RESULT  ROLE      ACCOUNT                 DETAIL",
            `ok      deployer  dev (${DEV})      assumed, session in the account, 1 read`,
            `ok      deployer  staging (${STAGING})  assumed, session in the account, 1 read`,
            "2 (role, account) pairs passed",
        ]);
        assert.equal(code, 0);
    });

    it("over dev, staging and prod: prod is not deployed, so its pair fails with what to do; table-backup, trusting another source, is skipped; exit 1", async () => {
        const { code, lines } = await runVerifyCli([...outputs("dev", "staging", "prod"), "--endpoint-url", endpoint]);
        assert.deepEqual(clean(lines), [
            `verify: 3 accounts (dev ${DEV}, staging ${STAGING}, prod ${PROD}), 4 roles, endpoint ENDPOINT`,
            `caller: ${CI_SESSION} (account ${TOOLING}, tooling)`,
            ...deployerOk("dev", DEV),
            ...deployerOk("staging", STAGING),
            "",
            `role deployer in account prod (${PROD}) (${deployer(PROD)})`,
            "  as source ci of account tooling (service-role: the trust names the caller)",
            "  ok    sts:AssumeRole",
            `  ok    sts:GetCallerIdentity  ${session(PROD)} (account prod (${PROD}))`,
            "  FAIL  logs:FilterLogEvents  /app/deploy  ResourceNotFoundException: The specified log group does not exist.",
            `        -> /app/deploy does not exist in account prod (${PROD}) (eu-west-1): create it, or fix its name in permissions.logsRead (or set logsRead.create: true to have prod create it)`,
            "",
            `role table-backup in account prod (${PROD}) (arn:aws:iam::${PROD}:role/table-backup)`,
            `  not granted to the caller: table-backup in prod trusts backup-job (tooling ${TOOLING}); skipped`,
            "",
            "summary",
            "RESULT   ROLE          ACCOUNT                 DETAIL",
            `ok       deployer      dev (${DEV})      assumed, session in the account, 1 read`,
            `ok       deployer      staging (${STAGING})  assumed, session in the account, 1 read`,
            `FAIL     deployer      prod (${PROD})     logs:FilterLogEvents /app/deploy: ResourceNotFoundException: The specified log group does not exist.`,
            `skipped  table-backup  prod (${PROD})     not granted: table-backup in prod trusts backup-job (tooling ${TOOLING})`,
            "1 of 3 (role, account) pairs failed; 1 (role, account) pair not granted to the caller, skipped",
        ]);
        assert.equal(code, 1);
    });

    it("--account picks accounts; --role table-backup, not granted to ci, fails saying which source it trusts", async () => {
        const picked = await runVerifyCli([...outputs("dev", "staging", "prod"), "--endpoint-url", endpoint, "--account", "staging"]);
        assert.equal(picked.code, 0);
        assert.deepEqual(picked.lines.slice(-2), [
            `ok      deployer  staging (${STAGING})  assumed, session in the account, 1 read`,
            "1 (role, account) pair passed",
        ]);

        const { code, lines } = await runVerifyCli([...outputs("dev", "prod"), "--endpoint-url", endpoint, "--role", "table-backup"]);
        assert.deepEqual(clean(lines).slice(2), [
            "",
            `role table-backup in account prod (${PROD}) (arn:aws:iam::${PROD}:role/table-backup)`,
            `  FAIL  not granted to the caller: table-backup in prod trusts backup-job (tooling ${TOOLING})`,
            "",
            "summary",
            "RESULT  ROLE          ACCOUNT              DETAIL",
            `FAIL    table-backup  prod (${PROD})  not granted: table-backup in prod trusts backup-job (tooling ${TOOLING})`,
            "1 of 1 (role, account) pair failed",
        ]);
        assert.equal(code, 1);
    });

    it("a caller of another account is no source any role trusts: one line naming the sources, exit 1", async () => {
        const saved = { ...process.env };
        const other = await keysIn(endpoint, REMAP["666666666666"], "someone");
        Object.assign(process.env, {
            AWS_ACCESS_KEY_ID: other.accessKeyId,
            AWS_SECRET_ACCESS_KEY: other.secretAccessKey,
            AWS_SESSION_TOKEN: other.sessionToken,
        });
        try {
            const { code, lines } = await runVerifyCli([...outputs("dev", "prod"), "--endpoint-url", endpoint]);
            assert.deepEqual(clean(lines).slice(1), [
                `caller: arn:aws:sts::501000000005:assumed-role/moto-setup/someone (account 501000000005)`,
                `FAIL  the caller is no source that a role of dev, prod trusts: they trust ci (tooling ${TOOLING}), backup-job (tooling ${TOOLING}); wrong profile or credentials? (--profile, AWS_PROFILE)`,
            ]);
            assert.equal(code, 1);
        } finally {
            for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) process.env[k] = saved[k];
        }
    });

    it("refuses, before any call, a source stack's outputs, an account given twice and unknown --role/--account, with exit code 2", async () => {
        const source = await runVerifyCli([...outputs("dev", "tooling")]);
        assert.deepEqual(source, {
            code: 2,
            lines: [
                `verify: --outputs ${files.tooling}: these are the outputs of account tooling's source stack (side: source); verify needs the stacks whose roles the caller assumes (side target or both)`,
            ],
        });
        const copy = path.join(sandbox.dir, "dev-again.json");
        copyFileSync(files.dev, copy);
        const twice = await runVerifyCli([...outputs("dev"), "--outputs", copy]);
        assert.deepEqual(twice, {
            code: 2,
            lines: [`verify: --outputs ${copy}: account dev (${DEV}) is also in --outputs ${files.dev}; give each account's stack once`],
        });
        const unknown = await runVerifyCli([...outputs("dev", "staging"), "--role", "nope", "--account", "qa", "--endpoint-url", endpoint]);
        assert.deepEqual(unknown, {
            code: 2,
            lines: [
                "verify: no role nope in the outputs of dev, staging (roles: deployer)",
                "verify: --account qa: no outputs of that account were given (accounts: dev, staging)",
            ],
        });
    });
});

describe("verify with named accounts: end to end against moto_server (shared-services: two source accounts, one role)", function () {
    this.timeout(60000);
    const sandbox = isolateAwsEnvironment("verify-shared-");
    const moto = useSharedMoto();
    let endpoint = "";
    let sharedOutputs = "";
    const SHARED = "555555555555";
    const READER = `arn:aws:iam::${SHARED}:role/shared-services/artifact-reader`;

    before(async () => {
        endpoint = moto.endpoint;
        const rendered = await renderExampleStacks("shared-services");
        for (const r of rendered) await createStackResources(endpoint, await keysIn(endpoint, r.accountId, "setup"), r.result, REGION);
        // The bucket artifact-reader reads exists in shared beforehand (the stack names it, does not create it).
        const s3 = new S3Client({ region: REGION, endpoint, credentials: await keysIn(endpoint, SHARED, "setup"), forcePathStyle: true });
        await s3.send(new CreateBucketCommand({ Bucket: "acme-shared-artifacts", CreateBucketConfiguration: { LocationConstraint: REGION } }));
        s3.destroy();
        sharedOutputs = path.join(sandbox.dir, "shared.json");
        writeFileSync(sharedOutputs, JSON.stringify(rendered.find((r) => r.stack === "shared")!.result.outputs));
    });

    for (const [source, account, id] of [
        ["orders-service", "workload-a", "777777777777"],
        ["billing-service", "workload-b", "888888888888"],
    ] as const) {
        it(`as ${source} of ${account}: assumes artifact-reader in shared and lists releases/; artifact-publisher, for release-ci only, is skipped`, async () => {
            const caller = await assumeRole(endpoint, `arn:aws:iam::${id}:role/workloads/${source}`, "ecs-task-2");
            const { code, lines } = await withEnv(
                { AWS_ACCESS_KEY_ID: caller.accessKeyId, AWS_SECRET_ACCESS_KEY: caller.secretAccessKey, AWS_SESSION_TOKEN: caller.sessionToken! },
                () => runVerifyCli(["--outputs", sharedOutputs, "--endpoint-url", endpoint]),
            );
            assert.deepEqual(
                lines.map((l) => l.split(endpoint).join("ENDPOINT")),
                [
                    `verify: 1 account (shared ${SHARED}), 2 roles, endpoint ENDPOINT`,
                    `caller: arn:aws:sts::${id}:assumed-role/${source}/ecs-task-2 (account ${id}, ${account})`,
                    "",
                    `role artifact-reader in account shared (${SHARED}) (${READER})`,
                    `  as source ${source} of account ${account} (service-role: the trust names the caller)`,
                    "  ok    sts:AssumeRole",
                    `  ok    sts:GetCallerIdentity  arn:aws:sts::${SHARED}:assumed-role/artifact-reader/cross-account-verify (account shared (${SHARED}))`,
                    "  ok    s3:ListBucket  s3://acme-shared-artifacts/releases/  0 key(s) listed",
                    "",
                    `role artifact-publisher in account shared (${SHARED}) (arn:aws:iam::${SHARED}:role/shared-services/artifact-publisher)`,
                    `  not granted to the caller: artifact-publisher in shared trusts release-ci (workload-a 777777777777); skipped`,
                    "",
                    "summary",
                    "RESULT   ROLE                ACCOUNT                DETAIL",
                    `ok       artifact-reader     shared (${SHARED})  assumed, session in the account, 1 read`,
                    `skipped  artifact-publisher  shared (${SHARED})  not granted: artifact-publisher in shared trusts release-ci (workload-a 777777777777)`,
                    "1 (role, account) pair passed; 1 (role, account) pair not granted to the caller, skipped",
                ],
            );
            assert.equal(code, 0);
        });
    }
});
