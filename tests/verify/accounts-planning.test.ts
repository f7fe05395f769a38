/**
 * verify with named accounts, pure part (tools/verify/accounts.ts): which outputs it reads, and which (role, account)
 * pairs the caller is granted, without any AWS call. The outputs are the examples', as rendered.
 */
import { strict as assert } from "assert";
import { AccountStackInput, isNamedAccountOutputs, parseAccountInput, planAccountChecks, wordingFor } from "../../tools/verify/accounts";
import { VerifyInputError } from "../../tools/verify/probes";
import { renderExampleStacks } from "../support/examples";

const text = (outputs: unknown) => JSON.stringify(outputs);

describe("verify with named accounts: reading the outputs and planning the (role, account) pairs", () => {
    let shared: Record<string, unknown>;
    let dev: Record<string, unknown>;
    let prod: Record<string, unknown>;
    before(async () => {
        const outputsOf = async (example: "shared-services" | "multi-account", stack: string) =>
            (await renderExampleStacks(example)).find((r) => r.stack === stack)!.result.outputs;
        shared = await outputsOf("shared-services", "shared");
        dev = await outputsOf("multi-account", "dev");
        prod = await outputsOf("multi-account", "prod");
    });

    it("tells a named account's outputs (they say their account) from account-a's", () => {
        assert.equal(isNamedAccountOutputs(text(dev)), true);
        assert.equal(isNamedAccountOutputs(text({ side: "target", targetAccountId: "111111111111", roles: {} })), false);
        assert.equal(isNamedAccountOutputs("not json"), false);
    });

    it("reads a role trusted by sources of two accounts, whose clientConfig names no single source account", () => {
        const input = parseAccountInput(text(shared), "--outputs shared.json", undefined);
        assert.deepEqual(
            [input.stack, input.account, input.accountId, Object.keys(input.roles)],
            ["shared", "shared", "555555555555", ["artifact-reader", "artifact-publisher"]],
        );
        assert.deepEqual(input.sourceStacks, {
            "workload-a": "organization/cross-account-iam-shared-services/workload-a",
            "workload-b": "organization/cross-account-iam-shared-services/workload-b",
        });
    });

    it("refuses outputs without the accounts of their trusted sources, one line per problem, naming the stack to read", () => {
        const broken = JSON.parse(text(dev)) as { roles: { deployer: { trustedSources: Array<Record<string, unknown>> } } };
        delete broken.roles.deployer.trustedSources[0].accountId;
        broken.roles.deployer.trustedSources[0].account = "Tooling";
        assert.throws(
            () => parseAccountInput(text(broken), "stack dev", "dev"),
            (e: unknown) => {
                assert.ok(e instanceof VerifyInputError);
                assert.equal(
                    e.message,
                    "stack dev: account dev's outputs are not what this version writes (2 problems); read them again with `pulumi stack output --json --show-secrets -s dev`",
                );
                assert.deepEqual(e.problems, [
                    "roles.deployer.trustedSources[0].account: expected an account name (a key of accounts), got a string that is not one",
                    "roles.deployer.trustedSources[0].accountId: expected a 12-digit AWS account id, got nothing",
                ]);
                return true;
            },
        );
    });

    it("a session of billing-service of workload-b is that source; the same-named role in workload-a is no source", () => {
        const stacks = [parseAccountInput(text(shared), "--outputs shared.json", undefined)];
        const checks = (arn: string, account: string) =>
            planAccountChecks(stacks, { arn, account }, { roles: [], accounts: [] }).map((c) => [c.roleName, c.match?.trust.source ?? "not granted"]);
        assert.deepEqual(checks("arn:aws:sts::888888888888:assumed-role/billing-service/task", "888888888888"), [
            ["artifact-reader", "billing-service"],
            ["artifact-publisher", "not granted"],
        ]);
        assert.deepEqual(checks("arn:aws:sts::777777777777:assumed-role/billing-service/task", "777777777777"), [
            ["artifact-reader", "not granted"],
            ["artifact-publisher", "not granted"],
        ]);
        assert.deepEqual(checks("arn:aws:sts::777777777777:assumed-role/release-ci/task", "777777777777"), [
            ["artifact-reader", "not granted"],
            ["artifact-publisher", "release-ci"],
        ]);
    });

    it("names the target's stack and the matched source's stack and account in messages", () => {
        const stacks: AccountStackInput[] = [parseAccountInput(text(prod), "stack prod", "prod")];
        const [deployer] = planAccountChecks(
            stacks,
            { arn: "arn:aws:sts::222222222222:assumed-role/ci/t", account: "222222222222" },
            { roles: ["deployer"], accounts: [] },
        );
        assert.deepEqual(wordingFor(deployer), {
            targetStack: "prod",
            targetAccount: "account prod (111111111111)",
            targetAccountKey: "accounts.prod (111111111111)",
            sourceStack: "tooling",
            sourceAccount: "account tooling",
        });
        assert.equal(deployer.asked, true);
    });
});
