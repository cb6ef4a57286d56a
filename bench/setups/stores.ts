/**
 * `isauth-redis`, `isauth-redis-cluster`, `isauth-files`, `isauth-mariadb`, `isauth-postgres`: the
 * isauth-tcp site (the SHIPPED example site, pages still from memcached) with isauth reading the
 * sessions from another store kind. The same sessions (ids, logged in or not) are written again
 * by one php process through PHP's own handler for that store (redis, rediscluster, files) or, for
 * SQL, the classic PDO handler class (test/harness/sql/plain-pdo-handler.php; isauth reads it with
 * `schema=plain`), so every setup serves the same visitors. What differs from isauth-tcp is the
 * store read per request: its cost is the difference. The store server's own CPU is accounted as
 * `store` (found by its listening port).
 */
import { chmodSync } from 'node:fs';
import { havePhpExtensions } from '../../test/harness/php.js';
import { havePostgres } from '../../test/harness/postgres.js';
import { startRedisCluster } from '../../test/harness/redis-cluster.js';
import { removeTempDir, startRedis, tempDir } from '../../test/harness/servers.js';
import { listenerPid } from '../machine.js';
import { writeSessionsTo } from '../sessions.js';
import { startIsauthSite } from './isauth.js';
import { startSqlStore } from './sql.js';
import type { BenchContext, BenchStore, RunningSetup, Setup } from './types.js';

async function storeSite(ctx: BenchContext, start: () => Promise<BenchStore>): Promise<RunningSetup> {
  const store = await start();
  try {
    writeSessionsTo(store.php, ctx.sessions);
    const site = await startIsauthSite(ctx, false, store.url);
    const pids = store.ports.map(listenerPid).filter((p): p is number => p !== undefined);
    return {
      ...site,
      processes: { ...site.processes, store: pids },
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
      return { url: redis.url, php: { handler: 'redis', savePath: `tcp://127.0.0.1:${redis.port}` }, ports: [redis.port], stop: () => redis.stop() };
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
        ports: cluster.nodes.map((n) => n.port),
        stop: () => cluster.kill(),
      };
    }),
};

const phpHas = (ext: string): boolean => havePhpExtensions(ext);

/** A session directory php-fpm's www-data may use too (php-fpm-files reads and locks its files). */
export function filesDir(prefix: string): string {
  const dir = tempDir(prefix);
  chmodSync(dir, 0o777);
  return dir;
}

export const isauthFiles: Setup = {
  name: 'isauth-files',
  group: 'stores',
  description: "isauth-tcp with the sessions in a files dir (PHP's files handler)",
  programs: ['nginx', 'memcached'],
  start: (ctx) =>
    storeSite(ctx, async () => {
      const dir = filesDir('bench-files');
      return { url: `files:${dir}`, php: { handler: 'files', savePath: dir }, ports: [], stop: async () => removeTempDir(dir) };
    }),
};

export const isauthMariadb: Setup = {
  name: 'isauth-mariadb',
  group: 'stores',
  description: 'isauth-tcp with the sessions in MariaDB (a PDO session handler; schema=plain)',
  programs: ['nginx', 'memcached', 'mariadbd', 'mariadb-install-db'],
  unavailable: () => (phpHas('pdo_mysql') ? undefined : 'php has no pdo_mysql'),
  start: (ctx) => storeSite(ctx, () => startSqlStore('mariadb')),
};

export const isauthPostgres: Setup = {
  name: 'isauth-postgres',
  group: 'stores',
  description: 'isauth-tcp with the sessions in PostgreSQL (a PDO session handler; schema=plain)',
  programs: ['nginx', 'memcached', 'runuser'],
  unavailable: () => (!havePostgres() ? 'PostgreSQL is not installed (/usr/lib/postgresql/*/bin)' : phpHas('pdo_pgsql') ? undefined : 'php has no pdo_pgsql'),
  start: (ctx) => storeSite(ctx, () => startSqlStore('postgres')),
};
