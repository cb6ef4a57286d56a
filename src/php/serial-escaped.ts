/**
 * `S:<len>:"…";` — the deprecated escaped string form: `len` counts decoded bytes; each byte is
 * either itself or `\hh` (two hex digits, either case). Rare, so it favours clarity over speed.
 */
import { Buffer } from 'node:buffer';
import { asBuffer, fail } from './bytes.js';
import type { Bytes } from './bytes.js';
import type { SerialScanner } from './serial-scanner.js';

function hex(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Read an `S:` string at p; returns its decoded bytes and leaves `cur.pos` after the `;`. */
export function escapedString(cur: SerialScanner, p: number): Bytes {
  const { buf, end } = cur;
  cur.expect(p + 1, 0x3a);
  const len = cur.uiv(p + 2);
  cur.colonThen(cur.pos, 0x22);
  let q = cur.pos;
  if (len > end - q) fail('DECODE_LENGTH', p + 2, `string of ${len} bytes, ${end - q} left`);
  const out = Buffer.allocUnsafe(len);
  for (let i = 0; i < len; i++) {
    if (q >= end) fail('DECODE_TRUNCATED', end, 'escaped string ends early');
    const c = buf[q]!;
    if (c !== 0x5c) {
      out[i] = c;
      q++;
      continue;
    }
    const h = hex(q + 1 < end ? buf[q + 1] : undefined);
    const l = hex(q + 2 < end ? buf[q + 2] : undefined);
    if (h < 0 || l < 0) {
      if (q + 1 >= end || (h >= 0 && q + 2 >= end)) fail('DECODE_TRUNCATED', end, 'escape ends early');
      fail('DECODE_SYNTAX', q, 'bad \\hh escape');
    }
    out[i] = (h << 4) | l;
    q += 3;
  }
  cur.expect(q, 0x22);
  cur.expect(q + 1, 0x3b);
  cur.pos = q + 2;
  return asBuffer(out);
}
