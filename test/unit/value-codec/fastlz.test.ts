/**
 * FastLZ against what REAL php-memcached writes (its bundled libfastlz, through a real memcached),
 * plus malformed and truncated streams, output bounds and fuzzing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { fastlzDecompress } from '../../../src/value-codec/fastlz.js';
import { phpMemcachedCodec } from '../../../src/value-codec/php-memcached.js';
import { mcGetItem } from '../../harness/memcached-text.js';
import { memcachedClientWrite } from '../../harness/php-clients.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { expectCode, fastlzPayloads } from './helpers.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');

/** What php-memcached stored for one payload: flags, the 4-byte length and the fastlz block. */
interface Stored {
  name: string;
  original: Buffer;
  flags: number;
  value: Buffer;
}

/** Decompress a whole stored value's block into a buffer of exactly the announced size. */
function inflateStored(s: Stored): Buffer {
  const out = Buffer.alloc(s.value.readUInt32LE(0));
  const n = fastlzDecompress(s.value.subarray(4), out);
  return out.subarray(0, n);
}

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached'))('fastlz: data compressed by real php-memcached', () => {
  let server: RunningServer;
  const stored: Stored[] = [];

  beforeAll(async () => {
    server = await startMemcached();
    const payloads = fastlzPayloads();
    memcachedClientWrite(server.port, payloads.map(([, bytes], i) => ({ key: `fastlz${i}`, bytes })), { compression: 'fastlz' });
    for (const [i, [name, original]] of payloads.entries()) {
      const item = await mcGetItem(server.port, `fastlz${i}`);
      if (!item) throw new Error(`${name}: not stored`);
      stored.push({ name, original, ...item });
    }
  });
  afterAll(() => server?.stop());

  it('every payload was stored compressed with fastlz (flags 0x50), at both levels', () => {
    for (const s of stored) expect([s.name, s.flags]).toEqual([s.name, 0x50]);
    const levels = new Set(stored.map((s) => (s.value[4]! >> 5) + 1));
    expect([...levels].sort()).toEqual([1, 2]);
  });

  it('decompresses each to exactly the bytes PHP was given', () => {
    for (const s of stored) {
      const out = inflateStored(s);
      expect(out.length, s.name).toBe(s.original.length);
      expect(out.equals(s.original), s.name).toBe(true);
    }
  });

  it('through the php-memcached codec too', () => {
    const codec = phpMemcachedCodec({ maxBytes: 1 << 20 });
    for (const s of stored) expect(Buffer.from(codec.decode(s.value, s.flags)).equals(s.original), s.name).toBe(true);
  });

  it('an output buffer one byte short → VALUE_TOO_LARGE, and nothing is written past it', () => {
    for (const s of stored.slice(0, 12)) {
      const size = s.value.readUInt32LE(0);
      const backing = Buffer.alloc(size + 64, 0xaa);
      const out = backing.subarray(0, size - 1);
      expectCode(() => fastlzDecompress(s.value.subarray(4), out), 'VALUE_TOO_LARGE');
      expect(backing.subarray(size - 1).every((b) => b === 0xaa), s.name).toBe(true);
    }
  });

  it('every truncation of a real stream: a prefix of the original or VALUE_CORRUPT; via the codec always VALUE_CORRUPT', () => {
    const codec = phpMemcachedCodec({ maxBytes: 1 << 20 });
    for (const s of stored.filter((x) => x.value.length < 4000).slice(0, 4)) {
      const block = s.value.subarray(4);
      for (let cut = 0; cut < block.length; cut++) {
        const out = Buffer.alloc(s.original.length);
        try {
          const n = fastlzDecompress(block.subarray(0, cut), out);
          expect(n).toBeLessThan(s.original.length);
          expect(out.subarray(0, n).equals(s.original.subarray(0, n))).toBe(true);
        } catch (err) {
          expect((err as IsauthError).code, `${s.name} cut at ${cut}`).toBe('VALUE_CORRUPT');
        }
        expectCode(() => codec.decode(s.value.subarray(0, 4 + cut), s.flags), 'VALUE_CORRUPT');
      }
    }
  });

  it('fast-check: real streams with bytes changed only ever give bytes within the bound or an IsauthError', () => {
    const samples = stored.filter((x) => x.value.length < 20_000);
    fc.assert(
      fc.property(
        fc.nat({ max: samples.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 100_000 }),
        (which, edits, max) => {
          const s = samples[which]!;
          const block = Buffer.from(s.value.subarray(4));
          for (const [pos, byte] of edits) block[pos % block.length] = byte;
          const backing = Buffer.alloc(max + 16, 0xaa);
          try {
            const n = fastlzDecompress(block, backing.subarray(0, max));
            expect(n).toBeLessThanOrEqual(max);
          } catch (err) {
            expect(err).toBeInstanceOf(IsauthError);
            expect(['VALUE_CORRUPT', 'VALUE_TOO_LARGE']).toContain((err as IsauthError).code);
          }
          expect(backing.subarray(max).every((b) => b === 0xaa)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('fastlz: malformed input', () => {
  const out = (): Buffer => Buffer.alloc(1000);

  it('empty input, or a level other than 1 and 2 → VALUE_CORRUPT', () => {
    expectCode(() => fastlzDecompress(Buffer.alloc(0), out()), 'VALUE_CORRUPT');
    for (const first of [0x40, 0x60, 0x80, 0xe0]) expectCode(() => fastlzDecompress(Buffer.from([first, 0x61]), out()), 'VALUE_CORRUPT');
  });

  it('a literal run longer than the bytes left → VALUE_CORRUPT', () => {
    expectCode(() => fastlzDecompress(B('\x04abc'), out()), 'VALUE_CORRUPT'); // wants 5 bytes, has 3
    expect(fastlzDecompress(B('\x02abc'), out())).toBe(3);
  });

  it('a match that reaches before the output start → VALUE_CORRUPT', () => {
    expectCode(() => fastlzDecompress(B('\x00a\x20\x01'), out()), 'VALUE_CORRUPT'); // distance 2, 1 byte written
    const o = out();
    expect(fastlzDecompress(B('\x00a\x20\x00'), o)).toBe(4); // distance 1: "aaaa"
    expect(o.subarray(0, 4).toString()).toBe('aaaa');
  });

  it('truncated matches: distance byte, level-1 length byte, level-2 length chain, level-2 far distance', () => {
    expectCode(() => fastlzDecompress(B('\x00a\x20'), out()), 'VALUE_CORRUPT');
    expectCode(() => fastlzDecompress(B('\x00a\xe0'), out()), 'VALUE_CORRUPT');
    expectCode(() => fastlzDecompress(B('\x00a\xe0\x05'), out()), 'VALUE_CORRUPT');
    expectCode(() => fastlzDecompress(B('\x20a\xe0\xff\xff'), out()), 'VALUE_CORRUPT');
    expectCode(() => fastlzDecompress(B('\x20a\x3f\xff\x00'), out()), 'VALUE_CORRUPT');
    expectCode(() => fastlzDecompress(B('\x20a\x3f\xff'), out()), 'VALUE_CORRUPT');
  });

  it('a level-2 far match (16-bit distance + 8192) reads back across the window', () => {
    const lit = Buffer.alloc(9000, 0);
    for (let i = 0; i < lit.length; i++) lit[i] = (i * 7) & 0xff;
    // literal runs of 32 bytes (ctrl 31), the first carrying the level-2 marker
    const parts: Buffer[] = [];
    for (let i = 0; i < lit.length; i += 32) {
      const chunk = lit.subarray(i, i + 32);
      parts.push(Buffer.from([(i === 0 ? 0x20 : 0) | (chunk.length - 1)]), chunk);
    }
    // match, length 3, distance 8192 + 100: ctrl 0x3f (len bits 1, ofs 31), code 255, then 0x0064
    parts.push(Buffer.from([0x3f, 0xff, 0x00, 100]));
    const o = Buffer.alloc(9003);
    expect(fastlzDecompress(Buffer.concat(parts), o)).toBe(9003);
    const from = 9000 - (8192 + 100);
    expect(o.subarray(9000).equals(lit.subarray(from, from + 3))).toBe(true);
  });
});

describe('fastlz: bombs stop at the output bound', () => {
  /** Level 1: one literal, then N matches of 264 bytes at distance 1 (3 input bytes each). */
  const level1Bomb = (n: number): Buffer => Buffer.concat([B('\x00a'), fill(Buffer.alloc(3 * n), [0xe0, 0xff, 0x00])]);
  /** Level 2: one literal, then one match whose 255-chain claims ~255 bytes per input byte. */
  const level2Bomb = (chain: number): Buffer => Buffer.concat([B('\x20a\xe0'), Buffer.alloc(chain, 0xff), B('\x00\x00')]);

  function fill(b: Buffer, pattern: number[]): Buffer {
    for (let i = 0; i < b.length; i++) b[i] = pattern[i % pattern.length]!;
    return b;
  }

  it('level 1: 3 MB of stream claiming ~260 MB → VALUE_TOO_LARGE at 64 KiB, nothing written past it', () => {
    const bomb = level1Bomb(1_000_000);
    const backing = Buffer.alloc(65_536 + 32, 0xaa);
    const t = performance.now();
    expectCode(() => fastlzDecompress(bomb, backing.subarray(0, 65_536)), 'VALUE_TOO_LARGE');
    expect(performance.now() - t).toBeLessThan(200);
    expect(backing.subarray(65_536).every((b) => b === 0xaa)).toBe(true);
  });

  it('level 2: a 1 MB length chain (one match of ~255 MB) → VALUE_TOO_LARGE before copying anything', () => {
    const backing = Buffer.alloc(4096 + 32, 0xaa);
    expectCode(() => fastlzDecompress(level2Bomb(1_000_000), backing.subarray(0, 4096)), 'VALUE_TOO_LARGE');
    expect(backing.subarray(1).every((b) => b === 0xaa)).toBe(true); // only the literal was written
  });

  it('the same bombs decode when the bound is large enough', () => {
    const o = Buffer.alloc(1 + 264 * 10);
    expect(fastlzDecompress(level1Bomb(10), o)).toBe(o.length);
    expect(o.every((b) => b === 0x61)).toBe(true);
  });

  it('fast-check: arbitrary bytes → a count within the bound or an IsauthError, never a write past it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 3000 }), (input, max) => {
        const backing = Buffer.alloc(max + 16, 0xaa);
        try {
          expect(fastlzDecompress(input, backing.subarray(0, max))).toBeLessThanOrEqual(max);
        } catch (err) {
          expect(err).toBeInstanceOf(IsauthError);
        }
        expect(backing.subarray(max).every((b) => b === 0xaa)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
