/**
 * Laravel's `SESSION_ENCRYPT=true` (`Illuminate\Session\EncryptedStore`): the stored value is
 * `Encrypter::encrypt(serialize($attributes))`, and `encrypt` serializes once more, so the
 * decrypted plaintext is `s:N:"a:…{…}";`. This codec decrypts (CBC with the HMAC checked first, or
 * GCM; each key in order — src/crypto/laravel-encrypter.ts) and unwraps that string,
 * returning `serialize($attributes)`: the bytes the `php_serialize` session format reads.
 *
 * The order of layers for the lead: Redis stores `s:N:"eyJ…";` (phpStringCodec first, then this
 * one); memcached values over 2,000 bytes are fastlz-compressed by php-memcached (that codec
 * first); files hold the payload as it is. The store's flags are not looked at here.
 *
 * Errors (IsauthError): a value longer than an encryption of `maxBytes` could be →
 * VALUE_TOO_LARGE before any parsing; not an Encrypter payload, no key's MAC/tag matches, or a
 * plaintext that is not one PHP string → VALUE_CORRUPT; a plaintext over `maxBytes` →
 * VALUE_TOO_LARGE.
 */
import { laravelDecrypter } from '../crypto/laravel-encrypter.js';
import type { LaravelMode } from '../crypto/laravel-encrypter.js';
import { IsauthError } from '../errors.js';
import { unwrapPhpString } from './php-string.js';
import type { ValueCodec } from './types.js';

export interface LaravelEncryptedOptions {
  /** APP_KEY values as in .env (`base64:…` or raw), current key first. */
  readonly keys: readonly (string | Uint8Array)[];
  /** Largest session (serialized attributes) accepted, in bytes. */
  readonly maxBytes: number;
  /** Encrypter modes accepted (default both CBC and GCM). */
  readonly modes?: readonly LaravelMode[];
}

/** Longest Encrypter payload a plaintext of `plainMax` bytes can give (two base64 layers + JSON). */
export function maxPayloadFor(plainMax: number): number {
  const cipher = plainMax + 16; // CBC padding (GCM adds nothing)
  const value = Math.ceil(cipher / 3) * 4;
  const json = value + 256; // iv, mac (64 hex), tag, keys and quotes
  return Math.ceil(json / 3) * 4;
}

export function laravelEncryptedCodec(opts: LaravelEncryptedOptions): ValueCodec {
  const wrapper = 4 + String(opts.maxBytes).length + 3; // s:N:"…";
  const maxPayloadLength = maxPayloadFor(opts.maxBytes + wrapper);
  const decrypter = laravelDecrypter(opts.keys, {
    maxPayloadLength,
    ...(opts.modes ? { modes: opts.modes } : {}),
  });
  return {
    decode(bytes: Uint8Array): Uint8Array {
      if (bytes.length > maxPayloadLength) throw new IsauthError('VALUE_TOO_LARGE');
      const out = decrypter.decrypt(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1'));
      if (out === 'malformed') throw new IsauthError('VALUE_CORRUPT', 'the stored value is not a Laravel encrypted payload');
      if (out === 'signature') throw new IsauthError('VALUE_CORRUPT', 'the stored value\'s MAC matches no configured Laravel key');
      const inner = unwrapPhpString(out.plain);
      if (inner === undefined) throw new IsauthError('VALUE_CORRUPT', 'the decrypted session is not one PHP serialized string');
      if (inner.length > opts.maxBytes) throw new IsauthError('VALUE_TOO_LARGE');
      return inner;
    },
  };
}
