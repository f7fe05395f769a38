/**
 * Bad configuration, one rule a case with its exact messages: Who may assume a role and on what condition (lib/config/target-roles.ts, trust-conditions.ts): ExternalIds, MFA, organizations, account-root and group trust.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import { BadCase, role } from "../../support/bad-config";

export const TRUST_CASES: BadCase[] = [
    {
        rule: "an ExternalId requirement needs the secret value",
        change: (c) => (role(c).trustedSources = [{ source: "log-shipper", externalId: true }]),
        messages: [
            "externalIds.log-reader: not set, but a trusted source of role log-reader requires an ExternalId; set it with `pulumi config set --secret --path 'externalIds.log-reader' <value>`",
        ],
        stack: "account-a",
    },
    {
        rule: "an ExternalId is 2..1224 characters and is never printed",
        change: (c) => {
            role(c).trustedSources = [{ source: "log-shipper", externalId: true }];
            c.externalIds = { "log-reader": "x" };
        },
        messages: ["externalIds.log-reader = [secret, 1 character]: expected an ExternalId of 2 to 1224 characters from [A-Za-z0-9+=,.@:/_-]"],
    },
    {
        rule: "an ExternalId uses the STS charset and is never printed",
        change: (c) => {
            role(c).trustedSources = [{ source: "log-shipper", externalId: true }];
            c.externalIds = { "log-reader": "top secret!" };
        },
        messages: ["externalIds.log-reader = [secret, 11 characters]: expected an ExternalId of 2 to 1224 characters from [A-Za-z0-9+=,.@:/_-]"],
    },
    {
        rule: "an ExternalId no trust requires is refused (it would be sent for nothing)",
        change: (c) => (c.externalIds = { "log-reader": "abc123" }),
        messages: ["externalIds.log-reader: set, but no trusted source of role log-reader has externalId: true, so the trust policy would never require it"],
    },
    {
        rule: "MFA age is positive",
        change: (c) => (role(c).trustedSources = [{ source: "log-shipper", mfa: { maxAgeSeconds: 0 } }]),
        messages: ["targetRoles.log-reader.trustedSources[0].mfa.maxAgeSeconds = 0: expected an integer from 1 to 129600 seconds"],
    },
    {
        rule: "an organization id looks like o-xxxxxxxxxx",
        change: (c) => (role(c).trustConditions = { principalOrgId: "my-org" }),
        messages: ['targetRoles.log-reader.trustConditions.principalOrgId = "my-org": expected an AWS Organizations id such as o-a1b2c3d4e5'],
    },
    {
        rule: "trusting account B's root needs ExternalId, MFA or an organization condition",
        change: (c) => {
            c.sources.ops = { kind: "account-root" };
            role(c).trustedSources = ["ops"];
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0]: account-root source ops trusts every principal that account B's admins allow; add externalId: true or mfa: true, or set unsafeAllowUnconditionalAccountTrust: true to accept that",
        ],
    },
    {
        rule: "trusting a group (through B's root) needs a condition too",
        change: (c) => {
            c.sources.developers = { kind: "group" };
            role(c).trustedSources = ["developers"];
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0]: group developers (a group cannot be a principal, so account B's root is trusted) trusts every principal that account B's admins allow; add externalId: true or mfa: true, or set unsafeAllowUnconditionalAccountTrust: true to accept that",
        ],
    },
    {
        rule: "the unconditional-trust opt-out only applies to root and group sources",
        change: (c) => (role(c).trustedSources = [{ source: "log-shipper", unsafeAllowUnconditionalAccountTrust: true }]),
        messages: [
            "targetRoles.log-reader.trustedSources[0].unsafeAllowUnconditionalAccountTrust = true: expected not set: it only applies to account-root and group sources, and log-shipper is of kind service-role",
        ],
    },
    {
        rule: "trust mode principal-arn cannot name the account root",
        change: (c) => {
            c.sources.ops = { kind: "account-root" };
            role(c).trustMode = "principal-arn";
            role(c).trustedSources = [{ source: "ops", externalId: true }];
            c.externalIds = { "log-reader": "abc123" };
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0]: source ops is the account root, which has no principal ARN to name in an aws:PrincipalArn condition; use trustMode: principal for this role, or trust a role/user source",
        ],
    },
    {
        rule: "a service role is never asked for MFA (its sessions cannot carry it)",
        change: (c) => (role(c).trustedSources = [{ source: "log-shipper", mfa: true }]),
        messages: [
            "targetRoles.log-reader.trustedSources[0].mfa: source log-shipper is a service-role (ec2): an AWS service's session never carries MFA, so this trust could never be met; write { source: log-shipper, mfa: false } here, and require MFA from people (user, group or existing sources)",
        ],
    },
    {
        rule: "role-wide MFA is not inherited by a service role silently",
        change: (c) => {
            c.sources.alice = { kind: "user" };
            role(c).trustConditions = { mfa: true };
            role(c).trustedSources = ["log-shipper", "alice"];
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0]: source log-shipper is a service-role (ec2): an AWS service's session never carries MFA, so this trust could never be met (mfa is inherited from targetRoles.log-reader.trustConditions); write { source: log-shipper, mfa: false } here, and require MFA from people (user, group or existing sources)",
        ],
    },
    {
        rule: "an ExternalId is at most 1224 characters, and is never printed",
        stack: "account-a",
        change: (c) => {
            role(c).trustedSources = [{ source: "log-shipper", externalId: true }];
            c.externalIds = { "log-reader": "e".repeat(1225) };
        },
        messages: ["externalIds.log-reader = [secret, 1225 characters]: expected an ExternalId of 2 to 1224 characters from [A-Za-z0-9+=,.@:/_-]"],
    },
    {
        rule: "an ExternalId stored in plain text (not pulumi config set --secret) is refused",
        stack: "account-a",
        secretKeys: [],
        change: (c) => {
            role(c).trustedSources = [{ source: "log-shipper", externalId: true }];
            c.externalIds = { "log-reader": "c0ffee-42" };
        },
        messages: [
            "externalIds.log-reader: stored in plain text in the stack's config; an ExternalId must be a Pulumi secret: `pulumi config set --secret --path 'externalIds.log-reader' <value>`",
        ],
    },
];
