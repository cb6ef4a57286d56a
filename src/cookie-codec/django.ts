/**
 * Django's session cookies (`sessionid` by default, SESSION_COOKIE_NAME):
 *
 * - `djangoSessionKeyCodec()`: the db / cache / cached_db backends' cookie is the session key.
 *   Django itself accepts any key of at least 8 characters (`SessionBase._validate_session_key`)
 *   and generates 32 of `[a-z0-9]`; isauth accepts only that alphabet, 8–64 characters, so the
 *   key can go into a cache key or a query as is. Anything else → undefined (no session).
 * - `djangoSignedCookieCodec(…)`: the signed_cookies backend's cookie IS the session
 *   (`[.]b64url:b62:b64url`, salt `django.contrib.sessions.backends.signed_cookies`). The
 *   signature is verified HERE, with SECRET_KEY then the fallbacks (src/crypto/django-signing.ts),
 *   before anything else reads the value: a forged or tampered value → COOKIE_SIGNATURE, one
 *   older than SESSION_COOKIE_AGE (`--max-age`) → COOKIE_EXPIRED, anything not in that shape
 *   (other characters, over 4,096 characters, a bad timestamp) → COOKIE_MALFORMED: each `anon`,
 *   counted. The verified value goes on unchanged (the `cookie:` store hands it to the format,
 *   which only decodes its payload). Never throws.
 *
 * Neither URL-decodes: Django's values contain nothing that a browser or nginx would escape.
 */
import { DjangoSigner } from '../crypto/django-signing.js';
import { DecodeError } from '../errors.js';
import { rejected, type CookieCodec } from './types.js';

const SESSION_KEY = /^[a-z0-9]{8,64}$/;
const SIGNED_COOKIE = /^[A-Za-z0-9_\-:.]{1,4096}$/;

/** Salt of the signed_cookies backend's cookie. */
export const DJANGO_SIGNED_COOKIES_SALT = 'django.contrib.sessions.backends.signed_cookies';

export function djangoSessionKeyCodec(): CookieCodec {
  return { decode: (raw) => (SESSION_KEY.test(raw) ? raw : undefined) };
}

export interface DjangoSignedCookieOptions {
  /** SECRET_KEY first, then SECRET_KEY_FALLBACKS. */
  readonly secretKeys: ReadonlyArray<string | Uint8Array>;
  /** SESSION_COOKIE_AGE: older values are expired. */
  readonly maxAgeSeconds: number;
  /** Largest payload accepted after decompression (--max-session-bytes). */
  readonly maxBytes: number;
  /** Also accept Django < 3.1's SHA-1 signatures (default false, as Django 4: `--django-legacy-signatures`). */
  readonly legacy?: boolean | undefined;
  readonly now?: (() => number) | undefined;
}

export function djangoSignedCookieCodec(o: DjangoSignedCookieOptions): CookieCodec {
  const signer = new DjangoSigner({ ...o, salt: DJANGO_SIGNED_COOKIES_SALT });
  const malformed = rejected('COOKIE_MALFORMED');
  const forged = rejected('COOKIE_SIGNATURE');
  const expired = rejected('COOKIE_EXPIRED');
  return {
    decode(raw) {
      if (raw.length === 0) return undefined;
      if (raw.length > 4096 || !SIGNED_COOKIE.test(raw)) return malformed;
      try {
        return signer.verify(raw).expired ? expired : raw;
      } catch (err) {
        return err instanceof DecodeError && err.code === 'DECODE_SIGNATURE' ? forged : malformed;
      }
    },
  };
}
