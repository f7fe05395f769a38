/**
 * verify, pure part: reads account-a's stack outputs, finds which trusted source the caller is,
 * and plans the AssumeRole call and the harmless reads (probes) for each target role.
 */
import type { RoleClientConfig } from "../../lib/model/outputs";
import { isPlainObject } from "../../lib/config/reader";
import { TARGET_OUTPUTS_SHAPE, shapeProblems } from "./outputs-shape";
import type { TargetRoleOutput, TrustRequirementOutput } from "../../lib/model/outputs";

/** What verify needs from `pulumi stack output --json --show-secrets` of account-a. */
export interface VerifyInput {
    targetAccountId: string;
    roles: Record<string, TargetRoleOutput>;
    /** Undefined when the stack predates it, or when it was read without --show-secrets (then clientConfigHidden). */
    clientConfig: Record<string, RoleClientConfig> | undefined;
    /** True when clientConfig came as "[secret]": `pulumi stack output` ran without --show-secrets. */
    clientConfigHidden: boolean;
}

/** Pulumi prints a secret read without --show-secrets as this string. */
export const HIDDEN_SECRET = "[secret]";

/** The stack outputs are not what verify reads: one line per problem, each naming its path in the outputs. */
export class VerifyInputError extends Error {
    constructor(
        message: string,
        readonly problems: readonly string[] = [],
    ) {
        super(message);
        this.name = "VerifyInputError";
    }
}

/** The largest outputs text read: far above any real stack's, small enough to hold at once. */
export const MAX_OUTPUTS_CHARS = 16 * 1024 * 1024;

const HOW = "`pulumi stack output --json --show-secrets -s account-a`";

/**
 * Checks the outputs' shape whole (tools/verify/outputs-shape.ts) before anything reads them; throws a
 * VerifyInputError saying what is wrong and how to get the right input, with one line per problem.
 */
export function parseVerifyInput(text: string): VerifyInput {
    if (text.length > MAX_OUTPUTS_CHARS)
        throw new VerifyInputError(`the stack outputs are ${text.length} characters; verify reads at most ${MAX_OUTPUTS_CHARS}`);
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch {
        throw new VerifyInputError(`the stack outputs are not JSON; expected the text of ${HOW}`);
    }
    if (!isPlainObject(raw)) throw new VerifyInputError(`the stack outputs are not a JSON object; expected ${HOW}`);
    if (raw.side === "source") throw new VerifyInputError(`these are account-b's outputs (side: source); verify needs account-a's: ${HOW}`);
    if (raw.side !== "target" || raw.targetAccountId === undefined || raw.roles === undefined) {
        throw new VerifyInputError(`the stack outputs have no side: target, targetAccountId and roles; expected ${HOW}`);
    }
    const problems = shapeProblems(raw, TARGET_OUTPUTS_SHAPE);
    if (problems.length > 0) {
        throw new VerifyInputError(
            `account-a's outputs are not what this version writes (${problems.length} problem${problems.length === 1 ? "" : "s"}); read them again with ${HOW}`,
            problems,
        );
    }
    const hidden = raw.clientConfig === HIDDEN_SECRET;
    return {
        targetAccountId: raw.targetAccountId as string,
        roles: raw.roles as Record<string, TargetRoleOutput>,
        clientConfig: isPlainObject(raw.clientConfig) ? (raw.clientConfig as Record<string, RoleClientConfig>) : undefined,
        clientConfigHidden: hidden,
    };
}

/** The most AWS calls one verify run makes (an AssumeRole and a GetCallerIdentity per role, one read per preset resource). */
export const MAX_AWS_CALLS = 500;

/** The AWS calls verify would make for these roles, besides the caller's own GetCallerIdentity. */
export function plannedCalls(roles: readonly TargetRoleOutput[]): number {
    return roles.reduce((n, role) => n + 2 + planProbes(role).length, 0);
}

/** The caller's identity in account B, as GetCallerIdentity reports it. */
export interface Caller {
    arn: string;
    account: string;
}

/** A trusted source the caller stands for, and how sure that is. */
export interface SourceMatch {
    trust: TrustRequirementOutput;
    /** exact: the trust names the caller; member: the caller is a user of B (group membership is not checked); account: any principal of B. */
    how: "exact" | "member" | "pattern" | "account";
}

/**
 * Which trusted source of a role the caller is: an assumed-role session matches a role source of
 * the same name, an IAM user matches its user source, then a group (any user of B), then the
 * account root. Undefined when none fits (the trust policy does not name the caller).
 */
export function matchSource(caller: Caller, trusted: TrustRequirementOutput[], sourceAccountId: string | undefined): SourceMatch | undefined {
    if (sourceAccountId !== undefined && caller.account !== sourceAccountId) return undefined;
    const user = /^arn:[\w-]+:iam::(\d{12}):user\/.+$/.exec(caller.arn);
    const exact = trusted.find((t) => t.principalArns.some((p) => namesCaller(p, caller)));
    if (exact) return { trust: exact, how: "exact" };
    const group = user ? trusted.find((t) => t.kind === "group") : undefined;
    if (group) return { trust: group, how: "member" };
    // An IAM Identity Center or federated role, trusted by an ArnLike pattern on its name.
    const byPattern = user
        ? undefined
        : trusted.find((t) => t.kind !== "group" && (t.principalArnCondition?.ArnLike ?? []).some((p) => patternNamesCaller(p, caller)));
    if (byPattern) return { trust: byPattern, how: "pattern" };
    const root = trusted.find((t) => t.kind === "account-root");
    if (root) return { trust: root, how: "account" };
    return undefined;
}

/**
 * True when an `ArnLike aws:PrincipalArn` pattern of roles admits the role an assumed-role session is of. The session's
 * ARN holds no path, so only the account and the name are compared: the name against the pattern's last segment.
 */
export function patternNamesCaller(pattern: string, caller: Caller): boolean {
    const session = /^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(caller.arn);
    const role = /^arn:[\w-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(pattern);
    if (!session || !role || role[1] !== session[1]) return false;
    const glob = role[2]
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
        .join("");
    return new RegExp(`^${glob}$`).test(session[2]);
}

/** True when a principal ARN is the caller: its user ARN, or the role an assumed-role session is of (same account and name, any path). */
export function namesCaller(principalArn: string, caller: Caller): boolean {
    const session = /^arn:[\w-]+:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(caller.arn);
    if (session) {
        const role = /^arn:[\w-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principalArn);
        return role !== null && role[1] === session[1] && role[2] === session[2];
    }
    return principalArn === caller.arn;
}

/** The account B that a role trusts: from clientConfig, else from a principal ARN it names. */
export function sourceAccountOf(role: TargetRoleOutput, client: RoleClientConfig | undefined): string | undefined {
    if (client) return client.sourceAccountId;
    for (const t of role.trustedSources) {
        for (const p of t.principalArns) {
            const m = /^arn:[\w-]+:iam::(\d{12}):/.exec(p);
            if (m) return m[1];
        }
    }
    return undefined;
}

/** One harmless read with the assumed role's credentials. */
export type Probe =
    | { service: "logs"; action: "logs:FilterLogEvents"; logGroupName: string; region: string }
    | { service: "dynamodb"; action: "dynamodb:DescribeTable" | "dynamodb:ListBackups"; tableName: string; region: string }
    | { service: "s3"; action: "s3:ListBucket"; bucket: string; prefix?: string; region: string; preset: "s3Read" | "s3ReadWrite" }
    | { service: "s3"; action: "s3:ListAllMyBuckets"; region: string };

/** The preset a probe exercises, for messages. */
export function probePreset(p: Probe): string {
    switch (p.service) {
        case "logs":
            return "logsRead";
        case "dynamodb":
            return "dynamodbBackup";
        case "s3":
            return p.action === "s3:ListAllMyBuckets" ? "s3ListAllBuckets" : p.preset;
    }
}

/** What a probe reads, for the progress lines and the summary. */
export function probeTarget(p: Probe): string {
    switch (p.service) {
        case "logs":
            return p.logGroupName;
        case "dynamodb":
            return p.tableName;
        case "s3":
            return p.action === "s3:ListAllMyBuckets" ? "*" : `s3://${p.bucket}/${p.prefix ?? ""}`;
    }
}

/** One read per preset resource: FilterLogEvents per log group, DescribeTable + ListBackups per table, ListObjectsV2 per bucket, ListBuckets. */
export function planProbes(role: TargetRoleOutput): Probe[] {
    const r = role.resources;
    const region = r.region;
    const probes: Probe[] = [];
    for (const logGroupName of r.logGroups) probes.push({ service: "logs", action: "logs:FilterLogEvents", logGroupName, region });
    for (const tableName of r.dynamodbTables) {
        probes.push({ service: "dynamodb", action: "dynamodb:DescribeTable", tableName, region });
        probes.push({ service: "dynamodb", action: "dynamodb:ListBackups", tableName, region });
    }
    for (const preset of ["s3Read", "s3ReadWrite"] as const) {
        const s3 = r[preset];
        if (!s3) continue;
        for (const bucket of s3.buckets)
            probes.push({ service: "s3", action: "s3:ListBucket", bucket, region, preset, ...(s3.prefix ? { prefix: s3.prefix } : {}) });
    }
    if (r.s3ListAllBuckets) probes.push({ service: "s3", action: "s3:ListAllMyBuckets", region });
    return probes;
}

/** What the caller supplied on the command line for the conditions a trust may require. */
export interface CallerOptions {
    mfaSerial?: string;
    tokenCode?: string;
    sourceIdentity?: string;
    sessionName: string;
}

/** The AssumeRole request for one role, or why it cannot be made. */
export type AssumePlan =
    | {
          ok: true;
          roleArn: string;
          sessionName: string;
          externalId?: string;
          mfa?: { serial: string; tokenCode?: string };
          sourceIdentity?: string;
      }
    | { ok: false; problem: string };

/**
 * Builds the AssumeRole request for the source the caller matched: the ExternalId (from
 * clientConfig) only when that source's trust requires it, MFA only when required (serial from
 * the flag, else the user's default device), the source identity only when required.
 * An MFA token still missing is marked for a prompt (`tokenCode` undefined).
 */
export function planAssumeRole(
    roleName: string,
    role: TargetRoleOutput,
    match: SourceMatch | undefined,
    client: RoleClientConfig | undefined,
    clientHidden: boolean,
    opts: CallerOptions,
    targetStack = "account-a",
): AssumePlan {
    const trust = match?.trust;
    const plan: AssumePlan = { ok: true, roleArn: role.arn, sessionName: opts.sessionName };
    if (trust?.externalId) {
        if (client?.externalId === undefined) {
            return {
                ok: false,
                problem: clientHidden
                    ? `role ${roleName} requires an ExternalId, but clientConfig was read without --show-secrets ("[secret]"); use \`pulumi stack output --json --show-secrets -s ${targetStack}\``
                    : `role ${roleName} requires an ExternalId, but the outputs carry none (no clientConfig.${roleName}.externalId); run \`pulumi up -s ${targetStack}\` with this version, then read the outputs with --show-secrets`,
            };
        }
        plan.externalId = client.externalId;
    }
    if (trust?.mfaMaxAgeSeconds !== undefined) {
        const serial = opts.mfaSerial ?? defaultMfaSerial(trust);
        if (serial === undefined) {
            return {
                ok: false,
                problem: `role ${roleName} requires MFA for source ${trust.source}; pass --mfa-serial <MFA device ARN> and --token-code <code>`,
            };
        }
        plan.mfa = { serial, ...(opts.tokenCode !== undefined ? { tokenCode: opts.tokenCode } : {}) };
    }
    if (trust?.sourceIdentity?.required) {
        if (opts.sourceIdentity === undefined) {
            const allowed = trust.sourceIdentity.allowed;
            return {
                ok: false,
                problem: `role ${roleName} requires a source identity for source ${trust.source}; pass --source-identity <value>${allowed.length > 0 ? ` matching ${allowed.join(" or ")}` : ""}`,
            };
        }
        plan.sourceIdentity = opts.sourceIdentity;
    } else if (opts.sourceIdentity !== undefined && trust?.sourceIdentity) {
        plan.sourceIdentity = opts.sourceIdentity;
    }
    return plan;
}

/** A user source's virtual MFA device by the console's default name (the user name). */
function defaultMfaSerial(trust: TrustRequirementOutput): string | undefined {
    if (trust.kind !== "user" || trust.principalArns.length !== 1) return undefined;
    const m = /^arn:([\w-]+):iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(trust.principalArns[0]);
    return m ? `arn:${m[1]}:iam::${m[2]}:mfa/${m[3]}` : undefined;
}
