/**
 * One PHP serialized string, `s:<N>:"<N bytes>";`, unwrapped to its N bytes.
 *
 * Laravel's cache-backed session drivers write `serialize($payload)` for Redis: RedisStore's
 * `serialize($value)` stores a value that is `is_numeric` (and not INF/-INF/NaN) as it is, and
 * serializes everything else. A session payload is `serialize($attributes)` (`a:…`) or an
 * Encrypter payload (`eyJ…`), never numeric, so in Redis it is always wrapped once:
 * `s:237:"a:4:{…}";`. (MemcachedStore leaves the wrapping to php-memcached, which stores strings
 * as they are; the file driver writes the payload itself.) `Encrypter::encrypt` also wraps its
 * plaintext the same way (serialize = true), which laravel-encrypted.ts unwraps with this.
 *
 * Strict: the length is decimal digits without sign or leading zeros, it must equal the bytes
 * between the quotes exactly, and the value must end with `";` and nothing after. Anything else
 * is VALUE_CORRUPT. The store's flags are not looked at. No copy: the result is a view.
 */
import { IsauthError } from '../errors.js';
import type { ValueCodec } from './types.js';

const S = 0x73;
const COLON = 0x3a;
const QUOTE = 0x22;
const SEMI = 0x3b;
const MAX_DIGITS = 15; // well past any session size, and exact in a double

/** The bytes inside `s:N:"…";`, or undefined when `bytes` is not exactly one such string. */
export function unwrapPhpString(bytes: Uint8Array): Uint8Array | undefined {
  const len = bytes.length;
  if (len < 6 || bytes[0] !== S || bytes[1] !== COLON) return undefined;
  let i = 2;
  let n = 0;
  while (i < len && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) {
    n = n * 10 + (bytes[i]! - 0x30);
    i++;
  }
  const digits = i - 2;
  if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && bytes[2] === 0x30)) return undefined;
  if (bytes[i] !== COLON || bytes[i + 1] !== QUOTE) return undefined;
  const start = i + 2;
  if (len - start !== n + 2) return undefined;
  if (bytes[start + n] !== QUOTE || bytes[start + n + 1] !== SEMI) return undefined;
  return bytes.subarray(start, start + n);
}

export function phpStringCodec(): ValueCodec {
  return {
    decode(bytes: Uint8Array): Uint8Array {
      const inner = unwrapPhpString(bytes);
      if (inner === undefined) throw new IsauthError('VALUE_CORRUPT', 'the stored value is not one PHP serialized string (s:N:"…";)');
      return inner;
    },
  };
}
