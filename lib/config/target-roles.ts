/**
 * `targetRoles.<name>`: the roles of account A (with named accounts: of the accounts each names, or of whole OUs
 * through a StackSet), and who they trust.
 */
import type { SourceSpec, TargetRoleSpec, TrustConditions, TrustMode, TrustedSource } from "../model/config";
import { TWO_ACCOUNT_NAMES, keyPath } from "../names";
import { describeAccount } from "../policies/accounts";
import { AccountBook, readRoleAccounts } from "./accounts";
import { DESCRIPTION_RULE, PROJECT_SPEC, ROLE_NAME_RULE, TARGET_ROLE_SPEC as ROLE, TRUST_ENTRY_SPEC, TAGS_SPEC } from "./keys";
import { readOrganizationalUnits } from "./organization";
import { readPermissions } from "./permissions";
import { ConfigProblems, ObjectReader, isPlainObject, stringProblem } from "./reader";
import { checkSourceConditions, readTrustConditions } from "./trust-conditions";

export function readTargetRoles(
    r: ObjectReader | undefined,
    raw: unknown,
    sources: SourceSpec[],
    declaredSources: Record<string, unknown>,
    externalIdsRaw: Record<string, unknown>,
    placement: {
        book: AccountBook;
        /** Whether this stack deploys a role deployed to these accounts, and so writes its trust (and needs its ExternalId). */
        deploysRole: (accounts: readonly string[]) => boolean;
    },
    problems: ConfigProblems,
): TargetRoleSpec[] {
    const { book } = placement;
    if (!r) {
        if (raw === undefined) problems.addRule("targetRoles", `not set; expected ${PROJECT_SPEC.fields.targetRoles.required}`);
        return [];
    }
    const out: TargetRoleSpec[] = [];
    const entries = r.entries();
    if (entries.length === 0)
        problems.add(
            "targetRoles",
            r.value,
            book.layout === "two-account" ? "at least one role of account A" : "at least one role, deployed to some of the accounts",
        );
    for (const [name] of entries) {
        const t = r.object(name);
        if (!t) {
            if (r.value[name] === null) problems.add(keyPath(r.key, name), null, "an object such as { trustedSources: [<source key>], permissions: {...} }");
            continue;
        }
        t.allowFields(ROLE, book.layout);
        // A role deployed to whole OUs is in no named account: its StackSet puts it in every account of the OUs.
        const toUnits = t.value.organizationalUnits !== undefined && t.value.organizationalUnits !== null;
        const accounts = toUnits
            ? unitsOnly(t, book)
            : book.layout === "two-account"
              ? [TWO_ACCOUNT_NAMES.target]
              : readRoleAccounts(t, book, ROLE.fields.accounts);
        const nameProblem = stringProblem(name, ROLE_NAME_RULE, { lengthSuffix: false });
        if (nameProblem !== undefined)
            problems.addRule(t.key, `the key is the role name and is not a valid one (${name.length} characters); expected ${nameProblem}`);
        const f = ROLE.fields;
        const path = t.stringKey("path", f.path) ?? f.path.default;
        const description =
            t.stringKey("description", f.description) ??
            (book.layout === "two-account"
                ? `Assumed from account B by ${describeTrustedKeys(t.value.trustedSources)}`
                : shortened(`Assumed across accounts by ${describeTrustedKeys(t.value.trustedSources)}`));
        const maxSessionDuration = t.integerKey("maxSessionDuration", f.maxSessionDuration) ?? f.maxSessionDuration.default;
        const permissionsBoundary = t.stringKey("permissionsBoundary", f.permissionsBoundary);
        const tags = t.stringMap("tags", TAGS_SPEC);
        // An invalid mode is reported; the rest is still checked as in the default mode.
        const trustMode = t.enumKey("trustMode", f.trustMode) ?? f.trustMode.default;
        const defaults = readTrustConditions(t.object("trustConditions"), undefined).conditions;
        const trustedSources = readTrustedSources(t, sources, declaredSources, defaults, trustMode, problems, book);
        const permissions = readPermissions(t.object("permissions"), t.key, problems);

        if (accounts) checkAcrossAccounts(t, accounts, trustedSources, sources, problems);

        const wantsExternalId = trustedSources.some((ts) => ts.conditions.externalId);
        // Only the stacks that deploy the role write the ExternalId into a trust policy; a source's (often a vendor's) need not know it.
        if (wantsExternalId && placement.deploysRole(accounts ?? []) && !Object.hasOwn(externalIdsRaw, name)) {
            problems.addRule(
                keyPath("externalIds", name),
                `not set, but a trusted source of role ${name} requires an ExternalId; set it with \`pulumi config set --secret --path 'externalIds.${name}' <value>\``,
            );
        }
        if (!wantsExternalId && Object.hasOwn(externalIdsRaw, name)) {
            problems.addRule(
                keyPath("externalIds", name),
                `set, but no trusted source of role ${name} has externalId: true, so the trust policy would never require it`,
            );
        }
        const profileName = t.stringKey("profileName", f.profileName);
        const organizationalUnits = readOrganizationalUnits(t);
        if (!accounts) continue;
        out.push({
            name,
            accounts,
            path,
            description,
            maxSessionDuration,
            permissionsBoundary,
            tags,
            trustMode,
            trustedSources,
            permissions,
            ...(profileName === undefined ? {} : { profileName }),
            ...(organizationalUnits === undefined ? {} : { organizationalUnits }),
        });
    }
    for (const key of Object.keys(externalIdsRaw)) {
        if (!Object.hasOwn(r.value, key))
            problems.addRule(keyPath("externalIds", key), `names no role in targetRoles (roles: ${Object.keys(r.value).join(", ")})`);
    }
    return out;
}

/**
 * A role is deployed to accounts other than those of the sources it trusts: this program wires access
 * across accounts, and a role trusting a principal of its own account is another thing (IAM treats a
 * same-account trust differently: the identity policy alone may grant it).
 */
function checkAcrossAccounts(
    t: ObjectReader,
    accounts: readonly string[],
    trusted: readonly TrustedSource[],
    sources: readonly SourceSpec[],
    problems: ConfigProblems,
): void {
    accounts.forEach((name, i) => {
        const own = trusted.map((ts) => sources.find((s) => s.key === ts.source)).filter((s) => s !== undefined && s.account === name);
        if (own.length === 0) return;
        problems.add(
            keyPath(keyPath(t.key, "accounts"), i),
            name,
            `an account other than ${name}, where trusted source${own.length > 1 ? "s" : ""} ${own.map((s) => s!.key).join(", ")} live${own.length > 1 ? "" : "s"} (this program wires access across accounts)`,
        );
    });
}

/** A role deployed to organizationalUnits has no `accounts` (with named accounts): it is in every account of its OUs. */
function unitsOnly(t: ObjectReader, book: AccountBook): string[] {
    if (book.layout === "named-accounts" && t.has("accounts")) {
        t.problems.addRule(
            keyPath(t.key, "accounts"),
            "set together with organizationalUnits; a role is deployed either to named accounts or to every account of some OUs through a StackSet: remove one",
        );
    }
    return [];
}

/** A default description cut to IAM's length, with "..." where it was cut. */
function shortened(text: string): string {
    const max = DESCRIPTION_RULE.max!;
    return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

function describeTrustedKeys(v: unknown): string {
    if (!Array.isArray(v)) return "its trusted sources";
    return v.map((x) => (typeof x === "string" ? x : isPlainObject(x) ? String(x.source) : "?")).join(", ");
}

function readTrustedSources(
    t: ObjectReader,
    sources: SourceSpec[],
    declaredSources: Record<string, unknown>,
    defaults: TrustConditions,
    mode: TrustMode,
    problems: ConfigProblems,
    book: AccountBook,
): TrustedSource[] {
    const k = keyPath(t.key, "trustedSources");
    const v = t.value.trustedSources;
    if (v === undefined) {
        problems.addRule(k, `not set; expected ${ROLE.fields.trustedSources.required}${partialOverrideHint(t)}`);
        return [];
    }
    if (!Array.isArray(v) || v.length === 0) {
        problems.add(k, v, "a non-empty list of source keys, or of { source: <key>, ...conditions }");
        return [];
    }
    const out: TrustedSource[] = [];
    const known = sources.map((s) => s.key);
    // Sources that are declared but invalid were reported already; do not report them again here.
    const declared = Object.keys(declaredSources);
    v.forEach((item, i) => {
        const ik = keyPath(k, i);
        let key: unknown;
        let conditions = { ...defaults };
        let relaxed: string[] = [];
        if (typeof item === "string") key = item;
        else if (isPlainObject(item)) {
            const e = new ObjectReader(ik, item, problems);
            e.allowFields(TRUST_ENTRY_SPEC);
            key = item.source;
            ({ conditions, relaxed } = readTrustConditions(e, defaults));
        } else {
            problems.add(ik, item, "a source key or { source: <key>, ...conditions }");
            return;
        }
        const sk = typeof item === "string" ? ik : keyPath(ik, "source");
        if (typeof key === "string" && declared.includes(key) && !known.includes(key)) return;
        if (typeof key !== "string" || !known.includes(key)) {
            problems.add(sk, key, declared.length ? `one of the keys of sources (${declared.join(", ")})` : "a key of sources");
            return;
        }
        if (out.some((o) => o.source === key)) {
            problems.add(sk, key, "each source listed once per role");
            return;
        }
        const source = sources.find((s) => s.key === key)!;
        checkAccountWideTrust(source, conditions, mode, ik, problems, sourceAccountLabel(book, source.account));
        const own = (name: string) => isPlainObject(item) && item[name] !== undefined && item[name] !== null;
        checkSourceConditions(
            source,
            conditions,
            (name) => (own(name) ? keyPath(ik, name) : `${ik} (${name} inherited from ${keyPath(keyPath(t.key, "trustConditions"), name)})`),
            problems,
        );
        if (source.kind === "service-role" && conditions.mfa) {
            // The hidden-MFA trap: a role-wide `mfa` would lock out the job it is inherited by.
            const own = isPlainObject(item) && item.mfa !== undefined;
            problems.addRule(
                own ? keyPath(ik, "mfa") : ik,
                `source ${source.key} is a service-role (${source.service}): an AWS service's session never carries MFA, so this trust could never be met${own ? "" : ` (mfa is inherited from ${keyPath(t.key, "trustConditions")})`}; write { source: ${source.key}, mfa: false } here, and require MFA from people (user, group or existing sources)`,
            );
        }
        if (source.kind === "oidc-role" && conditions.mfa) {
            const own = isPlainObject(item) && item.mfa !== undefined;
            problems.addRule(
                own ? keyPath(ik, "mfa") : ik,
                `source ${source.key} is an oidc-role: a CI job's web identity session never carries MFA, so this trust could never be met${own ? "" : ` (mfa is inherited from ${keyPath(t.key, "trustConditions")})`}; write { source: ${source.key}, mfa: false } here`,
            );
        }
        out.push({ source: key, conditions, relaxed });
    });
    return out;
}

/**
 * A role with settings but neither trustedSources nor permissions is what remains of it when a stack
 * file sets part of targetRoles (`pulumi config set --path 'targetRoles.<role>.maxSessionDuration' 7200`):
 * Pulumi hands the program the stack's targetRoles whole, in place of Pulumi.yaml's. The program sees
 * only that merged value, so it cannot tell this from a role written short; it says what is likely.
 */
function partialOverrideHint(t: ObjectReader): string {
    const set = Object.keys(t.value).filter((k) => t.value[k] !== undefined && t.value[k] !== null);
    if (set.length === 0 || t.has("trustedSources") || t.has("permissions")) return "";
    return `; ${t.key} sets only ${set.join(", ")}: if that was set with \`pulumi config set --path\`, it went into the stack file, whose targetRoles replaces the whole of Pulumi.yaml's; edit targetRoles in Pulumi.yaml instead (docs/deploy.md#where-configuration-lives)`;
}

/** A source's account in messages: "account B" in the two-account layout, "account tooling (222222222222)" with named accounts. */
function sourceAccountLabel(book: AccountBook, account: string): string {
    const named = book.accounts.find((a) => a.name === account);
    return named === undefined ? `account ${account}` : describeAccount(book, named);
}

/**
 * Trusting the whole of a source's account (its root, or a group through it) needs a condition that narrows it.
 * @param of the source's account in messages: "account B", "account tooling (222222222222)".
 */
function checkAccountWideTrust(source: SourceSpec, c: TrustConditions, mode: TrustMode, key: string, problems: ConfigProblems, of: string): void {
    if (source.kind === "account-root" && mode === "principal-arn") {
        problems.addRule(
            key,
            `source ${source.key} is the account root, which has no principal ARN to name in an aws:PrincipalArn condition; use trustMode: principal for this role, or trust a role/user source`,
        );
        return;
    }
    if (source.kind !== "account-root" && source.kind !== "group") {
        if (c.unsafeAllowUnconditionalAccountTrust) {
            problems.add(
                keyPath(key, "unsafeAllowUnconditionalAccountTrust"),
                true,
                `not set: it only applies to account-root and group sources, and ${source.key} is of kind ${source.kind}`,
            );
        }
        return;
    }
    // Only what one principal of B can show and another cannot narrows B's whole account: an ExternalId or MFA.
    // An organization id does not: every principal of account B belongs to B's organization.
    const narrowed = c.externalId || c.mfa !== undefined;
    if (!narrowed && !c.unsafeAllowUnconditionalAccountTrust) {
        const what =
            source.kind === "group" ? `group ${source.key} (a group cannot be a principal, so ${of}'s root is trusted)` : `account-root source ${source.key}`;
        const organization = of === "account B" ? "B's organization" : "its organization";
        problems.addRule(
            key,
            `${what} trusts every principal that ${of}'s admins allow; add externalId: true or mfa: true${c.principalOrgId ? ` (principalOrgId narrows nothing here: every principal of ${of} is in ${organization})` : ""}, or set unsafeAllowUnconditionalAccountTrust: true to accept that`,
        );
    }
}
