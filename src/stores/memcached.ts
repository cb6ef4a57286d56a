/**
 * Sessions written by php-memcached (save_handler=memcached) or pecl memcache (with `?prefix=`),
 * read over memcached's text protocol with one pipelined connection per server
 * (memcached-conn.ts).
 *
 * - Key = prefix + id, on the server php-memcached chose for the id (memcached-hash.ts). There
 *   is no failover: a session read from another server would be a wrong answer, so a down server
 *   is an error (STORE_UNAVAILABLE), never a fallback.
 * - Every load has its own deadline (timeoutMs) → STORE_TIMEOUT; a refused connection fails at
 *   once → STORE_UNAVAILABLE; the store reconnects by itself when the server is back.
 * - A key longer than 250 bytes cannot exist in memcached → null.
 * - Values must have flags 0 (what php-memcached's session handler and pecl memcache write for
 *   uncompressed data); other flags (compression, typed values) → STORE_PROTOCOL.
 */
import { IsauthError } from '../errors.js';
import { isSafeSessionId } from './id.js';
import { MemcachedConnection } from './memcached-conn.js';
import { serverPicker } from './memcached-hash.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

type MemcachedSpec = Extract<StoreSpec, { kind: 'memcached' }>;

const MAX_KEY_BYTES = 250;

export function createMemcachedStore(spec: MemcachedSpec, opts: StoreOptions): SessionStore {
  if (spec.servers.length === 0) throw new IsauthError('STORE_URL', 'memcached: no server given');
  const conns = spec.servers.map((s) => new MemcachedConnection(s.host, s.port, opts.maxBytes));
  const pick = serverPicker(spec.servers, spec.distribution);
  let closed = false;

  const checkOpen = (): void => {
    if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'memcached: store is closed');
  };

  return {
    kind: 'memcached',

    async load(id, timeoutMs) {
      checkOpen();
      // The id is ASCII (checked), so its length is its byte length.
      if (!isSafeSessionId(id) || spec.prefix.length + id.length > MAX_KEY_BYTES) return null;
      const got = await conns[pick(id)]!.get(spec.prefix + id, timeoutMs);
      if (got === null) return null;
      if (got.flags !== 0) {
        throw new IsauthError('STORE_PROTOCOL', `memcached: value has flags 0x${got.flags.toString(16)} (compressed or not a plain string)`);
      }
      return got.value;
    },

    /** A VERSION request to EVERY server (any of them may hold a session), each within the deadline. */
    async verify(timeoutMs) {
      checkOpen();
      await Promise.all(
        conns.map((c, i) =>
          c.version(timeoutMs).catch((err: unknown) => {
            const e = err instanceof IsauthError ? err : new IsauthError('STORE_UNAVAILABLE', String(err));
            throw new IsauthError(e.code, `${e.message} (server ${i + 1} of ${conns.length})`, { cause: err });
          }),
        ),
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const c of conns) c.close();
    },
  };
}
