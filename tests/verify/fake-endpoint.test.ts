/**
 * `npm run verify`, failure paths against a tiny local endpoint (tests/support/fake-aws.ts) that
 * answers like AWS does when access is denied, and endpoints chosen by flag or environment.
 */
import { strict as assert } from "assert";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import * as net from "net";
import { main } from "../../tools/verify/main";
import { getCallerIdentity } from "../../tools/verify/aws";
import { isolateAwsEnvironment, withEnv } from "../support/aws-env";
import { FakeAnswers, startFakeAws } from "../support/fake-aws";
import { ACCOUNT_B, READER } from "../support/harness";
import { ANY_KEYS, closedPortUrl } from "../support/moto";
import { SHIPPER_SESSION, runVerifyCli, writeE2eOutputs } from "../support/verify";

/** The trusted EC2 session calls, and everything it asks for is allowed. */
const ALLOWED: FakeAnswers = { callerArn: SHIPPER_SESSION, callerAccount: ACCOUNT_B, assumeRole: "ok", logs: "ok" };

describe("verify: failure paths against a local endpoint that denies", function () {
    this.timeout(10000);
    const sandbox = isolateAwsEnvironment("verify-deny-");
    let outputsFile = "";

    before(async () => {
        process.env.AWS_ACCESS_KEY_ID = ANY_KEYS.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = ANY_KEYS.secretAccessKey;
        outputsFile = (await writeE2eOutputs(sandbox.dir)).outputsFile;
    });

    /** Runs verify against a stand-in answering so, with --outputs and --endpoint-url set. */
    async function withFake(answers: FakeAnswers, argv: string[]): Promise<{ code: number; lines: string[] }> {
        const fake = await startFakeAws(answers);
        try {
            return await runVerifyCli(["--outputs", outputsFile, "--endpoint-url", fake.url, ...argv]);
        } finally {
            fake.close();
        }
    }

    it("an endpoint that accepts the connection and never answers fails the call within its timeout instead of hanging", async () => {
        const sockets: net.Socket[] = [];
        const silent = net.createServer((socket) => sockets.push(socket));
        await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
        const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
        const started = Date.now();
        try {
            await assert.rejects(getCallerIdentity({ region: "eu-west-1", endpointUrl: url, configured: [], timeoutMs: 100 }));
            assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
        } finally {
            for (const s of sockets) s.destroy();
            silent.close();
        }
    });

    it("AssumeRole denied to the trusted EC2 session: says to run pulumi up -s account-a again (B's role recreated), exit 1", async () => {
        const { code, lines } = await withFake({ ...ALLOWED, assumeRole: "denied" }, ["--role", "log-reader"]);
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
        const { code, lines } = await withFake({ ...ALLOWED, callerArn: me, callerAccount: "999999999999", assumeRole: "denied" }, ["--role", "vendor-reader"]);
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
        const bin = path.join(sandbox.dir, "bin");
        mkdirSync(bin);
        const argsFile = path.join(sandbox.dir, "pulumi-args");
        writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho "$*" > '${argsFile}'\ncat '${outputsFile}'\n`, { mode: 0o755 });
        const { url, close } = await startFakeAws(ALLOWED);
        const lines: string[] = [];
        try {
            const code = await main(["--endpoint-url", url, "--role", "vendor-reader"], { write: (l) => lines.push(l) }, { PATH: bin });
            assert.equal(code, 0);
        } finally {
            close();
        }
        assert.equal(readFileSync(argsFile, "utf8"), "stack output --json --show-secrets -s account-a\n");
        assert.equal(lines[lines.length - 1], "3 checks passed");
    });

    it("no credentials at all: says how to provide them, exit 1", async () => {
        const keys = [process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY];
        delete process.env.AWS_ACCESS_KEY_ID;
        delete process.env.AWS_SECRET_ACCESS_KEY;
        try {
            const { code, lines } = await withFake(ALLOWED, []);
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
        const { url, close } = await startFakeAws(ALLOWED);
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
            close();
        }
    });

    it("--endpoint-url wins over every endpoint variable of the environment", async () => {
        const { url, close } = await startFakeAws(ALLOWED);
        const closed = await closedPortUrl();
        try {
            const { code, lines } = await withEnv({ AWS_ENDPOINT_URL: closed, AWS_ENDPOINT_URL_STS: closed, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: closed }, () =>
                runVerifyCli(["--outputs", outputsFile, "--endpoint-url", url, "--role", "vendor-reader"]),
            );
            assert.equal(lines[0], `verify: account-a 111111111111, 1 role, endpoint ${url}`);
            assert.equal(lines[lines.length - 1], "3 checks passed");
            assert.equal(code, 0);
        } finally {
            close();
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
        const { url, close } = await startFakeAws(ALLOWED);
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
            close();
        }
    });

    it("a probe denied to the assumed role: the preset does not cover it", async () => {
        const { code, lines } = await withFake({ ...ALLOWED, logs: "denied" }, ["--role", "vendor-reader"]);
        assert.equal(code, 1);
        assert.deepEqual(lines.slice(5, 9), [
            "  ok    sts:AssumeRole",
            "  ok    sts:GetCallerIdentity  arn:aws:sts::111111111111:assumed-role/vendor-reader/cross-account-verify",
            "  FAIL  logs:FilterLogEvents  /app/cron  AccessDeniedException: User is not authorized to perform: logs:FilterLogEvents",
            "        -> logs:FilterLogEvents on /app/cron was denied: the role's logsRead preset does not cover it (or a permissions boundary or SCP denies it); add /app/cron to permissions.logsRead and run `pulumi up -s account-a`",
        ]);
    });
});
