/**
 * Several value codecs applied in order, as the layers were put on in reverse: Laravel's Redis
 * driver wraps the (possibly encrypted) payload in a second `s:N:"…";`, its memcached driver
 * goes through php-memcached's compression. Only the first codec sees the store's flags; the
 * ones after it get flags 0 (the bytes it produced carry none).
 */
import type { ValueCodec } from './types.js';

export function chainCodecs(first: ValueCodec, ...rest: ValueCodec[]): ValueCodec {
  if (rest.length === 0) return first;
  return Object.freeze({
    decode(bytes: Uint8Array, flags: number, ref?: string): Uint8Array {
      let out = first.decode(bytes, flags, ref);
      for (const c of rest) out = c.decode(out, 0, ref);
      return out;
    },
  });
}
