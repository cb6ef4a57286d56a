/**
 * The value codec of stores without flags (files, Redis, SQL) and of memcached values written
 * uncompressed as plain strings: the bytes are the session. Any non-zero flags mean an encoding
 * this codec does not read → VALUE_FLAGS (the answer is `bypass`, never a guess).
 */
import { IsauthError } from '../errors.js';
import type { ValueCodec } from './types.js';

const IDENTITY: ValueCodec = Object.freeze({
  decode(bytes: Uint8Array, flags: number): Uint8Array {
    if (flags !== 0) throw new IsauthError('VALUE_FLAGS', `value has flags 0x${flags.toString(16)} (compressed or not a plain string)`);
    return bytes;
  },
});

export function identityCodec(): ValueCodec {
  return IDENTITY;
}
