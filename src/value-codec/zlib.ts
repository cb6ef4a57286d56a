/** Bounded zlib for the memcached clients' compressed values (src/bytes/inflate.ts). */
import { inflateWithin } from '../bytes/inflate.js';
import { IsauthError } from '../errors.js';

/**
 * The inflated bytes, at most `limit` of them. Throws IsauthError VALUE_TOO_LARGE when the data
 * would inflate to more than `limit` bytes, VALUE_CORRUPT when it is not a complete zlib stream.
 */
export function inflateBounded(data: Uint8Array, limit: number): Buffer {
  const out = inflateWithin(data, limit);
  if (out === 'too-large') throw new IsauthError('VALUE_TOO_LARGE', `zlib: the data inflates to more than ${limit} bytes`);
  if (out === 'corrupt') throw new IsauthError('VALUE_CORRUPT', 'zlib: not a complete zlib stream');
  return out;
}
