/**
 * `npm run verify` with named accounts (issue 16), failure paths against a local stand-in for AWS that denies
 * (tests/support/fake-aws.ts): AWS refuses the role of one account out of three, and a role ARN in another account than
 * its stack's. moto cannot show these (it enforces no IAM). The outputs are examples/multi-account's, as rendered.
 */
import { strict as assert } from "assert";
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { isolateAwsEnvironment } from "../support/aws-env";
import { renderExampleStacks } from "../support/examples";
import { FakeAnswers, startFakeAws } from "../support/fake-aws";
import { ANY_KEYS } from "../support/moto";
import { runVerifyCli } from "../support/verify";

const TOOLING = "222222222222";
const CI_SESSION = `arn:aws:sts::${TOOLING}:assumed-role/ci/ecs-task-1`;
const STAGING_DEPLOYER = "arn:aws:iam::444444444444:role/cross-account/deployer";
const ALLOWED: FakeAnswers = { callerArn: CI_SESSION, callerAccount: TOOLING, assumeRole: "ok", logs: "ok" };

describe("verify with named accounts: failure paths against a local endpoint that denies", function () {
    this.timeout(20000);
    const sandbox = isolateAwsEnvironment("verify-accounts-deny-");
    const files: Record<string, string> = {};

    before(async () => {
        process.env.AWS_ACCESS_KEY_ID = ANY_KEYS.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = ANY_KEYS.secretAccessKey;
        for (const r of await renderExampleStacks("multi-account")) {
            files[r.stack] = path.join(sandbox.dir, `${r.stack}.json`);
            writeFileSync(files[r.stack], JSON.stringify(r.result.outputs));
        }
    });

    async function withFake(answers: FakeAnswers, argv: string[]): Promise<{ code: number; lines: string[] }> {
        const fake = await startFakeAws(answers);
        try {
            const run = await runVerifyCli([...argv, "--endpoint-url", fake.url]);
            return { code: run.code, lines: run.lines.map((l) => l.split(fake.url).join("ENDPOINT")) };
        } finally {
            fake.close();
        }
    }

    it("AssumeRole refused in staging only: dev and prod pass, staging fails naming the stacks to run, tooling then staging; exit 1", async () => {
        const { code, lines } = await withFake({ ...ALLOWED, deniedRoleArns: [STAGING_DEPLOYER] }, [
            ...["dev", "staging", "prod"].flatMap((s) => ["--outputs", files[s]]),
            "--role",
            "deployer",
        ]);
        const denied = `AccessDenied: User: ${CI_SESSION} is not authorized to perform: sts:AssumeRole on resource: ${STAGING_DEPLOYER}`;
        const start = lines.indexOf(`role deployer in account staging (444444444444) (${STAGING_DEPLOYER})`);
        assert.deepEqual(lines.slice(start, start + 7), [
            `role deployer in account staging (444444444444) (${STAGING_DEPLOYER})`,
            "  as source ci of account tooling (service-role: the trust names the caller)",
            "  FAIL  sts:AssumeRole",
            `        -> ${denied}`,
            "        -> account tooling's role ci was recreated after staging was deployed, so the role's trust policy points at the dead unique id of the old one: run `pulumi up -s staging` again",
            `        -> account tooling does not grant sts:AssumeRole on ${STAGING_DEPLOYER} to the caller (tooling not deployed or outdated): run \`pulumi up -s tooling\`, then \`pulumi up -s staging\``,
            "        -> the role does not exist (STS answers AccessDenied for an unknown role): staging is not deployed, or it was deployed to another account than 444444444444",
        ]);
        assert.deepEqual(lines.slice(lines.indexOf("summary")), [
            "summary",
            "RESULT  ROLE      ACCOUNT                 DETAIL",
            "ok      deployer  dev (333333333333)      assumed, session in the account, 1 read",
            `FAIL    deployer  staging (444444444444)  sts:AssumeRole deployer: ${denied}`,
            "ok      deployer  prod (111111111111)     assumed, session in the account, 1 read",
            "1 of 3 (role, account) pairs failed",
        ]);
        assert.equal(code, 1);
    });

    it("a role ARN in another account than its stack's: the session acts elsewhere, and the pair fails saying so", async () => {
        const outputs = JSON.parse(readFileSync(files.dev, "utf8")) as { roles: Record<string, { arn: string }> };
        outputs.roles.deployer.arn = "arn:aws:iam::999999999999:role/cross-account/deployer";
        const tampered = path.join(sandbox.dir, "dev-tampered.json");
        writeFileSync(tampered, JSON.stringify(outputs));
        const { code, lines } = await withFake(ALLOWED, ["--outputs", tampered]);
        assert.deepEqual(
            lines.filter((l) => l.includes("GetCallerIdentity") || l.startsWith("        ->")),
            [
                "  FAIL  sts:GetCallerIdentity  arn:aws:sts::999999999999:assumed-role/deployer/cross-account-verify",
                "        -> the session acts in account 999999999999, not in account dev (333333333333): the role ARN in the outputs names another account than the stack's",
                "FAIL    deployer  dev (333333333333)  sts:GetCallerIdentity arn:aws:sts::999999999999:assumed-role/deployer/cross-account-verify: the session acts in account 999999999999, not in account dev (333333333333): the role ARN in the outputs names another account than the stack's",
            ],
        );
        assert.equal(code, 1);
    });
});
