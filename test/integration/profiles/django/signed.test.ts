/**
 * Real Django 3.2 (Debian's python3-django) writes sessions; djangoSignedFormat reads the db rows
 * (compressed or not, logged in / out / after logout); the signed_cookies cookie is verified by
 * its cookie codec (valid, tampered, wrong key, key among fallbacks, expired) and its payload
 * read by djangoSignedCookieFormat; Django's pre-3.1 formats; and hostile values that are
 * correctly signed (zlib bomb, JSON nesting bomb).
 */
import { describe, expect, it } from 'vitest';
import { djangoSessionKeyCodec, djangoSignedCookieCodec } from '../../../../src/cookie-codec/django.js';
import {
  DJANGO_SESSION_STORE_SALT as STORE_SALT,
  DJANGO_SIGNED_COOKIES_SALT as COOKIE_SALT,
  djangoSignedCookieFormat,
  djangoSignedFormat,
  djangoSigner,
} from '../../../../src/session-format/django/index.js';
import type { PhpSession } from '../../../../src/php/types.js';
import { jsonToPhp } from '../../../../src/session-format/json.js';
import { djangoSession, haveDjango } from '../../../harness/django.js';
import { expectDecodeError } from '../../../unit/php/helpers.js';
import { djangoLoads, plain, py } from './support.js';

const SECRET = 'django-insecure-test-key-4f8a2c';
const B = (s: string) => Buffer.from(s, 'latin1');
const dbFormat = djangoSignedFormat({ secretKeys: [SECRET], maxBytes: 1 << 20 });
const cookieCodec = (o: { secretKeys?: string[]; maxAgeSeconds?: number; now?: () => number; legacy?: boolean } = {}) =>
  djangoSignedCookieCodec({ secretKeys: [SECRET], maxAgeSeconds: 1209600, maxBytes: 8192, ...o });
const cookieFormat = djangoSignedCookieFormat({ maxBytes: 8192 });
/** The cookie as `--store cookie:` reads it: the codec verifies, the format decodes the payload. */
function readCookie(value: string, codec = cookieCodec()) {
  const ref = codec.decode(value);
  return typeof ref === 'string' ? cookieFormat.decode(B(ref)) : ref;
}
const CART = { cart: [17, 23], note: 'é ☃', price: 9.5, big: 2 ** 64 };

describe.runIf(haveDjango())('Django 3.2 signed sessions', () => {
  it('db rows: logged in has _auth_user_id, logged out has not; compressed rows (".") and plain ones', () => {
    const seen = new Set<boolean>();
    for (const [loggedIn, data] of [[true, CART], [false, CART], [true, {}], [false, { x: 1 }], [true, { pad: 'y'.repeat(3000) }]] as const) {
      const s = djangoSession({ backend: 'db', loggedIn, secretKey: SECRET, data });
      expect(djangoSessionKeyCodec().decode(s.cookieValue)).toBe(s.cookieValue);
      const row = s.stored!.toString('latin1');
      seen.add(row.startsWith('.'));
      const session = dbFormat.decode(s.stored!);
      expect(session.has('_auth_user_id')).toBe(loggedIn);
      if (loggedIn) expect(session.get('_auth_user_backend')).toBe('django.contrib.auth.backends.ModelBackend');
      // the same data Django itself reads back from the row
      expect(plain(session)).toEqual(plain(jsonToPhp(djangoLoads(row, SECRET, STORE_SALT))));
      expect(session.get('big')).toBe(data === CART ? BigInt(JSON.stringify(CART.big)) : undefined); // exact beyond 2^53
    }
    expect(seen).toEqual(new Set([true, false]));
  });

  it('after logout: the old row is gone and the new session has no user', () => {
    const s = djangoSession({ backend: 'db', loggedIn: true, logout: true, secretKey: SECRET, data: { cart: [1] } });
    expect(s.previousCookieValue).toMatch(/^[a-z0-9]{32}$/);
    expect(s.previousCookieValue).not.toBe(s.cookieValue);
    expect(s.previousStored).toBeUndefined();
    const session = dbFormat.decode(s.stored!);
    expect(session.has('_auth_user_id')).toBe(false);
    expect(plain(session)).toEqual({ cart: [1] });
  });

  it('a row signed with another SECRET_KEY, or tampered, is DECODE_SIGNATURE', () => {
    const s = djangoSession({ backend: 'db', loggedIn: true, secretKey: 'another-key', data: CART });
    expectDecodeError(() => dbFormat.decode(s.stored!), 'DECODE_SIGNATURE');
    // that key among the fallbacks: accepted
    expect(djangoSignedFormat({ secretKeys: [SECRET, 'another-key'], maxBytes: 1 << 20 }).decode(s.stored!).has('_auth_user_id')).toBe(true);
    const mine = djangoSession({ backend: 'db', loggedIn: true, secretKey: SECRET, data: CART }).stored!.toString('latin1');
    const at = mine.indexOf(':') - 3;
    const tampered = mine.slice(0, at) + (mine[at] === 'A' ? 'B' : 'A') + mine.slice(at + 1);
    expectDecodeError(() => dbFormat.decode(B(tampered)), 'DECODE_SIGNATURE');
    // the signed_cookies salt does not verify a stored session
    expect(cookieCodec().decode(mine)).toEqual({ rejected: 'COOKIE_SIGNATURE' });
  });

  it("Django 3.2 with DEFAULT_HASHING_ALGORITHM='sha1': the pre-3.1 row format and SHA-1 cookies are refused by default (Django 4), read with legacy", () => {
    const row = djangoSession({ backend: 'db', loggedIn: true, secretKey: SECRET, data: CART, hashing: 'sha1' }).stored!;
    expect(row.toString('latin1')).not.toContain(':'); // base64(hash:json)
    expectDecodeError(() => dbFormat.decode(row), 'DECODE_SIGNATURE');
    const session = djangoSignedFormat({ secretKeys: [SECRET], maxBytes: 1 << 20, legacy: true }).decode(row);
    expect(session.get('cart')).toEqual(new Map([[0, 17], [1, 23]]));
    expect(session.has('_auth_user_id')).toBe(true);
    const cookie = djangoSession({ backend: 'signed_cookies', loggedIn: true, secretKey: SECRET, hashing: 'sha1' }).cookieValue;
    expect(cookie.slice(cookie.lastIndexOf(':') + 1)).toHaveLength(27);
    expect(cookieCodec().decode(cookie)).toEqual({ rejected: 'COOKIE_SIGNATURE' });
    expect((readCookie(cookie, cookieCodec({ legacy: true })) as PhpSession).has('_auth_user_id')).toBe(true);
  });

  it('signed_cookies: valid cookies decode (logged in or not), as Django reads them', () => {
    for (const loggedIn of [true, false]) {
      const { cookieValue } = djangoSession({ backend: 'signed_cookies', loggedIn, secretKey: SECRET, data: CART });
      expect(cookieCodec().decode(cookieValue)).toBe(cookieValue);
      const session = readCookie(cookieValue) as PhpSession;
      expect(session.has('_auth_user_id')).toBe(loggedIn);
      expect(plain(session)).toEqual(plain(jsonToPhp(djangoLoads(cookieValue, SECRET, COOKIE_SALT))));
    }
  });

  it('signed_cookies: tampered, wrong key, key in the fallbacks, expired by max age', () => {
    const { cookieValue } = djangoSession({ backend: 'signed_cookies', loggedIn: true, secretKey: SECRET, data: CART });
    const sig = cookieValue.lastIndexOf(':');
    const tsLast = cookieValue[sig - 1] === 'Z' ? 'Y' : 'Z'; // a different timestamp digit, always
    for (const bad of [cookieValue.slice(0, sig - 1) + tsLast + cookieValue.slice(sig), cookieValue.slice(0, -1) + (cookieValue.endsWith('A') ? 'B' : 'A'), cookieValue.slice(1)]) {
      expect(djangoLoads(bad, SECRET, COOKIE_SALT)).toBe('BadSignature');
      expect(cookieCodec().decode(bad)).toEqual({ rejected: 'COOKIE_SIGNATURE' });
    }
    expect(cookieCodec({ secretKeys: ['new-key'] }).decode(cookieValue)).toEqual({ rejected: 'COOKIE_SIGNATURE' });
    expect((readCookie(cookieValue, cookieCodec({ secretKeys: ['new-key', 'older', SECRET] })) as PhpSession).has('_auth_user_id')).toBe(true);
    // max age (SESSION_COOKIE_AGE): fresh is fine, an hour later with 60 s is expired
    expect(cookieCodec({ maxAgeSeconds: 60 }).decode(cookieValue)).toBe(cookieValue);
    const later = () => Date.now() / 1000 + 3600;
    expect(cookieCodec({ maxAgeSeconds: 60, now: later }).decode(cookieValue)).toEqual({ rejected: 'COOKIE_EXPIRED' });
    const r = djangoSigner({ secretKeys: [SECRET], salt: COOKIE_SALT, maxBytes: 8192, maxAgeSeconds: 60, now: later }).unsign(cookieValue);
    expect(r.expired).toBe(true);
    // Django agrees it is expired at that age
    expect(py(`
import time
real = time.time
time.time = lambda: real() + 3600
try:
    signing.loads(args['v'], key=args['k'], salt=args['s'], max_age=60); print('ok')
except signing.SignatureExpired: print('expired')`, { v: cookieValue, k: SECRET, s: COOKIE_SALT })).toBe('expired');
  });

  it('a zlib bomb signed by Django stops at maxBytes (VALUE_TOO_LARGE); unsigned, it is never inflated', () => {
    const bomb = py(`print(signing.dumps({'x': 'a' * 30_000_000}, key=args['k'], salt=args['s'], compress=True))`, { k: SECRET, s: STORE_SALT });
    expect(bomb.length).toBeLessThan(100_000);
    expectDecodeError(() => dbFormat.decode(B(bomb)), 'VALUE_TOO_LARGE');
    expectDecodeError(() => djangoSignedFormat({ secretKeys: ['other'], maxBytes: 1 << 20 }).decode(B(bomb)), 'DECODE_SIGNATURE');
    // a signed stream that is not zlib
    const junk = py(`print(signing.TimestampSigner(args['k'], salt=args['s']).sign('.' + signing.b64_encode(b'not zlib at all').decode()))`, { k: SECRET, s: STORE_SALT });
    expectDecodeError(() => dbFormat.decode(B(junk)), 'VALUE_CORRUPT');
  });

  it('a JSON nesting bomb of 100,000 levels, correctly signed, is DECODE_DEPTH', () => {
    const signed = py(`
data = b'{"a":' + b'[' * 100000 + b']' * 100000 + b'}'
print(signing.TimestampSigner(args['k'], salt=args['s']).sign('.' + signing.b64_encode(zlib.compress(data)).decode()))`, { k: SECRET, s: STORE_SALT });
    expectDecodeError(() => dbFormat.decode(B(signed)), 'DECODE_DEPTH');
    // and a signed payload that is not an object
    const list = py(`print(signing.dumps([1, 2], key=args['k'], salt=args['s']))`, { k: SECRET, s: STORE_SALT });
    expectDecodeError(() => dbFormat.decode(B(list)), 'DECODE_SYNTAX');
  });
});
