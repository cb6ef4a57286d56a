/**
 * Sessions written by phpredis (save_handler=redis) or a framework's Redis client: a string at the
 * key the store-key stage built, read with GET.
 *
 * - One connection (ioredis), opened when the store is created, with SELECT db and AUTH as given.
 * - No offline queue: while Redis is known to be down (between reconnect attempts) a load fails at
 *   once with STORE_UNAVAILABLE instead of waiting. While a connection attempt is under way
 *   (first start, or a reconnect) a load waits for it, within its deadline.
 * - ioredis reconnects by itself (backoff up to 500 ms), so the store recovers when Redis returns.
 * - Every call has its own deadline → STORE_TIMEOUT (a hung Redis cannot hold a request); ioredis
 *   drops what a hung Redis never answers after 2 s.
 * - The value is read whole (GET) and then checked against maxBytes (STORE_TOO_LARGE).
 */
import { Redis } from 'ioredis';
import { IsauthError } from '../errors.js';
import { withDeadline } from './deadline.js';
import { isSafeRedisKey } from './key-safety.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

type RedisSpec = Extract<StoreSpec, { kind: 'redis' }>;

const CONNECT_TIMEOUT_MS = 1000;
const COMMAND_BACKSTOP_MS = 2000;

function storeError(err: unknown): IsauthError {
  if (err instanceof IsauthError) return err;
  const e = err as { name?: string; message?: string };
  if (e.name === 'ReplyError') return new IsauthError('STORE_PROTOCOL', `redis: ${e.message ?? ''}`, { cause: err });
  return new IsauthError('STORE_UNAVAILABLE', `redis: ${e.message ?? String(err)}`, { cause: err });
}

export function createRedisStore(spec: RedisSpec, opts: StoreOptions): SessionStore {
  const client = new Redis({
    ...(spec.socket !== undefined ? { path: spec.socket } : { host: spec.host, port: spec.port }),
    db: spec.db,
    ...(spec.username !== undefined && { username: spec.username }),
    ...(spec.password !== undefined && { password: spec.password }),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Each call has its own (shorter) deadline; this backstop drops commands a hung Redis never
    // answers, so they cannot pile up in memory at page rate.
    commandTimeout: COMMAND_BACKSTOP_MS,
    retryStrategy: (times: number) => Math.min(50 * times, 500),
    keepAlive: 30_000,
    noDelay: true,
    lazyConnect: false,
  });
  // Errors reach the callers through their commands; an unhandled 'error' event would be logged.
  client.on('error', () => undefined);
  let closed = false;

  /** Wait for an ongoing connection attempt to finish (ready or failed), or the deadline. */
  function connected(signal: AbortSignal): Promise<void> | undefined {
    if (client.status !== 'connecting' && client.status !== 'connect') return undefined;
    return new Promise<void>((resolve, reject) => {
      const onReady = () => (cleanup(), resolve());
      const onFail = () => (cleanup(), reject(new IsauthError('STORE_UNAVAILABLE', 'redis: cannot connect')));
      const cleanup = () => {
        client.off('ready', onReady);
        client.off('close', onFail);
        signal.removeEventListener('abort', cleanup);
      };
      client.once('ready', onReady);
      client.once('close', onFail);
      signal.addEventListener('abort', cleanup);
    });
  }

  /** Run `op` within timeoutMs (waiting for a connection attempt under way counts too). */
  async function command<T>(timeoutMs: number, what: string, op: () => Promise<T>): Promise<T> {
    if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'redis: store is closed');
    try {
      return await withDeadline(timeoutMs, `redis: ${what}`, async (signal) => {
        await connected(signal);
        return op();
      });
    } catch (err) {
      throw storeError(err);
    }
  }

  return {
    kind: 'redis',

    async load(key, _placeBy, timeoutMs) {
      if (!isSafeRedisKey(key)) return null;
      const value = await command(timeoutMs, 'GET', () => client.getBuffer(key));
      if (value === null) return null;
      if (value.length > opts.maxBytes) {
        throw new IsauthError('STORE_TOO_LARGE', `redis: session of ${value.length} bytes exceeds ${opts.maxBytes}`);
      }
      return { bytes: value, flags: 0 };
    },

    async verify(timeoutMs) {
      const pong = await command(timeoutMs, 'PING', () => client.ping());
      if (pong !== 'PONG') throw new IsauthError('STORE_PROTOCOL', 'redis: unexpected answer to PING');
    },

    async close() {
      if (closed) return;
      closed = true;
      client.disconnect();
    },
  };
}
