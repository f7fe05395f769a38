/**
 * cross-account-iam: one program, two stacks (or, with named accounts, one stack per account).
 *   account-b (side "source"): the principal in account B that may only sts:AssumeRole into A.
 *   account-a (side "target"): the role in account A that trusts exactly that principal.
 *   With named accounts a stack deploys what its account holds: its sources, the roles deployed to it, or both.
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
        secretKeys: secretConfigKeys(all),
    });
    switch (cfg.side) {
        case "source":
            return deploySourceAccount(cfg);
        case "target":
            return deployTargetAccount(cfg);
        case "both": {
            // An account that holds sources and roles: its sources first, then its roles; the outputs of both.
            const source = deploySourceAccount(cfg);
            const target = await deployTargetAccount(cfg);
            return { ...source, ...target, side: "both" };
        }
    }
}

/**
 * The config keys Pulumi marks secret (PULUMI_CONFIG_SECRET_KEYS, or setAllConfig's second argument
 * under mocks): top-level keys, and the paths one level inside an object value (`ns:externalIds.vendor`)
 * where the runtime knows them (the offline renderer does; the Pulumi CLI names top-level keys only).
 * The SDK's reader is not in its type declarations; without it nothing is checked.
 */
function secretConfigKeys(all: Record<string, string>): string[] | undefined {
    const isConfigSecret = (pulumi.runtime as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
    if (typeof isConfigSecret !== "function") return undefined;
    const keys = Object.keys(all).filter((k) => isConfigSecret(k));
    const paths = keys.flatMap((k) => childKeys(all[k]).map((c) => `${k}.${c}`)).filter((p) => isConfigSecret(p));
    return [...keys, ...paths];
}

/** The keys of a config value that is a JSON object; none for anything else (the reader reports it). */
function childKeys(value: string): string[] {
    try {
        const parsed: unknown = JSON.parse(value);
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? Object.keys(parsed) : [];
    } catch {
        return [];
    }
}

export = program;
