/**
 * The ValueCodec contract for `phpMemcachedCodec`: values stored by php-memcached's `\Memcached`
 * client on a real memcached (plain strings, fastlz and zlib compression, the php, igbinary and
 * json serializers, user flags) read back raw. Bombs: a gigabyte of zeros as zlib behind its true
 * length and behind a lying one, and php-memcached's own fastlz block of 8 MB behind a lying length.
 */
import { describe } from 'vitest';
import { phpMemcachedCodec } from '../../../src/value-codec/php-memcached.js';
import { withLength, zlibZeros } from '../../contracts/bombs.js';
import { VALUE_MAX, runValueCodecContract } from '../../contracts/value-codec.js';
import { mcGetItem } from '../../harness/memcached-text.js';
import { memcachedClientWrite, type MemcachedClientOptions } from '../../harness/php-clients.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startMemcached } from '../../harness/servers.js';

const session = (n: number) => Buffer.from(`user|i:42;pad|s:${n}:"${'x'.repeat(n)}";`);

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached', 'igbinary'))('php-memcached', () => {
  runValueCodecContract(
    'phpMemcachedCodec',
    async () => {
      const server = await startMemcached({ args: ['-I', '16m'] });
      try {
        const cases: Array<[string, Buffer, MemcachedClientOptions]> = [
          ['plain', session(10), {}],
          ['fastlz', session(5000), { compression: 'fastlz' }],
          ['zlib', session(5000), { compression: 'zlib' }],
          ['igbinary', session(20), { serializer: 'igbinary', compression: false }],
          ['json', session(20), { serializer: 'json', compression: false }],
          ['user-flags', session(3000), { userFlags: 0x1234 }],
        ];
        const written = [];
        for (const [key, plain, opts] of cases) {
          memcachedClientWrite(server.port, [{ key, bytes: plain }], opts);
          const item = (await mcGetItem(server.port, key))!;
          written.push({ bytes: item.value, flags: item.flags, plain, structured: (item.flags & 0xfff0) !== 0 || (item.flags & 0xf) !== 0 });
        }
        memcachedClientWrite(server.port, [{ key: 'big', bytes: Buffer.alloc(8 << 20, 0x61) }], { compression: 'fastlz' });
        const big = (await mcGetItem(server.port, 'big'))!;
        const zeros = await zlibZeros(1 << 30);
        return {
          codec: phpMemcachedCodec({ maxBytes: VALUE_MAX }),
          written,
          acceptsFlags: (f) => [0, 4, 5, 6].includes(f & 0xf) && [0, 0x30, 0x50, 0x70].includes(f & 0xfff0),
          bombs: [
            { name: 'zlib, 1 GiB announced', bytes: withLength(1 << 30, zeros), flags: 0x30, codes: ['VALUE_TOO_LARGE'] },
            { name: 'zlib, 1 GiB behind a length of maxBytes', bytes: withLength(VALUE_MAX, zeros), flags: 0x30, codes: ['VALUE_CORRUPT', 'VALUE_TOO_LARGE'] },
            { name: 'fastlz, 8 MiB as php-memcached wrote it', bytes: big.value, flags: big.flags, codes: ['VALUE_TOO_LARGE'] },
            { name: 'fastlz, 8 MiB behind a length of maxBytes', bytes: withLength(VALUE_MAX, big.value.subarray(4)), flags: big.flags, codes: ['VALUE_CORRUPT', 'VALUE_TOO_LARGE'] },
          ],
        };
      } finally {
        await server.kill();
      }
    },
    { structured: true, bombs: true },
  );
});
