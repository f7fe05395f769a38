/**
 * `npm run verify`, pure planning: which probes a role's outputs call for, which trusted source the
 * caller is, what AssumeRole sends, and how outputs, arguments and endpoint variables are read.
 */
import { strict as assert } from "assert";
import type { RoleClientConfig } from "../../lib/model/outputs";
import { parseVerifyArgs } from "../../tools/verify/main";
import { configuredEndpoints, endpointSetBy } from "../../tools/verify/aws";
import { matchSource, parseVerifyInput, planAssumeRole, planProbes } from "../../tools/verify/probes";
import { summaryTable } from "../../tools/verify/run";
import { ACCOUNT_A, ACCOUNT_B, READER, SHIPPER } from "../support/harness";
import { SHIPPER_SESSION, readerRole } from "../support/verify";

const OPTS = { sessionName: "cross-account-verify" };

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

    it("matches an SSO or federated role session to the source whose aws:PrincipalArn pattern admits its role name", () => {
        const sso = {
            source: "people",
            kind: "sso-permission-set" as const,
            principalArns: [],
            externalId: false,
            principalArnCondition: {
                ArnLike: [
                    `arn:aws:iam::${ACCOUNT_B}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_LogReader_*`,
                    `arn:aws:iam::${ACCOUNT_B}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_LogReader_*`,
                ],
            },
        };
        const session = (role: string, account = ACCOUNT_B) => ({ arn: `arn:aws:sts::${account}:assumed-role/${role}/alice`, account });
        assert.deepEqual(matchSource(session("AWSReservedSSO_LogReader_0123456789abcdef"), [sso], ACCOUNT_B), { trust: sso, how: "pattern" });
        assert.equal(matchSource(session("AWSReservedSSO_LogReaderFull_0123456789abcdef"), [sso], ACCOUNT_B), undefined);
        assert.equal(matchSource({ arn: `arn:aws:iam::${ACCOUNT_B}:user/AWSReservedSSO_LogReader_x`, account: ACCOUNT_B }, [sso], ACCOUNT_B), undefined);
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
