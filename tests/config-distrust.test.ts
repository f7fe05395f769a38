/**
 * Distrust the input (issue 13, config side): no config can talk the program into a wider grant, a
 * secret never reaches a message, and account-b's outputs are checked as strictly as config. Each
 * class found by the security review has its cases here, with exact messages.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config/read";
import { resolveSourcesFromStack } from "../lib/cross-stack";
import { escalationReason, privilegedActionsMatching } from "../lib/iam/privilege-escalation";
import { PROJECT, baseConfig, flatten, renderBoth } from "./support/harness";
import { BadCase, Mutable, problemsOf, rejectsEach } from "./support/bad-config";

const role = (c: Mutable) => c.targetRoles["log-reader"];
const ROLE_IN_A = "arn:aws:iam::111111111111:role/log-reader";
const ESCALATION = "set permissions.unsafeAllowPrivilegeEscalation: true to accept that";
const TIGHTEN = "to drop the condition for this source, write it as false (the stack outputs then report it)";

describe("class 1: IAM wildcards smuggled through names are refused by one rule", () => {
    rejectsEach([
        {
            rule: "a source path of /*/ would make B's grant and A's trust match other roles",
            change: (c) => (c.sources["log-shipper"].path = "/*/"),
            messages: [
                `sources.log-shipper.path = "/*/": expected no * or ?: it is part of ARNs in account B's grant and account A's trust policy, where IAM reads them as wildcards that match other roles and users`,
            ],
        },
        {
            rule: "a role path with ? is a wildcard too",
            change: (c) => (role(c).path = "/a?/"),
            messages: [
                `targetRoles.log-reader.path = "/a?/": expected no * or ?: it is part of ARNs in account B's grant and account A's trust policy, where IAM reads them as wildcards that match other roles and users`,
            ],
        },
        {
            rule: "a source name with *",
            change: (c) => (c.sources["log-shipper"].name = "ship*"),
            messages: [
                `sources.log-shipper.name = "ship*": expected no * or ?: it is part of the principal's ARN in account A's trust policy, where IAM reads them as wildcards that match other principals`,
            ],
        },
        {
            rule: "a role name (its key) with *",
            change: (c) => {
                c.targetRoles["reader*"] = role(c);
                delete c.targetRoles["log-reader"];
            },
            messages: [
                `targetRoles["reader*"]: the key is the role name and is not a valid one (7 characters); expected no * or ?: it is part of the role's ARN in account B's grant, where IAM reads them as wildcards that match other roles`,
            ],
        },
        {
            rule: "log group, bucket and table names with wildcards",
            change: (c) =>
                (role(c).permissions = { logsRead: { logGroups: ["/app/*"] }, s3Read: { buckets: ["acme-*"] }, dynamodbBackup: { tables: ["orders?"] } }),
            messages: [
                `targetRoles.log-reader.permissions.logsRead.logGroups[0] = "/app/*": expected no * or ?: it is part of the log group ARN in the role's permissions, where IAM reads them as wildcards that match other log groups`,
                `targetRoles.log-reader.permissions.dynamodbBackup.tables[0] = "orders?": expected no * or ?: it is part of the table ARN in the role's permissions, where IAM reads them as wildcards that match other tables`,
                `targetRoles.log-reader.permissions.s3Read.buckets[0] = "acme-*": expected no * or ?: it is part of the bucket and object ARNs in the role's permissions, where IAM reads them as wildcards that match other buckets`,
            ],
        },
        {
            rule: "a region with a wildcard",
            change: (c) => (c["aws:region"] = "eu-*-1"),
            messages: [`aws:region = "eu-*-1": expected no * or ?: it is part of resource ARNs, where IAM reads them as wildcards that match other regions`],
        },
        {
            rule: "a wildcard in the Resource of an Allow statement needs allowWildcardResources",
            change: (c) => (role(c).permissions.statements = [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*" }]),
            messages: [
                `targetRoles.log-reader.permissions.statements[0].Resource = "arn:aws:s3:::*": expected a resource ARN without * or ?: in an Allow statement IAM reads them as wildcards that match every resource of that shape; name the resources, or set permissions.allowWildcardResources: true for actions that support only "*"`,
            ],
        },
    ]);

    it("accepts a wildcard Resource in a Deny statement, and in an Allow with allowWildcardResources: true", () => {
        const deny = baseConfig();
        role(deny).permissions.statements = [{ Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::*" }];
        assert.deepEqual(problemsOf(deny), []);
        const optIn = baseConfig();
        role(optIn).permissions = { allowWildcardResources: true, statements: [{ Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }] };
        assert.deepEqual(problemsOf(optIn), []);
    });
});

describe("class 2: escalation without a wildcard action", () => {
    rejectsEach([
        {
            rule: "iam:PutRolePolicy, iam:PassRole (any case), sts:AssumeRole and ec2:RunInstances in an Allow statement, each named with its reason",
            change: (c) =>
                (role(c).permissions.statements = [
                    { Effect: "Allow", Action: ["iam:PutRolePolicy", "iam:passrole", "sts:AssumeRole", "ec2:RunInstances"], Resource: ROLE_IN_A },
                ]),
            messages: [
                `targetRoles.log-reader.permissions.statements[0].Action = "iam:PutRolePolicy": expected no action that can grant more privilege; iam:PutRolePolicy can gain more privilege than the role was granted: it is "Permissions management" in the AWS Service Authorization Reference: it changes who may do what; ${ESCALATION}`,
                `targetRoles.log-reader.permissions.statements[0].Action = "iam:passrole": expected no action that can grant more privilege; iam:passrole can gain more privilege than the role was granted: hands a role to a service, which then acts with that role's permissions; ${ESCALATION}`,
                `targetRoles.log-reader.permissions.statements[0].Action = "sts:AssumeRole": expected no action that can grant more privilege; sts:AssumeRole can gain more privilege than the role was granted: assumes further roles, and acts with their permissions; ${ESCALATION}`,
                `targetRoles.log-reader.permissions.statements[0].Action = "ec2:RunInstances": expected no action that can grant more privilege; ec2:RunInstances can gain more privilege than the role was granted: runs an instance with any instance profile it may pass; ${ESCALATION}`,
            ],
        },
        {
            rule: "a wildcard action that expands to privileged actions, even with allowWildcardActions",
            change: (c) => (role(c).permissions = { allowWildcardActions: true, statements: [{ Effect: "Allow", Action: "iam:*", Resource: ROLE_IN_A }] }),
            messages: [
                `targetRoles.log-reader.permissions.statements[0].Action = "iam:*": expected no action that can grant more privilege; iam:* includes iam:AddUserToGroup, iam:AttachGroupPolicy, iam:AttachRolePolicy and 28 more, through which a role can gain more privilege than it was granted; ${ESCALATION}`,
            ],
        },
        {
            rule: "broad AWS managed policies (AdministratorAccess, AmazonS3FullAccess); ReadOnlyAccess is attached as given",
            change: (c) =>
                (role(c).permissions.managedPolicyArns = [
                    "arn:aws:iam::aws:policy/AdministratorAccess",
                    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
                    "arn:aws:iam::aws:policy/ReadOnlyAccess",
                ]),
            messages: [
                `targetRoles.log-reader.permissions.managedPolicyArns[0] = "arn:aws:iam::aws:policy/AdministratorAccess": expected no broad AWS managed policy: AdministratorAccess grants whole services on every resource, so the role could reach far more than the named resources (and, through IAM, grant itself anything); ${ESCALATION}`,
                `targetRoles.log-reader.permissions.managedPolicyArns[1] = "arn:aws:iam::aws:policy/AmazonS3FullAccess": expected no broad AWS managed policy: AmazonS3FullAccess grants whole services on every resource, so the role could reach far more than the named resources (and, through IAM, grant itself anything); ${ESCALATION}`,
            ],
        },
    ]);

    it("accepts privileged actions in a Deny, and everything behind the loud opt-out", () => {
        const deny = baseConfig();
        role(deny).permissions.statements = [{ Effect: "Deny", Action: ["iam:PutRolePolicy", "iam:PassRole"], Resource: ROLE_IN_A }];
        assert.deepEqual(problemsOf(deny), []);
        const optOut = baseConfig();
        role(optOut).permissions = {
            unsafeAllowPrivilegeEscalation: true,
            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            statements: [{ Effect: "Allow", Action: "iam:PassRole", Resource: ROLE_IN_A }],
        };
        assert.deepEqual(problemsOf(optOut), []);
    });

    it("knows the Permissions-management actions from iam-data and the hand-kept paths, case-insensitively", () => {
        assert.ok(escalationReason("s3:PutBucketPolicy")?.includes("Permissions management"));
        assert.ok(escalationReason("KMS:PutKeyPolicy")?.includes("Permissions management"));
        assert.equal(escalationReason("iam:CreateAccessKey"), "mints long-term keys for another user");
        assert.equal(escalationReason("s3:GetObject"), undefined);
        assert.deepEqual(privilegedActionsMatching("iam:Pass?ole"), ["iam:PassRole"]);
        assert.deepEqual(privilegedActionsMatching("s3:Get*"), []);
        assert.ok(privilegedActionsMatching("*").length > 400);
    });
});

describe("class 4: a guard that narrows nothing is not a guard", () => {
    rejectsEach([
        {
            rule: "principalOrgId alone does not narrow a trust of B's whole account",
            change: (c) => {
                c.sources.ops = { kind: "account-root" };
                role(c).trustedSources = [{ source: "ops", principalOrgId: "o-a1b2c3d4e5" }];
            },
            messages: [
                "targetRoles.log-reader.trustedSources[0]: account-root source ops trusts every principal that account B's admins allow; add externalId: true or mfa: true (principalOrgId narrows nothing here: every principal of account B is in B's organization), or set unsafeAllowUnconditionalAccountTrust: true to accept that",
            ],
        },
    ]);
});

describe("class 5: an entry may tighten its role's conditions, never quietly loosen them", () => {
    const people = (c: Mutable) => {
        c.sources.ops = { kind: "user" };
        c.sources.job = { kind: "service-role", service: "ecs-tasks" };
    };
    rejectsEach([
        {
            rule: "an entry's MFA age older than the role's",
            change: (c) => {
                people(c);
                role(c).trustConditions = { mfa: { maxAgeSeconds: 600 } };
                role(c).trustedSources = [{ source: "ops", mfa: { maxAgeSeconds: 3600 } }];
            },
            messages: [
                `targetRoles.log-reader.trustedSources[0].mfa.maxAgeSeconds = 3600: expected at most 600 seconds: an entry may only tighten the role's trustConditions (mfa.maxAgeSeconds 600); ${TIGHTEN}`,
            ],
        },
        {
            rule: "an entry's source identity not required where the role requires one",
            change: (c) => {
                role(c).trustConditions = { sourceIdentity: { required: true } };
                role(c).trustedSources = [{ source: "log-shipper", sourceIdentity: { required: false } }];
            },
            messages: [
                `targetRoles.log-reader.trustedSources[0].sourceIdentity.required = false: expected true: an entry may only tighten the role's trustConditions (sourceIdentity.required); ${TIGHTEN}`,
            ],
        },
        {
            rule: "an entry's allow-list outside the role's",
            change: (c) => {
                role(c).trustConditions = { sourceIdentity: { allowed: ["nightly-*"] }, sessionTags: { allowedKeys: ["team"] } };
                role(c).trustedSources = [{ source: "log-shipper", sourceIdentity: { allowed: ["any-*"] }, sessionTags: { allowedKeys: ["team", "admin"] } }];
            },
            messages: [
                `targetRoles.log-reader.trustedSources[0].sourceIdentity.allowed = ["any-*"]: expected values from the role's list (nightly-*), not any-*: an entry may only tighten the role's trustConditions (allowed); ${TIGHTEN}`,
                `targetRoles.log-reader.trustedSources[0].sessionTags.allowedKeys = ["team","admin"]: expected values from the role's list (team), not admin: an entry may only tighten the role's trustConditions (allowedKeys); ${TIGHTEN}`,
            ],
        },
        {
            rule: "an entry replacing the role's organization",
            change: (c) => {
                people(c);
                role(c).trustConditions = { principalOrgId: "o-a1b2c3d4e5" };
                role(c).trustedSources = ["log-shipper", { source: "ops", principalOrgId: "o-0000000000" }];
            },
            messages: [
                'targetRoles.log-reader.trustedSources[1].principalOrgId = "o-0000000000": expected o-a1b2c3d4e5, the organization the role\'s trustConditions require: an entry may not replace it',
            ],
        },
        {
            rule: "an empty allow-list, which would write no condition (anything)",
            change: (c) => (role(c).trustConditions = { sessionTags: { allowedKeys: [] }, sourceIdentity: { allowed: [] } }),
            messages: [
                "targetRoles.log-reader.trustConditions.sourceIdentity.allowed = []: expected a non-empty list: an empty list would write no condition, which lets every identity through; leave the key out, or write the condition as false",
                "targetRoles.log-reader.trustConditions.sessionTags.allowedKeys = []: expected a non-empty list: an empty list would write no condition, which lets every tag key through; leave the key out, or write the condition as false",
            ],
        },
        {
            rule: "a source identity pattern that matches everything",
            change: (c) => (role(c).trustConditions = { sourceIdentity: { allowed: ["**"] } }),
            messages: [
                'targetRoles.log-reader.trustConditions.sourceIdentity.allowed = ["**"]: expected no pattern that matches every identity (**): it narrows nothing; leave the key out to accept any',
            ],
        },
    ]);

    it("mfa: true, sourceIdentity: true and sessionTags: true on an entry keep the role's age, allow-list and keys", () => {
        const c: Mutable = baseConfig();
        c.sources.ops = { kind: "user" };
        role(c).trustConditions = {
            mfa: { maxAgeSeconds: 600 },
            sourceIdentity: { required: true, allowed: ["nightly-*"] },
            sessionTags: { allowedKeys: ["team"] },
        };
        role(c).trustedSources = [
            { source: "log-shipper", mfa: false },
            { source: "ops", mfa: true, sourceIdentity: true, sessionTags: true },
        ];
        const cfg = parseConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "o" });
        assert.deepEqual(cfg.targetRoles[0].trustedSources[1], {
            source: "ops",
            conditions: {
                externalId: false,
                unsafeAllowUnconditionalAccountTrust: false,
                mfa: { maxAgeSeconds: 600 },
                sourceIdentity: { required: true, allowed: ["nightly-*"] },
                sessionTags: { allowedKeys: ["team"] },
            },
            relaxed: [],
        });
    });

    it("dropping a role's condition is explicit (mfa: false) and reported in the outputs as relaxedFromRole", async () => {
        const c: Mutable = baseConfig();
        c.sources.ops = { kind: "user" };
        role(c).trustConditions = { mfa: { maxAgeSeconds: 900 } };
        role(c).trustedSources = [{ source: "log-shipper", mfa: false }, "ops"];
        const { a } = await renderBoth(c);
        const trusted = (a.outputs.roles as any)["log-reader"].trustedSources;
        assert.deepEqual(
            trusted.map((t: any) => [t.source, t.mfaMaxAgeSeconds, t.relaxedFromRole]),
            [
                ["log-shipper", undefined, ["mfa"]],
                ["ops", 900, undefined],
            ],
        );
    });
});

describe("class 6: no message shows a secret, whatever its shape", () => {
    const vendor = (c: Mutable, id: string) => {
        role(c).trustedSources = [{ source: "log-shipper", externalId: true }];
        c.externalIds = { "log-reader": id };
    };
    const OTHER_TEXT =
        "externalIds.log-reader: the ExternalId is also other text of this config (a name, an id or another value): hiding it in messages and outputs would hide that text too, and so tell a reader the secret; choose one that appears nowhere else, e.g. `openssl rand -hex 16`";
    rejectsEach([
        {
            rule: "externalIds set as one string (--secret without --path) is shown as its length only",
            stack: "account-a",
            change: (c) => (c.externalIds = "MyClearSecret123"),
            messages: ["externalIds = [secret, 16 characters]: expected an object"],
        },
        {
            rule: "an ExternalId given as a list or an object is shown as its shape only",
            stack: "account-a",
            change: (c) => {
                role(c).trustedSources = [{ source: "log-shipper", externalId: true }];
                c.externalIds = { "log-reader": ["MyClearSecret123"] };
            },
            messages: ["externalIds.log-reader = [secret, a list of 1 item]: expected a string (set it with `pulumi config set --secret --path`)"],
        },
        {
            rule: "an ExternalId equal to the region, an account id or a role name",
            stack: "account-a",
            change: (c) => {
                vendor(c, "eu-west-1");
                c.targetRoles["second"] = { trustedSources: [{ source: "log-shipper", externalId: true }], permissions: { s3ListAllBuckets: true } };
                c.targetRoles["third"] = { trustedSources: [{ source: "log-shipper", externalId: true }], permissions: { s3ListAllBuckets: true } };
                c.externalIds = { "log-reader": "eu-west-1", second: "222222222222", third: "log-reader" };
            },
            messages: [OTHER_TEXT, OTHER_TEXT.replace("log-reader:", "second:"), OTHER_TEXT.replace("log-reader:", "third:")],
        },
        {
            rule: "one role's ExternalId in plain text, though another role's is secret (each value is checked)",
            stack: "account-a",
            secretKeys: [`${PROJECT}:externalIds`, `${PROJECT}:externalIds.log-reader`],
            change: (c) => {
                vendor(c, "tenant-1234");
                c.targetRoles["second"] = { trustedSources: [{ source: "log-shipper", externalId: true }], permissions: { s3ListAllBuckets: true } };
                c.externalIds.second = "tenant-5678";
            },
            messages: [
                "externalIds.second: stored in plain text in the stack's config; an ExternalId must be a Pulumi secret: `pulumi config set --secret --path 'externalIds.second' <value>`",
            ],
        },
    ]);

    it("no message of any rejected case above holds the secret", () => {
        for (const id of ["MyClearSecret123", "tenant-5678"]) {
            const c = baseConfig();
            c.externalIds = { "log-reader": { nested: [id] }, other: id, [id]: id };
            for (const p of problemsOf(c)) assert.ok(!p.includes(`"${id}"`) && !p.includes(`= ${id}`), p);
        }
    });
});

describe("class 8: names IAM treats as equal, and names JavaScript cannot hold", () => {
    rejectsEach([
        {
            rule: "two roles of A whose names differ only in case",
            change: (c) => (c.targetRoles["Log-Reader"] = JSON.parse(JSON.stringify(role(c)))),
            messages: [
                "targetRoles.Log-Reader: role name Log-Reader differs from that of targetRoles.log-reader only in case; IAM role names are unique regardless of case, so the account cannot hold both: rename one",
            ],
        },
        {
            rule: "two users of B whose names differ only in case",
            change: (c) => {
                c.sources.ops = { kind: "user" };
                c.sources.OPS = { kind: "user" };
                role(c).trustedSources = ["log-shipper", "ops", "OPS"];
            },
            messages: [
                "sources.OPS: user name OPS differs from that of sources.ops only in case; IAM user names are unique regardless of case, so the account cannot hold both: rename one",
            ],
        },
        {
            rule: "a path with an empty segment (/a//b/)",
            change: (c) => (role(c).path = "/a//b/"),
            messages: [
                'targetRoles.log-reader.path = "/a//b/": expected an IAM path of at most 512 characters that starts and ends with "/", without "//", e.g. /cross-account/',
            ],
        },
        {
            rule: "__proto__ as a source, a role or a tag name",
            change: (c) => {
                c.sources = JSON.parse('{"__proto__": {"kind": "user"}, "log-shipper": {"kind": "service-role", "path": "/cross-account/"}}');
                role(c).tags = JSON.parse('{"__proto__": "x"}');
                c.targetRoles = {
                    ...JSON.parse('{"__proto__": {"trustedSources": ["log-shipper"], "permissions": {"s3ListAllBuckets": true}}}'),
                    ...c.targetRoles,
                };
            },
            messages: [
                "sources.__proto__: the name __proto__ cannot be used: JavaScript objects (Pulumi's stack outputs among them) read it as the prototype, so the entry would be dropped without a word; choose another name",
                "targetRoles.__proto__: the name __proto__ cannot be used: JavaScript objects (Pulumi's stack outputs among them) read it as the prototype, so the entry would be dropped without a word; choose another name",
                "targetRoles.log-reader.tags.__proto__: the name __proto__ cannot be used: JavaScript objects (Pulumi's stack outputs among them) read it as the prototype, so the entry would be dropped without a word; choose another name",
            ],
        },
        {
            rule: "an unquoted account id that YAML read as a number, losing its leading zero, says to quote it",
            change: (c) => (c.sourceAccountId = 12345678901),
            messages: [
                'sourceAccountId = "12345678901": expected a 12-digit AWS account id; 12345678901 has 11 digits: an id that starts with 0 must be quoted in YAML ("012345678901"), which otherwise reads it as a number and drops the leading zeros',
            ],
        },
    ]);
});

describe("class 11: account-b's outputs are checked as strictly as config", () => {
    const cfg = parseConfig(flatten(baseConfig()), { project: PROJECT, stack: "account-a", organization: "organization" });
    const shipper = "arn:aws:iam::222222222222:role/cross-account/log-shipper";
    const reader = "arn:aws:iam::111111111111:role/cross-account/log-reader";
    const good = { kind: "service-role", arns: [shipper], uniqueIds: ["AROAABCDEFGHIJKLMNOPQ"], assumableRoleArns: [reader] };
    const resolve = (source: unknown, sources?: unknown) =>
        resolveSourcesFromStack(cfg, { sources: sources ?? { "log-shipper": source }, sourceAccountId: "222222222222" }).problems;
    const ref = "stack organization/cross-account-iam/account-b";
    const update = "update account-b first (pulumi up -s account-b), then run pulumi up -s account-a again";

    it("accepts outputs as account-b writes them", () => assert.deepEqual(resolve(good), []));

    it('refuses assumableRoleArns holding "*", even beside the exact ARN', () => {
        assert.deepEqual(resolve({ ...good, assumableRoleArns: ["*", reader] }), [
            `${ref}: output sources.log-shipper.assumableRoleArns = ["*","${reader}"]: expected a list of exact role ARNs (no * or ?): account B's grant names exact roles; ${update}`,
        ]);
    });

    it('refuses unique ids that are "*" or not IAM unique ids of the kind', () => {
        for (const ids of [["*"], ["not-an-id"], ["AIDAABCDEFGHIJKLMNOPQ"]]) {
            assert.equal(resolve({ ...good, uniqueIds: ids }).length, 1, JSON.stringify(ids));
        }
    });

    it("refuses arns with a number mixed in, instead of dropping it", () => {
        assert.deepEqual(resolve({ ...good, arns: [5, shipper] }), [
            `${ref}: output sources.log-shipper.arns = [5,"${shipper}"]: expected a list of exact role or user ARNs (no * or ?); ${update}`,
        ]);
    });

    it("refuses sources wrapped in __proto__, or reached through a prototype", () => {
        const wrapped = JSON.parse(`{"__proto__": {"log-shipper": ${JSON.stringify(good)}}}`);
        assert.deepEqual(resolve(undefined, wrapped), [
            `${ref}: output "sources" has the key __proto__, which no source may be named; ${update}`,
            `${ref} exports no source "log-shipper" (trusted in trust mode principal by log-reader); ${update}`,
        ]);
        const inherited = Object.create({ "log-shipper": good }) as Record<string, unknown>;
        assert.deepEqual(resolve(undefined, inherited), [
            `${ref}: output "sources" has the key (a prototype), which no source may be named; ${update}`,
            `${ref} exports no source "log-shipper" (trusted in trust mode principal by log-reader); ${update}`,
        ]);
    });
});

// The bad cases above also run through the real program under mocks (rejectsEach): BadCase is exported for that.
export type { BadCase };
