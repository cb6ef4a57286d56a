/**
 * Django's session cookies (`sessionid` by default, SESSION_COOKIE_NAME):
 *
 * - `djangoSessionKeyCodec()`: the db / cache / cached_db backends' cookie is the session key.
 *   Django itself accepts any key of at least 8 characters (`SessionBase._validate_session_key`)
 *   and generates 32 of `[a-z0-9]`; isauth accepts only that alphabet, 8–64 characters, so the
 *   key can go into a cache key or a query as is. Anything else → undefined (no session).
 * - `djangoSignedCookieCodec()`: the signed_cookies backend's cookie IS the session
 *   (`[.]b64url:b62:b64url`). Only that alphabet (`A-Za-z0-9_-`, `:` and `.`), up to 4,096
 *   characters, is let through, unchanged; the session format stage
 *   (djangoSignedFormat with the signed_cookies salt) verifies the signature.
 *
 * Neither URL-decodes: Django's values contain nothing that a browser or nginx would escape.
 */
import type { CookieCodec } from './types.js';

const SESSION_KEY = /^[a-z0-9]{8,64}$/;
const SIGNED_COOKIE = /^[A-Za-z0-9_\-:.]{1,4096}$/;

export function djangoSessionKeyCodec(): CookieCodec {
  return { decode: (raw) => (SESSION_KEY.test(raw) ? raw : undefined) };
}

export function djangoSignedCookieCodec(): CookieCodec {
  return { decode: (raw) => (raw.length <= 4096 && SIGNED_COOKIE.test(raw) ? raw : undefined) };
}
