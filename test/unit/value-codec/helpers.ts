/** Test-only helpers for the value codecs: error assertions and deterministic payloads. */
import { expect } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import type { ErrorCode } from '../../../src/errors.js';
import { rng } from '../../../bench/sessions.js';

/** Assert fn throws an IsauthError with this code. */
export function expectCode(fn: () => unknown, code: ErrorCode): IsauthError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an IsauthError').toBeInstanceOf(IsauthError);
  expect((caught as IsauthError).code).toBe(code);
  return caught as IsauthError;
}

/** mulberry32 (the bench's seeded PRNG), so every run compresses the same payloads. */
export const prng = rng;

function randomBytes(rand: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

const WORDS = ['user', 'session', 'token', '_security_main', 'ROLE_USER', 'cart', 'id', 'a:3:{', 's:14:"', '";', 'é', '€', '\0', 'i:42;'];

function words(rand: () => number, n: number): Buffer {
  const parts: string[] = [];
  let len = 0;
  while (len < n) {
    const w = WORDS[Math.floor(rand() * WORDS.length)]!;
    parts.push(w);
    len += Buffer.byteLength(w);
  }
  return Buffer.from(parts.join('')).subarray(0, n);
}

/**
 * Payloads that exercise every FastLZ path when PHP compresses them: level 1 (< 64 KiB) and
 * level 2 (≥ 64 KiB, php-memcached's fastlz_compress switches there), runs (distance-1 matches),
 * long matches (level 2's 255-byte length chains), near and far (> 8191) distances, literals.
 */
export function fastlzPayloads(): Array<[string, Buffer]> {
  const rand = prng(20241129);
  const block6k = randomBytes(rand, 6000);
  const block20k = randomBytes(rand, 20_000);
  const out: Array<[string, Buffer]> = [
    ['text 3 KB', words(rand, 3000)],
    ['runs', Buffer.concat([Buffer.alloc(5000, 'a'), Buffer.alloc(3000, 'b'), Buffer.from('xyz'), Buffer.alloc(700, 0)])],
    ['level 1, distances near 8191', Buffer.concat([block6k, words(rand, 2000), block6k])],
    ['just under 64 KiB', words(rand, 65_535)],
    ['exactly 64 KiB (level 2)', words(rand, 65_536)],
    ['level 2 text 200 KB', words(rand, 200_000)],
    ['level 2 far distances', Buffer.concat([block20k, block20k, words(rand, 30_000), block20k, block20k])],
    ['level 2 one long run', Buffer.alloc(100_000, 'x')],
    ['binary with repeats', Buffer.concat(Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? randomBytes(rand, 100) : block6k.subarray(i * 50, i * 50 + 200))))],
  ];
  for (let i = 0; i < 30; i++) {
    const size = 2000 + Math.floor(rand() * 90_000);
    const parts: Buffer[] = [];
    let len = 0;
    while (len < size) {
      const kind = rand();
      const piece =
        kind < 0.3 ? randomBytes(rand, 1 + Math.floor(rand() * 40))
        : kind < 0.6 ? words(rand, 1 + Math.floor(rand() * 300))
        : kind < 0.8 ? Buffer.alloc(1 + Math.floor(rand() * 600), Math.floor(rand() * 256))
        : parts.length > 0 ? parts[Math.floor(rand() * parts.length)]! : Buffer.from('seed');
      parts.push(piece);
      len += piece.length;
    }
    out.push([`mixed #${i} (${size} B)`, Buffer.concat(parts).subarray(0, size)]);
  }
  return out;
}
