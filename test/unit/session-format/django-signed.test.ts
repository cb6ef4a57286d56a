/**
 * The signed-value verifier without Django: what it refuses and how (real Django's values are
 * verified in test/integration/profiles/django/). Values are signed here only through the verifier's own
 * refusal paths: nothing in this file re-implements Django's signing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/errors.js';
import { DJANGO_SIGNED_COOKIES_SALT, djangoSignedFormat, djangoSigner } from '../../../src/session-format/django/index.js';
import { expectDecodeError } from '../php/helpers.js';

const signer = djangoSigner({ secretKeys: ['k'], salt: 'django.contrib.sessions.SessionStore', maxBytes: 1000 });

describe('DjangoSigner refusals', () => {
  it('a value without a valid signature is DECODE_SIGNATURE, before anything is decoded', () => {
    expectDecodeError(() => signer.unsign('eyJhIjoxfQ:1xXm0G:A2ASzeyA9E_b2fLgTyk7NTYbRgZC9reIaG4_vZGvne4'), 'DECODE_SIGNATURE', 18);
    expectDecodeError(() => signer.unsign('eyJhIjoxfQ:1xXm0G:short'), 'DECODE_SIGNATURE');
    expectDecodeError(() => signer.unsign('!!!not base64!!!:x:' + 'A'.repeat(43)), 'DECODE_SIGNATURE');
    expectDecodeError(() => signer.unsign(''), 'DECODE_SIGNATURE');
    // legacy (no ":"), well-formed base64 whose hash does not match
    expectDecodeError(() => signer.unsign(Buffer.from(`${'0'.repeat(40)}:{"a":1}`).toString('base64')), 'DECODE_SIGNATURE');
    expectDecodeError(() => signer.unsign(Buffer.from('nohash').toString('base64')), 'DECODE_SIGNATURE');
  });

  it('the signed_cookies salt has no legacy format', () => {
    const s = djangoSigner({ secretKeys: ['k'], salt: DJANGO_SIGNED_COOKIES_SALT, maxBytes: 1000 });
    expectDecodeError(() => s.unsign(Buffer.from(`${'0'.repeat(40)}:{}`).toString('base64')), 'DECODE_SIGNATURE', 0);
  });

  it('input longer than maxBytes allows is DECODE_LENGTH without computing an HMAC', () => {
    expectDecodeError(() => signer.unsign('a'.repeat(5000) + ':x:y'), 'DECODE_LENGTH', 0);
  });

  it('needs a key and a positive maxBytes', () => {
    expect(() => djangoSigner({ secretKeys: [], salt: 's', maxBytes: 1 })).toThrow(TypeError);
    expect(() => djangoSigner({ secretKeys: ['k'], salt: 's', maxBytes: 0 })).toThrow(TypeError);
  });

  it('random strings and bytes give DecodeError only', () => {
    const fmt = djangoSignedFormat({ secretKeys: ['k', 'old'], maxBytes: 1000 });
    const check = (b: Uint8Array) => {
      try {
        fmt.decode(b);
        expect.unreachable('decoded random data');
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), check), { numRuns: 2000 });
    const alpha = fc.string({ unit: fc.constantFrom(...'.:abcXYZ019_-+/='), maxLength: 120 });
    fc.assert(fc.property(alpha, (s) => check(Buffer.from(s))), { numRuns: 2000 });
  });
});
