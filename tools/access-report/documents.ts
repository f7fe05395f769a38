/**
 * Reads the policy documents out of the resources a render recorded: what would actually be sent to
 * AWS, not what lib/policies/ would build today. Pure.
 */
import type { PolicyDocument } from "../../lib/model/policy";
import type { RecordedResource } from "../shared/mock-runtime";

/** A policy document found in a recorded resource, labelled with where it came from. */
export interface FoundPolicy {
    /** e.g. `aws:iam/rolePolicy:RolePolicy log-shipper-assume-target-roles`. */
    origin: string;
    /** The resource input that held it (`policy`, `assumeRolePolicy`). */
    input: string;
    document: PolicyDocument;
}

/** Resource types whose inputs hold an IAM policy document, and which input. */
export const POLICY_INPUTS: Readonly<Record<string, string>> = {
    "aws:iam/role:Role": "assumeRolePolicy",
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
    "aws:iam/policy:Policy": "policy",
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": "inlinePolicy",
};

/** Parses a policy input (JSON text, or an object already); undefined when it is neither. */
export function policyDocument(value: unknown): PolicyDocument | undefined {
    let parsed: unknown = value;
    if (typeof value === "string") {
        try {
            parsed = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    if (!parsed || typeof parsed !== "object" || !Array.isArray((parsed as { Statement?: unknown }).Statement)) return undefined;
    return parsed as PolicyDocument;
}

/**
 * Every policy document in a stack's recorded resources, those in the templates of its StackSets included (as written
 * there: an ARN of the stack instance's account is an `Fn::Sub` object, which the vocabulary check never reads).
 */
export function allPolicies(resources: readonly RecordedResource[]): FoundPolicy[] {
    const out: FoundPolicy[] = [];
    for (const r of resources) {
        if (r.type === STACK_SET_TYPE) {
            out.push(...templatePolicies(r));
            continue;
        }
        const input = POLICY_INPUTS[r.type];
        if (!input) continue;
        const document = policyDocument(r.inputs[input]);
        if (document) out.push({ origin: `${r.type} ${r.name}`, input, document });
    }
    return out;
}

const STACK_SET_TYPE = "aws:cloudformation/stackSet:StackSet";

/** The trust and inline policies of each AWS::IAM::Role in a StackSet's templateBody. */
function templatePolicies(stackSet: RecordedResource): FoundPolicy[] {
    let template: unknown;
    try {
        template = JSON.parse(String(stackSet.inputs.templateBody));
    } catch {
        return [];
    }
    const out: FoundPolicy[] = [];
    const resources = (template as { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> }).Resources ?? {};
    for (const [id, res] of Object.entries(resources)) {
        if (res.Type !== "AWS::IAM::Role" || !res.Properties) continue;
        const origin = `${stackSet.type} ${stackSet.name} template ${id}`;
        const trust = policyDocument(res.Properties.AssumeRolePolicyDocument);
        if (trust) out.push({ origin, input: "templateBody AssumeRolePolicyDocument", document: trust });
        for (const p of Array.isArray(res.Properties.Policies) ? (res.Properties.Policies as Array<{ PolicyName?: string; PolicyDocument?: unknown }>) : []) {
            const document = policyDocument(p.PolicyDocument);
            if (document) out.push({ origin: `${origin} policy ${String(p.PolicyName)}`, input: "templateBody Policies", document });
        }
    }
    return out;
}

/** The trust policy of the role named `name` (its `name` input), if the role was rendered. */
export function trustPolicyOf(resources: readonly RecordedResource[], name: string): FoundPolicy | undefined {
    const role = resources.find((r) => r.type === "aws:iam/role:Role" && r.inputs.name === name);
    const document = role ? policyDocument(role.inputs.assumeRolePolicy) : undefined;
    return role && document ? { origin: `${role.type} ${role.name}`, input: "assumeRolePolicy", document } : undefined;
}

/** The rendered path of the role named `name`. */
export function rolePathOf(resources: readonly RecordedResource[], name: string): string | undefined {
    const role = resources.find((r) => r.type === "aws:iam/role:Role" && r.inputs.name === name);
    return role && typeof role.inputs.path === "string" ? role.inputs.path : role ? "/" : undefined;
}

/** The permissions boundary (a policy ARN) set on the role or user named `name` in a render; groups have none. */
export function permissionsBoundaryOf(resources: readonly RecordedResource[], kind: "role" | "user" | "group", name: string): string | undefined {
    const type = { role: "aws:iam/role:Role", user: "aws:iam/user:User", group: undefined }[kind];
    const principal = type ? resources.find((r) => r.type === type && r.inputs.name === name) : undefined;
    const boundary = principal?.inputs.permissionsBoundary;
    return typeof boundary === "string" && boundary !== "" ? boundary : undefined;
}

/** Policies of a role, user or group: inline ones, then customer managed ones attached to it (see `attachedPoliciesOf`). */
export function identityPoliciesOf(resources: readonly RecordedResource[], kind: "role" | "user" | "group", name: string): AttachedPolicies {
    const attached = attachedPoliciesOf(resources, kind, name);
    return { policies: [...inlinePoliciesOf(resources, kind, name), ...attached.policies], unresolved: attached.unresolved };
}

/** Policies found for a principal, and the attached policy ARNs that no rendered document stands for. */
export interface AttachedPolicies {
    policies: FoundPolicy[];
    /** `policyArn`s attached by the render whose document is not in it (AWS managed, or made elsewhere). */
    unresolved: string[];
}

const ATTACHMENT_TYPES = {
    role: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    user: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    group: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
} as const;

/**
 * Customer managed policies attached to a role, user or group by a Role/User/GroupPolicyAttachment of
 * the same render: each attachment's `policyArn` is matched to the rendered `aws:iam/policy:Policy`
 * with that path and name (`arn:<partition>:iam::<account>:policy<path><name>`), in attachment order.
 * Labelled with the Policy resource, as the vocabulary check labels it.
 */
export function attachedPoliciesOf(resources: readonly RecordedResource[], kind: "role" | "user" | "group", name: string): AttachedPolicies {
    const out: AttachedPolicies = { policies: [], unresolved: [] };
    for (const r of resources) {
        if (r.type !== ATTACHMENT_TYPES[kind] || r.inputs[kind] !== name) continue;
        const arn = typeof r.inputs.policyArn === "string" ? r.inputs.policyArn : "";
        const m = /^arn:[^:]+:iam::\d{12}:policy(\/.*)$/.exec(arn);
        const policy = m
            ? resources.find(
                  (p) => p.type === "aws:iam/policy:Policy" && `${typeof p.inputs.path === "string" ? p.inputs.path : "/"}${String(p.inputs.name)}` === m[1],
              )
            : undefined;
        const document = policy ? policyDocument(policy.inputs.policy) : undefined;
        if (policy && document) out.policies.push({ origin: `${policy.type} ${policy.name}`, input: "policy", document });
        else out.unresolved.push(arn || `${r.type} ${r.name} (no policyArn)`);
    }
    return out;
}

/** Inline policies attached to a role, user or group by name (`role`, `user` or `group` input). */
export function inlinePoliciesOf(resources: readonly RecordedResource[], kind: "role" | "user" | "group", name: string): FoundPolicy[] {
    const type = { role: "aws:iam/rolePolicy:RolePolicy", user: "aws:iam/userPolicy:UserPolicy", group: "aws:iam/groupPolicy:GroupPolicy" }[kind];
    const out: FoundPolicy[] = [];
    for (const r of resources) {
        if (r.type !== type || r.inputs[kind] !== name) continue;
        const document = policyDocument(r.inputs.policy);
        if (document) out.push({ origin: `${r.type} ${r.name}`, input: "policy", document });
    }
    return out;
}

/** The inline policy a render writes into the permission set `permissionSetArn` (account-b in the Identity Center administration account). */
export function permissionSetPolicyOf(resources: readonly RecordedResource[], permissionSetArn: string): FoundPolicy | undefined {
    const r = resources.find(
        (x) => x.type === "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy" && x.inputs.permissionSetArn === permissionSetArn,
    );
    const document = r ? policyDocument(r.inputs.inlinePolicy) : undefined;
    return r && document ? { origin: `${r.type} ${r.name}`, input: "inlinePolicy", document } : undefined;
}
