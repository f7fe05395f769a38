/**
 * A stand-in for AWS on 127.0.0.1: STS (query protocol) and CloudWatch Logs (JSON), answering as
 * configured, the way AWS does when access is denied. For verify's failure paths, without moto.
 */
import * as http from "http";
import * as net from "net";
import { ACCOUNT_A } from "./harness";

/** How the stand-in answers: who the caller's own keys are, and whether AssumeRole and the logs probe are allowed. */
export interface FakeAnswers {
    callerArn: string;
    callerAccount: string;
    assumeRole: "denied" | "ok";
    logs: "denied" | "ok";
    /** Role ARNs whose AssumeRole is denied even when `assumeRole` is "ok" (a role of one account out of several). @default [] */
    deniedRoleArns?: string[];
}

/** A running stand-in: its URL, and close(). */
export interface FakeAws {
    url: string;
    close: () => void;
}

/** Starts the stand-in on a free loopback port. */
export async function startFakeAws(answers: FakeAnswers): Promise<FakeAws> {
    const server = await fakeAws(answers);
    return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, close: () => server.close() };
}

function fakeAws(answers: FakeAnswers): Promise<http.Server> {
    const sts = (body: string) => `<${body.split(">")[0].slice(1)} xmlns="https://sts.amazonaws.com/doc/2011-06-15/">${body.slice(body.indexOf(">") + 1)}`;
    let assumedRole = "";
    let assumedAccount = ACCOUNT_A;
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
            const target = String(req.headers["x-amz-target"] ?? "");
            if (target.startsWith("Logs_")) {
                if (answers.logs === "denied") {
                    res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
                    res.end(JSON.stringify({ __type: "AccessDeniedException", message: "User is not authorized to perform: logs:FilterLogEvents" }));
                } else {
                    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
                    res.end(JSON.stringify({ events: [] }));
                }
                return;
            }
            const action = new URLSearchParams(body).get("Action");
            const sessionKeys = req.headers.authorization?.includes("ASIAFAKESESSION") ?? false;
            res.setHeader("content-type", "text/xml");
            if (action === "GetCallerIdentity") {
                const [arn, account] = sessionKeys
                    ? [`arn:aws:sts::${assumedAccount}:assumed-role/${assumedRole}/cross-account-verify`, assumedAccount]
                    : [answers.callerArn, answers.callerAccount];
                res.end(
                    sts(
                        `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROAFAKE:s</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
                    ),
                );
            } else if (
                action === "AssumeRole" &&
                answers.assumeRole === "ok" &&
                !(answers.deniedRoleArns ?? []).includes(new URLSearchParams(body).get("RoleArn") ?? "")
            ) {
                const roleArn = new URLSearchParams(body).get("RoleArn") ?? "";
                assumedRole = roleArn.split("/").pop() ?? "";
                // The session acts in the role's account (the tests' roles of account A: ACCOUNT_A).
                assumedAccount = /^arn:[\w-]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? ACCOUNT_A;
                res.end(
                    sts(
                        `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKESESSION00001</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>x</Arn><AssumedRoleId>AROAFAKE:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
                    ),
                );
            } else {
                res.statusCode = 403;
                const role = new URLSearchParams(body).get("RoleArn") ?? "";
                res.end(
                    sts(
                        `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: ${answers.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${role}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
                    ),
                );
            }
        });
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
