/**
 * The trust policy of an `oidc-role` source (lib/policies/web-identity-trust.ts), as a whole document
 * per form, the OIDC providers account B creates, and the opt-out that accepts a broad sub.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config/read";
import type { OidcTrust } from "../lib/model/config";
import type { PolicyDocument } from "../lib/model/policy";
import { oidcProvidersToCreate, webIdentityTrustPolicy } from "../lib/policies/web-identity-trust";
import { Mutable } from "./support/bad-config";
import { ACCOUNT_B, PROJECT, flatten } from "./support/harness";
import { GITHUB, PROVIDER, githubConfig } from "./support/oidc";

const github = (over: Partial<Extract<OidcTrust, { preset: "github" }>> = {}): OidcTrust => ({
    preset: "github",
    issuer: GITHUB,
    repository: "acme/web-app",
    ref: { branch: "main" },
    audience: "sts.amazonaws.com",
    unsafeAllowBroadSubjects: false,
    ...over,
});

describe("oidc-role: the web identity trust policy (lib/policies/web-identity-trust.ts)", () => {
    it("GitHub, one branch: the provider may AssumeRoleWithWebIdentity with aud sts.amazonaws.com and exactly that repository's branch as sub", () => {
        assert.deepEqual(webIdentityTrustPolicy("aws", ACCOUNT_B, github()), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "GitHubActions",
                    Effect: "Allow",
                    Principal: { Federated: PROVIDER },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com", [`${GITHUB}:sub`]: "repo:acme/web-app:ref:refs/heads/main" },
                    },
                },
            ],
        } satisfies PolicyDocument);
    });

    it("GitHub, an environment and a reusable workflow: sub names the environment, job_workflow_ref the workflow", () => {
        const doc = webIdentityTrustPolicy(
            "aws",
            ACCOUNT_B,
            github({ ref: { environment: "production" }, jobWorkflowRef: "acme/workflows/.github/workflows/deploy.yml@refs/heads/main" }),
        );
        assert.deepEqual(doc.Statement[0].Condition, {
            StringEquals: {
                [`${GITHUB}:aud`]: "sts.amazonaws.com",
                [`${GITHUB}:sub`]: "repo:acme/web-app:environment:production",
                [`${GITHUB}:job_workflow_ref`]: "acme/workflows/.github/workflows/deploy.yml@refs/heads/main",
            },
        });
    });

    it("GitHub, a branch pattern, a tag pattern and pull requests: StringLike only where a wildcard is, StringEquals for the rest", () => {
        const cond = (ref: Extract<OidcTrust, { preset: "github" }>["ref"]) => webIdentityTrustPolicy("aws", ACCOUNT_B, github({ ref })).Statement[0].Condition;
        assert.deepEqual(cond({ branch: "release/*" }), {
            StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" },
            StringLike: { [`${GITHUB}:sub`]: "repo:acme/web-app:ref:refs/heads/release/*" },
        });
        assert.deepEqual(cond({ tag: "v*" }), {
            StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" },
            StringLike: { [`${GITHUB}:sub`]: "repo:acme/web-app:ref:refs/tags/v*" },
        });
        assert.deepEqual(cond({ pullRequest: true }), {
            StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com", [`${GITHUB}:sub`]: "repo:acme/web-app:pull_request" },
        });
    });

    it("GitHub Enterprise: an enterprise's own issuer is the provider's ARN suffix and the condition keys' prefix", () => {
        const doc = webIdentityTrustPolicy("aws", ACCOUNT_B, github({ issuer: `${GITHUB}/acme-corp` }));
        assert.deepEqual(doc.Statement[0].Principal, { Federated: `${PROVIDER}/acme-corp` });
        assert.deepEqual(Object.keys(doc.Statement[0].Condition!.StringEquals), [`${GITHUB}/acme-corp:aud`, `${GITHUB}/acme-corp:sub`]);
    });

    it("GitLab, self-managed: project_path:<path>:ref_type:<type>:ref:<ref>, aud the instance URL", () => {
        const doc = webIdentityTrustPolicy("aws", ACCOUNT_B, {
            preset: "gitlab",
            issuer: "gitlab.acme.example",
            projectPath: "platform/web-app",
            ref: { refType: "tag", ref: "v1.2.3" },
            audience: "https://gitlab.acme.example",
            unsafeAllowBroadSubjects: false,
        });
        assert.deepEqual(doc, {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "GitLabCi",
                    Effect: "Allow",
                    Principal: { Federated: `arn:aws:iam::${ACCOUNT_B}:oidc-provider/gitlab.acme.example` },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            "gitlab.acme.example:aud": "https://gitlab.acme.example",
                            "gitlab.acme.example:sub": "project_path:platform/web-app:ref_type:tag:ref:v1.2.3",
                        },
                    },
                },
            ],
        });
    });

    it("generic, exact subjects and patterns: two statements, since one statement with both operators on sub would require both", () => {
        const doc = webIdentityTrustPolicy("aws-us-gov", ACCOUNT_B, {
            preset: "generic",
            issuer: "api.pulumi.com/oidc",
            audiences: ["aws:acme", "aws:acme-2"],
            subjects: ["pulumi:deploy:org:acme:project:app:stack:prod:operation:update:scope:write", "pulumi:deploy:org:acme:project:app:stack:dev-*"],
            unsafeAllowBroadSubjects: false,
        });
        const principal = { Federated: `arn:aws-us-gov:iam::${ACCOUNT_B}:oidc-provider/api.pulumi.com/oidc` };
        assert.deepEqual(doc.Statement, [
            {
                Sid: "WebIdentity",
                Effect: "Allow",
                Principal: principal,
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        "api.pulumi.com/oidc:aud": ["aws:acme", "aws:acme-2"],
                        "api.pulumi.com/oidc:sub": "pulumi:deploy:org:acme:project:app:stack:prod:operation:update:scope:write",
                    },
                },
            },
            {
                Sid: "WebIdentityPatterns",
                Effect: "Allow",
                Principal: principal,
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { "api.pulumi.com/oidc:aud": ["aws:acme", "aws:acme-2"] },
                    StringLike: { "api.pulumi.com/oidc:sub": "pulumi:deploy:org:acme:project:app:stack:dev-*" },
                },
            },
        ]);
    });

    it("account B creates one provider per issuer, with every audience of the sources that do not name a providerArn", () => {
        const src = (key: string, oidc: OidcTrust, providerArn?: string) => ({
            kind: "oidc-role" as const,
            key,
            account: "B",
            name: key,
            path: "/",
            oidc,
            tags: {},
            ...(providerArn ? { providerArn } : {}),
        });
        assert.deepEqual(
            oidcProvidersToCreate([
                src("a", github()),
                src("b", github({ audience: "sigstore" })),
                src(
                    "c",
                    { preset: "generic", issuer: "api.pulumi.com/oidc", audiences: ["aws:acme"], subjects: ["x"], unsafeAllowBroadSubjects: false },
                    `arn:aws:iam::${ACCOUNT_B}:oidc-provider/api.pulumi.com/oidc`,
                ),
            ]),
            [{ issuer: GITHUB, url: `https://${GITHUB}`, audiences: ["sts.amazonaws.com", "sigstore"] }],
        );
    });
});

describe("oidc-role: the opt-out", () => {
    it("accepts a wildcard repository and no ref only with unsafeAllowBroadSubjects, and writes them as StringLike", () => {
        const config = githubConfig({ repository: "acme/*" });
        (config.sources as Mutable)["github-deploy"].unsafeAllowBroadSubjects = true;
        const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-b", organization: "organization" });
        const s = cfg.sources[0];
        assert.equal(s.kind, "oidc-role");
        if (s.kind !== "oidc-role") return;
        assert.deepEqual(webIdentityTrustPolicy("aws", ACCOUNT_B, s.oidc).Statement[0].Condition, {
            StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" },
            StringLike: { [`${GITHUB}:sub`]: "repo:acme/*:*" },
        });
    });
});
