/**
 * What the verify tests share: a session of the base config's source role, account-a's role as its outputs
 * describe it, the config the end-to-end runs deploy, and verify run as a function.
 */
import { writeFileSync } from "fs";
import * as path from "path";
import type { TargetRoleOutput } from "../../lib/model/outputs";
import { main } from "../../tools/verify/main";
import type { RenderResult } from "../../tools/shared/mock-runtime";
import { ACCOUNT_B, READER, SHIPPER, baseConfig, renderBoth } from "./harness";

/** A session of B's EC2 source role, as on the instance. */
export const SHIPPER_SESSION = `arn:aws:sts::${ACCOUNT_B}:assumed-role/log-shipper/i-0123456789abcdef0`;
export const REGION = "eu-west-1";
export const EXTERNAL_ID = "vendor-7f3a";

/** The first line verify prints for account-a's outputs of the wrong shape, with `problems` problems. */
export function outputsHeading(problems: number): string {
    return `account-a's outputs are not what this version writes (${problems} problem${problems === 1 ? "" : "s"}); read them again with \`pulumi stack output --json --show-secrets -s account-a\``;
}

/** log-reader as account-a's `roles` output describes it, trusting log-shipper; fields replaced by `overrides`. */
export function readerRole(overrides: Partial<TargetRoleOutput> = {}): TargetRoleOutput {
    return {
        arn: READER,
        name: "log-reader",
        path: "/cross-account/",
        trustMode: "principal",
        maxSessionDuration: 3600,
        trustedSources: [{ source: "log-shipper", kind: "service-role", principalArns: [SHIPPER], externalId: false }],
        resources: { region: "eu-west-1", logGroups: ["/app/cron"], dynamodbTables: [], s3ListAllBuckets: false },
        managedPolicyArns: [],
        ...overrides,
    };
}

/** What the end-to-end runs deploy (baseConfig's accounts and EC2 source): every preset on log-reader, an ExternalId on vendor-reader, a missing log group on stale-reader. */
export function e2eConfig(): Record<string, unknown> {
    return {
        ...baseConfig(),
        targetRoles: {
            "log-reader": {
                path: "/cross-account/",
                trustedSources: ["log-shipper"],
                permissions: {
                    logsRead: { logGroups: ["/app/cron"], create: true, retentionInDays: 30 },
                    dynamodbBackup: { tables: ["orders"] },
                    s3Read: { buckets: ["acme-reports"], prefix: "daily/" },
                    s3ListAllBuckets: true,
                },
            },
            "vendor-reader": {
                trustedSources: [{ source: "log-shipper", externalId: true }],
                permissions: { logsRead: { logGroups: ["/app/cron"] } },
            },
            "stale-reader": { trustedSources: ["log-shipper"], permissions: { logsRead: { logGroups: ["/app/missing"] } } },
        },
        externalIds: { "vendor-reader": EXTERNAL_ID },
        "aws:region": REGION,
    };
}

/** Renders e2eConfig() and writes account-a's outputs to <dir>/account-a.json, as `pulumi stack output --json --show-secrets` would. */
export async function writeE2eOutputs(dir: string): Promise<{ outputsFile: string; a: RenderResult; b: RenderResult }> {
    const { a, b } = await renderBoth(e2eConfig());
    const outputsFile = path.join(dir, "account-a.json");
    writeFileSync(outputsFile, JSON.stringify(a.outputs));
    return { outputsFile, a, b };
}

/** Runs verify as a function, returning its exit code and printed lines. */
export async function runVerifyCli(argv: string[]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await main(argv, { write: (l) => lines.push(...l.split("\n")) });
    return { code, lines };
}
