/**
 * Bind serializer, limits and "which variables the rules read" into one decode function for the
 * checker. Only the top-level variables the rules read are built (exact names, or names with a
 * prefix such as `login_web_`); the rest is still validated, but not turned into JS values:
 * less work on every request.
 */
import type { KeyFilter } from '../php/options.js';
import { decodeSessionKeys } from '../php/session.js';
import type { PhpSession, SerializerName } from '../php/types.js';

export interface SessionDecoderOptions {
  readonly maxDepth: number;
  /** The top-level variables the rules read. */
  readonly wanted: KeyFilter;
}

export function makeSessionDecoder(
  serializer: SerializerName,
  { maxDepth, wanted }: SessionDecoderOptions,
): (bytes: Uint8Array) => PhpSession {
  const opts = { maxDepth };
  return (bytes) => decodeSessionKeys(bytes, serializer, wanted, opts);
}
