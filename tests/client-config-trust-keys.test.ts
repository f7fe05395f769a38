/**
 * Client configuration under the trust conditions principalTags, principalOrgPaths and roleSessionName
 * (lib/outputs/client-config.ts): the snippets pass a session name the trust admits, so they work as pasted, and the
 * notes say which tag and OU the caller needs (no command can send those).
 */
import { strict as assert } from "assert";
import { parseConfig } from "../lib/config/read";
import type { SourceClientConfig } from "../lib/model/outputs";
import { roleClientConfig } from "../lib/outputs/client-config";
import { PROJECT, baseConfig, flatten } from "./support/harness";

const READER = "arn:aws:iam::111111111111:role/cross-account/log-reader";

function sourcesOf(change: (c: Record<string, any>) => void): Record<string, SourceClientConfig> {
    const c: Record<string, any> = baseConfig();
    change(c);
    const cfg = parseConfig(flatten(c), { project: PROJECT, stack: "account-a", organization: "o" });
    return roleClientConfig(cfg, cfg.targetRoles[0], undefined).sources;
}
const WHO_AM_I = `"$(aws sts get-caller-identity --query Arn --output text --profile developers --region eu-west-1 | awk -F/ '{print $NF}')"`;

describe("client configuration under principalTags, principalOrgPaths and roleSessionName", () => {
    it("a job's session name fills the pattern with its usual name, in the command and the profile; the tag note says account-b sets it", () => {
        const { "log-shipper": s } = sourcesOf((c) => {
            c.sources["log-shipper"].tags = { team: "data" };
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: "data" }, roleSessionName: "nightly-*" };
        });
        assert.equal(s.assumeRoleCommand, `aws sts assume-role --role-arn ${READER} --role-session-name nightly-log-shipper --region eu-west-1`);
        assert.match(s.awsConfigProfile, /\nrole_session_name = nightly-log-shipper$/);
        assert.match(s.awsConfigureCommands, /\naws configure set role_session_name nightly-log-shipper --profile log-reader$/);
        assert.deepEqual(s.notes, [
            "The trust requires the caller to carry tag team=data (aws:PrincipalTag: an IAM user's tags, or a role session's: its role's tags, overridden by session tags): account-b tags the role with it (sources.log-shipper.tags).",
            "The trust requires the session name to match nightly-* (sts:RoleSessionName); the snippets pass nightly-log-shipper.",
            "No console link: an EC2 instance role has no console sign-in.",
        ]);
    });

    it("an exact session name in the trust is the one passed; a configured sources.<key>.roleSessionName that fits is kept", () => {
        const exact = sourcesOf((c) => (c.targetRoles["log-reader"].trustConditions = { roleSessionName: ["backup-run", "nightly-*"] }))["log-shipper"];
        assert.equal(exact.assumeRoleCommand, `aws sts assume-role --role-arn ${READER} --role-session-name backup-run --region eu-west-1`);
        const own = sourcesOf((c) => {
            c.sources["log-shipper"].roleSessionName = "nightly-42";
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: "nightly-*" };
        })["log-shipper"];
        assert.equal(own.assumeRoleCommand, `aws sts assume-role --role-arn ${READER} --role-session-name nightly-42 --region eu-west-1`);
    });

    it("${aws:username} for a group: commands read each member's IAM user name from STS; the profile says to replace the placeholder", () => {
        const { developers: s } = sourcesOf((c) => {
            c.sources = { developers: { kind: "group" } };
            c.targetRoles["log-reader"].trustedSources = [
                { source: "developers", mfa: true, roleSessionName: "${aws:username}", principalTags: { team: ["data", "ops"] } },
            ];
        });
        assert.equal(
            s.assumeRoleCommand,
            `aws sts assume-role --role-arn ${READER} --role-session-name ${WHO_AM_I} --serial-number arn:aws:iam::222222222222:mfa/YOUR_MFA_DEVICE --token-code "$MFA_CODE" --profile developers --region eu-west-1`,
        );
        assert.match(
            s.awsConfigProfile,
            /^\[profile log-reader\]\n# The trust requires role_session_name to be your IAM user name: replace YOUR_IAM_USER_NAME\.\n/,
        );
        assert.match(s.awsConfigProfile, /\nrole_session_name = YOUR_IAM_USER_NAME$/);
        assert.ok(s.awsConfigureCommands.endsWith(`aws configure set role_session_name ${WHO_AM_I} --profile log-reader`));
        assert.ok(
            s.notes.includes(
                "The trust requires the caller to carry tag team=data or ops (aws:PrincipalTag: an IAM user's tags, or a role session's: its role's tags, overridden by session tags): on your IAM user, as B's admins tag it.",
            ),
        );
        assert.ok(
            s.notes.includes(
                "The trust requires the session name to be ${aws:username} (sts:RoleSessionName): the commands read your IAM user name from aws sts get-caller-identity; in the profile, replace YOUR_IAM_USER_NAME.",
            ),
        );
        // The console names an IAM user's session after the user, which ${aws:username} admits.
        assert.notEqual(s.consoleSwitchRoleUrl, null);
    });

    it("${aws:username} for a user: its own name; people under a prefix pattern: the prefix and their $USER, cut to fit 64; no console link", () => {
        const { alice } = sourcesOf((c) => {
            c.sources = { alice: { kind: "user" } };
            c.targetRoles["log-reader"].trustedSources = [{ source: "alice", roleSessionName: "${aws:username}" }];
        });
        assert.equal(alice.assumeRoleCommand, `aws sts assume-role --role-arn ${READER} --role-session-name alice --profile alice --region eu-west-1`);
        const { ops } = sourcesOf((c) => {
            c.sources = { ops: { kind: "account-root" } };
            c.targetRoles["log-reader"].trustedSources = [
                { source: "ops", mfa: true, roleSessionName: "ops-*", principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"] },
            ];
        });
        assert.ok(
            ops.assumeRoleCommand.includes(
                `--role-session-name ops-"$(awk 'BEGIN { s = ENVIRON["USER"]; gsub(/[^A-Za-z0-9_+=,.@-]/, "-", s); s = substr(s, 1, 60); `,
            ),
        );
        assert.equal(ops.consoleSwitchRoleUrl, null);
        assert.ok(
            ops.notes.includes(
                "The trust requires the caller's account to sit in o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ or an OU below (aws:PrincipalOrgPaths).",
            ),
        );
        assert.ok(ops.notes.includes("No console link: the console chooses the session name itself, which need not match ops-*."));
    });
});
