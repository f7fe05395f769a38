/**
 * What the access report tests share: the report over the rendered stacks of a config, with the
 * rendered resources of either side edited first as a deployed drift would, its rows as text, and
 * the config that exercises every source kind and condition.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import type { PolicyDocument } from "../../lib/model/policy";
import { AccessReport, buildAccessReport } from "../../tools/access-report/report";
import type { RecordedResource, RenderResult } from "../../tools/shared/mock-runtime";
import { ACCOUNT_A, ACCOUNT_B, ConfigObject, PROJECT, baseConfig, flatten, renderBoth } from "./harness";

export const EXTERNAL_ID = "ext-id-for-tests-1";

/** The access report over the stacks rendered from config; `mutate` edits either side's resources first. */
export async function report(config: ConfigObject, mutate: { a?: Mutation; b?: Mutation } = {}, secretValues = [EXTERNAL_ID]): Promise<AccessReport> {
    const { a, b } = await renderedOnce(config);
    const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
    return buildAccessReport({
        config: cfg,
        sourceResources: mutate.b ? mutate.b(b.resources) : b.resources,
        targetResources: mutate.a ? mutate.a(a.resources) : a.resources,
        secretValues,
    });
}

const renders = new Map<string, Promise<{ a: RenderResult; b: RenderResult }>>();

/**
 * Both stacks of `config`, rendered once per test process for the same config (many reports edit the same render
 * differently); each caller gets its own deep copy, so a mutation never reaches another test.
 */
async function renderedOnce(config: ConfigObject): Promise<{ a: RenderResult; b: RenderResult }> {
    const key = JSON.stringify(flatten(config));
    let render = renders.get(key);
    if (render === undefined) {
        render = renderBoth(config);
        renders.set(key, render);
    }
    return structuredClone(await render);
}

/** An edit of one stack's rendered resources. */
export type Mutation = (resources: RecordedResource[]) => RecordedResource[];

/** Edits the policy document held in one input of one recorded resource, as a deployed drift would. */
export function editPolicy(type: string, name: string, input: string, edit: (doc: PolicyDocument) => void): Mutation {
    return (resources) => {
        assert.ok(
            resources.some((r) => r.type === type && r.name === name),
            `no ${type} ${name}`,
        );
        return resources.map((r) => {
            if (r.type !== type || r.name !== name) return r;
            const doc = JSON.parse(r.inputs[input] as string) as PolicyDocument;
            edit(doc);
            return { ...r, inputs: { ...r.inputs, [input]: JSON.stringify(doc) } };
        });
    };
}

/** Every check of a role (or of all), as `PASS|FAIL <expect> <title>`. */
export const rows = (r: AccessReport, role?: string) =>
    r.roles.filter((x) => role === undefined || x.role === role).flatMap((x) => x.checks.map((c) => `${c.result} ${c.expect} ${c.title}`));
/** The failed checks, as `<title> => expected <expect>, got <decision>`. */
export const failures = (r: AccessReport) =>
    r.roles.flatMap((x) => x.checks.filter((c) => c.result === "FAIL").map((c) => `${c.title} => expected ${c.expect}, got ${c.decision}`));

/** Several roles, every source kind, every trust condition, every preset. */
export function richConfig(): ConfigObject {
    return {
        targetAccountId: ACCOUNT_A,
        sourceAccountId: ACCOUNT_B,
        "aws:region": "eu-west-1",
        sources: {
            "ci-runner": { kind: "service-role", service: "lambda", path: "/ci/" },
            operator: { kind: "user", path: "/people/" },
            developers: { kind: "group", path: "/people/" },
            legacy: { kind: "existing", arns: [`arn:aws:iam::${ACCOUNT_B}:role/legacy-app`] },
            partner: { kind: "account-root" },
        },
        targetRoles: {
            "log-reader": {
                path: "/cross-account/",
                trustedSources: [
                    "ci-runner",
                    { source: "operator", mfa: { maxAgeSeconds: 900 }, principalOrgId: "o-abcdefghij", sessionTags: { allowedKeys: ["team"] } },
                ],
                permissions: { logsRead: { logGroups: ["/app/cron", "/app/web"] } },
            },
            "table-backup": {
                trustMode: "principal-arn",
                trustedSources: [{ source: "ci-runner", sourceIdentity: { allowed: ["nightly-*"] } }, "legacy"],
                permissions: { dynamodbBackup: { tables: ["orders"] } },
            },
            "bucket-writer": {
                trustedSources: [{ source: "developers", mfa: true }],
                permissions: { s3ReadWrite: { buckets: ["acme-data"], prefix: "incoming/" }, s3ListAllBuckets: true },
            },
            // Its own role: beside the group, B's root (any principal of B) would let developers skip MFA (config refuses that).
            "partner-writer": {
                trustedSources: [{ source: "partner", externalId: true }],
                permissions: { s3ReadWrite: { buckets: ["acme-data"], prefix: "incoming/" } },
            },
        },
        externalIds: { "partner-writer": EXTERNAL_ID },
    };
}

/** An IAM user of B (people: MFA applies) trusted by log-reader with MFA required. */
export function operatorWithMfa(): ConfigObject {
    const config = baseConfig();
    config.sources = { operator: { kind: "user", path: "/people/" } };
    (config.targetRoles as any)["log-reader"].trustedSources = [{ source: "operator", mfa: true }];
    return config;
}
