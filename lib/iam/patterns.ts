/** What IAM accepts as a name, path, id or ARN: the patterns every rule in lib/config/ checks against. */
/** Role, user and instance profile names: `[\w+=,.@-]`. */
export const IAM_NAME_PATTERN = /^[\w+=,.@-]+$/;
/** STS `RoleSessionName` (and the CLI's `role_session_name`): 2 to 64 of `[\w+=,.@-]`. */
export const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
/** A path is `/` or `/segment/.../` of printable ASCII (0x21-0x7E), no segment empty (IAM refuses `//`). */
export const IAM_PATH_PATTERN = /^\/(?:[\x21-\x2E\x30-\x7E]+\/)*$/;
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]+$/;
export const ORG_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** An organization root id: `r-` and 4 to 32 lowercase letters or digits. */
export const ROOT_ID_PATTERN = /^r-[a-z0-9]{4,32}$/;
/**
 * An organizational unit id: `ou-`, the id of the root that holds it without its `r-` (4 to 32 lowercase letters
 * or digits), `-`, and 8 to 32 lowercase letters or digits. The first group is captured: an OU of another root
 * (another organization) shows there.
 */
export const OU_ID_PATTERN = /^ou-([a-z0-9]{4,32})-[a-z0-9]{8,32}$/;
/**
 * Where an account sits in its organization, as `aws:PrincipalOrgPaths` spells it: `<org id>/<root id>/`, then one
 * to five OU ids (Organizations nests OUs five deep), each followed by `/`. Groups: org id, root id, the OU ids.
 * No wildcard: the one `*` of a condition is the final one the program adds (`organizationPathPattern`).
 */
export const ORGANIZATION_PATH_PATTERN = /^(o-[a-z0-9]{10,32})\/(r-[a-z0-9]{4,32})\/((?:ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}\/){1,5})$/;
/** The one policy variable a `sts:RoleSessionName` condition may name: the IAM user's name (present for IAM users only). */
export const USERNAME_VARIABLE = "${aws:username}";
/**
 * A `sts:RoleSessionName` condition value: session name characters, the wildcards `*` and `?`, and
 * `${aws:username}` (lib/config/trust-conditions.ts checks length, wildcards and where the variable may be used).
 */
export const ROLE_SESSION_NAME_CONDITION_PATTERN = /^(?:[\w+=,.@*?-]|\$\{aws:username\})+$/;
export const POLICY_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:iam::(?:aws|\d{12}):policy\/[\w+=,.@/-]+$/;
/**
 * An exact role or user ARN: path segments of printable ASCII, an IAM name, and no `*` or `?`
 * anywhere (in a trust policy or an `aws:PrincipalArn` ArnEquals condition a wildcard would match
 * every principal of that shape).
 */
export const PRINCIPAL_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):(role|user)((?:\/[\x21-\x29\x2B-\x2E\x30-\x3E\x40-\x7E]+)*\/[\w+=,.@-]+)$/;
/** IAM tag keys and values: letters, digits, white space and `_ . : / = + - @` (values may be empty). */
export const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
export const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/**
 * A KMS key ARN (`key/<key id>`, a multi-Region key's `mrk-...` too), exact: no alias (IAM does not
 * match a key's aliases against Resource) and no wildcard. Captures partition, region and account.
 */
export const KMS_KEY_ARN_PATTERN = /^arn:(aws(?:-[a-z]+)*):kms:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):key\/[A-Za-z0-9-]+$/;
export const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;
/** An IAM Identity Center permission set name (CreatePermissionSet: 1 to 32 of `[\w+=,.@-]`). */
export const PERMISSION_SET_NAME_PATTERN = /^[\w+=,.@-]{1,32}$/;
/** An IAM Identity Center instance ARN (CloudFormation's pattern for `InstanceArn`). */
export const IDENTITY_CENTER_INSTANCE_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:sso:::instance\/((?:sso)?ins-[a-zA-Z0-9-.]{16})$/;
/** A permission set ARN (CloudFormation's pattern for `PermissionSetArn`); group 1 is the instance id. */
export const PERMISSION_SET_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:sso:::permissionSet\/((?:sso)?ins-[a-zA-Z0-9-.]{16})\/ps-[a-zA-Z0-9-./]{16}$/;

/** IAM's StringLike of a session name pattern without a policy variable against one name (`*` any characters, `?` one). */
export function sessionNameMatches(pattern: string, name: string): boolean {
    if (pattern.includes(USERNAME_VARIABLE)) return false;
    const source = pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
        .join("");
    return new RegExp(`^${source}$`).test(name);
}

/**
 * True when some string matches both IAM wildcard patterns (`*` any characters, `?` one; a pattern without them is
 * the one string it spells): whether an `ArnLike` pattern admits an exact ARN, or two patterns admit a common ARN.
 * Patterns here hold wildcards only after the last `:` (the resource part), so `*` never has to stop at a `:`.
 */
export function wildcardPatternsOverlap(a: string, b: string): boolean {
    const seen = new Map<number, boolean>();
    const from = (i: number, j: number): boolean => {
        const key = i * (b.length + 1) + j;
        const known = seen.get(key);
        if (known !== undefined) return known;
        let result: boolean;
        if (i === a.length && j === b.length) result = true;
        else if (a[i] === "*") result = from(i + 1, j) || (j < b.length && from(i, j + 1));
        else if (b[j] === "*") result = from(i, j + 1) || (i < a.length && from(i + 1, j));
        else result = i < a.length && j < b.length && (a[i] === "?" || b[j] === "?" || a[i] === b[j]) && from(i + 1, j + 1);
        seen.set(key, result);
        return result;
    };
    return from(0, 0);
}
