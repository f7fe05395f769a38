/**
 * CrossGuard rules for IAM cross-account access, kept apart from `new PolicyPack(...)` (index.ts) so
 * tests can call each rule's validate function directly.
 *
 * The rules read resources by their type token (`aws:iam/role:Role`, ...) and never import
 * @pulumi/aws, so they work on any Pulumi program that manages IAM with the aws provider. Policy
 * documents arrive as JSON text or as objects; both are read. A value that is unknown during
 * `pulumi preview` (a document built from another resource's output) is skipped, not failed: the
 * engine runs the rules again during `pulumi up`, when the value is known.
 */
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

export const ROLE_TYPE = "aws:iam/role:Role";
export const ROLE_POLICY_TYPE = "aws:iam/rolePolicy:RolePolicy";
export const USER_POLICY_TYPE = "aws:iam/userPolicy:UserPolicy";
export const GROUP_POLICY_TYPE = "aws:iam/groupPolicy:GroupPolicy";
export const MANAGED_POLICY_TYPE = "aws:iam/policy:Policy";
export const ROLE_POLICY_ATTACHMENT_TYPE = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

/** Identity policy resources whose `policy` input may grant sts:AssumeRole. */
const IDENTITY_POLICY_TYPES = [ROLE_POLICY_TYPE, USER_POLICY_TYPE, GROUP_POLICY_TYPE, MANAGED_POLICY_TYPE];

/** Defaults of the configurable limits (IAM's own maxima). */
export const DEFAULT_MAX_SESSION_DURATION = 43200;
export const DEFAULT_MAX_TRUST_POLICY_SIZE = 2048;

/** AWS managed policies known to allow every action, for roles whose attached policies cannot be read. */
const ALL_ACTIONS_AWS_POLICIES = /^arn:aws(?:-[a-z]+)*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess)$/;

/** One statement of a policy document as found: nothing about its shape is trusted. */
export interface FoundStatement {
    /** `"Sid"` when the statement has one, else its 1-based position: how messages name it. */
    label: string;
    Effect?: unknown;
    Principal?: unknown;
    Action?: unknown;
    NotAction?: unknown;
    Resource?: unknown;
    NotResource?: unknown;
    Condition?: unknown;
}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Reads `obj[key]`, or undefined when the value is unknown. During preview the engine hands rules a
 * proxy that throws on reading an unknown value; that is the only error this swallows.
 */
export function knownProperty(obj: unknown, key: string): unknown {
    try {
        return isObject(obj) ? obj[key] : undefined;
    } catch {
        return undefined;
    }
}

/** A deep plain copy of a value, or undefined when any part of it is unknown. */
function knownPlain(value: unknown): unknown {
    if (value === undefined) return undefined;
    try {
        const text = JSON.stringify(value);
        return text === undefined ? undefined : (JSON.parse(text) as unknown);
    } catch {
        return undefined;
    }
}

/**
 * A policy document given as JSON text or as an object, as a plain object; undefined when it is
 * unknown, not JSON, or not an object.
 */
export function policyDocument(value: unknown): JsonObject | undefined {
    let doc = knownPlain(value);
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc) as unknown;
        } catch {
            return undefined;
        }
    }
    return isObject(doc) ? doc : undefined;
}

/** The statements of a policy document (a single statement object counts as a list of one). */
export function policyStatements(value: unknown): FoundStatement[] {
    const doc = policyDocument(value);
    const raw = doc?.Statement;
    const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : [];
    const out: FoundStatement[] = [];
    list.forEach((st, i) => {
        if (!isObject(st)) return;
        out.push({ ...st, label: typeof st.Sid === "string" && st.Sid !== "" ? `"${st.Sid}"` : String(i + 1) });
    });
    return out;
}

/** Size of a policy as IAM counts it: its JSON without white space. Undefined when unknown. */
export function policyTextSize(value: unknown): number | undefined {
    const doc = policyDocument(value);
    return doc === undefined ? undefined : JSON.stringify(doc).length;
}

/** A string or a list of strings as a list; anything else as an empty list. */
function stringList(v: unknown): string[] {
    if (typeof v === "string") return [v];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** `aws:iam/role:Role` + `reader-role` -> `Role "reader-role"`: how every message names a resource. */
export function resourceLabel(type: string, name: string): string {
    return `${type.slice(type.lastIndexOf(":") + 1)} "${name}"`;
}

/** The `AWS` principals of a statement (`Principal: "*"` counts as `AWS: "*"`). */
export function awsPrincipals(st: FoundStatement): string[] {
    if (st.Principal === "*") return ["*"];
    return isObject(st.Principal) ? stringList(st.Principal.AWS) : [];
}

/** The account a principal names: `arn:...:iam::<id>:...` or a bare 12-digit id; undefined otherwise. */
export function principalAccount(principal: string): string | undefined {
    if (/^\d{12}$/.test(principal)) return principal;
    return /^arn:[\w-]+:iam::(\d{12}):/.exec(principal)?.[1];
}

/** A whole account as principal: `arn:<partition>:iam::<id>:root` or a bare 12-digit id. */
export function isAccountPrincipal(principal: string): boolean {
    return /^\d{12}$/.test(principal) || /^arn:[\w-]+:iam::\d{12}:root$/.test(principal);
}

/** IAM's case-insensitive `*` / `?` matching of an action or ARN pattern against a concrete value. */
export function wildcardMatches(pattern: string, value: string): boolean {
    const source = pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
        .join("");
    return new RegExp(`^${source}$`, "i").test(value);
}

/** True when an Allow statement lets its holder call `action` (through Action, or through NotAction). */
export function allowsAction(st: FoundStatement, action: string): boolean {
    if (st.Effect !== "Allow") return false;
    if (st.NotAction !== undefined) return !stringList(st.NotAction).some((p) => wildcardMatches(p, action));
    return stringList(st.Action).some((p) => wildcardMatches(p, action));
}

/**
 * True when a Resource entry could match a role ARN: `*`, a wildcard service or account, or an IAM
 * ARN whose resource part is `role/...` or starts with a wildcard. `arn:aws:s3:::bucket/*` cannot.
 */
export function coversRoles(resource: string): boolean {
    if (!resource.startsWith("arn:")) return true;
    const parts = resource.split(":");
    const service = parts[2] ?? "";
    if (!/[*?]/.test(service) && service.toLowerCase() !== "iam") return false;
    const rest = parts.slice(5).join(":");
    const head = rest.split("/")[0];
    return /[*?]/.test(head) || head.toLowerCase() === "role";
}

/** An exact role ARN: `arn:<partition>:iam::<12 digits>:role/<path/>name`, no wildcard anywhere. */
export function isExactRoleArn(resource: string): boolean {
    return /^arn:[\w-]+:iam::\d{12}:role\/[^*?]+$/.test(resource) && !resource.endsWith("/");
}

/**
 * True when a trust statement's Condition narrows a whole-account principal: a required (not
 * `...IfExists`, not negated) `sts:ExternalId`, `aws:MultiFactorAuthPresent` true, or `aws:PrincipalArn`
 * pinned to exact ARNs (which is no longer trust of the whole account). `aws:PrincipalOrgID` does not
 * count: every principal of the trusted account belongs to that account's organization.
 */
export function narrowsAccountTrust(condition: unknown): boolean {
    if (!isObject(condition)) return false;
    for (const [operator, block] of Object.entries(condition)) {
        if (!isObject(block) || /IfExists$/i.test(operator) || /Not|^Null$/i.test(operator)) continue;
        const op = operator.replace(/^For(All|Any)Values:/i, "").toLowerCase();
        for (const [key, value] of Object.entries(block)) {
            const values = stringList(value);
            if (values.length === 0) continue;
            switch (key.toLowerCase()) {
                case "sts:externalid":
                    if (op.startsWith("string")) return true;
                    break;
                case "aws:multifactorauthpresent":
                    if (op === "bool" && values.every((v) => v.toLowerCase() === "true")) return true;
                    break;
                case "aws:principalarn":
                    if ((op === "arnequals" || op === "stringequals") && values.every((v) => !/[*?]/.test(v))) return true;
                    break;
            }
        }
    }
    return false;
}

/** A wildcard action: `*`, or every action of one service (`s3:*`). */
export function isWildcardAction(action: string): boolean {
    return action === "*" || /^[^:]+:\*$/.test(action);
}

/** Policy config read by the configurable rules; every property is optional and has a default. */
export interface SessionDurationConfig {
    maxSessionDuration?: number;
}
export interface TrustPolicySizeConfig {
    maxSize?: number;
}

// ---------------------------------------------------------------------------------------------
// Trust policies (aws:iam/role:Role assumeRolePolicy)

export const noWildcardTrustPrincipal: ResourceValidationPolicy = {
    name: "iam-trust-no-wildcard-principal",
    description: 'A role\'s trust policy must not allow Principal "*" or AWS "*": that lets any AWS account in.',
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        for (const st of policyStatements(knownProperty(args.props, "assumeRolePolicy"))) {
            if (st.Effect !== "Allow") continue;
            const wild = awsPrincipals(st).filter((p) => p.includes("*"));
            if (wild.length > 0) {
                report(
                    `${resourceLabel(args.type, args.name)}: trust policy statement ${st.label} allows principal ${JSON.stringify(wild[0])}, which is every AWS account; name the principals that may assume this role`,
                );
            }
        }
    },
};

export const accountTrustNeedsCondition: ResourceValidationPolicy = {
    name: "iam-account-trust-requires-condition",
    description:
        "A trust statement naming a whole account (:root or a 12-digit id) must require sts:ExternalId or aws:MultiFactorAuthPresent, or pin aws:PrincipalArn to exact ARNs (aws:PrincipalOrgID narrows nothing: every principal of the account is in its organization).",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        for (const st of policyStatements(knownProperty(args.props, "assumeRolePolicy"))) {
            if (st.Effect !== "Allow") continue;
            const accounts = awsPrincipals(st).filter(isAccountPrincipal);
            if (accounts.length === 0 || narrowsAccountTrust(st.Condition)) continue;
            report(
                `${resourceLabel(args.type, args.name)}: trust policy statement ${st.label} trusts the whole account ${accounts.join(", ")} with no condition that narrows it; require sts:ExternalId or aws:MultiFactorAuthPresent in its Condition, or pin aws:PrincipalArn to exact ARNs (aws:PrincipalOrgID narrows nothing here: every principal of the account is in its organization)`,
            );
        }
    },
};

export const sessionDurationWithinLimit: ResourceValidationPolicy = {
    name: "iam-max-session-duration",
    description: "A role's maxSessionDuration must not exceed the configured limit (seconds).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxSessionDuration: {
                type: "integer",
                minimum: 3600,
                maximum: DEFAULT_MAX_SESSION_DURATION,
                default: DEFAULT_MAX_SESSION_DURATION,
                description: "Longest session a role may allow, in seconds (IAM allows 3600 to 43200).",
            },
        },
    },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        const limit = args.getConfig<SessionDurationConfig>().maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION;
        const raw = knownProperty(args.props, "maxSessionDuration");
        // Not set: IAM's default of one hour.
        const value = raw === undefined ? 3600 : Number(raw);
        if (Number.isFinite(value) && value > limit) {
            report(`${resourceLabel(args.type, args.name)}: maxSessionDuration is ${value} seconds; the limit is ${limit} (policy config maxSessionDuration)`);
        }
    },
};

export const trustPolicySizeWithinQuota: ResourceValidationPolicy = {
    name: "iam-trust-policy-size",
    description: "A role's trust policy, as JSON without white space, must fit the ACLSizePerRole quota.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxSize: {
                type: "integer",
                minimum: 1,
                maximum: 4096,
                default: DEFAULT_MAX_TRUST_POLICY_SIZE,
                description: "Largest trust policy in characters (IAM's default ACLSizePerRole quota is 2048, raisable to 4096).",
            },
        },
    },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type !== ROLE_TYPE) return;
        const limit = args.getConfig<TrustPolicySizeConfig>().maxSize ?? DEFAULT_MAX_TRUST_POLICY_SIZE;
        const size = policyTextSize(knownProperty(args.props, "assumeRolePolicy"));
        if (size !== undefined && size > limit) {
            report(
                `${resourceLabel(args.type, args.name)}: trust policy is ${size} characters (JSON without white space); the limit is ${limit} (policy config maxSize; IAM's ACLSizePerRole quota is 2048 by default, raisable to 4096)`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------
// Identity policies that grant sts:AssumeRole

/** Every identity policy document a resource carries, each with the words that name it in messages. */
export function identityPolicies(type: string, name: string, props: unknown): Array<{ where: string; document: unknown }> {
    const label = resourceLabel(type, name);
    if (IDENTITY_POLICY_TYPES.includes(type)) return [{ where: label, document: knownProperty(props, "policy") }];
    if (type !== ROLE_TYPE) return [];
    const inline = knownPlain(knownProperty(props, "inlinePolicies"));
    if (!Array.isArray(inline)) return [];
    return inline.filter(isObject).map((p, i) => ({
        where: `${label} inline policy ${typeof p.name === "string" ? `"${p.name}"` : String(i + 1)}`,
        document: p.policy,
    }));
}

export const assumeRoleOnExactArns: ResourceValidationPolicy = {
    name: "iam-assume-role-exact-arns",
    description: "A statement allowing sts:AssumeRole must name exact role ARNs: no *, no role/*, no wildcard in the name.",
    enforcementLevel: "mandatory",
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        for (const { where, document } of identityPolicies(args.type, args.name, args.props)) {
            for (const st of policyStatements(document)) {
                if (!allowsAction(st, "sts:AssumeRole")) continue;
                if (st.NotResource !== undefined) {
                    report(
                        `${where}: statement ${st.label} allows sts:AssumeRole with NotResource, which is every role not listed; name each role ARN in Resource`,
                    );
                    continue;
                }
                const bad = stringList(st.Resource).filter((r) => coversRoles(r) && !isExactRoleArn(r));
                if (bad.length > 0) {
                    report(
                        `${where}: statement ${st.label} allows sts:AssumeRole on ${bad.map((r) => JSON.stringify(r)).join(", ")}, not an exact role ARN; name each role ARN (no *, no role/*, no wildcard in the name)`,
                    );
                }
            }
        }
    },
};

// ---------------------------------------------------------------------------------------------
// Roles trusted by another account: no wildcard actions in what they may do

/** The accounts other than the role's own that its trust policy lets in (`*` counts as one). */
export function otherTrustedAccounts(role: { props: unknown }): string[] {
    const own = principalAccount(stringList(knownProperty(role.props, "arn"))[0] ?? "");
    const out = new Set<string>();
    for (const st of policyStatements(knownProperty(role.props, "assumeRolePolicy"))) {
        if (st.Effect !== "Allow") continue;
        for (const p of awsPrincipals(st)) {
            const account = p.includes("*") ? "*" : principalAccount(p);
            // The role's own account is unknown before it exists: then every account named counts.
            if (account !== undefined && account !== own) out.add(account);
        }
    }
    return [...out];
}

/** True when `resource` (a RolePolicy or attachment) belongs to `role`: by dependency on its `role` input, or by name. */
function attachedTo(resource: PolicyResource, role: PolicyResource): boolean {
    if ((resource.propertyDependencies?.role ?? []).some((d) => d.urn === role.urn)) return true;
    const target = knownProperty(resource.props, "role");
    const roleName = knownProperty(role.props, "name");
    return typeof target === "string" && target !== "" && (target === roleName || target === knownProperty(role.props, "arn"));
}

/** The customer managed policy a `policyArn` names, by dependency or by ARN. */
function managedPolicyFor(arn: unknown, deps: PolicyResource[], all: PolicyResource[]): PolicyResource | undefined {
    const viaDependency = deps.find((d) => d.type === MANAGED_POLICY_TYPE);
    if (viaDependency) return viaDependency;
    return typeof arn === "string" ? all.find((r) => r.type === MANAGED_POLICY_TYPE && knownProperty(r.props, "arn") === arn) : undefined;
}

/** The permission documents of a role: inline policies, RolePolicy resources and attached managed policies. */
function permissionDocumentsOf(role: PolicyResource, all: PolicyResource[]): Array<{ where: string; document?: unknown; awsManaged?: string }> {
    const out: Array<{ where: string; document?: unknown; awsManaged?: string }> = [];
    out.push(...identityPolicies(role.type, role.name, role.props));
    for (const r of all) {
        if (r.type === ROLE_POLICY_TYPE && attachedTo(r, role)) {
            out.push({ where: resourceLabel(r.type, r.name), document: knownProperty(r.props, "policy") });
        } else if (r.type === ROLE_POLICY_ATTACHMENT_TYPE && attachedTo(r, role)) {
            const arn = knownProperty(r.props, "policyArn");
            const policy = managedPolicyFor(arn, r.propertyDependencies?.policyArn ?? [], all);
            if (policy)
                out.push({
                    where: `${resourceLabel(policy.type, policy.name)} (attached by ${resourceLabel(r.type, r.name)})`,
                    document: knownProperty(policy.props, "policy"),
                });
            else if (typeof arn === "string" && ALL_ACTIONS_AWS_POLICIES.test(arn)) out.push({ where: resourceLabel(r.type, r.name), awsManaged: arn });
        }
    }
    for (const arn of stringList(knownPlain(knownProperty(role.props, "managedPolicyArns")))) {
        const policy = managedPolicyFor(arn, [], all);
        if (policy) out.push({ where: `${resourceLabel(policy.type, policy.name)} (in managedPolicyArns)`, document: knownProperty(policy.props, "policy") });
        else if (ALL_ACTIONS_AWS_POLICIES.test(arn)) out.push({ where: `${resourceLabel(role.type, role.name)} managedPolicyArns`, awsManaged: arn });
    }
    return out;
}

export const noWildcardActionsForCrossAccountRoles: StackValidationPolicy = {
    name: "iam-no-wildcard-actions-cross-account",
    description: 'A role trusted by another account must not be allowed "*" or "service:*" actions, nor NotAction (inline, RolePolicy or attached policies).',
    enforcementLevel: "mandatory",
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
        for (const role of args.resources) {
            if (role.type !== ROLE_TYPE) continue;
            const accounts = otherTrustedAccounts(role);
            if (accounts.length === 0) continue;
            const roleLabel = `${resourceLabel(role.type, role.name)} (trusted by account ${accounts.join(", ")})`;
            for (const p of permissionDocumentsOf(role, args.resources)) {
                if (p.awsManaged) {
                    report(
                        `${roleLabel}: ${p.where} attaches ${p.awsManaged}, which allows every action; attach a policy naming the actions it needs`,
                        role.urn,
                    );
                    continue;
                }
                for (const st of policyStatements(p.document)) {
                    if (st.Effect !== "Allow") continue;
                    if (st.NotAction !== undefined) {
                        report(
                            `${roleLabel}: ${p.where} statement ${st.label} allows NotAction ${JSON.stringify(st.NotAction)}, which is every other action of every service; name the actions it needs in Action`,
                            role.urn,
                        );
                        continue;
                    }
                    const wild = stringList(st.Action).filter(isWildcardAction);
                    if (wild.length > 0) {
                        report(
                            `${roleLabel}: ${p.where} statement ${st.label} allows ${wild.map((a) => JSON.stringify(a)).join(", ")}; name the actions it needs`,
                            role.urn,
                        );
                    }
                }
            }
        }
    },
};

/** Every rule of the pack, in the order they are reported. */
export const policies: Array<ResourceValidationPolicy | StackValidationPolicy> = [
    noWildcardTrustPrincipal,
    accountTrustNeedsCondition,
    assumeRoleOnExactArns,
    noWildcardActionsForCrossAccountRoles,
    sessionDurationWithinLimit,
    trustPolicySizeWithinQuota,
];
