/**
 * Roles a stack deploys to whole OUs through a service-managed StackSet, as the access map draws them: ONE node
 * per role, `arn:<partition>:iam::*:role<path><name>` (the ARN account B's grant names, and the access report's
 * row), in a group of its own for "every account of these OUs", never in the account of the stack that creates
 * the StackSet (the role is not there). Read from the rendered StackSet's template body and its stack instances.
 * Pure.
 */
import { roleArnInEveryAccount } from "../../lib/iam/arns";
import type { CloudFormationTemplate } from "../../lib/model/cloudformation";
import type { PolicyDocument } from "../../lib/model/policy";
import { resolvePseudoParameters } from "../../lib/stacksets/template";
import type { FoundPolicy } from "../access-report/documents";
import type { MapDocument, StackDocuments } from "./model";

const STACK_SET = "aws:cloudformation/stackSet:StackSet";
const STACK_SET_INSTANCE = "aws:cloudformation/stackSetInstance:StackSetInstance";

/** One role of a StackSet's template. */
export interface StackSetRole {
    arn: string;
    /** `role<path><name>` */
    label: string;
    name: string;
    /** The map's group for the accounts the StackSet deploys to (`OU ou-ab12-11111111, ou-ab12-22222222`). */
    group: string;
    /** That group's label: the OUs, and which StackSet of which stack deploys there. */
    groupLabel: string;
    trust: PolicyDocument;
    /** Its policies with `${AWS::AccountId}` as `*` (any account of the OUs) and `${AWS::Region}` as the instances' region. */
    identity: FoundPolicy[];
    managedPolicyArns: string[];
    /** The OU ids (or the root id) of the StackSet's instances, sorted. */
    organizationalUnits: string[];
    maxSessionDuration?: number;
    permissionsBoundary?: string;
    /** The StackSet's inputs (template as written) and its instances: what the panel shows. */
    documents: MapDocument[];
    notes: string[];
}

/** The roles of every StackSet `stack` renders; none when it renders none, or a template is not this program's JSON. */
export function stackSetRoles(stack: StackDocuments, partition: string): StackSetRole[] {
    const out: StackSetRole[] = [];
    for (const set of stack.resources.filter((r) => r.type === STACK_SET)) {
        const template = parseTemplate(set.inputs.templateBody);
        if (!template) continue;
        const setName = typeof set.inputs.name === "string" ? set.inputs.name : set.name;
        const instances = stack.resources.filter((r) => r.type === STACK_SET_INSTANCE && r.inputs.stackSetName === setName);
        const units = [...new Set(instances.flatMap((i) => organizationalUnitIds(i.inputs.deploymentTargets)))];
        const regions = [...new Set(instances.map((i) => i.inputs.stackSetInstanceRegion).filter((r): r is string => typeof r === "string"))];
        const region = regions.length === 1 ? regions[0] : "*";
        const where =
            units.length === 0
                ? "no OU (no stack instance rendered)"
                : units.some((u) => u.startsWith("r-"))
                  ? `the organization (root ${units.join(", ")})`
                  : `${units.length === 1 ? "OU" : "OUs"} ${units.join(", ")}`;
        for (const [logicalId, resource] of Object.entries(template.Resources)) {
            if (resource.Type !== "AWS::IAM::Role") continue;
            const p = resource.Properties;
            if (!p || typeof p.RoleName !== "string" || typeof p.Path !== "string" || !p.AssumeRolePolicyDocument) continue;
            const at = { accountId: "*", region };
            const origin = `${STACK_SET} ${set.name} (template ${logicalId})`;
            const identity = (p.Policies ?? []).map((policy) => ({
                origin,
                input: `Policies ${policy.PolicyName}`,
                document: resolvePseudoParameters<PolicyDocument>(policy.PolicyDocument, at),
            }));
            out.push({
                arn: roleArnInEveryAccount(partition, p.Path, p.RoleName),
                label: `role${p.Path}${p.RoleName}`,
                name: p.RoleName,
                group: where,
                groupLabel: `every account of ${where} · StackSet ${setName} of ${stack.stack} · ${stack.accountId}`,
                trust: resolvePseudoParameters<PolicyDocument>(p.AssumeRolePolicyDocument, at),
                identity,
                managedPolicyArns: p.ManagedPolicyArns ?? [],
                organizationalUnits: [...units].sort(),
                maxSessionDuration: p.MaxSessionDuration,
                ...(p.PermissionsBoundary ? { permissionsBoundary: p.PermissionsBoundary } : {}),
                documents: [
                    { origin, input: "AssumeRolePolicyDocument", document: p.AssumeRolePolicyDocument },
                    ...(p.Policies ?? []).map((policy) => ({ origin, input: `Policies ${policy.PolicyName}`, document: policy.PolicyDocument })),
                    { origin: `${STACK_SET} ${set.name}`, input: "inputs", document: withoutTemplate(set.inputs) },
                    ...instances.map((i) => ({ origin: `${STACK_SET_INSTANCE} ${i.name}`, input: "inputs", document: i.inputs })),
                ],
                notes: [
                    `deployed by StackSet ${setName} (stack ${stack.stack}, account ${stack.accountId}) to every account of ${where} and the OUs below, as accounts join; never the management account`,
                    ...(region === "*"
                        ? [`the StackSet's instances are in ${regions.length === 0 ? "no" : "several"} regions: \${AWS::Region} is shown as *`]
                        : []),
                ],
            });
        }
    }
    return out;
}

/** The template body as rendered (a JSON string) or as out/<stack>.json has it (the parsed object). */
function parseTemplate(body: unknown): CloudFormationTemplate | undefined {
    let t: unknown = body;
    if (typeof body === "string") {
        try {
            t = JSON.parse(body);
        } catch {
            return undefined;
        }
    }
    if (t === null || typeof t !== "object") return undefined;
    const resources = (t as { Resources?: unknown }).Resources;
    return resources !== null && typeof resources === "object" ? (t as CloudFormationTemplate) : undefined;
}

function organizationalUnitIds(targets: unknown): string[] {
    if (targets === null || typeof targets !== "object") return [];
    const ids = (targets as { organizationalUnitIds?: unknown }).organizationalUnitIds;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === "string") : [];
}

function withoutTemplate(inputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(inputs)) if (k !== "templateBody") out[k] = v;
    return out;
}
