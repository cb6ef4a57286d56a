/** The text protocol's limits, each an option of the schema (docs/text-protocol.md). */
import type { Config } from '../config/schema.js';

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

/** Lines read ahead of the one being answered before isauth stops reading a connection. */
export const MAX_QUEUED_LINES = 64;

export function textLimits(config: Config): TextLimits {
  return {
    maxLine: config.textMaxLine,
    maxSids: config.textMaxSids,
    idleMs: config.textIdleTimeout,
    maxConnections: config.textMaxConnections,
  };
}
