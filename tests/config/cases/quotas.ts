/**
 * Bad configuration, one rule a case with its exact messages: IAM quotas checked on the documents before deploy (lib/quotas.ts): managed policies per role, trust policy size, inline policy size.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import { BadCase, role } from "../../support/bad-config";

export const QUOTA_CASES: BadCase[] = [
    {
        rule: "managed policies per role stay within the quota",
        change: (c) => (role(c).permissions.managedPolicyArns = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`)),
        messages: [
            "targetRoles.log-reader.permissions.managedPolicyArns: 11 policies; the limit is 10 per role (managedPoliciesPerRoleLimit; IAM's default is 10, raisable to 20)",
        ],
    },
    {
        rule: "the trust policy size limit is at most 4096",
        change: (c) => (c.trustPolicySizeLimit = 5000),
        messages: ['trustPolicySizeLimit = "5000": expected an integer from 1 to 4096 characters'],
    },
    {
        rule: "the trust policy fits the ACLSizePerRole quota",
        change: (c) => {
            c.sources = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`job-${i}`, { kind: "user", path: "/batch/jobs/" }]));
            role(c).trustedSources = Object.keys(c.sources).map((source, i) => ({ source, mfa: { maxAgeSeconds: 600 + i } }));
        },
        messages: [
            "targetRoles.log-reader: trust policy is 7758 characters; the limit is 2048 (trustPolicySizeLimit; IAM's default ACLSizePerRole quota is 2048, raisable to 4096). The first 7 of its 30 trusted sources fit; raised to 4096, 15 would. Trust fewer sources, give them identical conditions so they share a statement, or raise the quota and trustPolicySizeLimit",
        ],
    },
    {
        rule: "a role's inline permission policy fits IAM's 10240 characters",
        stack: "account-a",
        change: (c) => (role(c).permissions.logsRead.logGroups = Array.from({ length: 120 }, (_, i) => `/app/some-rather-long-log-group-name-${i}`)),
        messages: [
            "targetRoles.log-reader.permissions: inline policy is 21719 characters; IAM allows 10240 per role in total. Move statements into a customer managed policy (managedPolicyArns)",
        ],
    },
];
