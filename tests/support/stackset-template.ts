/** The StackSet template of a role deployed to whole OUs, built from a config as the target stack builds it: for tests/stacksets. */
import { parseConfig } from "../../lib/config/read";
import type { CloudFormationTemplate } from "../../lib/model/cloudformation";
import type { CrossAccountConfig } from "../../lib/model/config";
import { configuredSource } from "../../lib/policies/sources";
import { organizationRoleTemplate } from "../../lib/stacksets/template";
import { ConfigObject, PROJECT, flatten } from "./harness";

/** The config as account-a reads it. */
export function parse(c: ConfigObject): CrossAccountConfig {
    return parseConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "organization" });
}

/** The template of `roleName`, its sources carrying `uniqueIds` (as the target stack reads them from B). */
export function templateOf(c: ConfigObject, roleName = "auditor", uniqueIds: string[] = []): CloudFormationTemplate {
    const cfg = parse(c);
    const sources = cfg.sources.map((s) => ({ ...configuredSource(cfg, s), uniqueIds }));
    return organizationRoleTemplate(
        cfg,
        cfg.targetRoles.find((r) => r.name === roleName)!,
        sources,
    );
}
