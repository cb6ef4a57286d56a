/**
 * For `isauth check`: which memcached server(s) a session is read from, and why — the store's own
 * router (src/stores/memcached-route.ts, which uses the pickers of memcached-hash.ts), described.
 */
import { memcachedRouter } from '../stores/memcached-route.js';
import type { StoreSpec } from '../stores/types.js';

export interface Placement {
  /** 0-based indexes into the store URL's servers, in the order they are read. */
  readonly servers: readonly number[];
  readonly count: number;
  /** `host:port` (or the socket path) of each server in `servers`. */
  readonly addresses: readonly string[];
  /** Why: the client and its hashing, and what was hashed. */
  readonly why: string;
}

const DISTRIBUTION = {
  ketama: 'ketama consistent hashing (libmemcached, one-at-a-time hash; memcached.sess_consistent_hash=On)',
  ketama_weighted: 'weighted ketama (libmemcached, MD5; sess_consistent_hash_type=ketama_weighted)',
  modulo: 'one-at-a-time hash modulo the server count (memcached.sess_consistent_hash=Off)',
} as const;

/** The placement of `placeBy` when the store spreads sessions over several memcached servers; else undefined. */
export function describePlacement(spec: StoreSpec, placeBy: string, placeById: boolean): Placement | undefined {
  if (spec.kind !== 'memcached' || spec.servers.length < 2) return undefined;
  const route = memcachedRouter(spec)(placeBy);
  const hashed = placeById ? 'the bare session id' : 'the whole key';
  const client =
    spec.pecl !== undefined
      ? `pecl memcache (${spec.pecl.strategy} hashing, ${spec.pecl.hashFunction}, session_redundancy ${spec.pecl.redundancy}; a miss moves on to the next)`
      : `php-memcached, ${DISTRIBUTION[spec.distribution]}${spec.replicas ? `, ${spec.replicas} replica(s) on the next servers` : ''}`;
  return {
    servers: route.servers,
    count: spec.servers.length,
    addresses: route.servers.map((i) => {
      const s = spec.servers[i];
      return s === undefined ? '?' : s.socket ?? `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`;
    }),
    why: `${client}, of ${hashed}`,
  };
}
