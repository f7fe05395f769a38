/**
 * With named accounts there is no account A or B: the source outputs' notes and the access report's rows name each
 * account as every other named-account message does, `account tooling (222222222222)` (describeAccount). The
 * two-account wording is unchanged (the exact-message tests of the two-account layout and the golden files hold it).
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import { buildAccessReport } from "../../tools/access-report/report";
import { flatten, render } from "../support/harness";

type Mutable = Record<string, any>;

const TOOLING = "222222222222";
const DEV = "333333333333";
const PROD = "111111111111";
const ctx = (stack: string) => ({ project: "cross-account-iam", organization: "organization", stack });

function config(): Mutable {
    return {
        accounts: { tooling: TOOLING, dev: DEV, prod: PROD },
        sources: {
            deploy: { kind: "oidc-role", account: "tooling", github: { repository: "acme/app", branch: "main" } },
            ops: { kind: "group", account: "tooling", name: "ops", members: ["alice"] },
            legacy: { kind: "existing", account: "tooling", arns: [`arn:aws:iam::${TOOLING}:role/legacy-app`] },
        },
        targetRoles: {
            deployer: {
                accounts: ["dev", "prod"],
                trustedSources: ["deploy", { source: "ops", mfa: true }, "legacy"],
                permissions: { logsRead: { logGroups: ["/app/deploy"] } },
            },
        },
        "aws:region": "eu-west-1",
    };
}

/** Wording of the two-account layout: a bare A or B, or A's / B's. */
const TWO_ACCOUNT_WORDING = /\b(?:of|in) (?:account )?[AB](?![\w-])|\b[AB]'s\b/;

describe("named accounts: outputs and access report rows name accounts, never A or B", () => {
    it("an oidc-role source's role-chaining note speaks of the roles it is granted, not of account A", async () => {
        const tooling = await render(config(), { stack: "tooling", accountId: TOOLING });
        assert.equal(tooling.error, undefined);
        const out = (tooling.outputs.sources as Record<string, Record<string, unknown>>).deploy;
        assert.deepEqual(out.notes, [
            "Role chaining: the CI job's session of this role is a role session, so assuming the roles it is granted from it is role chaining, which AWS caps at 1 hour (3600 s) whatever a role's maxSessionDuration says.",
        ]);
    });

    it("the client config of dev names dev and tooling with their ids", async () => {
        const tooling = await render(config(), { stack: "tooling", accountId: TOOLING });
        const dev = await render(config(), {
            stack: "dev",
            accountId: DEV,
            references: { "organization/cross-account-iam/tooling": { outputs: tooling.outputs } },
        });
        assert.equal(dev.error, undefined);
        const ops = (dev.outputs.clientConfig as Record<string, any>).deployer.sources.ops;
        assert.ok(
            ops.notes.includes(
                `For the members of group ops this program adds (alice), and any other user of account tooling (${TOOLING}) that its admins put in it.`,
            ),
            ops.notes.join("\n"),
        );
        const texts = [...ops.notes, ops.awsConfigProfile as string];
        assert.ok(
            texts.some((t) => t.includes(`so CloudTrail in account dev (${DEV}) tells people apart`)),
            texts.join("\n"),
        );
        for (const t of texts) assert.doesNotMatch(t, TWO_ACCOUNT_WORDING);
    });

    it("the access report of dev: every row, note and dependency names tooling and dev, for every source kind it holds", async () => {
        const tooling = await render(config(), { stack: "tooling", accountId: TOOLING });
        const dev = await render(config(), {
            stack: "dev",
            accountId: DEV,
            references: { "organization/cross-account-iam/tooling": { outputs: tooling.outputs } },
        });
        const report = await buildAccessReport({
            config: parseConfig(flatten(config()), ctx("dev")),
            sourceResources: new Map([["tooling", tooling.resources]]),
            targetResources: dev.resources,
            secretValues: [],
            stacks: [],
        });
        assert.equal(report.failed, 0);
        const checks = report.roles.flatMap((r) => r.checks);
        const titles = checks.map((c) => c.title);
        for (const row of [
            `another role of account tooling (${TOOLING}) (role/some-other-role) with the same request is refused`,
            `a GitHub Actions job of acme/app (sub repo:acme/app:ref:refs/heads/main) becomes role /deploy of account tooling (${TOOLING})`,
            `existing arn:aws:iam::${TOOLING}:role/legacy-app cannot assume another role of account dev (${DEV}) (/other-role)`,
            `dev's trust lets existing arn:aws:iam::${TOOLING}:role/legacy-app assume deployer (no condition required)`,
            `any IAM user of account tooling (${TOOLING}) granted AssumeRole (user/not-in-ops of account tooling (${TOOLING})) assumes deployer: a trust policy cannot check group membership`,
        ])
            assert.ok(titles.includes(row), `${row}\nnot in\n${titles.join("\n")}`);
        assert.ok(
            titles.some(
                (t) => /^a token .* role \/deploy of account tooling \(222222222222\)/.test(t) || t.includes(`role /deploy of account tooling (${TOOLING})`),
            ),
            titles.join("\n"),
        );
        const texts = [...titles, ...checks.flatMap((c) => [c.note ?? "", ...(c.dependsOn ?? [])])];
        assert.ok(
            texts.includes(
                `account tooling (${TOOLING})'s identity policy for existing arn:aws:iam::${TOOLING}:role/legacy-app (managed outside this program)`,
            ),
        );
        assert.deepEqual(
            texts.filter((t) => TWO_ACCOUNT_WORDING.test(t)),
            [],
        );
    });
});
