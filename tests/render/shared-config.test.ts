/**
 * The shared-config trap: `pulumi config set --path 'targetRoles.log-reader.maxSessionDuration' 7200` writes a
 * partial `targetRoles` into the stack file, and Pulumi hands the program that object in place of Pulumi.yaml's
 * whole. `npm start` knows both files and refuses it, naming what is lost; the program, which sees only the
 * merged config, names the trap as the likely cause where its symptom shows.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { partialOverrides } from "../../tools/shared/stack-files";
import { repositoryWith, runStart } from "../support/render";

const ROOT = path.resolve(__dirname, "..", "..");

const ROLES = { "log-reader": { path: "/cross-account/", trustedSources: ["log-shipper"], permissions: { logsRead: { logGroups: ["/app/cron"] } } } };

describe("shared config: a stack file that sets a shared key only partly", () => {
    it("is what pulumi config set --path writes: the stack's object lacks the project's other keys, named at the shallowest level", () => {
        assert.deepEqual(
            partialOverrides(
                "cross-account-iam",
                { "cross-account-iam:targetRoles": { value: ROLES } },
                { "cross-account-iam:targetRoles": { "log-reader": { maxSessionDuration: 7200 } } },
                "Pulumi.yaml",
                "Pulumi.account-a.yaml",
            ),
            [
                "Pulumi.account-a.yaml sets targetRoles, which Pulumi.yaml sets too, and lacks targetRoles.log-reader.path, targetRoles.log-reader.trustedSources, targetRoles.log-reader.permissions: Pulumi does not merge the two, the stack's targetRoles replaces the project's whole, so this stack would not see them and the stacks would disagree. `pulumi config set --path` writes into the stack file only: edit targetRoles in Pulumi.yaml instead, and remove it from Pulumi.account-a.yaml",
            ],
        );
    });

    it("counts past three, and finds a nested key lost under a key both sides set", () => {
        const project = { "x:sources": { a: { kind: "user", path: "/people/" }, b: {}, c: {}, d: {} } };
        const [line] = partialOverrides("x", project, { sources: { a: { kind: "user" } } });
        assert.match(line, /^Pulumi\.<stack>\.yaml sets sources, which Pulumi\.yaml sets too, and lacks sources\.a\.path, sources\.b, sources\.c and 1 more: /);
    });

    it("accepts a stack value that repeats the project's whole, one the project does not set, and scalars and lists", () => {
        const project = { "x:targetRoles": { value: ROLES }, "x:sourceStack": "org/x/b", "aws:allowedAccountIds": ["111111111111"] };
        const whole = { "x:targetRoles": { "log-reader": { ...ROLES["log-reader"], maxSessionDuration: 7200 } } };
        assert.deepEqual(partialOverrides("x", project, whole), []);
        assert.deepEqual(
            partialOverrides("x", project, { "x:sourceStack": "org/x/c", "aws:allowedAccountIds": ["222222222222"], "x:externalIds": { r: "id" } }),
            [],
        );
        // A list is one value: a shorter list replaces the project's, as Pulumi documents.
        const lists = { "x:targetRoles": { "log-reader": { ...ROLES["log-reader"], trustedSources: [] } } };
        assert.deepEqual(partialOverrides("x", project, lists), []);
    });

    it("npm start refuses it with exit 1, naming the stack file and what to edit instead", async () => {
        const dir = repositoryWith({
            "account-b": { "aws:region": "eu-west-1", "aws:allowedAccountIds": ["222222222222"] },
            "account-a": {
                "aws:region": "eu-west-1",
                "aws:allowedAccountIds": ["111111111111"],
                "cross-account-iam:targetRoles": { "log-reader": { maxSessionDuration: 7200 } },
            },
        });
        const r = await runStart(["--dir", dir, "--out", fs.mkdtempSync(path.join(os.tmpdir(), "shared-config-out-"))]);
        assert.equal(r.code, 1);
        assert.equal(
            r.stderr,
            [
                "account-a: the stack file replaces shared configuration of Pulumi.yaml (1 problem):",
                "  - Pulumi.account-a.yaml sets targetRoles, which Pulumi.yaml sets too, and lacks targetRoles.log-reader.path, targetRoles.log-reader.trustedSources, targetRoles.log-reader.permissions: Pulumi does not merge the two, the stack's targetRoles replaces the project's whole, so this stack would not see them and the stacks would disagree. `pulumi config set --path` writes into the stack file only: edit targetRoles in Pulumi.yaml instead, and remove it from Pulumi.account-a.yaml",
                "",
            ].join("\n"),
        );
    });

    it("the repository's own Pulumi.yaml holds the shared keys the trap is about", () => {
        const config = (parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
        assert.ok("cross-account-iam:targetRoles" in config && "cross-account-iam:sources" in config);
    });
});
