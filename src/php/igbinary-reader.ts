/**
 * Values in php-igbinary's binary format (format 1/2, igbinary 3.x, src/php7/igbinary.c).
 *
 * Two back-reference tables, as in igbinary:
 * - strings: every string written in full (values, keys, class names, enum case names) gets
 *   the next id; `string_id8/16/32` and `object_id8/16/32` refer back to it;
 * - references: every array and every object (appended before its contents) gets the next
 *   slot, and so does a scalar wrapped in `ref` (0x25); `ref8/16/32` and `objref8/16/32`
 *   refer back to a slot.
 * Array keys: ints stay ints; string keys stay strings even when numeric (igbinary, unlike
 * unserialize, does not convert them); a `null` key means "no entry" and has no value.
 * Integers outside the 64-bit range decode to 0, as igbinary does.
 * Like serial-reader.ts it can skip values (`build = false`, see slots.ts).
 * A Serializable payload (object_ser) does not shift these numbers: the class's serialize()
 * and unserialize() run PHP's own serializer, whose numbering is separate from igbinary's.
 */
import { bytesToName, bytesToValue, fail } from './bytes.js';
import type { Bytes } from './bytes.js';
import { INT64_MIN, normInt } from './int64.js';
import { resolveSlot, SKIPPED_OBJECT, SKIPPED_VALUE } from './slots.js';
import type { Slot } from './slots.js';
import { PhpEnum, PhpFloat, PhpObject, PhpSerializable } from './types.js';
import type { PhpBytes } from './types.js';
import type { PhpArray, PhpKey, PhpValue } from './types.js';

/** read()'s answer when it opened a non-empty array or property table. */
const OPENED: unique symbol = Symbol('opened');
const TWO63 = 9223372036854775808n;

export class IgReader {
  /** Byte ranges of the string table: strings[2i], strings[2i+1]. */
  readonly strings: number[] = [];
  readonly refs: Slot[] = [];
  depth = 0;
  build = true;
  /** The open containers around the innermost one, 4 entries each (see value()). */
  private readonly frames: unknown[] = [];
  /** What read() just opened when it returns OPENED. */
  private opened: PhpValue = null;
  private openedObj = false;
  private openedCount = 0;

  constructor(readonly buf: Bytes, readonly end: number, public pos: number, readonly maxDepth: number) {}

  /** Make sure n more bytes exist at pos. */
  need(n: number): void {
    if (this.end - this.pos < n) fail('DECODE_TRUNCATED', this.end, `${n} more bytes needed at ${this.pos}`);
  }

  /** Unsigned big-endian integer of 1, 2 or 4 bytes. */
  uint(width: number): number {
    this.need(width);
    const { buf, pos } = this;
    this.pos += width;
    return width === 1 ? buf[pos]! : width === 2 ? buf.readUInt16BE(pos) : buf.readUInt32BE(pos);
  }

  /** Integer of type t (0x06..0x0b, 0x20, 0x21). */
  int(t: number): number | bigint {
    if (t >= 0x20) {
      this.need(8);
      const u = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (u === TWO63 && t === 0x21) return normInt(INT64_MIN);
      if (u >= TWO63) return 0;
      return normInt(t === 0x21 ? -u : u);
    }
    const v = this.uint(1 << ((t - 0x06) >> 1));
    return (t & 1) === 1 ? 0 - v : v;
  }

  /** A string written in full (string8/16/32/64, object8/16/32): record it, return its range. */
  private chars(width: number): number {
    let len: number;
    if (width === 8) {
      this.need(8);
      const big = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      len = big > BigInt(this.end) ? Infinity : Number(big);
    } else len = this.uint(width);
    if (len > this.end - this.pos) fail('DECODE_LENGTH', this.pos, `string of ${len} bytes, ${this.end - this.pos} left`);
    const s = this.pos;
    this.pos += len;
    this.strings.push(s, this.pos);
    return this.strings.length / 2 - 1;
  }

  /** A string id (string_id8/16/32, object_id8/16/32) of the given byte width. */
  private strId(width: number): number {
    const at = this.pos;
    const id = this.uint(width);
    if (id >= this.strings.length / 2) fail('DECODE_REFERENCE', at, `no string number ${id}`);
    return id;
  }

  /** A string value/key of type t as a string-table id, or -1 for the empty string. */
  private stringOf(t: number): number {
    if (t === 0x0d) return -1;
    if (t >= 0x0e && t <= 0x10) return this.strId(1 << (t - 0x0e));
    if (t >= 0x11 && t <= 0x13) return this.chars(1 << (t - 0x11));
    return this.chars(8); // 0x26 string64
  }

  private str(id: number): string | PhpBytes {
    if (id < 0) return '';
    return bytesToValue(this.buf, this.strings[2 * id]!, this.strings[2 * id + 1]!);
  }

  private name(id: number): string {
    if (id < 0) return '';
    return bytesToName(this.buf, this.strings[2 * id]!, this.strings[2 * id + 1]!);
  }

  private enter(at: number): void {
    if (this.depth >= this.maxDepth) fail('DECODE_DEPTH', at, `nesting deeper than ${this.maxDepth}`);
    this.depth++;
  }

  /**
   * One value at pos. Iterative: the arrays and objects under construction live on an explicit
   * stack (`frames`, 4 entries per open container), so nesting is bounded only by maxDepth.
   */
  value(): PhpValue {
    let v = this.read();
    if (v !== OPENED) return v;
    const { frames, build } = this;
    let sp = 0;
    let holder: PhpValue = null;
    let inObj = false;
    let left = 0;
    let key: PhpKey = 0;
    let entries: Map<PhpKey, PhpValue> | undefined;
    for (;;) {
      if (v === OPENED) {
        frames[sp] = holder;
        frames[sp + 1] = left;
        frames[sp + 2] = key;
        frames[sp + 3] = inObj;
        sp += 4;
        holder = this.opened;
        inObj = this.openedObj;
        left = this.openedCount;
        entries = build ? (inObj ? (holder as PhpObject).props : (holder as PhpArray)) : undefined;
      } else if (entries !== undefined) entries.set(key, v);
      // The next entry that has a value; containers completed on the way are stored in theirs.
      for (;;) {
        if (left > 0) {
          left--;
          const k = this.key(inObj);
          if (k === undefined) continue;
          key = k;
          break;
        }
        v = holder;
        this.depth--;
        sp -= 4;
        holder = frames[sp] as PhpValue;
        left = frames[sp + 1] as number;
        key = frames[sp + 2] as PhpKey;
        inObj = frames[sp + 3] as boolean;
        if (sp === 0) return v;
        entries = build ? (inObj ? (holder as PhpObject).props : (holder as PhpArray)) : undefined;
        if (entries !== undefined) entries.set(key, v);
      }
      v = this.read();
    }
  }

  /** One value, or OPENED after the head of a non-empty array / property table (see opened*). */
  private read(): PhpValue | typeof OPENED {
    let wrapped = false;
    for (;;) {
      this.need(1);
      const at = this.pos;
      const t = this.buf[this.pos++]!;
      let v: PhpValue;
      if (t >= 0x06 && t <= 0x0b) v = this.int(t);
      else {
        switch (t) {
          case 0x00: v = null; break;
          case 0x04: v = false; break;
          case 0x05: v = true; break;
          case 0x20: case 0x21: v = this.int(t); break;
          case 0x0c: {
            this.need(8);
            const d = this.buf.readDoubleBE(this.pos);
            this.pos += 8;
            v = this.build ? new PhpFloat(d) : null;
            break;
          }
          case 0x0d: case 0x0e: case 0x0f: case 0x10: case 0x11: case 0x12: case 0x13: case 0x26: {
            const id = this.stringOf(t);
            v = this.build ? this.str(id) : null;
            break;
          }
          case 0x25: // ref: a slot for the wrapped value when it is a plain scalar
            wrapped = true;
            continue;
          default:
            if (t >= 0x14 && t <= 0x16) return this.array(this.uint(1 << (t - 0x14)), at);
            if (t >= 0x17 && t <= 0x19) return this.object(this.chars(1 << (t - 0x17)), at);
            if (t >= 0x1a && t <= 0x1c) return this.object(this.strId(1 << (t - 0x1a)), at);
            if (t >= 0x01 && t <= 0x03) return this.ref(this.uint(1 << (t - 0x01)), at);
            if (t >= 0x22 && t <= 0x24) return this.ref(this.uint(1 << (t - 0x22)), at);
            return this.unknown(t, at);
        }
      }
      if (wrapped) this.refs.push(this.build ? v : SKIPPED_VALUE);
      return v;
    }
  }

  private unknown(t: number, at: number): never {
    return fail('DECODE_SYNTAX', at, `unknown igbinary type 0x${t.toString(16).padStart(2, '0')}`);
  }

  private ref(n: number, at: number): PhpValue {
    if (n >= this.refs.length) fail('DECODE_REFERENCE', at, `no reference number ${n}`);
    return resolveSlot(this.refs[n]!, this.build);
  }

  /**
   * The key of an array entry, or with `asName` of a property (ints become their decimal
   * string, as igbinary does); undefined for a `null` key (no entry).
   */
  key(asName = false): PhpKey | undefined {
    this.need(1);
    const at = this.pos;
    const t = this.buf[this.pos++]!;
    if ((t >= 0x06 && t <= 0x0b) || t === 0x20 || t === 0x21) {
      const n = this.int(t);
      return asName ? String(n) : n;
    }
    if ((t >= 0x0d && t <= 0x13) || t === 0x26) {
      const id = this.stringOf(t);
      return !this.build ? '' : asName ? this.name(id) : this.str(id);
    }
    if (t === 0x00) return undefined;
    return fail('DECODE_KEY', at, `igbinary key type 0x${t.toString(16)}`);
  }

  /** An array of n entries whose head ends at pos: the empty array, or OPENED. */
  private array(n: number, at: number): PhpValue | typeof OPENED {
    if (n > this.end - this.pos) fail('DECODE_LENGTH', at + 1, `${n} elements cannot fit in ${this.end - this.pos} bytes`);
    const map: PhpArray | undefined = this.build ? new Map() : undefined;
    this.refs.push(map ?? SKIPPED_VALUE);
    if (n === 0) return map ?? null;
    this.enter(at);
    return this.open(map ?? null, false, n);
  }

  private open(holder: PhpValue, obj: boolean, n: number): typeof OPENED {
    this.opened = holder;
    this.openedObj = obj;
    this.openedCount = n;
    return OPENED;
  }

  private object(classId: number, at: number): PhpValue | typeof OPENED {
    const className = this.name(classId);
    this.need(1);
    const slot = this.refs.length;
    this.refs.push(SKIPPED_OBJECT);
    const t = this.buf[this.pos++]!;
    if (t >= 0x14 && t <= 0x16) {
      const n = this.uint(1 << (t - 0x14));
      if (n > this.end - this.pos) fail('DECODE_LENGTH', at, `${n} properties cannot fit`);
      const obj = this.build ? new PhpObject(className, new Map()) : undefined;
      if (obj) this.refs[slot] = obj;
      this.enter(at);
      if (n > 0) return this.open(obj ?? null, true, n);
      this.depth--;
      return obj ?? null;
    }
    let v: PhpValue;
    if (t >= 0x1d && t <= 0x1f) {
      const len = this.uint(1 << (t - 0x1d));
      if (len > this.end - this.pos) fail('DECODE_LENGTH', this.pos, `payload of ${len} bytes`);
      const s = this.pos;
      this.pos += len;
      v = this.build ? new PhpSerializable(className, new Uint8Array(this.buf.subarray(s, s + len))) : null;
    } else if (t === 0x27) {
      this.need(1);
      const ct = this.buf[this.pos++]!;
      if (!((ct >= 0x0e && ct <= 0x13) || ct === 0x26)) fail('DECODE_SYNTAX', this.pos - 1, 'enum case name must be a string');
      const id = this.stringOf(ct);
      v = this.build ? new PhpEnum(className, this.name(id)) : null;
    } else {
      return fail('DECODE_SYNTAX', this.pos - 1, `unknown igbinary object body 0x${t.toString(16)}`);
    }
    if (this.build) this.refs[slot] = v;
    return v;
  }
}
