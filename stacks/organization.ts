import * as pulumi from "@pulumi/pulumi";
import { OrganizationRoleStackSet } from "../components/OrganizationRoleStackSet";
import type { CrossAccountConfig, TargetRoleSpec } from "../lib/model/config";
import type { OrganizationRoleOutput, ResolvedSource } from "../lib/model/outputs";
import { stackSetName } from "../lib/names";
import { organizationRoleOutput } from "../lib/outputs/stack-outputs";
import { organizationRoleTemplate, templateBody } from "../lib/stacksets/template";

/**
 * A role deployed to every account of some OUs (`organizationalUnits`): a service-managed StackSet holding the role's
 * template, and a stack instance per OU, declared by the stack of the management account (callAs SELF) or of a
 * delegated administrator (DELEGATED_ADMIN). The config reader has checked that this stack is that account's.
 * StackSets never deploy to the management account: the role is not there, whatever the OUs hold.
 */
export function deployOrganizationRole(cfg: CrossAccountConfig, role: TargetRoleSpec, sources: ResolvedSource[]): pulumi.Output<OrganizationRoleOutput> {
    const organization = cfg.organization;
    if (!organization || !role.organizationalUnits) throw new Error(`deployOrganizationRole: role ${role.name} is not deployed to organizationalUnits`);
    const name = stackSetName(cfg.project, role.name);
    const stackSet = new OrganizationRoleStackSet(role.name, {
        stackSetName: name,
        description: `Role ${role.path}${role.name} of ${cfg.project}, trusted by ${role.trustedSources.map((t) => t.source).join(", ")}`,
        templateBody: templateBody(organizationRoleTemplate(cfg, role, sources)),
        organizationalUnitIds: role.organizationalUnits,
        region: cfg.region,
        callAs: organization.callAs,
    });
    return pulumi
        .all([stackSet.stackSetName, stackSet.stackSetId])
        .apply(([stackSetNameOut, id]) => organizationRoleOutput({ ...cfg, organization }, role, sources, { name: stackSetNameOut, id }));
}
