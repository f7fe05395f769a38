/** Who may use a source role of account B: the one AWS service it runs on. Pure. */
import { sidFragment } from "../iam/documents";
import { SERVICES_WITH_SOURCE_ACCOUNT, SERVICE_PRINCIPALS } from "../iam/limits";
import type { PolicyDocument } from "../model/policy";

/**
 * Trust policy of B's source role: only the configured AWS service may assume it, and, for the services
 * that say for whom they act (Lambda, ECS tasks), only on behalf of B's own account (`aws:SourceAccount`):
 * the confused-deputy guard AWS recommends, so another account's function or task cannot be given this
 * role. `aws:SourceArn` would pin one function or task, but they are not created here and one role often
 * serves several, so the account is the exact thing this program knows.
 */
export function sourceServiceTrustPolicy(service: keyof typeof SERVICE_PRINCIPALS, sourceAccountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: `Allow${sidFragment(service)}ToAssume`,
                Effect: "Allow",
                Principal: { Service: SERVICE_PRINCIPALS[service] },
                Action: "sts:AssumeRole",
                ...(SERVICES_WITH_SOURCE_ACCOUNT.has(service) ? { Condition: { StringEquals: { "aws:SourceAccount": sourceAccountId } } } : {}),
            },
        ],
    };
}
