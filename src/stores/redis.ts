/**
 * Sessions written by phpredis (save_handler=redis) or a framework's Redis client: a string at the
 * key the store-key stage built.
 *
 * - One connection (ioredis), opened when the store is created, with SELECT db and AUTH as given.
 * - No offline queue: while Redis is known to be down (between reconnect attempts) a load fails at
 *   once with STORE_UNAVAILABLE instead of waiting. While a connection attempt is under way
 *   (first start, or a reconnect) a load waits for it, within its deadline.
 * - ioredis reconnects by itself (backoff up to 500 ms), so the store recovers when Redis returns.
 * - Every call has its own deadline → STORE_TIMEOUT. Memory stays bounded while Redis hangs:
 *   at most MAX_HELD commands HELD by the client (sent or waiting for a connection, and not yet
 *   answered — a command whose caller's deadline passed still counts until Redis answers or its
 *   connection drops); beyond, STORE_UNAVAILABLE at once (`bypass`). A connection whose oldest
 *   command waited a whole deadline with not one byte received is hung (redis-watch.ts): it is
 *   dropped with everything queued on it — one node of a Cluster alone — and reopened.
 * - Size-limited read: GETRANGE key 0 maxBytes reads at most maxBytes + 1 bytes, so an oversized
 *   session is refused (STORE_TOO_LARGE) without being downloaded; an empty answer is told apart
 *   from an absent key with EXISTS.
 * - Why the connection fails (WRONGPASS, NOAUTH, a TLS error, ECONNREFUSED) is reported through
 *   opts.onHealth once per change and named in the errors, not swallowed into "cannot connect".
 */
import type { Cluster, Redis } from 'ioredis';
import { IsauthError } from '../errors.js';
import { heldWork } from './deadline.js';
import { isSafeRedisKey } from './key-safety.js';
import { plainClient } from './redis-options.js';
import { TimedCommand, watchHangs } from './redis-watch.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

type RedisSpec = Extract<StoreSpec, { kind: 'redis' }>;

/** Commands the client may hold per store (sent or waiting, unanswered); beyond, fail fast with bypass. */
export const MAX_HELD = 1000;

function storeError(err: unknown): IsauthError {
  if (err instanceof IsauthError) return err;
  const e = err as { name?: string; message?: string };
  if (e.name === 'ReplyError') return new IsauthError('STORE_PROTOCOL', `redis: ${e.message ?? ''}`, { cause: err });
  return new IsauthError('STORE_UNAVAILABLE', `redis: ${e.message ?? String(err)}`, { cause: err });
}

/** `client`: a Cluster, Sentinel or TLS client built by redis-topology.ts (spec is then unused). */
export function createRedisStore(spec: RedisSpec, opts: StoreOptions, client: Redis | Cluster = plainClient(spec)): SessionStore {
  // Errors reach the callers through their commands; the reason is reported once per change.
  let lastError: string | undefined;
  client.on('error', (err: Error) => {
    const reason = `redis: ${err.message}`;
    if (reason !== lastError) opts.onHealth?.(reason);
    lastError = reason;
  });
  client.on('ready', () => {
    if (lastError !== undefined) opts.onHealth?.(undefined);
    lastError = undefined;
  });
  let closed = false;
  const held = heldWork('redis', MAX_HELD);
  const watch = watchHangs(client);

  /** The connection attempt under way, shared by every call waiting for it. */
  let attempt: Promise<void> | undefined;
  function connected(): Promise<void> | undefined {
    if (client.status !== 'connecting' && client.status !== 'connect') return undefined;
    attempt ??= new Promise<void>((resolve, reject) => {
      const settle = (ok: boolean) => {
        client.off('ready', onReady);
        client.off('close', onFail);
        attempt = undefined;
        if (ok) resolve();
        else reject(new IsauthError('STORE_UNAVAILABLE', `redis: cannot connect${lastError ? ` (${lastError.slice(7)})` : ''}`));
      };
      const onReady = () => settle(true);
      const onFail = () => settle(false);
      client.once('ready', onReady);
      client.once('close', onFail);
    });
    return attempt;
  }

  /** Send `cmd` within timeoutMs (waiting for a connection attempt under way counts too). */
  async function command<T>(timeoutMs: number, cmd: TimedCommand): Promise<T> {
    if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'redis: store is closed');
    const what = cmd.name.toUpperCase();
    try {
      return await held.run(timeoutMs, what, async () => {
        try {
          const wait = connected();
          if (wait !== undefined) await wait;
          cmd.sentAt = performance.now();
          return (await client.sendCommand(cmd)) as T;
        } catch (err) {
          const e = storeError(err);
          // Until a connection dropped as hung is ready again, its failures are the hang's: timeouts.
          if (e.code === 'STORE_UNAVAILABLE' && watch.reconnecting) {
            throw new IsauthError('STORE_TIMEOUT', `redis: ${what}: not answering; reconnecting`, { cause: e });
          }
          throw e;
        }
      });
    } catch (err) {
      const e = storeError(err);
      if (e.code === 'STORE_TIMEOUT') watch.dropHung(timeoutMs);
      throw e;
    }
  }

  return {
    kind: 'redis',

    async load(key, _placeBy, timeoutMs) {
      if (!isSafeRedisKey(key)) return null;
      const max = opts.maxBytes;
      const value = await command<Buffer>(timeoutMs, new TimedCommand('getrange', [key, 0, max], { replyEncoding: null }));
      if (value.length > max) throw new IsauthError('STORE_TOO_LARGE', `redis: session of more than ${max} bytes`);
      if (value.length === 0 && (await command<number>(timeoutMs, new TimedCommand('exists', [key]))) === 0) return null;
      return { bytes: value, flags: 0 };
    },

    async verify(timeoutMs) {
      const pong = await command<string>(timeoutMs, new TimedCommand('ping', [], { replyEncoding: 'utf8' }));
      if (pong !== 'PONG') throw new IsauthError('STORE_PROTOCOL', 'redis: unexpected answer to PING');
    },

    async close() {
      if (closed) return;
      closed = true;
      client.disconnect();
    },
  };
}
