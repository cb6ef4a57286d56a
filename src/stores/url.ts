/**
 * Store URLs → StoreSpec. Pure: no I/O, no DNS, nothing thrown; a bad URL gives `{error}` so that
 * config validation can list every problem at once.
 *
 * files:      `files:/dir`, `files:N;/dir`, `files:N;MODE;/dir` (PHP's save_path after `files:`),
 *             and `files:///dir` (URL form, no depth). The directory must be absolute; MODE
 *             (octal) is accepted and ignored — it only matters to PHP when it creates files.
 * memcached:  `memcached://host[:port[:weight]][,host[:port[:weight]]…][?prefix=…&hash=…]`
 *             Servers in PHP's save_path order and spelling (ketama hashes the host string).
 *             port defaults to 11211. `prefix` (memcached.sess_prefix) overrides the profile's key
 *             prefix (plain PHP: `memc.sess.key.`; `?prefix=` empty for pecl memcache's raw id). `hash` = `ketama`
 *             (default, php-memcached 3.x), `ketama_weighted`, or `modulo`
 *             (memcached.sess_consistent_hash=Off). Weights only matter to `ketama_weighted`:
 *             php-memcached 3.x sets MEMCACHED_BEHAVIOR_KETAMA after pushing the servers, which
 *             turns weighting off in libmemcached. IPv6 addresses and unix sockets: not supported.
 * redis:      `redis://[user:pass@]host[:port][/db][?prefix=…]` (port 6379, db 0; `prefix`
 *             overrides the profile's, plain PHP's being `PHPREDIS_SESSION:`), `redis+unix:///path/to.sock[?db=N&prefix=…]`.
 */
import type { MemcachedDistribution, MemcachedServer, StoreSpec } from './types.js';

export type ParsedStoreUrl = StoreSpec | { error: string };

const MAX_DEPTH = 32;
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/;
const DISTRIBUTIONS: readonly MemcachedDistribution[] = ['ketama', 'ketama_weighted', 'modulo'];

export function parseStoreUrl(url: string): ParsedStoreUrl {
  const scheme = /^([a-z+]+):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'files':
      return parseFiles(url.slice('files:'.length));
    case 'memcached':
      return parseMemcached(url.slice('memcached:'.length));
    case 'redis':
    case 'redis+unix':
      return parseRedis(url, scheme);
    default:
      // Never echo the URL: it may hold a password.
      return { error: `unknown store "${scheme ?? ''}": use files:, memcached://, redis:// or redis+unix://` };
  }
}

function parseFiles(rest: string): ParsedStoreUrl {
  if (rest.startsWith('//')) {
    if (!rest.startsWith('///')) return { error: 'files:// URL must have an empty host: files:///dir' };
    return filesSpec(rest.slice(2), 0);
  }
  const parts = rest.split(';');
  if (parts.length > 3) return { error: 'files: expected files:/dir, files:N;/dir or files:N;MODE;/dir' };
  const dir = parts[parts.length - 1] ?? '';
  let depth = 0;
  if (parts.length >= 2) {
    const n = parts[0] ?? '';
    if (!/^\d{1,3}$/.test(n) || Number(n) > MAX_DEPTH) return { error: `files: depth "${n}" must be 0..${MAX_DEPTH}` };
    depth = Number(n);
  }
  if (parts.length === 3 && !/^[0-7]{1,4}$/.test(parts[1] ?? '')) {
    return { error: `files: mode "${parts[1] ?? ''}" must be octal` };
  }
  return filesSpec(dir, depth);
}

function filesSpec(dir: string, depth: number): ParsedStoreUrl {
  if (!dir.startsWith('/')) return { error: `files: directory "${dir}" must be absolute` };
  if (dir.includes('\0')) return { error: 'files: directory contains a NUL byte' };
  const trimmed = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
  return { kind: 'files', dir: trimmed || '/', depth };
}

/** `?a=b&c=d` → map; errors on unknown or repeated keys and on bad percent-encoding. */
function parseQuery(query: string, allowed: readonly string[], what: string): Map<string, string> | { error: string } {
  const out = new Map<string, string>();
  if (query === '') return out;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return { error: `${what}: bad percent-encoding in "${pair}"` };
    }
    if (!allowed.includes(key)) return { error: `${what}: unknown option "${key}" (known: ${allowed.join(', ')})` };
    if (out.has(key)) return { error: `${what}: option "${key}" given twice` };
    out.set(key, value);
  }
  return out;
}

function parsePort(s: string, what: string): number | { error: string } {
  if (!/^\d{1,5}$/.test(s) || Number(s) < 1 || Number(s) > 65535) return { error: `${what}: bad port "${s}"` };
  return Number(s);
}

function parseMemcached(rest: string): ParsedStoreUrl {
  if (!rest.startsWith('//')) return { error: 'memcached: expected memcached://host:port[,host:port…]' };
  const q = rest.indexOf('?');
  const hostPart = (q < 0 ? rest : rest.slice(0, q)).slice(2).replace(/\/$/, '');
  const query = parseQuery(q < 0 ? '' : rest.slice(q + 1), ['prefix', 'hash'], 'memcached');
  if ('error' in query) return query;
  if (hostPart === '') return { error: 'memcached: no server given' };
  const servers: MemcachedServer[] = [];
  for (const item of hostPart.split(',')) {
    if (item.startsWith('[') || item.startsWith('/')) {
      return { error: `memcached: "${item}": IPv6 addresses and unix sockets are not supported` };
    }
    const [host = '', portStr, weightStr, ...extra] = item.split(':');
    if (extra.length > 0 || !HOSTNAME.test(host)) return { error: `memcached: bad server "${item}"` };
    const port = portStr === undefined ? 11211 : parsePort(portStr, 'memcached');
    if (typeof port !== 'number') return port;
    let weight = 1;
    if (weightStr !== undefined) {
      if (!/^\d{1,6}$/.test(weightStr)) return { error: `memcached: bad weight in "${item}"` };
      weight = Math.max(1, Number(weightStr));
    }
    if (servers.some((s) => s.host === host && s.port === port)) return { error: `memcached: server "${host}:${port}" listed twice` };
    servers.push({ host, port, weight });
  }
  const hash = query.get('hash') ?? 'ketama';
  const distribution = DISTRIBUTIONS.find((d) => d === hash);
  if (!distribution) return { error: `memcached: hash "${hash}" must be one of ${DISTRIBUTIONS.join(', ')}` };
  const prefix = query.get('prefix');
  // memcached keys are printable ASCII without spaces (libmemcached refuses others too); with the
  // longest id (256) a key may exceed 250 bytes — such ids then simply find nothing.
  if (prefix !== undefined && !/^[\x21-\x7e]{0,200}$/.test(prefix)) {
    return { error: 'memcached: prefix must be at most 200 printable ASCII characters without spaces' };
  }
  return { kind: 'memcached', servers, distribution, ...(prefix !== undefined && { prefix }) };
}

function parseRedis(url: string, scheme: 'redis' | 'redis+unix'): ParsedStoreUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { error: `${scheme}: cannot parse the URL` };
  }
  const allowed = scheme === 'redis' ? ['prefix'] : ['prefix', 'db'];
  const query = parseQuery(u.search.slice(1), allowed, scheme);
  if ('error' in query) return query;
  if (u.hash) return { error: `${scheme}: unexpected #fragment` };
  const prefix = query.get('prefix');
  if (prefix !== undefined && !/^[\x20-\x7e]{0,200}$/.test(prefix)) {
    return { error: `${scheme}: prefix must be at most 200 printable ASCII characters` };
  }
  let username: string | undefined;
  let password: string | undefined;
  try {
    if (u.username) username = decodeURIComponent(u.username);
    if (u.password) password = decodeURIComponent(u.password);
  } catch {
    return { error: `${scheme}: bad percent-encoding in the credentials` };
  }
  const creds = { ...(username !== undefined && { username }), ...(password !== undefined && { password }) };
  const dbStr = scheme === 'redis' ? u.pathname.replace(/^\//, '') : (query.get('db') ?? '');
  if (dbStr !== '' && !/^\d{1,5}$/.test(dbStr)) return { error: `${scheme}: database "${dbStr}" must be a number` };
  const db = dbStr === '' ? 0 : Number(dbStr);

  if (scheme === 'redis+unix') {
    if (u.host !== '') return { error: 'redis+unix: expected redis+unix:///path/to.sock' };
    if (!u.pathname.startsWith('/') || u.pathname === '/') return { error: 'redis+unix: socket path missing' };
    let socket: string;
    try {
      socket = decodeURIComponent(u.pathname);
    } catch {
      return { error: 'redis+unix: bad percent-encoding in the socket path' };
    }
    return { kind: 'redis', host: '', port: 0, socket, db, ...creds, ...(prefix !== undefined && { prefix }) };
  }
  const host = u.hostname;
  if (!HOSTNAME.test(host)) return { error: `redis: bad or unsupported host "${host}"` };
  const port = u.port === '' ? 6379 : parsePort(u.port, 'redis');
  if (typeof port !== 'number') return port;
  return { kind: 'redis', host, port, db, ...creds, ...(prefix !== undefined && { prefix }) };
}
