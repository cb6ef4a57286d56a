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
 *   at most MAX_HELD reads HELD by the client (sent or waiting for a connection, and not yet
 *   answered — a read whose caller's deadline passed still counts until Redis answers or its
 *   connection drops); beyond, STORE_UNAVAILABLE at once (`bypass`). A connection whose oldest
 *   command waited a whole deadline with not one byte received is hung (redis-watch.ts): it is
 *   dropped with everything queued on it — one node of a Cluster alone — and reopened.
 * - One round trip for every answer (present, absent, empty, oversized): GETRANGE key 0 maxBytes
 *   and EXISTS key, sent together. GETRANGE reads at most maxBytes + 1 bytes, so an oversized
 *   session is refused (STORE_TOO_LARGE) without being downloaded; EXISTS tells an empty session
 *   from an absent key. Commands of one event-loop turn leave in one write (turnBatching).
 * - Why the connection fails (WRONGPASS, NOAUTH, a TLS error, ECONNREFUSED) is reported through
 *   opts.onHealth once per change and named in the errors, not swallowed into "cannot connect".
 */
import { Cluster, type Redis } from 'ioredis';
import { IsauthError } from '../errors.js';
import { heldWork } from './deadline.js';
import { isSafeRedisKey } from './key-safety.js';
import { plainClient } from './redis-options.js';
import { TimedCommand, watchHangs } from './redis-watch.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

type RedisSpec = Extract<StoreSpec, { kind: 'redis' }>;

/** Reads (each a GETRANGE+EXISTS pair) the client may hold per store, sent or waiting and unanswered; beyond, fail fast with bypass. */
export const MAX_HELD = 1000;

function storeError(err: unknown): IsauthError {
  if (err instanceof IsauthError) return err;
  const e = err as { name?: string; message?: string };
  if (e.name === 'ReplyError') return new IsauthError('STORE_PROTOCOL', `redis: ${e.message ?? ''}`, { cause: err });
  return new IsauthError('STORE_UNAVAILABLE', `redis: ${e.message ?? String(err)}`, { cause: err });
}

/**
 * Commands issued in one turn of the event loop leave in one write per connection, as in the
 * memcached client: the first command of a turn corks the sockets (every node's, for a Cluster:
 * which node a command goes to is ioredis' choice) and they are uncorked once this turn's I/O is
 * done (setImmediate). Pages nginx sent on several connections and read in one poll cost one
 * write syscall, and Redis reads them in one go.
 */
function turnBatching(client: Redis | Cluster): () => void {
  let corked: Array<{ uncork(): void }> | undefined;
  const release = (): void => {
    const streams = corked ?? [];
    corked = undefined;
    for (const s of streams) s.uncork();
  };
  return () => {
    if (corked !== undefined) return;
    corked = [];
    for (const node of client instanceof Cluster ? client.nodes('all') : [client]) {
      const s = node.stream as (typeof node.stream & { cork?: () => void; uncork?: () => void }) | undefined;
      if (s?.cork === undefined || s.uncork === undefined) continue;
      s.cork();
      corked.push(s as { uncork(): void });
    }
    setImmediate(release);
  };
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

  const batch = turnBatching(client);

  /**
   * Send `cmds` together within timeoutMs (waiting for a connection attempt under way counts
   * too): one held read, one round trip. Their replies, in order.
   */
  async function send(timeoutMs: number, what: string, cmds: readonly TimedCommand[]): Promise<unknown[]> {
    if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'redis: store is closed');
    try {
      return await held.run(timeoutMs, what, async () => {
        try {
          const wait = connected();
          if (wait !== undefined) await wait;
          batch();
          const now = performance.now();
          const replies = cmds.map((cmd) => {
            cmd.sentAt = now;
            return client.sendCommand(cmd) as Promise<unknown>;
          });
          return await Promise.all(replies);
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
      // One round trip for every answer: GETRANGE and EXISTS sent together (measured against a
      // Lua script and GETRANGE-then-EXISTS: docs/benchmarks.md, "Redis: one round trip").
      const [value, exists] = (await send(timeoutMs, 'GETRANGE+EXISTS', [
        new TimedCommand('getrange', [key, 0, max], { replyEncoding: null }),
        new TimedCommand('exists', [key]),
      ])) as [Buffer, number];
      if (value.length > max) throw new IsauthError('STORE_TOO_LARGE', `redis: session of more than ${max} bytes`);
      if (value.length === 0 && exists === 0) return null;
      return { bytes: value, flags: 0 };
    },

    async verify(timeoutMs) {
      const [pong] = await send(timeoutMs, 'PING', [new TimedCommand('ping', [], { replyEncoding: 'utf8' })]);
      if (pong !== 'PONG') throw new IsauthError('STORE_PROTOCOL', 'redis: unexpected answer to PING');
    },

    async close() {
      if (closed) return;
      closed = true;
      client.disconnect();
    },
  };
}
