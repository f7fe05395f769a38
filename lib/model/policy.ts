/** IAM policy documents as typed plain objects: what every builder in lib/policies/ returns. Types only. */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: { AWS?: string | string[]; Service?: string | string[]; Federated?: string | string[] } | "*";
    Action: string | string[];
    Resource?: string | string[];
    Condition?: ConditionBlock;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}
