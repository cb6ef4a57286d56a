/**
 * Redis store URLs → StoreSpec (see url.ts for the overview). Pure.
 *
 *   redis://[user:pass@]host[:port][/db][?prefix=…&database=N&key=…]     one server (port 6379, db 0)
 *   redis://[user:pass@]h1:p1[:w1],h2:p2[:w2][/db][?…]                     several, as phpredis' pool
 *   rediss://…[?ca=/path/ca.pem]                                           the same over TLS
 *   redis+unix:///path/to.sock[?db=N&database=N&prefix=…]
 *   redis-cluster://[user:pass@]h1:p1,h2:p2[?prefix=…&read=master|replica|distribute&tls=1&ca=…]
 *   redis-sentinel://[user:pass@]s1:p1,s2:p2/mymaster[?database=N&read=master|replica&tls=1&ca=…]
 *
 * `user:pass` are the Redis (ACL) credentials — for Sentinel those of the data nodes. The weight
 * (third field) is phpredis' `weight=` in save_path, for several hosts without Cluster.
 */
import type { Failed } from './url-common.js';
import { parseCount, parseHostItem, parseKeyTemplate, parseQuery } from './url-common.js';
import type { RedisServer, RedisTls, StoreSpec } from './types.js';

type Scheme = 'redis' | 'rediss' | 'redis+unix' | 'redis-cluster' | 'redis-sentinel';

const OPTIONS: Record<Scheme, readonly string[]> = {
  redis: ['prefix', 'database', 'key'],
  rediss: ['prefix', 'database', 'key', 'ca'],
  'redis+unix': ['prefix', 'database', 'db', 'key'],
  'redis-cluster': ['prefix', 'key', 'read', 'tls', 'ca'],
  'redis-sentinel': ['prefix', 'database', 'key', 'read', 'tls', 'ca'],
};

interface Authority {
  username?: string;
  password?: string;
  hosts: string[];
  path: string;
  query: Map<string, string>;
}

function splitUrl(url: string, scheme: Scheme): Authority | Failed {
  const rest = url.slice(scheme.length + 1);
  if (!rest.startsWith('//')) return { error: `${scheme}: expected ${scheme}://…` };
  if (rest.includes('#')) return { error: `${scheme}: unexpected #fragment` };
  const q = rest.indexOf('?');
  const query = parseQuery(q < 0 ? '' : rest.slice(q + 1), OPTIONS[scheme], scheme);
  if ('error' in query) return query;
  const beforeQuery = (q < 0 ? rest : rest.slice(0, q)).slice(2);
  const at = beforeQuery.lastIndexOf('@');
  const userinfo = at < 0 ? '' : beforeQuery.slice(0, at);
  const hostAndPath = beforeQuery.slice(at + 1);
  const slash = hostAndPath.indexOf('/');
  const hostList = slash < 0 ? hostAndPath : hostAndPath.slice(0, slash);
  const out: Authority = { hosts: hostList === '' ? [] : hostList.split(','), path: slash < 0 ? '' : hostAndPath.slice(slash + 1), query };
  if (userinfo !== '') {
    const colon = userinfo.indexOf(':');
    try {
      const user = decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon));
      if (user !== '') out.username = user;
      if (colon >= 0) out.password = decodeURIComponent(userinfo.slice(colon + 1));
    } catch {
      return { error: `${scheme}: bad percent-encoding in the credentials` };
    }
  }
  return out;
}

function common(a: Authority, scheme: Scheme): Record<string, unknown> | Failed {
  const prefix = a.query.get('prefix');
  if (prefix !== undefined && !/^[\x20-\x7e]{0,200}$/.test(prefix)) return { error: `${scheme}: prefix must be at most 200 printable ASCII characters` };
  const template = a.query.get('key');
  if (template !== undefined && prefix !== undefined) return { error: `${scheme}: give prefix or key, not both` };
  const keyTemplate = template === undefined ? undefined : parseKeyTemplate(template, true, scheme);
  if (typeof keyTemplate === 'object') return keyTemplate;
  const tlsFlag = a.query.get('tls');
  if (tlsFlag !== undefined && !['1', 'yes', 'true'].includes(tlsFlag)) return { error: `${scheme}: tls must be 1` };
  const ca = a.query.get('ca');
  if (ca !== undefined && !ca.startsWith('/')) return { error: `${scheme}: ca must be an absolute path` };
  const tls: RedisTls | undefined = scheme === 'rediss' || tlsFlag !== undefined ? { ...(ca !== undefined && { ca }) } : undefined;
  if (ca !== undefined && tls === undefined) return { error: `${scheme}: ca needs tls=1` };
  return {
    ...(a.username !== undefined && { username: a.username }),
    ...(a.password !== undefined && { password: a.password }),
    ...(prefix !== undefined && { prefix }),
    ...(keyTemplate !== undefined && { keyTemplate }),
    ...(tls !== undefined && { tls }),
  };
}

function database(a: Authority, fromPath: string, scheme: Scheme): number | Failed {
  const given = [fromPath, a.query.get('database') ?? '', a.query.get('db') ?? ''].filter((s) => s !== '');
  if (new Set(given).size > 1) return { error: `${scheme}: database given twice, differently` };
  return given.length === 0 ? 0 : parseCount(given[0]!, 0, 65535, `${scheme}: database`);
}

function hosts(a: Authority, scheme: Scheme, defaultPort: number): RedisServer[] | Failed {
  if (a.hosts.length === 0) return { error: `${scheme}: no host given` };
  const out: RedisServer[] = [];
  for (const item of a.hosts) {
    const h = parseHostItem(item, defaultPort, scheme);
    if ('error' in h) return h;
    if (h.weight !== undefined && h.weight < 1) return { error: `${scheme}: weight must be at least 1 in "${item}"` };
    out.push({ host: h.host, port: h.port, weight: h.weight ?? 1 });
  }
  return out;
}

function parseRead<T extends string>(a: Authority, allowed: readonly T[], scheme: Scheme): T | Failed {
  const read = a.query.get('read') ?? 'master';
  return allowed.find((r) => r === read) ?? { error: `${scheme}: read must be one of ${allowed.join(', ')}` };
}

export function parseRedisUrl(url: string, scheme: Scheme): StoreSpec | Failed {
  const a = splitUrl(url, scheme);
  if ('error' in a) return a;
  const c = common(a, scheme);
  if ('error' in c) return c as Failed;
  if (scheme === 'redis+unix') {
    if (a.hosts.length > 0 || a.username !== undefined || a.password !== undefined) return { error: 'redis+unix: expected redis+unix:///path/to.sock' };
    if (a.path === '') return { error: 'redis+unix: socket path missing' };
    let socket: string;
    try {
      socket = decodeURIComponent(`/${a.path}`);
    } catch {
      return { error: 'redis+unix: bad percent-encoding in the socket path' };
    }
    const db = database(a, '', scheme);
    if (typeof db !== 'number') return db;
    return { kind: 'redis', host: '', port: 0, socket, db, ...c };
  }
  if (scheme === 'redis-cluster') {
    const seeds = hosts(a, scheme, 6379);
    if ('error' in seeds) return seeds;
    if (a.path !== '') return { error: 'redis-cluster: a cluster has no database or path' };
    const read = parseRead(a, ['master', 'replica', 'distribute'] as const, scheme);
    if (typeof read === 'object') return read;
    return { kind: 'redis-cluster', seeds: seeds.map(({ host, port }) => ({ host, port })), read, ...c };
  }
  if (scheme === 'redis-sentinel') {
    const sentinels = hosts(a, scheme, 26379);
    if ('error' in sentinels) return sentinels;
    const [name = '', dbPath = '', ...extra] = a.path.split('/');
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(name) || extra.length > 0) return { error: 'redis-sentinel: expected redis-sentinel://s1:p,s2:p/mastername[/db]' };
    const db = database(a, dbPath, scheme);
    if (typeof db !== 'number') return db;
    const read = parseRead(a, ['master', 'replica'] as const, scheme);
    if (typeof read === 'object') return read;
    return { kind: 'redis-sentinel', sentinels: sentinels.map(({ host, port }) => ({ host, port })), name, db, read, ...c };
  }
  const servers = hosts(a, scheme, 6379);
  if ('error' in servers) return servers;
  const db = database(a, a.path, scheme);
  if (typeof db !== 'number') return db;
  const first = servers[0]!;
  return { kind: 'redis', host: first.host, port: first.port, db, ...c, ...(servers.length > 1 && { servers }) };
}
