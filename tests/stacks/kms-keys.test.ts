/**
 * SSE-KMS buckets: `s3Read.kmsKeyArns` / `s3ReadWrite.kmsKeyArns` give the role kms:Decrypt (and
 * kms:GenerateDataKey to write) on exactly those keys of account A, only through S3 in each key's
 * region (`kms:ViaService`), proven by the access report.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../lib/config/read";
import { serviceEndpoint } from "../../lib/iam/arns";
import { permissionPolicy } from "../../lib/policies/permissions";
import { buildAccessReport } from "../../tools/access-report/report";
import { ConfigObject, PROJECT, baseConfig, flatten, renderBoth } from "../support/harness";
import { Mutable, problemsOf } from "../support/bad-config";

const KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const US_KEY = "arn:aws:kms:us-east-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab";

function withS3(preset: "s3Read" | "s3ReadWrite", kmsKeyArns: string[]): Mutable {
    const c: Mutable = baseConfig();
    c.targetRoles["log-reader"].permissions = { [preset]: { buckets: ["reports-a"], prefix: "daily/", kmsKeyArns } };
    return c;
}

const parse = (c: ConfigObject) => parseConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "organization" });

describe("kmsKeyArns: reading and writing SSE-KMS objects", () => {
    it("s3Read adds kms:Decrypt on exactly the key, only through S3 in its region", () => {
        const cfg = parse(withS3("s3Read", [KEY]));
        assert.deepEqual(permissionPolicy(cfg, cfg.targetRoles[0]), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ListReadBuckets",
                    Effect: "Allow",
                    Action: "s3:ListBucket",
                    Resource: "arn:aws:s3:::reports-a",
                    Condition: { StringLike: { "s3:prefix": ["daily/", "daily/*"] } },
                },
                { Sid: "ReadObjects", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports-a/daily/*" },
                {
                    Sid: "UseKmsKeysToReadObjects",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: KEY,
                    Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
                },
            ],
        });
    });

    it("s3ReadWrite adds kms:GenerateDataKey too; keys of two regions allow S3 of those two regions", () => {
        const cfg = parse(withS3("s3ReadWrite", [KEY, US_KEY]));
        assert.deepEqual(
            permissionPolicy(cfg, cfg.targetRoles[0])!.Statement.find((s) => s.Sid === "UseKmsKeysToReadWriteObjects"),
            {
                Sid: "UseKmsKeysToReadWriteObjects",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: [KEY, US_KEY],
                Condition: { StringEquals: { "kms:ViaService": ["s3.eu-west-1.amazonaws.com", "s3.us-east-1.amazonaws.com"] } },
            },
        );
    });

    it("without kmsKeyArns there is no kms statement", () => {
        const cfg = parse(withS3("s3Read", []));
        assert.deepEqual(
            permissionPolicy(cfg, cfg.targetRoles[0])!.Statement.map((s) => s.Sid),
            ["ListReadBuckets", "ReadObjects"],
        );
    });

    it("names S3's endpoint the way kms:ViaService does, in China's partition too", () => {
        assert.equal(serviceEndpoint("aws", "s3", "eu-west-1"), "s3.eu-west-1.amazonaws.com");
        assert.equal(serviceEndpoint("aws-cn", "s3", "cn-north-1"), "s3.cn-north-1.amazonaws.com.cn");
        assert.equal(serviceEndpoint("aws-us-gov", "s3", "us-gov-west-1"), "s3.us-gov-west-1.amazonaws.com");
    });

    it("accepts a key and a multi-Region key of account A", () => {
        assert.deepEqual(problemsOf(withS3("s3ReadWrite", [KEY, US_KEY])), []);
    });
});

describe("kmsKeyArns: the access report proves the keys are used only through S3", () => {
    async function reportOf(c: ConfigObject) {
        const { a, b } = await renderBoth(c);
        return buildAccessReport({ config: parse(c), sourceResources: b.resources, targetResources: a.resources, secretValues: [] });
    }
    const titles = (r: Awaited<ReturnType<typeof reportOf>>, pass: boolean) =>
        r.roles.flatMap((x) => x.checks.filter((k) => (k.result === "PASS") === pass && k.title.includes("kms:")).map((k) => k.title));

    it("allows kms:Decrypt and kms:GenerateDataKey through S3 and refuses a direct kms:Decrypt", async () => {
        const r = await reportOf(withS3("s3ReadWrite", [KEY]));
        assert.equal(r.ok, true);
        assert.deepEqual(titles(r, true), [
            "kms:Decrypt on key 1234abcd-12ab-34cd-56ef-1234567890ab through S3",
            "kms:GenerateDataKey on key 1234abcd-12ab-34cd-56ef-1234567890ab through S3",
            "kms:Decrypt on key 1234abcd-12ab-34cd-56ef-1234567890ab called directly, not through S3, is refused",
        ]);
    });

    it("fails when a custom statement lets the role use the key directly", async () => {
        const c = withS3("s3Read", [KEY]);
        c.targetRoles["log-reader"].permissions.statements = [{ Sid: "DecryptAnything", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY }];
        const r = await reportOf(c);
        assert.equal(r.ok, false);
        assert.deepEqual(titles(r, false), ["kms:Decrypt on key 1234abcd-12ab-34cd-56ef-1234567890ab called directly, not through S3, is refused"]);
    });
});
