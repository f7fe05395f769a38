/** Configs with a role deployed to whole OUs, for the tests of lib/stacksets, the org-conditioned grant and the reader. */
import { ACCOUNT_A, ConfigObject, baseConfig } from "./harness";

export const ORG_ID = "o-a1b2c3d4e5";
export const ROOT_ID = "r-ab12";
export const OU_AUDITED = "ou-ab12-11111111";
export const OU_SECOND = "ou-ab12-22222222";
/** Account A of the harness is the management account: the target stack creates the StackSets. */
export const MANAGEMENT = ACCOUNT_A;

/** The harness config plus `auditor`, deployed to OU_AUDITED and trusted by the log shipper in trust mode principal-arn. */
export function organizationConfig(role: Record<string, unknown> = {}): ConfigObject {
    const c = baseConfig();
    c.organization = { id: ORG_ID, rootId: ROOT_ID, managementAccount: MANAGEMENT };
    (c.targetRoles as Record<string, unknown>).auditor = {
        path: "/audit/",
        trustMode: "principal-arn",
        organizationalUnits: [OU_AUDITED],
        trustedSources: ["log-shipper"],
        permissions: { logsRead: { logGroups: ["/aws/cloudtrail"] }, s3Read: { buckets: ["audit-reports"], prefix: "daily/" } },
        ...role,
    };
    return c;
}
