/**
 * AWS CLI profile names of the client snippets: one `[profile NAME]` per target role.
 *
 * A person's snippet points `source_profile` at the profile that holds their own credentials in
 * account B, named after the source key. A role profile of the same name would replace those
 * credentials when pasted (and then sign as the wrong principal), and two roles sharing a name would
 * replace each other. So a profile name never equals a source profile the snippets of any role name,
 * nor `default`, nor another role's profile name. Pure and deterministic: the same roles and trusted
 * sources give the same names, and a role named after itself keeps that name until a source profile
 * of that name appears.
 */

/**
 * What the AWS CLI can use as a profile name everywhere the snippets put one: in `[profile NAME]`
 * (no spaces, brackets, `#` or `;`), after `--profile` (no leading "-", which argparse would read as
 * an option) and in a shell word (no quoting needed).
 */
export const PROFILE_NAME_PATTERN = /^[\w+=,.@][\w+=,.@-]{0,63}$/;

/** The config rule for a configured profile name (`targetRoles.<name>.profileName`). */
export const PROFILE_NAME_RULE = {
    pattern: PROFILE_NAME_PATTERN,
    expected: 'an AWS CLI profile name of 1 to 64 characters from [A-Za-z0-9+=,.@_-], not starting with "-" (the AWS CLI would read it as an option)',
};

/** The AWS CLI's own default profile (`[default]`, also spelt `[profile default]`): never a role's. */
export const DEFAULT_PROFILE = "default";

/** Suffix of a profile name derived from a role name that cannot be used as it is. */
export const DERIVED_PROFILE_SUFFIX = "-role";

export interface ProfileNameRequest {
    /** The target role's name; with named accounts, `<role>@<account>` (one profile per account the role is deployed to). */
    role: string;
    /** The name tried first, and the base of a derived one. @default the role name; with named accounts `<account>-<role>` */
    defaultName?: string;
    /** A name configured for the role's profile; used as it is or reported, never changed. */
    configured?: string;
    /** The `source_profile` names of the role's snippets: the keys of its trusted sources that sign in with a profile. */
    sourceProfiles: readonly string[];
}

/** Whether callers of a source sign in with a profile of their own (`source_profile`): all but AWS services. */
export function signsInWithProfile(kind: string): boolean {
    return kind !== "service-role";
}

/**
 * The requests for `pickProfileNames` with named accounts: one per role and account it is deployed to,
 * identified as `<role>@<account>` (no account name holds "@"), named `<account>-<role>` by default and
 * `<account>-<profileName>` when one is configured, so profiles of one role in several accounts never
 * replace each other when pasted into one ~/.aws/config.
 */
export function accountProfileNameRequests(
    roles: ReadonlyArray<{ name: string; accounts: readonly string[]; profileName?: string; trustedSources: ReadonlyArray<{ source: string }> }>,
    sources: ReadonlyArray<{ key: string; kind: string }>,
): ProfileNameRequest[] {
    const plain = profileNameRequests(roles, sources);
    return roles.flatMap((r, i) =>
        r.accounts.map((account) => ({
            role: profileIdentity(r.name, account),
            defaultName: `${account}-${r.name}`,
            configured: r.profileName === undefined ? undefined : `${account}-${r.profileName}`,
            sourceProfiles: plain[i].sourceProfiles,
        })),
    );
}

/** The key of a role's profile with named accounts: `<role>@<account>`. */
export function profileIdentity(role: string, account: string): string {
    return `${role}@${account}`;
}

/** The requests for `pickProfileNames` from the roles and sources of a config (any shape that has these fields). */
export function profileNameRequests(
    roles: ReadonlyArray<{ name: string; profileName?: string; trustedSources: ReadonlyArray<{ source: string }> }>,
    sources: ReadonlyArray<{ key: string; kind: string }>,
): ProfileNameRequest[] {
    const withProfile = new Set(sources.filter((s) => signsInWithProfile(s.kind)).map((s) => s.key));
    return roles.map((r) => ({
        role: r.name,
        configured: r.profileName,
        sourceProfiles: r.trustedSources.map((t) => t.source).filter((k) => withProfile.has(k)),
    }));
}

export interface PickedProfileName {
    name: string;
    /** Why the profile is not named after the role, when it was derived (for a note); unset otherwise. */
    renamedBecause?: string;
}

/** A configured name that cannot be used: `value` and what is expected instead, as a config message says it. */
export interface ProfileNameConflict {
    role: string;
    value: string;
    expected: string;
}

/**
 * Picks one profile name per role.
 * 1. A configured name is kept, or reported as a conflict when it breaks PROFILE_NAME_PATTERN, is a
 *    source profile, `default`, or another role's configured name (the first role in order keeps it).
 * 2. A role without one is named after itself when that name is free: not a source profile, not
 *    `default`, not configured for another role, not starting with "-".
 * 3. Every other role gets `<role>-role` (`role-x` for a role `-x`), then with `-2`, `-3`, ... : the
 *    first name free of everything above and of the names already picked, in role order.
 * Source profiles are those of every role: pasting role R's profile must not replace the credentials
 * profile that role S's snippet signs in with either.
 */
export function pickProfileNames(roles: readonly ProfileNameRequest[]): { picked: Map<string, PickedProfileName>; conflicts: ProfileNameConflict[] } {
    const sourceProfiles = new Set(roles.flatMap((r) => r.sourceProfiles));
    const picked = new Map<string, PickedProfileName>();
    const conflicts: ProfileNameConflict[] = [];
    const owner = new Map<string, string>();
    const reservedBecause = (name: string): string | undefined => {
        if (name === DEFAULT_PROFILE) return `"${DEFAULT_PROFILE}" is your default profile`;
        if (sourceProfiles.has(name)) return `"${name}" is the source_profile of source ${name} (your own credentials in account B)`;
        return undefined;
    };

    for (const { role, configured } of roles) {
        if (configured === undefined) continue;
        const other = owner.get(configured);
        if (!PROFILE_NAME_PATTERN.test(configured)) {
            conflicts.push({ role, value: configured, expected: PROFILE_NAME_RULE.expected });
        } else if (configured === DEFAULT_PROFILE) {
            conflicts.push({ role, value: configured, expected: "a profile name other than default (pasting the profile would replace your default profile)" });
        } else if (sourceProfiles.has(configured)) {
            conflicts.push({
                role,
                value: configured,
                expected: `a profile name other than ${configured}, the source_profile of source ${configured} (pasting the profile would replace your own credentials profile)`,
            });
        } else if (other !== undefined) {
            conflicts.push({ role, value: configured, expected: `a profile name no other role uses (role ${other} has ${configured})` });
        } else {
            owner.set(configured, role);
            picked.set(role, { name: configured });
        }
    }

    const unnamed: Array<{ role: string; first: string; because: string }> = [];
    for (const { role, configured, defaultName } of roles) {
        if (configured !== undefined) continue;
        const first = defaultName ?? role;
        const because = first.startsWith("-")
            ? `a profile name starting with "-" would be read as an option by the AWS CLI`
            : (reservedBecause(first) ?? (owner.has(first) ? `"${first}" is the profile name configured for role ${owner.get(first)}` : undefined));
        if (because === undefined) {
            owner.set(first, role);
            picked.set(role, { name: first });
        } else unnamed.push({ role, first, because });
    }

    for (const { role, first, because } of unnamed) {
        const base = first.startsWith("-") ? `role${first}` : `${first}${DERIVED_PROFILE_SUFFIX}`;
        let name = base;
        for (let n = 2; reservedBecause(name) !== undefined || owner.has(name); n++) name = `${base}-${n}`;
        owner.set(name, role);
        picked.set(role, { name, renamedBecause: because });
    }
    return { picked, conflicts };
}
