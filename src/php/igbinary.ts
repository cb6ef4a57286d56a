/**
 * php-igbinary data: a 4-byte big-endian header (format version 2; version 1 also accepted),
 * then one igbinary value (see igbinary-reader.ts).
 *
 * As a session serializer (`session.serialize_handler=igbinary`): an empty string is an empty
 * session; otherwise the value must be an array of the variables. Like igbinary's own session
 * decoder, entries with integer keys are dropped and bytes after the array are ignored. A
 * top-level object (which igbinary would accept) is rejected (DECODE_UNSUPPORTED).
 * Note: igbinary itself has no depth limit; maxDepth applies here too.
 */
import type { KeyFilter } from './options.js';
import { asBuffer, fail } from './bytes.js';
import type { Bytes } from './bytes.js';
import { guardStack } from './guard.js';
import { IgReader } from './igbinary-reader.js';
import { resolveMaxDepth } from './options.js';
import type { DecodeOptions } from './options.js';
import { SKIPPED_VALUE } from './slots.js';
import type { PhpSession, PhpValue } from './types.js';

function header(buf: Bytes, maxDepth: number): IgReader {
  if (buf.length < 5) fail('DECODE_TRUNCATED', buf.length, 'igbinary data needs at least 5 bytes');
  const version = buf.readUInt32BE(0);
  if (version !== 1 && version !== 2) fail('DECODE_UNSUPPORTED', 0, `igbinary format version ${version}`);
  return new IgReader(buf, buf.length, 4, maxDepth);
}

/** One igbinary_serialize()d value; strict like igbinary_unserialize (no trailing bytes). */
export function igbinaryUnserialize(bytes: Uint8Array, opts?: DecodeOptions): PhpValue {
  const buf = asBuffer(bytes);
  const r = header(buf, resolveMaxDepth(opts));
  return guardStack(() => {
    const v = r.value();
    if (r.pos !== buf.length) fail('DECODE_TRAILING', r.pos, `${buf.length - r.pos} bytes after the value`);
    return v;
  }, () => r.pos);
}

/** An igbinary session; with `wanted`, only those variables are built (the rest validated). */
export function decodeIgbinarySession(buf: Bytes, maxDepth: number, wanted?: KeyFilter): PhpSession {
  if (buf.length === 0) return new Map();
  const r = header(buf, maxDepth);
  r.need(1);
  const t = buf[4]!;
  if (t < 0x14 || t > 0x16) fail('DECODE_UNSUPPORTED', 4, 'an igbinary session must be an array');
  r.pos = 5;
  const n = r.uint(1 << (t - 0x14));
  if (wanted === undefined) {
    r.pos = 4;
    const all = r.value() as PhpSession;
    for (const k of all.keys()) if (typeof k !== 'string' && typeof k !== 'object') return dropIntKeys(all);
    return all;
  }
  if (n > r.end - r.pos) fail('DECODE_LENGTH', 5, `${n} elements cannot fit in ${r.end - r.pos} bytes`);
  // A reference to the whole session must see all of it: mark it skipped → full decode.
  r.refs.push(SKIPPED_VALUE);
  const out: PhpSession = new Map();
  if (n > 0) r.depth = 1;
  for (let i = 0; i < n; i++) {
    r.build = true;
    const k = r.key();
    if (k === undefined) continue;
    const want = typeof k === 'string' && wanted.has(k);
    r.build = want;
    const v = r.value();
    if (want) out.set(k, v);
  }
  return out;
}

function dropIntKeys(all: PhpSession): PhpSession {
  const out: PhpSession = new Map();
  for (const [k, v] of all) if (typeof k === 'string' || typeof k === 'object') out.set(k, v);
  return out;
}
