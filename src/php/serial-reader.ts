/**
 * The value layer of PHP's unserialize grammar: `N; b: i: d: s: S: a: O: C: E: r: R:`, over a
 * SerialScanner (the lexical layer) and the object forms of serial-objects.ts.
 *
 * Iterative: the arrays and objects under construction live on an explicit stack, so nesting
 * is bounded only by `maxDepth`, never by the JS call stack.
 *
 * Back-references follow PHP's numbering: every value read gets the next 1-based slot (also
 * `r:`, enum cases and `C:` objects) — except `R:` itself and array/object keys. One reader is
 * one numbering context, so the `php` session serializer reuses it across variables.
 *
 * A `C:` payload is opaque here, but PHP numbers the values inside it when the application's
 * class unserializes it with unserialize() (its own choice, unknown to isauth). So once a
 * payload that looks like serialize() output has been read, a reference to any value after
 * that `C:` object could mean another value in PHP: it is refused
 * (DECODE_AMBIGUOUS_REFERENCE) instead of guessed. References up to the `C:` object stay.
 *
 * Skipping (`build = false`) and the NeedsFullDecode signal: see slots.ts. Recording every
 * value for back-references costs time and most sessions have none, so a reader made with
 * `track = false` only parses; its first `R:`/`r:` throws NeedsSlots and `readSerial` starts
 * over with a recording reader.
 */
import { bytesToName, bytesToValue, CACHE_MAX_LEN, fail, LongStrings } from './bytes.js';
import type { Bytes } from './bytes.js';
import { numericKey } from './int64.js';
import { escapedString } from './serial-escaped.js';
import { floatAt } from './serial-float.js';
import { customObject, enumCase, holdsSerialized, objectHead } from './serial-objects.js';
import { SerialScanner } from './serial-scanner.js';
import { NeedsSlots, resolveSlot, SKIPPED_OBJECT, SKIPPED_VALUE } from './slots.js';
import type { Slot } from './slots.js';
import { PhpEnum, PhpFloat, PhpObject, PhpSerializable } from './types.js';
import type { PhpArray, PhpKey, PhpValue } from './types.js';

const SEMI = 0x3b;
const RBRACE = 0x7d;

function isObjectish(v: Slot): boolean {
  return v instanceof PhpObject || v instanceof PhpSerializable || v instanceof PhpEnum || v === SKIPPED_OBJECT;
}

export class SerialReader {
  readonly cur: SerialScanner;
  readonly slots: Slot[] = [];
  /** Nesting levels already open around the next value() (counted against maxDepth). */
  depth = 0;
  /** false → validate and number values without building them (see slots.ts). */
  build = true;
  /** The number of the first `C:` object whose payload looks serialized: references past it are ambiguous. */
  private shiftAfter = Infinity;
  private readonly longs: LongStrings;
  /** The open containers around the innermost one, 4 entries each (see value()). */
  private readonly frames: unknown[] = [];

  constructor(buf: Bytes, readonly maxDepth: number, readonly track: boolean) {
    this.cur = new SerialScanner(buf);
    this.longs = new LongStrings(buf);
  }

  /** Read one value at `cur.pos`. */
  value(): PhpValue {
    const { cur, slots, build, maxDepth, frames, track } = this;
    const buf = cur.buf;
    // The innermost open container is in the locals; the ones around it in `frames`.
    let sp = 0;
    let holder: PhpValue = null;
    let entries: Map<PhpKey, PhpValue> | undefined;
    let inObj = false;
    let left = 0;
    let key: PhpKey = 0;
    let depth = this.depth;
    for (;;) {
      const p = cur.pos;
      const t = buf[p];
      let v: PhpValue;
      if (t === 0x73) {
        cur.strAt(p);
        if (build) {
          const s = cur.s0;
          const e = cur.s1;
          v = e - s > CACHE_MAX_LEN ? this.longs.slice(s, e) : bytesToValue(buf, s, e);
        } else v = null;
        if (track) slots.push(build ? v : SKIPPED_VALUE);
      } else if (t === 0x69) {
        v = cur.intAt(p);
        if (track) slots.push(build ? v : SKIPPED_VALUE);
      } else if (t === 0x64) {
        const d = floatAt(cur, p);
        v = build ? new PhpFloat(d) : null;
        if (track) slots.push(build ? v : SKIPPED_VALUE);
      } else if (t === 0x61 || t === 0x4f) {
        const isObj = t === 0x4f;
        const n = isObj ? objectHead(cur, p) : cur.arrayHead(p);
        let h: PhpValue = null;
        if (isObj) {
          if (build) h = new PhpObject(bytesToName(buf, cur.s0, cur.s1), new Map());
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
        cur.close();
        v = h;
      } else {
        v = this.other(p, t);
      }
      // Store v in the innermost container; close every container this completes.
      for (;;) {
        if (sp === 0) return v;
        if (entries !== undefined) entries.set(key, v);
        if (--left > 0) break;
        cur.close();
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

  /** An array key: `i:` or `s:`/`S:` (numeric strings become ints, as PHP does). */
  key(): PhpKey {
    const { cur } = this;
    const buf = cur.buf;
    const p = cur.pos;
    const t = buf[p];
    if (t === 0x73) {
      cur.strAt(p);
      if (!this.build) return 0;
      const s = cur.s0;
      const c = buf[s]!; // the closing quote when the string is empty
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
        const k = numericKey(buf, s, cur.s1);
        if (k !== undefined) return k;
      }
      return bytesToValue(buf, s, cur.s1);
    }
    if (t === 0x69) return cur.intAt(p);
    this.keyType(p);
    const raw = escapedString(cur, p);
    return numericKey(raw, 0, raw.length) ?? bytesToValue(raw, 0, raw.length);
  }

  /** A property name: `s:`/`S:` as is, `i:` turned into its decimal string (as PHP does). */
  private propKey(): string {
    const { cur } = this;
    const p = cur.pos;
    const t = cur.buf[p];
    if (t === 0x73) {
      cur.strAt(p);
      return this.build ? bytesToName(cur.buf, cur.s0, cur.s1) : '';
    }
    if (t === 0x69) return String(cur.intAt(p));
    this.keyType(p);
    const raw = escapedString(cur, p);
    return bytesToName(raw, 0, raw.length);
  }

  /** Throws unless the byte at p starts a key (`i:`, `s:`, `S:`). */
  private keyType(p: number): void {
    const { cur } = this;
    if (p >= cur.end) fail('DECODE_TRUNCATED', cur.end, 'expected a key');
    const t = cur.buf[p]!;
    if (t === 0x69 || t === 0x73 || t === 0x53) return;
    if ('NbdaOCErR'.includes(String.fromCharCode(t))) fail('DECODE_KEY', p, 'keys must be int or string');
    fail('DECODE_SYNTAX', p, t === RBRACE ? 'fewer elements than declared' : 'expected a key');
  }

  /** Every value but `s: i: d: a: O:` (and every error at a value's first byte). */
  private other(p: number, t: number | undefined): PhpValue {
    const { cur, build, track } = this;
    if (p >= cur.end) fail('DECODE_TRUNCATED', cur.end, 'expected a value');
    if (t === 0x52) return this.backRef(p, true); // R: is not numbered
    if (t === 0x72 && !track) throw new NeedsSlots();
    const slot = this.slots.length;
    if (track) this.slots.push(null);
    let v: PhpValue;
    switch (t) {
      case 0x4e: // N;
        cur.expect(p + 1, SEMI);
        cur.pos = p + 2;
        v = null;
        break;
      case 0x62: { // b:0; b:1;
        cur.expect(p + 1, 0x3a);
        if (p + 2 >= cur.end) fail('DECODE_TRUNCATED', cur.end, 'expected 0 or 1');
        const c = cur.buf[p + 2];
        if (c !== 0x30 && c !== 0x31) fail('DECODE_SYNTAX', p + 2, 'expected 0 or 1');
        cur.expect(p + 3, SEMI);
        cur.pos = p + 4;
        v = c === 0x31;
        break;
      }
      case 0x53: { // S: (escaped)
        const raw = escapedString(cur, p);
        v = build ? bytesToValue(raw, 0, raw.length) : null;
        break;
      }
      case 0x43:
        v = customObject(cur, p, build);
        if (track && this.shiftAfter === Infinity && holdsSerialized(cur.buf, cur.s0, cur.s1)) this.shiftAfter = slot + 1;
        break;
      case 0x45:
        v = enumCase(cur, p, build);
        break;
      case 0x72:
        v = this.backRef(p, false);
        break;
      default:
        return fail('DECODE_SYNTAX', p, t === RBRACE ? 'fewer elements than declared' : 'unknown value type');
    }
    if (track) this.slots[slot] = build ? v : t === 0x43 || t === 0x45 || t === 0x72 ? SKIPPED_OBJECT : SKIPPED_VALUE;
    return v;
  }

  /** `R:<n>;` (reference, any value) or `r:<n>;` (object copy, must be an object). */
  private backRef(p: number, isR: boolean): PhpValue {
    if (!this.track) throw new NeedsSlots();
    const { cur } = this;
    cur.expect(p + 1, 0x3a);
    const n = cur.uiv(p + 2);
    cur.expect(cur.pos, SEMI);
    cur.pos++;
    if (n > this.shiftAfter) {
      fail('DECODE_AMBIGUOUS_REFERENCE', p, `${isR ? 'R' : 'r'}:${n} points past the C: object number ${this.shiftAfter}, whose payload PHP may number`);
    }
    if (n < 1 || n > this.slots.length) fail('DECODE_REFERENCE', p, `no value number ${n}`);
    const target = this.slots[n - 1]!;
    if (!isR && !isObjectish(target)) fail('DECODE_REFERENCE', p, `r:${n} does not point to an object`);
    return resolveSlot(target, this.build);
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
