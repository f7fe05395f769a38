/** Who may use a source role of account B: the one AWS service it runs on. Pure. */
import { sidFragment } from "../iam/documents";
import { SERVICE_PRINCIPALS } from "../iam/limits";
import type { PolicyDocument } from "../model/policy";

/** Trust policy of B's source role: only the configured AWS service may assume it. */
export function sourceServiceTrustPolicy(service: keyof typeof SERVICE_PRINCIPALS): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: `Allow${sidFragment(service)}ToAssume`,
                Effect: "Allow",
                Principal: { Service: SERVICE_PRINCIPALS[service] },
                Action: "sts:AssumeRole",
            },
        ],
    };
}
