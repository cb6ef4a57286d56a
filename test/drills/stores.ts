/**
 * The session stores the drills hang besides memcached and Redis (stack.ts): a Redis Cluster,
 * Redis through Sentinel, MariaDB, PostgreSQL (PHP's sessions in a `plain` table) and PHP's files
 * on a FUSE mount. Each is started only when a drill needs it, holds the same sessions PHP wrote
 * (copied from memcached), and can be hung (SIGSTOP of the server, of every Cluster node, of
 * Sentinel's master, of the FUSE daemon) and resumed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { startBindfs } from '../harness/fuse-mount.js';
import { startMariadb } from '../harness/mariadb.js';
import { startPostgres } from '../harness/postgres.js';
import { startRedisCluster } from '../harness/redis-cluster.js';
import { SENTINEL_MASTER, startRedisSentinel } from '../harness/redis-sentinel.js';
import { tempDir } from '../harness/servers.js';
import { schemaDdl } from '../harness/sql-writers.js';

export type ExtraStoreKind = 'redis-cluster' | 'redis-sentinel' | 'mariadb' | 'postgres' | 'files';
export const EXTRA_STORES: readonly ExtraStoreKind[] = ['redis-cluster', 'redis-sentinel', 'mariadb', 'postgres', 'files'];

export interface DrillStore {
  /** isauth's --store URL. */
  readonly url: string;
  /** The server (every node, the master, the FUSE daemon) stops answering; resolves once stopped. */
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
}

const REDIS_PREFIX = 'PHPREDIS_SESSION:';

async function sqlRows(sessions: ReadonlyMap<string, Buffer>, insert: (id: string, data: string, expires: number) => Promise<void>): Promise<void> {
  const expires = Math.floor(Date.now() / 1000) + 86_400;
  for (const [id, bytes] of sessions) await insert(id, bytes.toString('latin1'), expires);
}

/** Start `kind` holding `sessions` (id → the bytes PHP wrote). */
export async function startDrillStore(kind: ExtraStoreKind, sessions: ReadonlyMap<string, Buffer>): Promise<DrillStore> {
  switch (kind) {
    case 'redis-cluster': {
      const c = await startRedisCluster(3, 0);
      const direct = new Cluster([{ host: '127.0.0.1', port: c.nodes[0]!.port }]);
      for (const [id, bytes] of sessions) await direct.set(REDIS_PREFIX + id, bytes);
      direct.disconnect();
      return {
        url: `redis-cluster://${c.hosts().join(',')}?prefix=${REDIS_PREFIX}`,
        pause: async () => void (await Promise.all(c.nodes.map((n) => n.pause()))),
        resume: () => c.nodes.forEach((n) => n.resume()),
        stop: c.kill,
      };
    }
    case 'redis-sentinel': {
      const s = await startRedisSentinel();
      const direct = new Redis({ port: s.master.port, host: '127.0.0.1' });
      for (const [id, bytes] of sessions) await direct.set(REDIS_PREFIX + id, bytes);
      await direct.wait(1, 5000); // on the replica too, for the failover
      direct.disconnect();
      return {
        url: `redis-sentinel://${s.sentinels.map((n) => `127.0.0.1:${n.port}`).join(',')}/${SENTINEL_MASTER}?prefix=${REDIS_PREFIX}`,
        pause: s.master.pause,
        resume: s.master.resume,
        stop: s.kill,
      };
    }
    case 'mariadb': {
      const m = await startMariadb();
      await m.sql('CREATE DATABASE app');
      await m.sql(schemaDdl('mysql').plain, 'app');
      const c = await m.connect('app');
      await sqlRows(sessions, async (id, data, expires) => void (await c.execute('INSERT INTO sessions VALUES (?, ?, ?)', [id, data, expires])));
      await c.end();
      return { url: m.url('app', 'schema=plain'), pause: m.pause, resume: m.resume, stop: m.stop };
    }
    case 'postgres': {
      const p = await startPostgres();
      await p.createDatabase('app');
      await p.sql(schemaDdl('postgres').plain, 'app');
      await sqlRows(sessions, async (id, data, expires) => void (await p.sql(`INSERT INTO sessions VALUES ('${id}', '${data.replace(/'/g, "''")}', ${expires})`, 'app')));
      return { url: p.url('app', 'schema=plain'), pause: p.pause, resume: p.resume, stop: p.stop };
    }
    case 'files': {
      const source = tempDir('drills-files');
      mkdirSync(source, { recursive: true });
      for (const [id, bytes] of sessions) writeFileSync(join(source, `sess_${id}`), bytes);
      const fuse = await startBindfs(source);
      return { url: `files:${fuse.dir}`, pause: fuse.pause, resume: fuse.resume, stop: fuse.stop };
    }
  }
}
