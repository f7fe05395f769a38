/**
 * Mocha root hooks (.mocharc.json, .mocharc.e2e.json): after each test, stack traces are put back if a render of
 * tools/shared/mock-runtime.ts is still running, as one left behind by a test that timed out would be, so the
 * failures of later tests in the same worker keep their traces.
 */
import { restoreStackTraces } from "../../tools/shared/stack-traces";

export const mochaHooks = {
    afterEach(): void {
        restoreStackTraces();
    },
};
