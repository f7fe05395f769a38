/**
 * Test harness: renders the real program for account-b and account-a under Pulumi mocks, with
 * account-b's outputs fed into account-a's StackReference.
 */
import { types } from "util";
import program from "../../index";
import type { PolicyDocument } from "../../lib/model/policy";
import { RenderResult, RecordedResource, renderStack } from "../../tools/shared/mock-runtime";

export const PROJECT = "cross-account-iam";
export const ACCOUNT_A = "111111111111";
export const ACCOUNT_B = "222222222222";
export const SOURCE_STACK = `organization/${PROJECT}/account-b`;
/** The base config's principals: account B's EC2 source role, account A's target role, and B's account root. */
export const SHIPPER = `arn:aws:iam::${ACCOUNT_B}:role/cross-account/log-shipper`;
export const READER = `arn:aws:iam::${ACCOUNT_A}:role/cross-account/log-reader`;
export const B_ROOT = `arn:aws:iam::${ACCOUNT_B}:root`;

/** Project config as a plain object (what Pulumi.yaml would hold), before flattening. */
export type ConfigObject = Record<string, unknown>;

export function baseConfig(): ConfigObject {
    return {
        targetAccountId: ACCOUNT_A,
        sourceAccountId: ACCOUNT_B,
        sources: { "log-shipper": { kind: "service-role", service: "ec2", path: "/cross-account/" } },
        targetRoles: {
            "log-reader": {
                path: "/cross-account/",
                trustedSources: ["log-shipper"],
                permissions: { logsRead: { logGroups: ["/app/cron"] } },
            },
        },
        "aws:region": "eu-west-1",
    };
}

/** Flattens to the `namespace:key` -> string map Pulumi hands a program. Keys with ":" are kept. */
export function flatten(config: ConfigObject): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) {
        if (v === undefined) continue;
        const key = k.includes(":") ? k : `${PROJECT}:${k}`;
        out[key] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return out;
}

export interface RenderOpts {
    stack: string;
    accountId?: string;
    references?: Record<string, { outputs: Record<string, unknown>; secretOutputNames?: string[] }>;
    uniqueIdSalt?: string;
    /** Config keys held as secrets. @default externalIds when set, as `pulumi config set --secret` leaves it */
    secretKeys?: string[];
}

/**
 * Successful renders of this test process, by everything renderStack is given but the program (always index.ts's).
 * Many test files render the same config (the base config, B then A); the program is a function of its options,
 * so a second render of the same options is answered from here. Each caller gets its own deep copy, free to edit.
 * A failed render is not kept: its error is an object a test may inspect or compare by identity.
 */
const renders = new Map<string, Promise<RenderResult>>();

/** Strings, numbers, booleans, null, and arrays and plain objects of them, with no Proxy and no getter at any depth. */
function isPlainData(value: unknown): boolean {
    if (value === null || typeof value !== "object") return typeof value !== "function" && typeof value !== "symbol";
    if (types.isProxy(value)) return false;
    const proto = Object.getPrototypeOf(value) as unknown;
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
    return Object.values(Object.getOwnPropertyDescriptors(value)).every((d) => d.get === undefined && d.set === undefined && isPlainData(d.value));
}

export async function render(config: ConfigObject, opts: RenderOpts): Promise<RenderResult> {
    const side = opts.stack === "account-a" || config.side === "target" ? "target" : "source";
    const options = {
        project: PROJECT,
        stack: opts.stack,
        config: flatten(config),
        secretKeys: opts.secretKeys ?? (config.externalIds === undefined ? [] : [`${PROJECT}:externalIds`]),
        accountId: opts.accountId ?? (side === "target" ? ACCOUNT_A : ACCOUNT_B),
        region: typeof config["aws:region"] === "string" ? config["aws:region"] : "eu-west-1",
        stackReferences: opts.references,
        uniqueIdSalt: opts.uniqueIdSalt,
    };
    // A test that watches which references the program reads passes a Proxy (or a getter): render it every time.
    if (opts.references !== undefined && !isPlainData(opts.references)) return renderStack({ ...options, program });
    const key = JSON.stringify(options);
    const kept = renders.get(key);
    if (kept !== undefined) return structuredClone(await kept);
    const result = await renderStack({ ...options, program });
    if (result.error === undefined) renders.set(key, Promise.resolve(structuredClone(result)));
    return result;
}

/** Renders account-b, then account-a reading account-b's outputs. Throws if either fails. */
export async function renderBoth(config: ConfigObject, opts: { uniqueIdSalt?: string } = {}): Promise<{ a: RenderResult; b: RenderResult }> {
    const b = await render(config, { stack: "account-b", uniqueIdSalt: opts.uniqueIdSalt });
    if (b.error) throw asError(b.error);
    const a = await render(config, { stack: "account-a", references: { [SOURCE_STACK]: { outputs: b.outputs } } });
    if (a.error) throw asError(a.error);
    return { a, b };
}

/** Resources of a type, by logical name. */
export function byType(r: RenderResult, type: string): RecordedResource[] {
    return r.resources.filter((x) => x.type === type);
}

export function resource(r: RenderResult, type: string, name: string): RecordedResource {
    const found = r.resources.find((x) => x.type === type && x.name === name);
    if (!found) throw new Error(`no ${type} named ${name}; have ${r.resources.map((x) => `${x.type}/${x.name}`).join(", ")}`);
    return found;
}

/** A policy input parsed from its JSON text. */
export function doc(res: RecordedResource, input: string): PolicyDocument {
    return JSON.parse(res.inputs[input] as string) as PolicyDocument;
}

/** Resources other than the stack itself and component wrappers: what would reach AWS. */
export function awsResources(r: RenderResult): RecordedResource[] {
    return r.resources.filter((x) => x.type.startsWith("aws:"));
}

function asError(e: unknown): Error {
    return e instanceof Error ? e : new Error(String(e));
}
