/**
 * `memcached://…` store URLs → StoreSpec (see url.ts for the overview). Pure.
 *
 *   memcached://host[:port[:weight]][,host…][?prefix=…&hash=…&replicas=N&key=…]        php-memcached
 *   memcached://host:port[:weight][,…]?client=memcache[&hash=consistent|standard]
 *              [&hash_function=crc32|fnv][&redundancy=N][&prefix=…]                        pecl memcache
 *
 * Servers in PHP's save_path order and spelling (the host string is hashed). An IPv6 server is
 * `[::1]:11211`; a unix socket is its absolute path (`memcached:///run/memcached.sock`, or
 * `/run/memcached.sock` as one item of the list); port 11211 when not given.
 * php-memcached: `hash` = `ketama` (default), `ketama_weighted`, `modulo`; `replicas` =
 * memcached.sess_number_of_replicas. pecl memcache: the query keys mirror its ini names
 * (memcache.hash_strategy, memcache.hash_function, memcache.session_redundancy — default 2, as PHP).
 */
import type { Failed } from './url-common.js';
import { parseCount, parseHostItem, parseKeyTemplate, parseQuery } from './url-common.js';
import type { MemcachedDistribution, MemcachedServer, PeclMemcachePlacement, StoreSpec } from './types.js';

const DISTRIBUTIONS: readonly MemcachedDistribution[] = ['ketama', 'ketama_weighted', 'modulo'];
const OPTIONS = ['prefix', 'hash', 'client', 'hash_function', 'redundancy', 'replicas', 'key'];
const SOCKET = /^\/[\x21-\x7e]{1,200}$/;

function parseServer(item: string): MemcachedServer | Failed {
  if (item.startsWith('/')) {
    if (!SOCKET.test(item) || item.includes(':')) return { error: `memcached: bad socket path "${item}"` };
    return { host: item, port: 0, weight: 1, socket: item };
  }
  const h = parseHostItem(item, 11211, 'memcached');
  if ('error' in h) return h;
  return { host: h.host, port: h.port, weight: Math.max(1, h.weight ?? 1) };
}

function peclPlacement(query: Map<string, string>): PeclMemcachePlacement | Failed {
  if (query.has('replicas')) return { error: 'memcached: replicas is php-memcached\'s; pecl memcache has redundancy' };
  const strategy = query.get('hash') ?? 'consistent';
  if (strategy !== 'consistent' && strategy !== 'standard') return { error: `memcached: with client=memcache, hash must be consistent or standard` };
  const hashFunction = query.get('hash_function') ?? 'crc32';
  if (hashFunction !== 'crc32' && hashFunction !== 'fnv') return { error: 'memcached: hash_function must be crc32 or fnv' };
  const redundancy = parseCount(query.get('redundancy') ?? '2', 1, 1000, 'memcached: redundancy');
  if (typeof redundancy !== 'number') return redundancy;
  return { strategy, hashFunction, redundancy };
}

export function parseMemcached(rest: string): StoreSpec | Failed {
  if (!rest.startsWith('//')) return { error: 'memcached: expected memcached://host:port[,host:port…]' };
  const q = rest.indexOf('?');
  const hostPart = (q < 0 ? rest : rest.slice(0, q)).slice(2).replace(/(.)\/$/, '$1');
  const query = parseQuery(q < 0 ? '' : rest.slice(q + 1), OPTIONS, 'memcached');
  if ('error' in query) return query;
  if (hostPart === '') return { error: 'memcached: no server given' };
  const servers: MemcachedServer[] = [];
  for (const item of hostPart.split(',')) {
    const server = parseServer(item);
    if ('error' in server) return server;
    if (servers.some((s) => s.host === server.host && s.port === server.port)) return { error: `memcached: server "${item}" listed twice` };
    servers.push(server);
  }
  const client = query.get('client') ?? 'memcached';
  if (client !== 'memcached' && client !== 'memcache') return { error: 'memcached: client must be memcached (php-memcached) or memcache (pecl memcache)' };
  let extra: { pecl: PeclMemcachePlacement } | { replicas: number } | object = {};
  let distribution: MemcachedDistribution = 'ketama';
  if (client === 'memcache') {
    const pecl = peclPlacement(query);
    if ('error' in pecl) return pecl;
    extra = { pecl };
  } else {
    if (query.has('hash_function') || query.has('redundancy')) return { error: 'memcached: hash_function and redundancy need client=memcache' };
    const hash = query.get('hash') ?? 'ketama';
    const d = DISTRIBUTIONS.find((x) => x === hash);
    if (!d) return { error: `memcached: hash "${hash}" must be one of ${DISTRIBUTIONS.join(', ')}` };
    distribution = d;
    const replicas = parseCount(query.get('replicas') ?? '0', 0, servers.length - 1, 'memcached: replicas');
    if (typeof replicas !== 'number') return replicas;
    if (replicas > 0) extra = { replicas };
  }
  const prefix = query.get('prefix');
  // memcached keys are printable ASCII without spaces (libmemcached refuses others too); with the
  // longest id (256) a key may exceed 250 bytes — such ids then simply find nothing.
  if (prefix !== undefined && !/^[\x21-\x7e]{0,200}$/.test(prefix)) {
    return { error: 'memcached: prefix must be at most 200 printable ASCII characters without spaces' };
  }
  const template = query.get('key');
  if (template !== undefined && prefix !== undefined) return { error: 'memcached: give prefix or key, not both' };
  const keyTemplate = template === undefined ? undefined : parseKeyTemplate(template, false, 'memcached');
  if (typeof keyTemplate === 'object') return keyTemplate;
  return {
    kind: 'memcached',
    servers,
    distribution,
    ...(query.has('hash') && { distributionGiven: true }),
    ...(prefix !== undefined && { prefix }),
    ...extra,
    ...(keyTemplate !== undefined && { keyTemplate }),
  };
}
