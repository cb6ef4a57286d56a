/**
 * The ioredis options every Redis store uses (one server, each host of a pool, the nodes of a
 * Cluster, the master or replica found through Sentinel), in one place.
 * - No offline queue and no retries: a load fails at once while Redis is known to be down.
 * - Each call has its own deadline in redis.ts, and no commandTimeout: a command ioredis times
 *   out stays in its queue (holding memory) until the connection drops, so it would hide held
 *   work from the store's bound. A hung connection is dropped by redis-watch.ts instead.
 * - TLS (`rediss://`, `tls=1`): the system's CAs, plus the `ca` file when given; the server name
 *   is checked as usual.
 */
import { readCaFile } from './tls.js';
import { Redis, type RedisOptions } from 'ioredis';
import { IsauthError } from '../errors.js';
import type { RedisTls, StoreSpec } from './types.js';

const CONNECT_TIMEOUT_MS = 1000;

export interface RedisAuth {
  username?: string | undefined;
  password?: string | undefined;
  tls?: RedisTls | undefined;
}

function tlsOptions(tls: RedisTls): NonNullable<RedisOptions['tls']> {
  if (tls.ca === undefined) return {};
  return { ca: readCaFile(tls.ca, 'redis') };
}

/** Connection options without the address. */
export function redisClientOptions(auth: RedisAuth): RedisOptions {
  return {
    ...(auth.username !== undefined && { username: auth.username }),
    ...(auth.password !== undefined && { password: auth.password }),
    ...(auth.tls !== undefined && { tls: tlsOptions(auth.tls) }),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times: number) => Math.min(50 * times, 500),
    keepAlive: 30_000,
    noDelay: true,
    lazyConnect: false,
  };
}

type RedisSpec = Extract<StoreSpec, { kind: 'redis' }>;

/** The client of one Redis server (TCP, unix socket, TLS). */
export function plainClient(spec: RedisSpec): Redis {
  return new Redis({
    ...(spec.socket !== undefined ? { path: spec.socket } : { host: spec.host, port: spec.port }),
    db: spec.db,
    ...redisClientOptions(spec),
  });
}
