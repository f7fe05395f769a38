/**
 * Named accounts (issue 16): every new key attacked, with the exact lines the reader answers. Each
 * line names the key, the value and what is expected; nothing half-valid is deployed.
 */
import { strict as assert } from "assert";
import { parseConfig, validateConfig } from "../../lib/config/read";
import { awsResources, flatten, render } from "../support/harness";

type Mutable = Record<string, any>;

const CTX = { project: "cross-account-iam", organization: "organization" };

/** Three named accounts: CI in tooling may assume deployer in dev and prod. */
function namedConfig(): Mutable {
    return {
        accounts: { tooling: "222222222222", dev: "333333333333", prod: "111111111111" },
        sources: { ci: { kind: "service-role", service: "ecs-tasks", account: "tooling" } },
        targetRoles: { deployer: { accounts: ["dev", "prod"], trustedSources: ["ci"], permissions: { logsRead: { logGroups: ["/app/deploy"] } } } },
        "aws:region": "eu-west-1",
    };
}

function problems(change: (c: Mutable) => void, stack = "prod"): string[] {
    const c = namedConfig();
    change(c);
    return validateConfig(flatten(c), { ...CTX, stack });
}

const NAME_RULE = "an account name of 1 to 50 characters: lowercase letters, digits and -, starting with a letter (so it never reads as an account id)";

interface BadCase {
    rule: string;
    change: (c: Mutable) => void;
    messages: string[];
    stack?: string;
}

const cases: BadCase[] = [
    {
        rule: "an account name is never * (it is a key of accounts, lowercase, starting with a letter)",
        change: (c) => (c.accounts["*"] = "444444444444"),
        messages: [`accounts["*"]: the key is an account name and is not a valid one; expected ${NAME_RULE}`],
    },
    {
        rule: "an account id holds no * or ? (IAM would read a wildcard in every ARN)",
        change: (c) => (c.accounts.dev = "33333333333?"),
        messages: ['accounts.dev = "33333333333?": expected no * or ?: it is part of every ARN, where IAM reads them as wildcards that match other accounts'],
    },
    {
        rule: "a wildcard id is refused too",
        change: (c) => (c.accounts.dev = "*"),
        messages: ['accounts.dev = "*": expected no * or ?: it is part of every ARN, where IAM reads them as wildcards that match other accounts'],
    },
    {
        rule: "a role's accounts hold no wildcard",
        change: (c) => (c.targetRoles.deployer.accounts = ["*"]),
        messages: ['targetRoles.deployer.accounts[0] = "*": expected names of accounts (tooling, dev, prod)'],
    },
    {
        rule: "a role's accounts hold no ?",
        change: (c) => (c.targetRoles.deployer.accounts = ["de?"]),
        messages: ['targetRoles.deployer.accounts[0] = "de?": expected names of accounts (tooling, dev, prod)'],
    },
    {
        rule: "a role's accounts are not empty",
        change: (c) => (c.targetRoles.deployer.accounts = []),
        messages: ["targetRoles.deployer.accounts = []: expected a non-empty list of names of accounts (tooling, dev, prod)"],
    },
    {
        rule: "a role's accounts are set",
        change: (c) => delete c.targetRoles.deployer.accounts,
        messages: ["targetRoles.deployer.accounts: not set; expected a list of the accounts the role is deployed to (of tooling, dev, prod)"],
    },
    {
        rule: "accounts is not empty, and an empty one is the only line (no cascade over every reference)",
        change: (c) => (c.accounts = {}),
        messages: [
            'accounts = {}: expected at least two named accounts, e.g. { tooling: "222222222222", prod: "111111111111" } (cross-account access needs two)',
        ],
    },
    {
        rule: "accounts is a map",
        change: (c) => (c.accounts = ["dev"]),
        messages: ['accounts = ["dev"]: expected an object'],
    },
    {
        rule: "one account is not cross-account",
        change: (c) => (c.accounts = { prod: "111111111111" }),
        messages: [
            'accounts = {"prod":"111111111111"}: expected at least two named accounts, e.g. { tooling: "222222222222", prod: "111111111111" } (cross-account access needs two)',
            'sources.ci.account = "tooling": expected one of the accounts (prod)',
            'targetRoles.deployer.accounts[0] = "dev": expected one of the accounts (prod)',
        ],
    },
    {
        rule: "__proto__ is no account name (a JavaScript object would drop it silently)",
        change: (c) =>
            (c.accounts = JSON.parse('{"__proto__": "444444444444", "tooling": "222222222222", "dev": "333333333333", "prod": "111111111111"}') as Mutable),
        messages: [
            "accounts.__proto__: the name __proto__ cannot be used: JavaScript objects (Pulumi's stack outputs among them) read it as the prototype, so the entry would be dropped without a word; choose another name",
        ],
    },
    {
        rule: "a role cannot be deployed to __proto__",
        change: (c) => (c.targetRoles.deployer.accounts = ["__proto__"]),
        messages: ['targetRoles.deployer.accounts[0] = "__proto__": expected names of accounts (tooling, dev, prod)'],
    },
    {
        rule: "a source's account is looked up by exact name, never through a prototype (toString, __proto__)",
        change: (c) => (c.sources.ci.account = "toString"),
        messages: ['sources.ci.account = "toString": expected one of the accounts (tooling, dev, prod)'],
    },
    {
        rule: "account names are lowercase, so two never differ only in case",
        change: (c) => (c.accounts.Prod = "444444444444"),
        messages: [`accounts.Prod: the key is an account name and is not a valid one; expected ${NAME_RULE}`],
    },
    {
        rule: "a role's accounts are exact names: a case variant is refused",
        change: (c) => (c.targetRoles.deployer.accounts = ["dev", "Prod"]),
        messages: ['targetRoles.deployer.accounts[1] = "Prod": expected names of accounts (tooling, dev, prod)'],
    },
    {
        rule: "one id has one name (a trust and a grant could otherwise name one account twice)",
        change: (c) => (c.accounts.production = "111111111111"),
        messages: [
            'accounts.production = "111111111111": expected an id no other account has (prod has it): one account, one name, or a trust and a grant could name it twice',
        ],
    },
    {
        rule: "a role lists only accounts of accounts",
        change: (c) => (c.targetRoles.deployer.accounts = ["dev", "staging"]),
        messages: ['targetRoles.deployer.accounts[1] = "staging": expected one of the accounts (tooling, dev, prod)'],
    },
    {
        rule: "a role lists an account once",
        change: (c) => (c.targetRoles.deployer.accounts = ["dev", "dev"]),
        messages: ['targetRoles.deployer.accounts = ["dev","dev"]: expected no duplicates (repeated: dev)'],
    },
    {
        rule: "a role is never deployed to the account of a source it trusts",
        change: (c) => (c.targetRoles.deployer.accounts = ["dev", "tooling"]),
        messages: [
            'targetRoles.deployer.accounts[1] = "tooling": expected an account other than tooling, where trusted source ci lives (this program wires access across accounts)',
        ],
    },
    {
        rule: "a source names its account",
        change: (c) => delete c.sources.ci.account,
        messages: ["sources.ci.account: not set; expected the name of the account the source lives in (one of tooling, dev, prod)"],
    },
    {
        rule: "at most 1000 accounts",
        change: (c) => {
            for (let i = 0; i < 998; i++) c.accounts[`a${i}`] = String(100000000000 + i);
        },
        messages: ['accounts = "1001 entries": expected at most 1000 accounts'],
    },
    {
        rule: "accounts and targetAccountId are exclusive, with what to write instead",
        change: (c) => (c.targetAccountId = "111111111111"),
        messages: [
            "targetAccountId: only in a two-account config (targetAccountId, sourceAccountId), and this one names its accounts in accounts; each source names its `account` and each role its `accounts`, keys of accounts",
        ],
    },
    {
        rule: "side belongs to two-account configs",
        change: (c) => (c.side = "target"),
        messages: [
            "side: only in a two-account config (targetAccountId, sourceAccountId), and this one names its accounts in accounts; a stack deploys what its account holds: the sources that live in it and the roles deployed to it",
        ],
    },
    {
        rule: "sourceStack belongs to two-account configs",
        change: (c) => (c.sourceStack = "o/p/s"),
        messages: [
            "sourceStack: only in a two-account config (targetAccountId, sourceAccountId), and this one names its accounts in accounts; each account's stack is named after it, or `stacks.<account>`",
        ],
    },
    {
        rule: "a two-account config refuses a role's accounts",
        change: (c) => {
            delete c.accounts;
            c.targetAccountId = "111111111111";
            c.sourceAccountId = "222222222222";
            delete c.sources.ci.account;
            c.targetRoles.deployer.accounts = ["dev"];
        },
        stack: "account-a",
        messages: [
            "targetRoles.deployer.accounts: only with named accounts (accounts), and this config is a two-account one (targetAccountId, sourceAccountId); every role of a two-account config is deployed to targetAccountId",
        ],
    },
    {
        rule: "a stack is the stack of an account",
        change: () => undefined,
        stack: "qa",
        messages: [
            'account: not set and stack "qa" is the stack of no account (accounts: tooling, dev, prod); name the stack after its account, or set stacks.<account>: qa in Pulumi.yaml',
        ],
    },
    {
        rule: "a stack's account is the account whose stack it is",
        change: (c) => (c.account = "dev"),
        messages: [
            "account = \"dev\": expected the account whose stack this is: account dev's stack is dev, and stack prod is account prod's; other stacks read account dev from stack dev, so set stacks.dev: prod in Pulumi.yaml to deploy it from here",
        ],
    },
    {
        rule: "aws:allowedAccountIds includes the stack's account",
        change: (c) => (c["aws:allowedAccountIds"] = ["333333333333"]),
        messages: [
            'aws:allowedAccountIds = ["333333333333"]: expected a list that includes 111111111111, the id of account prod, which this stack deploys into',
        ],
    },
    {
        rule: "aws:allowedAccountIds holds no other named account",
        change: (c) => (c["aws:allowedAccountIds"] = ["111111111111", "333333333333"]),
        messages: [
            'aws:allowedAccountIds = ["111111111111","333333333333"]: expected only the id of account prod among the named accounts (it also lists dev\'s 333333333333); a stack deploys into exactly one account',
        ],
    },
    {
        rule: "stacks names only accounts",
        change: (c) => (c.stacks = { staging: "stg" }),
        messages: ["stacks.staging: the key names no account; expected a key of accounts (tooling, dev, prod)"],
    },
    {
        rule: "one stack per account",
        change: (c) => (c.stacks = { dev: "prod" }),
        messages: ['stacks.dev = "prod": expected a stack no other account has (it is account prod\'s stack); one stack per account'],
    },
    {
        rule: "stacks holds plain stack names",
        change: (c) => (c.stacks = { dev: "org/proj/dev" }),
        messages: [
            'stacks.dev = "org/proj/dev": expected a Pulumi stack name of 1 to 100 characters from [A-Za-z0-9._-] (no organization or project: the stack is this project\'s)',
        ],
    },
    {
        rule: "a stack that would create nothing is refused",
        change: (c) => (c.targetRoles.deployer.accounts = ["dev"]),
        messages: [
            "account: account prod holds no source and no role is deployed to it, so this stack would create nothing; name it in sources.<key>.account or targetRoles.<role>.accounts, or remove the stack",
        ],
    },
    {
        rule: "stacks that read each other in a cycle are refused on every stack, naming the roles and the fix",
        change: (c) => {
            c.sources.web = { kind: "service-role", service: "lambda", account: "prod" };
            c.targetRoles.hook = { accounts: ["tooling"], trustedSources: ["web"], permissions: { logsRead: { logGroups: ["/x"] } } };
        },
        messages: [
            "targetRoles: the stacks cannot be deployed in any order: stack tooling reads prod (role hook in account tooling trusts principals of account prod in trust mode principal), and stack prod reads tooling (role deployer in account prod trusts principals of account tooling in trust mode principal); set trustMode: principal-arn on one of hook, deployer (it names the principal by ARN, reads no stack, and survives its recreation)",
        ],
    },
];

describe("named accounts: config (issue 16)", () => {
    it("a valid named-accounts config reads with no problem on the source and the target stacks", () => {
        assert.deepEqual(
            problems(() => undefined, "tooling"),
            [],
        );
        assert.deepEqual(
            problems(() => undefined, "prod"),
            [],
        );
    });

    for (const c of cases) {
        it(c.rule, () => assert.deepEqual(problems(c.change, c.stack), c.messages));
    }

    it("the same line when the program runs under mocks, and no AWS resource declared", async () => {
        const c = namedConfig();
        c.targetRoles.deployer.accounts = ["dev", "Prod"];
        const r = await render(c, { stack: "prod", accountId: "111111111111" });
        assert.ok(r.error, "the program fails");
        assert.match(
            String((r.error as Error).message ?? r.error),
            /targetRoles\.deployer\.accounts\[1\] = "Prod": expected names of accounts \(tooling, dev, prod\)/,
        );
        assert.deepEqual(awsResources(r), []);
    });

    it("a role deployed to 999 accounts with a long path overflows the source's managed policies, said in role ARNs", () => {
        const c = namedConfig();
        c.accounts = { tooling: "222222222222" };
        for (let i = 0; i < 999; i++) c.accounts[`a${i}`] = String(100000000000 + i);
        c.targetRoles.deployer.accounts = Object.keys(c.accounts).filter((a) => a !== "tooling");
        c.targetRoles.deployer.path = "/a-rather-long-path-for-deploy-roles/";
        assert.deepEqual(validateConfig(flatten(c), { ...CTX, stack: "tooling" }), [
            "sources.ci: its sts:AssumeRole grant on 999 role ARNs (each role in each account it is deployed to) is 78044 characters, over the 10240 of inline policy IAM allows per role; split into customer managed policies of at most 6144 characters it needs 13, but at most 10 may be attached per role (managedPoliciesPerRoleLimit; IAM's default is 10, raisable to 20), which fits 770 of the 999 role ARNs. Split the roles across several sources, or raise the quota and managedPoliciesPerRoleLimit",
        ]);
    });

    it("the stack's side follows from what its account holds: tooling sources, prod a target, both when it holds both", () => {
        assert.equal(parseConfig(flatten(namedConfig()), { ...CTX, stack: "tooling" }).side, "source");
        assert.equal(parseConfig(flatten(namedConfig()), { ...CTX, stack: "prod" }).side, "target");
        const c = namedConfig();
        c.sources.web = { kind: "service-role", service: "lambda", account: "prod" };
        c.targetRoles.hook = { accounts: ["dev"], trustedSources: ["web"], permissions: { logsRead: { logGroups: ["/x"] } } };
        assert.equal(parseConfig(flatten(c), { ...CTX, stack: "prod" }).side, "both");
    });

    it("stacks.<account> renames an account's stack: the source stack is read under that name", () => {
        const c = namedConfig();
        c.stacks = { tooling: "ci-tooling" };
        const cfg = parseConfig(flatten(c), { ...CTX, stack: "prod" });
        assert.deepEqual(cfg.sourceStacks, { tooling: "organization/cross-account-iam/ci-tooling" });
        assert.equal(parseConfig(flatten(c), { ...CTX, stack: "ci-tooling" }).account.name, "tooling");
        assert.deepEqual(validateConfig(flatten(c), { ...CTX, stack: "tooling" }), [
            'account: not set, and stack "tooling" is not account tooling\'s stack (stacks.tooling is ci-tooling); deploy account tooling from stack ci-tooling, or set stacks.tooling in Pulumi.yaml',
        ]);
    });

    it("reads sso-permission-set and federated-role sources with named accounts like the other kinds: each in the account it names", () => {
        const c = namedConfig();
        c.sources.people = { kind: "sso-permission-set", permissionSet: "ReadOnly", account: "tooling" };
        c.sources.saml = { kind: "federated-role", namePattern: "okta-*", account: "tooling" };
        c.identityCenter = { startUrl: "https://acme.awsapps.com/start", region: "eu-west-1" };
        c.targetRoles.deployer.trustedSources = ["ci", "people", "saml"];
        const cfg = parseConfig(flatten(c), { ...CTX, stack: "prod" });
        assert.deepEqual(
            cfg.sources.filter((s) => s.key !== "ci").map((s) => [s.key, s.kind, s.account]),
            [
                ["people", "sso-permission-set", "tooling"],
                ["saml", "federated-role", "tooling"],
            ],
        );
    });

    it("a group's trust admits only users of its own account: a stricter user beside it is refused there, and not in another account", () => {
        const c = namedConfig();
        c.accounts.people = "444444444444";
        c.sources.operators = { kind: "group", account: "tooling" };
        c.sources.auditor = { kind: "user", account: "tooling" };
        c.sources.guest = { kind: "user", account: "people" };
        c.targetRoles.deployer.trustedSources = [
            { source: "operators", mfa: true },
            { source: "auditor", mfa: { maxAgeSeconds: 600 } },
            { source: "guest", mfa: { maxAgeSeconds: 600 } },
        ];
        assert.deepEqual(validateConfig(flatten(c), { ...CTX, stack: "prod" }), [
            "targetRoles.deployer.trustedSources[1]: source auditor demands mfa (maxAgeSeconds 600), but the same role trusts operators (group: any IAM user of account tooling (222222222222)) without it, so auditor can assume the role through that statement and skip it; give operators's entry the same conditions, or trust auditor from a role of its own",
        ]);
    });
});
