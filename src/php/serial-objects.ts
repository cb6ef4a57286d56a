/**
 * The object forms of PHP's unserialize grammar, as functions over the scanner: `O:` heads,
 * `C:` (Serializable, payload kept opaque) and `E:` enum cases. The value loop
 * (serial-reader.ts) numbers them and fills the `O:` properties.
 */
import { bytesToName, fail, isValidClassName } from './bytes.js';
import type { SerialScanner } from './serial-scanner.js';
import { PhpEnum, PhpSerializable } from './types.js';

const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

/** `O:<len>:"<Class>":<n>:{` at p: the property count; s0/s1 hold the class name, pos is after `{`. */
export function objectHead(cur: SerialScanner, p: number): number {
  cur.className(p);
  const at = cur.s1 + 2;
  const count = cur.iv2(at);
  const q = cur.pos;
  if (count < 0 || count > Math.floor((cur.end - q) / 2)) fail('DECODE_LENGTH', at, `bad property count ${count}`);
  cur.colonThen(q, LBRACE);
  return count;
}

/**
 * `C:<len>:"<Class>":<n>:{<n bytes>}` at p → PhpSerializable (null when not building); s0/s1
 * hold the payload's byte range, pos is after the `}`.
 */
export function customObject(cur: SerialScanner, p: number, build: boolean): PhpSerializable | null {
  cur.className(p);
  const ns = cur.s0;
  const ne = cur.s1;
  const dl = cur.iv2(ne + 2);
  cur.colonThen(cur.pos, LBRACE);
  const q = cur.pos;
  if (dl < 0 || cur.end - q <= dl) fail('DECODE_LENGTH', ne + 2, `payload of ${dl} bytes, ${cur.end - q} left`);
  cur.expect(q + dl, RBRACE);
  cur.pos = q + dl + 1;
  cur.s0 = q;
  cur.s1 = q + dl;
  if (!build) return null;
  return new PhpSerializable(bytesToName(cur.buf, ns, ne), new Uint8Array(cur.buf.subarray(q, q + dl)));
}

/** The value types of the format: `N;`, and `b: i: d: s: S: a: O: C: E: r: R:` before a colon. */
const TYPE_BEFORE_COLON = new Uint8Array(128);
for (const c of 'bidsSaOCErR') TYPE_BEFORE_COLON[c.charCodeAt(0)] = 1;

/**
 * Whether buf[s..e) (a `C:` payload) looks like it holds serialize() output: somewhere a type
 * letter before `:`, or `N;`. Such a payload may shift PHP's value numbering (serial-reader.ts).
 */
export function holdsSerialized(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i + 1 < e; i++) {
    const c = buf[i]!;
    const next = buf[i + 1];
    if ((next === COLON && c < 128 && TYPE_BEFORE_COLON[c] === 1) || (c === 0x4e && next === 0x3b)) return true;
  }
  return false;
}

/** `E:<len>:"<Enum>:<Case>";` at p → PhpEnum (null when not building). */
export function enumCase(cur: SerialScanner, p: number, build: boolean): PhpEnum | null {
  const { buf } = cur;
  cur.stringRange(p);
  const q = cur.s0;
  const e = cur.s1;
  if (q === e) fail('DECODE_LENGTH', p + 2, 'empty enum name');
  let colon = q;
  while (colon < e && buf[colon] !== COLON) colon++;
  if (colon === e) fail('DECODE_SYNTAX', q, 'enum without ":"');
  if (!isValidClassName(buf, q, colon)) fail('DECODE_SYNTAX', q, 'invalid enum class name');
  if (colon + 1 === e) fail('DECODE_SYNTAX', colon + 1, 'empty enum case name');
  return build ? new PhpEnum(bytesToName(buf, q, colon), bytesToName(buf, colon + 1, e)) : null;
}
