/**
 * The value layer of PHP's unserialize grammar: `N; b: i: d: s: S: a: O: C: E: r: R:`.
 *
 * Iterative: the arrays and objects under construction live on an explicit stack, so nesting
 * is bounded only by `maxDepth`, never by the JS call stack.
 *
 * Back-references follow PHP's numbering: every value read gets the next 1-based slot (also
 * `r:`, enum cases and `C:` objects) — except `R:` itself and array/object keys. One reader is
 * one numbering context, so the `php` session serializer reuses it across variables.
 *
 * The reader can also *skip*: with `build = false` it validates and numbers values without
 * building them, leaving a marker in their slots. A built value whose `R:`/`r:` lands on such
 * a marker throws `NeedsFullDecode`, and the caller decodes again without skipping.
 *
 * Recording every value for back-references costs time and most sessions have none, so a
 * reader made with `track = false` only parses; its first `R:`/`r:` throws `NeedsSlots` and
 * `readSerial` starts over with a recording reader.
 */
import { bytesToName, bytesToValue, fail, isValidClassName, numericKey } from './bytes.js';
import type { Bytes } from './bytes.js';
import { SerialCursor } from './serial-cursor.js';
import { PhpEnum, PhpFloat, PhpObject, PhpSerializable } from './types.js';
import type { PhpArray, PhpKey, PhpValue } from './types.js';
import { escapedString } from './serial-escaped.js';

export const SKIPPED_OBJECT: unique symbol = Symbol('skipped object');
export const SKIPPED_VALUE: unique symbol = Symbol('skipped value');
type Slot = PhpValue | typeof SKIPPED_OBJECT | typeof SKIPPED_VALUE;

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

export class SerialReader extends SerialCursor {
  readonly slots: Slot[] = [];
  /** Nesting levels already open around the next value() (counted against maxDepth). */
  depth = 0;
  /** false → validate and number values without building them (see module doc). */
  build = true;
  /** The open containers around the innermost one, 4 entries each (see value()). */
  private readonly frames: unknown[] = [];

  constructor(buf: Bytes, readonly maxDepth: number, readonly track: boolean) {
    super(buf, buf.length, 0);
  }

  /** Read one value at `pos`. */
  value(): PhpValue {
    const { buf, slots, build, maxDepth, frames, track } = this;
    // The innermost open container is in the locals; the ones around it in `frames`.
    let sp = 0;
    let holder: PhpValue = null;
    let entries: Map<PhpKey, PhpValue> | undefined;
    let inObj = false;
    let left = 0;
    let key: PhpKey = 0;
    let depth = this.depth;
    for (;;) {
      const p = this.pos;
      const t = buf[p];
      let v: PhpValue;
      if (t === 0x73) {
        this.strAt(p);
        v = build ? bytesToValue(buf, this.s0, this.s1) : null;
        if (track) slots.push(build ? v : SKIPPED_VALUE);
      } else if (t === 0x69) {
        v = this.intAt(p);
        if (track) slots.push(build ? v : SKIPPED_VALUE);
      } else if (t === 0x61 || t === 0x4f) {
        const isObj = t === 0x4f;
        const n = isObj ? this.objectHead(p) : this.arrayHead(p);
        let h: PhpValue = null;
        if (isObj) {
          if (build) h = new PhpObject(bytesToName(buf, this.s0, this.s1), new Map());
          if (track) slots.push(build ? h : SKIPPED_OBJECT);
        } else {
          if (build) h = new Map();
          if (track) slots.push(build ? h : SKIPPED_VALUE);
        }
        // Like PHP, a level is counted for every non-empty array and every object.
        if ((n > 0 || isObj) && depth >= maxDepth) fail('DECODE_DEPTH', p, `nesting deeper than ${maxDepth}`);
        if (n > 0) {
          frames[sp] = holder;
          frames[sp + 1] = left;
          frames[sp + 2] = key;
          frames[sp + 3] = inObj;
          sp += 4;
          depth++;
          holder = h;
          inObj = isObj;
          left = n;
          entries = build ? (isObj ? (h as PhpObject).props : (h as PhpArray)) : undefined;
          key = isObj ? this.propKey() : this.key();
          continue;
        }
        this.close();
        v = h;
      } else {
        v = this.other(p, t);
      }
      // Store v in the innermost container; close every container this completes.
      for (;;) {
        if (sp === 0) return v;
        if (entries !== undefined) entries.set(key, v);
        if (--left > 0) break;
        this.close();
        v = holder;
        sp -= 4;
        depth--;
        holder = frames[sp] as PhpValue;
        left = frames[sp + 1] as number;
        key = frames[sp + 2] as PhpKey;
        inObj = frames[sp + 3] as boolean;
        entries = build && sp > 0 ? (inObj ? (holder as PhpObject).props : (holder as PhpArray)) : undefined;
      }
      key = inObj ? this.propKey() : this.key();
    }
  }

  /** The `}` that ends an array or object. */
  private close(): void {
    const q = this.pos;
    if (this.buf[q] !== RBRACE) this.expect(q, RBRACE);
    this.pos = q + 1;
  }

  /** An array key: `i:` or `s:`/`S:` (numeric strings become ints, as PHP does). */
  key(): PhpKey {
    const { buf } = this;
    const p = this.pos;
    const t = buf[p];
    if (t === 0x73) {
      this.strAt(p);
      if (!this.build) return 0;
      const s = this.s0;
      const c = buf[s]!; // the closing quote when the string is empty
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
        const k = numericKey(buf, s, this.s1);
        if (k !== undefined) return k;
      }
      return bytesToValue(buf, s, this.s1);
    }
    if (t === 0x69) return this.intAt(p);
    this.keyType(p);
    const raw = escapedString(this, p);
    return numericKey(raw, 0, raw.length) ?? bytesToValue(raw, 0, raw.length);
  }

  /** A property name: `s:`/`S:` as is, `i:` turned into its decimal string (as PHP does). */
  propKey(): string {
    const p = this.pos;
    const t = this.buf[p];
    if (t === 0x73) {
      this.strAt(p);
      return this.build ? bytesToName(this.buf, this.s0, this.s1) : '';
    }
    if (t === 0x69) return String(this.intAt(p));
    this.keyType(p);
    const raw = escapedString(this, p);
    return bytesToName(raw, 0, raw.length);
  }

  /** Throws unless the byte at p starts a key (`i:`, `s:`, `S:`). */
  private keyType(p: number): void {
    if (p >= this.end) fail('DECODE_TRUNCATED', this.end, 'expected a key');
    const t = this.buf[p]!;
    if (t === 0x69 || t === 0x73 || t === 0x53) return;
    if ('NbdaOCErR'.includes(String.fromCharCode(t))) fail('DECODE_KEY', p, 'keys must be int or string');
    fail('DECODE_SYNTAX', p, t === RBRACE ? 'fewer elements than declared' : 'expected a key');
  }

  /** Every value but `s: i: a: O:` (and every error at a value's first byte). */
  private other(p: number, t: number | undefined): PhpValue {
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
  private objectHead(p: number): number {
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

/** Run `read` on a reader that skips slot recording, and again on one that records if needed. */
export function readSerial<T>(buf: Bytes, maxDepth: number, read: (r: SerialReader) => T): T {
  try {
    return read(new SerialReader(buf, maxDepth, false));
  } catch (e) {
    if (!(e instanceof NeedsSlots)) throw e;
  }
  return read(new SerialReader(buf, maxDepth, true));
}
