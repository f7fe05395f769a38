/**
 * Runs bad-config cases: each config is checked twice, purely (validateConfig) and through the real
 * program under mocks, which must fail with exactly the same lines and declare no AWS resource.
 * Also parseConfig's outcome as a value, for the properties and their regressions.
 */
import { strict as assert } from "assert";
import { parseConfig, validateConfig } from "../../lib/config/read";
import { ConfigError } from "../../lib/errors";
import type { CrossAccountConfig } from "../../lib/model/config";
import { ConfigObject, PROJECT, awsResources, baseConfig, flatten, render } from "./harness";

/** A raw config object, changed freely to feed bad values. */
export type Mutable = Record<string, any>;

/** The base config's one target role. */
export const role = (c: Mutable) => c.targetRoles["log-reader"];

export interface BadCase {
    rule: string;
    /** Breaks the rule in a copy of baseConfig(). */
    change: (c: Mutable) => void;
    messages: string[];
    /** @default account-b */
    stack?: string;
    /** Config keys Pulumi holds as secrets (top-level keys or paths). @default not told (validateConfig), externalIds (render) */
    secretKeys?: string[];
}

/** One mocha test per case. */
export function rejectsEach(cases: readonly BadCase[]): void {
    for (const c of cases) {
        it(`rejects: ${c.rule}`, async () => {
            const config = baseConfig();
            c.change(config);
            const stack = c.stack ?? "account-b";
            assert.deepEqual(validateConfig(flatten(config), { project: PROJECT, stack, organization: "organization", secretKeys: c.secretKeys }), c.messages);
            const result = await render(config, { stack, secretKeys: c.secretKeys });
            assert.ok(ConfigError.isConfigError(result.error), `expected a ConfigError, got ${String(result.error)}`);
            assert.deepEqual(result.error.problems, c.messages);
            assert.deepEqual(awsResources(result), []);
        });
    }
}

/** The problems of a config (validateConfig), for accepted-config assertions. */
export function problemsOf(config: ConfigObject, stack = "account-a", secretKeys?: string[]): string[] {
    return validateConfig(flatten(config), { project: PROJECT, stack, organization: "organization", secretKeys });
}

export type Outcome = { config: CrossAccountConfig } | { problems: readonly string[] };

/** parseConfig as a value: the config, or the problems of its ConfigError; any other throw fails the test. */
export function outcome(all: Record<string, string>, stack: string): Outcome {
    try {
        return { config: parseConfig(all, { project: PROJECT, stack, organization: "organization" }) };
    } catch (e) {
        if (!ConfigError.isConfigError(e)) throw new Error(`parseConfig threw ${String(e)} for ${JSON.stringify(all)}`);
        return { problems: e.problems };
    }
}
