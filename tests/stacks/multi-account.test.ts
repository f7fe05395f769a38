/**
 * Named accounts (issue 16) rendered from examples/multi-account's files exactly as `npm start` does,
 * and one stack per account under mocks: the grant names the exact role ARN in every account a role
 * is deployed to, each target stack reads one StackReference per source account it needs, and the
 * access report proves the CI source may assume the deployer role in each listed account and not in
 * an unlisted one.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main, reportFor } from "../../tools/render/main";
import { RenderedStack, defaultNamedStacks, renderStacks } from "../../tools/render/stacks";
import type { RecordedResource } from "../../tools/shared/mock-runtime";
import { doc, render, resource } from "../support/harness";

const DIR = path.join(__dirname, "..", "..", "examples", "multi-account");
const ACCOUNTS = { tooling: "222222222222", dev: "333333333333", staging: "444444444444", prod: "111111111111", sandbox: "666666666666" };
const DEPLOYER = (account: string) => `arn:aws:iam::${account}:role/cross-account/deployer`;

function stackNamed(rendered: readonly RenderedStack[], stack: string): RenderedStack {
    const found = rendered.find((r) => r.stack === stack);
    if (!found) throw new Error(`not rendered: ${stack} (have ${rendered.map((r) => r.stack).join(", ")})`);
    return found;
}

const aws = (r: RenderedStack): string[] =>
    r.result.resources
        .filter((x: RecordedResource) => x.type.startsWith("aws:"))
        .map((x) => `${x.type} ${x.name}`)
        .sort();

describe("named accounts: examples/multi-account (issue 16)", () => {
    let rendered: RenderedStack[];
    before(async () => {
        rendered = await renderStacks(DIR, defaultNamedStacks(DIR)!);
    });

    it("npm start renders every account's stack that has a stack file, in deploy order: tooling (the sources) first", () => {
        assert.deepEqual(defaultNamedStacks(DIR), ["tooling", "dev", "staging", "prod"]);
        assert.deepEqual(
            rendered.map((r) => [r.stack, r.side, r.accountId]),
            [
                ["tooling", "source", ACCOUNTS.tooling],
                ["dev", "target", ACCOUNTS.dev],
                ["staging", "target", ACCOUNTS.staging],
                ["prod", "target", ACCOUNTS.prod],
            ],
        );
    });

    it("tooling's CI role may assume exactly deployer in dev, staging and prod: three exact ARNs, never a wildcard", () => {
        const tooling = stackNamed(rendered, "tooling");
        assert.deepEqual(aws(tooling), [
            "aws:iam/role:Role backup-job-role",
            "aws:iam/role:Role ci-role",
            "aws:iam/rolePolicy:RolePolicy backup-job-assume-target-roles",
            "aws:iam/rolePolicy:RolePolicy ci-assume-target-roles",
        ]);
        assert.deepEqual(doc(resource(tooling.result, "aws:iam/rolePolicy:RolePolicy", "ci-assume-target-roles"), "policy"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AssumeTargetRoles",
                    Effect: "Allow",
                    Action: "sts:AssumeRole",
                    Resource: [DEPLOYER(ACCOUNTS.dev), DEPLOYER(ACCOUNTS.staging), DEPLOYER(ACCOUNTS.prod)],
                },
            ],
        });
        assert.deepEqual(doc(resource(tooling.result, "aws:iam/rolePolicy:RolePolicy", "backup-job-assume-target-roles"), "policy"), {
            Version: "2012-10-17",
            Statement: [{ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${ACCOUNTS.prod}:role/table-backup` }],
        });
        assert.equal(
            resource(tooling.result, "aws:iam/role:Role", "ci-role").inputs.description,
            "Runs on ecs-tasks; may only assume roles of accounts dev, staging, prod",
        );
        assert.equal(tooling.result.outputs.account, "tooling");
        assert.equal(tooling.result.outputs.sourceAccountId, ACCOUNTS.tooling);
    });

    it("each account gets its own deployer, trusting tooling's CI role by ARN, its permissions naming that account only", () => {
        for (const stack of ["dev", "staging", "prod"] as const) {
            const r = stackNamed(rendered, stack);
            const id = ACCOUNTS[stack];
            const trust = doc(resource(r.result, "aws:iam/role:Role", "deployer-role"), "assumeRolePolicy");
            assert.equal(trust.Statement.length, 1);
            assert.deepEqual(trust.Statement[0].Principal, { AWS: `arn:aws:iam::${ACCOUNTS.tooling}:role/ci/ci` });
            assert.match(String(trust.Statement[0].Sid), /^TrustCiRev[0-9a-f]{10}$/);
            const permissions = JSON.stringify(doc(resource(r.result, "aws:iam/rolePolicy:RolePolicy", "deployer-permissions"), "policy"));
            assert.ok(permissions.includes(`arn:aws:logs:eu-west-1:${id}:log-group:/app/deploy`), stack);
            for (const other of Object.values(ACCOUNTS).filter((a) => a !== id)) assert.ok(!permissions.includes(other), `${stack} names ${other}`);
            assert.deepEqual((r.result.outputs.roles as Record<string, { arn: string }>).deployer.arn, DEPLOYER(id));
            assert.deepEqual(r.result.outputs.sourceStacks, { tooling: "organization/cross-account-iam-multi-account/tooling" });
        }
        assert.deepEqual(aws(stackNamed(rendered, "dev")), ["aws:iam/role:Role deployer-role", "aws:iam/rolePolicy:RolePolicy deployer-permissions"]);
    });

    it("the access report: CI assumes deployer in each listed account, and not in sandbox, where no deployer is deployed", async () => {
        const report = await reportFor(rendered);
        assert.ok(report);
        assert.deepEqual(
            report.roles.flatMap((r) => r.checks.filter((c) => c.result !== "PASS").map((c) => `${r.arn}: ${c.title}: ${c.why}`)),
            [],
        );
        assert.deepEqual(
            report.roles.map((r) => r.arn),
            [DEPLOYER(ACCOUNTS.dev), DEPLOYER(ACCOUNTS.staging), DEPLOYER(ACCOUNTS.prod), `arn:aws:iam::${ACCOUNTS.prod}:role/table-backup`],
        );
        const rows = (arn: string) =>
            report.roles
                .find((r) => r.arn === arn)!
                .checks.filter((c) => c.source === "ci" && (c.kind === "trusted-source" || c.kind === "other-account"))
                .map((c) => [c.expect, c.decision, c.resource, c.title]);
        for (const account of [ACCOUNTS.dev, ACCOUNTS.staging, ACCOUNTS.prod]) {
            assert.deepEqual(rows(DEPLOYER(account)), [
                ["allow", "Allowed", DEPLOYER(account), "role /ci/ci assumes deployer (no condition required)"],
                [
                    "deny",
                    "ImplicitlyDenied",
                    DEPLOYER(ACCOUNTS.sandbox),
                    "role /ci/ci cannot assume deployer in account sandbox (666666666666), where the role is not deployed (its identity policy names its exact ARNs)",
                ],
            ]);
        }
        assert.deepEqual(report.vocabulary.problems, []);
        assert.ok(report.ok);
    });

    it("npm start writes one file per account's stack and exits 0", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "multi-account-"));
        let stdout = "";
        const code = await main(
            ["--dir", DIR, "--out", out],
            (s) => (stdout += s),
            (s) => (stdout += s),
        );
        assert.equal(code, 0, stdout);
        assert.deepEqual(fs.readdirSync(out).sort(), ["access.html", "dev.json", "prod.json", "staging.json", "tooling.json"]);
        assert.match(stdout, /\n\d+ checks: \d+ passed, all pass\./);
    });
});

describe("named accounts: StackReferences, one per source account a target stack needs", () => {
    const config = () => ({
        accounts: { tooling: "222222222222", ops: "555555555555", prod: "111111111111" },
        sources: {
            ci: { kind: "service-role", service: "ecs-tasks", account: "tooling" },
            oncall: { kind: "user", account: "ops" },
            job: { kind: "service-role", service: "lambda", account: "ops" },
        },
        targetRoles: {
            deployer: { accounts: ["prod"], trustedSources: ["ci", { source: "oncall", mfa: true }], permissions: { logsRead: { logGroups: ["/a"] } } },
            backup: { accounts: ["prod"], trustMode: "principal-arn", trustedSources: ["job"], permissions: { logsRead: { logGroups: ["/b"] } } },
        },
        "aws:region": "eu-west-1",
    });

    it("prod reads tooling's and ops's stacks once each, by `stacks` names, and trusts each principal in its own account", async () => {
        const c = { ...config(), stacks: { ops: "operations" } };
        const tooling = await render(c, { stack: "tooling", accountId: "222222222222" });
        const ops = await render(c, { stack: "operations", accountId: "555555555555" });
        assert.equal(tooling.error, undefined);
        assert.equal(ops.error, undefined);
        const read: string[] = [];
        const known: Record<string, { outputs: Record<string, unknown> }> = {
            "organization/cross-account-iam/tooling": { outputs: tooling.outputs },
            "organization/cross-account-iam/operations": { outputs: ops.outputs },
        };
        const references = new Proxy(known, {
            get: (target, name: string) => {
                read.push(name);
                return target[name];
            },
        });
        const prod = await render(c, { stack: "prod", accountId: "111111111111", references });
        assert.equal(prod.error, undefined);
        assert.deepEqual(read.sort(), ["organization/cross-account-iam/operations", "organization/cross-account-iam/tooling"]);
        const principals = doc(resource(prod, "aws:iam/role:Role", "deployer-role"), "assumeRolePolicy").Statement.map((s) => s.Principal);
        assert.deepEqual(principals, [{ AWS: "arn:aws:iam::222222222222:role/ci" }, { AWS: "arn:aws:iam::555555555555:user/oncall" }]);
        assert.deepEqual(prod.outputs.sourceStacks, {
            tooling: "organization/cross-account-iam/tooling",
            ops: "organization/cross-account-iam/operations",
        });
    });

    it("a stack whose roles are all in trust mode principal-arn reads no stack, so it can deploy first", async () => {
        const c = config();
        delete (c.targetRoles as Record<string, unknown>).deployer;
        const read: string[] = [];
        const references = new Proxy(
            {},
            {
                get: (_t, name: string) => {
                    read.push(name);
                    return undefined;
                },
            },
        );
        const prod = await render(c, { stack: "prod", accountId: "111111111111", references });
        assert.equal(prod.error, undefined);
        assert.deepEqual(read, []);
        assert.equal(prod.outputs.sourceStacks, undefined);
    });

    it("a source stack reporting another account id is refused, naming the stack and what to run", async () => {
        const c = config();
        const tooling = await render(c, { stack: "tooling", accountId: "222222222222" });
        const ops = await render(c, { stack: "ops", accountId: "555555555555" });
        const prod = await render(c, {
            stack: "prod",
            accountId: "111111111111",
            references: {
                "organization/cross-account-iam/tooling": { outputs: { ...tooling.outputs, sourceAccountId: "999999999999" } },
                "organization/cross-account-iam/ops": { outputs: ops.outputs },
            },
        });
        assert.ok(prod.error);
        const problems = (prod.error as { problems?: string[] }).problems;
        assert.deepEqual(problems, [
            'stack organization/cross-account-iam/tooling: output "sourceAccountId" is "999999999999" but account tooling is 222222222222 here; every stack must read accounts from Pulumi.yaml',
        ]);
    });
});
