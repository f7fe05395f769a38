/**
 * The CrossGuard policy pack as the engine runs it: policy-pack/index.ts started as the Pulumi CLI
 * would, and called over the engine's gRPC analyzer protocol.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { AnalyzeRequest, AnalyzeResponse, AnalyzerInfo, AnalyzerResourceOptions } from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ROLE_TYPE } from "../../policy-pack/resources";
import { policies } from "../../policy-pack/rules";
import { noWildcardTrustPrincipal } from "../../policy-pack/rules/trust";
import { trustOf, urn } from "../support/policy-pack";

const REPO = path.resolve(__dirname, "..", "..");

/**
 * Starts policy-pack/index.ts as the Pulumi CLI would (cwd = the pack) and returns the port it serves on. The CLI
 * runs a TypeScript pack through ts-node; here esbuild transpiles it, as for every test (tools/shared/typescript-hook.js).
 */
function servePack(): { port: Promise<number>; stop: () => void } {
    const child = spawn(process.execPath, ["-r", path.join(REPO, "tools", "shared", "typescript-hook.js"), "index.ts"], {
        cwd: path.join(REPO, "policy-pack"),
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = new Promise<number>((resolve, reject) => {
        child.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
        child.once("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
    });
    return { port, stop: () => child.kill() };
}

function call<Req, Res>(fn: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => fn(req, (e, r) => (e ? reject(e) : resolve(r))));
}

describe("policy pack: served to the engine over gRPC", () => {
    it("lists every rule as mandatory and reports a wildcard trust with its message; an unknown document is not an error", async () => {
        const server = servePack();
        try {
            const client = new AnalyzerClient(`127.0.0.1:${await server.port}`, grpc.credentials.createInsecure());
            const info = await call<Empty, AnalyzerInfo>((req, cb) => client.getAnalyzerInfo(req, cb), new Empty());
            assert.equal(info.getName(), "cross-account-iam");
            assert.deepEqual(
                info.getPoliciesList().map((p) => `${p.getName()} ${p.getEnforcementlevel()}`),
                policies.map((p) => `${p.name} 1`), // 1 = MANDATORY
            );
            const analyze = async (assumeRolePolicy: string) => {
                const req = new AnalyzeRequest();
                req.setType(ROLE_TYPE);
                req.setName("open");
                req.setUrn(urn(ROLE_TYPE, "open"));
                req.setOptions(new AnalyzerResourceOptions());
                req.setProperties(Struct.fromJavaScript({ assumeRolePolicy }));
                const res = await call<AnalyzeRequest, AnalyzeResponse>((r, cb) => client.analyze(r, cb), req);
                return res.getDiagnosticsList().map((d) => `${d.getPolicyname()}: ${d.getMessage()}`);
            };
            // The engine prefixes each message with the rule's description.
            assert.deepEqual(await analyze(trustOf("*")), [
                `iam-trust-no-wildcard-principal: ${noWildcardTrustPrincipal.description}\n` +
                    'Role "open": trust policy statement "Trust" allows principal "*", which is every AWS account; name the principals that may assume this role',
            ]);
            // The engine's marker for a value unknown during preview.
            assert.deepEqual(await analyze("04da6b54-80e4-46f7-96ec-b56ff0331ba9"), []);
            client.close();
        } finally {
            server.stop();
        }
    });
});
