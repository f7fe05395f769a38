/**
 * `npm run verify` distrusts its input: account-a's outputs are checked whole before anything reads them
 * (tools/verify/outputs-shape.ts), a missing or malformed input is one line per problem with exit 2,
 * the number of AWS calls is capped, and nothing ever ends in a stack trace. No AWS, no network.
 */
import { strict as assert } from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { TargetRoleOutput } from "../lib/model/outputs";
import { cli, main } from "../tools/verify/main";
import { MAX_AWS_CALLS, VerifyInputError, parseVerifyInput, plannedCalls } from "../tools/verify/probes";
import { ACCOUNT_A, ACCOUNT_B } from "./support/harness";
import { outputsHeading as heading } from "./support/verify";

function role(overrides: Partial<TargetRoleOutput> = {}): TargetRoleOutput {
    return {
        arn: `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`,
        name: "log-reader",
        path: "/cross-account/",
        trustMode: "principal",
        maxSessionDuration: 3600,
        trustedSources: [{ source: "log-shipper", kind: "service-role", principalArns: [`arn:aws:iam::${ACCOUNT_B}:role/log-shipper`], externalId: false }],
        resources: { region: "eu-west-1", logGroups: ["/app/cron"], dynamodbTables: [], s3ListAllBuckets: false },
        managedPolicyArns: [],
        ...overrides,
    };
}

const outputs = (roles: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    JSON.stringify({ side: "target", targetAccountId: ACCOUNT_A, roles, trustedPrincipalArns: [], ...more });

/** The problems parseVerifyInput reports, or [] when it accepts the text. */
function problems(text: string): string[] {
    try {
        parseVerifyInput(text);
        return [];
    } catch (e) {
        assert.ok(e instanceof VerifyInputError, String(e));
        return [e.message, ...e.problems];
    }
}

async function runMain(argv: string[]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await main(argv, { write: (l) => lines.push(...l.split("\n")) }, { PATH: "" });
    return { code, lines };
}

function tempFile(name: string, text: string): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "verify-input-")), name);
    writeFileSync(file, text);
    return file;
}

describe("verify: its input is checked whole, one line per problem", () => {
    it("accepts outputs as account-a writes them, clientConfig hidden or not", () => {
        assert.deepEqual(problems(outputs({ "log-reader": role() }, { clientConfig: "[secret]" })), []);
        assert.deepEqual(problems(outputs({ "log-reader": role() })), []);
    });

    it("a role given as {} names every field it lacks", () => {
        assert.deepEqual(problems(outputs({ x: {} })), [
            heading(8),
            "roles.x.arn: expected a role ARN (arn:<partition>:iam::<account>:role/...), got nothing",
            "roles.x.name: expected a string, got nothing",
            "roles.x.path: expected a string, got nothing",
            "roles.x.trustMode: expected one of principal, principal-arn, got nothing",
            "roles.x.maxSessionDuration: expected a whole number from 3600 to 43200, got nothing",
            "roles.x.trustedSources: expected a list, got nothing",
            "roles.x.resources: expected an object, got nothing",
            "roles.x.managedPolicyArns: expected a list, got nothing",
        ]);
    });

    it("trustedSources as a string, and wrong kinds deeper down, each name their path and never the value", () => {
        const bad = {
            ...role(),
            trustedSources: "log-shipper",
            resources: { region: "mars", logGroups: "/app/cron", dynamodbTables: [7], s3ListAllBuckets: "yes", s3Read: { buckets: ["b"], prefix: 3 } },
        };
        assert.deepEqual(problems(outputs({ "log-reader": bad, "odd name": { ...role(), arn: "arn:aws:iam::1:role/x" } })), [
            heading(7),
            "roles.log-reader.trustedSources: expected a list, got a string",
            "roles.log-reader.resources.region: expected an AWS region such as eu-west-1, got a string that is not one",
            "roles.log-reader.resources.logGroups: expected a list, got a string",
            "roles.log-reader.resources.dynamodbTables[0]: expected a string, got a number",
            "roles.log-reader.resources.s3ListAllBuckets: expected true or false, got a string",
            "roles.log-reader.resources.s3Read.prefix: expected a string, got a number",
            'roles["odd name"].arn: expected a role ARN (arn:<partition>:iam::<account>:role/...), got a string that is not one',
        ]);
    });

    it("a malformed trusted source and client configuration: named by path; the ExternalId's value is never shown", () => {
        const source = { source: "x", kind: "robot", principalArns: ["not-an-arn"], externalId: "yes", sourceIdentity: { required: true } };
        const clientConfig = {
            "log-reader": {
                roleArn: role().arn,
                targetAccountId: ACCOUNT_A,
                sourceAccountId: "b",
                region: "eu-west-1",
                profileName: "p",
                externalId: 42,
                sources: [],
            },
        };
        const found = problems(outputs({ "log-reader": role({ trustedSources: [source as never] }) }, { clientConfig }));
        assert.deepEqual(found, [
            heading(7),
            "roles.log-reader.trustedSources[0].kind: expected one of service-role, oidc-role, sso-permission-set, federated-role, user, group, existing, account-root, got a string",
            "roles.log-reader.trustedSources[0].principalArns[0]: expected an IAM principal ARN (arn:<partition>:iam::<account>:role/..., user/... or root), got a string that is not one",
            "roles.log-reader.trustedSources[0].externalId: expected true or false, got a string",
            "roles.log-reader.trustedSources[0].sourceIdentity.allowed: expected a list, got nothing",
            "clientConfig.log-reader.sourceAccountId: expected a 12-digit AWS account id, got a string that is not one",
            "clientConfig.log-reader.externalId: expected a string, got a number",
            "clientConfig.log-reader.sources: expected a map, got a list",
        ]);
        assert.ok(!found.join("\n").includes("42"));
    });

    it("top-level mistakes: roles as a list, clientConfig as a number, a wrong account id", () => {
        assert.deepEqual(problems(JSON.stringify({ side: "target", targetAccountId: "123", roles: [], clientConfig: 3 })), [
            heading(3),
            "targetAccountId: expected a 12-digit AWS account id, got a string that is not one",
            "roles: expected a map, got a list",
            'clientConfig: expected a map of role names to client configuration, or "[secret]", got a number',
        ]);
    });

    it("a role named __proto__ is a role like any other, checked as such", () => {
        const text = `{"side":"target","targetAccountId":"${ACCOUNT_A}","roles":{"__proto__":{}}}`;
        assert.equal(problems(text)[1], "roles.__proto__.arn: expected a role ARN (arn:<partition>:iam::<account>:role/...), got nothing");
    });
});

describe("verify: bad input exits 2 in one line per problem, never a stack trace", () => {
    it("a missing --outputs file", async () => {
        const missing = path.join(tmpdir(), "verify-input-does-not-exist.json");
        assert.deepEqual(await runMain(["--outputs", missing]), { code: 2, lines: [`verify: --outputs ${missing}: not found`] });
    });

    it("an --outputs directory", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "verify-input-dir-"));
        assert.deepEqual(await runMain(["--outputs", dir]), {
            code: 2,
            lines: [`verify: --outputs ${dir}: cannot be read (EISDIR: illegal operation on a directory)`],
        });
    });

    it("malformed outputs: the heading, then one line per problem", async () => {
        const file = tempFile("a.json", outputs({ x: { ...role(), trustedSources: "log-shipper" } }));
        assert.deepEqual(await runMain(["--outputs", file]), {
            code: 2,
            lines: [`verify: ${heading(1)}`, "  - roles.x.trustedSources: expected a list, got a string"],
        });
    });

    it("an unknown argument names it, then prints the usage", async () => {
        const r = await runMain(["--force"]);
        assert.equal(r.code, 2);
        assert.equal(r.lines[0], "verify: unknown argument --force; see the usage below");
        assert.match(r.lines[1], /^usage: npm run verify -- /);
    });

    it("caps the AWS calls of one run, before making any: more roles than that are refused, --role picks fewer", async () => {
        const roles = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`reader-${i}`, role({ name: `reader-${i}` })]));
        assert.equal(plannedCalls(Object.values(roles)), 600);
        const file = tempFile("many.json", outputs(roles));
        assert.deepEqual(await runMain(["--outputs", file]), {
            code: 2,
            lines: [
                `verify: checking 200 roles takes 600 AWS calls (AssumeRole and GetCallerIdentity per role, one read per preset resource); verify makes at most ${MAX_AWS_CALLS} in one run: pick fewer roles with --role NAME`,
            ],
        });
    });

    it("anything verify did not foresee is one line on stderr and exit 2", async () => {
        let stderr = "";
        const io = {
            write: () => {
                throw new Error("the terminal went away\n    at somewhere (file.ts:1:1)");
            },
        };
        const code = await cli(["--help"], io, (s) => (stderr += s), {});
        assert.deepEqual([code, stderr], [2, "verify: the terminal went away\n"]);
    });
});
