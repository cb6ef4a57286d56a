/**
 * `unserialize(bytes)` — one PHP-serialized value (PHP 8.x grammar) into the value model of
 * ./types.ts. Strict: bytes left after the value are an error (DECODE_TRAILING); PHP 8.2's
 * unserialize() silently ignores them, 8.3+ warns.
 */
import { asBuffer, fail } from './bytes.js';
import { guardStack } from './guard.js';
import { resolveMaxDepth } from './options.js';
import type { DecodeOptions } from './options.js';
import { readSerial } from './serial-reader.js';
import type { PhpValue } from './types.js';

export function unserialize(bytes: Uint8Array, opts?: DecodeOptions): PhpValue {
  const buf = asBuffer(bytes);
  return readSerial(buf, resolveMaxDepth(opts), (r) => guardStack(() => {
    const v = r.value();
    const end = r.cur.pos;
    if (end !== buf.length) fail('DECODE_TRAILING', end, `${buf.length - end} bytes after the value`);
    return v;
  }, () => r.cur.pos));
}
