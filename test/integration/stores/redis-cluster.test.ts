/**
 * A real 3-master Redis Cluster (+1 replica each) on free ports, written by phpredis' `rediscluster`
 * session handler; a master is killed mid-test: isauth keeps answering (a short bypass window is
 * allowed, a wrong answer never) and follows the promoted replica without a restart. The store
 * contract: redis-cluster.contract.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { newSessionId, phpWriteSessions, type PhpSessionTarget } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startRedisCluster, type RunningCluster } from '../../harness/redis-cluster.js';
import { storeReader, type SessionReader } from '../../harness/store-reader.js';

const N = 40;
const OPTS = { maxAgeSeconds: 1440, maxBytes: 64 * 1024 };

/**
 * A store over the cluster, once verify() passes (as /readyz gates traffic): the Cluster client
 * needs its first slot map, and a busy machine can make that slower than a first read's deadline.
 */
async function clusterStore(c: RunningCluster, seeds: number): Promise<SessionReader> {
  const spec = parseStoreUrl(`redis-cluster://${c.hosts(seeds).join(',')}`);
  if ('error' in spec) throw new Error(spec.error);
  const store = storeReader(spec, OPTS);
  for (let end = Date.now() + 10_000; ; ) {
    const ok = await store.verify(1000).then(() => true, () => false);
    if (ok) return store;
    if (Date.now() > end) throw new Error('redis cluster store never ready');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const phpTarget = (c: RunningCluster): PhpSessionTarget => ({
  handler: 'rediscluster',
  savePath: c.hosts(3).map((h) => `seed[]=${h}`).join('&'),
});

/** What a load answers: the session text, null, or the error code (never anything else). */
async function answer(store: SessionReader, id: string): Promise<string | null> {
  return store.load(id, 300).then(
    (v) => (v === null ? null : Buffer.from(v).toString()),
    (e: unknown) => (e instanceof IsauthError ? e.code : String(e)),
  );
}

describe.runIf(havePrograms('redis-server', 'redis-cli') && havePhpExtensions('redis'))('redis cluster', () => {
  let cluster: RunningCluster;
  let store: SessionReader;
  let php: PhpSessionTarget;
  beforeAll(async () => {
    cluster = await startRedisCluster(3, 1);
    php = phpTarget(cluster);
    store = await clusterStore(cluster, 2);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await cluster?.kill();
  });

  it('reads what phpredis rediscluster wrote (PHPREDIS_CLUSTER_SESSION:), on every master', async () => {
    const ids = Array.from({ length: N }, () => newSessionId());
    phpWriteSessions(php, ids.map((id, i) => [id, `$_SESSION['n'] = ${i};`] as const));
    for (const [i, id] of ids.entries()) expect(await answer(store, id)).toBe(`n|i:${i};`);
    expect(await store.load(newSessionId(), 1000)).toBeNull();
    await store.verify(1000);
  });

  it('a master (and seed) killed: never a wrong answer, and the promoted replica is followed', async () => {
    const ids = Array.from({ length: N }, () => newSessionId());
    phpWriteSessions(php, ids.map((id, i) => [id, `$_SESSION['n'] = ${i};`] as const));
    await cluster.waitOk(); // the replicas have the writes
    await cluster.nodes[0]!.kill();
    const end = Date.now() + 20_000;
    let allOk = false;
    while (!allOk && Date.now() < end) {
      allOk = true;
      for (const [i, id] of ids.entries()) {
        const t0 = performance.now();
        const got = await answer(store, id);
        expect(performance.now() - t0).toBeLessThan(1000); // the 300 ms deadline holds (loosely)
        if (got === `n|i:${i};`) continue;
        allOk = false;
        expect(['STORE_UNAVAILABLE', 'STORE_TIMEOUT']).toContain(got); // bypass, never a wrong session
      }
      if (!allOk) await new Promise((r) => setTimeout(r, 200));
    }
    expect(allOk).toBe(true);
    await cluster.waitOk();
    await store.verify(1000);
  }, 40_000);
});
