/**
 * `openStore`: the store of a spec, importing ONLY that store's module (and its client library)
 * when it is opened. `isauth check` and `--check-config --probe` against a files store then never
 * load ioredis, mysql2 or pg (CLI start-up, docs/benchmarks.md). Same stores, same errors as the
 * synchronous `createStore` (src/stores/factory.ts), which imports every kind up front — and the
 * same circuit breaker around them (breaker.ts).
 */
import { IsauthError } from '../errors.js';
import { withBreaker } from './breaker.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

/** The name a store of this spec reports as `SessionStore.kind` (logs, metrics), known before it exists. */
export function storeKindOf(spec: StoreSpec): string {
  return spec.kind === 'sql' ? (spec.dialect === 'mysql' ? 'mysql' : 'postgres') : spec.kind;
}

export async function openStore(spec: StoreSpec, opts: StoreOptions): Promise<SessionStore> {
  const store = await openBareStore(spec, opts);
  // The cookie "store" has nothing to reach: nothing can hang.
  return spec.kind === 'cookie' ? store : withBreaker(store, opts.onCircuit);
}

async function openBareStore(spec: StoreSpec, opts: StoreOptions): Promise<SessionStore> {
  switch (spec.kind) {
    case 'files':
      return (await import('./files.js')).createFilesStore(spec, opts);
    case 'cookie':
      return (await import('./cookie.js')).createCookieStore(opts);
    case 'memcached':
      return (await import('./memcached.js')).createMemcachedStore(spec, opts);
    case 'redis':
    case 'redis-cluster':
    case 'redis-sentinel':
      return (await import('./redis-topology.js')).createAnyRedisStore(spec, opts);
    case 'sql':
      return (await import('./sql/index.js')).openSqlStore(spec, opts);
    default: {
      const kind = (spec as { kind?: unknown }).kind;
      throw new IsauthError('STORE_URL', `unknown store kind "${String(kind)}"`);
    }
  }
}
