/**
 * Laravel's `database` session driver keeps `base64_encode($payload)` in `sessions.payload`
 * (Illuminate/Session/DatabaseSessionHandler.php `getDefaultPayload`): this codec undoes that and
 * hands the bytes to the next codec (identity by default; Laravel's SESSION_ENCRYPT codec when
 * the payload is encrypted). Strict: only the standard alphabet with correct padding (what PHP's
 * base64_encode writes); anything else → VALUE_CORRUPT. The decoded size is known before
 * decoding, so an oversized value is refused (VALUE_TOO_LARGE) without allocating it.
 */
import { isCanonicalBase64 } from '../bytes/base64.js';
import { IsauthError } from '../errors.js';
import { identityCodec } from './identity.js';
import type { ValueCodec, ValueCodecOptions } from './types.js';


export function base64Codec(opts: ValueCodecOptions, next: ValueCodec = identityCodec()): ValueCodec {
  return Object.freeze({
    decode(bytes: Uint8Array, flags: number, ref?: string): Uint8Array {
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
      if (Math.floor(text.length / 4) * 3 > opts.maxBytes + 2) {
        throw new IsauthError('VALUE_TOO_LARGE', `base64 value would decode to more than ${opts.maxBytes} bytes`);
      }
      if (!isCanonicalBase64(text)) throw new IsauthError('VALUE_CORRUPT', 'value is not base64 (standard alphabet, padded)');
      return next.decode(Buffer.from(text, 'base64'), flags, ref);
    },
  });
}
