/**
 * The Redis store itself (createStore of a build: deadline, breaker, one-trip read, per-turn
 * batching), one Redis against a Cluster of three masters: reads/s and this process's CPU per read,
 * 32 concurrent readers, 80 % of the sessions present, median of five rounds of 2 s each
 * (docs/benchmarks.md, "Redis: one round trip"). A closed loop, so not the HTTP figures: the bench's
 * isauth-redis and isauth-redis-cluster setups are.
 *
 *   npm run build && npx tsc -p tsconfig.bench.json && node .bench-build/bench/experiments/redis-store.js [DIST]
 *
 * DIST: another build's dist/ directory (to compare with an older commit); default this one's.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import { startRedisCluster } from '../../test/harness/redis-cluster.js';
import { startRedis } from '../../test/harness/servers.js';
import { ROOT } from '../paths.js';

interface Store {
  load(key: string, placeBy: string, timeoutMs: number): Promise<unknown>;
  close(): Promise<void>;
}
type CreateStore = (spec: unknown, opts: { maxAgeSeconds: number; maxBytes: number }) => Store;

const ROUNDS = 5;
const MS = 2000;
const CONCURRENCY = 32;
const PRESENT = 80;
const KEYS = Array.from({ length: 1000 }, (_, i) => `PHPREDIS_SESSION:s${i}`);

async function measure(store: Store): Promise<{ rate: number; us: number }> {
  let n = 0;
  const end = Date.now() + MS;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, j) => {
      for (let i = j; Date.now() < end; i += CONCURRENCY, n++) {
        const key = i % 100 < PRESENT ? KEYS[i % KEYS.length]! : `PHPREDIS_SESSION:m${i}`;
        await store.load(key, key, 1000).catch(() => undefined);
      }
    }),
  );
  const cpu = process.cpuUsage(c0);
  return { rate: n / ((performance.now() - t0) / 1000), us: (cpu.user + cpu.system) / n };
}

async function main(): Promise<void> {
  const dist = process.argv[2] ?? join(ROOT, 'dist');
  const { createStore } = (await import(pathToFileURL(join(dist, 'stores', 'factory.js')).href)) as { createStore: CreateStore };
  const single = await startRedis();
  const cluster = await startRedisCluster(3, 0);
  const direct = new Redis({ port: single.port, host: '127.0.0.1' });
  const cdirect = new Cluster([{ host: '127.0.0.1', port: cluster.nodes[0]!.port }]);
  const opts = { maxAgeSeconds: 1440, maxBytes: 65536 };
  const stores: Record<string, Store> = {
    redis: createStore({ kind: 'redis', host: '127.0.0.1', port: single.port, db: 0 }, opts),
    'redis-cluster': createStore({ kind: 'redis-cluster', seeds: cluster.nodes.map((n) => ({ host: n.host, port: n.port })), read: 'master' }, opts),
  };
  try {
    const value = `user|i:1;${'x'.repeat(200)}`;
    for (const k of KEYS) await Promise.all([direct.set(k, value), cdirect.set(k, value)]);
    for (const s of Object.values(stores)) await measure(s); // warm-up
    const results = new Map<string, Array<{ rate: number; us: number }>>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, s] of Object.entries(stores)) results.set(name, [...(results.get(name) ?? []), await measure(s)]);
    }
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`${dist}: ${CONCURRENCY} readers, ${PRESENT}% present, median of ${ROUNDS} × ${MS / 1000} s`);
    console.log('| store | reads/s | client µs/read |\n|---|--:|--:|');
    for (const [name, list] of results) console.log(`| ${name} | ${Math.round(median(list.map((r) => r.rate)))} | ${median(list.map((r) => r.us)).toFixed(1)} |`);
  } finally {
    for (const s of Object.values(stores)) await s.close();
    direct.disconnect();
    cdirect.disconnect();
    await cluster.kill();
    await single.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
