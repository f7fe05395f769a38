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
import type { CrossAccountConfig, TargetRoleSpec } from "../../lib/model/config";
import type { RecordedResource } from "../shared/mock-runtime";
import { appliesTo } from "../../lib/iam/sts-condition-keys";
import { probeName } from "../../lib/names";
import { Caller, callersFor, configuredNames, grantPolicy, identityOf, stranger, thirdAccount } from "./callers";
import type { CheckKind, Expectation, PlannedCheck, PlannedRequest, RolePlan } from "./checks";
import { FoundPolicy, rolePathOf, trustPolicyOf } from "./documents";
import { permissionChecks } from "./permission-checks";
import { conditionMutations, describeSupplied, suppliedContext, tagContext } from "./trust-context";
import { webIdentityChecks } from "./web-identity";

/**
 * Plans every check for every target role of account A. Roles deployed to whole OUs live in other accounts and are
 * planned by tools/access-report/organization.ts.
 */
export function planChecks(cfg: CrossAccountConfig, sourceResources: readonly RecordedResource[], targetResources: readonly RecordedResource[]): RolePlan[] {
    return cfg.targetRoles.filter((role) => role.organizationalUnits === undefined).map((role) => planRole(cfg, role, sourceResources, targetResources));
}

/**
 * The checks of one role in account `cfg.targetAccountId`, as rendered in `targetResources`.
 * @param resourceContext what the request context says of the role's account, in every assume request (an OU
 *   role's `aws:ResourceOrgPaths`); nothing for a role of account A.
 */
export function planRole(
    cfg: CrossAccountConfig,
    role: TargetRoleSpec,
    sourceResources: readonly RecordedResource[],
    targetResources: readonly RecordedResource[],
    resourceContext: Readonly<Record<string, string | string[]>> = {},
): RolePlan {
    const p = cfg.partition;
    const A = cfg.targetAccountId;
    const B = cfg.sourceAccountId;
    const taken = configuredNames(cfg);
    const path = rolePathOf(targetResources, role.name) ?? role.path;
    const arn = `arn:${p}:iam::${A}:role${role.path}${role.name}`;
    const trust = trustPolicyOf(targetResources, role.name);
    const checks: PlannedCheck[] = [];
    const notes: string[] = [];
    if (!trust) notes.push(`no aws:iam/role:Role named ${role.name} was rendered in account A: every assume check below fails`);
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
    const unmanagedNote = (c: Caller) =>
        c.managed ? undefined : `identity policy of ${c.label} is not managed by this program; assumed: B's admins grant sts:AssumeRole on ${arn}`;
    const otherGrant = grantPolicy(`report: AssumeRole on * for another principal`, "*");
    const otherName = probeName("other-role", taken);

    for (const entry of role.trustedSources) {
        const source = cfg.sources.find((s) => s.key === entry.source);
        if (!source) continue;
        const c = entry.conditions;
        const context = suppliedContext(c, cfg.externalIds[role.name]);
        const what = describeSupplied(c);
        // Which CI jobs become B's role at all: B's web identity trust, before the role's own trust.
        if (source.kind === "oidc-role") checks.push(...webIdentityChecks(cfg, role.name, source, sourceResources));
        for (const caller of callersFor(cfg, source, sourceResources, arn, taken)) {
            const note = unmanagedNote(caller);
            const add = (kind: CheckKind, title: string, expect: Expectation, request: PlannedRequest, more: Partial<PlannedCheck> = {}) =>
                checks.push({ role: role.name, kind, title, expect, request, unread: caller.unread, ...(note ? { note } : {}), source: source.key, ...more });
            // What the caller may do, as this report can prove it: for a principal B manages elsewhere, what A's trust lets it do.
            const may = (does: string, doWhat: string) => (caller.managed ? `${caller.label} ${does}` : `A's trust lets ${caller.label} ${doWhat}`);

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
            for (const m of conditionMutations(c, context, taken)) {
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
                    `any other principal of B that B's admins allow (account-root trust) assumes ${role.name}`,
                    "allow",
                    assume(other, context),
                    { unread: [] },
                );
            } else {
                const other = stranger(p, B, probeName("some-other-role", taken), otherGrant);
                add("other-principal", `another role of B (${other.label}) with the same request is refused`, "deny", assume(other, context), { unread: [] });
                if (source.kind === "group") {
                    const name = probeName(`not-in-${source.name}`, taken);
                    const anyUser = { ...caller, label: `user/${name} of B`, principal: `arn:${p}:iam::${B}:user/${name}` };
                    anyUser.principalArn = anyUser.principal;
                    anyUser.identity = [otherGrant];
                    add(
                        "other-principal",
                        `any IAM user of B granted AssumeRole (${anyUser.label}) assumes ${role.name}: A cannot check group membership`,
                        "allow",
                        assume(anyUser, context),
                        { unread: [] },
                    );
                }
            }
            const outsider = stranger(p, thirdAccount(cfg), probeName("outsider", taken), otherGrant);
            add("other-principal", `a principal of a third account (${outsider.principalArn}) is refused`, "deny", assume(outsider, context), { unread: [] });

            // d) the source may assume no other role name in A, even one that trusted B's whole account.
            const otherArn = `arn:${p}:iam::${A}:role${role.path}${otherName}`;
            const openTrust: FoundPolicy = {
                origin: `report: a role of A that trusts all of account ${B}`,
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
                    `${caller.label} cannot assume another role of A (${role.path}${otherName})`,
                    "deny",
                    assume(caller, context, "sts:AssumeRole", otherArn, openTrust),
                    {
                        unread: [{ what: `B's identity policy for ${caller.label} (managed outside this program)`, may: "allow-or-deny" }],
                    },
                );
            }
        }
    }

    const permissions = identityOf(targetResources, "role", role.name, `role ${role.name}`);
    checks.push(...permissionChecks(cfg, role, permissions, taken));
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
