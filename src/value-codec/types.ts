/**
 * Stage 5 of the path: the bytes a store returned, with the store's flags (memcached's 32-bit
 * client flags; 0 for stores that have none) → the session's serialized bytes. Throws an
 * IsauthError (VALUE_*) for encodings it does not read, corrupt data, or data that would grow
 * past the configured maximum — a decompression never allocates more than that maximum.
 */
export interface ValueCodec {
  /**
   * True when decode's result may change with the clock for the same arguments (an expiry checked
   * against now). The decision cache (src/decision-cache/) assumes it does not, and is off when
   * any stage says so.
   */
  readonly clockDependent?: boolean;
  /**
   * `ref` is the validated session reference (the cookie codec's output; the runner always passes
   * it), for codecs that check the stored value against the cookie; a codec that finds the cookie
   * itself forged or revoked throws RejectedError (→ anon).
   */
  decode(bytes: Uint8Array, flags: number, ref?: string): Uint8Array;
}

/** How a codec that decompresses is created. */
export interface ValueCodecOptions {
  /** The largest value a decode may produce (isauth's --max-session-bytes): VALUE_TOO_LARGE past it. */
  readonly maxBytes: number;
}
