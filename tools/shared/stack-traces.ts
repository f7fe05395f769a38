/**
 * Stack traces off while a render of tools/shared/mock-runtime.ts runs. A module of its own, without the SDK, so
 * the tests' root hook (tests/support/stack-trace-hooks.ts) can put traces back without loading Pulumi.
 */

/**
 * Renders running at once in this process (a test may await two together), and the limit to put back. A render
 * started before the last restoreStackTraces() counts no more when it ends (its `generation` is old).
 */
let rendersRunning = 0;
let generation = 0;
let stackTraceLimitOutside = Error.stackTraceLimit;

/**
 * Runs `render` with V8's stack traces off (Error.stackTraceLimit 0), put back when the last render running
 * ends. The SDK captures and formats a stack trace for most promises it makes (`debuggablePromise`, kept for
 * its leak report at exit) and for every resource: under mocks that is about a third of a render's CPU
 * (docs/speed.md). `Resource.callsites` raises the limit itself for the source position it sends.
 */
export async function withoutStackTraces<T>(render: () => Promise<T>): Promise<T> {
    const mine = generation;
    if (rendersRunning++ === 0) {
        stackTraceLimitOutside = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
    }
    try {
        return await render();
    } finally {
        if (mine === generation && --rendersRunning === 0) Error.stackTraceLimit = stackTraceLimitOutside;
    }
}

/**
 * Puts the stack trace limit back if a render is still running: one that never ends (a test that timed out
 * while it waited) would otherwise leave traces off for the rest of the process. The tests call it after each
 * test (tests/support/stack-trace-hooks.ts).
 */
export function restoreStackTraces(): void {
    if (rendersRunning === 0) return;
    rendersRunning = 0;
    generation++;
    Error.stackTraceLimit = stackTraceLimitOutside;
}

/** How many renders are running now. */
export function rendersRunningNow(): number {
    return rendersRunning;
}
