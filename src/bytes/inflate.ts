/**
 * Bounded zlib (RFC 1950, what zlib's compress2() writes: php-memcached, pecl memcache, Django's
 * signing). node:zlib's `maxOutputLength` makes inflation stop as soon as the output passes the
 * limit, so a zip bomb costs at most the limit (plus one 16 KiB chunk) of memory and the time to
 * produce it — the data is never inflated in full and measured afterwards. The one inflate of
 * untrusted bytes in isauth; each caller says what a failure is in its own terms.
 */
import { inflateSync } from 'node:zlib';

/**
 * The inflated bytes, at most `limit` of them; `too-large` when the data would inflate to more,
 * `corrupt` when it is not a complete zlib stream. Bytes after the end of the stream are ignored,
 * as zlib's uncompress() ignores them.
 */
export function inflateWithin(data: Uint8Array, limit: number): Buffer | 'too-large' | 'corrupt' {
  let out: Buffer;
  try {
    // maxOutputLength must be ≥ 1; a limit of 0 is checked below.
    out = inflateSync(data, { maxOutputLength: Math.max(1, limit) });
  } catch (err) {
    return (err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError ? 'too-large' : 'corrupt';
  }
  return out.length > limit ? 'too-large' : out;
}
