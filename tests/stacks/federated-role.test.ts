/**
 * What the stacks declare for a `federated-role` source (roles of B made by a SAML identity provider or another
 * tool): account B creates nothing and exports the roles to grant; account A trusts the exact ARNs, or B's root
 * narrowed by the name pattern. Access report rows: the named roles in, other names out.
 */
import { strict as assert } from "assert";
import type { SourceOutput } from "../../lib/model/outputs";
import { report } from "../support/access-report";
import { ACCOUNT_A, ACCOUNT_B, ConfigObject, baseConfig, render, renderBoth } from "../support/harness";

const config = (roles: Record<string, unknown>): ConfigObject => ({
    ...baseConfig(),
    sources: { okta: { kind: "federated-role", ...roles } },
    targetRoles: { "log-reader": { path: "/cross-account/", trustedSources: ["okta"], permissions: { logsRead: { logGroups: ["/app/cron"] } } } },
});
const trustOf = async (c: ConfigObject) => {
    const { a } = await renderBoth(c);
    return JSON.parse(a.resources.find((r) => r.type === "aws:iam/role:Role")!.inputs.assumeRolePolicy as string) as unknown;
};
const rows = (r: Awaited<ReturnType<typeof report>>) =>
    r.roles[0].checks.filter((c) => c.action === "sts:AssumeRole").map((c) => `${c.result} ${c.expect} ${c.title}`);

describe("federated-role: what the stacks declare and what the report proves", () => {
    it("account B creates nothing: it exports the roles of A its admins grant AssumeRole on", async () => {
        const b = await render(config({ namePattern: "data-analyst-*", path: "/okta/" }), { stack: "account-b" });
        assert.deepEqual(
            b.resources.filter((r) => r.type.startsWith("aws:")),
            [],
        );
        assert.deepEqual((b.outputs.sources as Record<string, SourceOutput>).okta, {
            kind: "federated-role",
            arns: [],
            uniqueIds: [],
            assumableRoleArns: [`arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`],
        });
    });

    it("by pattern: account A trusts B's root narrowed by ArnLike on the path and name pattern", async () => {
        assert.deepEqual(await trustOf(config({ namePattern: "data-analyst-*", path: "/okta/" })), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TrustOkta",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
                    Action: "sts:AssumeRole",
                    Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_B}:role/okta/data-analyst-*` } },
                },
            ],
        });
    });

    it("by exact ARNs: account A names them, as for existing principals", async () => {
        const arn = `arn:aws:iam::${ACCOUNT_B}:role/entra/DataAdmins`;
        assert.deepEqual(await trustOf(config({ arns: [arn] })), {
            Version: "2012-10-17",
            Statement: [{ Sid: "TrustOkta", Effect: "Allow", Principal: { AWS: arn }, Action: "sts:AssumeRole" }],
        });
    });

    it("report: a role the pattern names gets in; other names and paths are refused; a deeper path that starts like it is shown getting in", async () => {
        const r = await report(config({ namePattern: "data-analyst-*", path: "/okta/" }));
        // B's admins, not this program, write the federated role's policies: whether it can assume another role of A is UNPROVEN.
        assert.equal(r.ok, false);
        const B = `arn:aws:iam::${ACCOUNT_B}:role`;
        assert.deepEqual(rows(r), [
            `PASS allow A's trust lets federated ${B}/okta/data-analyst-report assume log-reader (no condition required)`,
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            `PASS deny a role of B whose name only contains the pattern's (${B}/okta/other-data-analyst-report) is refused`,
            `PASS deny a role of B whose name lacks the pattern's first character (${B}/okta/ata-analyst-report) is refused`,
            `PASS deny a role of B of the same name under another path (${B}/data-analyst-report) is refused`,
            `PASS allow a role of B under a path that starts like the pattern (${B}/okta/data-analyst-x/any-role) assumes log-reader: * in ArnLike also matches "/", so B's admins decide who may create roles under /okta/data-analyst-`,
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            `UNPROVEN deny federated ${B}/okta/data-analyst-report cannot assume another role of A (/cross-account/other-role)`,
        ]);
    });

    it("report: an exact role gets in, a role of another name is refused", async () => {
        const r = await report(config({ arns: [`arn:aws:iam::${ACCOUNT_B}:role/entra/DataAdmins`] }));
        // B's admins, not this program, write the federated role's policies: whether it can assume another role of A is UNPROVEN.
        assert.equal(r.ok, false);
        assert.deepEqual(rows(r), [
            `PASS allow A's trust lets federated arn:aws:iam::${ACCOUNT_B}:role/entra/DataAdmins assume log-reader (no condition required)`,
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            `UNPROVEN deny federated arn:aws:iam::${ACCOUNT_B}:role/entra/DataAdmins cannot assume another role of A (/cross-account/other-role)`,
        ]);
    });
});
