import type { PhpSession } from '../php/types.js';

/**
 * Stage 6 of the path: a session's serialized bytes → its variables, in the one value model every
 * format produces (src/php/types.ts: Maps, strings, numbers, PhpBytes…), so that rules read a
 * Django or Laravel session exactly as a PHP one. Throws DecodeError on malformed or forbidden
 * data — DECODE_*, or VALUE_* for a payload the format itself decompresses (Django's signed
 * zlib, bounded by --max-session-bytes); never runs code, never allocates beyond the input's size
 * times a constant (or that bound).
 */
export interface SessionFormat {
  /**
   * True when decode's result may change with the clock for the same arguments (an expiry checked
   * against now). The decision cache (src/decision-cache/) assumes it does not, and is off when
   * any stage says so.
   */
  readonly clockDependent?: boolean;
  /**
   * `ref` is the validated session reference (the cookie codec's output; the runner always passes
   * it), for formats that check the stored data against the cookie; a format that finds the cookie
   * itself forged or revoked throws RejectedError (→ anon).
   */
  decode(bytes: Uint8Array, ref?: string): PhpSession;
}
