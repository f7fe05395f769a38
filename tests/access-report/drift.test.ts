/**
 * The access report catches a rendered policy that drifted from the config's intent: each test edits
 * one rendered document as a deployed drift would (a condition dropped, a Resource widened, an
 * unknown action) and names the checks that then fail.
 */
import { strict as assert } from "assert";
import { formatAccessReport } from "../../tools/access-report/report";
import { editPolicy, failures, operatorWithMfa, report, richConfig, rows } from "../support/access-report";
import { baseConfig } from "../support/harness";

describe("access report: drift from the config's intent", () => {
    it("trust mode principal-arn: only the named ARN gets in; without its aws:PrincipalArn condition another role of B does too", async () => {
        const config = baseConfig();
        (config.targetRoles as any)["log-reader"].trustMode = "principal-arn";
        const ok = await report(config);
        assert.deepEqual(failures(ok), []);
        const dropped = await report(config, {
            a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => delete d.Statement[0].Condition),
        });
        assert.deepEqual(failures(dropped), ["another role of B (role/some-other-role) with the same request is refused => expected deny, got Allowed"]);
    });

    it("catches a permission Resource widened to *", async () => {
        const r = await report(baseConfig(), {
            a: editPolicy("aws:iam/rolePolicy:RolePolicy", "log-reader-permissions", "policy", (d) => (d.Statement[0].Resource = "*")),
        });
        assert.deepEqual(failures(r), ["logs:FilterLogEvents on another log group (/report/other-log-group) is refused => expected deny, got Allowed"]);
        assert.equal(r.ok, false);
        const text = formatAccessReport(r);
        assert.ok(
            text.includes(
                [
                    "  FAIL      deny    logs:FilterLogEvents on another log group (/report/other-log-group) is refused",
                    "            expected denied, got Allowed: identity allows (aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid ReadLogGroups)",
                    "            request: arn:aws:sts::111111111111:assumed-role/log-reader/report-session logs:FilterLogEvents arn:aws:logs:eu-west-1:111111111111:log-group:/report/other-log-group with aws:RequestedRegion=eu-west-1",
                ].join("\n"),
            ),
            text,
        );
        assert.match(text, /\n11 checks: 10 passed, 1 FAILED\. Report took \d+ ms\.\n$/);
    });

    it("catches a dropped ExternalId condition: B's root then lets everyone of B in", async () => {
        const config = richConfig();
        const r = await report(config, {
            a: editPolicy("aws:iam/role:Role", "partner-writer-role", "assumeRolePolicy", (d) => {
                for (const st of d.Statement) if (st.Condition?.StringEquals) delete st.Condition.StringEquals["sts:ExternalId"];
            }),
        });
        assert.deepEqual(failures(r), [
            "role/a-principal-of-b (account-root trust) without sts:ExternalId is refused => expected deny, got Allowed",
            "role/a-principal-of-b (account-root trust) with a wrong sts:ExternalId is refused => expected deny, got Allowed",
        ]);
    });

    it("catches B's AssumeRole grant widened to *", async () => {
        const r = await report(baseConfig(), {
            b: editPolicy("aws:iam/rolePolicy:RolePolicy", "log-shipper-assume-target-roles", "policy", (d) => (d.Statement[0].Resource = "*")),
        });
        assert.deepEqual(failures(r), [
            "role /cross-account/log-shipper cannot assume /cross-account/other-role (its identity policy names only its roles) => expected deny, got Allowed",
        ]);
        const check = r.roles[0].checks.find((c) => c.result === "FAIL")!;
        assert.equal(
            check.why,
            "identity allows (aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles Sid AssumeTargetRoles); trust allows (trust Sid TrustAllOfB)",
        );
    });

    it("catches a missing MFA condition, naming the trust statement that let the request in", async () => {
        const r = await report(operatorWithMfa(), {
            a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => delete d.Statement[0].Condition),
        });
        assert.deepEqual(failures(r), [
            "user /people/operator without MFA is refused => expected deny, got Allowed",
            "user /people/operator with long-term keys (no MFA key in the request) is refused => expected deny, got Allowed",
            "user /people/operator with MFA older than 3600 s is refused => expected deny, got Allowed",
        ]);
        assert.match(r.roles[0].checks.find((c) => c.result === "FAIL")!.why, /; trust allows \(trust Sid TrustOperator\w*\)$/);
    });

    it("requires MFA when the MFA keys are absent (long-term keys), not only when aws:MultiFactorAuthPresent is false", async () => {
        const ok = await report(operatorWithMfa());
        assert.deepEqual(rows(ok).slice(0, 4), [
            "PASS allow user /people/operator assumes log-reader with MFA (1800 s old)",
            "PASS deny user /people/operator without MFA is refused",
            "PASS deny user /people/operator with long-term keys (no MFA key in the request) is refused",
            "PASS deny user /people/operator with MFA older than 3600 s is refused",
        ]);
        const absent = ok.roles[0].checks[2];
        assert.deepEqual([absent.decision, absent.context], ["ImplicitlyDenied", {}]);
        // The classic slip: ...IfExists conditions are met by a request that carries no MFA key at all.
        const ifExists = await report(operatorWithMfa(), {
            a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => {
                const c = d.Statement[0].Condition!;
                c.BoolIfExists = c.Bool;
                c.NumericLessThanIfExists = c.NumericLessThan;
                delete c.Bool;
                delete c.NumericLessThan;
            }),
        });
        assert.deepEqual(failures(ifExists), [
            "user /people/operator with long-term keys (no MFA key in the request) is refused => expected deny, got Allowed",
        ]);
    });

    it("a source whose identity policy was not rendered cannot assume the role, and the report says why", async () => {
        const r = await report(baseConfig(), { b: (resources) => resources.filter((x) => x.type !== "aws:iam/rolePolicy:RolePolicy") });
        assert.deepEqual(failures(r), ["role /cross-account/log-shipper assumes log-reader (no condition required) => expected allow, got ImplicitlyDenied"]);
        assert.equal(r.roles[0].checks[0].why, "identity: no policy rendered for this principal; trust allows (trust Sid TrustLogShipperRev3c425e19b8)");
    });

    it("reports unknown actions and condition keys in any rendered policy as errors", async () => {
        const r = await report(baseConfig(), {
            a: editPolicy("aws:iam/rolePolicy:RolePolicy", "log-reader-permissions", "policy", (d) =>
                d.Statement.push({
                    Sid: "Typo",
                    Effect: "Allow",
                    Action: "logs:ReadEverything",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:MadeUpKey": "x" } },
                }),
            ),
        });
        assert.equal(r.ok, false);
        assert.deepEqual(r.vocabulary.problems, [
            {
                stack: "account-a",
                where: "aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid Typo",
                kind: "action",
                value: "logs:ReadEverything",
                message: "unknown action of logs",
            },
            {
                stack: "account-a",
                where: "aws:iam/rolePolicy:RolePolicy log-reader-permissions Sid Typo",
                kind: "condition-key",
                value: "aws:MadeUpKey",
                message: "unknown condition key",
            },
        ]);
        assert.match(
            formatAccessReport(r),
            /\n {2}ERROR {2}account-a aws:iam\/rolePolicy:RolePolicy log-reader-permissions Sid Typo: action logs:ReadEverything: unknown action of logs\n/,
        );
    });
});
