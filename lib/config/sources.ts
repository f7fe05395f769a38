/** `sources.<key>`: the principals of account B (with named accounts: of the account each names). */
import { PRINCIPAL_ARN_PATTERN } from "../iam/patterns";
import type { CustomPermissions, SourceSpec } from "../model/config";
import { PERMISSION_POLICY_NAME, TWO_ACCOUNT_NAMES, keyPath } from "../names";
import { AccountBook, readSourceAccount } from "./accounts";
import { PROJECT_SPEC, SOURCE_KIND_SPEC, SOURCE_SPECS, StringKey, StringRule, TAGS_SPEC } from "./keys";
import { readOidcRole } from "./oidc";
import { readSourcePermissions } from "./permissions";
import { ConfigProblems, ObjectReader } from "./reader";

const SOURCES_SPEC = PROJECT_SPEC.fields.sources;

export function readSources(r: ObjectReader | undefined, raw: unknown, book: AccountBook, partition: string, problems: ConfigProblems): SourceSpec[] {
    if (!r) {
        if (raw === undefined) problems.addRule("sources", `not set; expected ${SOURCES_SPEC.required}`);
        return [];
    }
    const out: SourceSpec[] = [];
    const entries = r.entries();
    if (entries.length === 0)
        problems.add(
            "sources",
            r.value,
            book.layout === "two-account" ? "at least one principal of account B" : "at least one principal of one of the accounts",
        );
    for (const [key] of entries) {
        const s = r.object(key);
        if (!s) {
            // YAML `key:` with nothing after it is null: say so rather than drop the source.
            if (r.value[key] === null) problems.add(keyPath(r.key, key), null, "an object such as { kind: service-role, service: ec2 }");
            continue;
        }
        const kind = s.enumKey("kind", SOURCE_KIND_SPEC);
        if (!kind) continue;
        s.allowFields(SOURCE_SPECS[kind], book.layout);
        // The two-account layout puts every source in B; with named accounts each names its own.
        const account = book.layout === "two-account" ? TWO_ACCOUNT_NAMES.source : readSourceAccount(s, book);
        const accountId = book.accounts.find((a) => a.name === account)?.id;
        // Every kind may fix the session name of its client snippets (lib/outputs/session-names.ts).
        const roleSessionName = s.stringKey("roleSessionName", SOURCE_SPECS[kind].fields.roleSessionName);
        const naming = roleSessionName === undefined ? {} : { roleSessionName };
        /** The IAM name: `name`, else the source key, which must then be a valid name itself. */
        const keyAsName = (nameSpec: StringKey) => {
            if (s.has("name")) return s.stringKey("name", nameSpec);
            const rule = nameSpec.rule as Required<StringRule>;
            if (!rule.pattern.test(key) || key.length > rule.max) {
                problems.add(keyPath(s.key, "name"), key, `${rule.expected} (defaults to the source key, which is not one)`);
                return undefined;
            }
            return key;
        };
        /** The source's account in messages: account B's id in the two-account layout, else the named account. */
        const home = book.layout === "two-account" ? `sourceAccountId ${accountId}` : `account ${account} (${accountId}), where source ${key} lives`;
        switch (kind) {
            case "service-role": {
                const f = SOURCE_SPECS[kind].fields;
                const name = keyAsName(f.name);
                const service = s.enumKey("service", f.service);
                const path = s.stringKey("path", f.path) ?? f.path.default;
                const description = s.stringKey("description", f.description);
                const tags = s.stringMap("tags", TAGS_SPEC);
                const ownPolicies = readOwnPolicies(s, f.grantPolicyName, "role");
                if (name && service && account)
                    out.push({
                        ...naming,
                        account,
                        kind,
                        key,
                        name,
                        path,
                        service,
                        description,
                        permissionsBoundary: s.stringKey("permissionsBoundary", f.permissionsBoundary),
                        tags,
                        ...ownPolicies,
                    });
                break;
            }
            case "oidc-role": {
                const f = SOURCE_SPECS[kind].fields;
                const name = keyAsName(f.name);
                const { oidc, providerArn } = readOidcRole(s, accountId, partition, book.layout === "two-account" ? undefined : home);
                const path = s.stringKey("path", f.path) ?? f.path.default;
                const description = s.stringKey("description", f.description);
                const tags = s.stringMap("tags", TAGS_SPEC);
                const permissionsBoundary = s.stringKey("permissionsBoundary", f.permissionsBoundary);
                const ownPolicies = readOwnPolicies(s, f.grantPolicyName, "role");
                if (name && oidc && account)
                    out.push({
                        ...naming,
                        account,
                        kind,
                        key,
                        name,
                        path,
                        oidc,
                        ...(providerArn !== undefined ? { providerArn } : {}),
                        description,
                        permissionsBoundary,
                        tags,
                        ...ownPolicies,
                    });
                break;
            }
            case "sso-permission-set": {
                const f = SOURCE_SPECS[kind].fields;
                s.requireKey("permissionSet", f.permissionSet);
                const permissionSet = s.stringKey("permissionSet", f.permissionSet);
                if (permissionSet !== undefined && account) out.push({ ...naming, account, kind, key, permissionSet });
                break;
            }
            case "federated-role": {
                const f = SOURCE_SPECS[kind].fields;
                const forms = (["arns", "namePattern"] as const).filter((k) => s.has(k));
                if (forms.length !== 1) {
                    problems.addRule(
                        s.key,
                        forms.length === 0
                            ? `a federated-role names its roles of ${book.layout === "two-account" ? "account B" : `account ${account} (${accountId})`}; set arns (exact role ARNs) or namePattern (with path)`
                            : "set only one of arns, namePattern (found both): the source is either exact roles or one name pattern",
                    );
                    break;
                }
                if (forms[0] === "arns") {
                    if (s.has("path")) problems.addRule(keyPath(s.key, "path"), "set only with namePattern: an ARN of arns holds its own path");
                    const arns = s.listKey("arns", f.arns);
                    if (!arns) break;
                    const inB = (arn: string) =>
                        arn.startsWith(`arn:${partition}:`) && (accountId === undefined || PRINCIPAL_ARN_PATTERN.exec(arn)?.[1] === accountId);
                    const wrong = arns.map((arn, i) => [arn, i] as const).filter(([arn]) => !inB(arn));
                    for (const [arn, i] of wrong)
                        problems.add(
                            keyPath(keyPath(s.key, "arns"), i),
                            arn,
                            book.layout === "two-account"
                                ? `a role of sourceAccountId ${accountId} in partition ${partition}`
                                : `a role of account ${account} (${accountId}) in partition ${partition}, where source ${key} lives`,
                        );
                    if (wrong.length === 0 && account) out.push({ ...naming, account, kind, key, roles: { arns } });
                } else {
                    const namePattern = s.stringKey("namePattern", f.namePattern);
                    const path = s.stringKey("path", f.path) ?? f.path.default;
                    // An invalid path was reported (the config fails): the default only keeps the shape.
                    if (namePattern !== undefined && account) out.push({ ...naming, account, kind, key, roles: { path, namePattern } });
                }
                break;
            }
            case "user": {
                const f = SOURCE_SPECS[kind].fields;
                const name = keyAsName(f.name);
                const path = s.stringKey("path", f.path) ?? f.path.default;
                const tags = s.stringMap("tags", TAGS_SPEC);
                const ownPolicies = readOwnPolicies(s, f.grantPolicyName, "user");
                const permissionsBoundary = s.stringKey("permissionsBoundary", f.permissionsBoundary);
                if (name && account)
                    out.push({
                        ...naming,
                        account,
                        kind,
                        key,
                        name,
                        path,
                        permissionsBoundary,
                        tags,
                        ...ownPolicies,
                    });
                break;
            }
            case "group": {
                const f = SOURCE_SPECS[kind].fields;
                const name = keyAsName(f.name);
                const path = s.stringKey("path", f.path) ?? f.path.default;
                const ownPolicies = readOwnPolicies(s, f.grantPolicyName, "group");
                const members = s.listKey("members", f.members) ?? [];
                if (name && account)
                    out.push({
                        ...naming,
                        account,
                        kind,
                        key,
                        name,
                        path,
                        ...(members.length > 0 ? { members } : {}),
                        ...ownPolicies,
                    });
                break;
            }
            case "existing": {
                const f = SOURCE_SPECS[kind].fields;
                s.requireKey("arns", f.arns);
                const arns = s.listKey("arns", f.arns);
                if (arns) {
                    arns.forEach((arn, i) => {
                        const arnAccount = PRINCIPAL_ARN_PATTERN.exec(arn)?.[1];
                        if (accountId && arnAccount !== accountId) {
                            problems.add(keyPath(keyPath(s.key, "arns"), i), arn, `a principal of ${home}`);
                        } else if (!arn.startsWith(`arn:${partition}:`)) {
                            problems.add(keyPath(keyPath(s.key, "arns"), i), arn, `an ARN in partition ${partition}`);
                        }
                    });
                    if (account) out.push({ ...naming, account, kind, key, arns });
                }
                break;
            }
            case "account-root": {
                if (account) out.push({ ...naming, account, kind, key });
                break;
            }
        }
    }
    return out;
}

/**
 * What a source principal holds besides the AssumeRole grant's statement: its own `permissions` and the
 * grant's `grantPolicyName`, as the fields of its spec (each only when set).
 */
function readOwnPolicies(
    s: ObjectReader,
    grantPolicyNameSpec: StringKey & { default: string },
    holder: "role" | "user" | "group",
): { permissions?: CustomPermissions; grantPolicyName?: string } {
    const permissions = readSourcePermissions(s.object("permissions"), holder);
    const grantPolicyName = readGrantPolicyName(s, grantPolicyNameSpec, permissions, holder);
    return { ...(grantPolicyName === undefined ? {} : { grantPolicyName }), ...(permissions ? { permissions } : {}) };
}

/**
 * `grantPolicyName`, refused when the source's own inline policy (`permissions.policyName`) has the same
 * name: both are inline policies of one principal, and IAM keeps one per name. Compared without case:
 * IAM tells most of its names apart without case, and two policies only a capital letter tells apart
 * are a trap in review anyway.
 */
function readGrantPolicyName(
    s: ObjectReader,
    spec: StringKey & { default: string },
    permissions: CustomPermissions | undefined,
    holder: "role" | "user" | "group",
): string | undefined {
    const name = s.stringKey("grantPolicyName", spec);
    if (!permissions || permissions.statements.length === 0) return name;
    const grant = name ?? spec.default;
    const own = permissions.policyName ?? PERMISSION_POLICY_NAME;
    if (grant.toLowerCase() === own.toLowerCase()) {
        s.problems.add(
            keyPath(keyPath(s.key, "permissions"), "policyName"),
            own,
            `a name other than the grant's (grantPolicyName ${grant}): both are inline policies of the ${holder}, and IAM keeps one inline policy per name, so one would replace the other`,
        );
    }
    return name;
}
