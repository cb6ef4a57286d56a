/**
 * Django's session formats as SessionFormats:
 *
 * - `djangoSignedFormat`: what the `db` and `cached_db` backends keep in
 *   `django_session.session_data` (salt `django.contrib.sessions.SessionStore`, the default), and
 *   the `signed_cookies` backend's cookie, which IS the session (salt
 *   `django.contrib.sessions.backends.signed_cookies`; give it `maxAgeSeconds` =
 *   SESSION_COOKIE_AGE, as Django does). The signed payload is JSON (Django's default
 *   JSONSerializer), read as latin-1 exactly as Django's serializer reads it.
 *   A signature that matches no key → DecodeError DECODE_SIGNATURE. An expired value (older than
 *   maxAgeSeconds) is, like in Django, an empty session (→ logged out) — or, with
 *   `expired: 'error'`, a DecodeError COOKIE_EXPIRED for a caller that counts it separately.
 * - `djangoPickleFormat`: what the `cache` and `cached_db` backends put in the cache (a pickled
 *   dict, never signed); see pickle.ts for what is refused.
 */
import { DecodeError } from '../../errors.js';
import { resolveMaxDepth } from '../../php/options.js';
import { jsonToPhp } from '../json.js';
import type { SessionFormat } from '../types.js';
import { unpickle } from './pickle.js';
import { DjangoSigner } from './signing.js';

export { DjangoSigner, djangoSigner, type DjangoSignerOptions, type Unsigned } from './signing.js';
export { unpickle } from './pickle.js';

/** Salt of sessions stored by the db / cached_db backends (`'django.contrib.sessions.' + SessionStore`). */
export const DJANGO_SESSION_STORE_SALT = 'django.contrib.sessions.SessionStore';
/** Salt of the signed_cookies backend's cookie. */
export const DJANGO_SIGNED_COOKIES_SALT = 'django.contrib.sessions.backends.signed_cookies';
/** Default bound on a decompressed signed payload. */
export const DJANGO_DEFAULT_MAX_BYTES = 1024 * 1024;

export interface DjangoSignedFormatOptions {
  /** SECRET_KEY first, then SECRET_KEY_FALLBACKS. */
  readonly secretKeys: ReadonlyArray<string | Uint8Array>;
  /** Default DJANGO_SESSION_STORE_SALT. */
  readonly salt?: string | undefined;
  readonly maxDepth?: number | undefined;
  /** Default DJANGO_DEFAULT_MAX_BYTES. */
  readonly maxBytes?: number | undefined;
  readonly maxAgeSeconds?: number | undefined;
  /** Accept SHA-1 signatures and the pre-3.1 session format (default true). */
  readonly legacy?: boolean | undefined;
  /** What an expired value gives: an empty session (default, as Django) or DecodeError COOKIE_EXPIRED. */
  readonly expired?: 'empty' | 'error' | undefined;
  readonly now?: (() => number) | undefined;
}

export function djangoSignedFormat(o: DjangoSignedFormatOptions): SessionFormat {
  const signer = new DjangoSigner({
    secretKeys: o.secretKeys,
    salt: o.salt ?? DJANGO_SESSION_STORE_SALT,
    maxBytes: o.maxBytes ?? DJANGO_DEFAULT_MAX_BYTES,
    maxAgeSeconds: o.maxAgeSeconds,
    legacy: o.legacy,
    now: o.now,
  });
  const maxDepth = resolveMaxDepth({ ...(o.maxDepth === undefined ? {} : { maxDepth: o.maxDepth }) });
  const errorWhenExpired = o.expired === 'error';
  return {
    decode(bytes) {
      const r = signer.unsign(bytes);
      if (r.expired) {
        if (errorWhenExpired) throw new DecodeError('COOKIE_EXPIRED', 0, 'signed session older than the maximum age');
        return new Map();
      }
      return jsonToPhp(r.payload.toString('latin1'), maxDepth);
    },
  };
}

export interface DjangoPickleFormatOptions {
  readonly maxDepth?: number | undefined;
}

export function djangoPickleFormat(o: DjangoPickleFormatOptions = {}): SessionFormat {
  const maxDepth = resolveMaxDepth({ ...(o.maxDepth === undefined ? {} : { maxDepth: o.maxDepth }) });
  return { decode: (bytes) => unpickle(bytes, maxDepth) };
}
