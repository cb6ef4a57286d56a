import type { CookieCodec } from './types.js';
import { urlDecode } from './url-decode.js';

/**
 * Turn an untrusted raw cookie/header value into a session id, or `undefined` ("no session").
 *
 * PHP's rules: %-decode first (PHP URL-encodes the id in Set-Cookie, so `,` arrives as `%2C`;
 * a `+` stays a `+`, as PHP 8's rawurldecode of `$_COOKIE`), then the id must be 1–256 characters of PHP's
 * alphabet `[A-Za-z0-9,-]` — what the files handler requires and what every id PHP generates
 * looks like. Anything else (path traversal, CR/LF, spaces, NUL, 300 characters, bad escapes) is
 * "no session": it never reaches a store key, a file path or a query.
 */
export const MAX_SESSION_ID_LENGTH = 256;

/** 1 for bytes of PHP's session id alphabet. */
const ALPHABET = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ALPHABET[c] = 1; // 0-9
for (let c = 65; c <= 90; c++) ALPHABET[c] = 1; // A-Z
for (let c = 97; c <= 122; c++) ALPHABET[c] = 1; // a-z
ALPHABET[44] = 1; // ,
ALPHABET[45] = 1; // -

function isValidId(s: string): boolean {
  const len = s.length;
  if (len === 0 || len > MAX_SESSION_ID_LENGTH) return false;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || ALPHABET[c] !== 1) return false;
  }
  return true;
}



export function toSessionId(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // Fast path: the common case is an id with nothing to decode. The length cap on the raw value
  // (3 bytes per escaped character at most) bounds the work done for hostile input.
  if (isValidId(raw)) return raw;
  if (raw.length > MAX_SESSION_ID_LENGTH * 3 || raw.indexOf('%') < 0) return undefined;
  const decoded = urlDecode(raw);
  return decoded !== undefined && isValidId(decoded) ? decoded : undefined;
}

/** The plain PHP cookie codec: the cookie value IS the session id (URL-decoded, validated). */
export const phpIdCodec: CookieCodec = Object.freeze({ decode: toSessionId });
