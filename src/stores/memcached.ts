/**
 * Sessions written by php-memcached (save_handler=memcached) or pecl memcache (with `?prefix=`),
 * read over memcached's text protocol with one pipelined connection per server
 * (memcached-conn.ts).
 *
 * - The key comes from the store-key stage; the server is the one the writer's client chose
 *   (memcached-route.ts) for `placeBy` (the bare id for PHP's session handler, the whole key for
 *   userland clients and pecl memcache). A down server is an error (STORE_UNAVAILABLE) for its own
 *   share of sessions only — unless the writer keeps copies (php-memcached `replicas`, pecl
 *   memcache `redundancy`): then the copy is read where PHP reads it (memcached-failover.ts),
 *   never anywhere else.
 * - Every load has its own deadline (timeoutMs) → STORE_TIMEOUT; a refused connection fails at
 *   once → STORE_UNAVAILABLE; the store reconnects by itself when the server is back.
 * - A key longer than 250 bytes (or with a space or control byte) cannot exist in memcached → null.
 * - The value's flags are returned with it; the value-codec stage reads them (compression, type).
 */
import { IsauthError } from '../errors.js';
import { isSafeMemcachedKey } from './key-safety.js';
import { MemcachedConnection } from './memcached-conn.js';
import { everySessionReachable } from './memcached-coverage.js';
import { readWithFailover } from './memcached-failover.js';
import { memcachedRouter } from './memcached-route.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

type MemcachedSpec = Extract<StoreSpec, { kind: 'memcached' }>;

export function createMemcachedStore(spec: MemcachedSpec, opts: StoreOptions): SessionStore {
  if (spec.servers.length === 0) throw new IsauthError('STORE_URL', 'memcached: no server given');
  const conns = spec.servers.map((s) => new MemcachedConnection(s.socket ?? s.host, s.socket ? 0 : s.port, opts.maxBytes));
  const route = memcachedRouter(spec);
  let closed = false;

  const checkOpen = (): void => {
    if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'memcached: store is closed');
  };

  return {
    kind: 'memcached',

    /** Never throws: every failure, a closed store included, is a rejected promise. */
    load(key, placeBy, timeoutMs) {
      if (closed) return Promise.reject(new IsauthError('STORE_UNAVAILABLE', 'memcached: store is closed'));
      if (!isSafeMemcachedKey(key)) return Promise.resolve(null);
      const r = route(placeBy);
      if (r.servers.length === 1) return conns[r.servers[0]!]!.get(key, timeoutMs);
      return readWithFailover(conns, r, key, timeoutMs);
    },

    /**
     * A VERSION request to EVERY server (any of them may hold a session), each within the
     * deadline. With copies (replicas, redundancy), ready while every session still has a
     * reachable copy (memcached-coverage.ts), not only when every server is up.
     */
    async verify(timeoutMs) {
      checkOpen();
      const answers = await Promise.allSettled(conns.map((c) => c.version(timeoutMs)));
      if (everySessionReachable(spec, answers.map((a) => a.status === 'fulfilled'))) return;
      const i = answers.findIndex((a) => a.status === 'rejected');
      const err = (answers[i] as PromiseRejectedResult).reason as unknown;
      const e = err instanceof IsauthError ? err : new IsauthError('STORE_UNAVAILABLE', String(err));
      throw new IsauthError(e.code, `${e.message} (server ${i + 1} of ${conns.length})`, { cause: err });
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const c of conns) c.close();
    },
  };
}
