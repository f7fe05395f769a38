/**
 * cross-account-iam: one program, two stacks.
 *   account-b (side "source"): the principal in account B that may only sts:AssumeRole into A.
 *   account-a (side "target"): the role in account A that trusts exactly that principal.
 * Config is read and validated once, before any resource is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import { deploySourceAccount } from "./components/sourceAccount";
import { deployTargetAccount } from "./components/targetAccount";
import { parseConfig } from "./lib/config";

async function program(): Promise<Record<string, unknown>> {
    const cfg = parseConfig(pulumi.runtime.allConfig(), {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        organization: pulumi.getOrganization(),
    });
    return cfg.side === "source" ? deploySourceAccount(cfg) : deployTargetAccount(cfg);
}

export = program;
