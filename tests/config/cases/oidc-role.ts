/**
 * Bad configuration, one rule a case with its exact messages: `sources.<key>` of kind `oidc-role`
 * (lib/config/oidc.ts): whose OIDC tokens the role accepts, and the trusts that would let other people's jobs in.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import { ACCOUNT_A, ACCOUNT_B } from "../../support/harness";
import { BadCase, Mutable } from "../../support/bad-config";

const asOidc = (form: Record<string, unknown>) => (c: Mutable) => (c.sources["log-shipper"] = { kind: "oidc-role", path: "/cross-account/", ...form });

export const OIDC_ROLE_CASES: BadCase[] = [
    {
        rule: "an oidc-role names whose tokens it accepts",
        change: asOidc({}),
        messages: ["sources.log-shipper: an oidc-role needs whose tokens it accepts; set one of github, gitlab, oidc"],
    },
    {
        rule: "an oidc-role trusts one issuer",
        change: asOidc({ github: { repository: "acme/app", branch: "main" }, gitlab: { projectPath: "acme/app", refType: "branch", ref: "main" } }),
        messages: ["sources.log-shipper: set only one of github, gitlab, oidc (found github, gitlab): the role trusts one issuer"],
    },
    {
        rule: "a GitHub trust names its repository",
        change: asOidc({ github: { branch: "main" } }),
        messages: ["sources.log-shipper.github.repository: not set; expected a repository such as acme/app"],
    },
    {
        rule: "a GitHub trust without branch, tag, environment or pullRequest would accept every job of the repository",
        change: asOidc({ github: { repository: "acme/app" } }),
        messages: [
            "sources.log-shipper.github: set one of branch, tag, environment, pullRequest: without one the trust accepts sub repo:acme/app:*, every branch, tag, environment and pull request of acme/app; or set unsafeAllowBroadSubjects: true on the source",
        ],
    },
    {
        rule: "a GitHub sub names exactly one ref",
        change: asOidc({ github: { repository: "acme/app", branch: "main", environment: "prod" } }),
        messages: [
            "sources.log-shipper.github: set only one of branch, tag, environment, pullRequest (found branch, environment): a job's sub names exactly one",
        ],
    },
    {
        rule: "a wildcard in the repository would trust a whole organization",
        change: asOidc({ github: { repository: "acme/*", branch: "main" } }),
        messages: [
            'sources.log-shipper.github.repository = "acme/*": expected no * or ?: it is part of the sub claim the role\'s trust requires, where IAM reads them as wildcards that match other repositories (a whole organization); set unsafeAllowBroadSubjects: true to accept that',
        ],
    },
    {
        rule: "a branch holds no ':' (the sub claim's separator)",
        change: asOidc({ github: { repository: "acme/app", branch: "main:environment:prod" } }),
        messages: [
            'sources.log-shipper.github.branch = "main:environment:prod": expected a branch such as main or release/* (* and ? are IAM wildcards; no ":")',
        ],
    },
    {
        rule: "the issuer is an https URL without a trailing /",
        change: asOidc({ github: { repository: "acme/app", branch: "main", issuer: "http://ghe.acme.example/" } }),
        messages: [
            'sources.log-shipper.github.issuer = "http://ghe.acme.example/": expected an https URL of an OIDC issuer without a trailing / such as https://token.actions.githubusercontent.com',
        ],
    },
    {
        rule: "a GitLab trust names refType and ref together",
        change: asOidc({ gitlab: { projectPath: "acme/app", ref: "main" } }),
        messages: ["sources.log-shipper.gitlab: set refType and ref together: sub names both (project_path:...:ref_type:<refType>:ref:<ref>)"],
    },
    {
        rule: "a GitLab trust without a ref would accept every branch and tag of the project",
        change: asOidc({ gitlab: { projectPath: "acme/app" } }),
        messages: [
            "sources.log-shipper.gitlab: set refType and ref: without them the trust accepts sub project_path:acme/app:*, every branch and tag of acme/app; or set unsafeAllowBroadSubjects: true on the source",
        ],
    },
    {
        rule: "a generic trust names its subjects: no trust without sub",
        change: asOidc({ oidc: { issuer: "https://api.pulumi.com/oidc", audiences: ["aws:acme"] } }),
        messages: ["sources.log-shipper.oidc.subjects: not set; expected a list of sub claims such as [pulumi:deploy:org:acme:project:app:stack:prod]"],
    },
    {
        rule: "a generic subject of wildcards only, or with a wildcard in the repository, matches other people's jobs",
        change: asOidc({
            oidc: {
                issuer: "https://token.actions.githubusercontent.com",
                audiences: ["sts.amazonaws.com"],
                subjects: ["*", "repo:acme/*:ref:refs/heads/main", "repo:acme/app:*"],
            },
        }),
        messages: [
            'sources.log-shipper.oidc.subjects = ["*","repo:acme/*:ref:refs/heads/main","repo:acme/app:*"]: expected subjects that name one repository or project, not *, repo:acme/*:ref:refs/heads/main: a wildcard there matches other people\'s jobs (a whole organization, or every job of the issuer); or set unsafeAllowBroadSubjects: true on the source',
        ],
    },
    {
        rule: "an audience holds no wildcard",
        change: asOidc({ github: { repository: "acme/app", branch: "main", audience: "sts.*" } }),
        messages: [
            "sources.log-shipper.github.audience = \"sts.*\": expected no * or ?: the role's trust requires it with StringEquals on the issuer's aud key, where * or ? would only ever match itself",
        ],
    },
    {
        rule: "a providerArn is the provider of the issuer, in account B",
        change: asOidc({ github: { repository: "acme/app", branch: "main" }, providerArn: `arn:aws:iam::${ACCOUNT_A}:oidc-provider/gitlab.com` }),
        messages: [
            `sources.log-shipper.providerArn = "arn:aws:iam::${ACCOUNT_A}:oidc-provider/gitlab.com": expected the provider of issuer https://token.actions.githubusercontent.com in account B (sourceAccountId), arn:aws:iam::${ACCOUNT_B}:oidc-provider/token.actions.githubusercontent.com`,
        ],
    },
    {
        rule: "a CI job's web identity session carries no MFA",
        change: (c) => {
            asOidc({ github: { repository: "acme/app", branch: "main" } })(c);
            c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", mfa: true }];
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0].mfa: source log-shipper is an oidc-role: a CI job's web identity session never carries MFA, so this trust could never be met; write { source: log-shipper, mfa: false } here",
        ],
    },
];
