/**
 * Where pecl memcache 4.x's session handler (`session.save_handler=memcache`) puts a session.
 * Pure functions, from websupport-sk/pecl-memcache src/: memcache_consistent_hash.c,
 * memcache_standard_hash.c, memcache_pool.c (hash functions, mmc_pool_find_next) and
 * memcache_session.c; proven against real PHP by test/integration/stores/memcached-pecl.test.ts.
 *
 * - Hash functions (memcache.hash_function): `crc32` = zlib's CRC-32 (init ~0, final ~);
 *   `fnv` = FNV-1a 32-bit. Bytes are C `char` (sign-extended ≥ 0x80; ids are ASCII).
 * - consistent (memcache.hash_strategy=consistent, the default): weight × 160 points per server,
 *   point i = hash(`host:port-i`) with host and port as in save_path; 1024 precomputed buckets,
 *   bucket b = first point ≥ b × ⌊0xffffffff / 1024⌋ (wrapping); a key goes to bucket hash % 1024.
 * - standard: weight buckets per server in save_path order; a key goes to bucket
 *   ((hash >> 16) & 0x7fff || 1) % buckets.
 * - One server: always it.
 * - The session handler never hashes the key itself: the n-th server it tries is
 *   find(`<key>-<n>`), n = 0, 1, … skipping servers already tried (at most 20 attempts,
 *   memcache.max_failover_attempts, then one probe per round). It WRITES to the first `session_redundancy` distinct servers
 *   of that sequence (a down one counts), and READS them in order until one is up and holds the
 *   session (a miss on a live server also moves on).
 */
import type { MemcachedServer, PeclMemcachePlacement } from '../types.js';

const POINTS = 160;
const BUCKETS = 1024;
const MAX_FAILOVER_ATTEMPTS = 20;

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function bytesOf(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

export function crc32(s: string): number {
  let c = 0xffffffff;
  for (const b of bytesOf(s)) c = (CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)) >>> 0;
  return (c ^ 0xffffffff) >>> 0;
}

export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of bytesOf(s)) {
    h = (h ^ (b >= 0x80 ? (b - 0x100) >>> 0 : b)) >>> 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function serverName(s: MemcachedServer): string {
  // unix sockets: save_path `unix:///path` becomes host `unix:///path`, port 0.
  return s.socket !== undefined ? `unix://${s.socket}:0` : `${s.host}:${s.port}`;
}

function consistentFinder(servers: readonly MemcachedServer[], hash: (s: string) => number): (key: string) => number {
  const points: Array<{ value: number; index: number }> = [];
  servers.forEach((server, index) => {
    const name = `${serverName(server)}-`;
    for (let i = 0; i < server.weight * POINTS; i++) points.push({ value: hash(name + i), index });
  });
  points.sort((a, b) => a.value - b.value);
  const step = Math.floor(0xffffffff / BUCKETS);
  const buckets = new Uint16Array(BUCKETS);
  for (let b = 0; b < BUCKETS; b++) {
    const at = (step * b) >>> 0;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid]!.value < at) lo = mid + 1;
      else hi = mid;
    }
    buckets[b] = points[lo === points.length ? 0 : lo]!.index;
  }
  return (key) => buckets[hash(key) % BUCKETS]!;
}

function standardFinder(servers: readonly MemcachedServer[], hash: (s: string) => number): (key: string) => number {
  const buckets = servers.flatMap((s, index) => new Array<number>(s.weight).fill(index));
  return (key) => {
    const h = (hash(key) >>> 16) & 0x7fff;
    return buckets[(h || 1) % buckets.length]!;
  };
}

/**
 * A function from the whole key (prefix included) to the indexes of the servers PHP's session
 * handler keeps it on, in the order it reads them: `redundancy` distinct servers at most.
 */
export function peclSessionServers(
  servers: readonly MemcachedServer[],
  placement: PeclMemcachePlacement,
): (key: string) => number[] {
  const hash = placement.hashFunction === 'fnv' ? fnv1a : crc32;
  if (servers.length <= 1) return () => [0];
  const find = placement.strategy === 'standard' ? standardFinder(servers, hash) : consistentFinder(servers, hash);
  const wanted = Math.min(placement.redundancy, servers.length);
  return (key) => {
    // memcache_session.c's loop, exactly: mmc_queue_push ignores a server already tried, and past
    // 20 probes find_next probes once per round, so the rounds go on until `wanted` distinct servers.
    const tried: number[] = [];
    let n = 0;
    while (tried.length < wanted && n < 100_000) {
      let server: number;
      do server = find(`${key}-${n++}`);
      while (tried.includes(server) && n < MAX_FAILOVER_ATTEMPTS);
      if (!tried.includes(server)) tried.push(server);
    }
    return tried;
  };
}
