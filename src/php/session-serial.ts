/**
 * The three session serializers built on PHP's serialize format (ext/session/session.c, 8.2):
 *
 * - `php`: `name|value` repeated; the name is every byte up to the next `|`. One numbering
 *   context spans all variables. A non-empty tail without a `|` fails the whole decode, as in
 *   PHP 8.2 (`a|i:1;b` → failure); names are kept as strings even when numeric, as PHP does.
 * - `php_binary`: `[len][name][value]` repeated; the 0x80 bit of the length byte (the old
 *   "undefined" flag) is ignored and a value is always read, as PHP 8.2 does.
 * - `php_serialize`: one `a:` array. Like PHP, bytes after the array are ignored and `N;`
 *   gives an empty session; any other top-level type is rejected (DECODE_UNSUPPORTED; PHP
 *   would replace `$_SESSION` by that scalar).
 *
 * With `wanted`, only those top-level variables are built; the others are validated and
 * numbered but skipped (see serial-reader.ts).
 */
import type { KeyFilter } from './options.js';
import { bytesToValue, fail } from './bytes.js';
import type { Bytes } from './bytes.js';
import type { SerialReader } from './serial-reader.js';
import { SKIPPED_VALUE } from './slots.js';
import type { PhpKey, PhpSession } from './types.js';

function wants(wanted: KeyFilter | undefined, key: PhpKey): boolean {
  if (wanted === undefined) return true;
  return typeof key === 'string' ? wanted.has(key) : typeof key !== 'object' && wanted.has(String(key));
}

/**
 * The variables of a `php` session (`name|value`: the name is every byte up to the next `|`)
 * or, with `binary`, of a `php_binary` one (a length byte, its 0x80 bit ignored, then the name).
 */
function variables(buf: Bytes, r: SerialReader, binary: boolean, wanted?: KeyFilter): PhpSession {
  const out: PhpSession = new Map();
  const end = buf.length;
  let p = 0;
  while (p < end) {
    let s = p;
    let e = p;
    if (binary) {
      s = p + 1;
      e = s + (buf[p]! & 0x7f);
      if (e > end) fail('DECODE_TRUNCATED', end, `variable name of ${e - s} bytes and no value`);
    } else {
      while (e < end && buf[e] !== 0x7c) e++;
      if (e === end) fail('DECODE_TRAILING', p, 'bytes after the last variable without a "|"');
    }
    const name = bytesToValue(buf, s, e);
    const want = wants(wanted, name);
    r.cur.pos = binary ? e : e + 1;
    r.build = want;
    const v = r.value();
    if (want) out.set(name, v);
    p = r.cur.pos;
  }
  return out;
}

export function decodePhp(buf: Bytes, r: SerialReader, wanted?: KeyFilter): PhpSession {
  return variables(buf, r, false, wanted);
}

export function decodePhpBinary(buf: Bytes, r: SerialReader, wanted?: KeyFilter): PhpSession {
  return variables(buf, r, true, wanted);
}

export function decodePhpSerialize(buf: Bytes, r: SerialReader, wanted?: KeyFilter): PhpSession {
  if (buf.length === 0) return new Map();
  const t = buf[0];
  if (t === 0x4e) {
    r.value();
    return new Map();
  }
  if (t !== 0x61) fail('DECODE_UNSUPPORTED', 0, 'a php_serialize session must be an array');
  if (wanted === undefined) return r.value() as PhpSession;
  return selectTop(r, wanted);
}

/** The top-level `a:` of php_serialize, building only the wanted entries. */
function selectTop(r: SerialReader, wanted: KeyFilter): PhpSession {
  const out: PhpSession = new Map();
  const n = r.cur.arrayHead(0);
  // A reference to the whole session must see all of it: mark it skipped → full decode.
  if (r.track) r.slots.push(SKIPPED_VALUE);
  if (n > 0) r.depth = 1;
  for (let i = 0; i < n; i++) {
    r.build = true;
    const k = r.key();
    const want = wants(wanted, k);
    r.build = want;
    const v = r.value();
    if (want) out.set(k, v);
  }
  r.depth = 0;
  r.cur.close();
  return out;
}
