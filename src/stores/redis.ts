/**
 * Sessions written by phpredis (save_handler=redis) or a framework's Redis client: a string at the
 * key the store-key stage built.
 *
 * - One connection (ioredis), opened when the store is created, with SELECT db and AUTH as given.
 * - No offline queue: while Redis is known to be down (between reconnect attempts) a load fails at
 *   once with STORE_UNAVAILABLE instead of waiting. While a connection attempt is under way
 *   (first start, or a reconnect) a load waits for it, within its deadline.
 * - ioredis reconnects by itself (backoff up to 500 ms), so the store recovers when Redis returns.
 * - Every call has its own deadline → STORE_TIMEOUT. Memory stays bounded while Redis hangs: at
 *   most MAX_OUTSTANDING calls per store (beyond: STORE_UNAVAILABLE at once, so `bypass`), and a
 *   deadline passing with no answer at all since that command was sent means a hung or dead peer
 *   (no need to wait for TCP keepalive): the connection is dropped with everything queued on it,
 *   and a new one is opened.
 * - Size-limited read: GETRANGE key 0 maxBytes reads at most maxBytes + 1 bytes, so an oversized
 *   session is refused (STORE_TOO_LARGE) without being downloaded; an empty answer is told apart
 *   from an absent key with EXISTS.
 * - Why the connection fails (WRONGPASS, NOAUTH, a TLS error, ECONNREFUSED) is reported through
 *   opts.onHealth once per change and named in the errors, not swallowed into "cannot connect".
 */
import { Redis, type Cluster } from 'ioredis';
import { IsauthError } from '../errors.js';
import { withDeadline } from './deadline.js';
import { isSafeRedisKey } from './key-safety.js';
import { plainClient } from './redis-options.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

type RedisSpec = Extract<StoreSpec, { kind: 'redis' }>;

/** Calls (loads and probes) allowed in flight per store; beyond, fail fast with bypass. */
export const MAX_OUTSTANDING = 1000;

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
    hung = false;
    if (lastError !== undefined) opts.onHealth?.(undefined);
    lastError = undefined;
  });
  let closed = false;
  /** The connection was dropped for not answering: until ready again, failures are timeouts. */
  let hung = false;
  let outstanding = 0;
  /** When the last answer of any command came back (performance.now()). */
  let lastAnswerAt = performance.now();

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

  /** Run `op` within timeoutMs (waiting for a connection attempt under way counts too). */
  async function command<T>(timeoutMs: number, what: string, op: () => Promise<T>): Promise<T> {
    if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'redis: store is closed');
    if (outstanding >= MAX_OUTSTANDING) throw new IsauthError('STORE_UNAVAILABLE', `redis: ${outstanding} calls outstanding; failing fast`);
    const sentAt = performance.now();
    outstanding++;
    try {
      return await withDeadline(timeoutMs, `redis: ${what}`, async () => {
        await connected();
        const v = await op();
        lastAnswerAt = performance.now();
        return v;
      });
    } catch (err) {
      const e = storeError(err);
      // Nothing at all answered since this was sent: the peer is hung or gone. Drop the
      // connection (and what is queued on it) rather than let the queue grow; reconnect.
      // (One Redis or Sentinel's master only: a Cluster drops a dead node's connection itself,
      // and disconnecting it would drop every node and wait for the cluster's next ready check.)
      if (e.code === 'STORE_TIMEOUT' && lastAnswerAt < sentAt && client.status === 'ready' && client instanceof Redis) {
        hung = true;
        client.disconnect(true);
      }
      if (hung && e.code === 'STORE_UNAVAILABLE') throw new IsauthError('STORE_TIMEOUT', `redis: ${what}: not answering; reconnecting`, { cause: e });
      throw e;
    } finally {
      outstanding--;
    }
  }

  return {
    kind: 'redis',

    async load(key, _placeBy, timeoutMs) {
      if (!isSafeRedisKey(key)) return null;
      const max = opts.maxBytes;
      const value = await command(timeoutMs, 'GETRANGE', () => client.getrangeBuffer(key, 0, max));
      if (value.length > max) throw new IsauthError('STORE_TOO_LARGE', `redis: session of more than ${max} bytes`);
      if (value.length === 0 && (await command(timeoutMs, 'EXISTS', () => client.exists(key))) === 0) return null;
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
