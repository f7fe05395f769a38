/**
 * verify, pure part: turns an AWS error into the likely cause and the fix, in plain sentences.
 */
import type { TargetRoleOutput } from "../../lib/outputs";
import { Caller, Probe, SourceMatch, probePreset, probeTarget } from "./plan";

/** The parts of an AWS SDK error that matter here. */
export interface AwsErrorInfo {
    /** Error code, e.g. AccessDenied, NoSuchEntity, ResourceNotFoundException. */
    code: string;
    message: string;
}

/** Reads the code and message of whatever an SDK call threw. */
export function errorInfo(e: unknown): AwsErrorInfo {
    if (e instanceof Error) {
        const coded = e as Error & { Code?: unknown; code?: unknown };
        const code = typeof coded.Code === "string" ? coded.Code : typeof coded.code === "string" ? coded.code : e.name;
        return { code, message: e.message };
    }
    return { code: "Error", message: String(e) };
}

const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden", "AuthorizationError"]);
const NOT_FOUND = new Set(["ResourceNotFoundException", "NoSuchBucket", "TableNotFoundException", "NotFound", "NoSuchKey"]);
const BAD_CREDENTIALS = new Set(["InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException"]);

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
}

/** Why AssumeRole failed, most likely cause first; each line is one cause and its fix. */
export function explainAssumeRoleFailure(err: AwsErrorInfo, ctx: AssumeContext): string[] {
    const { roleName, caller, match } = ctx;
    if (BAD_CREDENTIALS.has(err.code) || err.code === "CredentialsProviderError") {
        return [
            `your own credentials were rejected or not found (${err.code}): check --profile / AWS_PROFILE, or sign in again (aws sso login, a fresh session token)`,
        ];
    }
    if (err.code === "NoSuchEntity" || /cannot be found|does not exist/i.test(err.message)) {
        return [
            `role ${ctx.role.arn} does not exist: account-a is not deployed (pulumi up -s account-a), or it was deployed to another account than targetAccountId`,
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
            `your credentials are in account ${caller.account}, but ${roleName} trusts account B ${ctx.sourceAccountId}: wrong profile or credentials? (--profile, AWS_PROFILE)`,
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
        if (match.how === "member")
            lines.push(
                `the caller ${caller?.arn ?? ""} is a user of account B, but may not be a member of group ${t.source}, which alone is granted AssumeRole`,
            );
        if (ctx.role.trustMode === "principal" && (t.kind === "service-role" || t.kind === "user")) {
            lines.push(
                `account B's ${t.kind === "user" ? "user" : "role"} ${t.source} was recreated after account-a was deployed, so A's trust policy points at the dead unique id of the old one: run \`pulumi up -s account-a\` again`,
            );
        }
    }
    lines.push(
        `account B does not grant sts:AssumeRole on ${ctx.role.arn} to the caller (account-b not deployed or outdated): run \`pulumi up -s account-b\`, then \`pulumi up -s account-a\``,
    );
    lines.push(
        `the role does not exist (STS answers AccessDenied for an unknown role): account-a is not deployed, or it was deployed to another account than ${ctx.role.arn.split(":")[4]}`,
    );
    return lines;
}

/** Why a probe failed, and what to do. */
export function explainProbeFailure(err: AwsErrorInfo, probe: Probe): string {
    const preset = probePreset(probe);
    const target = probeTarget(probe);
    if (ACCESS_DENIED.has(err.code)) {
        return `${probe.action} on ${target} was denied: the role's ${preset} preset does not cover it (or a permissions boundary or SCP denies it); add ${target} to permissions.${preset} and run \`pulumi up -s account-a\``;
    }
    if (NOT_FOUND.has(err.code)) {
        const fix = probe.service === "logs" ? " (or set logsRead.create: true to have account-a create it)" : "";
        return `${target} does not exist in account A (${probe.region}): create it, or fix its name in permissions.${preset}${fix}`;
    }
    return `unexpected error ${err.code}: ${err.message}`;
}
