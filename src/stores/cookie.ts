/**
 * `--store cookie:`: the session IS the cookie (Django's signed_cookies backend). The "read" hands
 * the reference back as bytes (its signature and age were checked by the cookie codec,
 * src/cookie-codec/django.ts). Nothing to reach, so nothing can time out; like every store it
 * still refuses what its medium could not hold — a value with bytes that are not RFC 6265 cookie
 * octets, or empty (→ null, as absent) — refuses a value longer than maxBytes (STORE_TOO_LARGE),
 * and after close() rejects.
 */
import { IsauthError } from '../errors.js';
import type { SessionStore, StoreOptions } from './types.js';

/** cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E (no space, `"`, `,`, `;`, `\`). */
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

export function createCookieStore(opts: Pick<StoreOptions, 'maxBytes'>): SessionStore {
  let closed = false;
  const isClosed = () => new IsauthError('STORE_UNAVAILABLE', 'cookie: store is closed');
  return {
    kind: 'cookie',
    load(key) {
      if (closed) return Promise.reject(isClosed());
      if (key.length > opts.maxBytes) {
        return Promise.reject(new IsauthError('STORE_TOO_LARGE', `cookie: session of ${key.length} bytes exceeds ${opts.maxBytes}`));
      }
      if (!COOKIE_OCTETS.test(key)) return Promise.resolve(null);
      return Promise.resolve({ bytes: Buffer.from(key, 'latin1'), flags: 0 });
    },
    verify: () => (closed ? Promise.reject(isClosed()) : Promise.resolve()),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
}
