/**
 * A StoreSpec → its SessionStore, synchronously, every store kind imported up front (tests and
 * tools). The service opens its store through src/stores/open.ts, which imports only the kind used.
 * Both wrap every store with a server or a filesystem behind it in the circuit breaker (breaker.ts).
 */
import { IsauthError } from '../errors.js';
import { withBreaker } from './breaker.js';
import { createCookieStore } from './cookie.js';
import { createFilesStore } from './files.js';
import { createMemcachedStore } from './memcached.js';
import { createAnyRedisStore } from './redis-topology.js';
import { createSqlStore } from './sql/index.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

export function createStore(spec: StoreSpec, opts: StoreOptions): SessionStore {
  // The cookie "store" has nothing to reach: nothing can hang.
  if (spec.kind === 'cookie') return createCookieStore(opts);
  return withBreaker(createBareStore(spec, opts), opts.onCircuit);
}

/** The store alone, without the breaker (tests of a store's own bounds use it). */
export function createBareStore(spec: StoreSpec, opts: StoreOptions): SessionStore {
  switch (spec.kind) {
    case 'files':
      return createFilesStore(spec, opts);
    case 'cookie':
      return createCookieStore(opts);
    case 'memcached':
      return createMemcachedStore(spec, opts);
    case 'redis':
    case 'redis-cluster':
    case 'redis-sentinel':
      return createAnyRedisStore(spec, opts);
    case 'sql':
      return createSqlStore(spec, opts);
    default: {
      const kind = (spec as { kind?: unknown }).kind;
      throw new IsauthError('STORE_URL', `unknown store kind "${String(kind)}"`);
    }
  }
}
