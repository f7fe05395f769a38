/**
 * `npm run verify` with named accounts and the sources trusted by an `ArnLike` pattern: a person's IAM Identity Center
 * session (AWSReservedSSO_<permission set>_<suffix>) and a federated role matching `namePattern`, each in the source's
 * own account, against the local stand-in for AWS (tests/support/fake-aws.ts). The outputs are dev's, as rendered.
 */
import { strict as assert } from "assert";
import { writeFileSync } from "fs";
import * as path from "path";
import { isolateAwsEnvironment } from "../support/aws-env";
import { FakeAnswers, startFakeAws } from "../support/fake-aws";
import { render } from "../support/harness";
import { ANY_KEYS } from "../support/moto";
import { runVerifyCli } from "../support/verify";

type Mutable = Record<string, any>;

const IDENTITY = "222222222222";
const DEV = "333333333333";
const PROD = "111111111111";
const MANAGEMENT = "999999999999";
const PS = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef";
const READER = `arn:aws:iam::${DEV}:role/log-reader`;
const SSO_SESSION = `arn:aws:sts::${IDENTITY}:assumed-role/AWSReservedSSO_LogReader_0123456789abcdef/alice@example.com`;
const ANALYST_SESSION = `arn:aws:sts::${IDENTITY}:assumed-role/analyst-report/alice@example.com`;

function config(): Mutable {
    return {
        accounts: { identity: IDENTITY, dev: DEV, prod: PROD, management: MANAGEMENT },
        sources: {
            readers: { kind: "sso-permission-set", account: "identity", permissionSet: "LogReader" },
            analysts: { kind: "federated-role", account: "identity", path: "/okta/", namePattern: "analyst-*" },
        },
        identityCenter: {
            startUrl: "https://acme.awsapps.com/start",
            region: "eu-west-1",
            account: "management",
            instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
            permissionSets: { LogReader: PS },
        },
        targetRoles: {
            "log-reader": { accounts: ["dev", "prod"], trustedSources: ["readers", "analysts"], permissions: { logsRead: { logGroups: ["/app/x"] } } },
        },
        "aws:region": "eu-west-1",
    };
}

describe("verify with named accounts: an SSO session or a federated role of the source's account is its source", function () {
    this.timeout(20000);
    const sandbox = isolateAwsEnvironment("verify-named-sso-");
    let devOutputs = "";

    before(async () => {
        process.env.AWS_ACCESS_KEY_ID = ANY_KEYS.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = ANY_KEYS.secretAccessKey;
        const identity = await render(config(), { stack: "identity", accountId: IDENTITY });
        const dev = await render(config(), {
            stack: "dev",
            accountId: DEV,
            references: { "organization/cross-account-iam/identity": { outputs: identity.outputs } },
        });
        assert.equal(dev.error, undefined);
        devOutputs = path.join(sandbox.dir, "dev.json");
        writeFileSync(devOutputs, JSON.stringify(dev.outputs));
    });

    async function verify(answers: FakeAnswers): Promise<{ code: number; lines: string[] }> {
        const fake = await startFakeAws(answers);
        try {
            const run = await runVerifyCli(["--outputs", devOutputs, "--endpoint-url", fake.url]);
            return { code: run.code, lines: run.lines.map((l) => l.split(fake.url).join("ENDPOINT")) };
        } finally {
            fake.close();
        }
    }

    it("an AWSReservedSSO session of identity is source readers: log-reader in dev is assumed and read", async () => {
        const { code, lines } = await verify({ callerArn: SSO_SESSION, callerAccount: IDENTITY, assumeRole: "ok", logs: "ok" });
        const start = lines.indexOf(`role log-reader in account dev (${DEV}) (${READER})`);
        assert.ok(start >= 0, lines.join("\n"));
        assert.equal(
            lines[start + 1],
            "  as source readers of account identity (sso-permission-set: the trust's aws:PrincipalArn pattern admits the caller's role)",
            lines.join("\n"),
        );
        assert.deepEqual(lines.slice(lines.indexOf("summary")), [
            "summary",
            "RESULT  ROLE        ACCOUNT             DETAIL",
            "ok      log-reader  dev (333333333333)  assumed, session in the account, 1 read",
            "1 (role, account) pair passed",
        ]);
        assert.equal(code, 0);
    });

    it("a federated role of identity matching analyst-* is source analysts", async () => {
        const { code, lines } = await verify({ callerArn: ANALYST_SESSION, callerAccount: IDENTITY, assumeRole: "ok", logs: "ok" });
        const start = lines.indexOf(`role log-reader in account dev (${DEV}) (${READER})`);
        assert.equal(
            lines[start + 1],
            "  as source analysts of account identity (federated-role: the trust's aws:PrincipalArn pattern admits the caller's role)",
            lines.join("\n"),
        );
        assert.equal(code, 0);
    });

    it("an SSO session of another permission set is no source: verify fails naming the sources of identity dev's roles trust", async () => {
        const other = `arn:aws:sts::${IDENTITY}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com`;
        const { code, lines } = await verify({ callerArn: other, callerAccount: IDENTITY, assumeRole: "ok", logs: "ok" });
        assert.deepEqual(lines.slice(1), [
            `caller: ${other} (account ${IDENTITY}, identity)`,
            `FAIL  the caller is no source that a role of dev trusts: they trust readers (identity ${IDENTITY}), analysts (identity ${IDENTITY}); wrong profile or credentials? (--profile, AWS_PROFILE)`,
        ]);
        assert.equal(code, 1);
    });

    it("AssumeRole refused for the SSO session: the hints name the stack that writes the permission set's grant", async () => {
        const { code, lines } = await verify({ callerArn: SSO_SESSION, callerAccount: IDENTITY, assumeRole: "denied", logs: "ok" });
        // Not "identity does not grant ...: run pulumi up -s identity": identity's stack writes no grant for an SSO source.
        assert.deepEqual(
            lines.filter((l) => l.startsWith("        ->")),
            [
                `        -> AccessDenied: User: ${SSO_SESSION} is not authorized to perform: sts:AssumeRole on resource: ${READER}`,
                "        -> the AssumeRole grant is the inline policy of the permission set of readers, which the stack of the Identity Center administration account (identityCenter.account, not necessarily identity) writes: deploy that stack; if it cannot write it, identity's output sources.readers.permissionSetInlinePolicy holds the statements the Identity Center administrators must put there; the permission set must be provisioned to account identity",
                "        -> the role does not exist (STS answers AccessDenied for an unknown role): dev is not deployed, or it was deployed to another account than 333333333333",
            ],
        );
        assert.equal(code, 1);
    });
});
