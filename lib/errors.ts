import * as pulumi from "@pulumi/pulumi";

/**
 * A user mistake in configuration. It carries every problem found, one line each, and
 * extends Pulumi's RunError so `pulumi up` prints the lines without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
    readonly problems: readonly string[];

    constructor(problems: readonly string[], heading = "invalid configuration") {
        super(`${heading} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ConfigError";
        this.problems = problems;
    }

    static isConfigError(e: unknown): e is ConfigError {
        return e instanceof Error && e.name === "ConfigError" && Array.isArray((e as ConfigError).problems);
    }
}
