/**
 * Which side a stack is, and which stack of account B account A reads: the rules both the program
 * (lib/config/read.ts, which also reports their problems) and the offline renderer (tools/render/) use.
 */
import type { Side } from "../model/config";
import { STACK_SIDES, defaultSourceStack } from "../names";

/** The side a stack name picks by itself (account-a, account-b), else undefined. */
export function sideOfStackName(stack: string): Side | undefined {
    return Object.hasOwn(STACK_SIDES, stack) ? STACK_SIDES[stack] : undefined;
}

/** The side of a stack: from its name (account-a, account-b), else its `side` config value when that is valid. */
export function stackSide(stack: string, sideValue: string | undefined): Side | undefined {
    return sideOfStackName(stack) ?? (sideValue === "source" || sideValue === "target" ? sideValue : undefined);
}

/** The stack account A reads through its StackReference: `sourceStack` when set, else `<org>/<project>/account-b`. */
export function sourceStackName(organization: string, project: string, configured: string | undefined): string {
    return configured ?? defaultSourceStack(organization, project);
}
