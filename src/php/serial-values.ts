/**
 * Everything of PHP's unserialize grammar below the value loop (serial-reader.ts): the value
 * numbering state, the rarer value types (`N; b: d: S: C: E: r: R:`), object heads and
 * back-references. See serial-reader.ts for numbering, skipping and slot recording.
 */
import { isAscii } from 'node:buffer';
import { bytesToName, bytesToValue, fail, isValidClassName } from './bytes.js';
import type { Bytes } from './bytes.js';
import { SerialCursor } from './serial-cursor.js';
import { escapedString } from './serial-escaped.js';
import { PhpEnum, PhpFloat, PhpObject, PhpSerializable } from './types.js';
import type { PhpBytes, PhpValue } from './types.js';

export const SKIPPED_OBJECT: unique symbol = Symbol('skipped object');
export const SKIPPED_VALUE: unique symbol = Symbol('skipped value');
export type Slot = PhpValue | typeof SKIPPED_OBJECT | typeof SKIPPED_VALUE;

/** Internal signal: a back-reference needs a value that was skipped. Never escapes the API. */
export class NeedsFullDecode {}

/** Internal signal: a back-reference met a reader that does not record slots. Never escapes. */
export class NeedsSlots {}

const COLON = 0x3a;
const SEMI = 0x3b;
const QUOTE = 0x22;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

function isObjectish(v: Slot): boolean {
  return v instanceof PhpObject || v instanceof PhpSerializable || v instanceof PhpEnum || v === SKIPPED_OBJECT;
}

export class SerialValues extends SerialCursor {
  readonly slots: Slot[] = [];
  /** Nesting levels already open around the next value() (counted against maxDepth). */
  depth = 0;
  /** false → validate and number values without building them (see serial-reader.ts). */
  build = true;

  /** The whole input as latin1 text when it is all ASCII, '' when not, unset until needed. */
  private text: string | undefined;
  /** Long strings read so far, while `text` is unset. */
  private longs = 0;

  constructor(buf: Bytes, readonly maxDepth: number, readonly track: boolean) {
    super(buf, buf.length, 0);
  }

  /**
   * buf[s..e), longer than CACHE_MAX_LEN, as a PHP string value (shorter ones: bytesToValue's
   * cache). The second asks once whether the whole input is ASCII (one native pass); if it is,
   * they are all cut out of one latin1 copy of it: a V8 substring (no native call, 13+ chars
   * share the copy's memory) instead of one native UTF-8 decode and U+FFFD scan each. The
   * copy lives as long as such a string does, i.e. about as long as the decoded session.
   */
  longStr(s: number, e: number): string | PhpBytes {
    let text = this.text;
    if (text === undefined && ++this.longs > 1) {
      const { buf } = this;
      text = this.text = isAscii(buf) ? buf.latin1Slice(0, buf.length) : '';
    }
    return text ? text.slice(s, e) : bytesToValue(this.buf, s, e);
  }

  /**
   * `d:<float>;` at p (type byte included): the float, pos after the `;`. Fast path for
   * `-?digits[.digits]` with 1 to 15 digits: the digits as one exact integer divided by an exact
   * power of ten (one IEEE rounding, the same double as a full parse); else double().
   */
  floatAt(p: number): number {
    const buf = this.buf;
    let q = p + 2;
    let c = buf[q]!;
    const neg = c === 0x2d;
    if (neg) c = buf[++q]!;
    const ds = q;
    let m = 0;
    while (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30);
      c = buf[++q]!;
    }
    let scale = 1;
    let dot = 0;
    if (c === 0x2e) {
      dot = 1;
      c = buf[++q]!;
      while (c >= 0x30 && c <= 0x39) {
        m = m * 10 + (c - 0x30);
        scale *= 10;
        c = buf[++q]!;
      }
    }
    const digits = q - ds - dot;
    if (c === SEMI && digits > 0 && digits <= 15 && buf[p + 1] === COLON) {
      this.pos = q + 1;
      const v = m / scale;
      return neg ? -v : v;
    }
    this.expect(p + 1, COLON);
    return this.double(p + 2);
  }

  /** Every value but `s: i: d: a: O:` (and every error at a value's first byte). */
  protected other(p: number, t: number | undefined): PhpValue {
    const { buf, end } = this;
    if (p >= end) fail('DECODE_TRUNCATED', end, 'expected a value');
    if (t === 0x52) return this.backRef(p, true); // R: is not numbered
    if (t === 0x72 && !this.track) throw new NeedsSlots();
    const slot = this.slots.length;
    if (this.track) this.slots.push(null);
    let v: PhpValue;
    switch (t) {
      case 0x4e: // N;
        this.expect(p + 1, SEMI);
        this.pos = p + 2;
        v = null;
        break;
      case 0x62: { // b:0; b:1;
        this.expect(p + 1, COLON);
        if (p + 2 >= end) fail('DECODE_TRUNCATED', end, 'expected 0 or 1');
        const c = buf[p + 2];
        if (c !== 0x30 && c !== 0x31) fail('DECODE_SYNTAX', p + 2, 'expected 0 or 1');
        this.expect(p + 3, SEMI);
        this.pos = p + 4;
        v = c === 0x31;
        break;
      }
      case 0x64: { // d:
        this.expect(p + 1, COLON);
        const d = this.double(p + 2);
        v = this.build ? new PhpFloat(d) : null;
        break;
      }
      case 0x53: { // S: (escaped)
        const raw = escapedString(this, p);
        v = this.build ? bytesToValue(raw, 0, raw.length) : null;
        break;
      }
      case 0x43:
        v = this.custom(p);
        break;
      case 0x45:
        v = this.enumCase(p);
        break;
      case 0x72:
        v = this.backRef(p, false);
        break;
      default:
        return fail('DECODE_SYNTAX', p, t === RBRACE ? 'fewer elements than declared' : 'unknown value type');
    }
    if (this.track) this.slots[slot] = this.build ? v : t === 0x43 || t === 0x45 || t === 0x72 ? SKIPPED_OBJECT : SKIPPED_VALUE;
    return v;
  }

  /** `O:<len>:"<Class>":<n>:{` at p: the property count; s0/s1 hold the class name, pos is after `{`. */
  protected objectHead(p: number): number {
    this.className(p);
    const ne = this.s1;
    const count = this.iv2(ne + 2);
    const q = this.pos;
    if (count < 0 || count > Math.floor((this.end - q) / 2)) fail('DECODE_LENGTH', ne + 2, `bad property count ${count}`);
    this.expect(q, COLON);
    this.expect(q + 1, LBRACE);
    this.pos = q + 2;
    return count;
  }

  /** `C:<len>:"<Class>":<n>:{<n bytes>}` → PhpSerializable (payload kept opaque). */
  private custom(p: number): PhpValue {
    this.className(p);
    const ns = this.s0;
    const ne = this.s1;
    const dl = this.iv2(ne + 2);
    let q = this.pos;
    this.expect(q, COLON);
    this.expect(q + 1, LBRACE);
    q += 2;
    if (dl < 0 || this.end - q <= dl) fail('DECODE_LENGTH', ne + 2, `payload of ${dl} bytes, ${this.end - q} left`);
    this.expect(q + dl, RBRACE);
    this.pos = q + dl + 1;
    if (!this.build) return null;
    return new PhpSerializable(bytesToName(this.buf, ns, ne), new Uint8Array(this.buf.subarray(q, q + dl)));
  }

  /** The `<len>:"<Class>":` part of O: and C: — sets s0/s1 to the name's byte range. */
  private className(p: number): void {
    this.expect(p + 1, COLON);
    const len = this.uiv(p + 2);
    let q = this.pos;
    this.expect(q, COLON);
    this.expect(q + 1, QUOTE);
    q += 2;
    if (len === 0 || len > this.end - q) fail('DECODE_LENGTH', p + 2, `class name of ${len} bytes`);
    const e = q + len;
    this.expect(e, QUOTE);
    this.expect(e + 1, COLON);
    if (!isValidClassName(this.buf, q, e)) fail('DECODE_SYNTAX', q, 'invalid class name');
    this.s0 = q;
    this.s1 = e;
  }

  /** `E:<len>:"<Enum>:<Case>";` */
  private enumCase(p: number): PhpValue {
    const { buf } = this;
    this.stringRange(p);
    const q = this.s0;
    const e = this.s1;
    if (q === e) fail('DECODE_LENGTH', p + 2, 'empty enum name');
    let colon = q;
    while (colon < e && buf[colon] !== COLON) colon++;
    if (colon === e) fail('DECODE_SYNTAX', q, 'enum without ":"');
    if (!isValidClassName(buf, q, colon)) fail('DECODE_SYNTAX', q, 'invalid enum class name');
    if (colon + 1 === e) fail('DECODE_SYNTAX', colon + 1, 'empty enum case name');
    return this.build ? new PhpEnum(bytesToName(buf, q, colon), bytesToName(buf, colon + 1, e)) : null;
  }

  /** `R:<n>;` (reference, any value) or `r:<n>;` (object copy, must be an object). */
  private backRef(p: number, isR: boolean): PhpValue {
    if (!this.track) throw new NeedsSlots();
    this.expect(p + 1, COLON);
    const n = this.uiv(p + 2);
    this.expect(this.pos, SEMI);
    this.pos++;
    if (n < 1 || n > this.slots.length) fail('DECODE_REFERENCE', p, `no value number ${n}`);
    const target = this.slots[n - 1]!;
    if (!isR && !isObjectish(target)) fail('DECODE_REFERENCE', p, `r:${n} does not point to an object`);
    if (typeof target === 'symbol') {
      if (this.build) throw new NeedsFullDecode();
      return null;
    }
    return this.build ? target : null;
  }
}
