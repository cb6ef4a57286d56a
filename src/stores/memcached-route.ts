/**
 * Which memcached servers hold a session, in the order its writer's client reads them, and what a
 * miss means — so a down server costs only its own share, and a copy is read exactly where PHP
 * would read it (never a session PHP would not see):
 * - php-memcached, no replicas: the one server libmemcached picks (memcached-hash.ts).
 * - php-memcached with `replicas=N` (memcached.sess_number_of_replicas, binary protocol):
 *   libmemcached writes the primary and the N servers after it in save_path order (wrapping), and
 *   its replicated GET (get.cc replication_binary_mget) asks the primary, then the next one only
 *   when a server cannot be reached: a miss on a live primary is final.
 * - pecl memcache (`client=memcache`): its session sequence (placement/pecl-memcache.ts); PHP
 *   reads the servers in order and moves on after a down server AND after a miss.
 */
import { serverPicker } from './memcached-hash.js';
import { peclSessionServers } from './placement/pecl-memcache.js';
import type { StoreSpec } from './types.js';

type MemcachedSpec = Extract<StoreSpec, { kind: 'memcached' }>;

export interface Route {
  /** Server indexes, the first to try first. */
  readonly servers: readonly number[];
  /** True when a miss on a live server moves on to the next one (pecl memcache). */
  readonly missMovesOn: boolean;
}

export function memcachedRouter(spec: MemcachedSpec): (placeBy: string) => Route {
  if (spec.pecl !== undefined) {
    const seq = peclSessionServers(spec.servers, spec.pecl);
    return (placeBy) => ({ servers: seq(placeBy), missMovesOn: true });
  }
  const pick = serverPicker(spec.servers, spec.distribution);
  const replicas = spec.replicas ?? 0;
  const n = spec.servers.length;
  if (replicas === 0) return (placeBy) => ({ servers: [pick(placeBy)], missMovesOn: false });
  return (placeBy) => {
    const primary = pick(placeBy);
    return { servers: Array.from({ length: replicas + 1 }, (_, i) => (primary + i) % n), missMovesOn: false };
  };
}
