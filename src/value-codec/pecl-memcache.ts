/**
 * Values written by pecl memcache's `\Memcache` client (and its session handler, which writes
 * flags 0), read as src/memcache_pool.c (4.x; 3.x wrote only the two low bits) reads them.
 *
 * The flags' low 16 bits are pecl memcache's own (memcache_pool.h); the high 16 are the
 * application's (it refuses user flags below 0x10000 except MEMCACHE_COMPRESSED): ignored.
 * - 0x0001 MMC_SERIALIZED: serialize() of a non-scalar value.
 * - 0x0002 MMC_COMPRESSED: a zlib stream (compress2), with no length header; set by
 *   MEMCACHE_COMPRESSED, or for values of at least memcache.compress_threshold (20,000 by
 *   default, client and session handler alike; setCompressThreshold() changes it) when
 *   compressing saves 20 %.
 * - 0x0f00, the type (4.x): 0x0000 string, 0x0100 bool, 0x0300 long, 0x0700 double. The `.lock`
 *   key of a session is a long (flags 768).
 *
 * These bits collide with php-memcached's (1 = long there, 2 = double): the two are separate
 * codecs, chosen by the store's configuration (`?client=memcache` picks this one), never guessed
 * from the flags.
 *
 * What this codec answers: a string → its bytes (inflated when compressed, never past maxBytes:
 * VALUE_TOO_LARGE); serialized data holding a PHP string → that string's bytes; a serialized
 * non-string → VALUE_FLAGS, for the reason given in php-memcached.ts (a session is a string);
 * bool, long, double, any other type or any other low bit → VALUE_FLAGS.
 */
import { IsauthError } from '../errors.js';
import { serializedString } from './typed-string.js';
import type { ValueCodec, ValueCodecOptions } from './types.js';
import { inflateBounded } from './zlib.js';

const MMC = {
  SERIALIZED: 0x0001,
  COMPRESSED: 0x0002,
  TYPE_MASK: 0x0f00,
  TYPE_STRING: 0x0000,
  TYPE_BOOL: 0x0100,
  TYPE_LONG: 0x0300,
  TYPE_DOUBLE: 0x0700,
} as const;
const OWN_BITS = 0xffff;

export function peclMemcacheCodec({ maxBytes }: ValueCodecOptions): ValueCodec {
  return {
    decode(bytes, flags) {
      const own = flags & OWN_BITS;
      if (own & ~(MMC.SERIALIZED | MMC.COMPRESSED)) {
        const why = own & MMC.TYPE_MASK ? `value type 0x${(own & MMC.TYPE_MASK).toString(16)} is not a string` : 'flag bits pecl memcache does not define';
        throw new IsauthError('VALUE_FLAGS', `pecl memcache flags 0x${flags.toString(16)}: ${why}`);
      }
      const data = own & MMC.COMPRESSED ? inflateBounded(bytes, maxBytes) : bytes;
      if (data.length > maxBytes) {
        throw new IsauthError('VALUE_TOO_LARGE', `pecl memcache: ${data.length} bytes, more than the maximum ${maxBytes}`);
      }
      return own & MMC.SERIALIZED ? serializedString(data) : data;
    },
  };
}
