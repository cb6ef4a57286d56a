/**
 * The value codec of Django's PyMemcacheCache: pymemcache's serde writes bytes with flags 0,
 * text with 16, ints 2, longs 4 and anything else — the session dict — pickled with flags 1.
 * The pickle is handed on unchanged to the session format (src/session-format/django/), which
 * refuses any opcode that could name a class. Flags 0 and 1 pass; others → VALUE_FLAGS.
 */
import { IsauthError } from '../errors.js';
import type { ValueCodec } from './types.js';

const PYMEMCACHE: ValueCodec = Object.freeze({
  decode(bytes: Uint8Array, flags: number): Uint8Array {
    if (flags !== 0 && flags !== 1) throw new IsauthError('VALUE_FLAGS', `value has flags ${flags}, not a pickled session (pymemcache writes 1)`);
    return bytes;
  },
});

export function pymemcacheCodec(): ValueCodec {
  return PYMEMCACHE;
}
