/**
 * The per-resource benchmark (tools/bench/per-resource.ts) across processes: each child process renders the same
 * resources on every side, and the result is the median of the children's medians.
 */
import { strict as assert } from "assert";
import { formatPerResource, perResourceAcrossProcesses } from "../../tools/bench/per-resource";
import { median } from "../../tools/bench/statistics";

describe("the per-resource benchmark, in child processes", () => {
    it("2 processes of 1 round at 2 roles: the same resources in each, each side the median over the processes", () => {
        const r = perResourceAcrossProcesses(2, 1, 2);
        assert.equal(r.processes.length, 2);
        assert.ok(r.resources > 0);
        for (const p of r.processes) {
            assert.equal(p.resources, r.resources);
            assert.ok(p.ours.cpuMs > 0 && p.floor.cpuMs > 0 && p.floorWithOutputs.cpuMs > 0);
        }
        assert.equal(r.ours.cpuMs, median(r.processes.map((p) => p.ours.cpuMs)));
        assert.equal(r.floor.wallMs, median(r.processes.map((p) => p.floor.wallMs)));
        const text = formatPerResource(r);
        assert.match(text, /in each of 2 processes the median of 1 rotated rounds/);
        assert.match(text, /ratio in each process {8}\d+\.\d\dx, \d+\.\d\dx CPU$/);
    });
});
