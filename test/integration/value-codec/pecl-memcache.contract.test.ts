/**
 * The ValueCodec contract for `peclMemcacheCodec`: values stored by pecl memcache's `\Memcache`
 * client on a real memcached (a string, MEMCACHE_COMPRESSED, the compress threshold, an array
 * whose serialized form is not a session). Bomb: a gigabyte of zeros as zlib with the compressed bit.
 */
import { describe } from 'vitest';
import { peclMemcacheCodec } from '../../../src/value-codec/pecl-memcache.js';
import { zlibZeros } from '../../contracts/bombs.js';
import { VALUE_MAX, runValueCodecContract } from '../../contracts/value-codec.js';
import { mcGetItem } from '../../harness/memcached-text.js';
import { memcacheClientWrite } from '../../harness/php-clients.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startMemcached } from '../../harness/servers.js';

const session = (n: number) => Buffer.from(`user|i:42;pad|s:${n}:"${'y'.repeat(n)}";`);

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcache'))('pecl memcache', () => {
  runValueCodecContract(
    'peclMemcacheCodec',
    async () => {
      const server = await startMemcached();
      try {
        memcacheClientWrite(server.port, [
          { key: 'plain', bytes: session(10) },
          { key: 'compressed', bytes: session(4000), compressed: true },
        ]);
        memcacheClientWrite(server.port, [{ key: 'threshold', bytes: session(30000) }], { compressThreshold: 20000 });
        const written = [];
        for (const [key, n] of [['plain', 10], ['compressed', 4000], ['threshold', 30000]] as const) {
          const item = (await mcGetItem(server.port, key))!;
          written.push({ bytes: item.value, flags: item.flags, plain: session(n), structured: (item.flags & 2) !== 0 });
        }
        return {
          codec: peclMemcacheCodec({ maxBytes: VALUE_MAX }),
          written,
          acceptsFlags: (f) => (f & 0xffff & ~3) === 0,
          bombs: [{ name: 'zlib, 1 GiB of zeros', bytes: await zlibZeros(1 << 30), flags: 2, codes: ['VALUE_TOO_LARGE'] }],
        };
      } finally {
        await server.kill();
      }
    },
    { structured: true, bombs: true },
  );
});
