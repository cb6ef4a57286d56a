/**
 * Which memcached server php-memcached 3.x (through libmemcached 1.x) writes a session to.
 * Pure functions; verified against libmemcached-awesome 1.1.4 (Debian 12's libmemcached11) and
 * php-memcached 3.2.0, and proven against real PHP by test/integration/stores/memcached-spread.
 *
 * What the sources say:
 * - php_memcached_session.c pushes the save_path servers, THEN sets MEMCACHED_BEHAVIOR_KETAMA
 *   (or the configured sess_consistent_hash_type) when memcached.sess_consistent_hash is On.
 *   The prefix is libmemcached's NAMESPACE; hash_with_namespace is off by default, so the server is
 *   chosen from the bare session id.
 * - KETAMA (behavior.cc) = distribution CONSISTENT_KETAMA and weighted_ketama = false (weights are
 *   ignored); the key hash stays the default, Jenkins one-at-a-time (libhashkit/hashkit.cc).
 *   Continuum (hosts.cc update_continuum): 100 points per server, point i (0..99) =
 *   one_at_a_time(`host-i`) when port is 11211 else one_at_a_time(`host:port-i`) — with the host
 *   string exactly as written in save_path; sorted by (value, server index); a key goes to the
 *   first point whose value ≥ hash, wrapping to the first point (hash.cc dispatch_host).
 * - KETAMA_WEIGHTED = key hash MD5 (first 4 digest bytes, little-endian), weighted continuum:
 *   per server ⌊weight/total × 160/4 × servers⌋ × 4 points (float arithmetic), 4 points per MD5 of
 *   `host-i` / `host:port-i` (bytes 4k..4k+3, little-endian), i counting from 0.
 * - MODULA (consistent_hash Off) = one_at_a_time(id) % number of servers.
 * - One server: always that server (libmemcached returns hash 0).
 */
import { createHash } from 'node:crypto';
import type { MemcachedDistribution, MemcachedServer } from './types.js';

const DEFAULT_PORT = 11211;
const POINTS_PER_SERVER = 100;
const POINTS_PER_SERVER_WEIGHTED = 160;

/**
 * libhashkit's one-at-a-time over the bytes of `s` (latin1/ASCII). libhashkit reads `char`, which
 * is signed on x86: bytes ≥ 0x80 are sign-extended, as here (ids and hosts are ASCII anyway).
 */
export function oneAtATime(s: string): number {
  const bytes = Buffer.from(s, 'latin1');
  let h = 0;
  for (const b of bytes) {
    h = (h + (b >= 0x80 ? b - 0x100 : b)) >>> 0;
    h = (h + (h << 10)) >>> 0;
    h = (h ^ (h >>> 6)) >>> 0;
  }
  h = (h + (h << 3)) >>> 0;
  h = (h ^ (h >>> 11)) >>> 0;
  h = (h + (h << 15)) >>> 0;
  return h;
}

/** libhashkit's md5 hash: the first four digest bytes, little-endian (or bytes 4k.. for `k`). */
export function md5Hash(s: string, k = 0): number {
  return createHash('md5').update(s, 'latin1').digest().readUInt32LE(4 * k);
}

interface Point {
  value: number;
  index: number;
}

function pointName(server: MemcachedServer, i: number): string {
  // libmemcached keeps an IPv6 host as written in save_path, brackets included (`[::1]:11212-0`):
  // measured against php-memcached writing to two [::1] servers (test/integration/stores/scale-extras).
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  return server.port === DEFAULT_PORT ? `${host}-${i}` : `${host}:${server.port}-${i}`;
}

/** The sorted continuum libmemcached builds for these servers. */
export function buildContinuum(servers: readonly MemcachedServer[], weighted: boolean): Point[] {
  const points: Point[] = [];
  const total = servers.reduce((sum, s) => sum + Math.max(1, s.weight), 0);
  servers.forEach((server, index) => {
    if (!weighted) {
      for (let i = 0; i < POINTS_PER_SERVER; i++) points.push({ value: oneAtATime(pointName(server, i)), index });
      return;
    }
    // C float arithmetic: pct * 160 / 4 * live + 1e-10f, floored, times 4.
    const f = Math.fround;
    const pct = f(f(Math.max(1, server.weight)) / f(total));
    const perServer = Math.floor(f(f(f(f(pct * POINTS_PER_SERVER_WEIGHTED) / 4) * servers.length) + f(0.0000000001))) * 4;
    for (let i = 0; i < perServer / 4; i++) {
      for (let k = 0; k < 4; k++) points.push({ value: md5Hash(pointName(server, i), k), index });
    }
  });
  return points.sort((a, b) => a.value - b.value || a.index - b.index);
}

/** The first point with value ≥ hash (binary search), wrapping to the first point. */
function dispatch(continuum: readonly Point[], hash: number): number {
  let left = 0;
  let right = continuum.length;
  while (left < right) {
    const mid = (left + right) >>> 1;
    if ((continuum[mid]?.value ?? 0) < hash) left = mid + 1;
    else right = mid;
  }
  return (continuum[right === continuum.length ? 0 : right] ?? { index: 0 }).index;
}

/**
 * A function from a bare session id (no prefix) to the index in `servers` of the server that
 * php-memcached uses for it. Build once per configuration; each call is O(log points).
 */
export function serverPicker(
  servers: readonly MemcachedServer[],
  distribution: MemcachedDistribution,
): (id: string) => number {
  if (servers.length <= 1) return () => 0;
  if (distribution === 'modulo') return (id) => oneAtATime(id) % servers.length;
  const weighted = distribution === 'ketama_weighted';
  const continuum = buildContinuum(servers, weighted);
  return weighted ? (id) => dispatch(continuum, md5Hash(id)) : (id) => dispatch(continuum, oneAtATime(id));
}
