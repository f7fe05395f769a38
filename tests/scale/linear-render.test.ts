/**
 * The growth benchmark's fixes (docs/scale.md#the-growth-benchmark) keep their old answers: the deploy order
 * (Kahn's algorithm) equals the first-ready scan it replaced, the grant split (doubling and halving) equals the
 * one-ARN-at-a-time greedy fill, the per-account indexes give what the scans gave, and a stack file parsed once
 * is parsed again when it changes.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { StackDependencies, deployOrder, stackDependencies } from "../../lib/deploy-order";
import { fillInOrder } from "../../lib/policies/source-grant";
import { rolesDeclaredByAccount, rolesDeclaredIn, roleAccounts } from "../../lib/policies/accounts";
import type { NamedAccount, TargetRoleSpec } from "../../lib/model/config";
import { loadStackConfig } from "../../tools/shared/stack-files";
import { parseConfig } from "../../lib/config/read";
import { flatten } from "../support/harness";

/** The order as lib/deploy-order.ts computed it before: scan for the first stack whose reads are all deployed. */
function scanOrder(deps: readonly StackDependencies[]): string[] | undefined {
    const known = new Set(deps.map((d) => d.account));
    const done = new Set<string>();
    const up: string[] = [];
    while (up.length < deps.length) {
        const next = deps.find((d) => !done.has(d.account) && d.reads.every((r) => done.has(r.account) || !known.has(r.account)));
        if (!next) return undefined;
        done.add(next.account);
        up.push(next.stack);
    }
    return up;
}

/** The split as lib/policies/source-grant.ts filled it before: one item at a time, a new chunk when the next one does not fit. */
function greedyFill<T>(items: readonly T[], fits: (run: readonly T[]) => boolean): T[][] {
    const chunks: T[][] = [];
    let current: T[] = [];
    for (const item of items) {
        const candidate = [...current, item];
        if (current.length > 0 && !fits(candidate)) {
            chunks.push(current);
            current = [item];
        } else current = candidate;
    }
    if (items.length > 0) chunks.push(current);
    return chunks;
}

const graph = fc
    .integer({ min: 1, max: 12 })
    .chain((n) =>
        fc
            .array(fc.array(fc.integer({ min: 0, max: n + 1 }), { maxLength: 4 }), { minLength: n, maxLength: n })
            .map((reads) =>
                reads.map((r, i): StackDependencies => ({ account: `a${i}`, stack: `s${i}`, reads: r.map((j) => ({ account: `a${j}`, roles: ["r"] })) })),
            ),
    );

describe("the render of many accounts stays linear and gives the same answers (issue 16)", () => {
    it("deploys in the order the first-ready scan gave, and reports a cycle exactly when the scan finds none ready", () => {
        fc.assert(
            fc.property(graph, (deps) => {
                const order = deployOrder(deps);
                const scanned = scanOrder(deps);
                if (scanned === undefined) assert.equal(order.ok, false);
                else assert.deepEqual(order, { ok: true, up: scanned, destroy: [...scanned].reverse() });
            }),
            { numRuns: 500 },
        );
    });

    it("splits into the chunks the one-at-a-time greedy fill gave, for any monotone fit", () => {
        fc.assert(
            fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 60 }), fc.integer({ min: 1, max: 120 }), (weights, limit) => {
                const fits = (run: readonly number[]) => run.reduce((s, w) => s + w, 0) <= limit;
                assert.deepEqual(fillInOrder(weights, fits), greedyFill(weights, fits));
            }),
            { numRuns: 500 },
        );
    });

    it("asks the fit O(log n) times per chunk, not once per item: 1000 items that all fit take at most 2·log2(1000)+2 calls", () => {
        let calls = 0;
        const chunks = fillInOrder([...Array(1000).keys()], () => (calls++, true));
        assert.equal(chunks.length, 1);
        assert.ok(calls <= 2 * Math.ceil(Math.log2(1000)) + 2, `${calls} calls`);
    });

    it("finds each account's roles as rolesDeclaredIn does, OU roles in the StackSet account included", () => {
        const accounts: NamedAccount[] = ["mgmt", "a", "b", "c"].map((name, i) => ({ name, id: String(100000000000 + i) }));
        const role = (name: string, on: string[], ou = false) =>
            ({ name, accounts: on, ...(ou ? { organizationalUnits: ["ou-ab12-11111111"] } : {}) }) as unknown as TargetRoleSpec;
        const targetRoles = [role("x", ["a", "b"]), role("y", ["b", "c", "b"]), role("z", [], true), role("w", ["mgmt"])];
        const cfg = {
            layout: "named-accounts" as const,
            accounts,
            targetRoles,
            organization: { stackSetAccountId: accounts[0].id } as never,
        };
        const byAccount = rolesDeclaredByAccount(cfg);
        for (const a of [...accounts.map((x) => x.name), "nowhere"]) {
            assert.deepEqual(
                byAccount(a).map((r) => r.name),
                rolesDeclaredIn(cfg, a).map((r) => r.name),
                a,
            );
        }
        assert.deepEqual(
            roleAccounts(cfg, targetRoles[1]).map((a) => a.name),
            ["b", "c", "b"],
        );
        assert.throws(() => roleAccounts(cfg, role("v", ["nope"])), /accountNamed: no account nope/);
    });

    it("orders 999 target accounts of one role after their source in well under a second", () => {
        const accounts: Record<string, string> = { tooling: "222222222222" };
        for (let i = 1; i <= 999; i++) accounts[`t${i}`] = String(300000000000 + i);
        const cfg = parseConfig(
            flatten({
                accounts,
                sources: { ci: { kind: "service-role", service: "ecs-tasks", account: "tooling" } },
                targetRoles: { deployer: { accounts: Object.keys(accounts).slice(1), trustedSources: ["ci"], permissions: { s3ListAllBuckets: true } } },
                "aws:region": "eu-west-1",
            }),
            { project: "cross-account-iam", stack: "tooling", organization: "organization" },
        );
        const started = Date.now();
        const order = deployOrder(stackDependencies(cfg, {}));
        assert.ok(order.ok);
        assert.equal(order.up[0], "tooling");
        assert.equal(order.up.length, 1000);
        assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
    });

    it("parses a stack file again when its text changed (the parsed files are kept by path and text)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-cache-"));
        try {
            const write = (region: string) => {
                fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: p\nruntime: nodejs\nconfig:\n  p:side: source\n`);
                fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), `config:\n  aws:region: ${region}\n`);
            };
            write("eu-west-1");
            assert.equal(loadStackConfig(dir, "s").config["aws:region"], "eu-west-1");
            assert.equal(loadStackConfig(dir, "s").config["aws:region"], "eu-west-1");
            write("us-east-2");
            assert.equal(loadStackConfig(dir, "s").config["aws:region"], "us-east-2");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
