/**
 * Redis in ONE round trip for every answer — present, absent, empty, oversized (issue 18) — on a
 * single server, a phpredis pool, a Cluster and through Sentinel. Counted by Redis itself:
 * `total_writes_processed` (INFO stats) grows by one per reply the server writes, and a server
 * answers commands that arrived together in one write. Loads run one after another, so none can
 * share a write with another; before, an absent or empty session took two (GETRANGE, then EXISTS).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/stores/factory.js';
import type { SessionStore, StoreSpec } from '../../../src/stores/types.js';
import { havePrograms } from '../../harness/programs.js';
import { startRedisCluster, type RunningCluster } from '../../harness/redis-cluster.js';
import { SENTINEL_MASTER, startRedisSentinel, type RunningSentinel } from '../../harness/redis-sentinel.js';
import { startRedis, type RunningServer } from '../../harness/servers.js';

const MAX = 1024;
const N = 40;
const opts = { maxAgeSeconds: 1440, maxBytes: MAX };

/** Connections that ask the servers for their counters (one per server, kept open). */
const statClients = new Map<number, Redis>();
async function statsOf(port: number): Promise<string> {
  let c = statClients.get(port);
  if (c === undefined) {
    c = new Redis({ port, host: '127.0.0.1' });
    statClients.set(port, c);
  }
  return c.info('stats');
}

/**
 * Writes (or reads) the servers processed so far. Each INFO costs one read and one write on its
 * server, counted by the NEXT call: the difference of two calls includes one of each per server.
 */
async function writes(ports: readonly number[], what: 'writes' | 'reads' = 'writes'): Promise<number> {
  let sum = 0;
  for (const port of ports) sum += Number(new RegExp(`total_${what}_processed:(\\d+)`).exec(await statsOf(port))?.[1]);
  return sum;
}

/** Writes per load for `keys` read one after another (the INFO replies subtracted). */
async function writesPerLoad(store: SessionStore, ports: readonly number[], keys: readonly string[]): Promise<number> {
  const before = await writes(ports);
  for (const key of keys) await store.load(key, key, 5000).catch(() => undefined);
  const after = await writes(ports);
  return (after - before - ports.length) / keys.length;
}

interface Target {
  spec: StoreSpec;
  /** The data nodes whose writes count. */
  ports: number[];
  /** Set `key` to `value` through a plain client of the right node. */
  set(key: string, value: Buffer | string): Promise<void>;
  stop(): Promise<void>;
}

const prefix = 'PHPREDIS_SESSION:';

function roundTrips(name: string, setup: () => Promise<Target>): void {
  describe(name, () => {
    let t: Target;
    let store: SessionStore;
    beforeAll(async () => {
      t = await setup();
      store = createStore(t.spec, opts);
      for (let i = 0; i < N; i++) {
        await t.set(`${prefix}present${i}`, 'user|i:1;');
        await t.set(`${prefix}empty${i}`, '');
        await t.set(`${prefix}big${i}`, Buffer.alloc(4 * MAX, 0x61));
      }
      const until = Date.now() + 20_000;
      while (!(await store.load(`${prefix}present0`, 'present0', 2000).then((v) => v !== null, () => false))) {
        if (Date.now() > until) throw new Error(`${name}: the store does not read`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }, 120_000);
    afterAll(async () => {
      for (const port of t?.ports ?? []) statClients.get(port)?.disconnect();
      await store?.close();
      await t?.stop();
    });

    it('present, absent, empty and oversized: each answered in one round trip', async () => {
      const keys = (kind: string) => Array.from({ length: N }, (_, i) => `${prefix}${kind}${i}`);
      expect((await store.load(`${prefix}absent0`, 'absent0', 2000))).toBeNull();
      expect((await store.load(`${prefix}empty0`, 'empty0', 2000))?.bytes.length).toBe(0);
      await expect(store.load(`${prefix}big0`, 'big0', 2000)).rejects.toMatchObject({ code: 'STORE_TOO_LARGE' });
      // A little slack for the client's own housekeeping (a Cluster refreshes its slot map every second).
      for (const kind of ['present', 'absent', 'empty', 'big']) {
        const perLoad = await writesPerLoad(store, t.ports, keys(kind));
        expect(perLoad, `${kind}: ${perLoad} server writes per load`).toBeLessThan(1.25);
      }
    });

    it('the loads of one event-loop turn leave in one write per server', async () => {
      const keys = Array.from({ length: N }, (_, i) => `${prefix}present${i}`);
      const before = await writes(t.ports, 'reads');
      await Promise.all(keys.map((k) => store.load(k, k.slice(prefix.length), 5000)));
      const reads = (await writes(t.ports, 'reads')) - before - t.ports.length;
      // One read per server that holds some of the keys (a little slack for housekeeping).
      expect(reads).toBeLessThanOrEqual(t.ports.length + 1);
    });
  });
}

describe.runIf(havePrograms('redis-server', 'redis-cli'))('Redis: one round trip per answer', () => {
  roundTrips('one server', async () => {
    const r: RunningServer = await startRedis();
    const direct = new Redis({ port: r.port, host: '127.0.0.1' });
    return {
      spec: { kind: 'redis', host: r.host, port: r.port, db: 0 },
      ports: [r.port],
      set: async (k, v) => void (await direct.set(k, v)),
      stop: async () => {
        direct.disconnect();
        await r.stop();
      },
    };
  });

  roundTrips('phpredis pool of two', async () => {
    const a = await startRedis();
    const b = await startRedis();
    const direct = [a, b].map((s) => new Redis({ port: s.port, host: '127.0.0.1' }));
    return {
      spec: { kind: 'redis', host: a.host, port: a.port, db: 0, servers: [a, b].map((s) => ({ host: s.host, port: s.port, weight: 1 })) },
      ports: [a.port, b.port],
      // The session may be on either host: write it to both.
      set: async (k, v) => void (await Promise.all(direct.map((d) => d.set(k, v)))),
      stop: async () => {
        for (const d of direct) d.disconnect();
        await Promise.all([a.stop(), b.stop()]);
      },
    };
  });

  roundTrips('Cluster', async () => {
    const c: RunningCluster = await startRedisCluster(3, 0);
    const { Cluster } = await import('ioredis');
    const direct = new Cluster([{ host: '127.0.0.1', port: c.nodes[0]!.port }]);
    return {
      spec: { kind: 'redis-cluster', seeds: c.nodes.map((n) => ({ host: n.host, port: n.port })), read: 'master' },
      ports: c.nodes.map((n) => n.port),
      set: async (k, v) => void (await direct.set(k, v)),
      stop: async () => {
        direct.disconnect();
        await c.kill();
      },
    };
  });

  roundTrips('Sentinel', async () => {
    const s: RunningSentinel = await startRedisSentinel();
    const direct = new Redis({ port: s.master.port, host: '127.0.0.1' });
    return {
      spec: { kind: 'redis-sentinel', sentinels: s.sentinels.map((n) => ({ host: n.host, port: n.port })), name: SENTINEL_MASTER, db: 0, read: 'master' },
      ports: [s.master.port],
      set: async (k, v) => void (await direct.set(k, v)),
      stop: async () => {
        direct.disconnect();
        await s.kill();
      },
    };
  });
});
