/** Deploy order (lib/deploy-order.ts): sources before the targets that read them, destroy in reverse, a cycle named with its fix. Pure. */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import { StackDependencies, deployOrder, stackDependencies } from "../../lib/deploy-order";
import { flatten } from "../support/harness";

const dep = (account: string, ...reads: string[]): StackDependencies => ({
    account,
    stack: account,
    reads: reads.map((r) => ({ account: r, roles: [`reads-${r}`] })),
});

describe("deploy order (issue 16)", () => {
    it("puts every stack after the stacks it reads, ties in config order, and destroys in reverse", () => {
        assert.deepEqual(deployOrder([dep("prod", "tooling"), dep("dev", "tooling"), dep("tooling"), dep("audit")]), {
            ok: true,
            up: ["tooling", "prod", "dev", "audit"],
            destroy: ["audit", "dev", "prod", "tooling"],
        });
    });

    it("follows chains: a stack that is source and target waits for what it reads", () => {
        const order = deployOrder([dep("prod", "staging"), dep("staging", "tooling"), dep("tooling")]);
        assert.deepEqual(order, { ok: true, up: ["tooling", "staging", "prod"], destroy: ["prod", "staging", "tooling"] });
    });

    it("a read of an account with no stack here (a vendor's) orders nothing", () => {
        assert.deepEqual(deployOrder([dep("prod", "vendor")]), { ok: true, up: ["prod"], destroy: ["prod"] });
    });

    it("reports a cycle with the stacks, the roles that make it and the fix", () => {
        const order = deployOrder([dep("a", "b"), dep("b", "c"), dep("c", "a"), dep("d")]);
        assert.deepEqual(order, {
            ok: false,
            cycle: ["a", "b", "c"],
            problem:
                "the stacks cannot be deployed in any order: stack a reads b (role reads-b in account a trusts principals of account b in trust mode principal), and stack b reads c (role reads-c in account b trusts principals of account c in trust mode principal), and stack c reads a (role reads-a in account c trusts principals of account a in trust mode principal); set trustMode: principal-arn on one of reads-b, reads-c, reads-a (it names the principal by ARN, reads no stack, and survives its recreation)",
        });
    });

    it("from config: only trust mode principal on a created principal reads a stack; principal-arn and account roots read none", () => {
        const cfg = parseConfig(
            flatten({
                accounts: { tooling: "222222222222", vendor: "555555555555", dev: "333333333333", prod: "111111111111" },
                sources: {
                    ci: { kind: "service-role", service: "ecs-tasks", account: "tooling" },
                    job: { kind: "service-role", service: "lambda", account: "tooling" },
                    partner: { kind: "account-root", account: "vendor" },
                },
                targetRoles: {
                    deployer: { accounts: ["prod"], trustedSources: ["ci"], permissions: { logsRead: { logGroups: ["/a"] } } },
                    backup: { accounts: ["dev"], trustMode: "principal-arn", trustedSources: ["job"], permissions: { logsRead: { logGroups: ["/b"] } } },
                    vendor: {
                        accounts: ["dev"],
                        trustedSources: [{ source: "partner", mfa: true }],
                        permissions: { logsRead: { logGroups: ["/c"] } },
                    },
                },
                "aws:region": "eu-west-1",
            }),
            { project: "cross-account-iam", stack: "prod", organization: "organization" },
        );
        const deps = stackDependencies(cfg, { dev: "development" });
        assert.deepEqual(deps, [
            { account: "tooling", stack: "tooling", reads: [] },
            { account: "vendor", stack: "vendor", reads: [] },
            { account: "dev", stack: "development", reads: [] },
            { account: "prod", stack: "prod", reads: [{ account: "tooling", roles: ["deployer"] }] },
        ]);
        assert.deepEqual(deployOrder(deps), {
            ok: true,
            up: ["tooling", "vendor", "development", "prod"],
            destroy: ["prod", "development", "vendor", "tooling"],
        });
    });
});
