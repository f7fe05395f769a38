/**
 * What `npm start` writes to out/<stack>.json (tools/render/stack-file.ts): secrets hidden in inputs
 * and outputs, keys sorted; pure functions of a rendered stack.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import { buildAccessReport, formatAccessReport } from "../../tools/access-report/report";
import { redactInputs, redactOutputs, sortKeys, stackFile } from "../../tools/render/stack-file";
import type { RenderedStack } from "../../tools/render/stacks";
import { PROJECT, flatten, renderBoth } from "../support/harness";
import { USER_SESSION_VENDOR } from "../support/stack-files";

describe("npm start: the stack file written (tools/render/stack-file.ts)", () => {
    it("a 2-character ExternalId (eu) is hidden in out/*.json and the report without touching eu-west-1 or ARNs", async () => {
        const config = {
            targetAccountId: "111111111111",
            sourceAccountId: "222222222222",
            "aws:region": "eu-west-1",
            sources: { vendor: { kind: "account-root" } },
            targetRoles: {
                "eu-reader": { path: "/eu/", trustedSources: [{ source: "vendor", externalId: true }], permissions: { logsRead: { logGroups: ["/eu/app"] } } },
            },
            externalIds: { "eu-reader": "eu" },
        };
        const { a } = await renderBoth(config);
        const rendered: RenderedStack = {
            stack: "account-a",
            side: "target",
            accountId: "111111111111",
            files: { project: PROJECT, config: flatten(config), secretKeys: [`${PROJECT}:externalIds.eu-reader`], partialOverrides: [] },
            result: a,
        };
        const file = stackFile(PROJECT, rendered);
        const role = file.resources.find((x) => x.type === "aws:iam/role:Role")!;
        assert.deepEqual((role.inputs.assumeRolePolicy as any).Statement[0].Condition, { StringEquals: { "sts:ExternalId": "[secret]" } });
        const client = (file.outputs.clientConfig as any)["eu-reader"];
        assert.deepEqual([client.externalId, client.region, client.roleArn], ["[secret]", "eu-west-1", "arn:aws:iam::111111111111:role/eu/eu-reader"]);
        assert.equal(
            client.sources.vendor.awsConfigProfile,
            "[profile eu-reader]\n# Set role_session_name to your own name (2 to 64 of A-Za-z0-9+=,.@_-), so CloudTrail in account A tells people apart.\nrole_arn = arn:aws:iam::111111111111:role/eu/eu-reader\nsource_profile = vendor\nexternal_id = [secret]\nregion = eu-west-1\nrole_session_name = vendor",
        );
        assert.equal(
            client.sources.vendor.assumeRoleCommand,
            `aws sts assume-role --role-arn arn:aws:iam::111111111111:role/eu/eu-reader --role-session-name ${USER_SESSION_VENDOR} --external-id [secret] --profile vendor --region eu-west-1`,
        );
        assert.deepEqual(
            file.resources.find((x) => x.type === "aws:iam/rolePolicy:RolePolicy")!.inputs.policy,
            JSON.parse(a.resources.find((x) => x.type === "aws:iam/rolePolicy:RolePolicy")!.inputs.policy as string),
        );
        const cfg = parseConfig(flatten(config), { project: PROJECT, stack: "account-a", organization: "organization" });
        const text = formatAccessReport(await buildAccessReport({ config: cfg, sourceResources: [], targetResources: a.resources, secretValues: ["eu"] }));
        assert.ok(
            text.startsWith(
                "Access report: 13 IAM simulations (@cloud-copilot/iam-simulate) over the rendered policies\n\narn:aws:iam::111111111111:role/eu/eu-reader  (trust mode principal)\n",
            ),
            text,
        );
        assert.ok(text.includes("  PASS      allow   logs:DescribeLogGroups in eu-west-1\n"), text);
        assert.ok(!text.includes("[secret]"), text);
    });

    it("shows secret outputs with known secrets hidden, and a secret output with none inside as [secret]", () => {
        const outputs = { plain: { cmd: "--external-id xid-1 --region eu-west-1" }, opaque: { token: "abc" }, client: { cmd: "--external-id xid-1" } };
        assert.deepEqual(redactOutputs(outputs, ["opaque", "client"], ["xid-1"]), {
            outputs: { plain: { cmd: "--external-id [secret] --region eu-west-1" }, opaque: "[secret]", client: { cmd: "--external-id [secret]" } },
            secretOutputPaths: ["client.cmd", "opaque", "plain.cmd"],
        });
    });

    it("masks a whole secret input when no known secret value can be pointed at inside it", () => {
        const res = { type: "aws:x", name: "n", inputs: { token: "opaque", plain: '{"Statement":[{"Resource":"s3cr3t"}]}' }, secretPaths: ["token"] };
        assert.deepEqual(redactInputs(res, ["s3cr3t"]), { token: "[secret]", plain: { Statement: [{ Resource: "[secret]" }] } });
    });

    it("sorts object keys recursively and keeps array order", () => {
        assert.equal(JSON.stringify(sortKeys({ b: [{ z: 1, a: 2 }, 3], a: { d: 1, c: 2 } })), '{"a":{"c":2,"d":1},"b":[{"a":2,"z":1},3]}');
    });
});
