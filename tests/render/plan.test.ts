/** `npm run plan` (tools/plan/main.ts): the deploy and destroy order of a named-accounts config's stacks, or why there is none. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { main } from "../../tools/plan/main";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "multi-account");

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(
        argv,
        (s) => (stdout += s),
        (s) => (stderr += s),
    );
    return { code, stdout, stderr };
}

/** A copy of examples/multi-account whose Pulumi.yaml `edit` changed. */
function variant(edit: (config: Record<string, { value: any }>) => void): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    for (const f of fs.readdirSync(EXAMPLE)) fs.copyFileSync(path.join(EXAMPLE, f), path.join(dir, f));
    const project = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { config: Record<string, { value: any }> };
    edit(project.config);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(project));
    return dir;
}

describe("npm run plan (issue 16)", () => {
    it("prints the deploy order: tooling first, each target with the stacks and roles it waits for", async () => {
        assert.deepEqual(await run(["--dir", EXAMPLE]), {
            code: 0,
            stdout: [
                "Deploy order of 4 stacks (each after the source stacks it reads):",
                "  pulumi up -s tooling",
                "  pulumi up -s dev      # after tooling (deployer)",
                "  pulumi up -s staging  # after tooling (deployer)",
                "  pulumi up -s prod     # after tooling (deployer)",
                "",
            ].join("\n"),
            stderr: "",
        });
    });

    it("--destroy prints the order reversed", async () => {
        assert.deepEqual((await run(["--dir", EXAMPLE, "--destroy"])).stdout.split("\n"), [
            "Destroy order of 4 stacks (the deploy order reversed):",
            "  pulumi destroy -s prod",
            "  pulumi destroy -s staging",
            "  pulumi destroy -s dev",
            "  pulumi destroy -s tooling  # after dev, staging, prod, which read it",
            "",
        ]);
    });

    it("a cycle exits 1 with the reader's line: the stacks, the roles, and trust mode principal-arn as the fix", async () => {
        const dir = variant((c) => {
            c["cross-account-iam-multi-account:sources"].value.web = { kind: "service-role", service: "lambda", account: "prod" };
            c["cross-account-iam-multi-account:targetRoles"].value.hook = {
                accounts: ["tooling"],
                trustedSources: ["web"],
                permissions: { logsRead: { logGroups: ["/x"] } },
            };
        });
        assert.deepEqual(await run(["--dir", dir]), {
            code: 1,
            stdout: "",
            stderr: [
                "tooling: invalid configuration (1 problem):",
                "  - targetRoles: the stacks cannot be deployed in any order: stack tooling reads prod (role hook in account tooling trusts principals of account prod in trust mode principal), and stack prod reads tooling (role deployer in account prod trusts principals of account tooling in trust mode principal); set trustMode: principal-arn on one of hook, deployer (it names the principal by ARN, reads no stack, and survives its recreation)",
                "",
            ].join("\n"),
        });
    });

    it("names an account with a role but no stack file yet, and refuses a two-account config", async () => {
        const dir = variant(() => undefined);
        fs.rmSync(path.join(dir, "Pulumi.staging.yaml"));
        assert.match((await run(["--dir", dir])).stdout, /\n {2}pulumi up -s staging {2}# after tooling \(deployer\); no stack file yet\n/);
        const two = await run(["--dir", path.join(__dirname, "..", "..", "examples", "ec2-logs")]);
        assert.equal(two.code, 2);
        assert.match(two.stderr, /a two-account config \(no accounts in Pulumi\.yaml\); its order is fixed: pulumi up -s account-b, then -s account-a/);
        assert.deepEqual(await run(["--force"]), {
            code: 2,
            stdout: "",
            stderr: "unknown argument --force; usage: npm run plan -- [--dir DIR] [--destroy] [--run] [--help]\n",
        });
    });
});
