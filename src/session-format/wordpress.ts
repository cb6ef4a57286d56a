/**
 * WordPress: the rest of `wp_validate_auth_cookie($cookie, 'logged_in')` and
 * `WP_Session_Tokens::verify($token)` (wp-includes/pluggable.php, class-wp-session-tokens.php,
 * class-wp-user-meta-session-tokens.php, 6.1), over the row the SQL store read for the cookie's
 * login (src/stores/sql/wordpress.ts) and the reference the cookie codec validated
 * (src/cookie-codec/wordpress.ts):
 *
 * 1. no user by that login → COOKIE_UNKNOWN_USER (a deleted user);
 * 2. `pass_frag = substr(user_pass, 8, 4)`;
 *    `key = hash_hmac('md5', "login|pass_frag|expiration|token", wp_salt('logged_in'))`;
 *    `hash = hash_hmac('sha256', "login|expiration|token", key)`; compared with the cookie's
 *    HMAC in constant time, else COOKIE_SIGNATURE (forged, or the password changed since);
 * 3. `hash('sha256', token)` must be a key of the user's `session_tokens` (maybe_unserialize'd
 *    with isauth's own decoder), else COOKIE_REVOKED (logged out, sessions destroyed); its
 *    expiration must be ≥ time(), else COOKIE_EXPIRED.
 *
 * Each refusal is a RejectedError: the runner answers `anon` and counts the code. What the rules
 * then see is `{login: "…", id: 42, roles: {administrator: true, …}}`: every key of the user's
 * `<prefix>capabilities` (docs/rules.md).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DecodeError, RejectedError } from '../errors.js';
import { wordpressCookieParts } from '../cookie-codec/wordpress.js';
import type { PhpSession, PhpValue } from '../php/types.js';
import type { SessionFormat } from './types.js';
import { metaArray, phpGreaterOrEqual, sessionExpiration } from './wordpress-php.js';

export interface WordPressSaltConfig {
  /** The key half (LOGGED_IN_KEY or SECRET_KEY), or undefined: the `logged_in_key` option. */
  readonly key: string | undefined;
  /** The salt half (LOGGED_IN_SALT), or undefined: the `logged_in_salt` option. */
  readonly salt: string | undefined;
}

export interface WordPressFormatOptions extends WordPressSaltConfig {
  readonly maxDepth: number;
  /** PHP's time(); for tests. */
  readonly now?: () => number;
}

/** The site options the store must read with the user, in the row's order. */
export function optionsToRead(s: WordPressSaltConfig): Array<'logged_in_key' | 'logged_in_salt'> {
  return [...(s.key === undefined ? ['logged_in_key' as const] : []), ...(s.salt === undefined ? ['logged_in_salt' as const] : [])];
}

type Row = [number | string | null, string | null, string | null, string | null, ...(string | null)[]];

function parseRow(bytes: Uint8Array): Row {
  let row: unknown;
  try {
    row = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    throw new DecodeError('DECODE_SYNTAX', 0, 'wordpress: the row is not the JSON array the query builds');
  }
  if (!Array.isArray(row) || row.length < 4 || !row.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) {
    throw new DecodeError('DECODE_SYNTAX', 0, 'wordpress: the row is not the JSON array the query builds');
  }
  return row as Row;
}

const hex = (s: string): Buffer => Buffer.from(s, 'utf8');

/** hash_equals() in constant time for equal lengths (a length mismatch is false, as in PHP). */
function hashEquals(known: string, given: string): boolean {
  const a = hex(known);
  const b = hex(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The roles the rules see: every key of the capabilities array, as `true`. */
function rolesOf(caps: Map<unknown, PhpValue> | undefined): Map<string, PhpValue> {
  const roles = new Map<string, PhpValue>();
  for (const k of caps?.keys() ?? []) if (typeof k === 'string' || typeof k === 'number') roles.set(String(k), true);
  return roles;
}

export function wordpressFormat(o: WordPressFormatOptions): SessionFormat {
  const now = o.now ?? (() => Math.floor(Date.now() / 1000));
  const optionIndex = optionsToRead(o);
  return Object.freeze({
    // The session token's expiration is checked against now: never cached by decision.
    clockDependent: true,
    decode(bytes: Uint8Array, ref?: string): PhpSession {
      if (ref === undefined) throw new DecodeError('DECODE_UNSUPPORTED', 0, 'wordpress: a session is read with its cookie');
      const row = parseRow(bytes);
      const [id, userPass, tokens, caps] = row;
      if (id === null || userPass === null) throw new RejectedError('COOKIE_UNKNOWN_USER', 'wordpress: no user by that login');
      const { login, expiration, token, hmac } = wordpressCookieParts(ref);

      const option = (name: 'logged_in_key' | 'logged_in_salt'): string => String(row[4 + optionIndex.indexOf(name)] ?? '');
      const key = o.key ?? option('logged_in_key');
      const salt = o.salt ?? option('logged_in_salt');
      // An option WordPress has not stored yet would be generated fresh: no cookie matches it.
      if (key === '' || salt === '') throw new RejectedError('COOKIE_SIGNATURE', 'wordpress: the site has no logged_in salt yet');
      const passFrag = hex(String(userPass)).subarray(8, 12);
      const hashKey = createHmac('md5', key + salt)
        .update(Buffer.concat([hex(`${login}|`), passFrag, hex(`|${expiration}|${token}`)]))
        .digest('hex');
      const hash = createHmac('sha256', hashKey).update(`${login}|${expiration}|${token}`).digest('hex');
      if (!hashEquals(hash, hmac)) throw new RejectedError('COOKIE_SIGNATURE', 'wordpress: the cookie HMAC does not match');

      const sessions = metaArray(tokens, o.maxDepth);
      let found: PhpValue | undefined;
      const verifier = createHash('sha256').update(token).digest('hex');
      // array_filter(is_still_valid) reads every session's expiration before the lookup.
      for (const [k, session] of sessions ?? []) {
        const exp = sessionExpiration(session);
        if (k === verifier) found = exp === undefined ? null : exp;
      }
      if (found === undefined) throw new RejectedError('COOKIE_REVOKED', 'wordpress: the session token is not among the user\'s sessions');
      if (!phpGreaterOrEqual(found, now())) throw new RejectedError('COOKIE_EXPIRED', 'wordpress: the session token has expired');

      const userId = typeof id === 'number' ? id : Number(id);
      return new Map<string, PhpValue>([
        ['login', login],
        ['id', userId],
        ['roles', rolesOf(metaArray(caps, o.maxDepth))],
      ]) as PhpSession;
    },
  });
}
