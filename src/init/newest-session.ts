/**
 * The newest session in a store, for `isauth init`'s live check — where the store can list its
 * keys: a files directory (newest mtime), memcached 1.5+ (`lru_crawler metadump all`, newest last
 * access), Redis (SCAN for the key prefix, then the lowest OBJECT IDLETIME). Bounded: at most
 * MAX_KEYS keys are looked at, and every step has a deadline. Returns the session id (the key
 * without its prefix), or why none was found. SQL stores and `cookie:` are not listed here.
 */
import { readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { StoreSpec } from '../stores/types.js';

export const MAX_KEYS = 10_000;
const ID = /^[A-Za-z0-9,_-]{1,256}$/;

export type Newest = { readonly id: string; readonly where: string } | { readonly none: string };

function newestFile(dir: string, prefix: string): Newest {
  let best: { id: string; mtime: number } | undefined;
  let names: string[];
  try {
    names = readdirSync(dir).slice(0, MAX_KEYS);
  } catch (err) {
    return { none: `${dir} cannot be listed (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !ID.test(name.slice(prefix.length))) continue;
    try {
      const st = statSync(join(dir, name));
      if (st.isFile() && st.size > 0 && (best === undefined || st.mtimeMs > best.mtime)) best = { id: name.slice(prefix.length), mtime: st.mtimeMs };
    } catch {
      /* gone meanwhile */
    }
  }
  return best === undefined ? { none: `no session file in ${dir}` } : { id: best.id, where: `the newest file in ${dir}` };
}

/** `lru_crawler metadump all` on one server: keys with their last access time. */
function metadump(server: { host: string; port: number; socket?: string | undefined }, timeoutMs: number): Promise<Array<{ key: string; la: number }>> {
  return new Promise((resolve) => {
    const sock = server.socket !== undefined ? connect(server.socket) : connect(server.port, server.host);
    const out: Array<{ key: string; la: number }> = [];
    let buf = '';
    const done = (): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(out);
    };
    const timer = setTimeout(done, timeoutMs);
    sock.on('connect', () => sock.write('lru_crawler metadump all\r\n'));
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line === 'END' || line.startsWith('ERROR') || line.startsWith('BUSY') || line.startsWith('CLIENT_ERROR')) return done();
        const m = /^key=(\S+) .*\bla=(\d+)/.exec(line);
        if (m && out.length < MAX_KEYS) {
          try {
            out.push({ key: decodeURIComponent(m[1]!), la: Number(m[2]) });
          } catch {
            /* not a key isauth could read */
          }
        }
      }
    });
    sock.on('error', done);
    sock.on('close', done);
  });
}

async function newestMemcached(servers: ReadonlyArray<{ host: string; port: number; socket?: string | undefined }>, prefix: string, timeoutMs: number): Promise<Newest> {
  let best: { id: string; la: number } | undefined;
  for (const s of servers) {
    for (const { key, la } of await metadump(s, timeoutMs)) {
      if (key.startsWith(prefix) && ID.test(key.slice(prefix.length)) && (best === undefined || la > best.la)) best = { id: key.slice(prefix.length), la };
    }
  }
  return best === undefined ? { none: `memcached listed no key starting with "${prefix}" (lru_crawler metadump needs memcached 1.5+)` } : { id: best.id, where: 'the most recently used session in memcached' };
}

async function newestRedis(spec: Extract<StoreSpec, { kind: 'redis' }>, prefix: string, timeoutMs: number): Promise<Newest> {
  const { Redis } = await import('ioredis');
  const client = new Redis({
    ...(spec.socket !== undefined ? { path: spec.socket } : { host: spec.host, port: spec.port }),
    db: spec.db,
    ...(spec.username !== undefined && { username: spec.username }),
    ...(spec.password !== undefined && { password: spec.password }),
    ...(spec.tls !== undefined && { tls: {} }),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
  });
  try {
    await client.connect();
    const pattern = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch.filter((k) => ID.test(k.slice(prefix.length))));
    } while (cursor !== '0' && keys.length < MAX_KEYS);
    if (keys.length === 0) return { none: `Redis holds no key starting with "${prefix}"` };
    const pipeline = client.pipeline();
    for (const k of keys) pipeline.object('IDLETIME', k);
    const idle = ((await pipeline.exec()) ?? []).map(([err, v]) => (err === null && typeof v === 'number' ? v : Number.POSITIVE_INFINITY));
    const i = idle.indexOf(Math.min(...idle));
    return { id: (keys[i] as string).slice(prefix.length), where: 'the most recently used session in Redis' };
  } catch (err) {
    return { none: `Redis cannot be listed: ${(err as Error).message}` };
  } finally {
    client.disconnect();
  }
}

/** `prefix` is the store key of an empty id (the key scheme's prefix). */
export async function newestSession(spec: StoreSpec, prefix: string, timeoutMs = 5000): Promise<Newest> {
  switch (spec.kind) {
    case 'files':
      return spec.depth > 0 ? { none: `a files store with ${spec.depth} directory levels is not listed` } : newestFile(spec.dir, prefix);
    case 'memcached':
      return spec.keyTemplate !== undefined ? { none: 'a ?key= template is not listed' } : newestMemcached(spec.servers.map((s) => ({ host: s.host, port: s.port, socket: s.socket })), prefix, timeoutMs);
    case 'redis':
      return spec.keyTemplate !== undefined || spec.servers !== undefined ? { none: 'this Redis store is not listed' } : newestRedis(spec, prefix, timeoutMs);
    default:
      return { none: `a ${spec.kind} store is not listed by isauth init` };
  }
}
