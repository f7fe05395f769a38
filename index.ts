/**
 * cross-account-iam: one program, two stacks.
 *   account-b (side "source"): the principal in account B that may only sts:AssumeRole into A.
 *   account-a (side "target"): the role in account A that trusts exactly that principal.
 * Config is read and validated once, before any resource is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import { deploySourceAccount } from "./stacks/source";
import { deployTargetAccount } from "./stacks/target";
import { parseConfig } from "./lib/config/read";

async function program(): Promise<Record<string, unknown>> {
    const all = pulumi.runtime.allConfig();
    const cfg = parseConfig(all, {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        organization: pulumi.getOrganization(),
        secretKeys: secretConfigKeys(Object.keys(all)),
    });
    return cfg.side === "source" ? deploySourceAccount(cfg) : deployTargetAccount(cfg);
}

/**
 * The config keys Pulumi marks secret (PULUMI_CONFIG_SECRET_KEYS, or setAllConfig's second argument
 * under mocks). The SDK's reader is not in its type declarations; without it nothing is checked.
 */
function secretConfigKeys(keys: string[]): string[] | undefined {
    const isConfigSecret = (pulumi.runtime as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
    return typeof isConfigSecret === "function" ? keys.filter((k) => isConfigSecret(k)) : undefined;
}

export = program;
