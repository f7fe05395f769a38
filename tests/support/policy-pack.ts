/**
 * Calling the CrossGuard rules (policy-pack/rules.ts) as the engine would: hand-built validation
 * args for one resource or a whole stack, and policy documents as the engine hands them (JSON text).
 */
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { noWildcardActionsForCrossAccountRoles } from "../../policy-pack/rules/cross-account-actions";

const OPTIONS = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

export function urn(type: string, name: string): string {
    return `urn:pulumi:test::cross-account-iam::${type}::${name}`;
}

/** What the engine tells a policy about a resource, whether validated alone or as part of a stack. */
function described(type: string, name: string, props: Record<string, unknown>) {
    return { type, props, urn: urn(type, name), name, opts: OPTIONS, isType: () => false, asType: () => undefined };
}

/** What the engine tells every validation about the stack: no tags, this policy config; nothing is ever not applicable here. */
export function validationContext(config: object = {}) {
    return {
        stackTags: new Map<string, string>(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason ?? ""}`);
        },
    };
}

/** The args the engine hands a resource validation, built by hand. */
export function resourceArgs(type: string, name: string, props: Record<string, unknown>, config: object = {}): ResourceValidationArgs {
    return { ...described(type, name, props), ...validationContext(config) };
}

/** Runs one resource policy on one resource; returns the violation messages. */
export async function check(
    policy: ResourceValidationPolicy,
    type: string,
    name: string,
    props: Record<string, unknown>,
    config: object = {},
): Promise<string[]> {
    const messages: string[] = [];
    const validations =
        policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const v of validations) await v(resourceArgs(type, name, props, config), (m) => messages.push(m));
    return messages;
}

/** A resource as a stack validation sees it, with the resources its properties depend on. */
export function policyResource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    propertyDependencies: Record<string, PolicyResource[]> = {},
): PolicyResource {
    return { ...described(type, name, props), dependencies: Object.values(propertyDependencies).flat(), propertyDependencies };
}

/** Runs the stack policy on a set of resources; returns `urn: message` lines. */
export async function checkStack(resources: PolicyResource[]): Promise<string[]> {
    const messages: string[] = [];
    await noWildcardActionsForCrossAccountRoles.validateStack({ resources, ...validationContext() }, (m, u) => messages.push(`${u ?? ""}: ${m}`));
    return messages;
}

/** A policy document as JSON text, as the engine hands it. */
export const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
/** A trust policy of one Allow statement, Sid "Trust", for this principal. */
export const trustOf = (Principal: unknown, extra: object = {}) => doc({ Sid: "Trust", Effect: "Allow", Principal, Action: "sts:AssumeRole", ...extra });
