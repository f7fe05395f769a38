/**
 * A `federated-role` source with named accounts: roles of the source's own account (by exact ARN, or by path and
 * name pattern), trusted by the role in every account it is deployed to; the grant is not ours to write (the IdP's
 * roles), so the outputs give the ARNs for that account's admins. The access report proves it per (role, account).
 */
import { strict as assert } from "assert";
import { parseConfig, validateConfig } from "../../lib/config/read";
import type { PolicyDocument } from "../../lib/model/policy";
import { buildAccessReport } from "../../tools/access-report/report";
import { editPolicy, failures } from "../support/access-report";
import { flatten, render } from "../support/harness";

type Mutable = Record<string, any>;

const IDENTITY = "222222222222";
const TOOLING = "444444444444";
const DEV = "333333333333";
const PROD = "111111111111";
const ctx = (stack: string) => ({ project: "cross-account-iam", organization: "organization", stack });

function config(): Mutable {
    return {
        accounts: { identity: IDENTITY, tooling: TOOLING, dev: DEV, prod: PROD },
        sources: {
            admins: { kind: "federated-role", account: "identity", arns: [`arn:aws:iam::${IDENTITY}:role/okta/Admins`] },
            analysts: { kind: "federated-role", account: "identity", path: "/okta/", namePattern: "analyst-*" },
            ci: { kind: "service-role", service: "ecs-tasks", account: "tooling" },
        },
        targetRoles: {
            reader: { accounts: ["dev", "prod"], trustedSources: ["admins", "analysts"], permissions: { logsRead: { logGroups: ["/app/x"] } } },
            deployer: { accounts: ["dev"], trustedSources: ["ci"], permissions: { logsRead: { logGroups: ["/app/deploy"] } } },
            shared: { accounts: ["dev"], trustedSources: ["admins", "ci"], permissions: { logsRead: { logGroups: ["/app/shared"] } } },
        },
        "aws:region": "eu-west-1",
    };
}

async function rendered() {
    const identity = await render(config(), { stack: "identity", accountId: IDENTITY });
    const tooling = await render(config(), { stack: "tooling", accountId: TOOLING });
    const references = {
        "organization/cross-account-iam/identity": { outputs: identity.outputs },
        "organization/cross-account-iam/tooling": { outputs: tooling.outputs },
    };
    const dev = await render(config(), { stack: "dev", accountId: DEV, references });
    return { identity, tooling, dev };
}

describe("federated-role with named accounts", () => {
    it("the identity stack creates nothing and outputs the exact role ARNs in dev and prod for its admins to grant", async () => {
        const { identity } = await rendered();
        assert.equal(identity.error, undefined);
        assert.deepEqual(
            identity.resources.map((r) => r.type),
            ["pulumi:pulumi:Stack"],
        );
        const reader = [`arn:aws:iam::${DEV}:role/reader`, `arn:aws:iam::${PROD}:role/reader`];
        const both = [...reader, `arn:aws:iam::${DEV}:role/shared`];
        assert.deepEqual(identity.outputs, {
            side: "source",
            account: "identity",
            sourceAccountId: IDENTITY,
            sources: {
                admins: { kind: "federated-role", arns: [`arn:aws:iam::${IDENTITY}:role/okta/Admins`], uniqueIds: [], assumableRoleArns: both },
                analysts: { kind: "federated-role", arns: [], uniqueIds: [], assumableRoleArns: reader },
            },
            assumableRoleArns: both,
        });
    });

    it("the role in dev trusts the exact ARN, and identity's root narrowed to the pattern: the whole document", async () => {
        const { dev } = await rendered();
        assert.equal(dev.error, undefined);
        const role = dev.resources.find((r) => r.type === "aws:iam/role:Role" && r.inputs.name === "reader")!;
        assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy as string) as PolicyDocument, {
            Version: "2012-10-17",
            Statement: [
                { Sid: "TrustAdmins", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${IDENTITY}:role/okta/Admins` }, Action: "sts:AssumeRole" },
                {
                    Sid: "TrustAnalysts",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` },
                    Action: "sts:AssumeRole",
                    Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${IDENTITY}:role/okta/analyst-*` } },
                },
            ],
        });
    });

    it("the client snippets of dev name the federated session's account", async () => {
        const { dev } = await rendered();
        const cc = dev.outputs.clientConfig as Record<string, { sources: Record<string, { notes: string[] }> }>;
        assert.equal(
            cc.reader.sources.admins.notes[0],
            `Profile admins is your federated session of account identity (${IDENTITY}), as your identity provider's sign-in tool writes it (a SAML role of arn:aws:iam::${IDENTITY}:role/okta/Admins); if it names the profile otherwise, use that name for source_profile and --profile.`,
        );
    });

    it("refuses an ARN of another named account and of another partition, naming the source's account", () => {
        const c = config();
        c.sources.admins.arns = [`arn:aws:iam::${TOOLING}:role/okta/Admins`, `arn:aws-cn:iam::${IDENTITY}:role/okta/Admins`];
        assert.deepEqual(validateConfig(flatten(c), ctx("dev")), [
            `sources.admins.arns[0] = "arn:aws:iam::${TOOLING}:role/okta/Admins": expected a role of account identity (${IDENTITY}) in partition aws, where source admins lives`,
            `sources.admins.arns[1] = "arn:aws-cn:iam::${IDENTITY}:role/okta/Admins": expected a role of account identity (${IDENTITY}) in partition aws, where source admins lives`,
        ]);
    });

    it("refuses a namePattern of *, and a source that names neither form, naming its account", () => {
        const c = config();
        c.sources.analysts.namePattern = "*";
        delete c.sources.admins.arns;
        assert.deepEqual(validateConfig(flatten(c), ctx("dev")), [
            "sources.admins: a federated-role names its roles of account identity (222222222222); set arns (exact role ARNs) or namePattern (with path)",
            'sources.analysts.namePattern = "*": expected a role name pattern of 3 to 64 characters from [A-Za-z0-9+=,.@_-] and *, whose first 3 characters are no * (such as okta-data-*); ? is refused',
        ]);
    });

    it("the access report of dev passes, with the twin rows of named accounts, and fails a trust that lets every role of identity in", async () => {
        const { identity, tooling, dev } = await rendered();
        const input = {
            config: parseConfig(flatten(config()), ctx("dev")),
            sourceResources: new Map([
                ["identity", identity.resources],
                ["tooling", tooling.resources],
            ]),
            targetResources: dev.resources,
            secretValues: [],
            stacks: [],
        };
        const report = await buildAccessReport(input);
        const reader = report.roles.find((r) => r.role === "reader")!;
        assert.deepEqual(
            reader.checks.filter((c) => c.result === "FAIL").map((c) => c.title),
            [],
        );
        const titles = reader.checks.map((c) => `${c.result} ${c.expect} ${c.title}`);
        for (const row of [
            `PASS allow dev's trust lets federated arn:aws:iam::${IDENTITY}:role/okta/Admins assume reader (no condition required)`,
            `PASS allow dev's trust lets federated arn:aws:iam::${IDENTITY}:role/okta/analyst-report assume reader (no condition required)`,
            `PASS deny a role of account identity (${IDENTITY}) whose name only contains the pattern's (arn:aws:iam::${IDENTITY}:role/okta/other-analyst-report) is refused`,
        ])
            assert.ok(titles.includes(row), `${row}\nnot in\n${titles.join("\n")}`);
        // The named-account rows: a source of the config reader does not trust (ci of tooling), granted AssumeRole on *, is refused;
        // shared trusts sources of identity and tooling, so each caller's twin (same path and name) in the other account is refused.
        assert.ok(
            titles.includes("PASS deny source ci (role /ci of account tooling), which reader does not trust, is refused even when granted sts:AssumeRole on *"),
            titles.join("\n"),
        );
        const shared = report.roles.find((r) => r.role === "shared")!;
        // The identity provider's role holds policies identity's admins write, not this program: what else it may assume is UNPROVEN.
        assert.deepEqual(
            shared.checks.filter((c) => c.result !== "PASS").map((c) => `${c.result} ${c.title}`),
            [
                `UNPROVEN federated arn:aws:iam::${IDENTITY}:role/okta/Admins cannot assume another role of account dev (${DEV}) (/other-role)`,
                `UNPROVEN federated arn:aws:iam::${IDENTITY}:role/okta/Admins cannot assume shared in account tooling (${TOOLING}), where the role is not deployed`,
            ],
        );
        assert.deepEqual(
            shared.checks
                .filter((c) => c.kind === "other-principal" && /same name in another account|does not trust/.test(c.title))
                .map((c) => `${c.result} ${c.expect} ${c.title}`),
            [
                `PASS deny federated arn:aws:iam::${TOOLING}:role/okta/Admins of account tooling (${TOOLING}), the same name in another account shared trusts, is refused`,
                `PASS deny role /ci of account identity (${IDENTITY}), the same name in another account shared trusts, is refused`,
                `PASS deny source analysts (federated arn:aws:iam::${IDENTITY}:role/okta/analyst-report of account identity), which shared does not trust, is refused even when granted sts:AssumeRole on *`,
            ],
        );
        const loose = await buildAccessReport({
            ...input,
            targetResources: editPolicy(
                "aws:iam/role:Role",
                dev.resources.find((r) => r.type === "aws:iam/role:Role" && r.inputs.name === "reader")!.name,
                "assumeRolePolicy",
                (d) => {
                    delete d.Statement[1].Condition;
                },
            )(structuredClone(dev.resources)),
        });
        // Without the ArnLike, the pattern's statement trusts every principal of identity: each look-alike gets in.
        assert.deepEqual(failures(loose), [
            `another role of account identity (${IDENTITY}) (role/some-other-role) with the same request is refused => expected deny, got Allowed`,
            `another role of account identity (${IDENTITY}) (role/some-other-role) with the same request is refused => expected deny, got Allowed`,
            `a role of account identity (${IDENTITY}) whose name only contains the pattern's (arn:aws:iam::${IDENTITY}:role/okta/other-analyst-report) is refused => expected deny, got Allowed`,
            `a role of account identity (${IDENTITY}) whose name lacks the pattern's first character (arn:aws:iam::${IDENTITY}:role/okta/nalyst-report) is refused => expected deny, got Allowed`,
            `a role of account identity (${IDENTITY}) of the same name under another path (arn:aws:iam::${IDENTITY}:role/analyst-report) is refused => expected deny, got Allowed`,
        ]);
    });
});
