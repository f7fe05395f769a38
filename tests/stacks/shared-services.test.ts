/**
 * examples/shared-services (issue 16: many sources into one account), rendered from its files exactly as `npm start`
 * does: one role of the shared account, artifact-reader, trusts a service of workload-a and a service of workload-b.
 * The shared stack reads one StackReference per source account (two), the trust names exactly the two principals,
 * and the access report proves each trusted source gets in while a principal of a third account, the same-named role
 * in the other trusted account, and a source of the config the role does not trust are refused. A trust written the
 * lazy way (both accounts' roots, or the roles by name in any account) fails those rows.
 */
import { strict as assert } from "assert";
import * as path from "path";
import program from "../../index";
import type { PolicyDocument } from "../../lib/model/policy";
import { reportFor } from "../../tools/render/main";
import { MOCK_ORGANIZATION, RenderedStack } from "../../tools/render/stacks";
import { renderStack } from "../../tools/shared/mock-runtime";
import { loadStackConfig } from "../../tools/shared/stack-files";
import { renderExampleStacks } from "../support/examples";
import { doc, resource } from "../support/harness";

const DIR = path.join(__dirname, "..", "..", "examples", "shared-services");
const ACCOUNTS = { shared: "555555555555", "workload-a": "777777777777", "workload-b": "888888888888" };
const ORDERS = `arn:aws:iam::${ACCOUNTS["workload-a"]}:role/workloads/orders-service`;
const BILLING = `arn:aws:iam::${ACCOUNTS["workload-b"]}:role/workloads/billing-service`;
const READER = `arn:aws:iam::${ACCOUNTS.shared}:role/shared-services/artifact-reader`;
const PUBLISHER = `arn:aws:iam::${ACCOUNTS.shared}:role/shared-services/artifact-publisher`;
const PROJECT = "cross-account-iam-shared-services";

function stackNamed(rendered: readonly RenderedStack[], stack: string): RenderedStack {
    const found = rendered.find((r) => r.stack === stack);
    if (!found) throw new Error(`not rendered: ${stack} (have ${rendered.map((r) => r.stack).join(", ")})`);
    return found;
}

/** The shared stack's render with artifact-reader's trust policy replaced by `trust`. */
function withReaderTrust(rendered: readonly RenderedStack[], trust: PolicyDocument): RenderedStack[] {
    return rendered.map((r) =>
        r.stack !== "shared"
            ? r
            : {
                  ...r,
                  result: {
                      ...r.result,
                      resources: r.result.resources.map((x) =>
                          x.type === "aws:iam/role:Role" && x.name === "artifact-reader-role"
                              ? { ...x, inputs: { ...x.inputs, assumeRolePolicy: JSON.stringify(trust) } }
                              : x,
                      ),
                  },
              },
    );
}

describe("named accounts: examples/shared-services, one role trusted by two source accounts (issue 16)", () => {
    let rendered: RenderedStack[];
    before(async () => {
        rendered = await renderExampleStacks("shared-services");
    });

    it("renders the two source stacks first, then shared, the one target", () => {
        assert.deepEqual(
            rendered.map((r) => [r.stack, r.side, r.accountId]),
            [
                ["workload-a", "source", ACCOUNTS["workload-a"]],
                ["workload-b", "source", ACCOUNTS["workload-b"]],
                ["shared", "target", ACCOUNTS.shared],
            ],
        );
    });

    it("each workload service may assume exactly artifact-reader in shared; release-ci exactly artifact-publisher", () => {
        const grant = (stack: string, name: string) => doc(resource(stackNamed(rendered, stack).result, "aws:iam/rolePolicy:RolePolicy", name), "policy");
        const exactly = (arn: string) => ({
            Version: "2012-10-17",
            Statement: [{ Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: arn }],
        });
        assert.deepEqual(grant("workload-a", "orders-service-assume-target-roles"), exactly(READER));
        assert.deepEqual(grant("workload-b", "billing-service-assume-target-roles"), exactly(READER));
        assert.deepEqual(grant("workload-a", "release-ci-assume-target-roles"), exactly(PUBLISHER));
    });

    it("artifact-reader's trust names exactly the two principals, each in its own account, in one statement", () => {
        const shared = stackNamed(rendered, "shared");
        const trust = doc(resource(shared.result, "aws:iam/role:Role", "artifact-reader-role"), "assumeRolePolicy");
        assert.equal(trust.Statement.length, 1);
        const [statement] = trust.Statement;
        assert.deepEqual(statement.Principal, { AWS: [ORDERS, BILLING] });
        assert.deepEqual([statement.Effect, statement.Action, statement.Condition], ["Allow", "sts:AssumeRole", undefined]);
        assert.match(String(statement.Sid), /^TrustOrdersServiceAndBillingServiceRev[0-9a-f]{10}$/);
        const reader = (shared.result.outputs.roles as Record<string, { trustedSources: Array<{ source: string; account: string; principalArns: string[] }> }>)[
            "artifact-reader"
        ];
        assert.deepEqual(
            reader.trustedSources.map((t) => [t.source, t.account, t.principalArns]),
            [
                ["orders-service", "workload-a", [ORDERS]],
                ["billing-service", "workload-b", [BILLING]],
            ],
        );
        assert.deepEqual(shared.result.outputs.sourceStacks, {
            "workload-a": `${MOCK_ORGANIZATION}/${PROJECT}/workload-a`,
            "workload-b": `${MOCK_ORGANIZATION}/${PROJECT}/workload-b`,
        });
    });

    it("the shared stack reads exactly one StackReference per source account: workload-a's and workload-b's, once each", async () => {
        const files = loadStackConfig(DIR, "shared");
        const read: string[] = [];
        const known = Object.fromEntries(
            rendered
                .filter((r) => r.side === "source")
                .map((r) => [`${MOCK_ORGANIZATION}/${PROJECT}/${r.stack}`, { outputs: r.result.outputs, secretOutputNames: r.result.secretOutputNames }]),
        );
        const stackReferences = new Proxy(known, {
            get: (target, name: string) => {
                read.push(name);
                return target[name];
            },
        });
        const result = await renderStack({
            project: files.project,
            stack: "shared",
            organization: MOCK_ORGANIZATION,
            config: files.config,
            accountId: ACCOUNTS.shared,
            region: "eu-west-1",
            stackReferences,
            program,
        });
        assert.equal(result.error, undefined);
        assert.deepEqual(read.sort(), [`${MOCK_ORGANIZATION}/${PROJECT}/workload-a`, `${MOCK_ORGANIZATION}/${PROJECT}/workload-b`]);
    });

    it("the access report: both services get in; a third account, each one's same-named role in the other account, and release-ci are refused", async () => {
        const report = await reportFor(rendered);
        assert.ok(report);
        assert.ok(report.ok);
        const reader = report.roles.find((r) => r.arn === READER)!;
        assert.deepEqual(
            reader.checks.filter((c) => c.kind !== "permission" && c.kind !== "outside-permission").map((c) => `${c.result} ${c.expect} ${c.title}`),
            [
                "PASS allow role /workloads/orders-service assumes artifact-reader (no condition required)",
                "PASS deny another role of account workload-a (777777777777) (role/some-other-role) with the same request is refused",
                "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
                "PASS deny role /workloads/orders-service of account workload-b (888888888888), the same name in another account artifact-reader trusts, is refused",
                "PASS deny role /workloads/orders-service cannot assume /shared-services/other-role (its identity policy names only its roles)",
                "PASS deny role /workloads/orders-service cannot assume artifact-reader in account workload-b (888888888888), where the role is not deployed (its identity policy names its exact ARNs)",
                "PASS allow role /workloads/billing-service assumes artifact-reader (no condition required)",
                "PASS deny another role of account workload-b (888888888888) (role/some-other-role) with the same request is refused",
                "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
                "PASS deny role /workloads/billing-service of account workload-a (777777777777), the same name in another account artifact-reader trusts, is refused",
                "PASS deny role /workloads/billing-service cannot assume /shared-services/other-role (its identity policy names only its roles)",
                "PASS deny role /workloads/billing-service cannot assume artifact-reader in account workload-a (777777777777), where the role is not deployed (its identity policy names its exact ARNs)",
                "PASS deny source release-ci (role /ci/release-ci of account workload-a), which artifact-reader does not trust, is refused even when granted sts:AssumeRole on *",
            ],
        );
        // The twin and the untrusted source are simulated with the real principal ARNs.
        const principalOf = (title: string) => reader.checks.find((c) => c.title.startsWith(title))!.principal;
        assert.equal(
            principalOf("role /workloads/orders-service of account workload-b"),
            "arn:aws:sts::888888888888:assumed-role/orders-service/report-session",
        );
        assert.equal(principalOf("source release-ci"), "arn:aws:sts::777777777777:assumed-role/release-ci/report-session");
    });

    it("a trust of both accounts' roots narrowed by role name only (any account) lets each twin in: those rows fail", async () => {
        const lazy: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TrustWorkloads",
                    Effect: "Allow",
                    Principal: { AWS: [`arn:aws:iam::${ACCOUNTS["workload-a"]}:root`, `arn:aws:iam::${ACCOUNTS["workload-b"]}:root`] },
                    Action: "sts:AssumeRole",
                    Condition: {
                        ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/workloads/orders-service", "arn:aws:iam::*:role/workloads/billing-service"] },
                    },
                },
            ],
        };
        const report = await reportFor(withReaderTrust(rendered, lazy));
        assert.ok(report);
        assert.deepEqual(
            report.roles.flatMap((r) => r.checks.filter((c) => c.result === "FAIL").map((c) => c.title)),
            [
                "role /workloads/orders-service of account workload-b (888888888888), the same name in another account artifact-reader trusts, is refused",
                "role /workloads/billing-service of account workload-a (777777777777), the same name in another account artifact-reader trusts, is refused",
            ],
        );
    });

    it("a trust of workload-a's whole account lets release-ci and any other role of workload-a in: those rows fail", async () => {
        const wide: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [
                { Sid: "TrustWorkloadA", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNTS["workload-a"]}:root` }, Action: "sts:AssumeRole" },
                { Sid: "TrustBilling", Effect: "Allow", Principal: { AWS: BILLING }, Action: "sts:AssumeRole" },
            ],
        };
        const report = await reportFor(withReaderTrust(rendered, wide));
        assert.ok(report);
        assert.deepEqual(
            report.roles.flatMap((r) => r.checks.filter((c) => c.result === "FAIL").map((c) => c.title)),
            [
                "another role of account workload-a (777777777777) (role/some-other-role) with the same request is refused",
                "role /workloads/billing-service of account workload-a (777777777777), the same name in another account artifact-reader trusts, is refused",
                "source release-ci (role /ci/release-ci of account workload-a), which artifact-reader does not trust, is refused even when granted sts:AssumeRole on *",
            ],
        );
    });
});
