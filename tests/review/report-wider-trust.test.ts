/**
 * Review attack: a deployed trust that admits more values than the config (another tag value, another OU, another
 * session name, added by hand) must make the access report fail. Its refusal rows probed only values built to miss
 * the config's, so a trust listing extra values passed every row; the report now also probes each value the rendered
 * trust names under principalTags, principalOrgPaths and roleSessionName that the config does not admit.
 */
import { strict as assert } from "assert";
import { editPolicy, failures, report, rows } from "../support/access-report";
import { baseConfig } from "../support/harness";

const OU = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/";
const SHIPPER = "role /cross-account/log-shipper";

function config(): Record<string, any> {
    const c: Record<string, any> = baseConfig();
    c.sources["log-shipper"].tags = { team: "data" };
    c.targetRoles["log-reader"].trustConditions = { principalTags: { team: "data" }, principalOrgPaths: [OU], roleSessionName: "nightly-*" };
    return c;
}

describe("review: the access report fails for a trust wider than the config", () => {
    it("fails each value the rendered trust admits and the config does not: a tag value, an OU, a session name", async () => {
        const widened = editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => {
            const cond = d.Statement[0].Condition!;
            cond.StringEquals["aws:PrincipalTag/team"] = ["data", "admin"];
            cond["ForAnyValue:StringLike"]["aws:PrincipalOrgPaths"] = [`${OU}*`, "o-a1b2c3d4e5/r-ab12/ou-ab12-99999999/*"];
            cond.StringLike["sts:RoleSessionName"] = ["nightly-*", "manual-*"];
        });
        const r = await report(config(), { a: widened }, []);
        assert.deepEqual(failures(r), [
            `${SHIPPER} with tag team=admin (the rendered trust admits it, the config does not) is refused => expected deny, got Allowed`,
            `${SHIPPER} from an account in o-a1b2c3d4e5/r-ab12/ou-ab12-99999999/ (the rendered trust admits it, the config does not) is refused => expected deny, got Allowed`,
            `${SHIPPER} with session name manual-x (the rendered trust admits it, the config does not) is refused => expected deny, got Allowed`,
        ]);
    });

    it("adds no row for a trust exactly as configured, nor for a rendered value the config's own patterns admit", async () => {
        const plain = await report(config(), {}, []);
        assert.deepEqual(failures(plain), []);
        assert.equal(rows(plain).filter((x) => x.includes("the config does not")).length, 0);
        const within = await report(
            config(),
            {
                a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => {
                    d.Statement[0].Condition!.StringLike["sts:RoleSessionName"] = ["nightly-*", "nightly-a"];
                }),
            },
            [],
        );
        assert.equal(rows(within).filter((x) => x.includes("the config does not")).length, 0);
        assert.deepEqual(failures(within), []);
    });
});

describe("review: the access report fails for a principal the rendered trust names and the config does not", () => {
    const addPrincipal = (extra: string) =>
        editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => {
            const st = d.Statement[0];
            st.Principal = { AWS: [(st.Principal as { AWS: string }).AWS, extra] };
        });

    it("fails another role of B added to Principal, and an account root other than the third account probed", async () => {
        const role = await report(baseConfig(), { a: addPrincipal("arn:aws:iam::222222222222:role/evil") }, []);
        assert.deepEqual(failures(role), [
            "arn:aws:iam::222222222222:role/evil, which the rendered trust names and no trusted source is, is refused => expected deny, got Allowed",
        ]);
        const root = await report(baseConfig(), { a: addPrincipal("arn:aws:iam::444444444444:root") }, []);
        assert.deepEqual(failures(root), [
            "arn:aws:iam::444444444444:root, which the rendered trust names and no trusted source is, is refused => expected deny, got Allowed",
        ]);
    });

    it("adds no such row when the rendered trust names only the config's principals", async () => {
        const plain = await report(baseConfig(), {}, []);
        assert.equal(rows(plain).filter((x) => x.includes("no trusted source is")).length, 0);
    });
});

describe("review: the access report fails for an aws:PrincipalArn value the rendered trust adds", () => {
    it("fails a role ARN added to ArnEquals aws:PrincipalArn (trust mode principal-arn), and a pattern added to a group's ArnLike", async () => {
        const c: Record<string, any> = baseConfig();
        c.targetRoles["log-reader"].trustMode = "principal-arn";
        const exact = await report(
            c,
            {
                a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => {
                    const cond = d.Statement[0].Condition!;
                    cond.ArnEquals["aws:PrincipalArn"] = [cond.ArnEquals["aws:PrincipalArn"] as string, "arn:aws:iam::222222222222:role/evil"];
                }),
            },
            [],
        );
        assert.deepEqual(failures(exact), [
            "arn:aws:iam::222222222222:role/evil, which the rendered trust names and no trusted source is, is refused => expected deny, got Allowed",
        ]);
        const g: Record<string, any> = baseConfig();
        g.sources = { developers: { kind: "group" } };
        g.targetRoles["log-reader"].trustedSources = [{ source: "developers", mfa: true }];
        const pattern = await report(
            g,
            {
                a: editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => {
                    const cond = d.Statement[0].Condition!;
                    cond.ArnLike["aws:PrincipalArn"] = [cond.ArnLike["aws:PrincipalArn"] as string, "arn:aws:iam::222222222222:role/ops-*"];
                }),
            },
            [],
        );
        assert.deepEqual(failures(pattern), [
            "arn:aws:iam::222222222222:role/ops-x, which the rendered trust names and no trusted source is, is refused => expected deny, got Allowed",
        ]);
    });
});

describe("review: the access report never passes a service or an identity provider added to a role of A's trust", () => {
    const addStatement = (principal: Record<string, string>, action: string, condition?: Record<string, Record<string, string>>) =>
        editPolicy("aws:iam/role:Role", "log-reader-role", "assumeRolePolicy", (d) => {
            d.Statement.push({
                Sid: "AddedByHand",
                Effect: "Allow",
                Principal: principal,
                Action: action,
                ...(condition ? { Condition: condition } : {}),
            } as never);
        });
    const unproven = (r: Awaited<ReturnType<typeof report>>) =>
        r.roles.flatMap((x) => x.checks.filter((c) => c.result === "UNPROVEN").map((c) => `${c.title} => ${c.reason ?? ""}`));

    it("fails a service or an OIDC provider the trust admits with no condition: the simulator lets it in", async () => {
        const service = await report(baseConfig(), { a: addStatement({ Service: "ec2.amazonaws.com" }, "sts:AssumeRole") }, []);
        assert.deepEqual(failures(service), [
            "service ec2.amazonaws.com, which the rendered trust names and no trusted source is, is refused => expected deny, got Allowed",
        ]);
        // An action pattern is read as IAM reads it, not only as written out.
        const pattern = await report(baseConfig(), { a: addStatement({ Service: "ecs-tasks.amazonaws.com" }, "STS:Assume*") }, []);
        assert.deepEqual(failures(pattern), [
            "service ecs-tasks.amazonaws.com, which the rendered trust names and no trusted source is, is refused => expected deny, got Allowed",
        ]);
        const provider = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
        const oidc = await report(baseConfig(), { a: addStatement({ Federated: provider }, "sts:AssumeRoleWithWebIdentity") }, []);
        assert.deepEqual(failures(oidc), [
            `identity provider ${provider}, which the rendered trust names and no trusted source is, is refused => expected deny, got Allowed`,
        ]);
    });

    it("says UNPROVEN, never PASS, for one admitted under a condition the report cannot supply", async () => {
        const r = await report(
            baseConfig(),
            { a: addStatement({ Service: "lambda.amazonaws.com" }, "sts:AssumeRole", { StringEquals: { "aws:SourceAccount": "111111111111" } }) },
            [],
        );
        assert.deepEqual(failures(r), []);
        assert.deepEqual(unproven(r), [
            'service lambda.amazonaws.com, which the rendered trust names and no trusted source is, is refused => the rendered trust lets lambda.amazonaws.com call sts:AssumeRole when {"StringEquals":{"aws:SourceAccount":"111111111111"}}; no trusted source stands for it and the report cannot know what it sends: remove the statement, or prove it yourself',
        ]);
    });

    it("adds no such row for a trust as configured", async () => {
        const plain = await report(baseConfig(), {}, []);
        assert.equal(rows(plain).filter((x) => x.includes("which the rendered trust names")).length, 0);
    });
});
