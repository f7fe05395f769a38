/**
 * Bad configuration, one rule a case with its exact messages: Top-level keys (lib/config/read.ts): the two accounts, the region, the provider's allowed accounts, unknown keys and the stack's side.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import type { BadCase } from "../../support/bad-config";

export const ACCOUNT_CASES: BadCase[] = [
    {
        rule: "account ids are 12 digits",
        change: (c) => (c.sourceAccountId = "12345"),
        messages: ['sourceAccountId = "12345": expected a 12-digit AWS account id'],
    },
    {
        rule: "the target account id is required",
        change: (c) => delete c.targetAccountId,
        messages: ["targetAccountId: not set; expected a 12-digit AWS account id (`pulumi config set targetAccountId 123456789012`)"],
    },
    {
        rule: "the two accounts differ",
        change: (c) => (c.targetAccountId = c.sourceAccountId),
        messages: ['targetAccountId = "222222222222": expected an account other than sourceAccountId (this program wires two different accounts)'],
    },
    {
        rule: "a region is required",
        change: (c) => delete c["aws:region"],
        messages: ["aws:region: not set; expected an AWS region such as eu-west-1 (`pulumi config set aws:region eu-west-1`)"],
    },
    {
        rule: "the region looks like a region",
        change: (c) => (c["aws:region"] = "Ireland"),
        messages: ['aws:region = "Ireland": expected an AWS region such as eu-west-1'],
    },
    {
        rule: "aws:allowedAccountIds includes the account the stack deploys into",
        change: (c) => (c["aws:allowedAccountIds"] = ["111111111111"]),
        messages: [
            'aws:allowedAccountIds = ["111111111111"]: expected a list that includes sourceAccountId 222222222222, the account this source stack deploys into',
        ],
    },
    {
        rule: "unknown keys in the project namespace are reported with the key they likely misspell",
        change: (c) => (c.targetRole = {}),
        messages: [
            'targetRole: unknown key in namespace "cross-account-iam" (did you mean targetRoles?); expected one of side, sourceAccountId, targetAccountId, partition, sourceStack, sources, identityCenter, targetRoles, organization, externalIds, trustPolicySizeLimit, managedPoliciesPerRoleLimit',
        ],
    },
    {
        rule: "side is one of source, target",
        change: (c) => (c.side = "both"),
        messages: ['side = "both": expected one of source, target'],
        stack: "prod-b",
    },
    {
        rule: "side must not contradict the stack name",
        change: (c) => (c.side = "target"),
        messages: ['side = "target": expected "source" for stack account-b, or a stack name other than account-a/account-b'],
    },
];
