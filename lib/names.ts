/**
 * Every name this program derives, in one place: config key paths as messages spell them, stack names
 * and their sides, Pulumi logical names, and IAM policy names. A rename here is a rename everywhere;
 * nothing else builds these strings. Pure.
 */
import type { Side } from "./model/config";

/** Joins a path and a map key the way `pulumi config set --path` does (a quoted key is JSON-escaped, so `"` stays unambiguous). */
export function keyPath(parent: string, child: string | number): string {
    if (typeof child === "number") return `${parent}[${child}]`;
    if (parent === "") return child;
    return /^[A-Za-z_][\w-]*$/.test(child) ? `${parent}.${child}` : `${parent}[${JSON.stringify(child)}]`;
}

/** Stack names that pick their side without a `side` config value. */
export const STACK_SIDES: Readonly<Record<string, Side>> = { "account-a": "target", "account-b": "source" };

/** The stack name of account B that account A reads by default. */
export const DEFAULT_SOURCE_STACK = "account-b";

/** The StackReference name account A reads when `sourceStack` is not set: `<org>/<project>/account-b`. */
export function defaultSourceStack(organization: string, project: string): string {
    return qualifiedStackName(organization, project, DEFAULT_SOURCE_STACK);
}

/** Logical name of account A's StackReference to account B. */
export const SOURCE_STACK_REFERENCE = "source-stack";

/** The names the two accounts of the two-account layout go by inside the program (never in its outputs). */
export const TWO_ACCOUNT_NAMES = { target: "A", source: "B" } as const;

/** Logical name of a target stack's StackReference to the stack of source account `account` (named accounts). */
export function sourceStackReferenceName(account: string): string {
    return `${SOURCE_STACK_REFERENCE}-${account}`;
}

/** The stack of a named account: `stacks.<account>` when set, else the account's name. */
export function stackOfAccount(account: string, stacks: Readonly<Record<string, string>>): string {
    return Object.hasOwn(stacks, account) ? stacks[account] : account;
}

/** The StackReference name of a stack of this project: `<org>/<project>/<stack>`. */
export function qualifiedStackName(organization: string, project: string, stack: string): string {
    return `${organization}/${project}/${stack}`;
}

/** IAM name of a target role's inline permission policy. */
export const PERMISSION_POLICY_NAME = "permissions";

/** Logical id of the role in the CloudFormation template of a role deployed to whole OUs (lib/stacksets/template.ts). */
export const TEMPLATE_ROLE_LOGICAL_ID = "Role";

/** Name of that template's output holding the role's ARN in the account of each stack instance. */
export const TEMPLATE_ROLE_ARN_OUTPUT = "RoleArn";

/**
 * Name of the StackSet that deploys a role to whole OUs: `<project>-<role name>`, each character CloudFormation does
 * not allow in a StackSet name (`[a-zA-Z][-a-zA-Z0-9]*`, at most 128) replaced by `-`, prefixed `role-` when it would
 * not start with a letter. Distinct role names can map to one StackSet name (`a.b`, `a_b`): the config reader refuses that.
 */
export function stackSetName(project: string, roleName: string): string {
    const name = `${project}-${roleName}`.replace(/[^A-Za-z0-9-]/g, "-");
    return (/^[A-Za-z]/.test(name) ? name : `role-${name}`).slice(0, 128);
}

/** IAM name of a source principal's inline AssumeRole grant. */
export const GRANT_POLICY_NAME = "assume-target-roles";

/** IAM name of the `index`th (0-based) customer managed policy holding a source principal's AssumeRole grant. */
export function managedGrantPolicyName(principalName: string, index: number, grantPolicyName = GRANT_POLICY_NAME): string {
    return `${principalName}-${grantPolicyName}-${index + 1}`;
}

/** Logical name of a log group account A creates (`logsRead.create`); stable, since a rename replaces the group. */
export function logGroupLogicalName(logGroup: string): string {
    return `log-group-${logGroup.replace(/^\/+/, "").replace(/[^A-Za-z0-9-]+/g, "-")}`;
}

/** Logical name of the OIDC provider account B creates for an issuer (`token.actions.githubusercontent.com`); one per issuer. */
export function oidcProviderLogicalName(issuer: string): string {
    return `oidc-provider-${issuer.replace(/[^A-Za-z0-9-]+/g, "-")}`;
}

/** Logical name of the component that writes an sso-permission-set source's grant into its permission set. */
export function permissionSetGrantLogicalName(sourceKey: string): string {
    return `${sourceKey}-permission-set-grant`;
}

/**
 * Logical names of a component's children, `<component>-<part>`. The component's own name is the
 * source key (account B) or the role name (account A).
 */
export const childNames = {
    role: (component: string) => `${component}-role`,
    user: (component: string) => `${component}-user`,
    group: (component: string) => `${component}-group`,
    /** A user put in the group (`sources.<group>.members`). */
    groupMember: (component: string, userName: string) => `${component}-member-${userName}`,
    instanceProfile: (component: string) => `${component}-instance-profile`,
    permissionPolicy: (component: string) => `${component}-${PERMISSION_POLICY_NAME}`,
    grantPolicy: (component: string) => `${component}-${GRANT_POLICY_NAME}`,
    /** The StackSet of a role deployed to whole OUs, and its stack instances, one per OU. */
    stackSet: (component: string) => `${component}-stack-set`,
    stackSetInstance: (component: string, organizationalUnitId: string) => `${component}-${organizationalUnitId}`,
    /** The `index`th (0-based) managed grant policy and its attachment. */
    managedGrantPolicy: (component: string, index: number) => `${component}-${GRANT_POLICY_NAME}-${index + 1}`,
};

/**
 * Logical names of the attachments of managed policies to a role, named after each policy rather than
 * its position, so reordering the list changes nothing (`<role>-ReadOnlyAccess`); a repeated policy
 * name gets `-1` appended until it is unique.
 */
export function managedPolicyAttachmentNames(component: string, policyArns: readonly string[]): string[] {
    const seen = new Set<string>();
    return policyArns.map((policyArn) => {
        let suffix = policyArn.slice(policyArn.lastIndexOf("/") + 1);
        while (seen.has(suffix)) suffix += "-1";
        seen.add(suffix);
        return `${component}-${suffix}`;
    });
}

/**
 * A name for a probe of the access report: a role, user, log group, table, bucket or tag key that must
 * NOT be configured, so that a request naming it tests what it claims ("cannot assume another role").
 * Equals none of `taken`, compared case-insensitively (IAM names are unique case-insensitively): `base`,
 * else `base-2`, `base-3`, ... Those `n + 1` candidates (n = distinct taken names) differ from each other,
 * so at most n of them are taken and the loop ends within n + 1 steps. Never pass a secret in `taken`:
 * a probe that moved away from it would tell the reader what it is.
 */
export function probeName(base: string, taken: Iterable<string>): string {
    const used = new Set([...taken].map((t) => t.toLowerCase()));
    for (let i = 1; i <= used.size + 1; i++) {
        const candidate = i === 1 ? base : `${base}-${i}`;
        if (!used.has(candidate.toLowerCase())) return candidate;
    }
    throw new Error(`probeName: no free name for ${base} among ${used.size + 1} candidates`); // unreachable: see above
}

/**
 * An S3 key prefix outside `prefix` (non-empty): one that starts with another character, so neither is a
 * prefix of the other and `StringLike s3:prefix <prefix>*` cannot match it. No loop.
 */
export function probePrefix(prefix: string): string {
    return prefix.startsWith("o") ? "report-outside/" : "outside-prefix/";
}

/**
 * The ExternalId the access report sends as a wrong one. Made only of characters no ExternalId may hold
 * (`[\w+=,.@:/-]`), so it never equals the configured one and holds no token redaction could cut a
 * secret out of (a probe like `wrong-external-id!` would print as `[secret]!` for that ExternalId); and it
 * does not depend on the secret, since a probe moved away from the configured value would tell it.
 */
export const WRONG_EXTERNAL_ID_PROBE = "(!)";
