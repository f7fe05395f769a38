/**
 * Which side a stack is (lib/config/side.ts, through parseConfig): account-a and account-b by name,
 * any other stack by its `side` key; and the stack of account B that account A reads.
 */
import { strict as assert } from "assert";
import { parseConfig, validateConfig } from "../../lib/config/read";
import { STACK_SIDES } from "../../lib/names";
import { PROJECT, baseConfig, flatten } from "../support/harness";

describe("side selection", () => {
    const ctx = (stack: string) => ({ project: PROJECT, stack, organization: "o" });
    it("account-a is the target side and account-b the source side", () => {
        assert.deepEqual(STACK_SIDES, { "account-a": "target", "account-b": "source" });
        assert.equal(parseConfig(flatten(baseConfig()), ctx("account-a")).side, "target");
        assert.equal(parseConfig(flatten(baseConfig()), ctx("account-b")).side, "source");
    });
    it("any other stack name takes its side from config", () => {
        assert.equal(parseConfig(flatten({ ...baseConfig(), side: "target" }), ctx("prod-a")).side, "target");
        assert.equal(parseConfig(flatten({ ...baseConfig(), side: "source" }), ctx("staging-b")).side, "source");
    });
    it("any other stack name without side is a clear error", () => {
        assert.deepEqual(validateConfig(flatten(baseConfig()), ctx("prod")), [
            'side: not set and stack "prod" is neither account-a nor account-b; set it with `pulumi config set side source` (account B) or `target` (account A)',
        ]);
    });
    it("the peer stack defaults to <org>/<project>/account-b and is configurable", () => {
        assert.equal(parseConfig(flatten(baseConfig()), ctx("account-a")).sourceStack, "o/cross-account-iam/account-b");
        assert.equal(parseConfig(flatten({ ...baseConfig(), sourceStack: "acme/iam/prod-b" }), ctx("account-a")).sourceStack, "acme/iam/prod-b");
    });
});
