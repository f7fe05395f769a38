/** Shared by the `oidc-role` tests: GitHub's issuer, its provider in account B, and a config where B's GitHub Actions role is trusted by A's deployer. */
import { ACCOUNT_B, ConfigObject, baseConfig } from "./harness";

export const GITHUB = "token.actions.githubusercontent.com";
export const PROVIDER = `arn:aws:iam::${ACCOUNT_B}:oidc-provider/${GITHUB}`;

/** B's GitHub Actions role (`github-deploy`, path /ci/) trusted by A's `deployer` role. */
export function githubConfig(github: Record<string, unknown> = { repository: "acme/web-app", branch: "main" }): ConfigObject {
    return {
        ...baseConfig(),
        sources: { "github-deploy": { kind: "oidc-role", path: "/ci/", github } },
        targetRoles: {
            deployer: { path: "/cross-account/", trustedSources: ["github-deploy"], permissions: { s3ReadWrite: { buckets: ["acme-web-app-assets"] } } },
        },
    };
}
