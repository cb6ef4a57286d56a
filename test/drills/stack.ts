/**
 * The real stack the drills run against: nginx with the SHIPPED files (templated for ports and
 * paths only), php-fpm with the SHIPPED demo pool, the demo app, memcached for pages, memcached
 * and Redis for sessions (each behind a TcpProxy, so faults can be injected between isauth and
 * its store), the other store kinds when a drill asks for them (stores.ts), and the real isauth
 * (dist/), restartable on the same port with another store — its V8 old space capped at
 * CAPPED_OLD_SPACE_MB when a drill says so.
 */
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { writePages } from '../../bench/pages.js';
import { visitorMix, writeSessions } from '../../bench/sessions.js';
import { DEMO_ISAUTH_FLAGS, ISAUTH_MAIN } from '../harness/isauth.js';
import { mcGet, mcSet } from '../harness/memcached-text.js';
import { mainConf, worldReadableCopy, writeNginxConf } from '../harness/nginx.js';
import { PHP_APP_DIR, startPhpFpm } from '../harness/php-fpm.js';
import { findProgram } from '../harness/programs.js';
import { spawnTracked, type Tracked } from '../harness/process.js';
import { freePort, startMemcached, startRedis, tempDir, waitForPort, type RunningServer } from '../harness/servers.js';
import { startProxy, type TcpProxy } from './proxy.js';
import { startDrillStore, type DrillStore, type ExtraStoreKind } from './stores.js';

/** `node --max-old-space-size` for isauth in the drills that cap it (issue 17: 64 MB). */
export const CAPPED_OLD_SPACE_MB = 64;

export type StoreKind = 'memcached' | 'redis' | ExtraStoreKind;

/** `any`: not checked (a visitor whose session is being rewritten under it). */
export type Expected = 'auth' | 'anon' | 'bypass' | 'any';
export interface DrillVisitor {
  readonly cookie: string | undefined;
  readonly path: string;
  readonly expected: Expected;
  readonly id: string | undefined;
}

export interface Isauth {
  readonly port: number;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Start (again) with that store; `capped`: V8's old space capped at CAPPED_OLD_SPACE_MB. */
  start(store: StoreKind, o?: { capped?: boolean }): Promise<void>;
  signal(sig: NodeJS.Signals): void;
  /** Wait for the process to exit; its exit code. */
  exited(): Promise<number | null>;
  output(): string;
}

export interface DrillStack {
  readonly nginxUrl: string;
  readonly nginxPort: number;
  readonly nginxDir: string;
  readonly sessions: RunningServer;
  readonly redis: RunningServer;
  readonly mcProxy: TcpProxy;
  readonly redisProxy: TcpProxy;
  readonly isauth: Isauth;
  readonly visitors: readonly DrillVisitor[];
  /** The other store kinds, started on first use with every session in them. */
  extra(kind: ExtraStoreKind): Promise<DrillStore>;
  /** Write every session again (after a store restart), into memcached and Redis. */
  replant(): Promise<void>;
  /** Whether memcached still holds the session of `id`. */
  hasSession(id: string): Promise<boolean>;
  /** Store `bytes` as the session of `id` in both stores. */
  plant(id: string, bytes: Buffer): Promise<void>;
  stop(): Promise<void>;
}

const SESSION_KEY = (id: string) => `memc.sess.key.${id}`;
const REDIS_KEY = (id: string) => `PHPREDIS_SESSION:${id}`;

function nginxMain(dir: string): string {
  // The load generator ignores 'Connection: close' on nginx's 1000th answer of a connection and
  // reads a reset (as bench/stack/nginx.ts): not a fault of the stack under test.
  return mainConf(dir, { errorLevel: 'warn', workerConnections: 4096, keepaliveRequests: 100000, accessLog: { format: '$status "$upstream_addr" "$upstream_status"' } });
}

async function waitHealthy(port: number, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > until) throw new Error('isauth did not become healthy');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startDrillStack(o: { sessions: number; log: (s: string) => void }): Promise<DrillStack> {
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const sessions = await startMemcached({ args: ['-m', '256', '-I', '8m', '-c', '4096'] });
    stops.push(() => sessions.stop());
    const pages = await startMemcached({ args: ['-m', '256', '-c', '4096'] });
    stops.push(() => pages.stop());
    const redis = await startRedis();
    stops.push(() => redis.stop());
    const set = writeSessions(sessions.port, o.sessions);
    await writePages(pages.port);
    const saved = new Map<string, Buffer>();
    for (const id of set.ids) saved.set(id, (await mcGet(sessions.port, SESSION_KEY(id))) ?? Buffer.alloc(0));
    const direct = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    direct.on('error', () => undefined);
    stops.push(async () => direct.disconnect());
    const plant = async (id: string, bytes: Buffer) => {
      await mcSet(sessions.port, SESSION_KEY(id), bytes);
      await direct.set(REDIS_KEY(id), bytes);
    };
    const replant = async () => {
      for (const [id, bytes] of saved) await plant(id, bytes);
    };
    await replant();
    o.log(`sessions: ${set.ids.length} written by PHP (memcached), copied to Redis`);
    const mcProxy = await startProxy(sessions.port);
    stops.push(() => mcProxy.close());
    const redisProxy = await startProxy(redis.port);
    stops.push(() => redisProxy.close());
    // The shipped demo pool, with its addresses: pages and sessions on their own memcached.
    const pool = await startPhpFpm({ memcachedPort: pages.port, sessionsPort: sessions.port, children: 8, backlog: 4096 });
    stops.push(() => pool.stop());
    const extras = new Map<ExtraStoreKind, Promise<DrillStore>>();
    const extra = (kind: ExtraStoreKind): Promise<DrillStore> => {
      let p = extras.get(kind);
      if (p === undefined) {
        p = startDrillStore(kind, saved);
        extras.set(kind, p);
        stops.push(async () => (await p)?.stop());
      }
      return p;
    };

    const port = await freePort();
    let proc: Tracked | undefined;
    const isauth: Isauth = {
      port,
      get pid() {
        return proc?.child.pid;
      },
      get running() {
        return proc?.running ?? false;
      },
      async start(store, o = {}) {
        const url =
          store === 'memcached' ? `memcached://127.0.0.1:${mcProxy.port}` : store === 'redis' ? `redis://127.0.0.1:${redisProxy.port}` : (await extra(store)).url;
        const node = o.capped ? [`--max-old-space-size=${CAPPED_OLD_SPACE_MB}`] : [];
        const args = [...node, ISAUTH_MAIN, 'serve', '--listen', `127.0.0.1:${port}`, '--store', url, ...DEMO_ISAUTH_FLAGS, '--log-level', 'warn'];
        proc = spawnTracked('isauth', process.execPath, args, { stopSignal: 'SIGTERM' });
        await proc.started(waitHealthy(port));
      },
      signal: (sig) => void proc?.child.kill(sig),
      exited: () => new Promise((resolve) => {
        const c = proc?.child;
        if (!c || c.exitCode !== null || c.signalCode !== null) return resolve(c?.exitCode ?? null);
        c.once('exit', (code) => resolve(code));
      }),
      output: () => proc?.output() ?? '',
    };
    await isauth.start('memcached');
    stops.push(async () => {
      proc?.child.kill('SIGCONT');
      await proc?.stop();
    });

    const dir = tempDir('drills-nginx');
    chmodSync(dir, 0o755);
    const nginxPort = await freePort();
    const appRoot = join(worldReadableCopy(PHP_APP_DIR, 'drills-app'), 'public');
    const conf = writeNginxConf(dir, { isauth: { port }, memcachedPort: pages.port, phpSocket: pool.socket, appRoot }, nginxPort);
    writeFileSync(conf, nginxMain(dir));
    const nginx = findProgram('nginx');
    if (!nginx) throw new Error('nginx not found');
    const ng = spawnTracked('nginx', nginx, ['-p', `${dir}/`, '-e', `${dir}/logs/error.log`, '-c', conf], { stopSignal: 'SIGTERM' });
    await ng.started(waitForPort(nginxPort));
    stops.push(() => ng.stop());

    const visitors: DrillVisitor[] = visitorMix(set).map((v) => {
      const id = /PHPSESSID=([^;]*)/.exec(v.cookie ?? '')?.[1];
      return { cookie: v.cookie, path: v.path, expected: v.expected, id: id !== undefined && saved.has(id) ? id : undefined };
    });
    return {
      nginxUrl: `http://127.0.0.1:${nginxPort}`,
      nginxPort,
      nginxDir: dir,
      sessions,
      redis,
      mcProxy,
      redisProxy,
      isauth,
      visitors,
      replant,
      plant,
      hasSession: async (id) => (await mcGet(sessions.port, SESSION_KEY(id))) !== null,
      extra,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** RSS (KiB) and open fds of a process; undefined when it is gone. */
export function processFigures(pid: number | undefined): { rssKiB: number; fds: number } | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}`)) return undefined;
  try {
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return { rssKiB: Number(rss ?? 0), fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}
