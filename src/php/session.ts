/**
 * Session decoding entry points: the bytes of a stored session plus the name of the
 * `session.serialize_handler` that wrote them → the variables of `$_SESSION`.
 */
import type { KeyFilter } from './options.js';
import { asBuffer } from './bytes.js';
import type { Bytes } from './bytes.js';
import { guardStack } from './guard.js';
import { decodeIgbinarySession } from './igbinary.js';
import { resolveMaxDepth } from './options.js';
import type { DecodeOptions } from './options.js';
import { readSerial } from './serial-reader.js';
import { NeedsFullDecode } from './slots.js';
import { decodePhp, decodePhpBinary, decodePhpSerialize } from './session-serial.js';
import type { PhpSession, SerializerName } from './types.js';

function run(buf: Bytes, serializer: SerializerName, maxDepth: number, wanted?: KeyFilter): PhpSession {
  if (serializer === 'igbinary') return decodeIgbinarySession(buf, maxDepth, wanted);
  const go = serializer === 'php' ? decodePhp : serializer === 'php_binary' ? decodePhpBinary : decodePhpSerialize;
  return readSerial(buf, maxDepth, (r) => guardStack(() => go(buf, r, wanted), () => r.cur.pos));
}

/**
 * Decode a whole session. Throws DecodeError (and nothing else) on malformed bytes.
 * `serializer` is PHP's `session.serialize_handler`: php, php_binary, php_serialize, igbinary.
 */
export function decodeSession(bytes: Uint8Array, serializer: SerializerName, opts?: DecodeOptions): PhpSession {
  return run(asBuffer(bytes), serializer, resolveMaxDepth(opts));
}

/**
 * Decode only the top-level variables named in `wanted` (the others are still validated and
 * counted for back-reference numbering, but not built). Missing names are simply absent.
 * When a wanted value refers (`R:`/`r:`/igbinary refs) into a skipped one, this falls back to
 * a full decode, so the result always equals `decodeSession` filtered to `wanted`.
 * Integer keys of php_serialize sessions match their decimal string.
 */
export function decodeSessionKeys(
  bytes: Uint8Array,
  serializer: SerializerName,
  wanted: KeyFilter,
  opts?: DecodeOptions,
): PhpSession {
  const buf = asBuffer(bytes);
  const maxDepth = resolveMaxDepth(opts);
  try {
    return run(buf, serializer, maxDepth, wanted);
  } catch (e) {
    if (!(e instanceof NeedsFullDecode)) throw e;
  }
  const all = run(buf, serializer, maxDepth);
  const out: PhpSession = new Map();
  for (const [k, v] of all) {
    if (typeof k === 'object' || !wanted.has(String(k))) continue;
    out.set(k, v);
  }
  return out;
}
