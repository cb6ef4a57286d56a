/**
 * Redis behind Sentinel: a real master + replica and three sentinels (redis-server --sentinel),
 * sessions written by phpredis to the master. The master is killed: the sentinels promote the
 * replica, isauth follows it without a restart (a short bypass window allowed, a wrong answer
 * never), and a session PHP writes to the new master is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { newSessionId, phpWriteSession, phpWriteSessions } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { SENTINEL_MASTER, startRedisSentinel, waitForFailover, type RunningSentinel } from '../../harness/redis-sentinel.js';
import { storeReader, type SessionReader } from '../../harness/store-reader.js';

const N = 20;

function sentinelStore(s: RunningSentinel, query = ''): SessionReader {
  const spec = parseStoreUrl(`redis-sentinel://${s.sentinels.map((x) => `127.0.0.1:${x.port}`).join(',')}/${SENTINEL_MASTER}${query}`);
  if ('error' in spec) throw new Error(spec.error);
  return storeReader(spec, { maxAgeSeconds: 1440, maxBytes: 64 * 1024 });
}

async function answer(store: SessionReader, id: string): Promise<string | null> {
  return store.load(id, 300).then(
    (v) => (v === null ? null : Buffer.from(v).toString()),
    (e: unknown) => (e instanceof IsauthError ? e.code : String(e)),
  );
}

/** Until `ok()`, for at most `ms`; returns whether it became true. */
async function within(ms: number, ok: () => Promise<boolean>): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await ok()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.runIf(havePrograms('redis-server', 'redis-cli') && havePhpExtensions('redis'))('redis sentinel', () => {
  let s: RunningSentinel;
  let store: SessionReader;
  let replicaStore: SessionReader;
  const php = (port: number) => ({ handler: 'redis' as const, savePath: `tcp://127.0.0.1:${port}` });
  beforeAll(async () => {
    s = await startRedisSentinel();
    store = sentinelStore(s);
    replicaStore = sentinelStore(s, '?read=replica');
  }, 60_000);
  afterAll(async () => {
    await Promise.all([store?.close(), replicaStore?.close()]);
    await s?.kill();
  });

  it('reads through the master the sentinels name; read=replica reads the replica', async () => {
    const ids = Array.from({ length: N }, () => newSessionId());
    phpWriteSessions(php(s.master.port), ids.map((id, i) => [id, `$_SESSION['n'] = ${i};`] as const));
    for (const [i, id] of ids.entries()) expect(await answer(store, id)).toBe(`n|i:${i};`);
    expect(await store.load(newSessionId(), 1000)).toBeNull();
    await store.verify(1000);
    // The replica may lag by a moment: it converges, and never answers another session.
    expect(await within(5000, async () => (await answer(replicaStore, ids[0]!)) === 'n|i:0;')).toBe(true);
  });

  it('the master killed: never a wrong answer, the promoted replica is followed, new writes read', async () => {
    const ids = Array.from({ length: N }, () => newSessionId());
    phpWriteSessions(php(s.master.port), ids.map((id, i) => [id, `$_SESSION['n'] = ${i};`] as const));
    expect(await within(5000, async () => (await answer(replicaStore, ids[N - 1]!)) === `n|i:${N - 1};`)).toBe(true);
    await s.master.kill();
    const followed = await within(30_000, async () => {
      let allOk = true;
      for (const [i, id] of ids.entries()) {
        const got = await answer(store, id);
        if (got === `n|i:${i};`) continue;
        allOk = false;
        expect(['STORE_UNAVAILABLE', 'STORE_TIMEOUT']).toContain(got); // bypass, never a wrong session
      }
      return allOk;
    });
    expect(followed).toBe(true);
    const newMaster = await waitForFailover(s, s.master.port);
    expect(newMaster).toBe(s.replica.port);
    const id = newSessionId();
    phpWriteSession(php(newMaster), id, `$_SESSION['after'] = 1;`);
    expect(await answer(store, id)).toBe('after|i:1;');
    await store.verify(1000);
  }, 60_000);
});
