/**
 * The store URL for PHP's memcached, memcache, redis and rediscluster session handlers, from
 * session.save_path and the extension's own ini keys (docs/scaling.md has the table). Every
 * setting the handler uses is spelled out in the URL (prefix, hash…), defaults included: what
 * PHP writes does not depend on a framework profile's guesses. Errors name the ini line, never
 * the value (save_path may hold a password).
 */

/** The effective PHP settings; `get` also records the setting as used (for the origin). */
export interface PhpLookup {
  get(key: string): string | undefined;
  /** `php.ini FILE:LINE` / `php-fpm pool FILE:LINE`, or `not set`. */
  at(key: string): string;
}

type Url = string | { error: string };

/** zend_ini_parse_bool: on/yes/true, or a non-zero number. */
function iniBool(v: string | undefined, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  const n = Number.parseInt(v, 10);
  return /^(on|yes|true)$/i.test(v.trim()) || (!Number.isNaN(n) && n !== 0);
}

const enc = encodeURIComponent;

/** PHP's query-string parsing (treat_data): `&`-separated, `+` and %XX decoded; `a[]` repeats. */
function phpQuery(q: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of q.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const dec = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    const key = dec(eq < 0 ? pair : pair.slice(0, eq)).replace(/\[\]$/, '');
    out.set(key, [...(out.get(key) ?? []), dec(eq < 0 ? '' : pair.slice(eq + 1))]);
  }
  return out;
}

/** The server list of save_path: separated by commas and/or white space. */
function items(path: string): string[] {
  return path.split(/[\s,]+/).filter((s) => s !== '');
}

function savePath(php: PhpLookup, handler: string, key = 'session.save_path'): string | { error: string } {
  const path = php.get(key);
  if (path === undefined || path.trim() === '') return { error: `session.save_handler = ${handler} needs ${key} (${php.at(key)}) to name its servers` };
  return path;
}

interface Endpoint {
  scheme: string;
  /** host:port, IPv6 bracketed; or a socket path. */
  address: string;
  socket: boolean;
  query: Map<string, string[]>;
}

/** `[scheme://]host[:port][?query]` or `unix://[/]path[?query]` (as php_url_parse reads them). */
function endpoint(item: string, defaultPort: number): Endpoint | undefined {
  const m = /^(?:([a-z]+):(?:\/\/)?)?([^?]*)(?:\?(.*))?$/i.exec(item);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'tcp').toLowerCase();
  const query = phpQuery(m[3] ?? '');
  if (scheme === 'unix' || scheme === 'file') return { scheme, address: m[2]!.replace(/^\/+/, '/'), socket: true, query };
  const hp = /^(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(m[2]!);
  if (!hp) return undefined;
  return { scheme, address: `${hp[1]}:${hp[2] ?? defaultPort}`, socket: false, query };
}

/** php-memcached: libmemcached's `host[:port[:weight]],…` plus memcached.sess_* keys. */
export function memcachedUrl(php: PhpLookup, warnings: string[]): Url {
  let path = savePath(php, 'memcached');
  if (typeof path !== 'string') return path;
  const persistent = /^\s*PERSISTENT=\S*\s+/.exec(path);
  if (persistent) {
    warnings.push(`--php-ini: session.save_path (${php.at('session.save_path')}) starts with PERSISTENT=…, which php-memcached 3 refuses (memcached.sess_persistent replaced it); ignoring it`);
    path = path.slice(persistent[0].length);
  }
  const consistent = iniBool(php.get('memcached.sess_consistent_hash'), true);
  const hash = consistent ? (php.get('memcached.sess_consistent_hash_type') ?? 'ketama') : 'modulo';
  const prefix = php.get('memcached.sess_prefix') ?? 'memc.sess.key.';
  const replicas = php.get('memcached.sess_number_of_replicas') ?? '0';
  return `memcached://${items(path).join(',')}?prefix=${enc(prefix)}&hash=${enc(hash)}${replicas !== '0' ? `&replicas=${enc(replicas)}` : ''}`;
}

/** pecl memcache: `tcp://host:port?weight=N, unix:///path` plus memcache.* keys. */
export function memcacheUrl(php: PhpLookup): Url {
  const own = php.get('memcache.session_save_path');
  const path = own !== undefined && own.trim() !== '' ? own : savePath(php, 'memcache');
  if (typeof path !== 'string') return path;
  if (iniBool(php.get('memcache.session_prefix_host_key'), false)) {
    return { error: `memcache.session_prefix_host_key (${php.at('memcache.session_prefix_host_key')}) makes the key depend on each request's host: give --store with ?key= instead` };
  }
  const port = Number(php.get('memcache.default_port') ?? '11211') || 11211;
  const servers: string[] = [];
  for (const item of items(path)) {
    const e = endpoint(item, port);
    if (!e || !['tcp', 'unix', 'file'].includes(e.scheme)) return { error: `session.save_path (${php.at('session.save_path')}): cannot read server ${servers.length + 1} (expected tcp://host:port or unix:///path)` };
    const weight = e.query.get('weight')?.[0] ?? '1';
    servers.push(weight === '1' || e.socket ? e.address : `${e.address}:${weight}`);
  }
  const prefix = php.get('memcache.session_prefix_static_key') ?? '';
  const q = [
    'client=memcache',
    `hash=${enc(php.get('memcache.hash_strategy') ?? 'consistent')}`,
    `hash_function=${enc(php.get('memcache.hash_function') ?? 'crc32')}`,
    `redundancy=${enc(php.get('memcache.session_redundancy') ?? '2')}`,
    ...(prefix !== '' ? [`prefix=${enc(prefix)}`] : []),
  ];
  return `memcached://${servers.join(',')}?${q.join('&')}`;
}

/** `user:pass@` from phpredis' `auth=pass` or `auth[]=user&auth[]=pass`. */
function credentials(q: Map<string, string[]>): string {
  const auth = q.get('auth') ?? [];
  const [user, pass] = auth.length >= 2 ? [auth[0]!, auth[1]!] : ['', auth[0]];
  return pass === undefined || pass === '' ? '' : `${enc(user)}:${enc(pass)}@`;
}

function compressionError(php: PhpLookup): { error: string } | undefined {
  const c = php.get('redis.session.compression');
  return c !== undefined && c !== '' && c !== 'none'
    ? { error: `redis.session.compression (${php.at('redis.session.compression')}): isauth cannot read compressed sessions` }
    : undefined;
}

/** phpredis: `tcp://h:p?auth=…&database=N&prefix=…&weight=N, …`, `tls://…`, `unix:///path?…`. */
export function redisUrl(php: PhpLookup): Url {
  const path = savePath(php, 'redis');
  if (typeof path !== 'string') return path;
  const bad = compressionError(php);
  if (bad) return bad;
  const at = php.at('session.save_path');
  const eps: Endpoint[] = [];
  for (const item of items(path)) {
    const e = endpoint(item, 6379);
    if (!e || !['tcp', 'tls', 'ssl', 'unix', 'file'].includes(e.scheme)) return { error: `session.save_path (${at}): cannot read server ${eps.length + 1} (expected tcp://host:port, tls://host:port or unix:///path)` };
    eps.push(e);
  }
  const first = eps[0]!;
  const shared = (e: Endpoint): string => [credentials(e.query), e.query.get('database')?.[0] ?? '0', e.query.get('prefix')?.[0] ?? 'PHPREDIS_SESSION:', e.scheme === 'ssl' ? 'tls' : e.scheme].join('\n');
  if (eps.some((e) => shared(e) !== shared(first))) {
    return { error: `session.save_path (${at}): its servers differ in auth, database, prefix or scheme; isauth's redis pool uses one of each` };
  }
  const db = first.query.get('database')?.[0] ?? '0';
  const prefix = `prefix=${enc(first.query.get('prefix')?.[0] ?? 'PHPREDIS_SESSION:')}`;
  if (first.socket) {
    if (eps.length > 1) return { error: `session.save_path (${at}): several unix sockets; isauth's redis pool takes TCP servers` };
    if (credentials(first.query) !== '') return { error: `session.save_path (${at}): auth= with a unix socket; isauth's redis+unix:// takes no password` };
    return `redis+unix://${first.address}?database=${enc(db)}&${prefix}`;
  }
  const hosts = eps.map((e) => {
    const w = e.query.get('weight')?.[0] ?? '1';
    return eps.length > 1 && w !== '1' ? `${e.address}:${w}` : e.address;
  });
  const scheme = first.scheme === 'tcp' ? 'redis' : 'rediss';
  return `${scheme}://${credentials(first.query)}${hosts.join(',')}/${enc(db)}?${prefix}`;
}

const FAILOVER: Record<string, string> = { none: 'master', error: 'replica', distribute: 'distribute', distribute_slaves: 'distribute' };

/** phpredis' rediscluster: save_path `seed[]=h:p&seed[]=h:p&auth=…&prefix=…&failover=…`. */
export function redisClusterUrl(php: PhpLookup): Url {
  const path = savePath(php, 'rediscluster');
  if (typeof path !== 'string') return path;
  const bad = compressionError(php);
  if (bad) return bad;
  const q = phpQuery(path);
  const seeds = (q.get('seed') ?? []).map((s) => endpoint(s, 6379));
  if (seeds.length === 0 || seeds.some((s) => !s || s.socket)) {
    return { error: `session.save_path (${php.at('session.save_path')}): rediscluster needs seed[]=host:port entries` };
  }
  const tls = seeds.some((s) => s!.scheme === 'tls' || s!.scheme === 'ssl');
  const read = FAILOVER[q.get('failover')?.[0] ?? 'none'] ?? 'master';
  const prefix = enc(q.get('prefix')?.[0] ?? 'PHPREDIS_CLUSTER_SESSION:');
  return `redis-cluster://${credentials(q)}${seeds.map((s) => s!.address).join(',')}?prefix=${prefix}&read=${read}${tls ? '&tls=1' : ''}`;
}
