/** Django's cookie codecs and the cache key of its cache / cached_db session backends. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { djangoSessionKeyCodec, djangoSignedCookieCodec } from '../../../src/cookie-codec/django.js';

describe('djangoSessionKeyCodec', () => {
  const c = djangoSessionKeyCodec();
  it("accepts Django's keys: [a-z0-9], 8 to 64 characters", () => {
    expect(c.decode('k2v9x0q8m1n7b3c6z5l4j2h0g9f8d7s6')).toBe('k2v9x0q8m1n7b3c6z5l4j2h0g9f8d7s6');
    expect(c.decode('abcdefgh')).toBe('abcdefgh');
    expect(c.decode('a'.repeat(64))).toBe('a'.repeat(64));
  });
  it('refuses anything else as "no session"', () => {
    for (const bad of ['', 'abcdefg', 'a'.repeat(65), 'ABCDEFGHIJ', 'abcdefgh-', 'abcd/../x', 'abcdefgh%20', 'abcdefgh\n', 'abc defgh', 'abcdéfgh']) {
      expect(c.decode(bad)).toBeUndefined();
    }
    fc.assert(fc.property(fc.string(), (s) => {
      const r = c.decode(s);
      expect(r === undefined || (r === s && /^[a-z0-9]{8,64}$/.test(s))).toBe(true);
    }));
  });
});

describe('djangoSignedCookieCodec (valid, expired and wrong-key cookies from real Django: test/integration/profiles/django/signed.test.ts)', () => {
  const c = djangoSignedCookieCodec({ secretKeys: ['k'], maxAgeSeconds: 1209600, maxBytes: 8192 });
  it('a well-formed value that no key signed is COOKIE_SIGNATURE; other shapes COOKIE_MALFORMED; empty is no session', () => {
    const forged = '.eJxVjDsOgzAQBe-yNbKwvf5AmZ4TRBGy1-tAEoEEpopy98gSDe2bmfcFCluB_i4b9WhgDEeZxmPnbZwT9CDhssVAb14qSK:1xXm0G:A2ASzeyA9E_b2fLgTyk7NTYbRgZC9reIaG4_vZGvne4';
    expect(c.decode(forged)).toEqual({ rejected: 'COOKIE_SIGNATURE' });
    expect(c.decode('')).toBeUndefined();
    for (const bad of ['a'.repeat(4097), 'abc def', 'abc%3A', 'ab+c', 'ab/c', 'a=b', 'a;b', 'é']) expect(c.decode(bad)).toEqual({ rejected: 'COOKIE_MALFORMED' });
  });
  it('never throws, never lets an unsigned value through', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      const r = c.decode(s);
      expect(r === undefined || typeof r === 'object').toBe(true);
    }));
  });
});
