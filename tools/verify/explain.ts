/**
 * verify, pure part: turns an AWS error into the likely cause and the fix, in plain sentences.
 */
import { USERNAME_VARIABLE, sessionNameMatches } from "../../lib/iam/patterns";
import type { TargetRoleOutput } from "../../lib/model/outputs";
import { Caller, Probe, SourceMatch, namesCaller, probePreset, probeTarget } from "./probes";
import { REQUEST_TARGET, RequestTarget } from "./request-target";

/** The parts of an AWS SDK error that matter here. */
export interface AwsErrorInfo {
    /** Error code, e.g. AccessDenied, NoSuchEntity, ResourceNotFoundException, or Node's ECONNREFUSED. */
    code: string;
    message: string;
    /** Where the call went, when the SDK layer knew. */
    target?: RequestTarget;
}

/** Reads the code, message and request target of whatever an SDK call threw. */
export function errorInfo(e: unknown): AwsErrorInfo {
    if (e instanceof Error) {
        const coded = e as Error & { Code?: unknown; code?: unknown; [REQUEST_TARGET]?: RequestTarget };
        const code = typeof coded.Code === "string" ? coded.Code : typeof coded.code === "string" ? coded.code : e.name;
        const target = coded[REQUEST_TARGET];
        return { code, message: e.message, ...(target ? { target } : {}) };
    }
    return { code: "Error", message: String(e) };
}

const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden", "AuthorizationError"]);
const NOT_FOUND = new Set(["ResourceNotFoundException", "NoSuchBucket", "TableNotFoundException", "NotFound", "NoSuchKey"]);
const BAD_CREDENTIALS = new Set([
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "UnrecognizedClientException",
    "ExpiredToken",
    "ExpiredTokenException",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    // The SDK's own: no credentials found, or a profile / SSO token it cannot use.
    "CredentialsProviderError",
    "TokenProviderError",
    "ProviderError",
]);

/** Node's and the SDK's errors for an endpoint that could not be reached, with what each means. */
const NETWORK_ERRORS: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host name not found (DNS)",
    EAI_AGAIN: "host name lookup failed (DNS)",
    ETIMEDOUT: "no answer in time (timeout)",
    TimeoutError: "no answer in time (timeout)",
    ECONNRESET: "connection reset",
    ECONNABORTED: "connection aborted",
    EPIPE: "connection closed",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    EPROTO: "TLS handshake failed (an https:// URL for a plain-http endpoint?)",
    DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate not trusted (self-signed)",
    SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate not trusted (self-signed)",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate not trusted",
    CERT_HAS_EXPIRED: "TLS certificate expired",
    ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate is for another host name",
};

/** True when the error says the endpoint could not be reached at all (no AWS answer). */
export function isNetworkError(err: AwsErrorInfo): boolean {
    return Object.hasOwn(NETWORK_ERRORS, err.code);
}

/** "STS at URL (--endpoint-url)": the service and where it was sent, as far as known. */
function describeTarget(t: RequestTarget | undefined): string {
    if (!t) return "the endpoint";
    return `${t.service}${t.url !== undefined ? ` at ${t.url}` : ""}${t.setBy !== undefined ? ` (${t.setBy})` : ""}`;
}

/** What to check for an endpoint that could not be reached: the setting that chose it, and the network. */
function endpointAdvice(t: RequestTarget | undefined): string {
    const reach = "that the endpoint is up and reachable from here (network, VPN, proxy, firewall)";
    if (t?.setBy === "--endpoint-url") return `check --endpoint-url, and ${reach}`;
    if (t?.setBy !== undefined) return `check ${t.setBy} (or pass --endpoint-url), and ${reach}`;
    return `check --region, and ${reach}; for an AWS-compatible endpoint, pass --endpoint-url`;
}

/** For an endpoint that could not be reached: says so, names it and what to check; undefined for any other error. */
export function explainUnreachable(err: AwsErrorInfo): string | undefined {
    if (!isNetworkError(err)) return undefined;
    return `could not reach ${describeTarget(err.target)}: ${NETWORK_ERRORS[err.code]}. A network or endpoint problem, not your credentials: ${endpointAdvice(err.target)}`;
}

/** Why GetCallerIdentity with the caller's own credentials failed: the endpoint, the credentials, or something else. */
export function explainCallerFailure(err: AwsErrorInfo): string {
    const unreachable = explainUnreachable(err);
    if (unreachable !== undefined) return unreachable;
    if (BAD_CREDENTIALS.has(err.code)) {
        return "no usable credentials for account B: pass --profile, set AWS_PROFILE, or sign in (aws sso login); check --endpoint-url and --region";
    }
    return `unexpected answer from ${describeTarget(err.target)}: check that the endpoint is an AWS-compatible one (--endpoint-url, AWS_ENDPOINT_URL) and --region, then your credentials (--profile, AWS_PROFILE)`;
}

/**
 * How the messages name the stacks and accounts: account-a and account-b in the two-account layout; with named
 * accounts, the target's and the matched source's own (e.g. stack dev, account dev (333333333333), stack tooling).
 */
export interface Wording {
    /** The stack that deploys the role: `pulumi up -s <targetStack>`. */
    targetStack: string;
    /** The role's account in a sentence: "account A", "account dev (333333333333)". */
    targetAccount: string;
    /** The config that says the role's account id: "targetAccountId", "accounts.dev". */
    targetAccountKey: string;
    /** The stack that grants the source: `pulumi up -s <sourceStack>`. */
    sourceStack: string;
    /** The source's account in a sentence: "account B", "account tooling". */
    sourceAccount: string;
}

/** The two-account layout's words. */
export const TWO_ACCOUNT_WORDING: Wording = {
    targetStack: "account-a",
    targetAccount: "account A",
    targetAccountKey: "targetAccountId",
    sourceStack: "account-b",
    sourceAccount: "account B",
};

/** Everything explainAssumeRoleFailure needs to know about the attempt. */
export interface AssumeContext {
    roleName: string;
    role: TargetRoleOutput;
    caller: Caller | undefined;
    sourceAccountId: string | undefined;
    match: SourceMatch | undefined;
    sentExternalId: boolean;
    sentMfa: boolean;
    sentSourceIdentity: boolean;
    /** How to name the stacks and accounts. @default TWO_ACCOUNT_WORDING */
    wording?: Wording;
    /** The session name sent (`--session-name`), checked against a trust's roleSessionName rule. */
    sentSessionName?: string;
}

/** Why AssumeRole failed, most likely cause first; each line is one cause and its fix. */
export function explainAssumeRoleFailure(err: AwsErrorInfo, ctx: AssumeContext): string[] {
    const { roleName, caller, match } = ctx;
    const w = ctx.wording ?? TWO_ACCOUNT_WORDING;
    const B = w.sourceAccount;
    const unreachable = explainUnreachable(err);
    if (unreachable !== undefined) return [unreachable];
    if (BAD_CREDENTIALS.has(err.code)) {
        return [
            `your own credentials were rejected or not found (${err.code}): check --profile / AWS_PROFILE, or sign in again (aws sso login, a fresh session token)`,
        ];
    }
    if (err.code === "NoSuchEntity" || /cannot be found|does not exist/i.test(err.message)) {
        return [
            `role ${ctx.role.arn} does not exist: ${w.targetStack} is not deployed (pulumi up -s ${w.targetStack}), or it was deployed to another account than ${w.targetAccountKey}`,
        ];
    }
    if (err.code === "ValidationError" && /DurationSeconds/.test(err.message)) {
        return [`the session length was refused (${err.message}): role chaining caps sessions at 1 hour`];
    }
    if (/MultiFactorAuthentication/i.test(err.message)) {
        return ["the MFA code was refused: use the current code of the device named by --mfa-serial, and check that the serial is your device's ARN"];
    }
    if (!ACCESS_DENIED.has(err.code)) return [`unexpected error ${err.code}: ${err.message}`];

    const lines: string[] = [];
    if (caller && ctx.sourceAccountId !== undefined && caller.account !== ctx.sourceAccountId) {
        lines.push(
            `your credentials are in account ${caller.account}, but ${roleName} trusts ${B} ${ctx.sourceAccountId}: wrong profile or credentials? (--profile, AWS_PROFILE)`,
        );
    } else if (!match) {
        const trusted = ctx.role.trustedSources.map((t) => (t.principalArns.length > 0 ? t.principalArns.join(", ") : `${t.kind} ${t.source}`)).join("; ");
        lines.push(`the trust policy does not name the caller ${caller?.arn ?? "(unknown)"}; it trusts ${trusted}: wrong profile or credentials?`);
    }
    if (match) {
        const t = match.trust;
        if (t.externalId && !ctx.sentExternalId) lines.push("the trust requires an ExternalId and none was sent: read the outputs with --show-secrets");
        if (t.mfaMaxAgeSeconds !== undefined && !ctx.sentMfa) lines.push("the trust requires MFA and none was sent: pass --mfa-serial and --token-code");
        if (t.sourceIdentity?.required && !ctx.sentSourceIdentity) lines.push("the trust requires a source identity: pass --source-identity");
        if (t.principalOrgId) lines.push(`the trust requires the caller's organization to be ${t.principalOrgId}`);
        if (t.principalOrgPaths) lines.push(`the trust requires the caller's account to sit in ${t.principalOrgPaths.join(" or ")} or an OU below`);
        if (t.principalTags) {
            const tags = Object.entries(t.principalTags).map(([k, v]) => `${k}=${v.join(" or ")}`);
            lines.push(`the trust requires the caller to carry tag ${tags.join(", ")} (its IAM user's or role's tags, or its session tags): check them`);
        }
        const sent = ctx.sentSessionName;
        if (t.roleSessionName && sent !== undefined) {
            const userName = caller ? /:user\/(?:.*\/)?([^/]+)$/.exec(caller.arn)?.[1] : undefined;
            const admits = t.roleSessionName.some((n) =>
                n.includes(USERNAME_VARIABLE) ? userName !== undefined && n.split(USERNAME_VARIABLE).join(userName) === sent : sessionNameMatches(n, sent),
            );
            if (!admits)
                lines.push(
                    `the trust requires the session name to match ${t.roleSessionName.join(" or ")}${userName !== undefined ? ` (${USERNAME_VARIABLE} is ${userName})` : ""}, and ${sent} does not: pass --session-name with one that does`,
                );
        }
        if (match.how === "member")
            lines.push(`the caller ${caller?.arn ?? ""} is a user of ${B}, but may not be a member of group ${t.source}, which alone is granted AssumeRole`);
        if (ctx.role.trustMode === "principal" && (t.kind === "service-role" || t.kind === "oidc-role" || t.kind === "user")) {
            lines.push(
                `${B}'s ${t.kind === "user" ? "user" : "role"} ${t.source} was recreated after ${w.targetStack} was deployed, so ${w === TWO_ACCOUNT_WORDING ? "A's" : "the role's"} trust policy points at the dead unique id of the old one: run \`pulumi up -s ${w.targetStack}\` again`,
            );
        }
        if (t.kind === "sso-permission-set" && w === TWO_ACCOUNT_WORDING)
            lines.push(
                `the AssumeRole grant is the inline policy of the permission set of ${t.source}: if ${w.sourceStack} does not write it (${w.sourceStack}'s output sources.${t.source}.permissionSetInlinePolicy), the Identity Center administrators must put it there and provision the permission set to ${B}`,
            );
        // With named accounts the stack of the Identity Center administration account writes it, which may not be the source's.
        else if (t.kind === "sso-permission-set")
            lines.push(
                `the AssumeRole grant is the inline policy of the permission set of ${t.source}, which the stack of the Identity Center administration account (identityCenter.account, not necessarily ${w.sourceStack}) writes: deploy that stack; if it cannot write it, ${w.sourceStack}'s output sources.${t.source}.permissionSetInlinePolicy holds the statements the Identity Center administrators must put there; the permission set must be provisioned to ${B}`,
            );
        if (t.kind === "federated-role")
            lines.push(
                `${t.source} is roles this program does not manage: ${w === TWO_ACCOUNT_WORDING ? "B" : B}'s admins (or the identity provider's tool) grant them sts:AssumeRole on ${ctx.role.arn}`,
            );
        if (ctx.role.trustMode === "principal" && t.kind === "existing") {
            // No unique id is exported for ARNs brought by the user, so nothing forces a diff on A.
            const named = caller ? t.principalArns.filter((p) => namesCaller(p, caller)) : [];
            const arns = named.length > 0 ? named : t.principalArns;
            const what = arns.every((a) => a.includes(":role/")) ? "role" : arns.every((a) => a.includes(":user/")) ? "user" : "principal";
            lines.push(
                `${B}'s ${what} ${arns.join(", ")} (existing source ${t.source}) was recreated after ${w.targetStack} was deployed, so ${w === TWO_ACCOUNT_WORDING ? "A's" : "the role's"} trust policy points at the dead unique id of the old one; ${w.sourceStack} exports no unique id for an existing source, so \`pulumi up -s ${w.targetStack}\` alone sees no diff: run \`pulumi up -s ${w.targetStack} --refresh\` (the refresh reads back the dead id, so the update re-writes the trust), or set \`trustMode: principal-arn\` on ${roleName}`,
            );
        }
    }
    // An SSO source's grant is the permission set's, named above: with named accounts it is the administration account's stack's to write.
    if (!(match?.trust.kind === "sso-permission-set" && w !== TWO_ACCOUNT_WORDING))
        lines.push(
            `${B} does not grant sts:AssumeRole on ${ctx.role.arn} to the caller (${w.sourceStack} not deployed or outdated): run \`pulumi up -s ${w.sourceStack}\`, then \`pulumi up -s ${w.targetStack}\``,
        );
    lines.push(
        `the role does not exist (STS answers AccessDenied for an unknown role): ${w.targetStack} is not deployed, or it was deployed to another account than ${ctx.role.arn.split(":")[4]}`,
    );
    return lines;
}

/** Why a probe failed, and what to do. */
export function explainProbeFailure(err: AwsErrorInfo, probe: Probe, w: Wording = TWO_ACCOUNT_WORDING): string {
    const unreachable = explainUnreachable(err);
    if (unreachable !== undefined) return unreachable;
    const preset = probePreset(probe);
    const target = probeTarget(probe);
    if (ACCESS_DENIED.has(err.code)) {
        return `${probe.action} on ${target} was denied: the role's ${preset} preset does not cover it (or a permissions boundary or SCP denies it); add ${target} to permissions.${preset} and run \`pulumi up -s ${w.targetStack}\``;
    }
    if (NOT_FOUND.has(err.code)) {
        const fix = probe.service === "logs" ? ` (or set logsRead.create: true to have ${w.targetStack} create it)` : "";
        return `${target} does not exist in ${w.targetAccount} (${probe.region}): create it, or fix its name in permissions.${preset}${fix}`;
    }
    return `unexpected error ${err.code}: ${err.message}`;
}
