/**
 * `identityCenter`, and the rules between it and the `sso-permission-set` sources: the client snippets need
 * the access portal; account-b writes a permission set's inline policy only when it runs in the Identity Center
 * administration account and knows the permission set's ARN; and no trusted permission set's pattern
 * (`AWSReservedSSO_<name>_*`) may match the roles of another permission set that is known here.
 */
import { IDENTITY_CENTER_INSTANCE_ARN_PATTERN, PERMISSION_SET_ARN_PATTERN } from "../iam/patterns";
import { identityCenterRoleNamePrefix } from "../iam/arns";
import type { IdentityCenterConfig, SourceSpec } from "../model/config";
import { keyPath } from "../names";
import { IDENTITY_CENTER_SPEC } from "./keys";
import { ConfigProblems, ObjectReader } from "./reader";

const F = IDENTITY_CENTER_SPEC.fields;
type SsoSource = Extract<SourceSpec, { kind: "sso-permission-set" }>;

export function readIdentityCenter(
    r: ObjectReader | undefined,
    raw: unknown,
    sources: readonly SourceSpec[],
    /** Keys of the sources declared with kind sso-permission-set, valid or not (an invalid one was reported already). */
    declaredSso: readonly string[],
    sourceAccountId: string | undefined,
    problems: ConfigProblems,
): IdentityCenterConfig | undefined {
    const sso = sources.filter((s): s is SsoSource => s.kind === "sso-permission-set");
    checkOneSourcePerPermissionSet(sso, problems);
    if (!r) {
        if (raw === undefined && declaredSso.length > 0) {
            problems.addRule(
                "identityCenter",
                `not set; expected { startUrl, region } of the IAM Identity Center that signs people in to account B (source ${declaredSso.join(", ")} is an sso-permission-set, whose client snippets need an [sso-session])`,
            );
        }
        return undefined;
    }
    r.allowFields(IDENTITY_CENTER_SPEC);
    if (declaredSso.length === 0) {
        problems.addRule("identityCenter", "set, but no source is an sso-permission-set, so nothing reads it; remove it or add such a source");
    }
    r.requireKey("startUrl", F.startUrl);
    r.requireKey("region", F.region);
    const startUrl = r.stringKey("startUrl", F.startUrl);
    const region = r.stringKey("region", F.region);
    const sessionName = r.stringKey("sessionName", F.sessionName);
    const account = r.stringKey("account", F.account);
    const instanceArn = r.stringKey("instanceArn", F.instanceArn);
    const permissionSets = r.stringMap("permissionSets", F.permissionSets);
    const managing = r.has("instanceArn") || r.has("permissionSets");

    if (managing) {
        if (!r.has("instanceArn") || !r.has("permissionSets") || !r.has("account")) {
            problems.addRule(
                "identityCenter",
                `set instanceArn, permissionSets and account together (found ${["instanceArn", "permissionSets", "account"].filter((k) => r.has(k)).join(", ")}): account-b writes a permission set's inline policy only in the administration account, for a permission set whose ARN it knows`,
            );
        } else if (account !== undefined && sourceAccountId !== undefined && account !== sourceAccountId) {
            problems.addRule(
                "identityCenter",
                `account ${account} is the Identity Center administration account, and account-b deploys into ${sourceAccountId}, where no permission set can be written; remove instanceArn and permissionSets (account-b then outputs each grant for ${account}'s admins to attach), or set account to ${sourceAccountId} if that is the administration account`,
            );
        }
        const instanceId = instanceArn === undefined ? undefined : IDENTITY_CENTER_INSTANCE_ARN_PATTERN.exec(instanceArn)?.[1];
        for (const [name, arn] of Object.entries(permissionSets)) {
            const k = keyPath(keyPath("identityCenter", "permissionSets"), name);
            const of = PERMISSION_SET_ARN_PATTERN.exec(arn)?.[1];
            if (instanceId !== undefined && of !== instanceId) problems.add(k, arn, `a permission set of instance ${instanceId} (identityCenter.instanceArn)`);
            if (!sso.some((s) => s.permissionSet === name))
                problems.addRule(
                    k,
                    `no sso-permission-set source names permission set ${name}, so account-b would not write it; remove it or add such a source`,
                );
        }
        for (const s of sso) {
            // Own keys only: a permission set named constructor or toString must not find Object's.
            const listed = (o: unknown) => typeof o === "object" && o !== null && Object.prototype.hasOwnProperty.call(o, s.permissionSet);
            if (r.has("permissionSets") && !listed(permissionSets) && !listed(r.value.permissionSets)) {
                problems.add(
                    keyPath(keyPath("sources", s.key), "permissionSet"),
                    s.permissionSet,
                    `a key of identityCenter.permissionSets (${Object.keys(permissionSets).join(", ") || "none"}): account-b writes the AssumeRole grant into that permission set`,
                );
            }
        }
    }
    checkPatternsApart(sso, Object.keys(permissionSets), problems);
    if (startUrl === undefined || region === undefined || sessionName === undefined) return undefined;
    return {
        startUrl,
        region,
        sessionName,
        ...(account !== undefined ? { account } : {}),
        ...(managing && instanceArn !== undefined ? { instanceArn } : {}),
        permissionSets: managing ? permissionSets : {},
    };
}

/** One source per permission set: two would stand for the same roles of B (and share one inline policy). */
function checkOneSourcePerPermissionSet(sso: readonly SsoSource[], problems: ConfigProblems): void {
    sso.forEach((s, i) => {
        const first = sso.findIndex((o) => o.permissionSet === s.permissionSet);
        if (first < i) {
            problems.add(
                keyPath(keyPath("sources", s.key), "permissionSet"),
                s.permissionSet,
                `a permission set no other source names (source ${sso[first].key} stands for its roles already)`,
            );
        }
    });
}

/**
 * `AWSReservedSSO_<name>_*` also matches the roles of a permission set named `<name>_<more>`: refused when
 * that permission set is known here (another source, or identityCenter.permissionSets). One the config does not
 * name cannot be checked: docs/principals.md says so.
 */
function checkPatternsApart(sso: readonly SsoSource[], known: readonly string[], problems: ConfigProblems): void {
    const names = [...new Set([...sso.map((s) => s.permissionSet), ...known])];
    for (const s of sso) {
        const prefix = identityCenterRoleNamePrefix(s.permissionSet);
        const caught = names.filter((n) => n !== s.permissionSet && identityCenterRoleNamePrefix(n).startsWith(prefix));
        if (caught.length > 0) {
            problems.add(
                keyPath(keyPath("sources", s.key), "permissionSet"),
                s.permissionSet,
                `a permission set whose trust pattern ${prefix}* does not also match the roles of permission set ${caught.join(", ")} (its roles are ${identityCenterRoleNamePrefix(caught[0])}<suffix>); rename one of them`,
            );
        }
    }
}
