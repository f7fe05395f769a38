/**
 * What a policy statement grants: the principals and accounts it names, the actions it allows, whether its
 * resources cover roles, and whether its conditions narrow a whole-account trust. IAM's own matching rules.
 */
import { FoundStatement, isObject, stringList } from "./documents";

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
 * The one exception to exact role ARNs: a role of one path and name in every account,
 * `arn:<partition>:iam::*:role/<path/>name`, with `*` as the whole account and no other wildcard. Accepted only in a
 * statement that `pinsAccountToOrganization` (a role deployed to whole OUs by a StackSet, whose accounts are not known).
 */
export function isRoleArnInEveryAccount(resource: string): boolean {
    return /^arn:[\w-]+:iam::\*:role\/[^*?]+$/.test(resource) && !resource.endsWith("/");
}

/** An `aws:ResourceOrgPaths` value naming an OU (and what is below it): `o-.../r-.../ou-.../.../` or with a final `*`. */
const ORG_PATH_PATTERN = /^o-[a-z0-9]{10,32}\/r-[a-z0-9]{4,32}\/(?:ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}\/)+\*?$/;
const ORG_ID_VALUE_PATTERN = /^o-[a-z0-9]{10,32}$/;

/**
 * True when a statement's Condition pins the account of the resource to an organization, so that `*` in the account
 * of a role ARN means only the accounts of it: `ForAnyValue:StringLike aws:ResourceOrgPaths` with OU paths (an account
 * outside every OU, or in no organization, matches none), or `StringEquals aws:ResourceOrgID` with organization ids.
 * Not `ForAllValues` (true when the key is missing), not `...IfExists`, not a wildcard outside the final `*` of a path.
 */
export function pinsAccountToOrganization(condition: unknown): boolean {
    if (!isObject(condition)) return false;
    for (const [operator, block] of Object.entries(condition)) {
        if (!isObject(block)) continue;
        for (const [key, value] of Object.entries(block)) {
            const values = stringList(value);
            if (values.length === 0 || (Array.isArray(value) && values.length !== value.length)) continue;
            const k = key.toLowerCase();
            if (operator === "ForAnyValue:StringLike" && k === "aws:resourceorgpaths" && values.every((v) => ORG_PATH_PATTERN.test(v))) return true;
            if (operator === "StringEquals" && k === "aws:resourceorgid" && values.every((v) => ORG_ID_VALUE_PATTERN.test(v))) return true;
        }
    }
    return false;
}

/**
 * A role ARN pattern pinned by its literal start: no `?`, and at least 3 literal characters of the role name before
 * the first `*` (`role/okta/data-analyst-*`), so it cannot admit every role of a path.
 */
export function pinnedRolePattern(value: string): boolean {
    if (value.includes("?")) return false;
    const star = value.indexOf("*");
    return /^arn:[\w-]+:iam::\d{12}:role\/(?:[^/*]+\/)*[^/*]{3,}$/.test(star < 0 ? value : value.slice(0, star));
}

/**
 * An `aws:PrincipalArn` pattern for the roles IAM Identity Center creates (`AWSReservedSSO_<permission set>_<suffix>`
 * under `role/aws-reserved/sso.amazonaws.com/`, maybe after a region segment, a `*` segment or a bare `*`): undefined when the value is not
 * about them; else the permission set it pins, or the problem that makes it match other permission sets' roles.
 */
export function identityCenterPattern(value: string): { permissionSet?: string; problem?: string } | undefined {
    const at = value.indexOf("AWSReservedSSO");
    if (at < 0 && !/aws-reserved\/sso\.amazonaws\.com/i.test(value)) return undefined;
    const path = /^arn:[\w-]+:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/(\*\/?|[a-z]{2}(-[a-z]+)+-\d\/)?$/;
    if (at < 0 || !path.test(value.slice(0, at))) {
        return { problem: "which does not pin the role name: name AWSReservedSSO_<permission set>_* under role/aws-reserved/sso.amazonaws.com/" };
    }
    const rest = value.slice(at + "AWSReservedSSO".length);
    const pinned = /^_([\w+=,.@-]+)_\*$/.exec(rest);
    if (pinned) return { permissionSet: pinned[1] };
    const name = rest.endsWith("_*") ? rest.slice(1, -2) : rest.replace(/^_/, "").replace(/\*$/, "");
    if (!rest.startsWith("_") || name === "" || /[*?]/.test(name)) {
        return { problem: "whose permission set name is a wildcard, so it matches the role of every permission set; name one: AWSReservedSSO_<name>_*" };
    }
    return {
        problem: `which has no "_" between the permission set name and the final *, so it also matches the roles of permission sets whose name extends it (AWSReservedSSO_Admin* matches AdminFull's); end it with _*`,
    };
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
                    // The roles of named IAM Identity Center permission sets: only Identity Center creates roles of that path and name.
                    if (
                        (op === "arnlike" || op === "stringlike") &&
                        values.every((v) => identityCenterPattern(v)?.permissionSet !== undefined || pinnedRolePattern(v))
                    )
                        return true;
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
