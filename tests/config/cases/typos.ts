/**
 * Bad configuration, one rule a case with its exact messages: typos (lib/config/typos.ts), named with the key they likely meant.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import type { BadCase } from "../../support/bad-config";

export const TYPO_CASES: BadCase[] = [
    {
        rule: "a misspelt aws:region is named in the aws:region message",
        change: (c) => {
            c["aws:regoin"] = c["aws:region"];
            delete c["aws:region"];
        },
        messages: [
            "aws:region: not set; expected an AWS region such as eu-west-1 (`pulumi config set aws:region eu-west-1`); aws:regoin is set: a typo of aws:region?",
        ],
    },
    {
        rule: "a misspelt aws:allowedAccountIds is reported: the account guard would be off",
        change: (c) => (c["aws:allowedAccountId"] = ["222222222222"]),
        messages: [
            "aws:allowedAccountId: not a key this program reads (did you mean aws:allowedAccountIds?); without aws:allowedAccountIds the aws provider may deploy into any account",
        ],
    },
    {
        rule: "a misspelt project namespace is reported, not silently ignored",
        change: (c) => (c["cross-acount-iam:trustPolicySizeLimit"] = "4096"),
        messages: [
            'cross-acount-iam:trustPolicySizeLimit: namespace "cross-acount-iam" is not this project\'s (did you mean cross-account-iam:trustPolicySizeLimit?); project cross-account-iam reads only keys of namespace "cross-account-iam" and aws:, so this value is ignored',
        ],
    },
    {
        rule: "a key of this program under another project's namespace (a copied Pulumi.yaml) is reported",
        change: (c) => (c["my-copy:targetRoles"] = JSON.stringify(c.targetRoles)),
        messages: [
            'my-copy:targetRoles: namespace "my-copy" is not this project\'s (did you mean cross-account-iam:targetRoles?); project cross-account-iam reads only keys of namespace "cross-account-iam" and aws:, so this value is ignored',
        ],
    },
    {
        rule: "a misspelt key inside a target role is named with the key it meant",
        change: (c) => (c.targetRoles["log-reader"].trustedSource = ["log-shipper"]),
        messages: [
            "targetRoles.log-reader.trustedSource: unknown key (did you mean trustedSources?); expected one of path, description, maxSessionDuration, permissionsBoundary, tags, trustMode, trustConditions, trustedSources, permissions, organizationalUnits, profileName",
        ],
    },
];
