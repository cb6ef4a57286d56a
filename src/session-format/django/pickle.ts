/**
 * A strict, data-only pickle reader for what Django's cache backends store: `pickle.dumps(dict)`
 * by PyMemcacheCache (protocol 5) and django-redis (protocol 4), protocols 2 and 3 too, and the
 * text opcodes of 0/1 for ints, floats and the memo.
 *
 * Output is the value model of src/php/types.ts: dict → Map (str keys → string, int keys →
 * number/bigint, bytes keys → PhpBytes; any other key → DECODE_KEY), list / tuple / set /
 * frozenset → Map with int keys 0..n-1, str → string (PhpBytes when not valid UTF-8, e.g. a lone
 * surrogate), bytes / bytearray → PhpBytes, int → number or bigint (LONG1/LONG4 exact), float →
 * PhpFloat, bool, None → null. The pickled top level must be a dict (a session).
 *
 * Safety:
 * - Before anything is built, a pre-scan (pickle-ops.ts) walks every opcode to STOP: any opcode
 *   that could name a class or call code (GLOBAL, STACK_GLOBAL, REDUCE, BUILD, INST, OBJ, NEWOBJ,
 *   NEWOBJ_EX, EXT1/2/4, PERSID, BINPERSID) → DECODE_FORBIDDEN wherever it is; unknown opcodes →
 *   DECODE_SYNTAX; every length is checked against the bytes left (DECODE_LENGTH), so no
 *   allocation exceeds the input's size. Bytes after STOP → DECODE_TRAILING (Python ignores them;
 *   Django never writes them).
 * - The machine is a loop over a heap stack: no recursion. Depth: each container records its
 *   height (non-empty containers count one level, as for the PHP decoders, src/php/options.ts);
 *   placing a value into a container updates the height, and more than `maxDepth` → DECODE_DEPTH.
 *   So that a recorded height stays true, a container that has been placed into another is
 *   sealed: changing it afterwards (which the memo would allow, and which is how a pickle builds
 *   cycles or hides depth) → DECODE_UNSUPPORTED. Python's pickler never does this for acyclic data.
 *
 * No maintained npm package reads pickles this way: `pickleparser` and similar model classes and
 * call registered constructors, so this is our own (~250 lines, opcode semantics from CPython's
 * Lib/pickletools.py).
 */
import { DecodeError } from '../../errors.js';
import { normInt } from '../../php/int64.js';
import { resolveMaxDepth } from '../../php/options.js';
import { PhpBytes, PhpFloat, type PhpArray, type PhpKey, type PhpSession, type PhpValue } from '../../php/types.js';
import { OP, OpCursor, prescan } from './pickle-ops.js';

const MAX_LONG_BYTES = 8192;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What a container was built as; `tuple` covers frozenset too (both immutable). */
type Kind = 'list' | 'dict' | 'set' | 'tuple';
interface Meta {
  readonly kind: Kind;
  height: number;
  sealed: boolean;
}

const MARK = Symbol('mark');
type Slot = PhpValue | typeof MARK;

/** Little-endian two's complement → integer (LONG1/LONG4). */
function longLE(b: Uint8Array, start: number, end: number): number | bigint {
  if (end === start) return 0;
  let hex = '';
  for (let k = end - 1; k >= start; k--) hex += b[k]!.toString(16).padStart(2, '0');
  let v = BigInt('0x' + hex);
  if (b[end - 1]! & 0x80) v -= 1n << BigInt((end - start) * 8);
  return normInt(v);
}

const DEC_INT = /^[+-]?\d+$/;
const DEC_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_FLOAT: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN };

class Machine {
  private readonly stack: Slot[] = [];
  private readonly memo = new Map<number, PhpValue>();
  private readonly meta = new Map<PhpArray, Meta>();
  private readonly c: OpCursor;

  constructor(
    bytes: Uint8Array,
    private readonly maxDepth: number,
  ) {
    this.c = new OpCursor(bytes);
  }

  private fail(code: 'DECODE_SYNTAX' | 'DECODE_NUMBER' | 'DECODE_KEY' | 'DECODE_REFERENCE' | 'DECODE_DEPTH' | 'DECODE_UNSUPPORTED', detail?: string): never {
    throw new DecodeError(code, this.c.at, detail);
  }

  private container(kind: Kind): PhpArray {
    const m: PhpArray = new Map();
    this.meta.set(m, { kind, height: 0, sealed: false });
    return m;
  }

  private pop(): PhpValue {
    const v = this.stack.pop();
    if (v === undefined || v === MARK) this.fail('DECODE_SYNTAX', 'pickle stack underflow');
    return v;
  }

  private top(): PhpValue {
    const v = this.stack[this.stack.length - 1];
    if (v === undefined || v === MARK) this.fail('DECODE_SYNTAX', 'pickle stack underflow');
    return v;
  }

  /** The items pushed since the last MARK, removed with the mark. */
  private popMark(): PhpValue[] {
    const s = this.stack;
    const at = s.lastIndexOf(MARK);
    if (at < 0) this.fail('DECODE_SYNTAX', 'no MARK on the pickle stack');
    const items = s.splice(at) as PhpValue[];
    items.shift();
    return items;
  }

  /** The container `kind` at the top of the stack (target of APPEND/SETITEM/ADDITEMS), unsealed. */
  private target(kind: Kind): PhpArray {
    const t = this.top();
    const m = t instanceof Map ? this.meta.get(t) : undefined;
    if (m === undefined || m.kind !== kind) {
      this.fail('DECODE_SYNTAX', `the pickle adds items to something that is not a ${kind}`);
    }
    if (m.sealed) this.fail('DECODE_UNSUPPORTED', 'a container changed after it was placed in another (cycles are not read)');
    return t as PhpArray;
  }

  /** Put `value` under `key` in `parent`, sealing it and updating the parent's height. */
  private place(parent: PhpArray, key: PhpKey, value: PhpValue): void {
    let h = 1;
    if (value instanceof Map) {
      if (value === parent) this.fail('DECODE_UNSUPPORTED', 'a container that contains itself');
      const m = this.meta.get(value)!;
      m.sealed = true;
      h = m.height + 1;
    }
    const pm = this.meta.get(parent)!;
    if (h > pm.height) {
      if (h > this.maxDepth) this.fail('DECODE_DEPTH');
      pm.height = h;
    }
    parent.set(key, value);
  }

  private sequence(kind: Kind, items: PhpValue[]): PhpArray {
    const m = this.container(kind);
    for (const v of items) this.place(m, m.size, v);
    return m;
  }

  private dictKey(k: PhpValue): PhpKey {
    if (typeof k === 'string' || typeof k === 'number' || typeof k === 'bigint' || k instanceof PhpBytes) return k;
    return this.fail('DECODE_KEY', 'a dict key that is not str, int or bytes');
  }

  private setItems(items: PhpValue[]): void {
    if (items.length % 2 !== 0) this.fail('DECODE_SYNTAX', 'odd number of items for SETITEMS');
    const d = this.target('dict');
    for (let k = 0; k < items.length; k += 2) this.place(d, this.dictKey(items[k]!), items[k + 1]!);
  }

  private appendItems(kind: Kind, items: PhpValue[]): void {
    const l = this.target(kind);
    for (const v of items) this.place(l, l.size, v);
  }

  private text(): PhpValue {
    const c = this.c;
    const raw = c.bytes.subarray(c.argStart, c.argEnd);
    try {
      return utf8.decode(raw);
    } catch {
      return new PhpBytes(raw.slice());
    }
  }

  private lineInt(): number | bigint | boolean {
    const t = this.c.argText();
    if (this.c.op === OP.INT && (t === '00' || t === '01')) return t === '01';
    const digits = this.c.op === OP.LONG && t.endsWith('L') ? t.slice(0, -1) : t;
    if (!DEC_INT.test(digits)) this.fail('DECODE_NUMBER');
    return normInt(BigInt(digits));
  }

  private lineFloat(): PhpFloat {
    const t = this.c.argText();
    const special = SPECIAL_FLOAT[t];
    if (special !== undefined) return new PhpFloat(special);
    if (!DEC_FLOAT.test(t)) this.fail('DECODE_NUMBER');
    return new PhpFloat(Number(t));
  }

  private memoIndex(): number {
    const c = this.c;
    if (c.op === OP.PUT || c.op === OP.GET) {
      const t = c.argText();
      if (!/^\d{1,9}$/.test(t)) this.fail('DECODE_SYNTAX', 'bad memo index');
      return Number(t);
    }
    return c.argUint();
  }

  /** One opcode's effect; returns true at STOP. */
  private step(): boolean {
    const c = this.c;
    const b = c.bytes;
    const s = this.stack;
    c.next();
    switch (c.op) {
      case OP.STOP: return true;
      case OP.PROTO: if (b[c.argStart]! > 5) this.fail('DECODE_UNSUPPORTED', 'pickle protocol above 5'); break;
      case OP.FRAME: break; // lengths are checked per opcode; frames carry no meaning of their own
      case OP.MARK: s.push(MARK); break;
      case OP.POP: this.pop(); break;
      case OP.POP_MARK: this.popMark(); break;
      case OP.DUP: s.push(this.top()); break;
      case OP.NONE: s.push(null); break;
      case OP.NEWTRUE: s.push(true); break;
      case OP.NEWFALSE: s.push(false); break;
      case OP.BININT1: case OP.BININT2: s.push(c.argUint()); break;
      case OP.BININT: s.push(Buffer.from(b.buffer, b.byteOffset + c.argStart, 4).readInt32LE(0)); break;
      case OP.LONG1: case OP.LONG4:
        if (c.argEnd - c.argStart > MAX_LONG_BYTES) this.fail('DECODE_NUMBER', 'integer too large');
        s.push(longLE(b, c.argStart, c.argEnd));
        break;
      case OP.INT: case OP.LONG: s.push(this.lineInt()); break;
      case OP.FLOAT: s.push(this.lineFloat()); break;
      case OP.BINFLOAT: s.push(new PhpFloat(Buffer.from(b.buffer, b.byteOffset + c.argStart, 8).readDoubleBE(0))); break;
      case OP.BINUNICODE: case OP.SHORT_BINUNICODE: case OP.BINUNICODE8: s.push(this.text()); break;
      case OP.BINBYTES: case OP.SHORT_BINBYTES: case OP.BINBYTES8: case OP.BYTEARRAY8:
        s.push(new PhpBytes(b.slice(c.argStart, c.argEnd)));
        break;
      case OP.EMPTY_LIST: s.push(this.container('list')); break;
      case OP.EMPTY_DICT: s.push(this.container('dict')); break;
      case OP.EMPTY_SET: s.push(this.container('set')); break;
      case OP.EMPTY_TUPLE: s.push(this.container('tuple')); break;
      case OP.LIST: s.push(this.sequence('list', this.popMark())); break;
      case OP.TUPLE: s.push(this.sequence('tuple', this.popMark())); break;
      case OP.FROZENSET: s.push(this.sequence('tuple', this.popMark())); break; // immutable, like a tuple
      case OP.TUPLE1: case OP.TUPLE2: case OP.TUPLE3: {
        const n = c.op - OP.TUPLE1 + 1;
        const items: PhpValue[] = [];
        for (let k = 0; k < n; k++) items.unshift(this.pop());
        s.push(this.sequence('tuple', items));
        break;
      }
      case OP.DICT: {
        const items = this.popMark();
        s.push(this.container('dict'));
        this.setItems(items);
        break;
      }
      case OP.APPEND: { const v = this.pop(); this.appendItems('list', [v]); break; }
      case OP.APPENDS: this.appendItems('list', this.popMark()); break;
      case OP.ADDITEMS: this.appendItems('set', this.popMark()); break;
      case OP.SETITEM: { const v = this.pop(); const k = this.pop(); this.setItems([k, v]); break; }
      case OP.SETITEMS: this.setItems(this.popMark()); break;
      case OP.PUT: case OP.BINPUT: case OP.LONG_BINPUT: this.memo.set(this.memoIndex(), this.top()); break;
      case OP.MEMOIZE: this.memo.set(this.memo.size, this.top()); break;
      case OP.GET: case OP.BINGET: case OP.LONG_BINGET: {
        const v = this.memo.get(this.memoIndex());
        if (v === undefined) this.fail('DECODE_REFERENCE', 'memo entry that was never stored');
        s.push(v);
        break;
      }
      default: this.fail('DECODE_UNSUPPORTED', `pickle opcode 0x${c.op.toString(16)} is not read`);
    }
    return false;
  }

  run(): PhpSession {
    while (!this.step()) { /* next opcode */ }
    const result = this.stack.length === 1 ? this.stack[0] : undefined;
    const m = result instanceof Map ? this.meta.get(result) : undefined;
    if (m === undefined || m.kind !== 'dict') this.fail('DECODE_SYNTAX', 'the pickle is not a single dict');
    return result as PhpSession;
  }
}

/** Pickled dict bytes → a session (Map). Throws DecodeError; never builds or calls a class. */
export function unpickle(bytes: Uint8Array, maxDepth?: number): PhpSession {
  prescan(bytes);
  return new Machine(bytes, resolveMaxDepth(maxDepth === undefined ? undefined : { maxDepth })).run();
}
