/**
 * `npm run verify` end to end against moto_server on 127.0.0.1: two accounts, the roles created from
 * the rendered stacks, the caller a session of B's EC2 source role. Skipped with a reason when
 * moto_server is not on PATH; CI sets REQUIRE_MOTO=1, which fails instead (tests/ci-run.test.ts).
 */
import { strict as assert } from "assert";
import { writeFileSync } from "fs";
import * as path from "path";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { isolateAwsEnvironment, withEnv } from "../support/aws-env";
import { ACCOUNT_A, ACCOUNT_B, READER, SHIPPER } from "../support/harness";
import { assumeRole, createStackResources, keysIn, useSharedMoto } from "../support/moto";
import { REGION, SHIPPER_SESSION, runVerifyCli, writeE2eOutputs } from "../support/verify";

/** What verify prints for log-reader when every preset resource can be read. */
const LOG_READER_CHECKS = [
    `role log-reader (${READER})`,
    "  as source log-shipper (service-role: the trust names the caller)",
    "  ok    sts:AssumeRole",
    "  ok    sts:GetCallerIdentity  arn:aws:sts::111111111111:assumed-role/log-reader/cross-account-verify",
    "  ok    logs:FilterLogEvents  /app/cron  0 event(s) read",
    "  ok    dynamodb:DescribeTable  orders  status ACTIVE",
    "  ok    dynamodb:ListBackups  orders  0 backup(s)",
    "  ok    s3:ListBucket  s3://acme-reports/daily/  0 key(s) listed",
    "  ok    s3:ListAllMyBuckets  *  1 bucket(s) listed",
];

describe("verify: end to end against moto_server", function () {
    this.timeout(20000);
    const sandbox = isolateAwsEnvironment("verify-e2e-");
    // One moto_server per test run (tests/global-fixtures.ts); our own when run without the fixtures.
    const moto = useSharedMoto();
    let endpoint = "";
    let outputsFile = "";

    before(async () => {
        endpoint = moto.endpoint;

        const { outputsFile: file, a, b } = await writeE2eOutputs(sandbox.dir);
        outputsFile = file;

        await createStackResources(endpoint, await keysIn(endpoint, ACCOUNT_B, "setup"), b, REGION);
        const inA = await keysIn(endpoint, ACCOUNT_A, "setup");
        await createStackResources(endpoint, inA, a, REGION);
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
        const caller = await assumeRole(endpoint, SHIPPER, "i-0123456789abcdef0");
        process.env.AWS_ACCESS_KEY_ID = caller.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = caller.secretAccessKey;
        process.env.AWS_SESSION_TOKEN = caller.sessionToken;
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
                ...LOG_READER_CHECKS,
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
                ...LOG_READER_CHECKS,
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
        const bFile = path.join(sandbox.dir, "account-b.json");
        writeFileSync(bFile, JSON.stringify({ side: "source", sources: {} }));
        const { code, lines } = await runVerifyCli(["--outputs", bFile]);
        assert.equal(code, 2);
        assert.equal(
            lines[0],
            "verify: these are account-b's outputs (side: source); verify needs account-a's: `pulumi stack output --json --show-secrets -s account-a`",
        );
    });
});
