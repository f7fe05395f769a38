/**
 * `${` in an oidc-role's sub claim (issue 13, the one wildcard rule): IAM reads `${...}` in a trust's
 * condition value as a policy variable each request fills in, so `${token.actions.githubusercontent.com:sub}`
 * would match every job of the issuer. Refused even where `unsafeAllowBroadSubjects` accepts `*` and `?`.
 */
import { strict as assert } from "assert";
import { problemsOf } from "./support/bad-config";
import { githubConfig } from "./support/oidc";

const VARIABLE =
    "no ${: it lands in a policy, where IAM reads ${...} as a variable each request fills in (a session tag the caller sets among them), so the policy would not say what is configured";

describe("config: no policy variable in an oidc-role's sub claim", () => {
    it("a generic subject holding ${...} is refused, with or without unsafeAllowBroadSubjects", () => {
        for (const unsafe of [false, true]) {
            const c = githubConfig() as any;
            c.sources["github-deploy"] = {
                kind: "oidc-role",
                path: "/ci/",
                ...(unsafe ? { unsafeAllowBroadSubjects: true } : {}),
                oidc: { issuer: "https://ci.example.com", audiences: ["sts.amazonaws.com"], subjects: ["${ci.example.com:sub}"] },
            };
            assert.deepEqual(problemsOf(c, "account-b"), [`sources.github-deploy.oidc.subjects[0] = "\${ci.example.com:sub}": expected ${VARIABLE}`]);
        }
    });

    it("a GitHub repository holding ${...} is refused where unsafeAllowBroadSubjects accepts wildcards", () => {
        const c = githubConfig({ repository: "acme/${aws:username}", branch: "main" }) as any;
        c.sources["github-deploy"].unsafeAllowBroadSubjects = true;
        assert.deepEqual(problemsOf(c, "account-b"), [`sources.github-deploy.github.repository = "acme/\${aws:username}": expected ${VARIABLE}`]);
    });

    it("unsafeAllowBroadSubjects still accepts the wildcards it is for", () => {
        const c = githubConfig({ repository: "acme/*", branch: "release/*" }) as any;
        c.sources["github-deploy"].unsafeAllowBroadSubjects = true;
        assert.deepEqual(problemsOf(c, "account-b"), []);
    });
});
