/** Which service and endpoint a failed AWS call went to: tools/verify/aws.ts records it, explain.ts reads it. */

/** The services verify calls, by the SDK's service id (which names their AWS_ENDPOINT_URL_<SERVICE> variable). */
export type ServiceId = "STS" | "CloudWatch Logs" | "DynamoDB" | "S3";

/** Where a failed call was sent: tools/verify/aws.ts puts it on the error it rethrows, under REQUEST_TARGET. */
export interface RequestTarget {
    service: ServiceId;
    /** The origin of the last request the SDK built (else the configured endpoint); undefined when none is known. */
    url?: string;
    /** `--endpoint-url`, or the environment variable that chose the endpoint; undefined for the profile's or AWS's own. */
    setBy?: string;
}

/** The property of a thrown error that holds its RequestTarget. */
export const REQUEST_TARGET = "verifyRequestTarget";
