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
