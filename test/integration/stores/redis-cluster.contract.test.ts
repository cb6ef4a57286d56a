/**
 * The SessionStore contract for `redis-cluster`: three masters, written by phpredis'
 * `rediscluster` session handler; "the server" is every node at once (stopped or hung together).
 * No proxy: a Cluster client reaches the nodes at the addresses they announce (the size check is
 * the same GETRANGE as redis, read through the proxy in redis.contract.test.ts).
 */
import { Cluster } from 'ioredis';
import { describe } from 'vitest';
import { createBareStore } from '../../../src/stores/factory.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import type { SessionStore } from '../../../src/stores/types.js';
import { allServers } from '../../contracts/servers.js';
import { STORE_OPTS, runStoreContract } from '../../contracts/session-store.js';
import { phpWriteRawSessions } from '../../harness/php-raw-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startRedisCluster, type RunningCluster } from '../../harness/redis-cluster.js';

/** Once verify() passes (as /readyz gates traffic): the client needs its first slot map. */
async function ready(store: SessionStore): Promise<SessionStore> {
  for (let end = Date.now() + 10_000; ; ) {
    if (await store.verify(1000).then(() => true, () => false)) return store;
    if (Date.now() > end) throw new Error('redis cluster store never ready');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(havePrograms('redis-server', 'redis-cli') && havePhpExtensions('redis'))('redis cluster', () => {
  runStoreContract('redis-cluster', async () => {
    const cluster: RunningCluster = await startRedisCluster(3, 0);
    const seeds = cluster.hosts();
    const spec = parseStoreUrl(`redis-cluster://${seeds.join(',')}`);
    if ('error' in spec) throw new Error(spec.error);
    const direct = new Cluster(seeds.map((h) => ({ host: h.split(':')[0]!, port: Number(h.split(':')[1]) })));
    direct.on('error', () => undefined); // the nodes are stopped on purpose
    return {
      store: await ready(createBareStore(spec, STORE_OPTS)),
      locate: (id) => ({ key: `PHPREDIS_CLUSTER_SESSION:${id}`, placeBy: id }),
      write: async (sessions) =>
        phpWriteRawSessions({ handler: 'rediscluster', savePath: seeds.map((h) => `seed[]=${h}`).join('&') }, sessions),
      plant: async (key, bytes) => (await direct.set(Buffer.from(key), Buffer.from(bytes))) === 'OK',
      server: allServers(cluster.nodes, () => cluster.waitOk()),
      cleanup: async () => {
        direct.disconnect();
        await cluster.kill();
      },
    };
  });
});
