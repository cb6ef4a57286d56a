/**
 * A StoreSpec → its SessionStore, synchronously, every store kind imported up front (tests and
 * tools). The service opens its store through src/stores/open.ts, which imports only the kind used.
 */
import { IsauthError } from '../errors.js';
import { createCookieStore } from './cookie.js';
import { createFilesStore } from './files.js';
import { createMemcachedStore } from './memcached.js';
import { createAnyRedisStore } from './redis-topology.js';
import { createSqlStore } from './sql/index.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

export function createStore(spec: StoreSpec, opts: StoreOptions): SessionStore {
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
