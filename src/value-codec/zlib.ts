/**
 * Bounded zlib (RFC 1950, what zlib's compress2() writes: php-memcached and pecl memcache both use
 * it). node:zlib's `maxOutputLength` makes inflation stop as soon as the output passes the limit,
 * so a zip bomb costs at most the limit (plus one 16 KiB chunk) of memory and the time to
 * produce it — the data is never inflated in full and measured afterwards.
 */
import { inflateSync } from 'node:zlib';
import { IsauthError } from '../errors.js';

/**
 * The inflated bytes, at most `limit` of them. Throws IsauthError VALUE_TOO_LARGE when the data
 * would inflate to more than `limit` bytes, VALUE_CORRUPT when it is not a complete zlib stream.
 * Bytes after the end of the stream are ignored, as zlib's uncompress() ignores them.
 */
export function inflateBounded(data: Uint8Array, limit: number): Buffer {
  let out: Buffer;
  try {
    // maxOutputLength must be ≥ 1; a limit of 0 is checked below.
    out = inflateSync(data, { maxOutputLength: Math.max(1, limit) });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IsauthError('VALUE_TOO_LARGE', `zlib: the data inflates to more than ${limit} bytes`, { cause: err });
    }
    throw new IsauthError('VALUE_CORRUPT', `zlib: ${(err as Error).message}`, { cause: err });
  }
  if (out.length > limit) throw new IsauthError('VALUE_TOO_LARGE', `zlib: the data inflates to more than ${limit} bytes`);
  return out;
}
