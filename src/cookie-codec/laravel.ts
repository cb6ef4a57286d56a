/**
 * Laravel's encrypted session cookie (`<slug>_session`, written by the `EncryptCookies`
 * middleware) → the session id, checked the way Laravel 8–11 check it:
 *
 * 1. The raw cookie value is URL-decoded (Symfony writes it with rawurlencode: `=`→`%3D`…);
 *    longer than MAX_COOKIE_LENGTH, a bad escape or a non-ASCII result → COOKIE_MALFORMED.
 * 2. `Encrypter::decrypt` (src/crypto/laravel-encrypter.ts): CBC with its HMAC checked in
 *    constant time before decrypting, or GCM with its tag; each configured key in order.
 *    Not a payload → COOKIE_MALFORMED; no key's MAC/tag matches → COOKIE_SIGNATURE.
 * 3. The plaintext must start with `CookieValuePrefix::create(cookieName, key)` =
 *    `hash_hmac('sha1', cookieName . 'v2', key) . '|'` (Laravel ≥ 8.x / 7.22 / 6.18.31). The
 *    prefix binds the value to this cookie name, so another cookie's encrypted value is refused:
 *    a wrong or missing prefix → COOKIE_SIGNATURE. (Laravel 11 accepts the prefix of any of its
 *    keys; so does this codec.) The prefixes are computed once per key at construction.
 * 4. The rest must be a session id Laravel accepts (`Store::isValidId`: exactly 40 ASCII
 *    letters or digits, what `Str::random(40)` makes); anything else → COOKIE_MALFORMED
 *    (Laravel itself would start a new, empty session).
 * An empty cookie value is `undefined` (no session). Never throws; work is bounded by the length
 * cap and the number of keys. Not read: cookies of Laravel versions before the prefix (< 6.18.31 /
 * 7.22) and serialized cookies (`EncryptCookies::$serialize = true`, `s:81:"…";`): both are
 * refused as COOKIE_SIGNATURE, since the prefix check fails.
 */
import { createHmac } from 'node:crypto';
import { laravelDecrypter } from '../crypto/laravel-encrypter.js';
import type { LaravelMode } from '../crypto/laravel-encrypter.js';
import { rejected } from './types.js';
import type { CookieCodec, CookieRejected } from './types.js';
import { urlDecode } from './url-decode.js';

export { parseAppKey } from '../crypto/laravel-encrypter.js';
export type { LaravelMode } from '../crypto/laravel-encrypter.js';

/** Longest raw (URL-encoded) cookie value looked at; browsers keep at most ~4 KB per cookie. */
export const MAX_COOKIE_LENGTH = 4096;

export interface LaravelCookieOptions {
  /** APP_KEY values as in .env (`base64:…` or a raw 16/32-byte string), current key first. */
  readonly keys: readonly (string | Uint8Array)[];
  /** The session cookie's name (config session.cookie, e.g. `laravel_session`): part of the prefix MAC. */
  readonly cookieName: string;
  /** Encrypter modes accepted (default both CBC and GCM). */
  readonly modes?: readonly LaravelMode[];
}

const ID_LENGTH = 40;
const PREFIX_LENGTH = 41; // 40 hex digits of SHA-1 + '|'

function isLaravelId(b: Buffer, start: number): boolean {
  if (b.length - start !== ID_LENGTH) return false;
  for (let i = start; i < b.length; i++) {
    const c = b[i]!;
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}



export function laravelCookieCodec(opts: LaravelCookieOptions): CookieCodec {
  const decrypter = laravelDecrypter(opts.keys, {
    maxPayloadLength: MAX_COOKIE_LENGTH,
    ...(opts.modes ? { modes: opts.modes } : {}),
  });
  const prefixes = decrypter.keys.map((k) =>
    Buffer.from(createHmac('sha1', k).update(`${opts.cookieName}v2`, 'utf8').digest('hex') + '|', 'latin1'),
  );
  const malformed = rejected('COOKIE_MALFORMED');
  const signature = rejected('COOKIE_SIGNATURE');

  function hasPrefix(plain: Buffer, first: number): boolean {
    if (plain.length < PREFIX_LENGTH) return false;
    if (prefixes[first]!.equals(plain.subarray(0, PREFIX_LENGTH))) return true;
    return prefixes.some((p) => p.equals(plain.subarray(0, PREFIX_LENGTH)));
  }

  return {
    decode(raw: string): string | CookieRejected | undefined {
      if (raw.length === 0) return undefined;
      if (raw.length > MAX_COOKIE_LENGTH) return malformed;
      const payload = urlDecode(raw);
      if (payload === undefined) return malformed;
      const out = decrypter.decrypt(payload);
      if (out === 'malformed') return malformed;
      if (out === 'signature') return signature;
      if (!hasPrefix(out.plain, out.keyIndex)) return signature;
      if (!isLaravelId(out.plain, PREFIX_LENGTH)) return malformed;
      return out.plain.toString('latin1', PREFIX_LENGTH);
    },
  };
}
