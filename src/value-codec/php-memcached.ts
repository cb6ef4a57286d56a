/**
 * Values written by php-memcached's `\Memcached` client (what Symfony's MemcachedSessionHandler,
 * Laravel's memcached cache store and most PHP caches use), read as php_memcached.c reads them.
 * php-memcached's own session handler writes flags 0 and is read here too.
 *
 * The 32-bit client flags (MEMC_VAL_* in php_memcached.c, 3.x; the same bits in 2.x):
 * - bits 0–3, the type: 0 string, 1 long, 2 double, 3 bool, 4 serialized, 5 igbinary, 6 json
 *   (SERIALIZER_JSON and SERIALIZER_JSON_ARRAY both write 6), 7 msgpack.
 * - bits 4–15, internal: 0x10 compressed, with 0x20 zlib, 0x40 fastlz or 0x80 zstd. A compressed
 *   value is the uncompressed length (4 bytes, little-endian: memcpy of a uint32 on the x86/ARM
 *   hosts PHP runs on) followed by the compressed block. PHP compresses strings and serialized
 *   values of at least memcached.compression_threshold (2,000) bytes when that saves enough.
 * - bits 16–31: user flags (OPT_USER_FLAGS), opaque to the encoding: ignored.
 *
 * What this codec answers:
 * - string → its bytes; serialized / igbinary / json holding a PHP string → that string's bytes.
 * - A serialized / igbinary / json value that is NOT a string (an array, an object…) →
 *   VALUE_FLAGS. Every session handler stores its session as a string (SessionHandlerInterface
 *   reads and writes strings), so a non-string value under a session key is not a session —
 *   another cache's data, or a handler isauth does not know; reading its serialized bytes as a
 *   session would guess at a layout nobody promised.
 * - long, double, bool, msgpack, an unknown type, zstd (Node 20 has no zstd), a compression type
 *   without the compressed bit or the compressed bit without a type, or any internal bit
 *   php-memcached does not define → VALUE_FLAGS (bypass, never a guess). PHP itself would read
 *   some of these leniently (it ignores unknown internal bits); isauth refuses instead.
 * - With both fastlz and zlib bits, fastlz wins, as in PHP.
 * - The announced length is checked against maxBytes BEFORE any decompression (VALUE_TOO_LARGE).
 *   fastlz must produce exactly the announced length (PHP would return uninitialised bytes for
 *   a short stream); zlib may produce fewer (PHP returns the shorter string). Producing more than
 *   announced → VALUE_CORRUPT (PHP's buffer is the announced size; it fails too).
 */
import { IsauthError } from '../errors.js';
import { fastlzDecompress } from './fastlz.js';
import { igbinaryString, jsonString, serializedString } from './typed-string.js';
import type { ValueCodec, ValueCodecOptions } from './types.js';
import { inflateBounded } from './zlib.js';

const TYPE_MASK = 0xf;
const MEMC_VAL = {
  STRING: 0,
  LONG: 1,
  DOUBLE: 2,
  BOOL: 3,
  SERIALIZED: 4,
  IGBINARY: 5,
  JSON: 6,
  MSGPACK: 7,
  COMPRESSED: 0x10,
  ZLIB: 0x20,
  FASTLZ: 0x40,
  ZSTD: 0x80,
} as const;
const KNOWN_INTERNAL = MEMC_VAL.COMPRESSED | MEMC_VAL.ZLIB | MEMC_VAL.FASTLZ | MEMC_VAL.ZSTD;
const INTERNAL_MASK = 0xfff0;
const HEADER = 4;

function flagsError(flags: number, why: string): never {
  throw new IsauthError('VALUE_FLAGS', `php-memcached flags 0x${flags.toString(16)}: ${why}`);
}

function tooLarge(n: number, maxBytes: number): never {
  throw new IsauthError('VALUE_TOO_LARGE', `php-memcached: ${n} bytes, more than the maximum ${maxBytes}`);
}

/** The compressed block after the 4-byte length header → the uncompressed bytes. */
function decompress(bytes: Uint8Array, flags: number, maxBytes: number): Uint8Array {
  if (bytes.length < HEADER) throw new IsauthError('VALUE_CORRUPT', 'php-memcached: compressed value shorter than its length header');
  const announced = new DataView(bytes.buffer, bytes.byteOffset, HEADER).getUint32(0, true);
  if (announced > maxBytes) tooLarge(announced, maxBytes);
  const block = bytes.subarray(HEADER);
  try {
    if (!(flags & MEMC_VAL.FASTLZ)) return inflateBounded(block, announced);
    const out = new Uint8Array(announced);
    const n = fastlzDecompress(block, out);
    if (n !== announced) {
      throw new IsauthError('VALUE_CORRUPT', `php-memcached: fastlz gave ${n} bytes, the header announces ${announced}`);
    }
    return out;
  } catch (err) {
    // More output than the header announced: PHP's buffer has the announced size and fails too.
    if (err instanceof IsauthError && err.code === 'VALUE_TOO_LARGE') {
      throw new IsauthError('VALUE_CORRUPT', `php-memcached: the data decompresses to more than the ${announced} bytes its header announces`, { cause: err });
    }
    throw err;
  }
}

export function phpMemcachedCodec({ maxBytes }: ValueCodecOptions): ValueCodec {
  return {
    decode(bytes, flags) {
      const type = flags & TYPE_MASK;
      const internal = flags & INTERNAL_MASK;
      if (internal & ~KNOWN_INTERNAL) flagsError(flags, 'internal flag bits php-memcached does not define');
      if (type > MEMC_VAL.JSON || (type >= MEMC_VAL.LONG && type <= MEMC_VAL.BOOL)) {
        flagsError(flags, `value type ${type} is not a string`);
      }
      let data = bytes;
      if (internal !== 0) {
        if (!(internal & MEMC_VAL.COMPRESSED)) flagsError(flags, 'a compression type without the compressed bit');
        if (internal & MEMC_VAL.ZSTD) flagsError(flags, 'zstd compression');
        if (!(internal & (MEMC_VAL.FASTLZ | MEMC_VAL.ZLIB))) flagsError(flags, 'compressed with no known compression type');
        data = decompress(bytes, internal, maxBytes);
      }
      if (data.length > maxBytes) tooLarge(data.length, maxBytes);
      switch (type) {
        case MEMC_VAL.SERIALIZED:
          return serializedString(data);
        case MEMC_VAL.IGBINARY:
          return igbinaryString(data);
        case MEMC_VAL.JSON:
          return jsonString(data);
        default:
          return data;
      }
    },
  };
}
