/** What a store returns: the stored bytes and the store's flags for them (0 where it has none). */
export interface StoredValue {
  readonly bytes: Uint8Array;
  /** memcached's 32-bit client flags (compression, type); 0 for files and Redis. */
  readonly flags: number;
}

/**
 * Stage 4 of the path, the store read. Stores know nothing of PHP or frameworks: they map a key
 * built by the store-key stage (from an id the cookie codec has ALREADY validated) to raw bytes.
 */
export interface SessionStore {
  /** Short name for logs and metrics: 'files', 'memcached', 'redis'. */
  readonly kind: string;
  /**
   * The stored value at `key`, or `null` when there is none (absent, or expired for stores that
   * apply an age themselves). `placeBy` is what placement hashes when the store spreads keys
   * (memcached servers, files directory levels): the bare id or the whole key, as the writer did.
   * Rejects with an `IsauthError` whose code is STORE_TIMEOUT (deadline passed),
   * STORE_UNAVAILABLE (cannot reach the store), STORE_PROTOCOL or STORE_TOO_LARGE.
   * Never creates anything in the store.
   */
  load(key: string, placeBy: string, timeoutMs: number): Promise<StoredValue | null>;
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
      /** `?prefix=` (memcached.sess_prefix); undefined = the profile's default key prefix. */
      prefix?: string;
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
      /** `?prefix=` (phpredis' prefix); undefined = the profile's default key prefix. */
      prefix?: string;
    };
