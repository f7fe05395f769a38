/**
 * Fixtures for the access map and access diff tests: examples rendered in process (as `npm start` does),
 * an example with its Pulumi.yaml edited, and a 50-role project.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import type { AccessReport } from "../tools/access-report/report";
import { reportFor } from "../tools/render/main";
import { RenderedStackFile, stackFile } from "../tools/render/stack-file";
import { RenderedStack, defaultNamedStacks, renderStacks } from "../tools/render/stacks";
import { EXAMPLES as EXAMPLE_NAMES, renderExampleStacks } from "./support/examples";

export const ROOT = path.resolve(__dirname, "..");
export const EXAMPLES = path.join(ROOT, "examples");
const PROJECT = "cross-account-iam";

export interface Rendered {
    stacks: RenderedStackFile[];
    reports: AccessReport[];
    rendered: RenderedStack[];
}

/** Renders a config directory with this code: the redacted stack files (as out/*.json holds them) and the report. */
export async function renderDir(dir: string, given?: readonly string[]): Promise<Rendered> {
    const example = path.relative(EXAMPLES, path.resolve(dir));
    if (given === undefined && (EXAMPLE_NAMES as readonly string[]).includes(example)) return renderedExample(example as ExampleDirName);
    // As npm start does: account-b, account-a; with named accounts, every account's stack.
    const stacks = given ?? defaultNamedStacks(dir) ?? ["account-b", "account-a"];
    return rendering(stacks, await renderStacks(dir, stacks));
}

async function rendering(stacks: readonly string[], rendered: RenderedStack[]): Promise<Rendered> {
    const report = await reportFor(rendered);
    return { stacks: rendered.filter((r) => stacks.includes(r.stack)).map((r) => stackFile(r.files.project, r)), reports: report ? [report] : [], rendered };
}

type ExampleDirName = (typeof EXAMPLE_NAMES)[number];
const exampleRenderings = new Map<ExampleDirName, Promise<Rendered>>();

/**
 * An example of examples/ (files no test writes), rendered and reported once per test process: the stacks are the
 * render tests/support/examples.ts shares. Each caller gets its own deep copy, free to edit (access-diff edits a
 * rendered document as a changed builder would).
 */
async function renderedExample(name: ExampleDirName): Promise<Rendered> {
    let memo = exampleRenderings.get(name);
    if (memo === undefined) {
        memo = renderExampleStacks(name).then((rendered) => rendering(defaultStackNames(name), structuredClone(rendered)));
        exampleRenderings.set(name, memo);
    }
    return structuredClone(await memo);
}

function defaultStackNames(name: ExampleDirName): readonly string[] {
    return defaultNamedStacks(path.join(EXAMPLES, name)) ?? ["account-b", "account-a"];
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The project config of an example (Pulumi.yaml `config:`), without the `cross-account-iam:` prefix and `value:` wrappers. */
export type ProjectConfig = Record<string, any>;

/**
 * A copy of an example whose project config `edit` changed; `stackConfig` adds keys to a stack file
 * (e.g. a `secure:` ExternalId). Returns the directory.
 */
export function exampleVariant(
    example: string,
    edit: (config: ProjectConfig) => void,
    stackConfig: Partial<Record<"account-a" | "account-b", Record<string, unknown>>> = {},
): string {
    const from = path.join(EXAMPLES, example);
    const dir = tempDir(`variant-${example}-`);
    const project = parse(fs.readFileSync(path.join(from, "Pulumi.yaml"), "utf8")) as { name: string; config: Record<string, unknown> } & Record<
        string,
        unknown
    >;
    // Each example has its own project name, which namespaces its config keys.
    const namespace = `${project.name}:`;
    const config: ProjectConfig = {};
    for (const [k, v] of Object.entries(project.config)) {
        config[k.startsWith(namespace) ? k.slice(namespace.length) : k] = v && typeof v === "object" && "value" in v ? v.value : v;
    }
    edit(config);
    const written: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) written[k.includes(":") ? k : `${namespace}${k}`] = v && typeof v === "object" ? { value: v } : v;
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify({ ...project, main: undefined, config: written }));
    for (const stack of ["account-a", "account-b"] as const) {
        const file = parse(fs.readFileSync(path.join(from, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
        file.config = { ...file.config, ...(stackConfig[stack] ?? {}) };
        fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify(file));
    }
    return dir;
}

/** A secure value as `pulumi config set --secret` leaves it (never decrypted by the render). */
export const SECURE = { secure: "AAABAFbWzYx0n7s3QyoH1rX8ztqj2C6Q0YV0vYt0xQf9Rk4N" };

/**
 * 50 roles of account A trusted by 20 principals of B: 12 service roles (one per role, some with a source
 * identity), 3 groups and 4 users with MFA, and a vendor (account root) with an ExternalId on every
 * tenth role; presets over 10 log groups, 5 tables and 6 buckets shared between roles. Role 35 is
 * trusted by group auditors and by user dave: the group's statement admits every user of B, so dave's
 * own 900 s MFA limit is moot and the report's "MFA older than 900 s is refused" check fails.
 */
export function fiftyRoleDir(): string {
    const sources: Record<string, unknown> = {};
    const services = ["ec2", "lambda", "ecs-tasks"];
    const pad = (i: number) => String(i).padStart(2, "0");
    for (let i = 1; i <= 12; i++) sources[`job-${pad(i)}`] = { kind: "service-role", service: services[i % 3], path: "/jobs/" };
    const people = ["alice", "bob", "carol", "dave"];
    const groups = ["operators", "developers", "auditors"];
    for (const p of people) sources[p] = { kind: "user", path: "/people/" };
    for (const g of groups) sources[g] = { kind: "group", path: "/people/" };
    sources.vendor = { kind: "account-root" };
    const roles: Record<string, unknown> = {};
    const externalIds: Record<string, unknown> = {};
    for (let i = 1; i <= 50; i++) {
        const job = `job-${pad((i % 12) + 1)}`;
        const trusted: unknown[] = [i % 6 === 1 ? { source: job, sourceIdentity: { allowed: [`batch-${i}`] } } : job];
        // A group (any user of B) or B's root beside a stricter source would let it skip its conditions, which
        // config refuses: a role with both gives the wide entry conditions at least as strict (role-35, role-10, ...).
        if (i % 5 === 0) trusted.push({ source: groups[i % 3], mfa: { maxAgeSeconds: i % 7 === 0 ? 900 : i % 2 ? 1800 : 3600 } });
        if (i % 7 === 0) trusted.push({ source: people[i % 4], mfa: { maxAgeSeconds: 900 } });
        if (i % 10 === 0) {
            trusted.push({ source: "vendor", externalId: true, mfa: { maxAgeSeconds: 1800 } });
            externalIds[`role-${pad(i)}`] = SECURE;
        }
        const permissions = [
            { logsRead: { logGroups: [`/app/service-${i % 10}`] } },
            { dynamodbBackup: { tables: [`table-${i % 5}`] } },
            { s3Read: { buckets: [`acme-data-${i % 6}`], prefix: "reports/" } },
            { s3ReadWrite: { buckets: [`acme-data-${i % 6}`] } },
        ][i % 4];
        roles[`role-${pad(i)}`] = { path: "/apps/", trustedSources: trusted, permissions };
    }
    const dir = tempDir("fifty-roles-");
    const config = {
        [`${PROJECT}:targetAccountId`]: "111111111111",
        [`${PROJECT}:sourceAccountId`]: "222222222222",
        [`${PROJECT}:sources`]: { value: sources },
        [`${PROJECT}:targetRoles`]: { value: roles },
    };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify({ name: PROJECT, runtime: "nodejs", config }));
    fs.writeFileSync(path.join(dir, "Pulumi.account-a.yaml"), stringify({ config: { "aws:region": "eu-west-1", [`${PROJECT}:externalIds`]: externalIds } }));
    fs.writeFileSync(path.join(dir, "Pulumi.account-b.yaml"), stringify({ config: { "aws:region": "eu-west-1" } }));
    return dir;
}
