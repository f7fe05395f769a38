/**
 * `sources.<key>` of kind `oidc-role`: whose OIDC tokens may assume the role (`github`, `gitlab` or
 * `oidc`), and the provider. Refuses the trusts that let other people's jobs in: no ref selector (any
 * branch, tag, environment or pull request of the repository), a wildcard in the repository or
 * project (a whole organization), a subject of wildcards only; each unless `unsafeAllowBroadSubjects`.
 */
import type { OidcTrust } from "../model/config";
import { keyPath } from "../names";
import { GENERIC_OIDC_SPEC, GITHUB_OIDC_SPEC, GITLAB_OIDC_SPEC, SOURCE_SPECS, StringRule } from "./keys";
import { ObjectReader } from "./reader";

const F = SOURCE_SPECS["oidc-role"].fields;
const FORMS = ["github", "gitlab", "oidc"] as const;
const OPT_OUT = "unsafeAllowBroadSubjects: true";

/** The issuer as IAM keys it: the URL without `https://`. */
export function issuerOf(url: string): string {
    return url.replace(/^https:\/\//, "");
}

/** A rule whose value may hold IAM wildcards once the opt-out is set (`${` stays refused: stringProblem). */
function wildcardsAllowed(rule: StringRule, allowed: boolean): StringRule {
    return allowed ? { ...rule, wildcards: true } : rule;
}

export function readOidcRole(
    s: ObjectReader,
    sourceAccountId: string | undefined,
    partition: string,
    /** The source's account in messages. */
    where = "account B (sourceAccountId)",
): { oidc?: OidcTrust; providerArn?: string } {
    const unsafe = s.booleanKey("unsafeAllowBroadSubjects", F.unsafeAllowBroadSubjects) ?? false;
    const forms = FORMS.filter((f) => s.has(f));
    if (forms.length === 0) {
        s.problems.addRule(s.key, "an oidc-role needs whose tokens it accepts; set one of github, gitlab, oidc");
        return {};
    }
    if (forms.length > 1) {
        s.problems.addRule(s.key, `set only one of github, gitlab, oidc (found ${forms.join(", ")}): the role trusts one issuer`);
        return {};
    }
    const oidc =
        forms[0] === "github"
            ? readGithub(s.object("github"), unsafe)
            : forms[0] === "gitlab"
              ? readGitlab(s.object("gitlab"), unsafe)
              : readGeneric(s.object("oidc"), unsafe);
    const providerArn = s.stringKey("providerArn", F.providerArn);
    if (providerArn !== undefined && oidc && sourceAccountId) {
        const expected = `arn:${partition}:iam::${sourceAccountId}:oidc-provider/${oidc.issuer}`;
        if (providerArn !== expected)
            s.problems.add(keyPath(s.key, "providerArn"), providerArn, `the provider of issuer https://${oidc.issuer} in ${where}, ${expected}`);
    }
    return { oidc, providerArn };
}

function readGithub(g: ObjectReader | undefined, unsafe: boolean): OidcTrust | undefined {
    if (!g) return undefined;
    const f = GITHUB_OIDC_SPEC.fields;
    g.allowFields(GITHUB_OIDC_SPEC);
    g.requireKey("repository", f.repository);
    const repository = g.has("repository") ? g.string("repository", wildcardsAllowed(f.repository.rule, unsafe)) : undefined;
    const branch = g.stringKey("branch", f.branch);
    const tag = g.stringKey("tag", f.tag);
    const environment = g.stringKey("environment", f.environment);
    const pullRequest = g.booleanKey("pullRequest", f.pullRequest);
    const jobWorkflowRef = g.stringKey("jobWorkflowRef", f.jobWorkflowRef);
    const issuer = g.stringKey("issuer", f.issuer);
    const audience = g.stringKey("audience", f.audience);
    const set = (["branch", "tag", "environment", "pullRequest"] as const).filter((k) =>
        k === "pullRequest" ? g.value[k] === true || g.value[k] === "true" : g.has(k),
    );
    if (set.length > 1) {
        g.problems.addRule(g.key, `set only one of branch, tag, environment, pullRequest (found ${set.join(", ")}): a job's sub names exactly one`);
        return undefined;
    }
    if (set.length === 0 && !unsafe && repository !== undefined) {
        g.problems.addRule(
            g.key,
            `set one of branch, tag, environment, pullRequest: without one the trust accepts sub repo:${repository}:*, every branch, tag, environment and pull request of ${repository}; or set ${OPT_OUT} on the source`,
        );
        return undefined;
    }
    if (repository === undefined || issuer === undefined || audience === undefined || pullRequest === undefined) return undefined;
    if (g.has("branch") && branch === undefined) return undefined;
    if (g.has("tag") && tag === undefined) return undefined;
    if (g.has("environment") && environment === undefined) return undefined;
    if (g.has("jobWorkflowRef") && jobWorkflowRef === undefined) return undefined;
    const ref =
        branch !== undefined
            ? { branch }
            : tag !== undefined
              ? { tag }
              : environment !== undefined
                ? { environment }
                : pullRequest
                  ? { pullRequest: true as const }
                  : undefined;
    return {
        preset: "github",
        issuer: issuerOf(issuer),
        repository,
        ...(ref ? { ref } : {}),
        ...(jobWorkflowRef !== undefined ? { jobWorkflowRef } : {}),
        audience,
        unsafeAllowBroadSubjects: unsafe,
    };
}

function readGitlab(g: ObjectReader | undefined, unsafe: boolean): OidcTrust | undefined {
    if (!g) return undefined;
    const f = GITLAB_OIDC_SPEC.fields;
    g.allowFields(GITLAB_OIDC_SPEC);
    g.requireKey("projectPath", f.projectPath);
    const projectPath = g.has("projectPath") ? g.string("projectPath", wildcardsAllowed(f.projectPath.rule, unsafe)) : undefined;
    const refType = g.enumKey("refType", f.refType);
    const ref = g.stringKey("ref", f.ref);
    const url = g.stringKey("url", f.url);
    const audience = g.has("audience") ? g.stringKey("audience", f.audience) : url;
    if (g.has("refType") !== g.has("ref")) {
        g.problems.addRule(g.key, `set refType and ref together: sub names both (project_path:...:ref_type:<refType>:ref:<ref>)`);
        return undefined;
    }
    if (!g.has("ref") && !unsafe && projectPath !== undefined) {
        g.problems.addRule(
            g.key,
            `set refType and ref: without them the trust accepts sub project_path:${projectPath}:*, every branch and tag of ${projectPath}; or set ${OPT_OUT} on the source`,
        );
        return undefined;
    }
    if (projectPath === undefined || url === undefined || audience === undefined) return undefined;
    if (g.has("ref") && (refType === undefined || ref === undefined)) return undefined;
    return {
        preset: "gitlab",
        issuer: issuerOf(url),
        projectPath,
        ...(refType !== undefined && ref !== undefined ? { ref: { refType, ref } } : {}),
        audience,
        unsafeAllowBroadSubjects: unsafe,
    };
}

function readGeneric(o: ObjectReader | undefined, unsafe: boolean): OidcTrust | undefined {
    if (!o) return undefined;
    const f = GENERIC_OIDC_SPEC.fields;
    o.allowFields(GENERIC_OIDC_SPEC);
    o.requireKey("issuer", f.issuer);
    o.requireKey("audiences", f.audiences);
    o.requireKey("subjects", f.subjects);
    const issuer = o.stringKey("issuer", f.issuer);
    const audiences = o.listKey("audiences", f.audiences);
    const subjects = o.listKey("subjects", f.subjects);
    if (subjects && !unsafe) {
        const broad = subjects.filter(broadSubject);
        if (broad.length > 0) {
            o.problems.add(
                keyPath(o.key, "subjects"),
                subjects,
                `subjects that name one repository or project, not ${broad.join(", ")}: a wildcard there matches other people's jobs (a whole organization, or every job of the issuer); or set ${OPT_OUT} on the source`,
            );
            return undefined;
        }
    }
    if (issuer === undefined || audiences === undefined || subjects === undefined) return undefined;
    return { preset: "generic", issuer: issuerOf(issuer), audiences, subjects, unsafeAllowBroadSubjects: unsafe };
}

/**
 * A subject that matches more than one repository or project: wildcards only, or a GitHub / GitLab
 * shaped subject (`repo:<owner>/<repo>:...`, `project_path:<path>:...`) with a wildcard before the part
 * after the repository.
 */
export function broadSubject(subject: string): boolean {
    if (/^[*?]*$/.test(subject)) return true;
    const m = /^(repo|project_path):([^:]*)/.exec(subject);
    return m !== null && /[*?]/.test(m[2]);
}
