/**
 * Options that apply only to some profiles. An option a profile owns (`Profile.ownOptions`, e.g.
 * `--app-key` for laravel) given with another profile, or one a profile refuses
 * (`Profile.refuses`, e.g. `--serializer` for django, whose format is fixed), is an error at
 * startup — never silently ignored.
 */
import type { OptionKey } from '../options/schema.js';
import type { FrameworkName } from '../options/frameworks.js';
import { PROFILES } from './registry.js';

/** Each profile-owned option → the profiles that read it. */
const OWNERS = new Map<OptionKey, FrameworkName[]>();
for (const [name, p] of Object.entries(PROFILES) as [FrameworkName, (typeof PROFILES)[FrameworkName]][]) {
  for (const key of p.ownOptions ?? []) OWNERS.set(key, [...(OWNERS.get(key) ?? []), name]);
}

/**
 * Problems with the options `given` (set by a user's source, not a default) for `framework`,
 * each naming the flag (`flagOf`).
 */
export function optionProblems(framework: FrameworkName, given: (key: OptionKey) => boolean, flagOf: (key: OptionKey) => string): string[] {
  const problems: string[] = [];
  for (const [key, owners] of OWNERS) {
    if (given(key) && !owners.includes(framework)) {
      problems.push(`${flagOf(key)}: applies only to --framework ${owners.join(' or ')}, not to --framework ${framework}`);
    }
  }
  for (const key of PROFILES[framework].refuses ?? []) {
    if (given(key)) problems.push(`${flagOf(key)}: does not apply to --framework ${framework} (${PROFILES[framework].title} fixes it)`);
  }
  return problems;
}
