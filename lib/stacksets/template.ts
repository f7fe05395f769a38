/**
 * The CloudFormation template of a role deployed to every account of some OUs (or of the whole organization) by a
 * service-managed StackSet: `AWS::IAM::Role` with its fixed name and path, the trust policy `trustPolicy` writes, the
 * permission policy `permissionPolicy` writes, its managed policies, session length, boundary and tags. Pure.
 *
 * One template serves every account, so the ARNs of the account a stack instance runs in cannot be literal:
 * `permissionPolicy` is run with a placeholder account and region, and each string holding them becomes
 * `{"Fn::Sub": "...${AWS::AccountId}...${AWS::Region}..."}` (a string that is exactly one of them, `{"Ref": ...}`).
 * Nothing is written twice: the documents are the builders' own, only those strings change.
 */
import { stringify as yamlStringify } from "yaml";
import { describeScope, organizationScope } from "../iam/organizations";
import type { CfnRef, CfnSub, CloudFormationTemplate, IamRoleProperties, TemplatePolicyDocument, WithIntrinsics } from "../model/cloudformation";
import type { CrossAccountConfig, TargetRoleSpec } from "../model/config";
import type { ResolvedSource } from "../model/outputs";
import type { PolicyDocument } from "../model/policy";
import { PERMISSION_POLICY_NAME, TEMPLATE_ROLE_ARN_OUTPUT, TEMPLATE_ROLE_LOGICAL_ID } from "../names";
import { permissionPolicy } from "../policies/permissions";
import { trustPolicy } from "../policies/trust";

/** CloudFormation's limit on a template passed as a body (TemplateBody), in bytes. */
export const TEMPLATE_BODY_MAX_BYTES = 51200;

/**
 * Stand-ins for the account and region of a stack instance while `permissionPolicy` builds its document. They hold
 * NUL characters, which no configured value that reaches a policy may contain (the builder checks).
 */
const PSEUDO_PARAMETERS: ReadonlyArray<{ placeholder: string; parameter: string }> = [
    { placeholder: "\u0000AccountId\u0000", parameter: "AWS::AccountId" },
    { placeholder: "\u0000Region\u0000", parameter: "AWS::Region" },
];

/**
 * The template of an OU role (`role.organizationalUnits` set): one `AWS::IAM::Role` named `role.name` at `role.path`
 * in every account the StackSet deploys to, trusting the role's sources exactly as the role of a two-account stack
 * does, with the permission policy of that stack scoped to the account and region of each stack instance.
 * @param sources the trusted sources as `trustPolicy` takes them (in trust mode `principal`, from the source stack's outputs)
 */
export function organizationRoleTemplate(
    cfg: Pick<CrossAccountConfig, "partition" | "accounts" | "sources" | "organization">,
    role: TargetRoleSpec,
    sources: ResolvedSource[],
): CloudFormationTemplate {
    const org = cfg.organization;
    if (!org || !role.organizationalUnits) throw new Error(`organizationRoleTemplate: role ${role.name} is not deployed to organizationalUnits`);
    if (role.trustedSources.some((t) => t.conditions.externalId)) {
        // The reader refuses it: a template body is readable by every account the StackSet reaches.
        throw new Error(`organizationRoleTemplate: role ${role.name} requires an ExternalId, which a StackSet template would publish`);
    }
    if (JSON.stringify(role.permissions).includes("\u0000"))
        throw new Error(`organizationRoleTemplate: a permission of role ${role.name} holds a NUL character`);
    const [account, region] = PSEUDO_PARAMETERS.map((p) => p.placeholder);
    const permissions = permissionPolicy({ partition: cfg.partition, account: { id: account }, region }, role);
    const properties: IamRoleProperties = {
        RoleName: role.name,
        Path: role.path,
        Description: role.description,
        AssumeRolePolicyDocument: trustPolicy(cfg, role, sources, undefined),
        ...(permissions ? { Policies: [{ PolicyName: PERMISSION_POLICY_NAME, PolicyDocument: inEveryAccount(permissions) }] } : {}),
        ...(role.permissions.managedPolicyArns.length > 0 ? { ManagedPolicyArns: [...role.permissions.managedPolicyArns] } : {}),
        MaxSessionDuration: role.maxSessionDuration,
        ...(role.permissionsBoundary ? { PermissionsBoundary: role.permissionsBoundary } : {}),
        ...(Object.keys(role.tags).length > 0 ? { Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    };
    return {
        AWSTemplateFormatVersion: "2010-09-09",
        Description: `cross-account-iam: role ${role.path}${role.name} in ${describeScope(organizationScope(org, role.organizationalUnits))}`.slice(0, 1024),
        Resources: { [TEMPLATE_ROLE_LOGICAL_ID]: { Type: "AWS::IAM::Role", Properties: properties } },
        Outputs: {
            [TEMPLATE_ROLE_ARN_OUTPUT]: {
                Description: `ARN of role ${role.path}${role.name} in this account`,
                Value: { "Fn::GetAtt": [TEMPLATE_ROLE_LOGICAL_ID, "Arn"] },
            },
        },
    };
}

/**
 * A document built with the placeholder account and region, for every account: each string that holds a
 * placeholder becomes `Fn::Sub` (its own `${` escaped as `${!`, so IAM policy variables such as `${aws:username}`
 * reach IAM as written), or `Ref` when it is nothing but one placeholder. Other strings stay as they are.
 */
export function inEveryAccount(doc: PolicyDocument): TemplatePolicyDocument {
    return substitute(doc) as TemplatePolicyDocument;
}

function substitute(value: unknown): unknown {
    if (typeof value === "string") return pseudoParameters(value);
    if (Array.isArray(value)) return value.map(substitute);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
    return value;
}

function pseudoParameters(text: string): string | CfnSub | CfnRef {
    const whole = PSEUDO_PARAMETERS.find((p) => p.placeholder === text);
    if (whole) return { Ref: whole.parameter };
    if (!PSEUDO_PARAMETERS.some((p) => text.includes(p.placeholder))) return text;
    let sub = text.split("${").join("${!");
    for (const p of PSEUDO_PARAMETERS) sub = sub.split(p.placeholder).join(`\${${p.parameter}}`);
    return { "Fn::Sub": sub };
}

/** The template as the StackSet's TemplateBody: JSON without white space (the smallest form, for the 51,200-byte limit). */
export function templateBody(template: CloudFormationTemplate): string {
    return JSON.stringify(template);
}

/**
 * The template as YAML, for people to read: `Fn::Sub` in its long form, and YAML 1.1 quoting, so that no parser
 * reads `2012-10-17` as a date or `yes` as a boolean.
 */
export function templateYaml(template: CloudFormationTemplate): string {
    return yamlStringify(template, { version: "1.1", lineWidth: 0 });
}

/**
 * What CloudFormation makes of a template value in one stack instance: `Ref` and `Fn::Sub` of `AWS::AccountId` and
 * `AWS::Region` filled in, `${!` unescaped. For the access report and tests, which judge the role as deployed.
 * Any other intrinsic function is an error: the templates of this program hold no other.
 */
export function resolvePseudoParameters<T>(value: WithIntrinsics<T>, at: { accountId: string; region: string }): T {
    const params: Record<string, string> = { "AWS::AccountId": at.accountId, "AWS::Region": at.region };
    const walk = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(walk);
        if (v === null || typeof v !== "object") return v;
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        if (keys.length === 1 && keys[0] === "Ref") {
            const p = params[String(o.Ref)];
            if (p === undefined) throw new Error(`resolvePseudoParameters: Ref ${String(o.Ref)} is not a pseudo parameter this program writes`);
            return p;
        }
        if (keys.length === 1 && keys[0] === "Fn::Sub") {
            return String(o["Fn::Sub"]).replace(/\$\{(!?)([^}]*)\}/g, (_, bang: string, name: string) => {
                if (bang === "!") return `\${${name}}`;
                const p = params[name];
                if (p === undefined) throw new Error(`resolvePseudoParameters: \${${name}} is not a pseudo parameter this program writes`);
                return p;
            });
        }
        if (keys.some((k) => k === "Ref" || k.startsWith("Fn::"))) throw new Error(`resolvePseudoParameters: unexpected intrinsic ${keys.join(", ")}`);
        return Object.fromEntries(keys.map((k) => [k, walk(o[k])]));
    };
    return walk(value) as T;
}
