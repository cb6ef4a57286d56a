/**
 * The codecs' flag handling, limits and bombs, with bytes built here (what real PHP writes is
 * tested against real PHP in fastlz.test.ts and test/integration/value-codec/).
 */
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { identityCodec } from '../../../src/value-codec/identity.js';
import { peclMemcacheCodec } from '../../../src/value-codec/pecl-memcache.js';
import { phpMemcachedCodec } from '../../../src/value-codec/php-memcached.js';
import { igbinaryString, jsonString, serializedString } from '../../../src/value-codec/typed-string.js';
import { inflateBounded } from '../../../src/value-codec/zlib.js';
import { expectCode } from './helpers.js';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');
const U = (s: string): Buffer => Buffer.from(s, 'utf8');
const str = (u: Uint8Array): string => Buffer.from(u).toString('latin1');

/** php-memcached's compressed form: 4-byte little-endian length, then the block. */
function withHeader(length: number, block: Uint8Array): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt32LE(length);
  return Buffer.concat([h, block]);
}

describe('identity codec', () => {
  it('flags 0 → the same bytes (no copy); any other flags → VALUE_FLAGS', () => {
    const bytes = B('a|i:1;');
    expect(identityCodec().decode(bytes, 0)).toBe(bytes);
    for (const f of [1, 2, 0x10, 0x50, 0x10000]) expectCode(() => identityCodec().decode(bytes, f), 'VALUE_FLAGS');
  });
});

describe('php-memcached codec: flags', () => {
  const codec = phpMemcachedCodec({ maxBytes: 1000 });

  it('string type → the bytes as stored; user flags (high 16 bits) are ignored', () => {
    expect(str(codec.decode(B('a|i:1;'), 0))).toBe('a|i:1;');
    expect(str(codec.decode(B('a|i:1;'), 0xffff0000))).toBe('a|i:1;');
  });

  it('long, double, bool, msgpack and unknown types → VALUE_FLAGS', () => {
    for (const t of [1, 2, 3, 7, 8, 15]) expectCode(() => codec.decode(B('1'), t), 'VALUE_FLAGS');
  });

  it('unknown internal bits, zstd, a type bit without "compressed", "compressed" without a type → VALUE_FLAGS', () => {
    for (const f of [0x100, 0x8000, 0x90, 0x20, 0x40, 0x10]) expectCode(() => codec.decode(withHeader(1, B('a')), f), 'VALUE_FLAGS');
  });

  it('zlib (0x30) and fastlz (0x50); with both bits fastlz wins, as in PHP', () => {
    const text = U('_sf2_attributes|a:0:{}'.repeat(10));
    expect(Buffer.from(codec.decode(withHeader(text.length, deflateSync(text)), 0x30)).equals(text)).toBe(true);
    const short = text.subarray(0, 32);
    const oneLiteral = withHeader(32, Buffer.concat([Buffer.from([31]), short])); // one 32-byte literal run
    expect(Buffer.from(codec.decode(oneLiteral, 0x50)).equals(short)).toBe(true);
    expect(Buffer.from(codec.decode(oneLiteral, 0x70)).equals(short)).toBe(true);
  });

  it('the announced length is checked BEFORE decompressing: a huge claim over garbage → VALUE_TOO_LARGE', () => {
    expectCode(() => codec.decode(withHeader(0xffffffff, B('not compressed at all')), 0x50), 'VALUE_TOO_LARGE');
    expectCode(() => codec.decode(withHeader(1001, B('garbage')), 0x30), 'VALUE_TOO_LARGE');
    expectCode(() => codec.decode(withHeader(1000, B('garbage')), 0x30), 'VALUE_CORRUPT');
  });

  it('a compressed value shorter than its 4-byte header → VALUE_CORRUPT', () => {
    expectCode(() => codec.decode(B('\x01\x00'), 0x50), 'VALUE_CORRUPT');
  });

  it('fastlz giving fewer or more bytes than announced → VALUE_CORRUPT', () => {
    const lit = Buffer.concat([Buffer.from([4]), B('hello')]);
    expect(str(codec.decode(withHeader(5, lit), 0x50))).toBe('hello');
    expectCode(() => codec.decode(withHeader(6, lit), 0x50), 'VALUE_CORRUPT');
    expectCode(() => codec.decode(withHeader(4, lit), 0x50), 'VALUE_CORRUPT');
  });

  it('zlib giving more than announced → VALUE_CORRUPT; fewer is what PHP returns too', () => {
    const z = deflateSync(B('hello world'));
    expectCode(() => codec.decode(withHeader(5, z), 0x30), 'VALUE_CORRUPT');
    expect(str(codec.decode(withHeader(20, z), 0x30))).toBe('hello world');
  });

  it('an uncompressed value over maxBytes → VALUE_TOO_LARGE', () => {
    expectCode(() => codec.decode(Buffer.alloc(1001), 0), 'VALUE_TOO_LARGE');
  });
});

describe('zlib bombs stop at the bound', () => {
  const bomb = deflateSync(Buffer.alloc(100 << 20), { level: 9 }); // 100 MiB of zeros, ~100 KB

  it('inflateBounded: VALUE_TOO_LARGE quickly, without inflating it all', () => {
    const t = performance.now();
    expectCode(() => inflateBounded(bomb, 1 << 20), 'VALUE_TOO_LARGE');
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('pecl memcache (no length header): VALUE_TOO_LARGE at maxBytes', () => {
    expectCode(() => peclMemcacheCodec({ maxBytes: 1 << 20 }).decode(bomb, 2), 'VALUE_TOO_LARGE');
  });

  it('php-memcached: claiming the true size → VALUE_TOO_LARGE before inflating; claiming a small one → VALUE_CORRUPT at that size', () => {
    const codec = phpMemcachedCodec({ maxBytes: 1 << 20 });
    expectCode(() => codec.decode(withHeader(100 << 20, bomb), 0x30), 'VALUE_TOO_LARGE');
    const t = performance.now();
    expectCode(() => codec.decode(withHeader(1000, bomb), 0x30), 'VALUE_CORRUPT');
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('a fastlz bomb under php-memcached claiming little → VALUE_CORRUPT, claiming much → VALUE_TOO_LARGE', () => {
    const fastlzBomb = Buffer.concat([B('\x20a\xe0'), Buffer.alloc(100_000, 0xff), B('\x00\x00')]);
    const codec = phpMemcachedCodec({ maxBytes: 1 << 20 });
    expectCode(() => codec.decode(withHeader(4096, fastlzBomb), 0x50), 'VALUE_CORRUPT');
    expectCode(() => codec.decode(withHeader(100_000 * 255, fastlzBomb), 0x50), 'VALUE_TOO_LARGE');
  });

  it('truncated or garbage zlib → VALUE_CORRUPT', () => {
    const z = deflateSync(B('x'.repeat(5000)));
    expectCode(() => inflateBounded(z.subarray(0, z.length - 6), 10_000), 'VALUE_CORRUPT');
    expectCode(() => inflateBounded(B('garbage'), 10_000), 'VALUE_CORRUPT');
    expect(inflateBounded(deflateSync(Buffer.alloc(0)), 0).length).toBe(0);
  });
});

describe('pecl memcache codec: flags', () => {
  const codec = peclMemcacheCodec({ maxBytes: 1000 });

  it('string (0) → bytes; compressed (2) → inflated; user flags ignored', () => {
    expect(str(codec.decode(B('a|i:1;'), 0))).toBe('a|i:1;');
    expect(str(codec.decode(deflateSync(B('a|i:1;')), 2))).toBe('a|i:1;');
    expect(str(codec.decode(B('a|i:1;'), 0x10000))).toBe('a|i:1;');
  });

  it('bool (0x100), long (0x300, the .lock key), double (0x700), other low bits → VALUE_FLAGS', () => {
    for (const f of [0x100, 0x300, 0x700, 0x200, 0x04, 0x80, 0x1000, 0x301]) expectCode(() => codec.decode(B('1'), f), 'VALUE_FLAGS');
  });

  it('serialized (1): a PHP string → its bytes; anything else → VALUE_FLAGS; compressed + serialized (3) too', () => {
    expect(str(codec.decode(B('s:6:"a|i:1;";'), 1))).toBe('a|i:1;');
    expect(str(codec.decode(deflateSync(B('s:6:"a|i:1;";')), 3))).toBe('a|i:1;');
    expectCode(() => codec.decode(B('a:1:{i:0;i:1;}'), 1), 'VALUE_FLAGS');
    expectCode(() => codec.decode(B('s:7:"a|i:1;";'), 1), 'VALUE_CORRUPT');
  });
});

describe('typed strings (serialize, igbinary, json)', () => {
  it('serialize(): s:N:"…"; exactly, else VALUE_FLAGS (not a string) or VALUE_CORRUPT', () => {
    expect(str(serializedString(B('s:0:"";')))).toBe('');
    expect(str(serializedString(B('s:3:"a"b";')))).toBe('a"b');
    for (const v of ['N;', 'i:1;', 'a:0:{}', 'O:8:"stdClass":0:{}', 'b:1;', '']) expectCode(() => serializedString(B(v)), 'VALUE_FLAGS');
    for (const v of ['s:3:"ab";', 's:1:"ab";', 's:2:"ab";x', 's:2:"ab"', 's:-1:"";', 's::"";', 's:2:"ab\';']) {
      expectCode(() => serializedString(B(v)), 'VALUE_CORRUPT');
    }
  });

  it('igbinary: string8/16/32/64 and empty; other types VALUE_FLAGS; bad lengths VALUE_CORRUPT', () => {
    const v2 = B('\x00\x00\x00\x02');
    expect(str(igbinaryString(Buffer.concat([v2, B('\x11\x02ab')])))).toBe('ab');
    expect(str(igbinaryString(Buffer.concat([v2, B('\x12\x00\x02ab')])))).toBe('ab');
    expect(str(igbinaryString(Buffer.concat([v2, B('\x13\x00\x00\x00\x02ab')])))).toBe('ab');
    expect(str(igbinaryString(Buffer.concat([v2, B('\x26\x00\x00\x00\x00\x00\x00\x00\x02ab')])))).toBe('ab');
    expect(str(igbinaryString(Buffer.concat([v2, B('\x0d')])))).toBe('');
    expect(str(igbinaryString(Buffer.concat([B('\x00\x00\x00\x01'), B('\x11\x01a')])))).toBe('a');
    for (const t of ['\x00', '\x05', '\x06\x01', '\x14\x00', '\x17\x00', '\x0e\x00']) expectCode(() => igbinaryString(Buffer.concat([v2, B(t)])), 'VALUE_FLAGS');
    for (const v of ['\x11\x03ab', '\x11\x01ab', '\x12\x00', '\x13\xff\xff\xff\xff']) expectCode(() => igbinaryString(Buffer.concat([v2, B(v)])), 'VALUE_CORRUPT');
    expectCode(() => igbinaryString(B('\x00\x00\x00\x03\x11\x01a')), 'VALUE_CORRUPT');
    expectCode(() => igbinaryString(B('\x00\x00')), 'VALUE_CORRUPT');
  });

  it('json: one JSON string (escapes, surrogate pairs, whitespace) → UTF-8 bytes', () => {
    expect(Buffer.from(jsonString(B(' "a\\/b\\u00e9\\ud83d\\ude00\\u0000" '))).equals(U('a/bé😀\0'))).toBe(true);
    expect(Buffer.from(jsonString(U('"é"'))).equals(U('é'))).toBe(true);
  });

  it('json: not a string → VALUE_FLAGS; lone surrogate, invalid UTF-8, BOM, trailing data → VALUE_CORRUPT/FLAGS', () => {
    for (const v of ['{"a":1}', '[1]', '1', 'null', 'true', '']) expectCode(() => jsonString(B(v)), 'VALUE_FLAGS');
    for (const v of ['"\\ud800"', '"\\udc00x"', '"a" "b"', '"unterminated', '"\x01"']) expectCode(() => jsonString(B(v)), 'VALUE_CORRUPT');
    expectCode(() => jsonString(B('"\xff"')), 'VALUE_CORRUPT');
    expectCode(() => jsonString(B('\xef\xbb\xbf"a"')), 'VALUE_FLAGS');
  });

  it('through php-memcached types 4, 5, 6 (compressed as well)', () => {
    const codec = phpMemcachedCodec({ maxBytes: 1000 });
    expect(str(codec.decode(B('s:6:"a|i:1;";'), 4))).toBe('a|i:1;');
    expect(str(codec.decode(B('\x00\x00\x00\x02\x11\x06a|i:1;'), 5))).toBe('a|i:1;');
    expect(str(codec.decode(B('"a|i:1;"'), 6))).toBe('a|i:1;');
    const ser = B(`s:300:"${'x'.repeat(300)}";`);
    expect(str(codec.decode(withHeader(ser.length, deflateSync(ser)), 0x34))).toBe('x'.repeat(300));
    expectCode(() => codec.decode(B('a:0:{}'), 4), 'VALUE_FLAGS');
  });
});

describe('fast-check: no input throws anything but IsauthError, no output exceeds maxBytes', () => {
  const flagsArb = fc.oneof(
    fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 0x10, 0x30, 0x34, 0x35, 0x36, 0x50, 0x54, 0x56, 0x70, 0x90, 0x100, 0x300, 0x700),
    fc.integer({ min: 0, max: 0xffffffff }),
  );
  const bytesArb = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    // plausible headers: small length claims followed by a fastlz-ish or zlib block
    fc.tuple(fc.integer({ min: 0, max: 600 }), fc.uint8Array({ maxLength: 100 })).map(([n, b]) => withHeader(n, b)),
    fc.tuple(fc.integer({ min: 0, max: 600 }), fc.uint8Array({ maxLength: 600 })).map(([n, b]) => withHeader(n, deflateSync(b))),
    fc.uint8Array({ maxLength: 600 }).map((b) => deflateSync(b)),
    fc.string({ maxLength: 50 }).map((s) => U(`s:${Buffer.byteLength(s)}:"${s}";`)),
    fc.string({ maxLength: 50 }).map((s) => U(JSON.stringify(s))),
  );
  const maxArb = fc.integer({ min: 0, max: 400 });

  for (const [name, make] of [
    ['php-memcached', (maxBytes: number) => phpMemcachedCodec({ maxBytes })],
    ['pecl memcache', (maxBytes: number) => peclMemcacheCodec({ maxBytes })],
    ['identity', () => identityCodec()],
  ] as const) {
    it(name, () => {
      fc.assert(
        fc.property(bytesArb, flagsArb, maxArb, (bytes, flags, maxBytes) => {
          try {
            const out = make(maxBytes).decode(bytes, flags);
            expect(out).toBeInstanceOf(Uint8Array);
            if (name !== 'identity') expect(out.length).toBeLessThanOrEqual(maxBytes);
          } catch (err) {
            expect(err).toBeInstanceOf(IsauthError);
            expect(['VALUE_FLAGS', 'VALUE_CORRUPT', 'VALUE_TOO_LARGE']).toContain((err as IsauthError).code);
          }
        }),
        { numRuns: 3000 },
      );
    });
  }
});
