/**
 * Bad configuration, one rule a case with its exact messages: `sources.<key>` of kind `sso-permission-set` and
 * `identityCenter` (lib/config/identity-center.ts): the permission set's name lands in account A's
 * `ArnLike aws:PrincipalArn` pattern, so it holds no wildcard; the grant is written only where it can be.
 * Run by tests/config/validation.test.ts, purely and through the program under mocks.
 */
import { ACCOUNT_A, ACCOUNT_B } from "../../support/harness";
import { BadCase, Mutable } from "../../support/bad-config";

const INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef";
const PS = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef";
const PORTAL = { startUrl: "https://acme.awsapps.com/start", region: "eu-west-1" };

/** log-shipper becomes an sso-permission-set source; `identityCenter` is set to `ic` (null: left out). */
const asSso =
    (source: Record<string, unknown>, ic: Record<string, unknown> | null = PORTAL) =>
    (c: Mutable) => {
        c.sources["log-shipper"] = { kind: "sso-permission-set", ...source };
        if (ic !== null) c.identityCenter = ic;
    };
const wildcardMessage = (value: string) =>
    `sources.log-shipper.permissionSet = ${JSON.stringify(value)}: expected no * or ?: it is part of the aws:PrincipalArn pattern (AWSReservedSSO_<name>_*) in account A's trust policy, where IAM reads them as wildcards that match other permission sets' roles`;
const NAME_EXPECTED = "a permission set name of 1 to 32 characters from [A-Za-z0-9+=,.@_-] such as LogReader";

export const SSO_PERMISSION_SET_CASES: BadCase[] = [
    {
        rule: "an sso-permission-set names its permission set",
        change: asSso({}),
        messages: ["sources.log-shipper.permissionSet: not set; expected the name of a permission set such as LogReader"],
    },
    { rule: "a permission set name of * would trust every permission set's role", change: asSso({ permissionSet: "*" }), messages: [wildcardMessage("*")] },
    {
        rule: "a permission set name with * or ? would trust other permission sets' roles",
        change: asSso({ permissionSet: "Log?eader*" }),
        messages: [wildcardMessage("Log?eader*")],
    },
    {
        rule: "an empty permission set name is refused",
        change: asSso({ permissionSet: "" }),
        messages: [`sources.log-shipper.permissionSet = "": expected ${NAME_EXPECTED} (length 0)`],
    },
    {
        rule: "a permission set name longer than Identity Center's 32 characters is refused (and not printed whole)",
        change: asSso({ permissionSet: "A".repeat(5000) }),
        messages: [`sources.log-shipper.permissionSet = "${"A".repeat(116)}...: expected ${NAME_EXPECTED} (length 5000)`],
    },
    {
        rule: "a permission set name holds no / (it would change the role path the pattern matches)",
        change: asSso({ permissionSet: "eu-west-1/Admin" }),
        messages: [`sources.log-shipper.permissionSet = "eu-west-1/Admin": expected ${NAME_EXPECTED}`],
    },
    {
        rule: "a permission set name is a string, not a list",
        change: asSso({ permissionSet: ["LogReader"] }),
        messages: [`sources.log-shipper.permissionSet = ["LogReader"]: expected ${NAME_EXPECTED}`],
    },
    {
        rule: "a key of another case (PermissionSet) is a typo, listed with the allowed keys",
        change: asSso({ permissionSet: "LogReader", PermissionSet: "Admin" }),
        messages: ["sources.log-shipper.PermissionSet: unknown key (did you mean permissionSet?); expected one of kind, permissionSet, roleSessionName"],
    },
    {
        rule: "a kind of another case is not a kind",
        change: (c) => (c.sources["log-shipper"] = { kind: "SSO-Permission-Set", permissionSet: "LogReader" }),
        messages: [
            'sources.log-shipper.kind = "SSO-Permission-Set": expected one of service-role, oidc-role, sso-permission-set, federated-role, user, group, existing, account-root',
        ],
    },
    {
        rule: "an sso-permission-set needs identityCenter, whose access portal its client snippets sign in to",
        change: asSso({ permissionSet: "LogReader" }, null),
        messages: [
            "identityCenter: not set; expected { startUrl, region } of the IAM Identity Center that signs people in to account B (source log-shipper is an sso-permission-set, whose client snippets need an [sso-session])",
        ],
    },
    {
        rule: "identityCenter without an sso-permission-set source would be read by nothing",
        change: (c) => (c.identityCenter = PORTAL),
        messages: ["identityCenter: set, but no source is an sso-permission-set, so nothing reads it; remove it or add such a source"],
    },
    {
        rule: "identityCenter names its access portal and region",
        change: asSso({ permissionSet: "LogReader" }, {}),
        messages: [
            "identityCenter.startUrl: not set; expected the AWS access portal URL such as https://acme.awsapps.com/start",
            "identityCenter.region: not set; expected an AWS region such as eu-west-1",
        ],
    },
    {
        rule: "the access portal is an https URL on one line (it is written into the client's config file)",
        change: asSso({ permissionSet: "LogReader" }, { ...PORTAL, startUrl: "https://acme.awsapps.com/start\n[profile default]" }),
        messages: [
            'identityCenter.startUrl = "https://acme.awsapps.com/start\\n[profile default]": expected an https URL of the AWS access portal such as https://acme.awsapps.com/start',
        ],
    },
    {
        rule: "identityCenter keys are checked for typos",
        change: asSso({ permissionSet: "LogReader" }, { ...PORTAL, instanceARN: INSTANCE }),
        messages: [
            "identityCenter.instanceARN: unknown key (did you mean instanceArn?); expected one of startUrl, region, sessionName, account, instanceArn, permissionSets",
        ],
    },
    {
        rule: "account-b writes a permission set only with instanceArn, permissionSets and account together",
        change: asSso({ permissionSet: "LogReader" }, { ...PORTAL, instanceArn: INSTANCE }),
        messages: [
            "identityCenter: set instanceArn, permissionSets and account together (found instanceArn): account-b writes a permission set's inline policy only in the administration account, for a permission set whose ARN it knows",
        ],
    },
    {
        rule: "account-b cannot write a permission set outside the Identity Center administration account",
        change: asSso({ permissionSet: "LogReader" }, { ...PORTAL, account: ACCOUNT_A, instanceArn: INSTANCE, permissionSets: { LogReader: PS } }),
        messages: [
            `identityCenter: account ${ACCOUNT_A} is the Identity Center administration account, and account-b deploys into ${ACCOUNT_B}, where no permission set can be written; remove instanceArn and permissionSets (account-b then outputs each grant for ${ACCOUNT_A}'s admins to attach), or set account to ${ACCOUNT_B} if that is the administration account`,
        ],
    },
    {
        rule: "the trusted permission set is one account-b writes, when it writes permission sets",
        change: asSso({ permissionSet: "LogReader" }, { ...PORTAL, account: ACCOUNT_B, instanceArn: INSTANCE, permissionSets: { Reader: PS } }),
        messages: [
            "identityCenter.permissionSets.Reader: no sso-permission-set source names permission set Reader, so account-b would not write it; remove it or add such a source",
            'sources.log-shipper.permissionSet = "LogReader": expected a key of identityCenter.permissionSets (Reader): account-b writes the AssumeRole grant into that permission set',
        ],
    },
    {
        rule: "a permission set named like an Object member (constructor) finds no permission set by inheritance",
        change: asSso({ permissionSet: "constructor" }, { ...PORTAL, account: ACCOUNT_B, instanceArn: INSTANCE, permissionSets: {} }),
        messages: [
            'sources.log-shipper.permissionSet = "constructor": expected a key of identityCenter.permissionSets (none): account-b writes the AssumeRole grant into that permission set',
        ],
    },
    {
        rule: "a permission set of __proto__ is reported, not dropped",
        change: asSso(
            { permissionSet: "LogReader" },
            { ...PORTAL, account: ACCOUNT_B, instanceArn: INSTANCE, permissionSets: JSON.parse(`{"__proto__": "${PS}", "LogReader": "${PS}"}`) },
        ),
        messages: [
            "identityCenter.permissionSets.__proto__: the name __proto__ cannot be used: JavaScript objects (Pulumi's stack outputs among them) read it as the prototype, so the entry would be dropped without a word; choose another name",
        ],
    },
    {
        rule: "a permission set ARN is one of identityCenter.instanceArn",
        change: asSso(
            { permissionSet: "LogReader" },
            {
                ...PORTAL,
                account: ACCOUNT_B,
                instanceArn: INSTANCE,
                permissionSets: { LogReader: "arn:aws:sso:::permissionSet/ssoins-ffffffffffffffff/ps-0123456789abcdef" },
            },
        ),
        messages: [
            'identityCenter.permissionSets.LogReader = "arn:aws:sso:::permissionSet/ssoins-ffffffffffffffff/ps-0123456789abcdef": expected a permission set of instance ssoins-1234567890abcdef (identityCenter.instanceArn)',
        ],
    },
    {
        rule: "a permission set ARN holds no wildcard and is a permission set's",
        change: asSso(
            { permissionSet: "LogReader" },
            { ...PORTAL, account: ACCOUNT_B, instanceArn: INSTANCE, permissionSets: { LogReader: "arn:aws:sso:::permissionSet/*" } },
        ),
        messages: [
            'identityCenter.permissionSets.LogReader = "arn:aws:sso:::permissionSet/*": expected a permission set ARN such as arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef',
        ],
    },
    {
        rule: "one source per permission set",
        change: (c) => {
            asSso({ permissionSet: "LogReader" })(c);
            c.sources.people = { kind: "sso-permission-set", permissionSet: "LogReader" };
        },
        messages: [
            'sources.people.permissionSet = "LogReader": expected a permission set no other source names (source log-shipper stands for its roles already)',
        ],
    },
    {
        rule: "a trusted permission set's pattern must not also match a known permission set whose name extends it with _",
        change: (c) => {
            asSso({ permissionSet: "Admin" })(c);
            c.sources.admins = { kind: "sso-permission-set", permissionSet: "Admin_Full" };
        },
        messages: [
            'sources.log-shipper.permissionSet = "Admin": expected a permission set whose trust pattern AWSReservedSSO_Admin_* does not also match the roles of permission set Admin_Full (its roles are AWSReservedSSO_Admin_Full_<suffix>); rename one of them',
        ],
    },
];
