/**
 * PHP's own session formats (`session.serialize_handler`: php, php_binary, php_serialize,
 * igbinary), read by the decoder library in src/php/. Only the top-level variables the rules read
 * are built (exact names, or names with a prefix such as `login_web_`); the rest is still
 * validated, but not turned into JS values: less work on every request.
 */
import type { KeyFilter } from '../php/options.js';
import { decodeSessionKeys } from '../php/session.js';
import type { SerializerName } from '../php/types.js';
import type { SessionFormat } from './types.js';

export interface PhpFormatOptions {
  readonly maxDepth: number;
  /** The top-level variables the rules read. */
  readonly wanted: KeyFilter;
}

export function phpFormat(serializer: SerializerName, { maxDepth, wanted }: PhpFormatOptions): SessionFormat {
  const opts = { maxDepth };
  return Object.freeze({ decode: (bytes: Uint8Array) => decodeSessionKeys(bytes, serializer, wanted, opts) });
}
