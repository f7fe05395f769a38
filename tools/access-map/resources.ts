/**
 * Resource nodes: which thing a statement's `Resource` pattern is about (a log group, a table, a
 * bucket, "any resource"), and the short form a reviewer reads (`table/orders`, `acme-exports/*`). Pure.
 */

/** A node of the resource tier. */
export interface ResourceRef {
    /** The thing itself: a log group, table or bucket ARN without stream / backup / object suffix; `*@<account>` for `*`. */
    id: string;
    account: string;
    /** `log-group:/app/audit`, `table/orders`, `bucket acme-audit-exports`, `any resource (*)`. */
    label: string;
    service: string;
}

const ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/;

/** The node a resource pattern belongs to. `account` stands in where the ARN has none (S3, `*`). */
export function resourceRef(resource: string, account: string): ResourceRef {
    if (resource === "*") return { id: `*@${account}`, account, label: "any resource (*)", service: "*" };
    const m = ARN.exec(resource);
    if (!m) return { id: resource, account, label: resource, service: "" };
    const [, partition, service, region, arnAccount, rest] = m;
    const owner = arnAccount || account;
    const prefix = `arn:${partition}:${service}:${region}:${arnAccount}:`;
    if (service === "logs") {
        const g = /^log-group:([^:]+)/.exec(rest);
        if (g) return { id: `${prefix}log-group:${g[1]}`, account: owner, label: `log-group:${g[1]}`, service };
    }
    if (service === "dynamodb") {
        const t = /^table\/([^/]+)/.exec(rest);
        if (t) return { id: `${prefix}table/${t[1]}`, account: owner, label: `table/${t[1]}`, service };
    }
    if (service === "s3" && !region && !arnAccount) {
        const bucket = rest.split("/")[0];
        return { id: `${prefix}${bucket}`, account: owner, label: `bucket ${bucket}`, service };
    }
    return { id: resource, account: owner, label: rest || resource, service };
}

/** A resource pattern as a line shows it: without `arn:...:<account>:` when it is in `account` (S3: the bucket and key). */
export function shortResource(resource: string, account: string): string {
    const m = ARN.exec(resource);
    if (!m) return resource;
    const [, , , , arnAccount, rest] = m;
    return arnAccount === "" || arnAccount === account ? rest : resource;
}

/** The resource node a rendered AWS resource stands for, by type and name (a log group, a table, a bucket); undefined for others. */
export function renderedResourceLabel(type: string, inputs: Record<string, unknown>): string | undefined {
    const name = typeof inputs.name === "string" ? inputs.name : undefined;
    if (type === "aws:cloudwatch/logGroup:LogGroup" && name) return `log-group:${name}`;
    if (type === "aws:dynamodb/table:Table" && name) return `table/${name}`;
    if (type.startsWith("aws:s3/bucket") && typeof inputs.bucket === "string") return `bucket ${inputs.bucket}`;
    return undefined;
}
