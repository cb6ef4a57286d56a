/**
 * The ValueCodec contract (src/value-codec/types.ts), for every codec, with values made by the
 * real writer (php-memcached's and pecl memcache's clients, pymemcache, Laravel's Encrypter,
 * PHP's serialize and base64_encode):
 * - what the writer stored decodes to the serialized session it holds;
 * - it returns at most maxBytes, and fails only with an IsauthError VALUE_* (or a RejectedError
 *   COOKIE_*): fast-check over arbitrary bytes and flags, and over mutations of real values;
 * - truncated values of a structured encoding (compressed, encrypted, wrapped) → VALUE_CORRUPT;
 * - flags it does not read → VALUE_FLAGS; a codec that does not look at flags answers the same
 *   whatever they are;
 * - compression bombs (a gigabyte of zeros behind a true or a lying length) → VALUE_TOO_LARGE or
 *   VALUE_CORRUPT, with the process's peak memory grown by far less than the bomb: refused
 *   before inflating, or inflation stopped at the limit.
 *
 * Each codec's test file calls `runValueCodecContract('<exported factory>'…)`; the name is checked
 * against src/value-codec/'s exports by test/contracts/registry.test.ts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { IsauthError, RejectedError } from '../../src/errors.js';
import type { ValueCodec } from '../../src/value-codec/types.js';

export const VALUE_MAX = 64 * 1024;
const RUNS = Number(process.env.ISAUTH_FUZZ_RUNS ?? 300);
const REF = 'contract-reference';

export interface Stored {
  readonly bytes: Uint8Array;
  readonly flags: number;
}

export interface ValueCodecEnv {
  /** Built with maxBytes = VALUE_MAX. */
  codec: ValueCodec;
  /** What the real writer stored, and the serialized session inside (`structured`: compressed, encrypted or wrapped). */
  written: ReadonlyArray<Stored & { readonly plain: Uint8Array; readonly structured?: boolean }>;
  /** Flags the codec reads (others → VALUE_FLAGS); absent when it does not look at them. */
  acceptsFlags?: (flags: number) => boolean;
  /** Corrupt values (made from real ones): each → VALUE_CORRUPT. */
  corrupt?: readonly Stored[];
  /** Oversized values and bombs, each refused with one of `codes`. */
  bombs?: ReadonlyArray<Stored & { readonly name: string; readonly codes: readonly string[] }>;
}

export interface ValueCodecTraits {
  /** Some written values have a structure (compression, encryption, a wrapper): truncated, they are corrupt. */
  structured: boolean;
  /** The codec sizes or inflates data: env.bombs holds values past the limit. */
  bombs: boolean;
}

type Result = { ok: Uint8Array } | { code: string };

/** Decode; any throw that is not a VALUE_* IsauthError or a RejectedError fails the test. */
function attempt(codec: ValueCodec, bytes: Uint8Array, flags: number): Result {
  try {
    const ok = codec.decode(bytes, flags, REF);
    expect(ok).toBeInstanceOf(Uint8Array);
    expect(ok.length).toBeLessThanOrEqual(VALUE_MAX);
    return { ok };
  } catch (err) {
    expect(err, String(err)).toBeInstanceOf(IsauthError);
    const code = (err as IsauthError).code;
    if (err instanceof RejectedError) expect(code).toMatch(/^COOKIE_/);
    else expect(code).toMatch(/^VALUE_/);
    return { code };
  }
}

const flagsArb = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xff }), fc.integer({ min: 0, max: 0xffffffff }));

export function runValueCodecContract(name: string, setup: () => Promise<ValueCodecEnv> | ValueCodecEnv, traits: ValueCodecTraits): void {
  describe(`${name}: ValueCodec contract`, () => {
    let env: ValueCodecEnv;
    beforeAll(async () => {
      env = await setup();
      expect(env.written.length).toBeGreaterThan(0);
    }, 180_000);

    it('decodes what the real writer stored to the serialized session inside', () => {
      for (const w of env.written) {
        expect(Buffer.from(env.codec.decode(w.bytes, w.flags, REF)).equals(Buffer.from(w.plain)), `flags ${w.flags}`).toBe(true);
      }
    });

    it('arbitrary bytes and flags: at most maxBytes out, or a VALUE_* error — nothing else', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 3000 }), flagsArb, (bytes, flags) => void attempt(env.codec, bytes, flags)),
        { numRuns: RUNS },
      );
    });

    it('mutations of real values: at most maxBytes out, or a VALUE_* error — nothing else', () => {
      const mutated = fc.constantFrom(...env.written).chain((w) =>
        fc.oneof(
          fc.tuple(fc.nat({ max: Math.max(0, w.bytes.length - 1) }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
            const c = Uint8Array.from(w.bytes);
            if (c.length > 0) c[i] = b;
            return { bytes: c, flags: w.flags };
          }),
          fc.nat({ max: w.bytes.length }).map((n) => ({ bytes: w.bytes.subarray(0, n), flags: w.flags })),
          fc.tuple(fc.nat({ max: w.bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([i, ins]) => ({
            bytes: Buffer.concat([w.bytes.subarray(0, i), ins, w.bytes.subarray(i)]),
            flags: w.flags,
          })),
        ),
      );
      fc.assert(fc.property(mutated, (m) => void attempt(env.codec, m.bytes, m.flags)), { numRuns: RUNS });
    });

    if (traits.structured) {
      it('a truncated value of the writer, or one made corrupt → VALUE_CORRUPT', () => {
        const structured = env.written.filter((w) => w.structured);
        expect(structured.length + (env.corrupt?.length ?? 0)).toBeGreaterThan(0);
        for (const w of structured) {
          for (const n of [0, 1, Math.floor(w.bytes.length / 2), w.bytes.length - 1]) {
            if (n >= w.bytes.length) continue;
            expect(attempt(env.codec, w.bytes.subarray(0, n), w.flags), `${n} of ${w.bytes.length}`).toEqual({ code: 'VALUE_CORRUPT' });
          }
        }
        for (const c of env.corrupt ?? []) expect(attempt(env.codec, c.bytes, c.flags), Buffer.from(c.bytes).toString('latin1', 0, 40)).toEqual({ code: 'VALUE_CORRUPT' });
      });
    }

    it('flags: unknown ones → VALUE_FLAGS; a codec that does not read them answers the same for any', () => {
      const w = env.written[0]!;
      const expected = attempt(env.codec, w.bytes, w.flags);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 0xffffffff }), (flags) => {
          const got = attempt(env.codec, w.bytes, flags);
          if (env.acceptsFlags === undefined) expect(got).toEqual(expected);
          else if (!env.acceptsFlags(flags)) expect(got).toEqual({ code: 'VALUE_FLAGS' });
        }),
        { numRuns: RUNS },
      );
    });

    if (traits.bombs) it('bombs and oversized values: refused, peak memory far below their size', () => {
      expect(env.bombs?.length ?? 0).toBeGreaterThan(0);
      for (const b of env.bombs ?? []) {
        const before = process.resourceUsage().maxRSS;
        const got = attempt(env.codec, b.bytes, b.flags);
        const grownMb = (process.resourceUsage().maxRSS - before) / 1024;
        expect('code' in got ? got.code : 'decoded', b.name).toSatisfy((c: string) => b.codes.includes(c));
        expect(grownMb, `${b.name}: peak memory grew by ${grownMb.toFixed(0)} MB`).toBeLessThan(128);
      }
    });
  });
}
