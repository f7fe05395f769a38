/**
 * The expectations: from the parsed config (the intent) and the rendered documents (what would be
 * deployed), the list of requests to simulate and the decision each must get. Pure.
 *
 * This file plans the trust checks of each role (a to d below); the callers they run as are in callers.ts,
 * their request context in trust-context.ts, the permission checks (e) in permission-checks.ts, the
 * check types in checks.ts.
 *
 * Request ARNs are written out here from config facts, independently of lib/iam/arns.ts's builders, so a
 * wrong ARN format in the program shows up as a failed check instead of agreeing with itself.
 */
import { accountRootArn } from "../../lib/iam/arns";
import type { CrossAccountConfig, TargetRoleSpec } from "../../lib/model/config";
import type { PolicyDocument } from "../../lib/model/policy";
import type { RecordedResource } from "../shared/mock-runtime";
import { appliesTo } from "../../lib/iam/sts-condition-keys";
import { wildcardPatternsOverlap } from "../../lib/iam/patterns";
import { probeName } from "../../lib/names";
import { describeAccount } from "../../lib/policies/accounts";
import { configuredSource, principalArnPatterns } from "../../lib/policies/sources";
import { Caller, accountOf, accountOutside, callersFor, configuredNames, grantPolicy, identityOf, stranger, thirdAccount } from "./callers";
import {
    type CheckKind,
    type Expectation,
    type PlannedCheck,
    type PlannedRequest,
    type RolePlan,
    type SourceResources,
    permissionSetWriterResources,
    resourcesOf,
} from "./checks";
import { FoundPolicy, rolePathOf, trustPolicyOf } from "./documents";
import { otherAccountPermissionChecks, permissionChecks } from "./permission-checks";
import { conditionMutations, describeSupplied, renderedOnlyMutations, suppliedContext, tagContext } from "./trust-context";
import { globMatches } from "./probes";
import { webIdentityChecks } from "./web-identity";

/**
 * Principals of B that an `ArnLike` on an SSO role's name could let in by mistake, each with its ARN: the
 * role of another permission set, of one whose name extends or contains this one, the same name outside
 * Identity Center's path or under a path that merely ends like it, another case of the name, and an IAM user.
 */
export function ssoLookalikes(p: string, B: string, permissionSet: string, ofB = "of B"): Array<[string, string]> {
    const sso = `arn:${p}:iam::${B}:role/aws-reserved/sso.amazonaws.com/eu-west-1`;
    const other = ["AdministratorAccess", "ReadOnlyAccess"].find((n) => n !== permissionSet)!;
    const suffix = "_0123456789abcdef";
    const out: Array<[string, string]> = [
        [`the SSO role of another permission set (${other})`, `${sso}/AWSReservedSSO_${other}${suffix}`],
        [`the SSO role of permission set ${permissionSet}Full, whose name extends ${permissionSet}`, `${sso}/AWSReservedSSO_${permissionSet}Full${suffix}`],
        [`the SSO role of permission set Team${permissionSet}, whose name contains ${permissionSet}`, `${sso}/AWSReservedSSO_Team${permissionSet}${suffix}`],
        [`a plain role ${ofB} named like the SSO role, outside Identity Center's path`, `arn:${p}:iam::${B}:role/AWSReservedSSO_${permissionSet}${suffix}`],
        [
            `a role ${ofB} under a path that ends like Identity Center's`,
            `arn:${p}:iam::${B}:role/team/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${permissionSet}${suffix}`,
        ],
    ];
    const lower = permissionSet.toLowerCase();
    if (lower !== permissionSet) out.push([`the SSO role of permission set ${lower} (another case)`, `${sso}/AWSReservedSSO_${lower}${suffix}`]);
    out.push([`an IAM user ${ofB}`, `arn:${p}:iam::${B}:user/AWSReservedSSO_${permissionSet}${suffix}`]);
    return out;
}

/** The IAM user name of a principal that is an IAM user (AWS then sets aws:username); undefined for a role session. */
export function userNameOf(principal: string): string | undefined {
    return /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(principal)?.[1];
}

/** IAM's ArnLike of one value: `*` any characters (across "/" too), `?` one, case-sensitive. */
function arnLikeMatches(pattern: string, value: string): boolean {
    const source = pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
        .join("");
    return new RegExp(`^${source}$`).test(value);
}

/**
 * Plans every check for every target role of the target stack `cfg` was parsed for (its account's roles;
 * every role of account A in the two-account layout). With named accounts, `sourceResources` holds each source
 * account's render, and a role's checks also cover the matrix: its sources cannot assume the same role
 * name in an account it is not deployed to, and it cannot touch the same-named resource of another account.
 * Roles deployed to whole OUs live in other accounts and are planned by tools/access-report/organization.ts.
 */
export function planChecks(cfg: CrossAccountConfig, sourceResources: SourceResources, targetResources: readonly RecordedResource[]): RolePlan[] {
    return cfg.targetRoles.filter((role) => role.accounts.includes(cfg.account.name)).map((role) => planRole(cfg, role, sourceResources, targetResources));
}

/**
 * The checks of one role in account `cfg.account`, as rendered in `targetResources`.
 * @param resourceContext what the request context says of the role's account, in every assume request (an OU
 *   role's `aws:ResourceOrgPaths`); nothing for a role of account A.
 */
export function planRole(
    cfg: CrossAccountConfig,
    role: TargetRoleSpec,
    allSourceResources: SourceResources,
    targetResources: readonly RecordedResource[],
    resourceContext: Readonly<Record<string, string | string[]>> = {},
): RolePlan {
    const p = cfg.partition;
    const A = cfg.account.id;
    const named = cfg.layout === "named-accounts";
    // How rows name the role's account: "A" in the two-account layout, "account dev (333333333333)" with named accounts.
    const ofA = named ? `of ${describeAccount(cfg, cfg.account)}` : "of A";
    const inA = named ? `in ${describeAccount(cfg, cfg.account)}` : "in account A";
    const As = named ? `${cfg.account.name}'s` : "A's";
    const taken = configuredNames(cfg);
    const path = rolePathOf(targetResources, role.name) ?? role.path;
    const arn = `arn:${p}:iam::${A}:role${role.path}${role.name}`;
    const trust = trustPolicyOf(targetResources, role.name);
    const checks: PlannedCheck[] = [];
    const notes: string[] = [];
    if (!trust) notes.push(`no aws:iam/role:Role named ${role.name} was rendered ${inA}: every assume check below fails`);
    if (path !== role.path) notes.push(`role ${role.name} was rendered with path ${path}, config says ${role.path}`);

    const assume = (caller: Caller, context: Record<string, string | string[]>, action = "sts:AssumeRole", resource = arn, policy = trust): PlannedRequest => ({
        principal: caller.principal,
        action,
        resource,
        resourceAccount: A,
        // One AssumeRole call is evaluated once per action; each action sees only the keys STS evaluates for it.
        context: Object.fromEntries(
            Object.entries({ "aws:PrincipalArn": caller.principalArn, "aws:PrincipalAccount": caller.account, ...resourceContext, ...context }).filter(([k]) =>
                appliesTo(action, k),
            ),
        ),
        identityPolicies: caller.identity,
        resourcePolicy: policy,
    });
    const unmanagedNote = (c: Caller, Bs: string) =>
        c.managed ? undefined : `identity policy of ${c.label} is not managed by this program; assumed: ${Bs} admins grant sts:AssumeRole on ${arn}`;
    const otherGrant = grantPolicy(`report: AssumeRole on * for another principal`, "*");
    const otherName = probeName("other-role", taken);

    for (const entry of role.trustedSources) {
        const source = cfg.sources.find((s) => s.key === entry.source);
        if (!source) continue;
        const B = accountOf(cfg, source.account).id;
        // With named accounts "B" is the source's own account, named as such.
        const ofB = named ? `of ${describeAccount(cfg, accountOf(cfg, source.account))}` : "of B";
        const Bs = named ? `${describeAccount(cfg, accountOf(cfg, source.account))}'s` : "B's";
        const sourceResources = resourcesOf(allSourceResources, source.account);
        const c = entry.conditions;
        // What a caller supplies: the same for every caller, but for an IAM user's own name (aws:username).
        const contextOf = (who: { principal: string }) => suppliedContext(c, cfg.externalIds[role.name], userNameOf(who.principal));
        const what = describeSupplied(c);
        // Which CI jobs become B's role at all: B's web identity trust, before the role's own trust.
        if (source.kind === "oidc-role") checks.push(...webIdentityChecks(cfg, role.name, source, sourceResources));
        const callers = callersFor(cfg, source, sourceResources, arn, taken, permissionSetWriterResources(cfg, allSourceResources));
        for (const caller of callers) {
            const context = contextOf(caller);
            const note = unmanagedNote(caller, Bs);
            const add = (kind: CheckKind, title: string, expect: Expectation, request: PlannedRequest, more: Partial<PlannedCheck> = {}) =>
                checks.push({ role: role.name, kind, title, expect, request, unread: caller.unread, ...(note ? { note } : {}), source: source.key, ...more });
            // What the caller may do, as this report can prove it: for a principal B manages elsewhere, what A's trust lets it do.
            const may = (does: string, doWhat: string) => (caller.managed ? `${caller.label} ${does}` : `${As} trust lets ${caller.label} ${doWhat}`);

            // a) the trusted source, supplying what the trust requires.
            add(
                "trusted-source",
                `${may(`assumes ${role.name}`, `assume ${role.name}`)}${what ? ` with ${what}` : " (no condition required)"}`,
                "allow",
                assume(caller, context),
            );
            if (c.sourceIdentity) {
                add(
                    "trusted-source",
                    may(`sets a source identity on ${role.name}`, `set a source identity on ${role.name}`),
                    "allow",
                    assume(caller, context, "sts:SetSourceIdentity"),
                );
            }
            if (c.sessionTags) {
                const keys = c.sessionTags.allowedKeys.length > 0 ? c.sessionTags.allowedKeys : ["team"];
                add(
                    "trusted-source",
                    may(`tags its session (${keys.join(", ")})`, `tag its session (${keys.join(", ")})`),
                    "allow",
                    assume(caller, { ...context, ...tagContext(keys) }, "sts:TagSession"),
                );
            }

            // b) the same request, one required condition missing at a time.
            const mutations = [
                ...conditionMutations(c, context, taken, userNameOf(caller.principal)),
                ...renderedOnlyMutations(c, context, trust?.document, userNameOf(caller.principal)),
            ];
            for (const m of mutations) {
                add(
                    "missing-condition",
                    `${caller.label} ${m.title}`,
                    "deny",
                    assume(caller, m.context, m.action),
                    m.untestable ? { untestable: { reason: m.untestable, dependsOn: [] } } : {},
                );
            }

            // c) other callers with the same request: another principal of B, a principal of a third account.
            if (source.kind === "account-root") {
                const other = stranger(p, B, probeName("another-role-of-b", taken), otherGrant);
                add(
                    "other-principal",
                    `any other principal ${ofB} that ${Bs} admins allow (account-root trust) assumes ${role.name}`,
                    "allow",
                    assume(other, contextOf(other)),
                    { unread: [] },
                );
            } else {
                const other = stranger(p, B, probeName("some-other-role", taken), otherGrant);
                add("other-principal", `another role ${ofB} (${other.label}) with the same request is refused`, "deny", assume(other, contextOf(other)), {
                    unread: [],
                });
                if (source.kind === "sso-permission-set" && caller === callers[0]) {
                    for (const [what, principalArn] of ssoLookalikes(p, B, source.permissionSet, ofB)) {
                        const look = principalArn.includes(":user/")
                            ? { ...other, label: what, principal: principalArn, principalArn }
                            : {
                                  ...other,
                                  label: what,
                                  principal: principalArn.replace(/:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/, ":sts::$1:assumed-role/$2/report-session"),
                                  principalArn,
                              };
                        add("other-principal", `${what} (${principalArn}) is refused`, "deny", assume(look, contextOf(look)), { unread: [] });
                    }
                }
                if (source.kind === "federated-role" && "namePattern" in source.roles && caller === callers[0]) {
                    const { path: rolePath, namePattern } = source.roles;
                    const asRole = (roleArn: string) => ({
                        ...other,
                        principal: roleArn.replace(/:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/, ":sts::$1:assumed-role/$2/report-session"),
                        principalArn: roleArn,
                    });
                    const roleOfB = (path: string, name: string) => `arn:${p}:iam::${B}:role${path}${name}`;
                    const admitted = (arn: string) => arnLikeMatches(roleOfB(rolePath, namePattern), arn);
                    const plain = namePattern.replace(/\*/g, "report");
                    const lookalikes: Array<[string, string]> = [
                        [`a role ${ofB} whose name only contains the pattern's`, roleOfB(rolePath, `other-${plain}`)],
                        [`a role ${ofB} whose name lacks the pattern's first character`, roleOfB(rolePath, plain.slice(1))],
                        [`a role ${ofB} of the same name under another path`, roleOfB(rolePath === "/" ? "/other/" : "/", plain)],
                    ];
                    for (const [what, roleArn] of lookalikes.filter(([, a]) => !admitted(a))) {
                        add("other-principal", `${what} (${roleArn}) is refused`, "deny", assume({ ...asRole(roleArn), label: what }, context), { unread: [] });
                    }
                    const star = namePattern.indexOf("*");
                    if (star >= 0) {
                        // ArnLike's * also matches "/": a role under a deeper path that starts like the pattern gets in.
                        const rest = namePattern.slice(star + 1).replace(/\*/g, "x");
                        const deeper = roleOfB(rolePath, `${namePattern.slice(0, star)}x/${rest === "" ? "any-role" : rest}`);
                        add(
                            "other-principal",
                            `a role ${ofB} under a path that starts like the pattern (${deeper}) assumes ${role.name}: * in ArnLike also matches "/", so ${Bs} admins decide who may create roles under ${rolePath}${namePattern.slice(0, star)}`,
                            "allow",
                            assume({ ...asRole(deeper), label: "deeper" }, context),
                            { unread: [] },
                        );
                    }
                }
                if (source.kind === "group") {
                    const name = probeName(`not-in-${source.name}`, taken);
                    const anyUser = { ...caller, label: `user/${name} ${ofB}`, principal: `arn:${p}:iam::${B}:user/${name}` };
                    anyUser.principalArn = anyUser.principal;
                    anyUser.identity = [otherGrant];
                    add(
                        "other-principal",
                        `any IAM user ${ofB} granted AssumeRole (${anyUser.label}) assumes ${role.name}: ${named ? "a trust policy" : "A"} cannot check group membership`,
                        "allow",
                        assume(anyUser, contextOf(anyUser)),
                        { unread: [] },
                    );
                }
            }
            const outsider = stranger(p, thirdAccount(cfg), probeName("outsider", taken), otherGrant);
            add("other-principal", `a principal of a third account (${outsider.principalArn}) is refused`, "deny", assume(outsider, contextOf(outsider)), {
                unread: [],
            });
            // c') with named accounts, the caller's twin in each other account whose sources the role trusts: the same path and
            // name, granted AssumeRole on *. A trust that named the principal by name alone, or every trusted account's root
            // without the exact ARN, would let it in.
            if (named && source.kind !== "account-root") {
                for (const other of twinAccounts(cfg, role, source.account)) {
                    const twin = twinOf(caller, B, other.id, otherGrant);
                    // A twin that is itself a principal the role trusts (a source of that account with the same path and name) is let in, rightly.
                    if (trustedArns(cfg, role).has(twin.principalArn)) continue;
                    add(
                        "other-principal",
                        // A label that holds the caller's ARN (an existing or federated role) names the twin's instead.
                        `${caller.label.split(caller.principalArn).join(twin.principalArn)} of account ${other.name} (${other.id}), the same name in another account ${role.name} trusts, is refused`,
                        "deny",
                        assume(twin, contextOf(twin)),
                        { unread: [] },
                    );
                }
            }

            // d) the source may assume no other role name in A, even one that trusted B's whole account.
            const otherArn = `arn:${p}:iam::${A}:role${role.path}${otherName}`;
            const openTrust: FoundPolicy = {
                origin: `report: a role ${ofA} that trusts all of account ${B}`,
                input: "assumeRolePolicy",
                document: {
                    Version: "2012-10-17",
                    Statement: [{ Sid: "TrustAllOfB", Effect: "Allow", Principal: { AWS: `arn:${p}:iam::${B}:root` }, Action: "sts:AssumeRole" }],
                },
            };
            if (caller.managed) {
                // Every policy account-b renders for it counts (the grant, its own permissions policy); an attached one
                // the render does not hold (AWS managed) could allow more, and makes the row UNPROVEN (its unread documents).
                const unread = caller.unread.filter((u) => u.may === "allow-or-deny");
                add(
                    "other-role",
                    `${caller.label} cannot assume ${role.path}${otherName} (its ${unread.length > 0 ? "rendered identity policies name" : "identity policy names"} only its roles)`,
                    "deny",
                    assume(caller, context, "sts:AssumeRole", otherArn, openTrust),
                );
            } else {
                // Its identity policy lives in B, outside this program: only B's admins decide which roles it may assume.
                add(
                    "other-role",
                    `${caller.label} cannot assume another role ${ofA} (${role.path}${otherName})`,
                    "deny",
                    assume(caller, context, "sts:AssumeRole", otherArn, openTrust),
                    {
                        unread: [{ what: `${Bs} identity policy for ${caller.label} (managed outside this program)`, may: "allow-or-deny" }],
                    },
                );
            }

            // d') with named accounts: nor the same role name in an account the role is not deployed to (an OU role's
            // accounts are those of its OUs, planned in tools/access-report/organization.ts).
            if (named && role.organizationalUnits === undefined) {
                const elsewhere = accountOutside(cfg, [...role.accounts, source.account]);
                const where = elsewhere.name === undefined ? `account ${elsewhere.id}` : `account ${elsewhere.name} (${elsewhere.id})`;
                const title = `${caller.label} cannot assume ${role.name} in ${where}, where the role is not deployed`;
                {
                    const sameName = `arn:${p}:iam::${elsewhere.id}:role${role.path}${role.name}`;
                    const trustsAll: FoundPolicy = {
                        origin: `report: a role ${role.name} of account ${elsewhere.id} that trusts all of account ${B}`,
                        input: "assumeRolePolicy",
                        document: {
                            Version: "2012-10-17",
                            Statement: [{ Sid: "TrustAllOfSource", Effect: "Allow", Principal: { AWS: `arn:${p}:iam::${B}:root` }, Action: "sts:AssumeRole" }],
                        },
                    };
                    const request = { ...assume(caller, context, "sts:AssumeRole", sameName, trustsAll), resourceAccount: elsewhere.id };
                    if (caller.managed) add("other-account", `${title} (its identity policy names its exact ARNs)`, "deny", request);
                    else
                        add("other-account", title, "deny", request, {
                            unread: [{ what: `${Bs} identity policy for ${caller.label} (managed outside this program)`, may: "allow-or-deny" }],
                        });
                }
            }
        }
    }

    // c'') with named accounts, every source of the config this role does not trust, granted AssumeRole on * (so only the
    // role's trust decides): refused, in whichever account it lives, the role's own account aside.
    if (named) {
        const trusted = new Set(role.trustedSources.map((t) => t.source));
        for (const source of cfg.sources.filter((s) => !trusted.has(s.key) && s.kind !== "account-root" && s.account !== cfg.account.name)) {
            const [caller] = callersFor(cfg, source, resourcesOf(allSourceResources, source.account), arn, taken);
            if (!caller) continue;
            const granted: Caller = { ...caller, identity: [otherGrant], managed: false, unread: [] };
            checks.push({
                role: role.name,
                kind: "other-principal",
                title: `source ${source.key} (${caller.label} of account ${source.account}), which ${role.name} does not trust, is refused even when granted sts:AssumeRole on *`,
                expect: "deny",
                request: assume(granted, {}),
                unread: [],
                source: source.key,
            });
        }
    }

    // e) every principal the rendered trust names that no trusted source stands for (a trust edited by hand, drifted),
    // granted AssumeRole on * and supplying what the trusted sources of its statement supply: refused. The rows above
    // probe principals built to miss the config's, which a trust naming one more principal would pass.
    for (const { principalArn, entry } of unconfiguredPrincipals(cfg, role, trust?.document)) {
        const [, account, kind, name] = /^arn:[^:]+:iam::(\d{12}):(root|role|user)(?:\/(?:.*\/)?([^/]+))?$/.exec(principalArn)!;
        const caller: Caller =
            kind === "root"
                ? stranger(p, account, probeName("another-role", taken), otherGrant)
                : {
                      label: principalArn,
                      principal: kind === "role" ? `arn:${p}:sts::${account}:assumed-role/${name}/report-session` : principalArn,
                      principalArn,
                      account,
                      identity: [otherGrant],
                      managed: false,
                      unread: [],
                  };
        checks.push({
            role: role.name,
            kind: "other-principal",
            title: `${principalArn}, which the rendered trust names and no trusted source is, is refused`,
            expect: "deny",
            request: assume(caller, entry ? suppliedContext(entry.conditions, cfg.externalIds[role.name], userNameOf(caller.principal)) : {}),
            unread: [],
        });
    }

    // e') a service or an identity provider the rendered trust names: no trusted source of a role of A is either, so each
    // must be refused. Without a condition the simulator decides it (and it fails); under a condition the report cannot
    // know what the service or the provider sends, so the row is UNPROVEN, never PASS.
    for (const u of unconfiguredServicesAndProviders(trust?.document)) {
        const title = `${u.what} ${u.principal}, which the rendered trust names and no trusted source is, is refused`;
        checks.push({
            role: role.name,
            kind: "other-principal",
            title,
            expect: "deny",
            request: { principal: u.principal, action: u.action, resource: arn, resourceAccount: A, context: {}, identityPolicies: [], resourcePolicy: trust },
            unread: [],
            ...(u.condition !== undefined
                ? {
                      untestable: {
                          reason: `the rendered trust lets ${u.principal} call ${u.action} when ${u.condition}; no trusted source stands for it and the report cannot know what it sends: remove the statement, or prove it yourself`,
                          dependsOn: [],
                      },
                  }
                : {}),
        });
    }

    const permissions = identityOf(targetResources, "role", role.name, `role ${role.name}`);
    checks.push(...permissionChecks(cfg, role, permissions, taken));
    if (named && role.organizationalUnits === undefined) checks.push(...otherAccountPermissionChecks(cfg, role, permissions));
    const mayAllow = permissions.unread.filter((u) => u.may === "allow-or-deny");
    if (mayAllow.length > 0) {
        checks.push({
            role: role.name,
            kind: "outside-permission",
            title: `${role.name} may do nothing beyond its rendered policies`,
            expect: "deny",
            request: {
                principal: `arn:${p}:sts::${A}:assumed-role/${role.name}/report-session`,
                action: "*",
                resource: "*",
                resourceAccount: A,
                context: {},
                identityPolicies: permissions.identity,
            },
            unread: permissions.unread,
            untestable: {
                reason: `the report does not have ${mayAllow.map((u) => u.what).join(" nor ")}, which may allow anything`,
                dependsOn: mayAllow.map((u) => u.what),
            },
        });
    }
    if (role.permissions.statements.length > 0)
        notes.push(`${role.permissions.statements.length} custom statement(s): checked for known actions, condition keys and operators only`);
    return { role: role.name, arn, trustMode: role.trustMode, checks, notes };
}

/** The other named accounts that hold a source `role` trusts, besides `sourceAccount`, each once, in config order. */
function twinAccounts(cfg: CrossAccountConfig, role: TargetRoleSpec, sourceAccount: string): Array<{ name: string; id: string }> {
    const names = new Set(
        role.trustedSources.map((t) => cfg.sources.find((s) => s.key === t.source)?.account).filter((a): a is string => a !== undefined && a !== sourceAccount),
    );
    return cfg.accounts.filter((a) => names.has(a.name));
}

/** A trusted source's entry of a role. */
type TrustEntry = TargetRoleSpec["trustedSources"][number];

/**
 * The account roots, roles and users the rendered trust names (in `Principal.AWS`, or in an `aws:PrincipalArn`
 * condition: an exact ARN, or a pattern's sample with each wildcard as `x`) that none of the role's trusted sources
 * stands for (its ARNs and ArnLike patterns, or its account's root), each with the first trusted entry named in the same statement.
 */
function unconfiguredPrincipals(
    cfg: CrossAccountConfig,
    role: TargetRoleSpec,
    trust: PolicyDocument | undefined,
): Array<{ principalArn: string; entry: TrustEntry | undefined }> {
    const own = role.trustedSources.flatMap((entry) => {
        const s = cfg.sources.find((x) => x.key === entry.source);
        return s
            ? [...configuredSource(cfg, s).arns, ...principalArnPatterns(cfg, s), accountRootArn(cfg.partition, accountOf(cfg, s.account).id)].map((arn) => ({
                  arn,
                  entry,
              }))
            : [];
    });
    const admitted = (arn: string) => own.some((o) => o.arn === arn || (/[*?]/.test(o.arn) && wildcardPatternsOverlap(o.arn, arn)));
    const out: Array<{ principalArn: string; entry: TrustEntry | undefined }> = [];
    for (const st of trust?.Statement ?? []) {
        const aws = typeof st.Principal === "object" && st.Principal !== null ? (st.Principal as Record<string, unknown>).AWS : undefined;
        const conditioned = Object.values(st.Condition ?? {}).flatMap((block) =>
            Object.entries(block).flatMap(([k, v]) => (k.toLowerCase() === "aws:principalarn" ? (Array.isArray(v) ? v : [v]) : [])),
        );
        const values = [...(Array.isArray(aws) ? (aws as unknown[]) : [aws]), ...conditioned].filter((a): a is string => typeof a === "string");
        const entry = own.find((o) => values.includes(o.arn))?.entry;
        for (const arn of values.filter((v) => !own.some((o) => o.arn === v)).map((v) => v.replace(/[*?]/g, "x"))) {
            if (admitted(arn) || out.some((o) => o.principalArn === arn)) continue;
            if (/^arn:[^:]+:iam::\d{12}:(root|role\/.+|user\/.+)$/.test(arn)) out.push({ principalArn: arn, entry });
        }
    }
    return out;
}

/**
 * The services (`Principal.Service`) and identity providers (`Principal.Federated`) an Allow statement of the rendered
 * trust names, with the trust action each may call and the statement's condition as one line (absent: none). A role of
 * A trusts only IAM principals, so each of them is a trust edited by hand or drifted.
 */
function unconfiguredServicesAndProviders(
    trust: PolicyDocument | undefined,
): Array<{ what: "service" | "identity provider"; principal: string; action: string; condition?: string }> {
    const out: Array<{ what: "service" | "identity provider"; principal: string; action: string; condition?: string }> = [];
    const list = (v: unknown) => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
    for (const st of trust?.Statement ?? []) {
        if (st.Effect !== "Allow" || typeof st.Principal !== "object" || st.Principal === null) continue;
        const principal = st.Principal as Record<string, unknown>;
        const actions = list((st as { Action?: unknown }).Action);
        // Action names are case-insensitive and may be patterns (`sts:Assume*`).
        const may = (action: string) => actions.some((a) => globMatches(a.toLowerCase(), action.toLowerCase()));
        const condition = st.Condition && Object.keys(st.Condition).length > 0 ? JSON.stringify(st.Condition) : undefined;
        for (const service of list(principal.Service)) {
            if (may("sts:AssumeRole")) out.push({ what: "service", principal: service, action: "sts:AssumeRole", ...(condition ? { condition } : {}) });
        }
        for (const provider of list(principal.Federated)) {
            const action = /:saml-provider\//.test(provider) ? "sts:AssumeRoleWithSAML" : "sts:AssumeRoleWithWebIdentity";
            if (may(action)) out.push({ what: "identity provider", principal: provider, action, ...(condition ? { condition } : {}) });
        }
    }
    return out;
}

/** The exact principal ARNs of the sources a role trusts (by ARN; patterns and roots hold none). */
function trustedArns(cfg: CrossAccountConfig, role: TargetRoleSpec): Set<string> {
    return new Set(
        role.trustedSources.flatMap((t) => {
            const s = cfg.sources.find((x) => x.key === t.source);
            return s ? configuredSource(cfg, s).arns : [];
        }),
    );
}

/** The caller's twin in account `to`: the same principal path and name (a role session or a user), granted `grant` only. */
function twinOf(caller: Caller, from: string, to: string, grant: FoundPolicy): Caller {
    const move = (arn: string) => arn.replace(new RegExp(`^(arn:[^:]+:(?:iam|sts)::)${from}:`), `$1${to}:`);
    return {
        ...caller,
        label: `the same-named principal of ${to}`,
        principal: move(caller.principal),
        principalArn: move(caller.principalArn),
        account: to,
        identity: [grant],
        managed: false,
        unread: [],
    };
}
