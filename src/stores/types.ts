import type { CircuitEvent } from './breaker.js';
import type { SqlStoreSpec } from './sql/spec.js';

/** What a store returns: the stored bytes and the store's flags for them (0 where it has none). */
export interface StoredValue {
  readonly bytes: Uint8Array;
  /** memcached's 32-bit client flags (compression, type); 0 for files and Redis. */
  readonly flags: number;
  /**
   * An EXACT identity of these bytes, set only by stores that can tell one (`identify` below) and
   * only when this read may be cached under it: while `identify` returns the same string, the
   * stored bytes are these. Absent: do not cache.
   */
  readonly identity?: string;
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
  /**
   * Optional, synchronous and cheap (files: one lstat): the exact identity of the value at `key`
   * now (see StoredValue.identity), or undefined when it cannot be told. The decision cache
   * (src/decision-cache/) answers from a cached decision only when this equals the identity the
   * decision was made for. Never throws.
   */
  identify?(key: string, placeBy: string): string | undefined;
  /** How the store reads, for one startup log line (e.g. the files store's sync/async choice). */
  readonly readNote?: string;
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
  /**
   * Called when the store's health changes as seen by its reads: a problem (a message naming
   * what failed, never a session id) or undefined when reads work again. Once per change.
   */
  onHealth?: (problem: string | undefined) => void;
  /**
   * Called once when the store's circuit opens (it stopped answering for a whole deadline: reads
   * then get `bypass` at once while it is probed) and once when it closes (breaker.ts).
   */
  onCircuit?: (e: CircuitEvent) => void;
}

/** One memcached server as written in PHP's save_path (the host string matters for ketama). */
export interface MemcachedServer {
  /** Exactly as in PHP's session.save_path: `localhost` and `127.0.0.1` hash differently. */
  host: string;
  port: number;
  /** Used only by `ketama_weighted`; 1 when not given (libmemcached treats 0 as 1). */
  weight: number;
  /** A unix socket path instead of host:port (then `host` is the path and `port` 0). */
  socket?: string;
}

/**
 * How php-memcached picks the server of a session (see src/stores/memcached-hash.ts):
 * `ketama` = memcached.sess_consistent_hash=On (the default, sess_consistent_hash_type=ketama),
 * `ketama_weighted` = sess_consistent_hash_type=ketama_weighted, `modulo` = consistent_hash=Off.
 */
export type MemcachedDistribution = 'ketama' | 'ketama_weighted' | 'modulo';

export interface PeclMemcachePlacement {
  /** memcache.hash_strategy */
  strategy: 'consistent' | 'standard';
  /** memcache.hash_function */
  hashFunction: 'crc32' | 'fnv';
  /** memcache.session_redundancy (PHP's default 2): the session is on the first N servers of its sequence. */
  redundancy: number;
}

/** One host of a phpredis session pool (save_path `tcp://host:port?weight=N`). */
export interface RedisServer {
  host: string;
  port: number;
  weight: number;
}

export interface RedisTls {
  /** A CA certificate file (PEM) to trust, for self-signed servers. */
  ca?: string;
}

/** Options shared by the Redis kinds. */
interface RedisCommon {
  username?: string;
  password?: string;
  prefix?: string;
  keyTemplate?: string;
  tls?: RedisTls;
}

/** `redis-cluster://h1:p1,h2:p2` (phpredis' `rediscluster` session handler). */
export interface RedisClusterSpec extends RedisCommon {
  kind: 'redis-cluster';
  seeds: Array<{ host: string; port: number }>;
  /** `?read=`: `master` (default), `replica`, or `distribute` (master and replicas). */
  read: 'master' | 'replica' | 'distribute';
}

/** `redis-sentinel://s1:p,s2:p/mymaster`: the master found through the sentinels. */
export interface RedisSentinelSpec extends RedisCommon {
  kind: 'redis-sentinel';
  sentinels: Array<{ host: string; port: number }>;
  /** The master's name as the sentinels know it. */
  name: string;
  db: number;
  /** `?read=replica`: read from a replica the sentinels list. */
  read: 'master' | 'replica';
}

/** A parsed store URL (src/stores/url.ts); `createStore` (src/stores/factory.ts) builds it. */
export type StoreSpec =
  | SqlStoreSpec
  | {
      /** `cookie:` — the session is the cookie itself (Django's signed_cookies); no server. */
      kind: 'cookie';
    }
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
      /** The URL said `hash=`: a profile must not replace the distribution with its client's default. */
      distributionGiven?: boolean;
      /** `?client=memcache`: placed as pecl memcache's session handler does (placement/pecl-memcache.ts). */
      pecl?: PeclMemcachePlacement;
      /** `?replicas=N` (memcached.sess_number_of_replicas): copies on the next N servers. */
      replicas?: number;
      /** `?key=` template (`myapp:sess:{id}`) instead of the prefix. */
      keyTemplate?: string;
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
      /** `rediss://`: TLS (`ca` = a CA file to trust besides the system's). */
      tls?: RedisTls;
      /** Several hosts without Cluster, spread as phpredis' session handler does (stores/placement/phpredis-pool.ts). */
      servers?: RedisServer[];
      keyTemplate?: string;
    }
  | RedisClusterSpec
  | RedisSentinelSpec;
