/**
 * The contract every session store implements. Stores know nothing of PHP: they map a session id
 * that has ALREADY been validated (PHP's alphabet `[A-Za-z0-9,-]`, 1–256 chars) to raw bytes.
 */
export interface SessionStore {
  /** Short name for logs and metrics: 'files', 'memcached', 'redis'. */
  readonly kind: string;
  /**
   * The raw session bytes, or `null` when there is no such session (absent, or expired for
   * stores that apply an age themselves). Rejects with an `IsauthError` whose code is
   * STORE_TIMEOUT (deadline passed), STORE_UNAVAILABLE (cannot reach the store),
   * STORE_PROTOCOL or STORE_TOO_LARGE. Never creates anything in the store.
   */
  load(id: string, timeoutMs: number): Promise<Uint8Array | null>;
  /** Resolves when the store is reachable; rejects (IsauthError) otherwise. For /readyz. */
  verify(timeoutMs: number): Promise<void>;
  /** Release connections and timers. Idempotent. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** files store: a session whose mtime is older than this many seconds counts as absent. */
  maxAgeSeconds: number;
  /** Refuse sessions larger than this many bytes (STORE_TOO_LARGE). */
  maxBytes: number;
}

/** One memcached server as written in PHP's save_path (the host string matters for ketama). */
export interface MemcachedServer {
  /** Exactly as in PHP's session.save_path: `localhost` and `127.0.0.1` hash differently. */
  host: string;
  port: number;
  /** Used only by `ketama_weighted`; 1 when not given (libmemcached treats 0 as 1). */
  weight: number;
}

/**
 * How php-memcached picks the server of a session (see src/stores/memcached-hash.ts):
 * `ketama` = memcached.sess_consistent_hash=On (the default, sess_consistent_hash_type=ketama),
 * `ketama_weighted` = sess_consistent_hash_type=ketama_weighted, `modulo` = consistent_hash=Off.
 */
export type MemcachedDistribution = 'ketama' | 'ketama_weighted' | 'modulo';

/** A parsed store URL (src/stores/url.ts); `createStore` (src/stores/factory.ts) builds it. */
export type StoreSpec =
  | {
      kind: 'files';
      /** Absolute directory, PHP's session.save_path without the `N;MODE;` part. */
      dir: string;
      /** PHP's `N;` directory depth: the first N characters of the id are N directory levels. */
      depth: number;
    }
  | {
      kind: 'memcached';
      /** In PHP's save_path order (the order matters for hashing). */
      servers: MemcachedServer[];
      /** memcached.sess_prefix; default `memc.sess.key.`; may be empty. */
      prefix: string;
      distribution: MemcachedDistribution;
    }
  | {
      kind: 'redis';
      /** TCP host and port, or `socket` (a unix socket path) instead. */
      host: string;
      port: number;
      socket?: string;
      db: number;
      username?: string;
      password?: string;
      /** phpredis' prefix; default `PHPREDIS_SESSION:`; may be empty. */
      prefix: string;
    };
