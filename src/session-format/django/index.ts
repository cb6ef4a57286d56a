/**
 * Django's session formats as SessionFormats:
 *
 * - `djangoSignedFormat`: what the `db` and `file` backends keep (`django_session.session_data`,
 *   the session file; salt `django.contrib.sessions.SessionStore`, the default), verified here
 *   with SECRET_KEY then the fallbacks (src/crypto/django-signing.ts). The signed payload is JSON
 *   (Django's default JSONSerializer), read as latin-1 exactly as Django's serializer reads it.
 *   A signature that matches no key → DecodeError DECODE_SIGNATURE (stored data that cannot be
 *   trusted: bypass, Django decides).
 * - `djangoSignedCookieFormat`: the `signed_cookies` backend's cookie, which IS the session. Its
 *   signature and age were checked by the cookie codec (src/cookie-codec/django.ts) before the
 *   `cookie:` store handed the very same value here: this only decodes the payload.
 * - `djangoPickleFormat`: what the `cache` and `cached_db` backends put in the cache (a pickled
 *   dict, never signed); see pickle.ts for what is refused.
 */
import { resolveMaxDepth } from '../../php/options.js';
import { jsonToPhp } from '../json.js';
import type { SessionFormat } from '../types.js';
import { unpickle } from './pickle.js';
import { DjangoSigner, signedPayload } from '../../crypto/django-signing.js';

export { DjangoSigner, djangoSigner, type DjangoSignerOptions, type Unsigned } from '../../crypto/django-signing.js';
export { DJANGO_SIGNED_COOKIES_SALT } from '../../cookie-codec/django.js';
export { unpickle } from './pickle.js';

/** Salt of sessions stored by the db / cached_db backends (`'django.contrib.sessions.' + SessionStore`). */
export const DJANGO_SESSION_STORE_SALT = 'django.contrib.sessions.SessionStore';
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
  /** Also accept SHA-1 signatures and the pre-3.1 session format (default false: `--django-legacy-signatures`). */
  readonly legacy?: boolean | undefined;
}

export function djangoSignedFormat(o: DjangoSignedFormatOptions): SessionFormat {
  const signer = new DjangoSigner({
    secretKeys: o.secretKeys,
    salt: o.salt ?? DJANGO_SESSION_STORE_SALT,
    maxBytes: o.maxBytes ?? DJANGO_DEFAULT_MAX_BYTES,
    legacy: o.legacy,
  });
  const maxDepth = resolveMaxDepth({ ...(o.maxDepth === undefined ? {} : { maxDepth: o.maxDepth }) });
  return {
    decode(bytes) {
      const r = signer.unsign(bytes);
      // No max age for stored sessions (their expiry is the row's or the file's): never expired.
      if (r.expired) return new Map();
      return jsonToPhp(r.payload.toString('latin1'), maxDepth);
    },
  };
}

export interface DjangoSignedCookieFormatOptions {
  readonly maxDepth?: number | undefined;
  /** Default DJANGO_DEFAULT_MAX_BYTES. */
  readonly maxBytes?: number | undefined;
}

/** The payload of a signed_cookies cookie that the cookie codec verified (see above). */
export function djangoSignedCookieFormat(o: DjangoSignedCookieFormatOptions = {}): SessionFormat {
  const maxBytes = o.maxBytes ?? DJANGO_DEFAULT_MAX_BYTES;
  const maxDepth = resolveMaxDepth({ ...(o.maxDepth === undefined ? {} : { maxDepth: o.maxDepth }) });
  return {
    decode(bytes) {
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
      return jsonToPhp(signedPayload(text, maxBytes).toString('latin1'), maxDepth);
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
