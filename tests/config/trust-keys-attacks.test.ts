/**
 * The trust conditions principalTags, principalOrgPaths and roleSessionName, attacked: a wildcard where a value is
 * exact, an empty map or list, __proto__, case twins, a huge value, a missing value, a wrong type. Each case is one
 * rule with its exact messages, checked purely and through the program under mocks (tests/support/bad-config.ts).
 */
import { BadCase, rejectsEach } from "../support/bad-config";

export const TRUST_KEY_CASES: BadCase[] = [
    {
        rule: "principalTags: * in a tag key is refused (a condition key name holds no wildcard)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { "te*m": "data" } };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalTags["te*m"] = "te*m": expected no * or ?: it is part of the condition key aws:PrincipalTag/<key> of account A\'s trust policy, and a condition key name holds no wildcard',
        ],
    },
    {
        rule: "principalTags: * in a value is refused (values are exact)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: "da*" } };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalTags.team = "da*": expected no * or ?: account A\'s trust compares tag values exactly (StringEquals), so a wildcard would only match a principal tagged with that very character; list each value',
        ],
    },
    {
        rule: "principalTags: ? in one value of a list is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: ["data", "d?ta"] } };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalTags.team[1] = "d?ta": expected no * or ?: account A\'s trust compares tag values exactly (StringEquals), so a wildcard would only match a principal tagged with that very character; list each value',
        ],
    },
    {
        rule: "principalTags: an empty map is refused (it would require no tag)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: {} };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.principalTags = {}: expected a map of tag key to the value (or list of values) the caller's tag must have, e.g. { team: data }, with at least one key: {} would require no tag and let every principal through; leave the key out, or write false",
        ],
    },
    {
        rule: "principalTags: an empty list of values is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: [] } };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.principalTags.team = []: expected a non-empty list of tag values: an empty list would require no value of tag team; leave the key out",
        ],
    },
    {
        rule: "principalTags: __proto__ is refused by the map reader, never a prototype",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: JSON.parse('{"__proto__": "x"}') };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.principalTags.__proto__: the name __proto__ cannot be used: JavaScript objects (Pulumi's stack outputs among them) read it as the prototype, so the entry would be dropped without a word; choose another name",
        ],
    },
    {
        rule: "principalTags: two keys that differ only in case are refused (IAM matches them case-insensitively)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: "data", Team: "data" } };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalTags = "team, Team": expected tag keys that differ in more than case (team, Team): IAM matches aws:PrincipalTag/<key> case-insensitively, so they name one tag; keep one',
        ],
    },
    {
        rule: "principalTags: more keys than a principal can carry are refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalTags = "51 keys": expected at most 50 keys: a principal carries at most 50 tags, so no caller could have them all',
        ],
    },
    {
        rule: "principalTags: a huge list of values is bounded by the trust policy quota",
        change: (c) => {
            c.sources["log-shipper"].tags = { team: "v0" };
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: Array.from({ length: 400 }, (_, i) => `v${i}`) } };
        },
        messages: [
            "targetRoles.log-reader: trust policy is 2946 characters; the limit is 2048 (trustPolicySizeLimit; IAM's default ACLSizePerRole quota is 2048, raisable to 4096). Its one trusted source alone is over the limit; raised to 4096, it would fit. Give it fewer condition values (tags, session names, OU paths), or raise the quota and trustPolicySizeLimit",
        ],
    },
    {
        rule: "principalTags: values that no trust of any size could hold say so, and that fewer sources would not help",
        change: (c) => {
            c.sources["log-shipper"].tags = { team: "v0" };
            c.sources["second-shipper"] = { kind: "service-role", service: "ec2", tags: { team: "v0" } };
            c.targetRoles["log-reader"].trustedSources = ["log-shipper", "second-shipper"];
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: Array.from({ length: 800 }, (_, i) => `v${i}`) } };
        },
        messages: [
            "targetRoles.log-reader: trust policy is 5812 characters; the limit is 2048 (trustPolicySizeLimit; IAM's default ACLSizePerRole quota is 2048, raisable to 4096). Even its first trusted source alone is over the limit; raised to 4096, none would. Give it fewer condition values (tags, session names, OU paths), or raise the quota and trustPolicySizeLimit",
        ],
    },
    {
        rule: "principalTags: a tag key of 129 characters is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { ["k".repeat(129)]: "x" } };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalTags.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk = "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...: expected a tag key of 1 to 128 letters, digits, spaces or _.:/=+-@, not starting with "aws:" (AWS reserves it) (length 129)',
        ],
    },
    {
        rule: "principalTags: a key without a value is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: null } };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.principalTags.team = null: expected a tag value of 1 to 256 letters, digits, spaces or _.:/=+-@ (quote a number in YAML), or a list of them: a tag key without a value requires nothing",
        ],
    },
    {
        rule: "principalTags: a list instead of a map is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: ["team"] };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalTags = ["team"]: expected a map of tag key to the value (or list of values) the caller\'s tag must have, e.g. { team: data }',
        ],
    },
    {
        rule: "principalTags: true is refused (it names no tag)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: true };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.principalTags = true: expected a map of tag key to the value (or list of values) the caller's tag must have, e.g. { team: data }; true names no tag",
        ],
    },
    {
        rule: "principalTags: a number value is refused (quote it)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: 42 } };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.principalTags.team = 42: expected a tag value of 1 to 256 letters, digits, spaces or _.:/=+-@ (quote a number in YAML), or a list of them",
        ],
    },
    {
        rule: "principalTags: an aws: key is refused (AWS reserves it)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { "aws:team": "x" } };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalTags["aws:team"] = "aws:team": expected a tag key of 1 to 128 letters, digits, spaces or _.:/=+-@, not starting with "aws:" (AWS reserves it)',
        ],
    },
    {
        rule: "principalTags: a policy variable in a value is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: "${aws:username}" } };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalTags.team = "${aws:username}": expected no ${: it lands in a policy, where IAM reads ${...} as a variable each request fills in (a session tag the caller sets among them), so the policy would not say what is configured',
        ],
    },
    {
        rule: "principalTags: a service role this program creates must carry the tag its trust requires",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: "data" } };
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0] (principalTags inherited from targetRoles.log-reader.trustConditions.principalTags): requires tag team=data on the caller, and this program creates service-role log-shipper without it; add it to sources.log-shipper.tags (e.g. team: data), or the trust refuses its own source",
        ],
    },
    {
        rule: "principalTags: an entry may not add values to the role's",
        change: (c) => {
            c.sources["log-shipper"].tags = { team: "data" };
            c.targetRoles["log-reader"].trustConditions = { principalTags: { team: "data" } };
            c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", principalTags: { team: ["data", "web"] } }];
        },
        messages: [
            'targetRoles.log-reader.trustedSources[0].principalTags.team = ["data","web"]: expected values of the role\'s principalTags.team (data), not web: an entry may only tighten the role\'s trustConditions (principalTags.team); to drop the condition for this source, write it as false (the stack outputs then report it)',
        ],
    },
    {
        rule: "principalOrgPaths: a bare * is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgPaths: ["*"] };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalOrgPaths[0] = "*": expected no * or ?: the program adds the one * of the aws:PrincipalOrgPaths condition, after the final /, and any other wildcard would match accounts of other OUs or organizations',
        ],
    },
    {
        rule: "principalOrgPaths: o-*/* is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgPaths: ["o-*/*"] };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalOrgPaths[0] = "o-*/*": expected no * or ?: the program adds the one * of the aws:PrincipalOrgPaths condition, after the final /, and any other wildcard would match accounts of other OUs or organizations',
        ],
    },
    {
        rule: "principalOrgPaths: the root alone is refused (that is principalOrgId)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/"] };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.principalOrgPaths[0] = \"o-a1b2c3d4e5/r-ab12/\": expected an OU's organization path <org id>/<root id>/<ou id>/ (and up to four child OU ids, each followed by /), e.g. o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/, without a final *: the program adds it; this is the organization's root, every account of it: write principalOrgId instead",
        ],
    },
    {
        rule: "principalOrgPaths: a final * is refused (the program adds it)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalOrgPaths[0] = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*": expected o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/: the program adds the final * itself',
        ],
    },
    {
        rule: "principalOrgPaths: a path must end in / (else its * matches sibling OUs)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111"] };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalOrgPaths[0] = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111": expected an OU\'s organization path <org id>/<root id>/<ou id>/ (and up to four child OU ids, each followed by /), e.g. o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/, without a final *: the program adds it',
        ],
    },
    {
        rule: "principalOrgPaths: an empty list is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgPaths: [] };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.principalOrgPaths = []: expected a non-empty list of OU paths: an empty list would write no condition, which lets every account through; leave the key out, or write false",
        ],
    },
    {
        rule: "principalOrgPaths: duplicates are refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = {
                principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"],
            };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalOrgPaths = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/","o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"]: expected no duplicates (repeated: o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/)',
        ],
    },
    {
        rule: "principalOrgPaths: a path inside another of the list is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = {
                principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/"],
            };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalOrgPaths = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/","o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/"]: expected no path below another of the list: o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/ is inside o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/, which already admits it; remove o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/',
        ],
    },
    {
        rule: "principalOrgPaths: an OU of another root is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-cd34-11111111/"] };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalOrgPaths[0] = "o-a1b2c3d4e5/r-ab12/ou-cd34-11111111/": expected OUs of root r-ab12, whose ids start with ou-ab12-; ou-cd34-11111111 is under another root, so no account has this path',
        ],
    },
    {
        rule: "principalOrgPaths: paths of another organization than principalOrgId are refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgId: "o-zzzzzzzzzz", principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"] };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalOrgPaths = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"]: expected organization paths of principalOrgId o-zzzzzzzzzz, all starting with o-zzzzzzzzzz/, not o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/: a caller is in one organization, so a path of another could never match alongside principalOrgId',
        ],
    },
    {
        rule: "principalOrgPaths: a string instead of a list is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgPaths: "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/" };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalOrgPaths = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/": expected a list of an OU\'s organization path <org id>/<root id>/<ou id>/ (and up to four child OU ids, each followed by /), e.g. o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/, without a final *: the program adds it',
        ],
    },
    {
        rule: "principalOrgPaths: another case of an org id is refused (ids are lowercase)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgPaths: ["o-A1B2C3D4E5/r-ab12/ou-ab12-11111111/"] };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.principalOrgPaths[0] = "o-A1B2C3D4E5/r-ab12/ou-ab12-11111111/": expected an OU\'s organization path <org id>/<root id>/<ou id>/ (and up to four child OU ids, each followed by /), e.g. o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/, without a final *: the program adds it',
        ],
    },
    {
        rule: "principalOrgPaths: more than five OU levels are refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = {
                principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/" + Array.from({ length: 6 }, (_, i) => `ou-ab12-${String(i).repeat(8)}/`).join("")],
            };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.principalOrgPaths[0] = \"o-a1b2c3d4e5/r-ab12/ou-ab12-00000000/ou-ab12-11111111/ou-ab12-22222222/ou-ab12-33333333/ou-ab12-44444444/ou-ab12-555...: expected an OU's organization path <org id>/<root id>/<ou id>/ (and up to four child OU ids, each followed by /), e.g. o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/, without a final *: the program adds it",
        ],
    },
    {
        rule: "principalOrgPaths: an entry may only narrow the role's OUs",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"] };
            c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", principalOrgPaths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/"] }];
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0].principalOrgPaths = [\"o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/\"]: expected OUs within the role's principalOrgPaths (o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/), not o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/: an entry may only tighten the role's trustConditions (principalOrgPaths); to drop the condition for this source, write it as false (the stack outputs then report it)",
        ],
    },
    {
        rule: "roleSessionName: a bare * is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: "*" };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.roleSessionName = "*": expected session name patterns with at least one literal character, not *: a pattern of wildcards alone matches every (or nearly every) session name and narrows nothing; leave the key out to accept any',
        ],
    },
    {
        rule: "roleSessionName: ** is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: "**" };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.roleSessionName = "**": expected session name patterns with at least one literal character, not **: a pattern of wildcards alone matches every (or nearly every) session name and narrows nothing; leave the key out to accept any',
        ],
    },
    {
        rule: "roleSessionName: ?* in a list is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: ["ok-1", "?*"] };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.roleSessionName = ["ok-1","?*"]: expected session name patterns with at least one literal character, not ?*: a pattern of wildcards alone matches every (or nearly every) session name and narrows nothing; leave the key out to accept any',
        ],
    },
    {
        rule: "roleSessionName: ?? is refused (it admits every two-character name and narrows nothing)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: "??" };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.roleSessionName = "??": expected session name patterns with at least one literal character, not ??: a pattern of wildcards alone matches every (or nearly every) session name and narrows nothing; leave the key out to accept any',
        ],
    },
    {
        rule: "roleSessionName: an empty list is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: [] };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.roleSessionName = []: expected a non-empty list of session names or patterns: an empty list would write no condition, which lets every session name through; leave the key out, or write false",
        ],
    },
    {
        rule: "roleSessionName: ${aws:username} is refused for a service role (IAM sets it for IAM users only)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: "${aws:username}" };
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0] (roleSessionName inherited from targetRoles.log-reader.trustConditions.roleSessionName): ${aws:username} names the IAM user, and source log-shipper is of kind service-role: IAM sets aws:username for IAM users only, so a role session's AssumeRole never matches it; use a user or group source, or a literal session name pattern",
        ],
    },
    {
        rule: "roleSessionName: another policy variable is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: "${aws:userid}" };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.roleSessionName = "${aws:userid}": expected a session name pattern of 2 to 64 characters from [A-Za-z0-9+=,.@_-], with * and ? as wildcards and ${aws:username} as the only policy variable (the IAM user\'s name), or a list of them',
        ],
    },
    {
        rule: "roleSessionName: 65 characters are refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: "x".repeat(65) };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.roleSessionName = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": expected a session name pattern of 2 to 64 characters from [A-Za-z0-9+=,.@_-], with * and ? as wildcards and ${aws:username} as the only policy variable (the IAM user\'s name), or a list of them (length 65)',
        ],
    },
    {
        rule: "roleSessionName: a number is refused",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: 5 };
        },
        messages: [
            "targetRoles.log-reader.trustConditions.roleSessionName = 5: expected a session name pattern of 2 to 64 characters from [A-Za-z0-9+=,.@_-], with * and ? as wildcards and ${aws:username} as the only policy variable (the IAM user's name), or a list of them",
        ],
    },
    {
        rule: "roleSessionName: a space is refused (STS's characters only)",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: "a b" };
        },
        messages: [
            'targetRoles.log-reader.trustConditions.roleSessionName = "a b": expected a session name pattern of 2 to 64 characters from [A-Za-z0-9+=,.@_-], with * and ? as wildcards and ${aws:username} as the only policy variable (the IAM user\'s name), or a list of them',
        ],
    },
    {
        rule: "roleSessionName: the source's own session name must be one the trust admits",
        change: (c) => {
            c.sources["log-shipper"].roleSessionName = "other";
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: "nightly-*" };
        },
        messages: [
            'sources.log-shipper.roleSessionName: "other" is the session name the client configuration passes, but targetRoles.log-reader.trustedSources[0] (roleSessionName inherited from targetRoles.log-reader.trustConditions.roleSessionName) requires nightly-*, so the commands would be refused; set it to a name the trust admits',
        ],
    },
    {
        rule: "roleSessionName: a user's session name must be its user name under ${aws:username}",
        change: (c) => {
            c.sources.alice = { kind: "user", roleSessionName: "bob" };
            c.targetRoles["log-reader"].trustedSources = [{ source: "alice", roleSessionName: "${aws:username}" }];
        },
        messages: [
            'sources.alice.roleSessionName: "bob" is the session name the client configuration passes, but targetRoles.log-reader.trustedSources[0].roleSessionName requires ${aws:username} (${aws:username} is alice), so the commands would be refused; set it to a name the trust admits',
        ],
    },
    {
        rule: "roleSessionName: an entry may only narrow the role's names",
        change: (c) => {
            c.targetRoles["log-reader"].trustConditions = { roleSessionName: "nightly-*" };
            c.targetRoles["log-reader"].trustedSources = [{ source: "log-shipper", roleSessionName: "other-*" }];
        },
        messages: [
            "targetRoles.log-reader.trustedSources[0].roleSessionName = \"other-*\": expected session names from the role's roleSessionName (nightly-*), not other-*: an entry may only tighten the role's trustConditions (roleSessionName); to drop the condition for this source, write it as false (the stack outputs then report it)",
        ],
    },
    {
        rule: "a narrow entry's tag and session name rules cannot be skipped through a group trusted without them",
        change: (c) => {
            c.sources = { developers: { kind: "group" }, alice: { kind: "user", tags: { team: "data" } } };
            c.targetRoles["log-reader"].trustedSources = [
                { source: "developers", mfa: true },
                { source: "alice", mfa: true, principalTags: { team: "data" }, roleSessionName: "${aws:username}" },
            ];
        },
        messages: [
            "targetRoles.log-reader.trustedSources[1]: source alice demands principalTags.team (data), roleSessionName (${aws:username}), but the same role trusts developers (group: any IAM user of B) without it, so alice can assume the role through that statement and skip it; give developers's entry the same conditions, or trust alice from a role of its own",
        ],
    },
];

describe("trust conditions principalTags, principalOrgPaths, roleSessionName: attacks", () => rejectsEach(TRUST_KEY_CASES));
