/**
 * Runs the real program under Pulumi's mock runtime, one stack at a time, in one process.
 * Used by the tests and by `npm start` (tools/render/main.ts). No Pulumi CLI, no AWS account.
 *
 * Per stack, in this order (docs/development.md, "The mock runtime"): setMocks (resets the runtime), setAllConfig (replaces
 * the whole config map), runInPulumiStack, disconnect (waits for pending registrations).
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { rendersRunningNow, withoutStackTraces } from "./stack-traces";

/** Pulumi's marker for a secret value inside resource inputs seen by a mock. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

export interface RecordedResource {
    type: string;
    name: string;
    /** Inputs with secrets unwrapped; see secretPaths. */
    inputs: Record<string, unknown>;
    /** Dotted paths of inputs that were secret. */
    secretPaths: string[];
}

export interface RenderOptions {
    project: string;
    stack: string;
    organization?: string;
    /** Flat config map, `namespace:key` -> string (objects as JSON), as Pulumi passes it. */
    config: Record<string, string>;
    /** Keys of `config` that hold a secret (top-level `namespace:key`), as the CLI passes them. @default [] */
    secretKeys?: string[];
    /** Account the mocked provider pretends to be in; ARNs are built with it. */
    accountId: string;
    /** Partition of the ARNs the mock computes. @default "aws" */
    partition?: string;
    region?: string;
    /** Outputs returned by StackReferences, keyed by referenced stack name (fully qualified). */
    stackReferences?: Record<string, { outputs: Record<string, unknown>; secretOutputNames?: string[] }>;
    /** Changes the IAM unique ids the mock hands out, to simulate a recreated principal. */
    uniqueIdSalt?: string;
    /**
     * The program. Called twice when its first run fails with an error that is not a RunError (see renderStack),
     * so whatever it records outside the stack it records twice then.
     */
    program: () => Promise<Record<string, unknown>>;
}

export interface RenderResult {
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
    secretOutputNames: string[];
    error?: unknown;
}

export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly resources: RecordedResource[] = [];

    constructor(private readonly opts: Pick<RenderOptions, "accountId" | "partition" | "region" | "stackReferences" | "uniqueIdSalt">) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        const secretPaths: string[] = [];
        const inputs = unwrapSecrets(args.inputs, "", secretPaths) as Record<string, unknown>;
        if (args.type === "pulumi:pulumi:StackReference") {
            const name = String(inputs.name);
            const ref = this.opts.stackReferences?.[name];
            if (!ref) throw new Error(`no such stack: ${name} (the mock knows ${Object.keys(this.opts.stackReferences ?? {}).join(", ") || "none"})`);
            return { id: name, state: { name, outputs: ref.outputs, secretOutputNames: ref.secretOutputNames ?? [] } };
        }
        this.resources.push({ type: args.type, name: args.name, inputs, secretPaths });
        const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>), ...this.computed(args.type, inputs) };
        return { id: `${args.name}-id`, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
            return { accountId: this.opts.accountId, arn: `arn:aws:iam::${this.opts.accountId}:root`, userId: this.opts.accountId };
        }
        if (args.token === "aws:index/getRegion:getRegion") return { name: this.opts.region ?? "us-east-1" };
        return args.inputs as Record<string, unknown>;
    }

    /** The attributes AWS would compute: ARNs, unique ids. */
    private computed(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
        const acct = this.opts.accountId;
        const p = this.opts.partition ?? "aws";
        const path = typeof inputs.path === "string" ? inputs.path : "/";
        const name = typeof inputs.name === "string" ? inputs.name : "";
        const uid = (prefix: string) =>
            prefix +
            createHash("sha256")
                .update(`${acct}${path}${name}${this.opts.uniqueIdSalt ?? ""}`)
                .digest("hex")
                .toUpperCase()
                .slice(0, 17);
        switch (type) {
            case "aws:iam/role:Role":
                return { arn: `arn:${p}:iam::${acct}:role${path}${name}`, uniqueId: uid("AROA"), id: name };
            case "aws:iam/user:User":
                return { arn: `arn:${p}:iam::${acct}:user${path}${name}`, uniqueId: uid("AIDA") };
            case "aws:iam/group:Group":
                return { arn: `arn:${p}:iam::${acct}:group${path}${name}`, uniqueId: uid("AGPA") };
            case "aws:iam/policy:Policy":
                return { arn: `arn:${p}:iam::${acct}:policy${path}${name}` };
            case "aws:iam/instanceProfile:InstanceProfile":
                return { arn: `arn:${p}:iam::${acct}:instance-profile${path}${name}`, uniqueId: uid("AIPA") };
            case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
                // IAM names the provider after its URL without the scheme.
                return { arn: `arn:${p}:iam::${acct}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}` };
            case "aws:cloudwatch/logGroup:LogGroup":
                return { arn: `arn:${p}:logs:${this.opts.region ?? "us-east-1"}:${acct}:log-group:${name}` };
            case "aws:cloudformation/stackSet:StackSet": {
                // CloudFormation's StackSetId is the name, ":" and a UUID; here one derived from the name.
                const h = createHash("sha256").update(`${acct}${name}`).digest("hex");
                const stackSetId = `${name}:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
                return { arn: `arn:${p}:cloudformation:${this.opts.region ?? "us-east-1"}:${acct}:stackset/${stackSetId}`, stackSetId };
            }
            default:
                return {};
        }
    }
}

function unwrapSecrets(value: unknown, path: string, secretPaths: string[]): unknown {
    if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, `${path}[${i}]`, secretPaths));
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SECRET_SIG] === SECRET_VALUE) {
            secretPaths.push(path);
            return unwrapSecrets(obj.value, path, []);
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) out[k] = unwrapSecrets(v, path ? `${path}.${k}` : k, secretPaths);
        return out;
    }
    return value;
}

/**
 * Renders one stack. Never throws for a program error: it is returned in `error`.
 * Rendered without stack traces. A failure Pulumi would print with its trace (anything but a RunError, such as a
 * TypeError from a bug), whether the program's `error` or a throw of the runtime itself (setMocks, disconnect), is
 * rendered again with traces on; when that render fails the same way (an error of the same name and message) its
 * outcome, which carries frames, is taken, else the first render's. While another render is running traces stay
 * off, so no second render is made.
 */
export async function renderStack(opts: RenderOptions): Promise<RenderResult> {
    const first = await attempt(withoutStackTraces(() => renderOnce(opts)));
    const failed = failureOf(first);
    const traced = failed === undefined || pulumi.RunError.isInstance(failed) || rendersRunningNow() > 0 ? undefined : await attempt(renderOnce(opts));
    const chosen = traced !== undefined && sameFailure(failureOf(traced), failed) ? traced : first;
    if ("thrown" in chosen) throw chosen.thrown;
    return chosen.result;
}

/** A render's outcome: its result, or what it threw. */
type Attempt = { result: RenderResult } | { thrown: unknown };

function attempt(render: Promise<RenderResult>): Promise<Attempt> {
    return render.then(
        (result) => ({ result }),
        (thrown: unknown) => ({ thrown }),
    );
}

function failureOf(a: Attempt): unknown {
    return "thrown" in a ? a.thrown : a.result.error;
}

/** Both are errors of the same name and message (the traced render failed as the untraced one did). */
function sameFailure(a: unknown, b: unknown): boolean {
    return a instanceof Error && b instanceof Error && a.name === b.name && a.message === b.message;
}

async function renderOnce(opts: RenderOptions): Promise<RenderResult> {
    const mocks = new RecordingMocks(opts);
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    let raw: Record<string, unknown> = {};
    let error: unknown;
    try {
        await pulumi.runtime.setMocks(mocks, opts.project, opts.stack, false, opts.organization ?? "organization");
        pulumi.runtime.setAllConfig(opts.config, opts.secretKeys ?? []);
        try {
            await pulumi.runtime.runInPulumiStack(async () => {
                raw = await opts.program();
                return raw;
            });
        } catch (e) {
            error = e;
        }
        await pulumi.runtime.disconnect();
        // Let rejected registrations surface before deciding the render was clean.
        await new Promise((r) => setImmediate(r));
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    if (!error && rejections.length > 0) error = rejections[0];
    const outputs: Record<string, unknown> = {};
    const secretOutputNames: string[] = [];
    if (!error) {
        for (const [k, v] of Object.entries(raw)) {
            const o: pulumi.Output<unknown> = pulumi.output(v);
            if (await pulumi.isSecret(o)) secretOutputNames.push(k);
            outputs[k] = await new Promise<unknown>((resolve) => o.apply((x) => resolve(x)));
        }
    }
    return { resources: mocks.resources, outputs, secretOutputNames, error };
}
