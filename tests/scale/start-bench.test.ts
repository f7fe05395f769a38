/**
 * `npm run bench`'s start comparison (tools/bench/start.ts), the pure part: the floor is read from the bundle's own
 * requires, and every command is shown against the import floor and against the deferred floor.
 */
import { strict as assert } from "assert";
import { floorModules, formatStart } from "../../tools/bench/start";

describe("npm run bench: npm start against the import floor (tools/bench/start.ts)", () => {
    it("reads the floor's modules from the bundle's require calls, once each, in order", () => {
        const bundle =
            'var a = require("@pulumi/pulumi"); var b = require("@pulumi/aws/iam"); require("yaml"); require("@pulumi/aws/iam"); require("@pulumi/aws/cloudwatch");';
        assert.deepEqual(floorModules(bundle), ["@pulumi/pulumi", "@pulumi/aws/iam", "@pulumi/aws/cloudwatch"]);
    });

    it("prints each command's ratio to the import floor, then to the deferred floor, and both floors' commands", () => {
        const rows = [
            { label: "import floor", command: "node -e 'require(\"@pulumi/pulumi\");'", wallMs: 1200, cpuMs: 1400 },
            {
                label: "deferred floor",
                command: "node -r ./tools/shared/defer-closure-serializer.js -e 'require(\"@pulumi/pulumi\");'",
                wallMs: 400,
                cpuMs: 500,
            },
            { label: "npm start", command: "npm start", wallMs: 1000, cpuMs: 1200 },
            { label: "start script", command: "node ...", wallMs: 800, cpuMs: null },
        ];
        assert.deepEqual(formatStart(rows, 7).split("\n"), [
            "npm start against the import floor (median of 7 rounds, order rotated each round; goal: npm start at most 1.3x the import floor).",
            "Each time is followed by its ratio to the import floor, then to the deferred floor (the same requires without the SDK's closure serializer, as the start script loads them):",
            "  import floor   1.20 s wall  1.00x  3.00x   1.40 s CPU  1.00x  2.80x",
            "  deferred floor 0.40 s wall  0.33x  1.00x   0.50 s CPU  0.36x  1.00x",
            "  npm start      1.00 s wall  0.83x  2.50x   1.20 s CPU  0.86x  2.40x",
            "  start script   0.80 s wall  0.67x  2.00x",
            "  import floor:   node -e 'require(\"@pulumi/pulumi\");'",
            "  deferred floor: node -r ./tools/shared/defer-closure-serializer.js -e 'require(\"@pulumi/pulumi\");'",
        ]);
    });
});
