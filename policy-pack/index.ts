/**
 * CrossGuard policy pack for cross-account IAM: `pulumi preview --policy-pack policy-pack`.
 * The rules live in rules.ts; this file only serves them to the Pulumi engine (`new PolicyPack`
 * starts the engine's gRPC analyzer server, so tests import rules.ts, never this file).
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("cross-account-iam", {
    description: "Guardrails for roles trusted across AWS accounts and for the principals allowed to assume them.",
    enforcementLevel: "mandatory",
    policies,
});
