/**
 * `npm run verify`, pure explanations: what each failure of AssumeRole, of the caller's own
 * credentials or of a probe most likely means, and what to run about it.
 */
import { strict as assert } from "assert";
import { errorInfo, explainAssumeRoleFailure, explainCallerFailure, explainProbeFailure } from "../../tools/verify/explain";
import { REQUEST_TARGET } from "../../tools/verify/request-target";
import { planProbes } from "../../tools/verify/probes";
import { ACCOUNT_B, READER, SHIPPER } from "../support/harness";
import { SHIPPER_SESSION, readerRole } from "../support/verify";

describe("verify: explanations (pure)", () => {
    const base = {
        roleName: "log-reader",
        role: readerRole(),
        caller: { arn: SHIPPER_SESSION, account: ACCOUNT_B },
        sourceAccountId: ACCOUNT_B,
        match: { trust: readerRole().trustedSources[0], how: "exact" as const },
        sentExternalId: false,
        sentMfa: false,
        sentSourceIdentity: false,
    };
    const denied = { code: "AccessDenied", message: "not authorized to perform: sts:AssumeRole" };

    it("AccessDenied for a named caller: B's principal recreated (run pulumi up -s account-a again), B's grant, or no such role", () => {
        assert.deepEqual(explainAssumeRoleFailure(denied, base), [
            "account B's role log-shipper was recreated after account-a was deployed, so A's trust policy points at the dead unique id of the old one: run `pulumi up -s account-a` again",
            "account B does not grant sts:AssumeRole on arn:aws:iam::111111111111:role/cross-account/log-reader to the caller (account-b not deployed or outdated): run `pulumi up -s account-b`, then `pulumi up -s account-a`",
            "the role does not exist (STS answers AccessDenied for an unknown role): account-a is not deployed, or it was deployed to another account than 111111111111",
        ]);
    });

    it("AccessDenied from another account: wrong profile or credentials", () => {
        const lines = explainAssumeRoleFailure(denied, {
            ...base,
            caller: { arn: "arn:aws:iam::999999999999:user/me", account: "999999999999" },
            match: undefined,
        });
        assert.equal(
            lines[0],
            "your credentials are in account 999999999999, but log-reader trusts account B 222222222222: wrong profile or credentials? (--profile, AWS_PROFILE)",
        );
    });

    it("AccessDenied for a caller the trust does not name, or without the ExternalId / MFA the trust requires", () => {
        const other = { arn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/other/s`, account: ACCOUNT_B };
        assert.equal(
            explainAssumeRoleFailure(denied, { ...base, caller: other, match: undefined })[0],
            `the trust policy does not name the caller ${other.arn}; it trusts ${SHIPPER}: wrong profile or credentials?`,
        );
        const strict = { ...readerRole().trustedSources[0], externalId: true, mfaMaxAgeSeconds: 900 };
        assert.deepEqual(explainAssumeRoleFailure(denied, { ...base, match: { trust: strict, how: "exact" } }).slice(0, 2), [
            "the trust requires an ExternalId and none was sent: read the outputs with --show-secrets",
            "the trust requires MFA and none was sent: pass --mfa-serial and --token-code",
        ]);
    });

    it("AccessDenied for a caller named by an existing source in principal mode: its principal recreated, no diff forced, so change the trust or use principal-arn", () => {
        const ci = {
            source: "ci",
            kind: "existing" as const,
            principalArns: [`arn:aws:iam::${ACCOUNT_B}:user/ops/alice`, `arn:aws:iam::${ACCOUNT_B}:role/deploy/ci-deployer`],
            externalId: false,
        };
        const ctx = {
            ...base,
            role: readerRole({ trustedSources: [ci] }),
            caller: { arn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/ci-deployer/build-42`, account: ACCOUNT_B },
            match: { trust: ci, how: "exact" as const },
        };
        const notGranted = `account B does not grant sts:AssumeRole on ${READER} to the caller (account-b not deployed or outdated): run \`pulumi up -s account-b\`, then \`pulumi up -s account-a\``;
        const noRole =
            "the role does not exist (STS answers AccessDenied for an unknown role): account-a is not deployed, or it was deployed to another account than 111111111111";
        assert.deepEqual(explainAssumeRoleFailure(denied, ctx), [
            "account B's role arn:aws:iam::222222222222:role/deploy/ci-deployer (existing source ci) was recreated after account-a was deployed, so A's trust policy points at the dead unique id of the old one; account-b exports no unique id for an existing source, so `pulumi up -s account-a` alone sees no diff: run `pulumi up -s account-a --refresh` (the refresh reads back the dead id, so the update re-writes the trust), or set `trustMode: principal-arn` on log-reader",
            notGranted,
            noRole,
        ]);
        // principal-arn mode trusts the ARN, not the unique id: a recreated principal is not a cause.
        assert.deepEqual(explainAssumeRoleFailure(denied, { ...ctx, role: readerRole({ trustMode: "principal-arn", trustedSources: [ci] }) }), [
            notGranted,
            noRole,
        ]);
    });

    it("an endpoint that cannot be reached is named with the setting that chose it, and never blamed on credentials", () => {
        assert.equal(
            explainCallerFailure({
                code: "ENOTFOUND",
                message: "getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com",
                target: { service: "STS", url: "https://sts.eu-west-1.amazonaws.com" },
            }),
            "could not reach STS at https://sts.eu-west-1.amazonaws.com: host name not found (DNS). A network or endpoint problem, not your credentials: check --region, and that the endpoint is up and reachable from here (network, VPN, proxy, firewall); for an AWS-compatible endpoint, pass --endpoint-url",
        );
        assert.equal(
            explainCallerFailure({
                code: "TimeoutError",
                message: "socket timed out",
                target: { service: "STS", url: "http://10.0.0.5:4566", setBy: "AWS_ENDPOINT_URL_STS" },
            }),
            "could not reach STS at http://10.0.0.5:4566 (AWS_ENDPOINT_URL_STS): no answer in time (timeout). A network or endpoint problem, not your credentials: check AWS_ENDPOINT_URL_STS (or pass --endpoint-url), and that the endpoint is up and reachable from here (network, VPN, proxy, firewall)",
        );
        assert.equal(
            explainAssumeRoleFailure(
                { code: "ECONNRESET", message: "socket hang up", target: { service: "STS", url: "http://127.0.0.1:5000", setBy: "--endpoint-url" } },
                base,
            )[0],
            "could not reach STS at http://127.0.0.1:5000 (--endpoint-url): connection reset. A network or endpoint problem, not your credentials: check --endpoint-url, and that the endpoint is up and reachable from here (network, VPN, proxy, firewall)",
        );
        assert.equal(
            explainCallerFailure({ code: "InvalidClientTokenId", message: "The security token included in the request is invalid." }),
            "no usable credentials for account B: pass --profile, set AWS_PROFILE, or sign in (aws sso login); check --endpoint-url and --region",
        );
        assert.equal(
            explainCallerFailure({ code: "UnknownError", message: "404", target: { service: "STS", url: "http://127.0.0.1:8080", setBy: "--endpoint-url" } }),
            "unexpected answer from STS at http://127.0.0.1:8080 (--endpoint-url): check that the endpoint is an AWS-compatible one (--endpoint-url, AWS_ENDPOINT_URL) and --region, then your credentials (--profile, AWS_PROFILE)",
        );
    });

    it("reads the code, message and request target of a thrown error", () => {
        const e = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
            code: "ECONNREFUSED",
            [REQUEST_TARGET]: { service: "STS", url: "http://127.0.0.1:1" },
        });
        assert.deepEqual(errorInfo(e), {
            code: "ECONNREFUSED",
            message: "connect ECONNREFUSED 127.0.0.1:1",
            target: { service: "STS", url: "http://127.0.0.1:1" },
        });
    });

    it("NoSuchEntity: account-a not deployed, or deployed to another account", () => {
        assert.deepEqual(explainAssumeRoleFailure({ code: "NoSuchEntity", message: "Role not found" }, base), [
            "role arn:aws:iam::111111111111:role/cross-account/log-reader does not exist: account-a is not deployed (pulumi up -s account-a), or it was deployed to another account than targetAccountId",
        ]);
    });

    it("a denied probe names the preset that does not cover it; a missing resource says so", () => {
        const probe = planProbes(readerRole())[0];
        assert.equal(
            explainProbeFailure({ code: "AccessDeniedException", message: "no" }, probe),
            "logs:FilterLogEvents on /app/cron was denied: the role's logsRead preset does not cover it (or a permissions boundary or SCP denies it); add /app/cron to permissions.logsRead and run `pulumi up -s account-a`",
        );
        assert.equal(
            explainProbeFailure({ code: "ResourceNotFoundException", message: "no" }, probe),
            "/app/cron does not exist in account A (eu-west-1): create it, or fix its name in permissions.logsRead (or set logsRead.create: true to have account-a create it)",
        );
    });
});
