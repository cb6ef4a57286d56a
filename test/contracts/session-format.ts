/**
 * The SessionFormat contract (src/session-format/types.ts), for every format:
 * - a fast-check round trip through the real writer: random sessions (session-sample.ts) are
 *   encoded by PHP's session_encode / json_encode, Django's SessionStore or pickle (writers.ts),
 *   or the real application (WordPress), and must decode to the value model the writer meant;
 * - malformed input — arbitrary bytes, and mutations of what the writer wrote — gives the session
 *   or a DecodeError (DECODE_*, or VALUE_* from a decompression inside the format), a RejectedError (COOKIE_*) for formats that check the cookie
 *   against the data, and never another exception.
 *
 * Each format's test file calls `runSessionFormatContract('<exported factory>'…)`; the name is
 * checked against src/session-format/'s exports by test/contracts/registry.test.ts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecodeError, RejectedError } from '../../src/errors.js';
import { PhpBytes, PhpFloat, type PhpSession } from '../../src/php/types.js';
import type { SessionFormat } from '../../src/session-format/types.js';

const RUNS = Number(process.env.ISAUTH_FUZZ_RUNS ?? 300);

export interface SessionFormatEnv {
  format: SessionFormat;
  /** What the writer stored, the reference it is read with, and the session it must decode to. */
  written: ReadonlyArray<{ readonly bytes: Uint8Array; readonly ref: string; readonly session: PhpSession }>;
}

/** A comparable form of a decoded value: each type tagged, bytes in hex, -0 and NaN spelled out. */
export function canonical(v: unknown): unknown {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return ['int', String(v)];
  if (typeof v === 'string') return ['str', v];
  if (v instanceof PhpBytes) return ['bytes', Buffer.from(v.bytes).toString('hex')];
  if (v instanceof PhpFloat) return ['float', Object.is(v.value, -0) ? '-0' : String(v.value)];
  if (v instanceof Map) return ['map', [...v].map(([k, x]) => [canonical(k), canonical(x)])];
  return ['other', String(v)];
}

/** Decode; any throw other than a DecodeError or a RejectedError fails the test. */
function attempt(format: SessionFormat, bytes: Uint8Array, ref: string): PhpSession | string {
  try {
    const s = format.decode(bytes, ref);
    expect(s).toBeInstanceOf(Map);
    return s;
  } catch (err) {
    if (err instanceof RejectedError) {
      expect(err.code).toMatch(/^COOKIE_/);
      return err.code;
    }
    expect(err, String(err)).toBeInstanceOf(DecodeError);
    // VALUE_*: a format that inflates (Django's compressed signed JSON) reports the stream's size or damage.
    expect((err as DecodeError).code).toMatch(/^(DECODE|VALUE)_/);
    return (err as DecodeError).code;
  }
}

export function runSessionFormatContract(name: string, setup: () => Promise<SessionFormatEnv> | SessionFormatEnv): void {
  describe(`${name}: SessionFormat contract`, () => {
    let env: SessionFormatEnv;
    beforeAll(async () => {
      env = await setup();
      expect(env.written.length).toBeGreaterThan(0);
    }, 180_000);

    it('round trip: what the real writer wrote decodes to the session it meant', () => {
      for (const [i, w] of env.written.entries()) {
        expect(canonical(env.format.decode(w.bytes, w.ref)), `sample ${i}: ${Buffer.from(w.bytes).toString('latin1').slice(0, 200)}`).toEqual(canonical(w.session));
      }
    });

    it('arbitrary bytes: the session or a decode error, nothing else', () => {
      const ref = env.written[0]!.ref;
      fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => void attempt(env.format, bytes, ref)), { numRuns: RUNS });
    });

    it('mutations of what the writer wrote: the session or a decode error, nothing else', () => {
      const mutated = fc.constantFrom(...env.written).chain((w) =>
        fc.oneof(
          fc.tuple(fc.nat({ max: Math.max(0, w.bytes.length - 1) }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
            const c = Uint8Array.from(w.bytes);
            if (c.length > 0) c[i] = b;
            return [c, w.ref] as const;
          }),
          fc.nat({ max: w.bytes.length }).map((n) => [w.bytes.subarray(0, n), w.ref] as const),
          fc.tuple(fc.nat({ max: w.bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(
            ([i, ins]) => [Buffer.concat([w.bytes.subarray(0, i), ins, w.bytes.subarray(i)]), w.ref] as const,
          ),
        ),
      );
      fc.assert(fc.property(mutated, ([bytes, ref]) => void attempt(env.format, bytes, ref)), { numRuns: RUNS });
    });
  });
}
