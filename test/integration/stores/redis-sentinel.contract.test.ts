/**
 * The SessionStore contract for `redis-sentinel`: the master found through three sentinels,
 * written by phpredis' `redis` handler at the master. The sentinels wait a minute before failing
 * over, so "the server" stopped or hung is the master alone, as a client sees it.
 */
import { Redis } from 'ioredis';
import { describe } from 'vitest';
import { createBareStore } from '../../../src/stores/factory.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { allServers } from '../../contracts/servers.js';
import { STORE_OPTS, runStoreContract } from '../../contracts/session-store.js';
import { phpWriteRawSessions } from '../../harness/php-raw-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { SENTINEL_MASTER, startRedisSentinel } from '../../harness/redis-sentinel.js';

describe.runIf(havePrograms('redis-server', 'redis-cli') && havePhpExtensions('redis'))('redis sentinel', () => {
  runStoreContract('redis-sentinel', async () => {
    const s = await startRedisSentinel({ downAfterMs: 60_000 });
    const spec = parseStoreUrl(`redis-sentinel://${s.sentinels.map((x) => `127.0.0.1:${x.port}`).join(',')}/${SENTINEL_MASTER}`);
    if ('error' in spec) throw new Error(spec.error);
    const direct = new Redis({ host: s.master.host, port: s.master.port, lazyConnect: true });
    direct.on('error', () => undefined); // the master is stopped on purpose
    return {
      store: createBareStore(spec, STORE_OPTS),
      locate: (id) => ({ key: `PHPREDIS_SESSION:${id}`, placeBy: id }),
      write: async (sessions) => phpWriteRawSessions({ handler: 'redis', savePath: `tcp://${s.master.host}:${s.master.port}` }, sessions),
      plant: async (key, bytes) => (await direct.set(Buffer.from(key), Buffer.from(bytes))) === 'OK',
      server: allServers([s.master]),
      cleanup: async () => {
        direct.disconnect();
        await s.kill();
      },
    };
  });
});
