/**
 * Fuzz over real PHP-written sessions: bytes flipped, inserted, deleted, cut. Bounded
 * iterations with a fixed seed. Asserts: the decoder returns or throws a DecodeError, never
 * anything else, and never takes long; and whenever PHP accepts a mutant, isauth accepts it
 * with the same value. PHP decodes without any class loaded (what the sidecar knows), so the
 * sample holds no class instances (only incomplete classes, stdClass, cycles). The reverse
 * (isauth accepting what PHP rejects) is allowed only where PHP needs the class: enum cases,
 * Serializable payloads in igbinary, class-specific property rules.
 */
import { describe, expect, it } from 'vitest';
import { havePhpExtensions } from '../../harness/programs.js';
import { DecodeError } from '../../../src/errors.js';
import { decodeSession, decodeSessionKeys } from '../../../src/php/session.js';
import type { SerializerName } from '../../../src/php/types.js';
import { canon, phpDecode, phpEncode } from './php-canon.js';

/** Generous (CI machines are busy); a hang or a quadratic blow-up is what it catches. */
const MAX_MS = 250;

/** A small seeded PRNG (mulberry32) so every run fuzzes the same mutants. */
class Rng {
  constructor(private s: number) {}
  nextInt(min: number, max: number): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return min + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max - min + 1));
  }
}

function mutate(b: Buffer, rnd: Rng): Buffer {
  const out = [...b];
  const n = 1 + rnd.nextInt(0, 3);
  for (let k = 0; k < n; k++) {
    const i = rnd.nextInt(0, Math.max(0, out.length - 1));
    const op = rnd.nextInt(0, 3);
    const byte = rnd.nextInt(0, 1) ? rnd.nextInt(0, 255) : ':;"{}|0123456789aisNbdORrCE'.charCodeAt(rnd.nextInt(0, 26));
    if (op === 0) out[i] = byte;
    else if (op === 1) out.splice(i, 0, byte);
    else if (op === 2) out.splice(i, 1);
    else out.length = i;
  }
  return Buffer.from(out);
}

function timed(handler: SerializerName, bytes: Buffer, knows: boolean): unknown {
  const t0 = performance.now();
  let result: unknown;
  try {
    result = canon(decodeSession(bytes, handler), knows);
    decodeSessionKeys(bytes, handler, new Set(['obj', 'ints', 'self']));
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    result = false;
  }
  expect(performance.now() - t0).toBeLessThan(MAX_MS);
  return result;
}

describe.runIf(havePhpExtensions('igbinary', 'session'))('fuzz: mutated real sessions', () => {
  for (const handler of ['php', 'php_binary', 'php_serialize', 'igbinary'] as const) {
    it(`${handler}: only DecodeError, bounded time, never rejects what PHP accepts`, () => {
      const { plain: sample } = phpEncode(handler);
      const gen = seeded(handler);
      const mutants = Array.from({ length: 400 }, () => mutate(sample, gen));
      const knows = false;
      const php = phpDecode(handler, mutants, true);
      let phpAccepts = 0;
      for (let i = 0; i < mutants.length; i++) {
        const mine = timed(handler, mutants[i]!, knows);
        if (php[i] === false) continue;
        phpAccepts++;
        expect({ i, mine }).toEqual({ i, mine: php[i] });
      }
      expect(phpAccepts).toBeGreaterThan(0);
    });
  }
});

function seeded(seedText: string): Rng {
  let seed = 42;
  for (const c of seedText) seed = (seed * 31 + c.charCodeAt(0)) | 0;
  return new Rng(seed);
}
