/**
 * The Redis stores beyond one plain server, all reading through redis.ts (deadlines, bounded
 * held commands, hung connections dropped — every node of a Cluster watched on its own) with a
 * different ioredis client:
 * - `redis-cluster://`: ioredis Cluster — slot by CRC16 of the key (hash tags honoured), MOVED/ASK
 *   followed, the slot map refreshed every second and on redirections, so a replica promoted after
 *   its master failed is found without a restart; `read=replica` reads replicas (scaleReads
 *   `slave`), `read=distribute` master and replicas (`all`): a replica may lag its master by a
 *   few milliseconds, so a session written just before the read may be missing or older there.
 * - `redis-sentinel://`: ioredis asks the sentinels for the master (or a replica with
 *   `read=replica`) and follows a failover (+switch-master, or a READONLY/connection error).
 * - `redis://h1,h2,…` (several hosts): one store per host, the host phpredis picks for the id
 *   (placement/phpredis-pool.ts); no failover, as in phpredis.
 * - `rediss://` / `tls=1`: TLS on any of them.
 */
import { Cluster, Redis } from 'ioredis';
import { IsauthError } from '../errors.js';
import { phpredisPoolPicker } from './placement/phpredis-pool.js';
import { createRedisStore } from './redis.js';
import { plainClient, redisClientOptions } from './redis-options.js';
import type { RedisClusterSpec, RedisSentinelSpec, SessionStore, StoreOptions, StoreSpec } from './types.js';

type RedisSpec = Extract<StoreSpec, { kind: 'redis' }>;

const SENTINEL_COMMAND_TIMEOUT_MS = 1000;
const SCALE_READS = { master: 'master', replica: 'slave', distribute: 'all' } as const;

export function clusterClient(spec: RedisClusterSpec): Cluster {
  const { enableOfflineQueue, ...nodeOptions } = redisClientOptions(spec);
  return new Cluster(spec.seeds, {
    redisOptions: nodeOptions,
    enableOfflineQueue: enableOfflineQueue ?? false,
    scaleReads: SCALE_READS[spec.read],
    slotsRefreshInterval: 1000,
    slotsRefreshTimeout: 1000,
    maxRedirections: 16,
    retryDelayOnMoved: 0,
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    clusterRetryStrategy: (times: number) => Math.min(100 * times, 1000),
    // TLS certificates name the host, not the address a node announces: keep the seed's name.
    ...(spec.tls !== undefined && { dnsLookup: (address: string, cb: (e: null, a: string) => void) => cb(null, address) }),
  });
}

export function sentinelClient(spec: RedisSentinelSpec): Redis {
  return new Redis({
    sentinels: spec.sentinels,
    name: spec.name,
    role: spec.read === 'replica' ? 'slave' : 'master',
    db: spec.db,
    ...redisClientOptions(spec),
    sentinelRetryStrategy: (times: number) => Math.min(100 * times, 1000),
    // A hung sentinel must not hold the search for the master: ask the next one.
    sentinelCommandTimeout: SENTINEL_COMMAND_TIMEOUT_MS,
    // The sentinels themselves take no data-node password; TLS applies to both.
    ...(spec.tls !== undefined && { enableTLSForSentinelMode: true, sentinelTLS: redisClientOptions(spec).tls ?? {} }),
    failoverDetector: true,
  });
}

function poolStore(spec: RedisSpec & { servers: NonNullable<RedisSpec['servers']> }, opts: StoreOptions): SessionStore {
  const { servers, ...one } = spec;
  const stores = servers.map((s) => createRedisStore({ ...one, host: s.host, port: s.port }, opts));
  const pick = phpredisPoolPicker(servers);
  return {
    kind: 'redis',
    load: (key, placeBy, timeoutMs) => stores[pick(placeBy)]!.load(key, placeBy, timeoutMs),
    async verify(timeoutMs) {
      await Promise.all(stores.map((s) => s.verify(timeoutMs)));
    },
    async close() {
      await Promise.all(stores.map((s) => s.close()));
    },
  };
}

/** Every Redis store kind: one server, a phpredis pool, a Cluster, Sentinel. */
export function createAnyRedisStore(spec: RedisSpec | RedisClusterSpec | RedisSentinelSpec, opts: StoreOptions): SessionStore {
  switch (spec.kind) {
    case 'redis-cluster':
      return { ...createRedisStore(spec as unknown as RedisSpec, opts, clusterClient(spec)), kind: 'redis-cluster' };
    case 'redis-sentinel':
      return { ...createRedisStore(spec as unknown as RedisSpec, opts, sentinelClient(spec)), kind: 'redis-sentinel' };
    case 'redis':
      if (spec.servers !== undefined && spec.servers.length > 1) return poolStore({ ...spec, servers: spec.servers }, opts);
      return createRedisStore(spec, opts, plainClient(spec));
    default:
      throw new IsauthError('STORE_URL', 'redis: unknown kind');
  }
}
