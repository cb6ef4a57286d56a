/**
 * Facts about a valid configuration that a user should know, though nothing is wrong: one `info`
 * line each at startup, a `note:` line each in `--check-config`.
 *
 * - `--max-age` left at a framework profile's default where the store relies on it: the profile
 *   ASSUMES the application's session lifetime (Laravel's SESSION_LIFETIME, Django's
 *   SESSION_COOKIE_AGE); if the application changed it, sessions expire at the wrong time.
 */
import type { FrameworkName } from '../options/frameworks.js';
import type { Config, OptionKey } from '../options/schema.js';
import { PROFILES } from '../profiles/index.js';
import type { StoreSpec } from '../stores/types.js';

/** What expires sessions by `--max-age` with this store, or undefined: the store's own expiry decides (TTLs, an expiry column). */
export function maxAgeReader(spec: StoreSpec): string | undefined {
  switch (spec.kind) {
    case 'files':
      return 'the files store counts a session file not modified for longer as expired';
    case 'cookie':
      return 'a signed session cookie older than that is expired';
    case 'sql':
      return spec.columns.expiry.kind === 'time' ? `the SQL store counts a row whose ${spec.columns.expiry.column} is older as expired` : undefined;
    default:
      return undefined;
  }
}

export function configNotes(config: Config, origins: Readonly<Record<OptionKey, string>>): string[] {
  const notes: string[] = [];
  const profile = PROFILES[config.framework as FrameworkName];
  const reader = maxAgeReader(config.store.spec);
  if (reader !== undefined && profile.lifetimeSetting !== undefined && origins.maxAge === `default of --framework ${config.framework}`) {
    notes.push(
      `--max-age ${config.maxAge} is --framework ${config.framework}'s default, assumed to be the application's ${profile.lifetimeSetting}: ` +
        `${reader}. If the application sets another lifetime, give --max-age (ISAUTH_MAX_AGE) in seconds.`,
    );
  }
  return notes;
}
