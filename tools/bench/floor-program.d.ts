/** Types of floor-program.js (plain JavaScript on purpose: the floor is measured without a transpiler). */
import type * as pulumi from "@pulumi/pulumi";

export interface FloorResource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

/** The resource classes the floor can declare, by type token. */
export const CLASSES: Record<string, new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource>;

/** A program declaring `resources` (the stack itself left out), reading `stackReference` and returning `outputs` when given. */
export function floorProgram(
    resources: readonly FloorResource[],
    stackReference?: string,
    outputs?: Record<string, unknown>,
): () => Promise<Record<string, unknown>>;
