/**
 * The access report's rows for an `sso-permission-set` source: the permission set's roles (with and without the
 * region segment) assume A's role; its look-alikes are refused; and a trust that drops the `_` after the name or
 * widens it to every permission set fails the report.
 */
import { strict as assert } from "assert";
import { editPolicy, report } from "../support/access-report";
import { ACCOUNT_B } from "../support/harness";
import { SSO_PATH, ssoConfig } from "../support/sso";

const ROLE = "AWSReservedSSO_LogReader_0123456789abcdef";
const rows = (r: Awaited<ReturnType<typeof report>>) =>
    r.roles[0].checks.filter((c) => c.action === "sts:AssumeRole").map((c) => `${c.result} ${c.expect} ${c.title}`);
const B = `arn:aws:iam::${ACCOUNT_B}`;

describe("sso-permission-set: access report rows", () => {
    it("the permission set's roles get in; another permission set's, longer names, the name outside Identity Center's path, another case and an IAM user are refused", async () => {
        const r = await report(ssoConfig({ writes: true }));
        assert.equal(r.ok, true);
        assert.deepEqual(rows(r), [
            `PASS allow role /aws-reserved/sso.amazonaws.com/${ROLE} assumes log-reader (no condition required)`,
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            `PASS deny the SSO role of another permission set (AdministratorAccess) (${SSO_PATH}/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef) is refused`,
            `PASS deny the SSO role of permission set LogReaderFull, whose name extends LogReader (${SSO_PATH}/eu-west-1/AWSReservedSSO_LogReaderFull_0123456789abcdef) is refused`,
            `PASS deny the SSO role of permission set TeamLogReader, whose name contains LogReader (${SSO_PATH}/eu-west-1/AWSReservedSSO_TeamLogReader_0123456789abcdef) is refused`,
            `PASS deny a plain role of B named like the SSO role, outside Identity Center's path (${B}:role/${ROLE}) is refused`,
            `PASS deny a role of B under a path that ends like Identity Center's (${B}:role/team/aws-reserved/sso.amazonaws.com/${ROLE}) is refused`,
            `PASS deny the SSO role of permission set logreader (another case) (${SSO_PATH}/eu-west-1/AWSReservedSSO_logreader_0123456789abcdef) is refused`,
            `PASS deny an IAM user of B (${B}:user/${ROLE}) is refused`,
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            `PASS deny role /aws-reserved/sso.amazonaws.com/${ROLE} cannot assume /cross-account/other-role (its identity policy names only its roles)`,
            `PASS allow role /aws-reserved/sso.amazonaws.com/eu-west-1/${ROLE} assumes log-reader (no condition required)`,
            "PASS deny another role of B (role/some-other-role) with the same request is refused",
            "PASS deny a principal of a third account (arn:aws:iam::333333333333:role/outsider) is refused",
            `PASS deny role /aws-reserved/sso.amazonaws.com/eu-west-1/${ROLE} cannot assume /cross-account/other-role (its identity policy names only its roles)`,
        ]);
    });

    it("without the permission set's inline policy in the render, the report assumes the output grant and cannot prove the other-role rows", async () => {
        const r = await report(ssoConfig());
        assert.equal(r.ok, false);
        assert.deepEqual(
            r.roles[0].checks.filter((c) => c.result === "UNPROVEN").map((c) => c.title),
            [
                `role /aws-reserved/sso.amazonaws.com/${ROLE} cannot assume another role of A (/cross-account/other-role)`,
                `role /aws-reserved/sso.amazonaws.com/eu-west-1/${ROLE} cannot assume another role of A (/cross-account/other-role)`,
            ],
        );
    });

    for (const [what, patterns, failing] of [
        ["drops the _ after the name", [`${SSO_PATH}/AWSReservedSSO_LogReader*`, `${SSO_PATH}/*/AWSReservedSSO_LogReader*`], "LogReaderFull"],
        ["widens the name to every permission set", [`${SSO_PATH}/AWSReservedSSO_*`, `${SSO_PATH}/*/AWSReservedSSO_*`], "AdministratorAccess"],
    ] as const) {
        it(`a deployed trust that ${what} fails the report`, async () => {
            const r = await report(ssoConfig({ writes: true }), {
                a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (doc) => {
                    doc.Statement[0].Condition = { ArnLike: { "aws:PrincipalArn": [...patterns] } };
                }),
            });
            assert.equal(r.ok, false);
            assert.ok(
                rows(r).some((row) => row.startsWith("FAIL deny") && row.includes(failing)),
                rows(r).join("\n"),
            );
        });
    }

    it("a deployed trust without the region-segment pattern fails the row of the region-segment role", async () => {
        const r = await report(ssoConfig({ writes: true }), {
            a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (doc) => {
                doc.Statement[0].Condition = { ArnLike: { "aws:PrincipalArn": `${SSO_PATH}/AWSReservedSSO_LogReader_*` } };
            }),
        });
        assert.equal(r.ok, false);
        assert.deepEqual(
            rows(r).filter((row) => row.startsWith("FAIL")),
            [`FAIL allow role /aws-reserved/sso.amazonaws.com/eu-west-1/${ROLE} assumes log-reader (no condition required)`],
        );
    });
});
