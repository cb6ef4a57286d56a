/**
 * Real PHP clients write into a real memcached; the raw value and flags are read back over the
 * text protocol and the codec must return exactly the bytes PHP was given (or refuse, for values
 * that are not strings). php-memcached's `\Memcached` and pecl memcache's `\Memcache`, plus both
 * extensions' session handlers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src/errors.js';
import { decodeSession } from '../../../src/php/session.js';
import { identityCodec } from '../../../src/value-codec/identity.js';
import { peclMemcacheCodec } from '../../../src/value-codec/pecl-memcache.js';
import { phpMemcachedCodec } from '../../../src/value-codec/php-memcached.js';
import type { ValueCodec } from '../../../src/value-codec/types.js';
import { mcGetItem, mcSet } from '../../harness/memcached-text.js';
import { memcacheClientWrite, memcachedClientWrite, phpSerializeString } from '../../harness/php-clients.js';
import { runPhp } from '../../harness/php.js';
import { newSessionId, phpWriteSession } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { expectCode, prng } from '../../unit/value-codec/helpers.js';

const MAX = 1 << 20;
const rand = prng(7);

/** A session-like string of `n` bytes that compresses well (repeated attributes, some UTF-8). */
function sessionLike(n: number): Buffer {
  let s = '_sf2_attributes|a:2:{s:4:"cart";a:0:{}s:4:"note";s:6:"héllo";}';
  while (Buffer.byteLength(s) < n) s += `i${Math.floor(rand() * 1000)}|s:8:"item-${Math.floor(rand() * 99)}x";`;
  return Buffer.from(s).subarray(0, n);
}

/** Bytes that do not compress (php-memcached then stores them as they are, flags 0). */
function noise(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

async function raw(server: RunningServer, key: string): Promise<{ value: Buffer; flags: number }> {
  const item = await mcGetItem(server.port, key);
  if (!item) throw new Error(`${key} was not stored`);
  return item;
}

async function expectExact(server: RunningServer, codec: ValueCodec, key: string, flags: number, original: Uint8Array): Promise<void> {
  const item = await raw(server, key);
  expect({ key, flags: item.flags }).toEqual({ key, flags });
  expect(Buffer.from(codec.decode(item.value, item.flags)).equals(Buffer.from(original)), key).toBe(true);
}

async function expectRefused(server: RunningServer, codec: ValueCodec, key: string, flags: number, code: ErrorCode): Promise<void> {
  const item = await raw(server, key);
  expect({ key, flags: item.flags }).toEqual({ key, flags });
  expectCode(() => codec.decode(item.value, item.flags), code);
}

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached', 'igbinary', 'msgpack'))('php-memcached \\Memcached client', () => {
  let server: RunningServer;
  const codec = phpMemcachedCodec({ maxBytes: MAX });
  const small = sessionLike(1999);
  const at2000 = sessionLike(2000);
  const big = sessionLike(50_000);
  const huge = sessionLike(300_000);
  const incompressible = noise(5000);

  beforeAll(async () => {
    server = await startMemcached();
    for (const compression of ['fastlz', 'zlib'] as const) {
      memcachedClientWrite(
        server.port,
        [
          { key: `${compression}-small`, bytes: small },
          { key: `${compression}-2000`, bytes: at2000 },
          { key: `${compression}-big`, bytes: big },
          { key: `${compression}-huge`, bytes: huge },
          { key: `${compression}-noise`, bytes: incompressible },
          { key: `${compression}-empty`, bytes: '' },
        ],
        { compression },
      );
    }
    memcachedClientWrite(server.port, [{ key: 'off-big', bytes: big }], { compression: false });
    memcachedClientWrite(server.port, [{ key: 'user-flags', bytes: big }], { userFlags: 0x1234 });
    memcachedClientWrite(server.port, [
      { key: 'long', expr: '42' },
      { key: 'double', expr: '1.5' },
      { key: 'bool', expr: 'true' },
      { key: 'null', expr: 'null' },
      { key: 'php-array', expr: '["user" => 42]' },
      { key: 'php-array-big', expr: `array_fill(0, 2000, "item")` },
      { key: 'object', expr: '(object) ["a" => 1]' },
    ]);
    memcachedClientWrite(server.port, [{ key: 'igbinary-array', expr: '["user" => 42]' }], { serializer: 'igbinary' });
    memcachedClientWrite(server.port, [{ key: 'json-array', expr: '["user" => 42]' }], { serializer: 'json' });
    memcachedClientWrite(server.port, [{ key: 'json_array-array', expr: '["user" => 42]' }], { serializer: 'json_array' });
    memcachedClientWrite(server.port, [{ key: 'msgpack-array', expr: '["user" => 42]' }], { serializer: 'msgpack' });
  });
  afterAll(() => server?.stop());

  for (const [compression, bit] of [['fastlz', 0x40], ['zlib', 0x20]] as const) {
    it(`${compression}: strings ≥ 2,000 bytes that compress → flags 0x${(0x10 | bit).toString(16)}, exactly the bytes PHP stored`, async () => {
      await expectExact(server, codec, `${compression}-2000`, 0x10 | bit, at2000);
      await expectExact(server, codec, `${compression}-big`, 0x10 | bit, big);
      await expectExact(server, codec, `${compression}-huge`, 0x10 | bit, huge);
    });

    it(`${compression}: under 2,000 bytes, incompressible, or empty → flags 0, the bytes as they are`, async () => {
      await expectExact(server, codec, `${compression}-small`, 0, small);
      await expectExact(server, codec, `${compression}-noise`, 0, incompressible);
      await expectExact(server, codec, `${compression}-empty`, 0, Buffer.alloc(0));
    });
  }

  it('compression off → flags 0; OPT_USER_FLAGS in the high 16 bits are ignored', async () => {
    await expectExact(server, codec, 'off-big', 0, big);
    await expectExact(server, codec, 'user-flags', (0x1234 << 16) | 0x50, big);
  });

  it('a value larger than maxBytes → VALUE_TOO_LARGE from the length header alone', async () => {
    const item = await raw(server, 'fastlz-huge');
    expect(item.value.length).toBeLessThan(100_000);
    expectCode(() => phpMemcachedCodec({ maxBytes: 100_000 }).decode(item.value, item.flags), 'VALUE_TOO_LARGE');
  });

  it('typed values that are not strings → VALUE_FLAGS (long 1, double 2, bool 3, serialized 4, igbinary 5, json 6, msgpack 7)', async () => {
    await expectRefused(server, codec, 'long', 1, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'double', 2, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'bool', 3, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'null', 4, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'php-array', 4, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'php-array-big', 0x54, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'object', 4, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'igbinary-array', 5, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'json-array', 6, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'json_array-array', 6, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'msgpack-array', 7, 'VALUE_FLAGS');
  });

  it("a string inside PHP's own serialize / igbinary_serialize / json_encode (flags 4, 5, 6) → the string", async () => {
    // \Memcached always stores a PHP string as type 0; another writer may wrap it. The wrapped
    // bytes come from PHP's serializers, planted with the type php-memcached gives each.
    const text = Buffer.concat([sessionLike(3000), Buffer.from([0, 0xff, 0xfe]), Buffer.from('€ ok')]);
    const utf8Text = Buffer.from(`${sessionLike(3000).toString()}€ ok`);
    for (const [kind, type, original] of [['php', 4, text], ['igbinary', 5, text], ['json', 6, utf8Text]] as const) {
      await mcSet(server.port, `typed-${kind}`, phpSerializeString(kind, original), { flags: type });
      await expectExact(server, codec, `typed-${kind}`, type, original);
    }
  });

  it('a pecl memcache flag read by this codec means something else (2 = double here): VALUE_FLAGS', async () => {
    memcacheClientWrite(server.port, [{ key: 'pecl-compressed', bytes: big, compressed: true }]);
    await expectRefused(server, codec, 'pecl-compressed', 2, 'VALUE_FLAGS');
  });
});

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcache'))('pecl memcache \\Memcache client', () => {
  let server: RunningServer;
  const codec = peclMemcacheCodec({ maxBytes: MAX });
  const medium = sessionLike(15_000);
  const big = sessionLike(30_000);
  const binary = Buffer.concat([sessionLike(5000), noise(64), Buffer.from([0, 0, 0xff])]);

  beforeAll(async () => {
    server = await startMemcached();
    memcacheClientWrite(server.port, [
      { key: 'plain', bytes: medium },
      { key: 'over-ini-threshold', bytes: big },
      { key: 'compressed', bytes: big, compressed: true },
      { key: 'compressed-binary', bytes: binary, compressed: true },
      { key: 'compressed-small', bytes: 'a|i:1;', compressed: true },
      { key: 'array', expr: '["user" => 42]' },
      { key: 'array-compressed', expr: 'array_fill(0, 3000, "item")', compressed: true },
      { key: 'long', expr: '5' },
      { key: 'bool', expr: 'true' },
      { key: 'double', expr: '1.5' },
    ]);
    memcacheClientWrite(server.port, [{ key: 'auto', bytes: medium }], { compressThreshold: 2000 });
  });
  afterAll(() => server?.stop());

  it('strings: plain → flags 0; MEMCACHE_COMPRESSED, over memcache.compress_threshold (20,000) or setCompressThreshold → flags 2 (zlib); exactly the bytes PHP stored', async () => {
    await expectExact(server, codec, 'plain', 0, medium);
    await expectExact(server, codec, 'over-ini-threshold', 2, big);
    await expectExact(server, codec, 'compressed', 2, big);
    await expectExact(server, codec, 'compressed-binary', 2, binary);
    await expectExact(server, codec, 'auto', 2, medium);
  });

  it('MEMCACHE_COMPRESSED on a value that does not shrink enough: stored as it is, flags 0', async () => {
    await expectExact(server, codec, 'compressed-small', 0, Buffer.from('a|i:1;'));
  });

  it('a compressed string larger than maxBytes → VALUE_TOO_LARGE', async () => {
    const item = await raw(server, 'compressed');
    expectCode(() => peclMemcacheCodec({ maxBytes: 10_000 }).decode(item.value, item.flags), 'VALUE_TOO_LARGE');
  });

  it('serialized arrays (1, compressed 3), long 0x300, bool 0x100, double 0x700 → VALUE_FLAGS', async () => {
    await expectRefused(server, codec, 'array', 1, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'array-compressed', 3, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'long', 0x300, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'bool', 0x100, 'VALUE_FLAGS');
    await expectRefused(server, codec, 'double', 0x700, 'VALUE_FLAGS');
  });
});

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached', 'memcache'))('the session handlers themselves', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startMemcached();
  });
  afterAll(() => server?.stop());

  it('php-memcached (save_handler=memcached) never compresses: flags 0, read by the identity codec', async () => {
    const id = newSessionId();
    phpWriteSession({ handler: 'memcached', savePath: `127.0.0.1:${server.port}` }, id, `$_SESSION['user'] = 42; $_SESSION['pad'] = str_repeat('abc', 5000);`);
    const item = await raw(server, `memc.sess.key.${id}`);
    expect(item.flags).toBe(0);
    expect(decodeSession(identityCodec().decode(item.value, item.flags), 'php').get('user')).toBe(42);
  });

  it('pecl memcache (save_handler=memcache): a 30 KB session is zlib-compressed (flags 2) and decodes; its .lock key is a long', async () => {
    const id = newSessionId();
    runPhp(
      `session_id(${JSON.stringify(id)}); session_start(); $_SESSION['user'] = 42; $_SESSION['pad'] = str_repeat('abc', 10000); session_write_close();`,
      {
        ini: {
          'session.save_handler': 'memcache',
          'session.save_path': `"tcp://127.0.0.1:${server.port}"`,
          'session.use_cookies': '0',
          'session.use_strict_mode': '0',
          'session.cache_limiter': '',
        },
      },
    );
    const item = await raw(server, id);
    expect(item.flags).toBe(2);
    const session = decodeSession(peclMemcacheCodec({ maxBytes: MAX }).decode(item.value, item.flags), 'php');
    expect(session.get('user')).toBe(42);
    expect(session.get('pad')).toBe('abc'.repeat(10000));
    const lock = await mcGetItem(server.port, `${id}.lock`);
    if (lock) expectCode(() => peclMemcacheCodec({ maxBytes: MAX }).decode(lock.value, lock.flags), 'VALUE_FLAGS');
  });
});
