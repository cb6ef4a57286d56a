/** The text protocol's limits, each an option of the schema (docs/text-protocol.md). */
import type { Config } from '../options/schema.js';

export interface TextLimits {
  /** Longest line in bytes (without its line end): longer → `err line too long` and close. */
  readonly maxLine: number;
  /** Most ids in one `isauth` line: more → `err too many ids`. */
  readonly maxSids: number;
  /** A connection silent for this long is closed. */
  readonly idleMs: number;
  /** Most open connections: one more gets `err too many connections` and is closed. */
  readonly maxConnections: number;
}

/**
 * Bytes received and not yet looked at before isauth stops reading a connection (resumed once
 * they are answered): with the partial line (at most `maxLine`), all a connection buffers.
 */
export const MAX_UNSCANNED_BYTES = 64 * 1024;

/**
 * A connection answers at most this many lines, or for at most this long, before it yields to the
 * event loop — blank and invalid lines included — so that one client sending a flood of cheap
 * lines delays the others by about BATCH_MS, never more (docs/reliability.md has the figures).
 */
export const BATCH_LINES = 64;
export const BATCH_MS = 2;

export function textLimits(config: Config): TextLimits {
  return {
    maxLine: config.textMaxLine,
    maxSids: config.textMaxSids,
    idleMs: config.textIdleTimeout,
    maxConnections: config.textMaxConnections,
  };
}
