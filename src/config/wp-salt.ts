/**
 * WordPress's `wp_salt('logged_in')` (wp-includes/pluggable.php, 6.1), as far as wp-config.php
 * decides it: each half — key and salt — is the constant LOGGED_IN_KEY / LOGGED_IN_SALT when it
 * is defined, truthy by PHP's rules, not the sample phrase and not a value that another of the
 * key/salt constants repeats (`$duplicated_keys`); else the key half falls back to SECRET_KEY
 * (same tests), and whatever is left comes from the site option `logged_in_key` /
 * `logged_in_salt` in the database. wp_hash() then uses `key . salt`.
 */
import type { WpConfigEntry, WpConfigScalar } from './wp-config.js';

/** The phrase wp-config-sample.php ships with. */
export const SAMPLE_PHRASE = 'put your unique phrase here';

/** The constants whose values count for `$duplicated_keys`, in wp_salt()'s order. */
const KEY_CONSTANTS = ['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE', 'SECRET'].flatMap((first) => [`${first}_KEY`, `${first}_SALT`]);

/** A half of the salt: a constant's value, or "read this option from the database". */
export type SaltHalf =
  | { readonly constant: string; readonly value: string; readonly line: number }
  | { readonly option: 'logged_in_key' | 'logged_in_salt'; readonly why: string };

/** How PHP turns a value into an array key (`$duplicated_keys[$value]`): "5" and 5 and true(1) collide. */
function arrayKey(v: WpConfigScalar): string {
  if (typeof v === 'boolean') return v ? 'i1' : 'i0';
  if (v === null) return 's';
  if (typeof v === 'number') return `i${Math.trunc(v)}`;
  if (/^(0|-?[1-9][0-9]{0,18})$/.test(v) && BigInt(v) <= 9223372036854775807n && BigInt(v) >= -9223372036854775808n) return `i${v}`;
  return `s${v}`;
}

/** PHP's truthiness for a scalar. */
const truthy = (v: WpConfigScalar): boolean => !(v === null || v === false || v === 0 || v === '' || v === '0');

/** PHP's string conversion of a constant used in `key . salt`. */
const phpString = (v: WpConfigScalar): string => (v === true ? '1' : v === false || v === null ? '' : String(v));

export function loggedInSalt(constants: ReadonlyMap<string, WpConfigEntry>): { key: SaltHalf; salt: SaltHalf } {
  const duplicated = new Map<string, boolean>([[arrayKey(SAMPLE_PHRASE), true]]);
  for (const name of KEY_CONSTANTS) {
    const c = constants.get(name);
    if (c === undefined) continue;
    const k = arrayKey(c.value);
    duplicated.set(k, duplicated.has(k));
  }
  /** Why a constant is not used, or undefined when it is. */
  const unusable = (name: string): string | undefined => {
    const c = constants.get(name);
    if (c === undefined) return `${name} is not defined`;
    if (!truthy(c.value)) return `${name} is empty`;
    if (duplicated.get(arrayKey(c.value)) === true) {
      return c.value === SAMPLE_PHRASE ? `${name} is still the sample phrase` : `${name} repeats the value of another key or salt`;
    }
    return undefined;
  };
  const use = (name: string): SaltHalf => {
    const c = constants.get(name) as WpConfigEntry;
    return { constant: name, value: phpString(c.value), line: c.line };
  };

  const keyWhy = unusable('LOGGED_IN_KEY');
  const secretWhy = unusable('SECRET_KEY');
  const key: SaltHalf =
    keyWhy === undefined ? use('LOGGED_IN_KEY')
    : secretWhy === undefined ? use('SECRET_KEY')
    : { option: 'logged_in_key', why: keyWhy };
  const saltWhy = unusable('LOGGED_IN_SALT');
  const salt: SaltHalf = saltWhy === undefined ? use('LOGGED_IN_SALT') : { option: 'logged_in_salt', why: saltWhy };
  return { key, salt };
}
