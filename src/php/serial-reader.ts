/**
 * The value layer of PHP's unserialize grammar: `N; b: i: d: s: S: a: O: C: E: r: R:`.
 *
 * Back-references follow PHP's numbering: every value read gets the next 1-based slot (also
 * `r:`, enum cases and `C:` objects) — except `R:` itself and array/object keys. One reader is
 * one numbering context, so the `php` session serializer reuses it across variables.
 *
 * The reader can also *skip*: with `build = false` it validates and numbers values without
 * building them, leaving a marker in their slots. A built value whose `R:`/`r:` lands on such
 * a marker throws `NeedsFullDecode`, and the caller decodes again without skipping.
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
  depth = 0;
  /** false → validate and number values without building them (see module doc). */
  build = true;

  constructor(buf: Bytes, end: number, pos: number, readonly maxDepth: number) {
    super(buf, end, pos);
  }

  /** Read one value at `pos`. */
  value(): PhpValue {
    const { buf, end } = this;
    const p = this.pos;
    if (p >= end) fail('DECODE_TRUNCATED', end, 'expected a value');
    const t = buf[p];
    if (t === 0x52) return this.backRef(p, true); // R: is not numbered
    const slot = this.slots.length;
    this.slots.push(null);
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
      case 0x69: // i:
        this.expect(p + 1, COLON);
        v = this.int(p + 2);
        break;
      case 0x64: { // d:
        this.expect(p + 1, COLON);
        const d = this.double(p + 2);
        v = this.build ? new PhpFloat(d) : null;
        break;
      }
      case 0x73: // s:
        this.stringRange(p);
        v = this.build ? bytesToValue(buf, this.s0, this.s1) : null;
        break;
      case 0x53: { // S: (escaped)
        const raw = escapedString(this, p);
        v = this.build ? bytesToValue(raw, 0, raw.length) : null;
        break;
      }
      case 0x61:
        return this.array(p, slot);
      case 0x4f:
        return this.object(p, slot);
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
    if (this.build) this.slots[slot] = v;
    else this.slots[slot] = t === 0x43 || t === 0x45 || t === 0x72 ? SKIPPED_OBJECT : SKIPPED_VALUE;
    return v;
  }

  /** Start and end of the raw bytes of the last `s:` read by stringRange. */
  s0 = 0;
  s1 = 0;

  /** `s:<len>:"<len bytes>";` at p: sets s0/s1 and pos. */
  stringRange(p: number): void {
    this.expect(p + 1, COLON);
    const len = this.uiv(p + 2);
    let q = this.pos;
    this.expect(q, COLON);
    this.expect(q + 1, QUOTE);
    q += 2;
    if (len > this.end - q) fail('DECODE_LENGTH', p + 2, `string of ${len} bytes, ${this.end - q} left`);
    const e = q + len;
    this.expect(e, QUOTE);
    this.expect(e + 1, SEMI);
    this.s0 = q;
    this.s1 = e;
    this.pos = e + 2;
  }

  /** An array key: `i:` or `s:`/`S:` (numeric strings become ints, as PHP does). */
  key(): PhpKey {
    const { buf } = this;
    const p = this.pos;
    const t = this.keyType(p);
    if (t === 0x69) {
      this.expect(p + 1, COLON);
      return this.int(p + 2);
    }
    if (t === 0x73) {
      this.stringRange(p);
      if (!this.build) return 0;
      return numericKey(buf, this.s0, this.s1) ?? bytesToValue(buf, this.s0, this.s1);
    }
    const raw = escapedString(this, p);
    return numericKey(raw, 0, raw.length) ?? bytesToValue(raw, 0, raw.length);
  }

  /** A property name: `s:`/`S:` as is, `i:` turned into its decimal string (as PHP does). */
  propKey(): string {
    const p = this.pos;
    const t = this.keyType(p);
    if (t === 0x69) {
      this.expect(p + 1, COLON);
      return String(this.int(p + 2));
    }
    if (t === 0x73) {
      this.stringRange(p);
      return this.build ? bytesToName(this.buf, this.s0, this.s1) : '';
    }
    const raw = escapedString(this, p);
    return bytesToName(raw, 0, raw.length);
  }

  private keyType(p: number): number {
    if (p >= this.end) fail('DECODE_TRUNCATED', this.end, 'expected a key');
    const t = this.buf[p]!;
    if (t === 0x69 || t === 0x73 || t === 0x53) return t;
    if ('NbdaOCErR'.includes(String.fromCharCode(t))) fail('DECODE_KEY', p, 'keys must be int or string');
    return fail('DECODE_SYNTAX', p, t === RBRACE ? 'fewer elements than declared' : 'expected a key');
  }

  private enter(p: number): void {
    if (this.depth >= this.maxDepth) fail('DECODE_DEPTH', p, `nesting deeper than ${this.maxDepth}`);
    this.depth++;
  }

  /** `a:<n>:{<key><value>…}` */
  private array(p: number, slot: number): PhpValue {
    this.expect(p + 1, COLON);
    const n = this.uiv(p + 2);
    let q = this.pos;
    this.expect(q, COLON);
    this.expect(q + 1, LBRACE);
    q += 2;
    if (n > Math.floor((this.end - q) / 2)) fail('DECODE_LENGTH', p + 2, `${n} elements cannot fit in ${this.end - q} bytes`);
    const map: PhpArray | undefined = this.build ? new Map() : undefined;
    this.slots[slot] = map ?? SKIPPED_VALUE;
    this.pos = q;
    if (n > 0) {
      this.enter(p);
      for (let i = 0; i < n; i++) {
        const k = this.key();
        const v = this.value();
        if (map) map.set(k, v);
      }
      this.depth--;
    }
    this.expect(this.pos, RBRACE);
    this.pos++;
    return map ?? null;
  }

  /** `O:<len>:"<Class>":<n>:{<name><value>…}` → PhpObject with raw (mangled) names. */
  private object(p: number, slot: number): PhpValue {
    const [ns, ne] = this.className(p);
    const count = this.iv2(ne + 2);
    const q = this.pos;
    if (count < 0 || count > Math.floor((this.end - q) / 2)) fail('DECODE_LENGTH', ne + 2, `bad property count ${count}`);
    this.expect(q, COLON);
    this.expect(q + 1, LBRACE);
    this.pos = q + 2;
    const obj = this.build ? new PhpObject(bytesToName(this.buf, ns, ne), new Map()) : undefined;
    this.slots[slot] = obj ?? SKIPPED_OBJECT;
    this.enter(p);
    for (let i = 0; i < count; i++) {
      const k = this.propKey();
      const v = this.value();
      if (obj) obj.props.set(k, v);
    }
    this.depth--;
    this.expect(this.pos, RBRACE);
    this.pos++;
    return obj ?? null;
  }

  /** `C:<len>:"<Class>":<n>:{<n bytes>}` → PhpSerializable (payload kept opaque). */
  private custom(p: number): PhpValue {
    const [ns, ne] = this.className(p);
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

  /** The `<len>:"<Class>":` part of O: and C: — returns the name's byte range. */
  private className(p: number): [number, number] {
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
    return [q, e];
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
