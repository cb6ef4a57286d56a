/**
 * Every store kind with its server (or filesystem) HUNG — SIGSTOP: it keeps its port and its
 * connections and answers nothing — under a burst and then a stream of reads (issue 17, "Memory
 * while a store hangs"). The bare stores, without the circuit breaker (breaker.test.ts covers it):
 * each store must bound by itself the work it holds, because the breaker opens only after a whole
 * deadline and a deadline can be long.
 *
 * For each kind:
 * - a burst of 3 × its bound: the work beyond the bound fails at once (STORE_UNAVAILABLE), it does
 *   not wait its deadline holding memory (before: memcached, PostgreSQL and files queued it all);
 * - then reads for a while: every read settles by its deadline (plus slack), none hangs;
 * - the heap retained while the store is still hung stays small — the commands a Redis client
 *   still holds (every node of a Cluster) within the bound (before: a Cluster node kept every
 *   command it had timed out, for as long as the hang lasted) — and no EventEmitter listener
 *   leaks (before: `MaxListenersExceededWarning: 11 close listeners added to [Socket]` on Redis);
 * - after SIGCONT the store answers again by itself.
 */
import { Cluster, type Redis } from 'ioredis';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { MAX_HELD as FILES_MAX } from '../../../src/stores/files.js';
import { createBareStore } from '../../../src/stores/factory.js';
import { MAX_PENDING as MEMCACHED_MAX } from '../../../src/stores/memcached-conn.js';
import { createRedisStore, MAX_HELD as REDIS_MAX } from '../../../src/stores/redis.js';
import { plainClient } from '../../../src/stores/redis-options.js';
import { clusterClient, sentinelClient } from '../../../src/stores/redis-topology.js';
import { parseSqlUrl } from '../../../src/stores/sql/index.js';
import { MAX_HELD as SQL_MAX } from '../../../src/stores/sql/store.js';
import type { SessionStore, StoreSpec } from '../../../src/stores/types.js';
import { haveFuse, startBindfs } from '../../harness/fuse-mount.js';
import { haveMariadb, startMariadb } from '../../harness/mariadb.js';
import { havePostgres, startPostgres } from '../../harness/postgres.js';
import { havePrograms } from '../../harness/programs.js';
import { startRedisCluster } from '../../harness/redis-cluster.js';
import { startRedisSentinel, SENTINEL_MASTER } from '../../harness/redis-sentinel.js';
import { startMemcached, startRedis, tempDir } from '../../harness/servers.js';
import { schemaDdl } from '../../harness/sql-writers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMiB = (): number => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const DEADLINE_MS = 1500;
const SLACK_MS = 1500;
const STREAM_MS = 3000;
const HEAP_LIMIT_MIB = 24;

interface HungTarget {
  spec: StoreSpec;
  /** A key the store may read (absent is fine). */
  key: string;
  bound: number;
  /** The store with its client at hand (Redis kinds): then `queued` counts what the client holds. */
  make?: () => { store: SessionStore; queued(): number };
  pause(): Promise<void>;
  resume(): void;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  fastFails: number;
  late: number;
  codes: Map<string, number>;
}

/** Start `n` loads now; how they ended. */
async function burst(store: SessionStore, t: HungTarget, n: number): Promise<Outcome> {
  const out: Outcome = { fastFails: 0, late: 0, codes: new Map() };
  const t0 = performance.now();
  // "At once" = before any read of the burst could have waited out its deadline (machine speed
  // does not matter: a refusal that settles before the first timeout did not wait).
  let timedOut = false;
  await Promise.all(
    Array.from({ length: n }, () =>
      store.load(t.key, t.key, DEADLINE_MS).then(
        () => out.codes.set('answer', (out.codes.get('answer') ?? 0) + 1),
        (e: unknown) => {
          const code = e instanceof IsauthError ? e.code : String(e);
          out.codes.set(code, (out.codes.get(code) ?? 0) + 1);
          const ms = performance.now() - t0;
          if (code === 'STORE_TIMEOUT') timedOut = true;
          if (code === 'STORE_UNAVAILABLE' && !timedOut) out.fastFails++;
          if (ms > DEADLINE_MS + SLACK_MS) out.late++;
        },
      ),
    ),
  );
  return out;
}

/** Reads started every few ms for `ms`; counts reads that took longer than deadline + slack. */
async function stream(store: SessionStore, t: HungTarget, ms: number): Promise<number> {
  let late = 0;
  const pending = new Set<Promise<unknown>>();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const p: Promise<unknown> = store.load(t.key, t.key, DEADLINE_MS).then(
        () => undefined,
        () => undefined,
      );
      const tracked = p.finally(() => {
        if (performance.now() - t0 > DEADLINE_MS + SLACK_MS) late++;
        pending.delete(tracked);
      });
      pending.add(tracked);
    }
    await sleep(2);
  }
  await Promise.all(pending);
  return late;
}

const opts = { maxAgeSeconds: 1440, maxBytes: 64 * 1024 };

function hungCase(name: string, available: () => boolean, setup: () => Promise<HungTarget>): void {
  describe.runIf(available())(name, () => {
    let target: HungTarget | undefined;
    let store: SessionStore | undefined;
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    afterEach(async () => {
      process.off('warning', onWarning);
      target?.resume();
      await store?.close();
      await target?.cleanup();
    });

    it('hung under load: work beyond the bound fails at once, nothing hangs, memory stays flat, recovery', async () => {
      target = await setup();
      const t = target;
      const made = t.make?.();
      const s = made?.store ?? createBareStore(t.spec, opts);
      store = s;
      await expect.poll(() => s.load(t.key, t.key, 2000).then(() => true, () => false), { timeout: 20_000, interval: 100 }).toBe(true);
      process.on('warning', onWarning);
      const heapBefore = heapMiB();
      await t.pause();
      const first = await burst(s, t, 3 * t.bound);
      expect(first.codes.get('answer') ?? 0, JSON.stringify([...first.codes])).toBe(0);
      expect(first.fastFails, JSON.stringify([...first.codes])).toBeGreaterThanOrEqual(2 * t.bound);
      expect(first.late).toBe(0);
      expect(await stream(s, t, STREAM_MS)).toBe(0);
      // Still hung: what the store retains now is what a long hang would cost.
      if (made) expect(made.queued()).toBeLessThanOrEqual(REDIS_COMMANDS_PER_READ * t.bound);
      expect(heapMiB() - heapBefore).toBeLessThan(HEAP_LIMIT_MIB);
      expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([]);
      t.resume();
      await expect.poll(() => s.load(t.key, t.key, 2000).then(() => true, () => false), { timeout: 20_000, interval: 100 }).toBe(true);
    }, 90_000);
  });
}

/** A Redis read is GETRANGE and EXISTS, sent together. */
const REDIS_COMMANDS_PER_READ = 2;

/** Commands an ioredis client (every node of a Cluster) holds in its queues. */
const queuedIn = (client: Redis | Cluster) => () =>
  (client instanceof Cluster ? client.nodes('all') : [client]).reduce((n, node) => n + node.commandQueue.length, 0);

hungCase('redis', () => havePrograms('redis-server'), async () => {
  const r = await startRedis();
  const spec = { kind: 'redis' as const, host: r.host, port: r.port, db: 0 };
  const make = () => {
    const client = plainClient(spec);
    return { store: createRedisStore(spec, opts, client), queued: queuedIn(client) };
  };
  return { spec, make, key: 'PHPREDIS_SESSION:abc', bound: REDIS_MAX, pause: r.pause, resume: r.resume, cleanup: r.stop };
});

hungCase('redis cluster (every node hung)', () => havePrograms('redis-server', 'redis-cli'), async () => {
  const c = await startRedisCluster(3, 0);
  const spec = { kind: 'redis-cluster' as const, seeds: c.nodes.map((n) => ({ host: n.host, port: n.port })), read: 'master' as const };
  const make = () => {
    const client = clusterClient(spec);
    return { store: createRedisStore(spec as never, opts, client), queued: queuedIn(client) };
  };
  return {
    spec,
    make,
    key: 'PHPREDIS_CLUSTER_SESSION:abc',
    bound: REDIS_MAX,
    pause: async () => void (await Promise.all(c.nodes.map((n) => n.pause()))),
    resume: () => c.nodes.forEach((n) => n.resume()),
    cleanup: c.kill,
  };
});

hungCase('redis sentinel (the master hung)', () => havePrograms('redis-server', 'redis-cli'), async () => {
  const s = await startRedisSentinel();
  const spec = { kind: 'redis-sentinel' as const, sentinels: s.sentinels.map((n) => ({ host: n.host, port: n.port })), name: SENTINEL_MASTER, db: 0, read: 'master' as const };
  const make = () => {
    const client = sentinelClient(spec);
    return { store: createRedisStore(spec as never, opts, client), queued: queuedIn(client) };
  };
  return {
    spec,
    make,
    key: 'PHPREDIS_SESSION:abc',
    bound: REDIS_MAX,
    pause: s.master.pause,
    resume: s.master.resume,
    cleanup: s.kill,
  };
});

hungCase('memcached', () => havePrograms('memcached'), async () => {
  const m = await startMemcached();
  return {
    spec: { kind: 'memcached', servers: [{ host: m.host, port: m.port, weight: 1 }], distribution: 'ketama' },
    key: 'memc.sess.key.abc',
    bound: MEMCACHED_MAX,
    pause: m.pause,
    resume: m.resume,
    cleanup: m.stop,
  };
});

hungCase('mariadb', haveMariadb, async () => {
  const m = await startMariadb();
  await m.sql('CREATE DATABASE app');
  await m.sql(schemaDdl('mysql').plain, 'app');
  const spec = parseSqlUrl(m.url('app'));
  if ('error' in spec) throw new Error(spec.error);
  return { spec, key: 'abc', bound: SQL_MAX, pause: m.pause, resume: m.resume, cleanup: m.stop };
});

hungCase('postgres', havePostgres, async () => {
  const p = await startPostgres();
  await p.createDatabase('app');
  await p.sql(schemaDdl('postgres').plain, 'app');
  const spec = parseSqlUrl(p.url('app'));
  if ('error' in spec) throw new Error(spec.error);
  return { spec, key: 'abc', bound: SQL_MAX, pause: p.pause, resume: p.resume, cleanup: p.stop };
});

hungCase('files (a hung FUSE filesystem)', haveFuse, async () => {
  const fuse = await startBindfs(tempDir('hung-files'));
  return { spec: { kind: 'files', dir: fuse.dir, depth: 0 }, key: 'sess_abc', bound: FILES_MAX, pause: fuse.pause, resume: fuse.resume, cleanup: fuse.stop };
});
