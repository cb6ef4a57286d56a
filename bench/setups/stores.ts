/**
 * `isauth-redis`, `isauth-redis-cluster`, `isauth-files`: the isauth-tcp site (the SHIPPED example
 * site, pages still from memcached) with isauth reading the sessions from another store kind. The
 * same sessions (ids, logged in or not) are written again by one php process through PHP's own
 * handler for that store (redis, rediscluster, files), so every setup serves the same visitors.
 * What differs from isauth-tcp is the store read per request: its cost is the difference.
 * (The Redis servers' own CPU is not in the process accounting, unlike memcached's.)
 */
import { startRedisCluster } from '../../test/harness/redis-cluster.js';
import { removeTempDir, startRedis, tempDir } from '../../test/harness/servers.js';
import { writeSessionsTo, type SessionTarget } from '../sessions.js';
import { startIsauthSite } from './isauth.js';
import type { BenchContext, RunningSetup, Setup } from './types.js';

interface BenchStore {
  /** isauth's --store */
  readonly url: string;
  readonly php: SessionTarget;
  stop(): Promise<void>;
}

async function storeSite(ctx: BenchContext, start: () => Promise<BenchStore>): Promise<RunningSetup> {
  const store = await start();
  try {
    writeSessionsTo(store.php, ctx.sessions);
    const site = await startIsauthSite(ctx, false, store.url);
    return {
      ...site,
      stop: async () => {
        await site.stop();
        await store.stop();
      },
    };
  } catch (err) {
    await store.stop();
    throw err;
  }
}

export const isauthRedis: Setup = {
  name: 'isauth-redis',
  group: 'stores',
  description: 'isauth-tcp with the sessions in one Redis (phpredis session handler)',
  programs: ['nginx', 'memcached', 'redis-server'],
  start: (ctx) =>
    storeSite(ctx, async () => {
      const redis = await startRedis();
      return { url: redis.url, php: { handler: 'redis', savePath: `tcp://127.0.0.1:${redis.port}` }, stop: () => redis.stop() };
    }),
};

export const isauthRedisCluster: Setup = {
  name: 'isauth-redis-cluster',
  group: 'stores',
  description: 'isauth-tcp with the sessions in a 3-master Redis Cluster (phpredis rediscluster handler)',
  programs: ['nginx', 'memcached', 'redis-server', 'redis-cli'],
  start: (ctx) =>
    storeSite(ctx, async () => {
      const cluster = await startRedisCluster(3, 0);
      const seeds = cluster.hosts(3);
      return {
        url: `redis-cluster://${seeds.join(',')}`,
        php: { handler: 'rediscluster', savePath: seeds.map((h) => `seed[]=${h}`).join('&') },
        stop: () => cluster.kill(),
      };
    }),
};

export const isauthFiles: Setup = {
  name: 'isauth-files',
  group: 'stores',
  description: "isauth-tcp with the sessions in a files dir (PHP's files handler)",
  programs: ['nginx', 'memcached'],
  start: (ctx) =>
    storeSite(ctx, async () => {
      const dir = tempDir('bench-files');
      return { url: `files:${dir}`, php: { handler: 'files', savePath: dir }, stop: async () => removeTempDir(dir) };
    }),
};
