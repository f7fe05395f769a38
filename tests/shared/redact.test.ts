/**
 * Redaction (tools/shared/redact.ts): how a secret (an ExternalId) is hidden in the text the report,
 * the rendered files and the outputs show, without mangling ARNs or regions around it. Pure.
 */
import { strict as assert } from "assert";
import { redactText } from "../../tools/shared/redact";

describe("redaction (pure)", () => {
    it("hides a secret only as a whole token, the way ExternalIds are embedded, so a 2-character one mangles nothing", () => {
        const s = ["eu"];
        assert.equal(redactText("eu", s), "[secret]");
        assert.equal(
            redactText("aws sts assume-role --role-arn arn:aws:iam::111111111111:role/eu --external-id eu --region eu-west-1", s),
            "aws sts assume-role --role-arn arn:aws:iam::111111111111:role/eu --external-id [secret] --region eu-west-1",
        );
        assert.equal(
            redactText("role_arn = arn:aws:iam::1:role/x\nexternal_id = eu\nregion = eu-west-1", s),
            "role_arn = arn:aws:iam::1:role/x\nexternal_id = [secret]\nregion = eu-west-1",
        );
        assert.equal(redactText("--external-id 'eu' AWS_EXTERNAL_ID=eu", s), "--external-id '[secret]' AWS_EXTERNAL_ID=[secret]");
        assert.equal(
            redactText("arn:aws:logs:eu-west-1:111111111111:log-group:/eu/app eu.example eu@x", s),
            "arn:aws:logs:eu-west-1:111111111111:log-group:/eu/app eu.example eu@x",
        );
    });

    it("replaces the longest secret first and never re-reads a replacement", () => {
        assert.equal(redactText("a abc-def b abc c secret", ["abc", "abc-def", "secret"]), "a [secret] b [secret] c [secret]");
    });

    it("hides the whole string when a secret of 8 or more characters is left inside a longer token", () => {
        assert.equal(redactText("arn:aws:iam::111111111111:role/x-long-secret-1-y", ["long-secret-1"]), "[secret]");
        assert.equal(redactText("arn:aws:iam::111111111111:role/x-short-y", ["short"]), "arn:aws:iam::111111111111:role/x-short-y");
    });
});
