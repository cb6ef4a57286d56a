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
import { bytesToName, bytesToValue, CACHE_MAX_LEN, fail, numericKey } from './bytes.js';
import type { Bytes } from './bytes.js';
import { escapedString } from './serial-escaped.js';
import { SerialValues } from './serial-values.js';
import { PhpFloat, PhpObject } from './types.js';
import type { PhpArray, PhpKey, PhpValue } from './types.js';

export { NeedsFullDecode, NeedsSlots, SKIPPED_OBJECT, SKIPPED_VALUE } from './serial-values.js';
import { NeedsSlots, SKIPPED_OBJECT, SKIPPED_VALUE } from './serial-values.js';

const RBRACE = 0x7d;

export class SerialReader extends SerialValues {
  /** The open containers around the innermost one, 4 entries each (see value()). */
  private readonly frames: unknown[] = [];

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
        if (build) {
          const s = this.s0;
          const e = this.s1;
          v = e - s > CACHE_MAX_LEN ? this.longStr(s, e) : bytesToValue(buf, s, e);
        } else v = null;
        if (track) slots.push(build ? v : SKIPPED_VALUE);
      } else if (t === 0x69) {
        v = this.intAt(p);
        if (track) slots.push(build ? v : SKIPPED_VALUE);
      } else if (t === 0x64) {
        const d = this.floatAt(p);
        v = build ? new PhpFloat(d) : null;
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
