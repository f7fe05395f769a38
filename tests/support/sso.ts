/** An `sso-permission-set` config for the tests: people with permission set LogReader may assume log-reader. */
import { ACCOUNT_B, ConfigObject, baseConfig } from "./harness";

export const INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef";
export const PERMISSION_SET = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef";
export const SSO_PATH = `arn:aws:iam::${ACCOUNT_B}:role/aws-reserved/sso.amazonaws.com`;

/** `writes`: account B is Identity Center's administration account and writes the permission set's inline policy. */
export function ssoConfig(opts: { writes?: boolean; account?: string } = {}): ConfigObject {
    return {
        ...baseConfig(),
        identityCenter: {
            startUrl: "https://acme.awsapps.com/start",
            region: "eu-west-1",
            ...(opts.account !== undefined ? { account: opts.account } : {}),
            ...(opts.writes ? { account: ACCOUNT_B, instanceArn: INSTANCE, permissionSets: { LogReader: PERMISSION_SET } } : {}),
        },
        sources: { people: { kind: "sso-permission-set", permissionSet: "LogReader" } },
        targetRoles: { "log-reader": { path: "/cross-account/", trustedSources: ["people"], permissions: { logsRead: { logGroups: ["/app/cron"] } } } },
    };
}
