/**
 * Bad configuration, one rule a case with its exact messages: `sources.<key>` of kind `federated-role`
 * (lib/config/sources.ts): exact role ARNs of B, or one name pattern pinned by a literal prefix.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import { ACCOUNT_A, ACCOUNT_B } from "../../support/harness";
import { BadCase, Mutable } from "../../support/bad-config";

const asFederated = (form: Record<string, unknown>) => (c: Mutable) => (c.sources["log-shipper"] = { kind: "federated-role", ...form });
const PATTERN_EXPECTED =
    "a role name pattern of 3 to 64 characters from [A-Za-z0-9+=,.@_-] and *, whose first 3 characters are no * (such as okta-data-*); ? is refused";
const ARN_EXPECTED = "an exact IAM role ARN such as arn:aws:iam::222222222222:role/okta/DataAdmins (no * or ?: use namePattern for a pattern)";

export const FEDERATED_ROLE_CASES: BadCase[] = [
    {
        rule: "a federated-role names its roles",
        change: asFederated({}),
        messages: ["sources.log-shipper: a federated-role names its roles of account B; set arns (exact role ARNs) or namePattern (with path)"],
    },
    {
        rule: "a federated-role is exact roles or one pattern, not both",
        change: asFederated({ arns: [`arn:aws:iam::${ACCOUNT_B}:role/okta/Data`], namePattern: "okta-*" }),
        messages: ["sources.log-shipper: set only one of arns, namePattern (found both): the source is either exact roles or one name pattern"],
    },
    {
        rule: "a pattern of * alone would trust every role of the path",
        change: asFederated({ namePattern: "*" }),
        messages: [`sources.log-shipper.namePattern = "*": expected ${PATTERN_EXPECTED}`],
    },
    {
        rule: "a pattern needs 3 literal characters before its first *",
        change: asFederated({ namePattern: "ok*" }),
        messages: [`sources.log-shipper.namePattern = "ok*": expected ${PATTERN_EXPECTED}`],
    },
    {
        rule: "a pattern holds no ? (one character of anything, / included)",
        change: asFederated({ namePattern: "okta-?" }),
        messages: [`sources.log-shipper.namePattern = "okta-?": expected ${PATTERN_EXPECTED}`],
    },
    {
        rule: "a pattern holds no / (paths go in path)",
        change: asFederated({ namePattern: "okta/*" }),
        messages: [`sources.log-shipper.namePattern = "okta/*": expected ${PATTERN_EXPECTED}`],
    },
    {
        rule: "an empty pattern is refused",
        change: asFederated({ namePattern: "" }),
        messages: [`sources.log-shipper.namePattern = "": expected ${PATTERN_EXPECTED}`],
    },
    {
        rule: "a pattern longer than a role name is refused (and not printed whole)",
        change: asFederated({ namePattern: `okta-${"x".repeat(4000)}` }),
        messages: [`sources.log-shipper.namePattern = "okta-${"x".repeat(111)}...: expected ${PATTERN_EXPECTED} (length 4005)`],
    },
    {
        rule: "the pattern's path holds no wildcard",
        change: asFederated({ namePattern: "data-*", path: "/okta*/" }),
        messages: [
            `sources.log-shipper.path = "/okta*/": expected no * or ?: it is part of ARNs in account B's grant and account A's trust policy, where IAM reads them as wildcards that match other roles and users`,
        ],
    },
    {
        rule: "path goes with namePattern only",
        change: asFederated({ arns: [`arn:aws:iam::${ACCOUNT_B}:role/okta/Data`], path: "/okta/" }),
        messages: ["sources.log-shipper.path: set only with namePattern: an ARN of arns holds its own path"],
    },
    {
        rule: "an empty list of ARNs is refused",
        change: asFederated({ arns: [] }),
        messages: [`sources.log-shipper.arns = []: expected a non-empty list of ${ARN_EXPECTED}`],
    },
    {
        rule: "an ARN holds no wildcard, and is a role's",
        change: asFederated({ arns: [`arn:aws:iam::${ACCOUNT_B}:role/okta/*`, `arn:aws:iam::${ACCOUNT_B}:user/okta`] }),
        messages: [
            `sources.log-shipper.arns[0] = "arn:aws:iam::${ACCOUNT_B}:role/okta/*": expected no * or ?: account A's trust policy names it, and IAM reads them as wildcards that trust every matching principal`,
            `sources.log-shipper.arns[1] = "arn:aws:iam::${ACCOUNT_B}:user/okta": expected ${ARN_EXPECTED}`,
        ],
    },
    {
        rule: "an ARN is a role of account B",
        change: asFederated({ arns: [`arn:aws:iam::${ACCOUNT_A}:role/okta/Data`] }),
        messages: [
            `sources.log-shipper.arns[0] = "arn:aws:iam::${ACCOUNT_A}:role/okta/Data": expected a role of sourceAccountId ${ACCOUNT_B} in partition aws`,
        ],
    },
    {
        rule: "keys of another case are typos (NamePattern)",
        change: asFederated({ NamePattern: "okta-*" }),
        messages: [
            "sources.log-shipper.NamePattern: unknown key (did you mean namePattern?); expected one of kind, arns, namePattern, path, roleSessionName",
            "sources.log-shipper: a federated-role names its roles of account B; set arns (exact role ARNs) or namePattern (with path)",
        ],
    },
];
