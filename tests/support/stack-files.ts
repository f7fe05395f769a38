/**
 * Stack files for the renderer's tests: Pulumi.yaml and Pulumi.<stack>.yaml written into a fresh
 * temporary directory, as a user's project would hold them.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes Pulumi.yaml (project config) and one file per stack into a fresh directory. */
export function writeStackFiles(projectConfig: Record<string, unknown>, stacks: Record<string, Record<string, unknown>>): string {
    const dir = tempDir("render-stacks-");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify({ name: "cross-account-iam", runtime: "nodejs", config: projectConfig }));
    for (const [stack, config] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
    return dir;
}

/** Project config (Pulumi.yaml `config:` values) trusting a vendor's whole account with an ExternalId; the ExternalId goes in the stack files. */
export const VENDOR_PROJECT = {
    targetAccountId: "111111111111",
    sourceAccountId: "222222222222",
    sources: { value: { vendor: { kind: "account-root" } } },
    targetRoles: {
        value: { "vendor-reader": { path: "/vendors/", trustedSources: [{ source: "vendor", externalId: true }], permissions: { s3ListAllBuckets: true } } },
    },
};

/** The --role-session-name an account-root source's people get: their $USER, made STS-safe (lib/outputs/session-names.ts). */
export const USER_SESSION_VENDOR = `"$(awk 'BEGIN { s = ENVIRON["USER"]; gsub(/[^A-Za-z0-9_+=,.@-]/, "-", s); s = substr(s, 1, 64); print (length(s) > 1 && s ~ /[A-Za-z0-9]/ ? s : "vendor") }')"`;
