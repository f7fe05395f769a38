/**
 * CloudFormation templates as typed plain objects: what lib/stacksets/ builds and the StackSet component deploys.
 * Only the parts this program writes. Types only.
 */
import type { PolicyDocument } from "./policy";

/** `{ "Fn::Sub": "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:..." }`: pseudo parameters filled in per stack instance. */
export interface CfnSub {
    "Fn::Sub": string;
}
/** `{ "Ref": "AWS::Region" }` */
export interface CfnRef {
    Ref: string;
}
export interface CfnGetAtt {
    "Fn::GetAtt": [string, string];
}

/** A value of a plain object in which any string may instead be an intrinsic function that yields one. */
export type WithIntrinsics<T> = T extends string
    ? string | CfnSub | CfnRef
    : T extends ReadonlyArray<infer U>
      ? Array<WithIntrinsics<U>>
      : T extends object
        ? { [K in keyof T]: WithIntrinsics<T[K]> }
        : T;

/** A policy document in a template: ARNs of the account a stack instance runs in are `Fn::Sub` strings. */
export type TemplatePolicyDocument = WithIntrinsics<PolicyDocument>;

/** The properties of `AWS::IAM::Role` this program sets. */
export interface IamRoleProperties {
    RoleName: string;
    Path: string;
    Description?: string;
    AssumeRolePolicyDocument: TemplatePolicyDocument;
    Policies?: Array<{ PolicyName: string; PolicyDocument: TemplatePolicyDocument }>;
    ManagedPolicyArns?: string[];
    MaxSessionDuration: number;
    PermissionsBoundary?: string;
    Tags?: Array<{ Key: string; Value: string }>;
}

export interface IamRoleResource {
    Type: "AWS::IAM::Role";
    Properties: IamRoleProperties;
}

export interface CloudFormationTemplate {
    AWSTemplateFormatVersion: "2010-09-09";
    Description: string;
    Resources: Record<string, IamRoleResource>;
    Outputs: Record<string, { Description: string; Value: CfnGetAtt }>;
}
