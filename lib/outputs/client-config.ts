/**
 * Client configuration: what a caller in account B pastes to use a role of account A, built from
 * the config model alone. Pure; no Pulumi resources, no AWS calls.
 *
 * One entry per target role, and inside it one set of snippets per trusted source, because the
 * snippets differ by source: an EC2 job takes its credentials from instance metadata and cannot
 * present MFA, a developer uses a named profile and an MFA device. This is the `clientConfig`
 * stack output of account-a (a Pulumi secret as soon as a role requires an ExternalId):
 *
 * ```json
 * { "<role name>": {
 *     "roleArn": "arn:aws:iam::111111111111:role/cross-account/log-reader",
 *     "targetAccountId": "111111111111", "sourceAccountId": "222222222222", "region": "eu-west-1",
 *     "profileName": "log-reader",              // the role name unless that is unsafe (lib/outputs/profile-names.ts)
 *     "externalId": "...",                      // only when a trusted source requires it
 *     "sources": { "<source key>": {
 *         "kind": "service-role",               // service-role | user | group | existing | account-root
 *         "assumeRoleCommand": "aws sts assume-role ...",
 *         "awsConfigProfile": "[profile log-reader]\n...",
 *         "awsConfigureCommands": "aws configure set role_arn ... --profile log-reader\n...",
 *         "exportEnv": "creds=$(aws sts assume-role ...) && ... export AWS_REGION=... AWS_DEFAULT_REGION=...",
 *         "consoleSwitchRoleUrl": "https://signin.aws.amazon.com/switchrole?..." | null,
 *         "notes": ["..."] } } } }
 * ```
 */
import { IAM_LIMITS } from "../iam/limits";
import { USERNAME_VARIABLE, sessionNameMatches } from "../iam/patterns";
import type { CrossAccountConfig, ServiceName, SourceSpec, TargetRoleSpec, TrustConditions } from "../model/config";
import type { RoleClientConfig, SourceClientConfig } from "../model/outputs";
import { describeAccount, sourceAccount } from "../policies/accounts";
import { RoleLocation, targetRoleArn } from "../policies/sources";
import { PickedProfileName, accountProfileNameRequests, pickProfileNames, profileIdentity, profileNameRequests } from "./profile-names";
import { cleanSessionName, userSessionNameExpression } from "./session-names";
import { shellQuote } from "./shell";

export { shellQuote };

/** Said wherever a role session assumes A's roles (an `oidc-role` source's outputs). */
export const ROLE_CHAINING_NOTE =
    "Role chaining: the CI job's session of this role is a role session, so assuming a role of account A from it is role chaining, which AWS caps at 1 hour (3600 s) whatever that role's maxSessionDuration says.";

/** Said in an `sso-permission-set` source's outputs. */
export const SSO_ROLE_CHAINING_NOTE =
    "Role chaining: a person's IAM Identity Center session in account B is a role session (AWSReservedSSO_<permission set>_<suffix>), so assuming a role of account A from it is role chaining, which AWS caps at 1 hour (3600 s) whatever that role's maxSessionDuration says.";

/** ROLE_CHAINING_NOTE, and with named accounts the same for the roles it is granted, in whichever accounts they are. */
export function roleChainingNote(cfg: Pick<CrossAccountConfig, "layout">): string {
    if (cfg.layout === "two-account") return ROLE_CHAINING_NOTE;
    return "Role chaining: the CI job's session of this role is a role session, so assuming the roles it is granted from it is role chaining, which AWS caps at 1 hour (3600 s) whatever a role's maxSessionDuration says.";
}

/** SSO_ROLE_CHAINING_NOTE, and with named accounts the same naming the source's account (`account identity (222222222222)`). */
export function ssoRoleChainingNote(cfg: Pick<CrossAccountConfig, "layout" | "accounts">, account: string): string {
    if (cfg.layout === "two-account") return SSO_ROLE_CHAINING_NOTE;
    const named = cfg.accounts.find((a) => a.name === account);
    return `Role chaining: a person's IAM Identity Center session in ${named === undefined ? `account ${account}` : describeAccount(cfg, named)} is a role session (AWSReservedSSO_<permission set>_<suffix>), so assuming the roles it is granted from it is role chaining, which AWS caps at 1 hour (3600 s) whatever a role's maxSessionDuration says.`;
}

/**
 * Where an `sso-permission-set` source's AssumeRole grant lives: the permission set's inline policy, written by the
 * stack of the Identity Center administration account (two-account layout: account-b) or by its admins.
 */
export function permissionSetGrantNote(
    cfg: Pick<CrossAccountConfig, "identityCenter"> & Partial<Pick<CrossAccountConfig, "layout" | "accounts" | "account">>,
    sourceKey: string,
    permissionSet: string,
    written: boolean,
): string {
    const adminId = cfg.identityCenter?.account;
    if (cfg.layout !== "named-accounts") {
        if (written)
            return `account-b writes the AssumeRole grant as the inline policy of permission set ${permissionSet} (replacing any inline policy it had); Identity Center provisions it to every account the permission set is assigned to.`;
        const admins = adminId ? `the admins of account ${adminId}, the Identity Center administration account,` : "the Identity Center administrators";
        return `account-b cannot write permission set ${permissionSet}: ${admins} must put the statements of sources.${sourceKey}.permissionSetInlinePolicy into its inline policy (one per permission set: merge them with any statements it has) and provision it; until then nobody with ${permissionSet} may assume the roles of account A.`;
    }
    const adminName = cfg.accounts?.find((a) => a.id === adminId)?.name;
    const admin = adminId === undefined ? undefined : adminName === undefined ? `account ${adminId}` : `account ${adminName} (${adminId})`;
    if (written && admin !== undefined)
        return `the stack of ${admin}, the Identity Center administration account, writes the AssumeRole grant as the inline policy of permission set ${permissionSet} (replacing any inline policy it had); Identity Center provisions it to every account the permission set is assigned to.`;
    const here = cfg.account ? `the stack of account ${cfg.account.name}` : "this stack";
    const admins = admin === undefined ? "the Identity Center administrators" : `the admins of ${admin}, the Identity Center administration account,`;
    return `${here} cannot write permission set ${permissionSet}: ${admins} must put the statements of sources.${sourceKey}.permissionSetInlinePolicy into its inline policy (one per permission set: merge them with any statements it has) and provision it; until then nobody with ${permissionSet} may assume the roles it is granted.`;
}

/** Placeholder for an MFA device ARN the program cannot know (group, existing, account-root sources). */
export const MFA_DEVICE_PLACEHOLDER = "YOUR_MFA_DEVICE";
/** Shell variable the snippets read the current MFA code from. */
export const MFA_CODE_VARIABLE = "MFA_CODE";
/** Placeholder for a source identity that must match a pattern. */
export const SOURCE_IDENTITY_PLACEHOLDER = "YOUR_SOURCE_IDENTITY";

/** Where the AWS CLI of each service takes its own credentials from (`credential_source`). */
const CREDENTIAL_SOURCES: Record<ServiceName, string> = {
    ec2: "Ec2InstanceMetadata",
    "ecs-tasks": "EcsContainer",
    lambda: "Environment",
};

const SERVICE_LABELS: Record<ServiceName, string> = {
    ec2: "an EC2 instance role",
    "ecs-tasks": "an ECS task role",
    lambda: "a Lambda execution role",
};

const CREDENTIAL_QUERY = "'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]'";
const CREDENTIAL_VARIABLES = "AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN";

/**
 * The profile name of every target role (lib/outputs/profile-names.ts), keyed by role name; with named
 * accounts one per role and account, keyed `<role>@<account>` (`profileIdentity`).
 */
export function clientProfileNames(
    cfg: Pick<CrossAccountConfig, "sources" | "targetRoles"> & Partial<Pick<CrossAccountConfig, "layout">>,
): ReturnType<typeof pickProfileNames> {
    return pickProfileNames(
        cfg.layout === "named-accounts" ? accountProfileNameRequests(cfg.targetRoles, cfg.sources) : profileNameRequests(cfg.targetRoles, cfg.sources),
    );
}

/** What the client configuration is built from: the config, and the stack's account (one of the role's). */
type ClientConfigInput = Pick<CrossAccountConfig, "layout" | "partition" | "region" | "accounts" | "account" | "sources" | "targetRoles" | "identityCenter">;

/**
 * The client configuration of one target role in the stack's account, for each of its trusted sources.
 * @param externalId the plain ExternalId of the role (`externalIds.<role>`), when one is configured.
 */
export function roleClientConfig(cfg: ClientConfigInput, role: TargetRoleSpec, externalId: string | undefined): RoleClientConfig {
    const at: RoleLocation = { partition: cfg.partition, targetAccountId: cfg.account.id };
    const roleArn = targetRoleArn(at, role);
    const names = clientProfileNames(cfg);
    const named = cfg.layout === "named-accounts";
    const profile = names.picked.get(named ? profileIdentity(role.name, cfg.account.name) : role.name);
    if (!profile) {
        // The config reader reports every conflict (checkProfileNames in lib/config/rules.ts), so a valid config never gets here.
        const why = names.conflicts.find((c) => c.role === role.name);
        throw new Error(`roleClientConfig: no profile name for role ${role.name}${why ? `: ${why.value}, expected ${why.expected}` : ""}`);
    }
    const sources: Record<string, SourceClientConfig> = {};
    for (const entry of role.trustedSources) {
        const source = cfg.sources.find((s) => s.key === entry.source);
        if (!source) throw new Error(`roleClientConfig: source ${entry.source} of role ${role.name} is not configured`);
        sources[entry.source] = sourceClientConfig(cfg, role, profile, source, entry.conditions, entry.conditions.externalId ? externalId : undefined);
    }
    const needsExternalId = role.trustedSources.some((t) => t.conditions.externalId);
    // With named accounts the sources of one role may live in several accounts: each source's snippets say which.
    const sourceAccounts = [
        ...new Set(
            role.trustedSources.map(
                (t) =>
                    sourceAccount(
                        cfg,
                        cfg.sources.find((s) => s.key === t.source)!,
                    ).id,
            ),
        ),
    ];
    return {
        roleArn,
        targetAccountId: cfg.account.id,
        ...(!named || sourceAccounts.length === 1 ? { sourceAccountId: sourceAccounts[0] } : {}),
        ...(named ? { account: cfg.account.name } : {}),
        region: cfg.region,
        profileName: profile.name,
        ...(needsExternalId && externalId !== undefined ? { externalId } : {}),
        sources,
    };
}

/** How a source's callers obtain their own credentials in account B. */
type CallerCredentials = { via: "service"; service: ServiceName } | { via: "profile"; profile: string };

/**
 * Whether a caller of this source is itself a role session, which makes AssumeRole *role chaining*:
 * AWS then caps the session at one hour whatever MaxSessionDuration says, and rejects a longer
 * DurationSeconds. `maybe` when the source may be either (account root, mixed existing ARNs).
 */
export function chainsRoles(source: SourceSpec): "yes" | "no" | "maybe" {
    switch (source.kind) {
        case "service-role":
        case "oidc-role":
        case "sso-permission-set":
        case "federated-role":
            return "yes";
        case "user":
        case "group":
            return "no";
        case "existing": {
            const roles = source.arns.filter((a) => /:role\//.test(a)).length;
            return roles === source.arns.length ? "yes" : roles === 0 ? "no" : "maybe";
        }
        case "account-root":
            return "maybe";
    }
}

/** The snippets for one (role, source) pair, in the role's profile `profile`. */
export function sourceClientConfig(
    cfg: Pick<CrossAccountConfig, "layout" | "partition" | "region" | "accounts" | "account" | "identityCenter">,
    role: TargetRoleSpec,
    profile: PickedProfileName,
    source: SourceSpec,
    conditions: TrustConditions,
    externalId: string | undefined,
): SourceClientConfig {
    if (conditions.externalId && externalId === undefined) {
        throw new Error(`sourceClientConfig: role ${role.name} requires an ExternalId for source ${source.key} but none was supplied`);
    }
    const at: RoleLocation = { partition: cfg.partition, targetAccountId: cfg.account.id };
    const roleArn = targetRoleArn(at, role);
    const home = sourceAccount(cfg, source);
    const credentials: CallerCredentials =
        source.kind === "service-role" ? { via: "service", service: source.service } : { via: "profile", profile: source.key };
    const session = sessionFor(source, conditions, cfg.region);
    const chaining = chainsRoles(source);
    const duration = role.maxSessionDuration > IAM_LIMITS.minSessionDuration && chaining === "no" ? role.maxSessionDuration : undefined;
    const mfaSerial = conditions.mfa ? mfaSerialFor(cfg, source) : undefined;
    const sourceIdentity = conditions.sourceIdentity?.required ? sourceIdentityValue(conditions.sourceIdentity.allowed) : undefined;
    const notes: string[] = [];

    const sso = source.kind === "sso-permission-set" ? ssoSourceProfile(cfg, source) : undefined;
    if (source.kind === "oidc-role") {
        notes.push(oidcSourceNote(cfg, source, roleArn));
    } else if (sso !== undefined) {
        notes.push(sso.note);
    } else if (source.kind === "federated-role") {
        notes.push(
            `Profile ${source.key} is your federated session of ${cfg.layout === "two-account" ? "account B" : `account ${home.name}`} (${home.id}), as your identity provider's sign-in tool writes it (a SAML role of ${"arns" in source.roles ? source.roles.arns.join(" or ") : `${source.roles.path}${source.roles.namePattern}`}); if it names the profile otherwise, use that name for source_profile and --profile.`,
        );
    } else if (credentials.via === "profile") {
        notes.push(
            `Profile ${profile.name} signs in with your own profile "${credentials.profile}" (your credentials in account ${home.name}, ${home.id}), which must already exist; if yours has another name, use it for source_profile and --profile.`,
        );
    }
    if (profile.renamedBecause !== undefined) {
        notes.push(`The profile is named ${profile.name}, not ${role.name}: ${profile.renamedBecause}.`);
    }
    if (source.kind === "group" && source.members && source.members.length > 0) {
        notes.push(
            `For the members of group ${source.name} this program adds (${source.members.join(", ")}), and any other user of ${describeAccount(cfg, home)} that ${cfg.layout === "two-account" ? "B's" : "its"} admins put in it.`,
        );
    }
    notes.push(...trustRequirementNotes(source, conditions, session));
    if (session.via === "user") {
        notes.push(
            `--role-session-name is your $USER (characters STS refuses become "-", cut to 64; ${session.fallback} when that leaves fewer than 2 characters or no letter or digit), so CloudTrail in ${describeAccount(cfg, cfg.account)} tells people apart; in the profile, set role_session_name to your own name (awsConfigureCommands does).`,
        );
    }
    if (role.maxSessionDuration > IAM_LIMITS.minSessionDuration && chaining !== "no") {
        const who =
            source.kind === "service-role"
                ? SERVICE_LABELS[source.service]
                : source.kind === "oidc-role"
                  ? "the CI job's role in B"
                  : source.kind === "sso-permission-set"
                    ? `your IAM Identity Center role in B (permission set ${source.permissionSet})`
                    : source.kind === "federated-role"
                      ? "your federated role in B"
                      : "a role session";
        const cap =
            chaining === "yes"
                ? `credentials of ${who} are a role session, so assuming ${role.name} is role chaining, which AWS caps at 1 hour (3600 s) whatever maxSessionDuration (${role.maxSessionDuration} s) says; no duration is requested.`
                : `if you call from a role session (an SSO or other assumed role), assuming ${role.name} is role chaining, which AWS caps at 1 hour (3600 s) whatever maxSessionDuration (${role.maxSessionDuration} s) says; no duration is requested (add --duration-seconds ${role.maxSessionDuration} only as an IAM user).`;
        notes.push(`Role chaining: ${cap}`);
    }
    if (mfaSerial !== undefined) {
        notes.push(
            source.kind === "user"
                ? `mfa_serial assumes a virtual MFA device named after the user (the console default); check with \`aws iam list-mfa-devices --user-name ${source.name}\`.`
                : `Replace ${MFA_DEVICE_PLACEHOLDER} with the name of your MFA device (\`aws iam list-mfa-devices\`).`,
        );
        notes.push(`Set ${MFA_CODE_VARIABLE} to the current code of your MFA device before running the command.`);
    }
    if (sourceIdentity !== undefined) {
        const allowed = conditions.sourceIdentity?.allowed ?? [];
        if (sourceIdentity === SOURCE_IDENTITY_PLACEHOLDER) {
            notes.push(
                `Replace ${SOURCE_IDENTITY_PLACEHOLDER} with your source identity${allowed.length > 0 ? ` (it must match ${allowed.join(" or ")})` : ""}.`,
            );
        }
        notes.push("The AWS CLI config has no source identity setting, so the profile cannot satisfy this trust; use assumeRoleCommand or exportEnv.");
    }
    const consoleUrl = consoleSwitchRoleUrl(at, role);
    const consoleBlocker = consoleBlockedBecause(source, conditions);
    if (consoleBlocker) notes.push(`No console link: ${consoleBlocker}.`);

    const command = assumeRoleCommand({
        roleArn,
        sessionName: session.shell,
        externalId: conditions.externalId ? externalId : undefined,
        mfaSerial,
        sourceIdentity,
        duration,
        profile: credentials.via === "profile" ? credentials.profile : undefined,
        region: cfg.region,
    });
    const settings = profileSettings({
        roleArn,
        credentials,
        externalId: conditions.externalId ? externalId : undefined,
        mfaSerial,
        duration,
        region: cfg.region,
        session,
    });
    const comments: string[] = [];
    if (sourceIdentity !== undefined) comments.push("The trust requires a source identity, which a profile cannot send: use assumeRoleCommand.");
    if (session.via === "user")
        comments.push(
            `Set role_session_name to your own name (2 to 64 of A-Za-z0-9+=,.@_-), so CloudTrail in ${describeAccount(cfg, cfg.account)} tells people apart.`,
        );
    if (session.via === "iam-user") comments.push(`The trust requires role_session_name to be your IAM user name: replace ${IAM_USER_NAME_PLACEHOLDER}.`);
    const roleProfile = awsConfigProfile(profile.name, settings, comments);
    const roleCommands = awsConfigureCommands(profile.name, settings);
    return {
        kind: source.kind,
        ...(cfg.layout === "named-accounts" ? { sourceAccountId: home.id } : {}),
        assumeRoleCommand: command,
        awsConfigProfile: sso ? `${sso.profile}\n\n${roleProfile}` : roleProfile,
        awsConfigureCommands: sso ? `${sso.commands}\n${roleCommands}` : roleCommands,
        exportEnv: exportEnv(command, credentials, cfg.region),
        consoleSwitchRoleUrl: consoleBlocker ? null : consoleUrl,
        notes,
    };
}

/** Arguments of one `aws sts assume-role` call. */
export interface AssumeRoleCommandArgs {
    roleArn: string;
    sessionName: string;
    externalId?: string;
    mfaSerial?: string;
    sourceIdentity?: string;
    duration?: number;
    profile?: string;
    region: string;
}

/**
 * `aws sts assume-role ...` with exactly the options the trust requires; values shell-quoted when needed.
 * `sessionName` is shell text, already quoted (it may expand `$USER`: see roleSessionName).
 */
export function assumeRoleCommand(a: AssumeRoleCommandArgs): string {
    const parts = ["aws sts assume-role", `--role-arn ${shellQuote(a.roleArn)}`, `--role-session-name ${a.sessionName}`];
    if (a.externalId !== undefined) parts.push(`--external-id ${shellQuote(a.externalId)}`);
    if (a.mfaSerial !== undefined) parts.push(`--serial-number ${shellQuote(a.mfaSerial)}`, `--token-code "$${MFA_CODE_VARIABLE}"`);
    if (a.sourceIdentity !== undefined) parts.push(`--source-identity ${shellQuote(a.sourceIdentity)}`);
    if (a.duration !== undefined) parts.push(`--duration-seconds ${a.duration}`);
    if (a.profile !== undefined) parts.push(`--profile ${shellQuote(a.profile)}`);
    parts.push(`--region ${shellQuote(a.region)}`);
    return parts.join(" ");
}

interface ProfileArgs {
    roleArn: string;
    credentials: CallerCredentials;
    externalId?: string;
    mfaSerial?: string;
    duration?: number;
    region: string;
    session: SessionName;
}

/** One key of a role profile: its value in the config file, and as shell text for `aws configure set`. */
interface ProfileSetting {
    key: string;
    value: string;
    shell: string;
}

/** The keys of a role profile in a fixed order: the one list both the INI block and the configure commands are made from. */
function profileSettings(p: ProfileArgs): ProfileSetting[] {
    const plain = (key: string, value: string): ProfileSetting => ({ key, value, shell: shellQuote(value) });
    const out = [plain("role_arn", p.roleArn)];
    out.push(
        p.credentials.via === "service"
            ? plain("credential_source", CREDENTIAL_SOURCES[p.credentials.service])
            : plain("source_profile", p.credentials.profile),
    );
    if (p.externalId !== undefined) out.push(plain("external_id", p.externalId));
    if (p.mfaSerial !== undefined) out.push(plain("mfa_serial", p.mfaSerial));
    if (p.duration !== undefined) out.push(plain("duration_seconds", String(p.duration)));
    out.push(plain("region", p.region));
    // A config file cannot expand $USER: it holds the fallback (and a comment says to change it); the command computes the name.
    out.push({ key: "role_session_name", value: p.session.value, shell: p.session.shell });
    return out;
}

/** A `[profile NAME]` block for `~/.aws/config`, comments first. */
function awsConfigProfile(name: string, settings: ProfileSetting[], comments: string[]): string {
    return [`[profile ${name}]`, ...comments.map((c) => `# ${c}`), ...settings.map((s) => `${s.key} = ${s.value}`)].join("\n");
}

/**
 * One `aws configure set KEY VALUE --profile NAME` per key: each sets one key and leaves the rest of
 * the file alone, so running them again changes nothing. `--profile NAME`, not `profile.NAME.KEY`:
 * the CLI splits the latter at every ".", and a role name may hold one (`profile.a.b.role_arn` writes
 * a key `b` into profile `a`). No comment lines: an interactive zsh runs `#` as a command.
 */
function awsConfigureCommands(name: string, settings: ProfileSetting[]): string {
    return settings.map((s) => `aws configure set ${s.key} ${s.shell} --profile ${shellQuote(name)}`).join("\n");
}

/**
 * bash/zsh lines (no jq) that run the assume-role command and export the three variables and the
 * region, only if it succeeded. On EC2 and ECS, stale exported keys would shadow the instance/task
 * credentials the command needs, so they are unset first; a Lambda's own keys are those variables,
 * so they are kept. AWS_REGION is read by the SDKs and CLI v2, AWS_DEFAULT_REGION by CLI v1.
 */
function exportEnv(command: string, credentials: CallerCredentials, region: string): string {
    const lines: string[] = [];
    if (credentials.via === "service" && credentials.service !== "lambda") lines.push(`unset ${CREDENTIAL_VARIABLES}`);
    lines.push(
        `creds=$(${command} --query ${CREDENTIAL_QUERY} --output text) &&`,
        `  read -r ${CREDENTIAL_VARIABLES} <<< "$creds" &&`,
        `  export ${CREDENTIAL_VARIABLES} AWS_REGION=${shellQuote(region)} AWS_DEFAULT_REGION=${shellQuote(region)}`,
    );
    return lines.join("\n");
}

/**
 * The console's switch-role link. A role with a path is given as `path/name` without the leading
 * slash (`roleName=cross-account/log-reader`); values are percent-encoded, "/" kept readable.
 */
export function consoleSwitchRoleUrl(cfg: RoleLocation, role: Pick<TargetRoleSpec, "path" | "name">): string {
    const host = cfg.partition === "aws-cn" ? "signin.amazonaws.cn" : cfg.partition === "aws-us-gov" ? "signin.amazonaws-us-gov.com" : "signin.aws.amazon.com";
    const roleName = `${role.path.slice(1)}${role.name}`;
    const query = [
        ["roleName", roleName],
        ["account", cfg.targetAccountId],
        ["displayName", role.name.slice(0, 64)],
    ]
        .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2F/g, "/")}`)
        .join("&");
    return `https://${host}/switchrole?${query}`;
}

/** Why the console cannot switch to the role for this source, or undefined when it can. */
function consoleBlockedBecause(source: SourceSpec, c: TrustConditions): string | undefined {
    if (source.kind === "service-role") return `${SERVICE_LABELS[source.service]} has no console sign-in`;
    if (source.kind === "oidc-role") return "a CI job has no console sign-in";
    if (c.externalId) return "the console cannot send an ExternalId";
    if (c.sourceIdentity?.required) return "the console cannot send a source identity";
    if (c.roleSessionName && !c.roleSessionName.includes(USERNAME_VARIABLE))
        return `the console chooses the session name itself, which need not match ${c.roleSessionName.join(" or ")}`;
    return undefined;
}

/**
 * The role session name: `value` for a config file, `shell` for a command line (quoted shell text).
 * `via: "user"` when commands take it from the caller's `$USER`, with `fallback` (= `value`).
 */
type SessionName =
    | { via: "fixed"; value: string; shell: string }
    | { via: "user"; value: string; shell: string; fallback: string }
    /** The caller's IAM user name, read from STS in commands (a `${aws:username}` trust rule for a group's members). */
    | { via: "iam-user"; value: string; shell: string };

/** Placeholder for a group member's IAM user name in a profile (a config file cannot ask STS). */
export const IAM_USER_NAME_PLACEHOLDER = "YOUR_IAM_USER_NAME";

/**
 * The session name a source's callers pass when the trust requires one (`roleSessionName` condition), so the
 * snippets work as pasted: the configured `sources.<key>.roleSessionName` (the config reader checked that it fits);
 * under `${aws:username}`, the user's name (a user source), or each member's own IAM user name, read from
 * `aws sts get-caller-identity` (a group); else the usual name when a rule admits it, else the first exact name, else
 * the first pattern with each `*` filled by the usual name (people: by their `$USER`, when the pattern ends in its
 * only `*`) and each `?` by `x`.
 */
function sessionFor(source: SourceSpec, c: TrustConditions, region: string): SessionName {
    const base = roleSessionName(source);
    const rules = c.roleSessionName;
    if (!rules || source.roleSessionName !== undefined) return base;
    const fixed = (value: string): SessionName => ({ via: "fixed", value, shell: shellQuote(value) });
    const byUser = rules.find((r) => r.includes(USERNAME_VARIABLE));
    if (byUser !== undefined) {
        const parts = byUser.split(USERNAME_VARIABLE).map((p) => p.replace(/[*?]/g, "x"));
        if (source.kind === "user") return fixed(parts.join(source.name));
        const whoAmI = `$(aws sts get-caller-identity --query Arn --output text --profile ${shellQuote(source.key)} --region ${shellQuote(region)} | awk -F/ '{print $NF}')`;
        // The literal parts are session name characters ([\w+=,.@-]): nothing the shell expands inside double quotes.
        return { via: "iam-user", value: parts.join(IAM_USER_NAME_PLACEHOLDER), shell: `"${parts.join(whoAmI)}"` };
    }
    const usual = base.via === "user" ? base.fallback : base.value;
    if (base.via === "fixed" && rules.some((r) => sessionNameMatches(r, usual))) return base;
    const exact = rules.find((r) => !/[*?]/.test(r));
    if (exact !== undefined) return fixed(exact);
    const pattern = rules[0];
    const star = pattern.indexOf("*");
    if (base.via === "user" && star === pattern.length - 1 && !pattern.includes("?")) {
        const prefix = pattern.slice(0, -1);
        const value = `${prefix}${base.fallback}`;
        // The $USER part is cut so that prefix and name stay within STS's 64 characters.
        if (value.length <= 64 && sessionNameMatches(pattern, value))
            return { via: "user", value, shell: `${shellQuote(prefix)}${userSessionNameExpression(base.fallback, 64 - prefix.length)}`, fallback: value };
    }
    const filled = cleanSessionName(pattern.replace(/\*/g, usual).replace(/\?/g, "x"));
    return fixed(sessionNameMatches(pattern, filled) ? filled : pattern.replace(/[*?]/g, "x"));
}

/**
 * What the trust requires of the caller that no command can send: the tags it must carry, the OUs its account must
 * sit in, the session name it must use. One note each.
 */
function trustRequirementNotes(source: SourceSpec, c: TrustConditions, session: SessionName): string[] {
    const notes: string[] = [];
    if (c.principalTags) {
        const tags = Object.entries(c.principalTags)
            .map(([k, v]) => `${k}=${v.join(" or ")}`)
            .join(", ");
        const who =
            source.kind === "service-role" || source.kind === "oidc-role" || source.kind === "user"
                ? `account-b tags ${source.kind === "user" ? "the user" : "the role"} with it (sources.${source.key}.tags)`
                : source.kind === "group"
                  ? "on your IAM user, as B's admins tag it"
                  : source.kind === "account-root" || source.kind === "existing"
                    ? "on your IAM user or role, or as a session tag of your role session, as B's admins set them"
                    : "on your role session: the role's tags, or session tags your identity provider passes";
        notes.push(
            `The trust requires the caller to carry tag ${tags} (aws:PrincipalTag: an IAM user's tags, or a role session's: its role's tags, overridden by session tags): ${who}.`,
        );
    }
    if (c.principalOrgPaths)
        notes.push(`The trust requires the caller's account to sit in ${c.principalOrgPaths.join(" or ")} or an OU below (aws:PrincipalOrgPaths).`);
    if (c.roleSessionName) {
        const rules = c.roleSessionName.join(" or ");
        notes.push(
            session.via === "iam-user"
                ? `The trust requires the session name to be ${rules} (sts:RoleSessionName): the commands read your IAM user name from aws sts get-caller-identity; in the profile, replace ${IAM_USER_NAME_PLACEHOLDER}.`
                : `The trust requires the session name to match ${rules} (sts:RoleSessionName); the snippets pass ${session.value}${session.via === "user" ? " (your $USER in commands)" : ""}.`,
        );
    }
    return notes;
}

/**
 * The role session name (2 to 64 of [\w+=,.@-]) that names the caller in CloudTrail: the configured
 * `roleSessionName`, else the user's name for a user, else the source key (cleaned) for a job or an
 * existing principal; for the people of a group or an account-root source, their own `$USER`.
 */
function roleSessionName(source: SourceSpec): SessionName {
    if (source.roleSessionName !== undefined) return { via: "fixed", value: source.roleSessionName, shell: shellQuote(source.roleSessionName) };
    const fixed = cleanSessionName(source.kind === "user" ? source.name : source.key);
    if (source.kind === "group" || source.kind === "sso-permission-set" || source.kind === "federated-role" || source.kind === "account-root") {
        return { via: "user", value: fixed, shell: userSessionNameExpression(fixed), fallback: fixed };
    }
    return { via: "fixed", value: fixed, shell: shellQuote(fixed) };
}

/**
 * How a CI job of an `oidc-role` source gets there: its OIDC token becomes B's role (the source
 * profile), and that role session assumes A's role (role chaining).
 */
function oidcSourceNote(
    cfg: Pick<CrossAccountConfig, "partition" | "accounts" | "layout">,
    source: Extract<SourceSpec, { kind: "oidc-role" }>,
    roleArn: string,
): string {
    const home = sourceAccount(cfg, source);
    const sourceRole = `arn:${cfg.partition}:iam::${home.id}:role${source.path}${source.name}`;
    const github =
        source.oidc.preset === "github"
            ? ` In GitHub Actions (permissions: id-token: write), aws-actions/configure-aws-credentials does both: role-to-assume: ${sourceRole}, then a second step with role-to-assume: ${roleArn} and role-chaining: true.`
            : "";
    return `Profile ${source.key} is the CI job's role in ${cfg.layout === "two-account" ? "account B" : `account ${home.name}`}: role_arn = ${sourceRole} and web_identity_token_file = the file holding the job's OIDC token (aws sts assume-role-with-web-identity).${github}`;
}

/**
 * The source profile of an `sso-permission-set` source: an `[sso-session]` of the configured Identity Center,
 * and `[profile <key>]` that signs in to account B as the permission set's role (`sso_account_id`,
 * `sso_role_name`). `aws configure set` writes profiles only, so the commands set the source profile and the note
 * says where the session comes from.
 */
function ssoSourceProfile(
    cfg: Pick<CrossAccountConfig, "layout" | "accounts" | "region" | "identityCenter">,
    source: Extract<SourceSpec, { kind: "sso-permission-set" }>,
): { profile: string; commands: string; note: string } {
    const sourceAccountId = sourceAccount(cfg, source).id;
    const ic = cfg.identityCenter;
    // The config reader requires identityCenter with an sso-permission-set source, so a valid config never gets here.
    if (!ic) throw new Error(`sourceClientConfig: source ${source.key} is an sso-permission-set but identityCenter is not configured`);
    const session = [
        `[sso-session ${ic.sessionName}]`,
        `sso_start_url = ${ic.startUrl}`,
        `sso_region = ${ic.region}`,
        "sso_registration_scopes = sso:account:access",
    ];
    const settings: Array<[string, string]> = [
        ["sso_session", ic.sessionName],
        ["sso_account_id", sourceAccountId],
        ["sso_role_name", source.permissionSet],
        ["region", cfg.region],
    ];
    return {
        profile: [...session, "", `[profile ${source.key}]`, ...settings.map(([k, v]) => `${k} = ${v}`)].join("\n"),
        commands: settings.map(([k, v]) => `aws configure set ${k} ${shellQuote(v)} --profile ${shellQuote(source.key)}`).join("\n"),
        note: `Profile ${source.key} signs in through IAM Identity Center (${ic.startUrl}) as permission set ${source.permissionSet} in ${cfg.layout === "two-account" ? "account B" : `account ${sourceAccount(cfg, source).name}`} (${sourceAccountId}), which must be assigned to you there: run \`aws sso login --sso-session ${ic.sessionName}\` first (AWS CLI v2). awsConfigureCommands sets the profiles only; the [sso-session ${ic.sessionName}] section comes from awsConfigProfile or \`aws configure sso-session\`.`,
    };
}

/** The MFA device ARN: a user's virtual device by the console's default name, else a placeholder. */
function mfaSerialFor(cfg: Pick<CrossAccountConfig, "partition" | "accounts">, source: SourceSpec): string {
    const device = source.kind === "user" ? source.name : MFA_DEVICE_PLACEHOLDER;
    return `arn:${cfg.partition}:iam::${sourceAccount(cfg, source).id}:mfa/${device}`;
}

/** The first allowed source identity when it is a plain value, else a placeholder. */
function sourceIdentityValue(allowed: string[]): string {
    const plain = allowed.find((a) => !/[*?]/.test(a));
    return plain ?? SOURCE_IDENTITY_PLACEHOLDER;
}
