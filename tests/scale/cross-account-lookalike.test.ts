/**
 * A role trusted by sources of two accounts (issue 16): sources with the same conditions share one trust
 * statement, their ARNs side by side (trust mode principal) or their accounts' roots side by side with every ARN in
 * one `ArnEquals aws:PrincipalArn` (trust mode principal-arn, the compact form). The access report's twin rows
 * (tools/access-report/expectations.ts, c') prove that this never widens trust: a principal of one account bearing
 * the other account's source's path and name is refused, and the row fails on a trust policy that would admit it.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { reportFor } from "../../tools/render/main";
import { renderStacks } from "../../tools/render/stacks";

const PROJECT = "lookalike";
const ACCOUNTS = { tooling: "222222222222", ops: "333333333333", shared: "444444444444" };

function configDir(trustMode: "principal" | "principal-arn", sameNames = false): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lookalike-"));
    const project = {
        name: PROJECT,
        runtime: "nodejs",
        config: {
            [`${PROJECT}:accounts`]: { value: ACCOUNTS },
            [`${PROJECT}:sources`]: {
                value: {
                    ci: { kind: "service-role", service: "ecs-tasks", account: "tooling", path: "/ci/" },
                    runner: { kind: "service-role", service: "ecs-tasks", account: "ops", ...(sameNames ? { path: "/ci/", name: "ci" } : { path: "/ops/" }) },
                },
            },
            [`${PROJECT}:targetRoles`]: {
                value: {
                    artifacts: { accounts: ["shared"], trustMode, trustedSources: ["ci", "runner"], permissions: { logsRead: { logGroups: ["/app/build"] } } },
                },
            },
        },
    };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(project));
    for (const [name, id] of Object.entries(ACCOUNTS))
        fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), stringify({ config: { "aws:region": "eu-west-1", "aws:allowedAccountIds": [id] } }));
    return dir;
}

const lookalikeRows = (titles: Array<{ title: string; result: string }>) =>
    titles.filter((c) => c.title.includes("the same name in another account")).map((c) => `${c.result} ${c.title}`);

describe("a role trusted by sources of several accounts admits each account's own sources only (issue 16)", () => {
    for (const trustMode of ["principal", "principal-arn"] as const) {
        it(`trust mode ${trustMode}: one statement for both accounts, and each account's lookalike of the other's source is refused`, async () => {
            const dir = configDir(trustMode);
            try {
                const rendered = await renderStacks(dir, ["tooling", "ops", "shared"]);
                const shared = rendered.find((r) => r.stack === "shared")!;
                const trust = JSON.parse(String(shared.result.resources.find((r) => r.type === "aws:iam/role:Role")!.inputs.assumeRolePolicy)) as {
                    Statement: Array<Record<string, unknown>>;
                };
                assert.equal(trust.Statement.length, 1, "the two sources share one statement");
                if (trustMode === "principal-arn") {
                    assert.deepEqual(trust.Statement[0].Principal, { AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"] });
                    assert.deepEqual(trust.Statement[0].Condition, {
                        ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/ci/ci", "arn:aws:iam::333333333333:role/ops/runner"] },
                    });
                }
                const report = (await reportFor(rendered))!;
                assert.equal(report.failed, 0);
                assert.deepEqual(lookalikeRows(report.roles[0].checks), [
                    "PASS role /ci/ci of account ops (333333333333), the same name in another account artifacts trusts, is refused",
                    "PASS role /ops/runner of account tooling (222222222222), the same name in another account artifacts trusts, is refused",
                ]);

                // A trust that matched the name in any account (ArnLike with the account left open) would admit ops's lookalike: the row fails.
                const role = shared.result.resources.find((r) => r.type === "aws:iam/role:Role")!;
                role.inputs.assumeRolePolicy = JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "TrustByNameInAnyAccount",
                            Effect: "Allow",
                            Principal: { AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"] },
                            Action: "sts:AssumeRole",
                            Condition: { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/ci/ci", "arn:aws:iam::*:role/ops/runner"] } },
                        },
                    ],
                });
                const widened = (await reportFor(rendered))!;
                assert.deepEqual(lookalikeRows(widened.roles[0].checks), [
                    "FAIL role /ci/ci of account ops (333333333333), the same name in another account artifacts trusts, is refused",
                    "FAIL role /ops/runner of account tooling (222222222222), the same name in another account artifacts trusts, is refused",
                ]);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    }

    it("a twin that is itself a trusted source (the same path and name in both accounts) is let in, and no row says otherwise", async () => {
        const dir = configDir("principal-arn", true);
        try {
            const report = (await reportFor(await renderStacks(dir, ["tooling", "ops", "shared"])))!;
            assert.equal(report.failed, 0);
            assert.deepEqual(lookalikeRows(report.roles[0].checks), []);
            assert.deepEqual(
                report.roles[0].checks.filter((c) => c.kind === "trusted-source").map((c) => `${c.result} ${c.title}`),
                ["PASS role /ci/ci assumes artifacts (no condition required)", "PASS role /ci/ci assumes artifacts (no condition required)"],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
