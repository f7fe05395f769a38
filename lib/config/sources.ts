/** `sources.<key>`: the principals of account B. */
import { IAM_LIMITS } from "../iam/limits";
import { IAM_NAME_PATTERN, PRINCIPAL_ARN_PATTERN } from "../iam/patterns";
import { SERVICES, SOURCE_KINDS } from "../model/config";
import type { SourceSpec } from "../model/config";
import { keyPath } from "../names";
import { ConfigProblems, ObjectReader } from "./reader";
import { DESCRIPTION_RULE, PATH_RULE, POLICY_ARN_RULE, readTags } from "./rules";

export function readSources(
    r: ObjectReader | undefined,
    raw: unknown,
    sourceAccountId: string | undefined,
    partition: string,
    problems: ConfigProblems,
): SourceSpec[] {
    if (!r) {
        if (raw === undefined)
            problems.addRule("sources", "not set; expected at least one principal of account B, e.g. { log-shipper: { kind: service-role, service: ec2 } }");
        return [];
    }
    const out: SourceSpec[] = [];
    const entries = Object.entries(r.value);
    if (entries.length === 0) problems.add("sources", r.value, "at least one principal of account B");
    for (const [key] of entries) {
        const s = r.object(key);
        if (!s) {
            // YAML `key:` with nothing after it is null: say so rather than drop the source.
            if (r.value[key] === null) problems.add(keyPath(r.key, key), null, "an object such as { kind: service-role, service: ec2 }");
            continue;
        }
        const kind = s.enumValue("kind", SOURCE_KINDS) ?? (s.has("kind") ? undefined : "service-role");
        if (!kind) continue;
        const nameOpt = (max: number) => ({
            pattern: IAM_NAME_PATTERN,
            min: 1,
            max,
            expected: `an IAM name of 1 to ${max} characters from [A-Za-z0-9+=,.@_-]`,
        });
        const boundary = () => s.string("permissionsBoundary", POLICY_ARN_RULE);
        const keyAsName = (max: number) => {
            if (s.has("name")) return s.string("name", nameOpt(max));
            if (!IAM_NAME_PATTERN.test(key) || key.length > max) {
                problems.add(
                    keyPath(s.key, "name"),
                    key,
                    `an IAM name of 1 to ${max} characters from [A-Za-z0-9+=,.@_-] (defaults to the source key, which is not one)`,
                );
                return undefined;
            }
            return key;
        };
        switch (kind) {
            case "service-role": {
                s.allowOnly(["kind", "service", "name", "path", "description", "permissionsBoundary", "tags"]);
                const name = keyAsName(IAM_LIMITS.roleNameLength);
                const service = s.enumValue("service", SERVICES) ?? (s.has("service") ? undefined : "ec2");
                const path = s.string("path", PATH_RULE) ?? "/";
                const description = s.string("description", DESCRIPTION_RULE);
                const tags = readTags(s);
                if (name && service) out.push({ kind, key, name, path, service, description, permissionsBoundary: boundary(), tags });
                break;
            }
            case "user": {
                s.allowOnly(["kind", "name", "path", "permissionsBoundary", "tags"]);
                const name = keyAsName(IAM_LIMITS.userNameLength);
                const path = s.string("path", PATH_RULE) ?? "/";
                const tags = readTags(s);
                if (name) out.push({ kind, key, name, path, permissionsBoundary: boundary(), tags });
                break;
            }
            case "group": {
                s.allowOnly(["kind", "name", "path"]);
                const name = keyAsName(IAM_LIMITS.groupNameLength);
                const path = s.string("path", PATH_RULE) ?? "/";
                if (name) out.push({ kind, key, name, path });
                break;
            }
            case "existing": {
                s.allowOnly(["kind", "arns"]);
                if (!s.has("arns")) problems.addRule(keyPath(s.key, "arns"), "not set; expected a list of IAM role or user ARNs of account B");
                const arns = s.stringList("arns", {
                    pattern: PRINCIPAL_ARN_PATTERN,
                    nonEmpty: true,
                    expected:
                        "an exact IAM role or user ARN such as arn:aws:iam::222222222222:role/ci (no * or ?: a wildcard would trust every matching principal)",
                });
                if (arns) {
                    arns.forEach((arn, i) => {
                        const account = PRINCIPAL_ARN_PATTERN.exec(arn)?.[1];
                        if (sourceAccountId && account !== sourceAccountId) {
                            problems.add(keyPath(keyPath(s.key, "arns"), i), arn, `a principal of sourceAccountId ${sourceAccountId}`);
                        } else if (!arn.startsWith(`arn:${partition}:`)) {
                            problems.add(keyPath(keyPath(s.key, "arns"), i), arn, `an ARN in partition ${partition}`);
                        }
                    });
                    out.push({ kind, key, arns });
                }
                break;
            }
            case "account-root": {
                s.allowOnly(["kind"]);
                out.push({ kind, key });
                break;
            }
        }
    }
    return out;
}
