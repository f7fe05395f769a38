/**
 * The per-resource floor of `npm run bench` (tools/bench/per-resource.ts): a minimal plain-JavaScript
 * Pulumi program that declares a given list of resources and nothing else. No config reading, no policy
 * building, no validation, no outputs unless given: `new <Class>(name, inputs)` for each AWS resource, a
 * ComponentResource for each component, a StackReference where the real program reads one. What is left
 * is what the Pulumi SDK itself spends per resource under setMocks.
 *
 * Plain JavaScript on purpose (no transpiler, no source maps), required as it is.
 */
"use strict";
const pulumi = require("@pulumi/pulumi");
const cloudwatch = require("@pulumi/aws/cloudwatch");
const iam = require("@pulumi/aws/iam");

/** The resource classes by type token; a type the program starts to declare must be added here. */
const CLASSES = {
    "aws:cloudwatch/logGroup:LogGroup": cloudwatch.LogGroup,
    "aws:iam/group:Group": iam.Group,
    "aws:iam/groupPolicy:GroupPolicy": iam.GroupPolicy,
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": iam.GroupPolicyAttachment,
    "aws:iam/instanceProfile:InstanceProfile": iam.InstanceProfile,
    "aws:iam/policy:Policy": iam.Policy,
    "aws:iam/role:Role": iam.Role,
    "aws:iam/rolePolicy:RolePolicy": iam.RolePolicy,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": iam.RolePolicyAttachment,
    "aws:iam/user:User": iam.User,
    "aws:iam/userPolicy:UserPolicy": iam.UserPolicy,
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": iam.UserPolicyAttachment,
};

/**
 * A program (for tools/shared/mock-runtime.ts renderStack) declaring `resources` as recorded from a render:
 * `{ type, name, inputs }`, the stack itself left out. A resource named `<component>-...` gets that
 * component as its parent (Pulumi's naming convention for children), so URNs nest as in the real program.
 * `stackReference`, when given, is read as the target stack reads the source stack. `outputs`, when given,
 * are returned as the stack's outputs (plain values, as the real program's resolved to), so the SDK's cost
 * of the outputs is in the floor too; without them the floor has none.
 */
function floorProgram(resources, stackReference, outputs) {
    const declared = resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    for (const r of declared) {
        if (r.type.startsWith("aws:") && !(r.type in CLASSES)) throw new Error(`floor-program.js: no class for ${r.type}; add it to CLASSES`);
    }
    const componentNames = declared.filter((r) => !r.type.startsWith("aws:")).map((r) => r.name);
    const parentName = (name) =>
        componentNames.filter((c) => name.startsWith(`${c}-`)).reduce((best, c) => (best === undefined || c.length > best.length ? c : best), undefined);
    return async () => {
        if (stackReference !== undefined) new pulumi.StackReference(stackReference);
        const components = new Map();
        for (const r of declared.filter((x) => !x.type.startsWith("aws:"))) {
            const parent = components.get(parentName(r.name));
            components.set(r.name, new pulumi.ComponentResource(r.type, r.name, {}, { parent }));
        }
        for (const r of declared.filter((x) => x.type.startsWith("aws:"))) {
            new CLASSES[r.type](r.name, r.inputs, { parent: components.get(parentName(r.name)) });
        }
        for (const c of components.values()) c.registerOutputs({});
        return outputs ?? {};
    };
}

module.exports = { floorProgram, CLASSES };
