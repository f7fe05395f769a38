/**
 * The access report of a role deployed to whole OUs by a StackSet. Pure.
 *
 * The role lives in accounts the render does not know, so it is judged as deployed in stand-in accounts: the
 * StackSet's rendered template, with `${AWS::AccountId}` and `${AWS::Region}` filled in, is the role there. Then
 *   - every check of a role of account A (lib: `planRole`), run in a stand-in account of the first OU, with the
 *     request context AWS gives a resource there (`aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:ResourceOrgPaths`);
 *   - for each caller that gets in: the role in an account of each OU (and of an OU below one) is allowed, and a role
 *     of the same name is refused in an account of another OU, of an OU whose id merely starts with the same
 *     characters, of another organization with the same path, of no organization, and in the management account.
 * Only B's grant can refuse those last ones: the stand-in role there trusts the caller exactly as ours does, which is
 * what a role someone else creates with our role's name would do.
 *
 * Request ARNs and organization paths are written out here, independently of lib/'s builders.
 */
import type { CloudFormationTemplate, IamRoleProperties } from "../../lib/model/cloudformation";
import type { CrossAccountConfig, TargetRoleSpec } from "../../lib/model/config";
import type { PolicyDocument } from "../../lib/model/policy";
import { stackSetName } from "../../lib/names";
import { resolvePseudoParameters } from "../../lib/stacksets/template";
import type { RecordedResource } from "../shared/mock-runtime";
import type { FoundPolicy } from "./documents";
import type { PlannedCheck, RolePlan, SourceResources } from "./checks";
import { describeAccount, rolesDeclaredIn } from "../../lib/policies/accounts";
import { accountOf, grantPolicy } from "./callers";
import { planRole } from "./expectations";

/** Where a stand-in account sits: its organization id and OU path, or nowhere. */
interface Placement {
    organizationId?: string;
    /** `o-.../r-.../ou-.../`, for an account in an OU; the root's path `o-.../r-.../` for one directly under the root. */
    path?: string;
}

/** The request context AWS gives the resource of an account placed so. */
function resourceContext(account: string, at: Placement): Record<string, string | string[]> {
    return {
        "aws:ResourceAccount": account,
        ...(at.organizationId ? { "aws:ResourceOrgID": at.organizationId } : {}),
        ...(at.path ? { "aws:ResourceOrgPaths": [at.path] } : {}),
    };
}

const RESOURCE_KEYS = ["aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths"];

/** The StackSet template of a role, as rendered in the stack that deploys it; undefined when it was not rendered. */
export function renderedTemplate(
    cfg: Pick<CrossAccountConfig, "project">,
    role: Pick<TargetRoleSpec, "name">,
    resources: readonly RecordedResource[],
): CloudFormationTemplate | undefined {
    const name = stackSetName(cfg.project, role.name);
    const set = resources.find((r) => r.type === "aws:cloudformation/stackSet:StackSet" && r.inputs.name === name);
    if (!set || typeof set.inputs.templateBody !== "string") return undefined;
    try {
        return JSON.parse(set.inputs.templateBody) as CloudFormationTemplate;
    } catch {
        return undefined;
    }
}

/** Plans the checks of every role deployed to whole OUs, in config order. */
export function planOrganizationChecks(cfg: CrossAccountConfig, sourceResources: SourceResources, targetResources: readonly RecordedResource[]): RolePlan[] {
    // Only the stack that creates the StackSets renders their templates.
    return rolesDeclaredIn(cfg, cfg.account.name)
        .filter((r) => r.organizationalUnits !== undefined)
        .map((role) => planOrganizationRole(cfg, role, sourceResources, targetResources));
}

/** The checks of one role deployed to whole OUs (see the file's comment). */
export function planOrganizationRole(
    cfg: CrossAccountConfig,
    role: TargetRoleSpec,
    sourceResources: SourceResources,
    targetResources: readonly RecordedResource[],
): RolePlan {
    const org = cfg.organization;
    const units = role.organizationalUnits;
    if (!org || !units) throw new Error(`planOrganizationRole: role ${role.name} is not deployed to organizationalUnits`);
    const p = cfg.partition;
    const everywhere = `arn:${p}:iam::*:role${role.path}${role.name}`;
    const template = renderedTemplate(cfg, role, targetResources);
    const taken = new Set([...cfg.accounts.map((a) => a.id), org.managementAccountId]);
    const free = ["333333333333", "444444444444", "555555555555", "666666666666", "777777777777", "888888888888"].filter((a) => !taken.has(a));
    const [member, other, outsider] = free;
    const wholeOrganization = units.length === 1 && units[0] === org.rootId;
    const rootPath = `${org.id}/${org.rootId}/`;
    const ouPath = (ou: string) => `${rootPath}${ou}/`;
    const first: Placement = { organizationId: org.id, path: wholeOrganization ? rootPath : ouPath(units[0]) };

    const inAccount = (account: string) => standInRole(role, template, account, cfg.region);
    const plan = planRole(
        { ...cfg, account: { name: cfg.account.name, id: member } },
        role,
        sourceResources,
        inAccount(member).resources,
        resourceContext(member, first),
    );
    const notes = [
        ...(template ? [] : [`no StackSet ${stackSetName(cfg.project, role.name)} with a template was rendered: every check below fails`]),
        `checked as deployed by its StackSet in stand-in account ${member} (${describePlacement(first)}): the rendered template with \${AWS::AccountId} = ${member} and \${AWS::Region} = ${cfg.region}`,
        "the organization keys (aws:ResourceAccount, aws:ResourceOrgID, aws:ResourceOrgPaths) are supplied as AWS supplies them for a role in that account; which accounts really sit in which OU only AWS Organizations knows",
        ...plan.notes,
    ];

    // Where a role of this name is assumed, beyond the stand-in account: inside the OUs (allowed) and outside (refused).
    const places: Array<{ expect: "allow" | "deny"; account: string; at: Placement; where: string }> = [];
    if (wholeOrganization) {
        places.push({
            expect: "allow",
            account: other,
            at: { organizationId: org.id, path: ouPath(`ou-${org.rootId.slice(2)}-${"1".repeat(8)}`) },
            where: `in ${other}, another account of organization ${org.id}`,
        });
    } else {
        units.forEach((ou, i) => {
            const account = i === 0 ? other : String(Number(other) + i).padStart(12, "0");
            places.push({ expect: "allow", account, at: { organizationId: org.id, path: ouPath(ou) }, where: `in ${account}, an account of OU ${ou}` });
        });
        const child = unlisted(`ou-${org.rootId.slice(2)}-c`, units);
        places.push({
            expect: "allow",
            account: other,
            at: { organizationId: org.id, path: `${ouPath(units[0])}${child}/` },
            where: `in ${other}, an account of ${child}, an OU below ${units[0]}`,
        });
        const sibling = unlisted(`ou-${org.rootId.slice(2)}-9`, units);
        places.push({
            expect: "deny",
            account: outsider,
            at: { organizationId: org.id, path: ouPath(sibling) },
            where: `in ${outsider}, an account of ${sibling}, another OU of the organization, is refused`,
        });
        places.push({
            expect: "deny",
            account: outsider,
            at: { organizationId: org.id, path: rootPath },
            where: `in ${outsider}, an account directly under the root ${org.rootId}, is refused`,
        });
        const longer = `${units[0]}0`;
        if (!units.includes(longer) && longer.length <= "ou-".length + 32 + 1 + 32) {
            places.push({
                expect: "deny",
                account: outsider,
                at: { organizationId: org.id, path: ouPath(longer) },
                where: `in ${outsider}, an account of ${longer}, an OU whose id starts with ${units[0]}, is refused`,
            });
        }
    }
    const otherOrg = org.id === "o-0000000000" ? "o-1111111111" : "o-0000000000";
    places.push({
        expect: "deny",
        account: outsider,
        at: { organizationId: otherOrg, path: `${otherOrg}/${org.rootId}/${wholeOrganization ? "" : `${units[0]}/`}` },
        where: `in ${outsider}, an account of another organization (${otherOrg}) with the same ${wholeOrganization ? "root id" : "OU path"}, is refused`,
    });
    places.push({ expect: "deny", account: outsider, at: {}, where: `in ${outsider}, an account in no organization, is refused` });
    places.push({
        expect: "deny",
        account: org.managementAccountId,
        at: first,
        where: `in the management account ${org.managementAccountId}, even inside ${wholeOrganization ? "the organization" : `OU ${units[0]}`}, is refused (StackSets never deploy there)`,
    });

    const checks: PlannedCheck[] = [...plan.checks];
    const callers = plan.checks.filter((c) => c.kind === "trusted-source" && c.request.action === "sts:AssumeRole");
    for (const call of callers) {
        const who = String(call.request.context["aws:PrincipalArn"]);
        for (const place of places) {
            const arn = `arn:${p}:iam::${place.account}:role${role.path}${role.name}`;
            const context = Object.fromEntries(Object.entries(call.request.context).filter(([k]) => !RESOURCE_KEYS.includes(k)));
            const trust = inAccount(place.account).trust;
            // A principal whose identity policy B keeps outside this program (its trusted-source row carries the note that
            // says so): inside the OUs the report assumes B's admins grant it this account's role, as for a role of A, so
            // the row proves the role's trust. Outside them only B's grant refuses (the stand-in role trusts the caller),
            // and the report has only the grant it assumed: the refusal depends on B's real policy, and the row is UNPROVEN.
            const unmanaged = call.note !== undefined;
            const sourceAccount = cfg.sources.find((s) => s.key === call.source)?.account;
            const Bs = cfg.layout === "named-accounts" && sourceAccount !== undefined ? `${describeAccount(cfg, accountOf(cfg, sourceAccount))}'s` : "B's";
            const identityPolicies =
                unmanaged && place.expect === "allow" ? [grantPolicy(`report: ${Bs} admins grant AssumeRole on ${arn}`, arn)] : call.request.identityPolicies;
            const unread =
                unmanaged && place.expect === "deny"
                    ? [...call.unread, { what: `${Bs} identity policy for ${who} (managed outside this program)`, may: "allow-or-deny" as const }]
                    : call.unread;
            checks.push({
                role: role.name,
                kind: place.expect === "allow" ? "in-organization-unit" : "outside-organization-unit",
                title:
                    unmanaged && place.expect === "allow"
                        ? `A's trust lets ${who} assume ${role.path}${role.name} ${place.where}`
                        : `${who} assumes ${place.expect === "allow" ? "" : "a role named "}${role.path}${role.name} ${place.where}`,
                expect: place.expect,
                request: {
                    ...call.request,
                    resource: arn,
                    resourceAccount: place.account,
                    context: { ...context, ...resourceContext(place.account, place.at) },
                    identityPolicies,
                    resourcePolicy: trust,
                },
                unread,
                ...(call.note ? { note: call.note } : {}),
                ...(call.source !== undefined ? { source: call.source } : {}),
            });
        }
    }
    return { role: role.name, arn: everywhere, trustMode: role.trustMode, checks, notes };
}

function describePlacement(at: Placement): string {
    return at.path ? `organization path ${at.path}` : "in no organization";
}

/** `prefix` padded to an OU id suffix of 8 characters, not one of `listed`. */
function unlisted(prefix: string, listed: readonly string[]): string {
    let id = prefix.padEnd(prefix.length + 8 - 1, prefix.slice(-1));
    while (listed.includes(id)) id += "x";
    return id;
}

/**
 * The role of the template as it would be in `account`: the resources a render of that account would record (a Role
 * with its trust policy, a RolePolicy with its permissions), and the trust policy on its own.
 */
function standInRole(
    role: Pick<TargetRoleSpec, "name">,
    template: CloudFormationTemplate | undefined,
    account: string,
    region: string,
): { resources: RecordedResource[]; trust?: FoundPolicy } {
    const props = template
        ? Object.values(template.Resources).find((r) => r.Type === "AWS::IAM::Role" && r.Properties.RoleName === role.name)?.Properties
        : undefined;
    if (!props) return { resources: [] };
    const resolved = resolvePseudoParameters<
        Omit<IamRoleProperties, "AssumeRolePolicyDocument" | "Policies"> & {
            AssumeRolePolicyDocument: PolicyDocument;
            Policies?: Array<{ PolicyName: string; PolicyDocument: PolicyDocument }>;
        }
    >(props, { accountId: account, region });
    const where = `(StackSet template, in account ${account})`;
    const resources: RecordedResource[] = [
        {
            type: "aws:iam/role:Role",
            name: `${role.name} ${where}`,
            inputs: { name: resolved.RoleName, path: resolved.Path, assumeRolePolicy: JSON.stringify(resolved.AssumeRolePolicyDocument) },
            secretPaths: [],
        },
        ...(resolved.Policies ?? []).map((pol) => ({
            type: "aws:iam/rolePolicy:RolePolicy",
            name: `${role.name}-${pol.PolicyName} ${where}`,
            inputs: { name: pol.PolicyName, role: resolved.RoleName, policy: JSON.stringify(pol.PolicyDocument) },
            secretPaths: [],
        })),
    ];
    return {
        resources,
        trust: { origin: `aws:iam/role:Role ${role.name} ${where}`, input: "assumeRolePolicy", document: resolved.AssumeRolePolicyDocument },
    };
}
