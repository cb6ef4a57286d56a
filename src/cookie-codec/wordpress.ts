/**
 * WordPress's logged_in cookie, read as `wp_parse_auth_cookie()` and the first steps of
 * `wp_validate_auth_cookie()` read it (wp-includes/pluggable.php, 6.1):
 *
 * 1. PHP decodes the cookie with rawurldecode (`%7C` → `|`; a `+` stays a `+`), and WordPress
 *    adds slashes to `$_COOKIE` (wp_magic_quotes: `'` `"` `\` NUL get a backslash): the value
 *    is used slashed from then on — for the user lookup AND the HMAC.
 * 2. An empty value or `"0"` is no cookie (`empty()`); otherwise exactly four `|`-separated parts
 *    `login|expiration|token|hmac`, else COOKIE_MALFORMED.
 * 3. `expiration < time()` as PHP 8 compares a string with an int (as on a GET: the one-hour
 *    grace is for POST and Ajax, which never come from the cache) → COOKIE_EXPIRED.
 * 4. The login as `get_user_by('login')` looks it up: trimmed, not `"0"`; and one that
 *    `sanitize_user()` would change (a tag, a `%XX` octet, an entity, runs of whitespace) is
 *    looked up by WordPress under another name, so no cookie WordPress issued carries it →
 *    COOKIE_UNKNOWN_USER without a query.
 *
 * The output — the reference the later stages receive — is the slashed `login|expiration|token|hmac`.
 * The HMAC and the session token are checked against the user's row (src/session-format/wordpress.ts).
 */
import { rejected, type CookieCodec } from './types.js';

/** Longer raw values are not WordPress cookies (a real one is ~150 bytes). */
export const MAX_WORDPRESS_COOKIE = 4096;
/** The longest login the store is asked for (user_login is VARCHAR(60)). */
export const MAX_WORDPRESS_LOGIN = 256;

const HEX = /^[0-9A-Fa-f]{2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** PHP's rawurldecode to bytes, then UTF-8 (a cookie that is not UTF-8 is not WordPress's). */
function rawUrlDecode(raw: string): string | undefined {
  if (raw.indexOf('%') < 0) return /^[\x00-\x7f]*$/.test(raw) ? raw : undefined;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x80) return undefined;
    if (c === 37 /* % */ && HEX.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c);
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/** PHP's addslashes(), which wp_magic_quotes() applies to $_COOKIE. */
export const addSlashes = (s: string): string => s.replace(/[\\'"\0]/g, (c) => (c === '\0' ? '\\0' : `\\${c}`));

/** PHP 8's is_numeric() for a string: optional surrounding whitespace, decimal or exponent form. */
const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

/** PHP 8's `$s < $now` for a string and an int: numerically when numeric, else as strings. */
export function phpStringLessThanInt(s: string, now: number): boolean {
  if (NUMERIC.test(s)) return Number(s.trim()) < now;
  const t = String(now);
  return s < t; // strcmp on bytes; both sides here are ASCII or UTF-8 compared by code unit order
}

/** PHP's trim() characters. */
const TRIMMED = /^[ \t\n\r\0\x0B]|[ \t\n\r\0\x0B]$/;
/**
 * Logins sanitize_user() (non-strict, as get_user_by uses it) would change: strip_tags cuts at `<`,
 * `%XX` octets and `&…;` entities are removed, whitespace runs become one space, and the ends
 * are trimmed (PCRE's `\s`: ASCII whitespace only). (Non-ASCII logins pass: remove_accents() may fold them, and the database's
 * collation folds them the same way — docs/wordpress.md.)
 */
const SANITIZE_CHANGES = /<|%[0-9A-Fa-f]{2}|&.+?;|[ \t\n\r\v\f]{2}|[\t\n\r\v\f]/;

export function wordpressCookieCodec(nowSeconds: () => number = () => Math.floor(Date.now() / 1000)): CookieCodec {
  return {
    decode(raw) {
      if (raw.length > MAX_WORDPRESS_COOKIE) return rejected('COOKIE_MALFORMED');
      const decoded = rawUrlDecode(raw);
      if (decoded === undefined) return rejected('COOKIE_MALFORMED');
      if (decoded === '' || decoded === '0') return undefined; // empty($_COOKIE[…])
      const value = addSlashes(decoded);
      const parts = value.split('|');
      if (parts.length !== 4) return rejected('COOKIE_MALFORMED');
      const [login, expiration] = parts as [string, string, string, string];
      if (phpStringLessThanInt(expiration, nowSeconds())) return rejected('COOKIE_EXPIRED');
      const trimmed = login.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
      if (trimmed === '' || trimmed === '0' || login.length > MAX_WORDPRESS_LOGIN) return rejected('COOKIE_UNKNOWN_USER');
      if (TRIMMED.test(login) || SANITIZE_CHANGES.test(login)) return rejected('COOKIE_UNKNOWN_USER');
      return value;
    },
  };
}

/** The four parts of a reference this codec produced. */
export interface WordPressCookie {
  readonly login: string;
  readonly expiration: string;
  readonly token: string;
  readonly hmac: string;
}

export function wordpressCookieParts(ref: string): WordPressCookie {
  const [login = '', expiration = '', token = '', hmac = ''] = ref.split('|');
  return { login, expiration, token, hmac };
}
