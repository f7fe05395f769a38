/**
 * cfn-lint (the CloudFormation linter, Python) for tests: lints template files in one run (it takes seconds to
 * start) and returns every finding. Under REQUIRE_MOTO=1 (set by .ci/run) a missing cfn-lint fails the test.
 */
import { spawnSync } from "child_process";
import { findOnPath } from "../../tools/verify/main";
import { toolSkipReason } from "./moto";

export const CFN_LINT_INSTALL = "pip install cfn-lint";

/** One finding, as `cfn-lint --format json` prints it. */
export interface LintFinding {
    Filename: string;
    Level: string;
    Message: string;
    Rule: { Id: string };
    Location: { Path: Array<string | number> };
}

/** Why the cfn-lint tests cannot run here, or undefined when cfn-lint is on PATH. */
export function cfnLintSkipReason(): string | undefined {
    return toolSkipReason("cfn-lint", CFN_LINT_INSTALL);
}

/**
 * Lints `files` with every rule, experimental ones included, for `regions`; any finding (error, warning or
 * informational) makes the exit code non-zero.
 */
export function cfnLint(
    files: readonly string[],
    regions: readonly string[],
    closedProxy: string,
): { status: number | null; findings: LintFinding[]; stderr: string } {
    const bin = findOnPath("cfn-lint", process.env.PATH);
    if (!bin) throw new Error(`cfn-lint is not on PATH (${CFN_LINT_INSTALL})`);
    const r = spawnSync(bin, ["--format", "json", "--non-zero-exit-code", "informational", "--include-experimental", "--regions", ...regions, "--", ...files], {
        encoding: "utf8",
        // It needs no network; should it try, the proxies point at a closed loopback port.
        env: { ...process.env, HTTPS_PROXY: closedProxy, HTTP_PROXY: closedProxy, NO_PROXY: "127.0.0.1" },
        timeout: 120000,
    });
    const text = r.stdout.trim();
    return { status: r.status, findings: text === "" ? [] : (JSON.parse(text) as LintFinding[]), stderr: r.stderr };
}
