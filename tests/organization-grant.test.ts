/**
 * The one documented exception to exact ARNs: account B's grant on a role deployed to whole OUs names the role in
 * every account (`arn:aws:iam::*:role/<path><name>`) and always pins that account to the OUs (aws:ResourceOrgPaths)
 * or the organization (aws:ResourceOrgID), never the management account. Whole documents, deep-equal.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config/read";
import { organizationScope, organizationalUnitPath, organizationalUnitPathPattern } from "../lib/iam/organizations";
import type { CrossAccountConfig } from "../lib/model/config";
import { organizationGrantCondition, sourceGrantPolicies, sourceGrantPolicy } from "../lib/policies/source-grant";
import { ConfigObject, PROJECT, flatten } from "./support/harness";
import { MANAGEMENT, ORG_ID, OU_AUDITED, OU_SECOND, ROOT_ID, organizationConfig } from "./support/organization";

function parse(c: ConfigObject): CrossAccountConfig {
    return parseConfig(flatten(c), { project: PROJECT, stack: "account-b", organization: "organization" });
}

const READER = "arn:aws:iam::111111111111:role/cross-account/log-reader";
const AUDITOR_EVERYWHERE = "arn:aws:iam::*:role/audit/auditor";
const IN_AUDITED_OU = {
    "ForAnyValue:StringLike": { "aws:ResourceOrgPaths": `${ORG_ID}/${ROOT_ID}/${OU_AUDITED}/*` },
    StringNotEquals: { "aws:ResourceAccount": MANAGEMENT },
};

describe("organization paths (aws:ResourceOrgPaths)", () => {
    it("spell an OU as <org id>/<root id>/<ou id>/ and match it and every OU below it with a trailing /*", () => {
        assert.equal(organizationalUnitPath(ORG_ID, ROOT_ID, OU_AUDITED), "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/");
        assert.equal(organizationalUnitPathPattern(ORG_ID, ROOT_ID, OU_AUDITED), "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*");
    });
});

describe("sourceGrantPolicy: a role deployed to whole OUs", () => {
    it("is granted in every account only together with the OU's aws:ResourceOrgPaths, and never in the management account", () => {
        const c = organizationConfig();
        // Only auditor trusts the shipper here.
        (c.targetRoles as Record<string, unknown>)["log-reader"] = { trustedSources: ["other"], permissions: { s3ListAllBuckets: true } };
        (c.sources as Record<string, unknown>).other = { kind: "user" };
        assert.deepEqual(sourceGrantPolicy(parse(c), "log-shipper"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "AssumeTargetRolesInOuAb1211111111", Effect: "Allow", Action: "sts:AssumeRole", Resource: AUDITOR_EVERYWHERE, Condition: IN_AUDITED_OU },
            ],
        });
    });

    it("follows the exact-ARN statements of the roles of account A, which stay exactly as they were", () => {
        const cfg = parse(organizationConfig());
        assert.deepEqual(sourceGrantPolicy(cfg, "log-shipper"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "AssumeTargetRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: READER },
                { Sid: "AssumeTargetRolesInOuAb1211111111", Effect: "Allow", Action: "sts:AssumeRole", Resource: AUDITOR_EVERYWHERE, Condition: IN_AUDITED_OU },
            ],
        });
    });

    it("lists every OU of the role in one ForAnyValue:StringLike, and pins the whole organization with aws:ResourceOrgID when the root is listed", () => {
        const two = parse(organizationConfig({ organizationalUnits: [OU_AUDITED, OU_SECOND] }));
        assert.deepEqual(sourceGrantPolicy(two, "log-shipper")!.Statement[1], {
            Sid: "AssumeTargetRolesInOuAb1211111111AndOuAb1222222222",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: AUDITOR_EVERYWHERE,
            Condition: {
                "ForAnyValue:StringLike": { "aws:ResourceOrgPaths": [`${ORG_ID}/${ROOT_ID}/${OU_AUDITED}/*`, `${ORG_ID}/${ROOT_ID}/${OU_SECOND}/*`] },
                StringNotEquals: { "aws:ResourceAccount": MANAGEMENT },
            },
        });
        const all = parse(organizationConfig({ organizationalUnits: [ROOT_ID] }));
        assert.deepEqual(sourceGrantPolicy(all, "log-shipper")!.Statement[1], {
            Sid: "AssumeTargetRolesInOrganizationOA1b2c3d4e5",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: AUDITOR_EVERYWHERE,
            Condition: { StringEquals: { "aws:ResourceOrgID": ORG_ID }, StringNotEquals: { "aws:ResourceAccount": MANAGEMENT } },
        });
    });

    it("shares one statement among roles of the same OUs, and gives SetSourceIdentity and TagSession the same condition", () => {
        const c = organizationConfig({ trustedSources: [{ source: "log-shipper", sourceIdentity: true, sessionTags: { allowedKeys: ["team"] } }] });
        (c.targetRoles as Record<string, unknown>)["auditor-2"] = {
            path: "/audit/",
            organizationalUnits: [OU_AUDITED],
            trustedSources: ["log-shipper"],
            permissions: { s3ListAllBuckets: true },
        };
        const grant = sourceGrantPolicy(parse(c), "log-shipper")!;
        assert.deepEqual(grant.Statement.slice(1), [
            {
                Sid: "AssumeTargetRolesInOuAb1211111111",
                Effect: "Allow",
                Action: "sts:AssumeRole",
                Resource: [AUDITOR_EVERYWHERE, "arn:aws:iam::*:role/audit/auditor-2"],
                Condition: IN_AUDITED_OU,
            },
            {
                Sid: "SetSourceIdentityOnTargetRolesInOuAb1211111111",
                Effect: "Allow",
                Action: "sts:SetSourceIdentity",
                Resource: AUDITOR_EVERYWHERE,
                Condition: IN_AUDITED_OU,
            },
            {
                Sid: "TagSessionOnTargetRolesInOuAb1211111111",
                Effect: "Allow",
                Action: "sts:TagSession",
                Resource: AUDITOR_EVERYWHERE,
                Condition: IN_AUDITED_OU,
            },
        ]);
    });

    it("never writes a Resource with a * account without the condition, whatever the roles (every statement checked)", () => {
        const c = organizationConfig({ organizationalUnits: [OU_AUDITED, OU_SECOND], trustedSources: [{ source: "log-shipper", sourceIdentity: true }] });
        (c.targetRoles as Record<string, unknown>).everywhere = {
            organizationalUnits: [ROOT_ID],
            trustedSources: ["log-shipper"],
            permissions: { s3ListAllBuckets: true },
        };
        const cfg = parse(c);
        for (const st of sourceGrantPolicy(cfg, "log-shipper")!.Statement) {
            const resources = ([] as string[]).concat(st.Resource ?? []);
            if (!resources.some((r) => r.includes("::*:"))) continue;
            const scope = cfg.targetRoles.find((r) => resources.includes(`arn:aws:iam::*:role${r.path}${r.name}`))!;
            assert.ok(st.Condition, `${st.Sid} has a condition`);
            assert.deepEqual(st.Condition, organizationGrantCondition(organizationScope(cfg.organization!, scope.organizationalUnits!)), st.Sid);
        }
    });

    it("is split into managed policies like any grant, the OU statement kept whole", () => {
        const c = organizationConfig();
        (c.sources as Record<string, unknown>)["log-shipper"] = { kind: "user" };
        const roles = c.targetRoles as Record<string, unknown>;
        for (let i = 0; i < 40; i++)
            roles[`reader-${i}`] = { path: "/cross-account/", trustedSources: ["log-shipper"], permissions: { s3ListAllBuckets: true } };
        const placed = sourceGrantPolicies(parse(c), "log-shipper", "user");
        assert.equal(placed.inline, undefined);
        const last = placed.managed[placed.managed.length - 1];
        assert.deepEqual(last.Statement[last.Statement.length - 1], {
            Sid: "AssumeTargetRolesInOuAb1211111111",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: AUDITOR_EVERYWHERE,
            Condition: IN_AUDITED_OU,
        });
    });
});
