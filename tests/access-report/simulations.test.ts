/**
 * runCheck answers a repeated question from the simulations it already ran (tools/access-report/report.ts):
 * by the whole input, so a document edited in place, a different request or a different context is simulated
 * afresh, and one row's answer cannot be changed through another's.
 */
import { strict as assert } from "assert";
import type { PlannedCheck } from "../../tools/access-report/checks";
import { runCheck } from "../../tools/access-report/report";

const LOG_GROUP = "arn:aws:logs:eu-west-1:111111111111:log-group:/app/cron";

/** A permission check of log-reader reading its log group; `sid` names its one statement (a test's own document). */
function readCheck(sid = "Read"): PlannedCheck {
    return {
        role: "log-reader",
        kind: "permission",
        title: "log-reader may read /app/cron",
        expect: "allow",
        request: {
            principal: "arn:aws:sts::111111111111:assumed-role/log-reader/report",
            action: "logs:GetLogEvents",
            resource: `${LOG_GROUP}:log-stream:s`,
            resourceAccount: "111111111111",
            context: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/log-reader", "aws:PrincipalAccount": "111111111111" },
            identityPolicies: [
                {
                    origin: "aws:iam/rolePolicy:RolePolicy log-reader-permissions",
                    input: "policy",
                    document: {
                        Version: "2012-10-17",
                        Statement: [{ Sid: sid, Effect: "Allow", Action: ["logs:GetLogEvents"], Resource: [`${LOG_GROUP}:log-stream:*`] }],
                    },
                },
            ],
        },
        unread: [],
    };
}

describe("access report: repeated simulations (runCheck)", () => {
    it("the same check twice gives the same row; at once, too", async () => {
        const first = await runCheck(readCheck());
        assert.equal(first.result, "PASS");
        assert.deepEqual(await runCheck(readCheck()), first);
        assert.deepEqual(await Promise.all([runCheck(readCheck()), runCheck(readCheck())]), [first, first]);
    });

    it("a document edited in place is simulated again: the answer follows the text, not the object", async () => {
        const check = readCheck();
        assert.equal((await runCheck(check)).result, "PASS");
        check.request.identityPolicies[0].document.Statement[0].Resource = ["arn:aws:logs:eu-west-1:111111111111:log-group:/other:log-stream:*"];
        const narrowed = await runCheck(check);
        assert.deepEqual([narrowed.result, narrowed.decision], ["FAIL", "ImplicitlyDenied"]);
        check.request.identityPolicies[0].document.Statement[0].Effect = "Deny";
        check.request.identityPolicies[0].document.Statement[0].Resource = [`${LOG_GROUP}:log-stream:*`];
        assert.deepEqual((await runCheck(check)).decision, "ExplicitlyDenied");
    });

    it("another action, resource or context value is another question", async () => {
        const action = readCheck();
        action.request.action = "logs:PutLogEvents";
        assert.equal((await runCheck(action)).result, "FAIL");
        const resource = readCheck();
        resource.request.resource = "arn:aws:logs:eu-west-1:111111111111:log-group:/other:log-stream:s";
        assert.equal((await runCheck(resource)).result, "FAIL");
        const conditioned = readCheck();
        conditioned.request.identityPolicies[0].document.Statement[0].Condition = { StringEquals: { "aws:PrincipalAccount": "999999999999" } };
        assert.equal((await runCheck(conditioned)).result, "FAIL");
        conditioned.request.context["aws:PrincipalAccount"] = "999999999999";
        assert.equal((await runCheck(conditioned)).result, "PASS");
    });

    it("editing a document after its row is made does not change a later row's explanation (the answer names the statements)", async () => {
        const check = readCheck("ReadOnce");
        const first = await runCheck(check);
        assert.match(first.why, /\bReadOnce\b/);
        check.request.identityPolicies[0].document.Statement[0].Sid = "EditedAfter";
        const again = await runCheck(readCheck("ReadOnce"));
        assert.deepEqual(again, first);
        assert.doesNotMatch(again.why, /EditedAfter/);
    });

    it("simulates a document as its JSON text says: a property set to undefined is absent, in whichever order they come", async () => {
        const withUndefined = readCheck("ReadUndefined");
        withUndefined.request.identityPolicies[0].document.Statement[0].Condition = undefined;
        const a = await runCheck(withUndefined);
        const b = await runCheck(readCheck("ReadUndefined"));
        assert.deepEqual([a.result, a.decision], ["PASS", "Allowed"]);
        assert.deepEqual(b, a);
    });

    it("a row's lists are its own: editing one does not change the next answer", async () => {
        const check = readCheck();
        check.request.context["report:unknown"] = "x";
        const first = await runCheck(check);
        assert.ok(first.ignoredContextKeys.length > 0, JSON.stringify(first));
        first.ignoredContextKeys.length = 0;
        assert.notDeepEqual((await runCheck(check)).ignoredContextKeys, []);
    });
});
