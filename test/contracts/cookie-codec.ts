/**
 * The CookieCodec contract (src/cookie-codec/types.ts), for every codec, with values made by the
 * real writer (PHP's session_create_id, Laravel's EncryptCookies, Django's signing, WordPress's
 * wp_generate_auth_cookie):
 * - it never throws, and answers only a string, `undefined` or a frozen COOKIE_* rejection —
 *   fast-check over arbitrary strings and over mutations of real values (a character changed,
 *   inserted, deleted or percent-encoded; truncated; extended; parts swapped);
 * - what it accepts is what the key stage may receive (`safe`);
 * - a codec that checks a signature (`signed`) never accepts a changed value as ANOTHER id: an
 *   accepted mutation decodes to the original's id (a harmless change such as `%61` for `a`);
 *   forged values (another key) and truncated ones are refused;
 * - expired values are refused as COOKIE_EXPIRED (codecs whose values carry an age).
 *
 * Each codec's test file calls `runCookieCodecContract('<exported factory>'…)`; the name is checked
 * against src/cookie-codec/'s exports by test/contracts/registry.test.ts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRejected, type CookieCodec, type CookieRejected } from '../../src/cookie-codec/types.js';
import { ERROR_CATALOGUE } from '../../src/errors.js';
import { mutations } from './mutations.js';

export interface CookieCodecEnv {
  codec: CookieCodec;
  /** Raw cookie values (as a browser sends them back) made by the real writer. */
  valid: readonly string[];
  /** What the key stage may receive: true for every accepted value. */
  safe(out: string): boolean;
  /** Values made by the real writer with another key: refused (signed codecs). */
  forged?: readonly string[];
  /** Values the real writer made that are past their age, with the codec they are read by. */
  expired?: { codec: CookieCodec; values: readonly string[] };
}

export interface CookieCodecTraits {
  /** The value carries a signature or MAC over the id: changes and forgeries are refused. */
  signed: boolean;
  /** The value carries its age or expiry (env.expired then holds expired values). */
  ages: boolean;
}

const RUNS = Number(process.env.ISAUTH_FUZZ_RUNS ?? 300);

type Out = string | CookieRejected | undefined;

/** Decode, checking the answer's shape; returns it. */
function answer(codec: CookieCodec, raw: string): Out {
  const out = codec.decode(raw);
  if (out === undefined || typeof out === 'string') return out;
  expect(isRejected(out)).toBe(true);
  expect(Object.isFrozen(out)).toBe(true);
  expect(out.rejected).toMatch(/^COOKIE_/);
  expect(ERROR_CATALOGUE).toHaveProperty(out.rejected);
  return out;
}

export function runCookieCodecContract(name: string, setup: () => Promise<CookieCodecEnv> | CookieCodecEnv, traits: CookieCodecTraits): void {
  describe(`${name}: CookieCodec contract`, () => {
    let env: CookieCodecEnv;
    beforeAll(async () => {
      env = await setup();
      expect(env.valid.length).toBeGreaterThan(0);
    }, 180_000);

    it('accepts what the real writer made, as a value the key stage may receive', () => {
      for (const v of env.valid) {
        const out = answer(env.codec, v);
        expect(typeof out, v.slice(0, 60)).toBe('string');
        expect(env.safe(out as string), String(out)).toBe(true);
      }
    });

    it('never throws on arbitrary strings; whatever it accepts is safe for the key stage', () => {
      const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 6000 }));
      fc.assert(
        fc.property(text, (raw) => {
          const out = answer(env.codec, raw);
          if (typeof out === 'string') expect(env.safe(out), JSON.stringify(out.slice(0, 80))).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });

    it(`never throws on mutations of real values; ${traits.signed ? 'an accepted one is the same id' : 'an accepted one is safe'}`, () => {
      const mutated = fc.constantFrom(...env.valid).chain((v) => mutations(v).map((m) => [v, m] as const));
      fc.assert(
        fc.property(mutated, ([original, m]) => {
          const out = answer(env.codec, m);
          if (typeof out !== 'string') return;
          expect(env.safe(out)).toBe(true);
          if (traits.signed) expect(out, `accepted ${JSON.stringify(m.slice(0, 80))}`).toBe(env.codec.decode(original));
        }),
        { numRuns: RUNS },
      );
    });

    it('refuses truncated values (every shorter prefix) when signed; never throws on them', () => {
      for (const v of env.valid.slice(0, 3)) {
        for (let n = 0; n < v.length; n++) {
          const out = answer(env.codec, v.slice(0, n));
          if (traits.signed) expect(typeof out, `${n} of ${v.length}`).not.toBe('string');
        }
      }
    });

    if (traits.signed) {
      it('refuses values the real writer signed with another key', () => {
        expect(env.forged?.length ?? 0).toBeGreaterThan(0);
        for (const f of env.forged ?? []) {
          const out = answer(env.codec, f);
          expect(isRejected(out as never), f.slice(0, 60)).toBe(true);
        }
      });
    }

    if (traits.ages) {
      it('refuses expired values the real writer made as COOKIE_EXPIRED', () => {
        expect(env.expired?.values.length ?? 0).toBeGreaterThan(0);
        for (const v of env.expired?.values ?? []) expect(answer(env.expired!.codec, v)).toEqual({ rejected: 'COOKIE_EXPIRED' });
      });
    }
  });
}
