/**
 * An AWS SDK environment of its own for a suite that calls a loopback endpoint: no variable, profile,
 * file or instance metadata of the user's is read, and everything is restored afterwards. Loopback
 * ports and keys a local endpoint accepts are in tests/support/moto.ts.
 */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";

/** Every variable the SDK (or these tests) read; cleared for the suite, restored after it. */
export const ENV_KEYS = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
    "AWS_ENDPOINT_URL_DYNAMODB",
    "AWS_ENDPOINT_URL_S3",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
];

/** The suite's temporary directory, set once its before hook ran. */
export interface AwsSandbox {
    dir: string;
}

/**
 * Registers the suite's hooks: before, every ENV_KEYS variable is saved and cleared, instance metadata
 * disabled and the SDK's config and credentials files pointed into a fresh temporary directory; after,
 * the directory is removed and the variables restored (also when the suite was skipped or failed).
 */
export function isolateAwsEnvironment(prefix: string): AwsSandbox {
    const sandbox: AwsSandbox = { dir: "" };
    const saved: Record<string, string | undefined> = {};
    before(() => {
        for (const k of ENV_KEYS) {
            saved[k] = process.env[k];
            delete process.env[k];
        }
        // Never reach instance metadata or the user's own AWS files.
        process.env.AWS_EC2_METADATA_DISABLED = "true";
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
        sandbox.dir = mkdtempSync(path.join(tmpdir(), prefix));
        process.env.AWS_CONFIG_FILE = path.join(sandbox.dir, "no-config");
        process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(sandbox.dir, "no-credentials");
    });
    after(() => {
        if (sandbox.dir) rmSync(sandbox.dir, { recursive: true, force: true });
        for (const k of ENV_KEYS) {
            if (saved[k] === undefined) delete process.env[k];
            else process.env[k] = saved[k];
        }
    });
    return sandbox;
}

/** Runs fn with these variables set in process.env (where the SDK reads them), then restores them. */
export async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    try {
        return await fn();
    } finally {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    }
}
