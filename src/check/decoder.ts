/**
 * Bind serializer, limits and "which variables the rules read" into one decode function for the
 * checker. When the rules name their top-level keys, only those variables are built (the rest is
 * still validated): less work on every request. Rules with prefixes (e.g. `login_web_*`) need
 * every key, so the whole session is decoded.
 */
import { decodeSession, decodeSessionKeys } from '../php/session.js';
import type { PhpSession, SerializerName } from '../php/types.js';

export interface SessionDecoderOptions {
  readonly maxDepth: number;
  readonly wanted: ReadonlySet<string> | null;
}

export function makeSessionDecoder(
  serializer: SerializerName,
  { maxDepth, wanted }: SessionDecoderOptions,
): (bytes: Uint8Array) => PhpSession {
  const opts = { maxDepth };
  if (wanted === null) return (bytes) => decodeSession(bytes, serializer, opts);
  return (bytes) => decodeSessionKeys(bytes, serializer, wanted, opts);
}
