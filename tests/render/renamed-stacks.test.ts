/**
 * Renamed stacks (prod-a, prod-b): account A reads account B's outputs from `sourceStack`, whose default
 * is account-b. Left unset, both the offline render and the program say which key to set, and to what.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../lib/errors";
import { awsResources, baseConfig, render } from "../support/harness";
import { repositoryWith, runStart } from "../support/render";

const PROD_B = { "aws:region": "eu-west-1", "aws:allowedAccountIds": ["222222222222"], "cross-account-iam:side": "source" };
const PROD_A = { "aws:region": "eu-west-1", "aws:allowedAccountIds": ["111111111111"], "cross-account-iam:side": "target" };

describe("renamed stacks: sourceStack is named when account B's stack cannot be found", () => {
    it("npm start: a target stack without sourceStack says it reads account-b, the default, and what to set", async () => {
        const dir = repositoryWith({ "prod-b": PROD_B, "prod-a": PROD_A });
        const r = await runStart(["--dir", dir, "--stacks", "prod-b,prod-a", "--out", fs.mkdtempSync(path.join(os.tmpdir(), "renamed-out-"))]);
        assert.equal(r.code, 2);
        assert.equal(
            r.stderr,
            `${path.join(dir, "Pulumi.account-b.yaml")}: not found (stack files here: Pulumi.prod-a.yaml, Pulumi.prod-b.yaml). ` +
                "Target stack prod-a reads account B's outputs from stack account-b (sourceStack is not set, so it reads the default organization/cross-account-iam/account-b); " +
                "set sourceStack to account B's stack: `pulumi config set -s prod-a sourceStack organization/cross-account-iam/prod-b`\n",
        );
    });

    it("npm start: with sourceStack set as the message says, the renamed stacks render and every check passes", async () => {
        const dir = repositoryWith({ "prod-b": PROD_B, "prod-a": { ...PROD_A, "cross-account-iam:sourceStack": "organization/cross-account-iam/prod-b" } });
        const r = await runStart(["--dir", dir, "--stacks", "prod-b,prod-a", "--out", fs.mkdtempSync(path.join(os.tmpdir(), "renamed-out-"))]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /checks: \d+ passed, all pass/);
    });

    it("npm start: a misspelt stack name is answered with the stack files there and the likely one", async () => {
        const dir = repositoryWith({ "account-b": PROD_B, "account-a": PROD_A });
        const r = await runStart(["--dir", dir, "--stacks", "acount-b", "--out", fs.mkdtempSync(path.join(os.tmpdir(), "renamed-out-"))]);
        assert.deepEqual(
            [r.code, r.stderr],
            [
                2,
                `${path.join(dir, "Pulumi.acount-b.yaml")}: not found (stack files here: Pulumi.account-a.yaml, Pulumi.account-b.yaml; did you mean account-b?)\n`,
            ],
        );
    });

    it("the program: a StackReference that cannot be read names sourceStack, and for a renamed stack says to set it", async () => {
        const config = { ...baseConfig(), side: "target" };
        const result = await render(config, { stack: "prod-a", references: {} });
        assert.ok(ConfigError.isConfigError(result.error), String(result.error));
        assert.match(result.error.message, /^account-b \(organization\/cross-account-iam\/account-b\) could not be read \(1 problem\):/);
        assert.deepEqual(result.error.problems, [
            `sourceStack = "organization/cross-account-iam/account-b": the stack could not be read (failed to read resource #organization/cross-account-iam/account-b 'source-stack' [pulumi:pulumi:StackReference]: no such stack: organization/cross-account-iam/account-b (the mock knows none)); ` +
                "stack prod-a is not account-a but reads account-b, sourceStack's default; set sourceStack to account B's stack: `pulumi config set -s prod-a sourceStack <org>/cross-account-iam/<stack of account B>`",
        ]);
        assert.deepEqual(awsResources(result), []);
    });

    it("the program: with sourceStack set, the message says to check it and that account B's stack is deployed", async () => {
        const config = { ...baseConfig(), side: "target", sourceStack: "organization/cross-account-iam/prod-b" };
        const result = await render(config, { stack: "prod-a", references: {} });
        assert.ok(ConfigError.isConfigError(result.error), String(result.error));
        assert.deepEqual(result.error.problems, [
            `sourceStack = "organization/cross-account-iam/prod-b": the stack could not be read (failed to read resource #organization/cross-account-iam/prod-b 'source-stack' [pulumi:pulumi:StackReference]: no such stack: organization/cross-account-iam/prod-b (the mock knows none)); ` +
                "check that sourceStack names account B's stack and that it is deployed (pulumi up -s <stack of account B>)",
        ]);
    });
});
