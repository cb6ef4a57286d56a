/**
 * The pickle opcode table and a cursor that steps over one opcode and its argument, checking every
 * declared length against the bytes left. Shared by the pre-scan (which refuses forbidden opcodes
 * before anything is built) and the builder (pickle.ts).
 *
 * Source of truth: CPython's Lib/pickletools.py (protocols 0–5). Opcodes fall in four groups:
 * READ (data: scalars, containers, memo, framing), UNSUPPORTED (known, harmless, but never written
 * by Django's cache backends: Python 2 str, protocol 0 unicode, out-of-band buffers), FORBIDDEN
 * (anything that names a class or calls code), and unknown bytes.
 */
import { DecodeError } from '../../errors.js';

/** How an opcode's argument is laid out: a fixed size, a little-endian length prefix, or a text line. */
type Arg = { fixed: number } | { prefix: 1 | 4 | 8 } | 'line';

const NONE: Arg = { fixed: 0 };
const LINE: Arg = 'line';
const f = (n: number): Arg => ({ fixed: n });
const p = (n: 1 | 4 | 8): Arg => ({ prefix: n });
const ch = (s: string): number => s.charCodeAt(0);

/** Opcodes that name a class, call a callable or reach outside the pickle. */
export const FORBIDDEN: ReadonlyMap<number, string> = new Map([
  [ch('c'), 'GLOBAL'],
  [0x93, 'STACK_GLOBAL'],
  [ch('R'), 'REDUCE'],
  [ch('b'), 'BUILD'],
  [ch('i'), 'INST'],
  [ch('o'), 'OBJ'],
  [0x81, 'NEWOBJ'],
  [0x92, 'NEWOBJ_EX'],
  [0x82, 'EXT1'],
  [0x83, 'EXT2'],
  [0x84, 'EXT4'],
  [ch('P'), 'PERSID'],
  [ch('Q'), 'BINPERSID'],
]);

/** Known opcodes this decoder does not read (none can run code, but Django never writes them). */
export const UNSUPPORTED: ReadonlyMap<number, Arg> = new Map([
  [ch('S'), LINE], // STRING (Python 2 str, protocol 0)
  [ch('T'), p(4)], // BINSTRING
  [ch('U'), p(1)], // SHORT_BINSTRING
  [ch('V'), LINE], // UNICODE (raw-unicode-escape, protocol 0)
  [0x97, NONE], // NEXT_BUFFER (out-of-band, protocol 5)
  [0x98, NONE], // READONLY_BUFFER
]);

export const OP = {
  MARK: ch('('), STOP: ch('.'), POP: ch('0'), POP_MARK: ch('1'), DUP: ch('2'),
  NONE: ch('N'), NEWTRUE: 0x88, NEWFALSE: 0x89,
  INT: ch('I'), BININT: ch('J'), BININT1: ch('K'), BININT2: ch('M'), LONG: ch('L'), LONG1: 0x8a, LONG4: 0x8b,
  FLOAT: ch('F'), BINFLOAT: ch('G'),
  BINUNICODE: ch('X'), SHORT_BINUNICODE: 0x8c, BINUNICODE8: 0x8d,
  BINBYTES: ch('B'), SHORT_BINBYTES: ch('C'), BINBYTES8: 0x8e, BYTEARRAY8: 0x96,
  EMPTY_LIST: ch(']'), APPEND: ch('a'), APPENDS: ch('e'), LIST: ch('l'),
  EMPTY_TUPLE: ch(')'), TUPLE: ch('t'), TUPLE1: 0x85, TUPLE2: 0x86, TUPLE3: 0x87,
  EMPTY_DICT: ch('}'), DICT: ch('d'), SETITEM: ch('s'), SETITEMS: ch('u'),
  EMPTY_SET: 0x8f, ADDITEMS: 0x90, FROZENSET: 0x91,
  PUT: ch('p'), BINPUT: ch('q'), LONG_BINPUT: ch('r'), GET: ch('g'), BINGET: ch('h'), LONG_BINGET: ch('j'), MEMOIZE: 0x94,
  PROTO: 0x80, FRAME: 0x95,
} as const;

const READ = new Map<number, Arg>([
  [OP.PROTO, f(1)], [OP.FRAME, f(8)],
  [OP.BININT, f(4)], [OP.BININT1, f(1)], [OP.BININT2, f(2)], [OP.LONG1, p(1)], [OP.LONG4, p(4)],
  [OP.INT, LINE], [OP.LONG, LINE], [OP.FLOAT, LINE], [OP.BINFLOAT, f(8)],
  [OP.BINUNICODE, p(4)], [OP.SHORT_BINUNICODE, p(1)], [OP.BINUNICODE8, p(8)],
  [OP.BINBYTES, p(4)], [OP.SHORT_BINBYTES, p(1)], [OP.BINBYTES8, p(8)], [OP.BYTEARRAY8, p(8)],
  [OP.PUT, LINE], [OP.BINPUT, f(1)], [OP.LONG_BINPUT, f(4)], [OP.GET, LINE], [OP.BINGET, f(1)], [OP.LONG_BINGET, f(4)],
]);
for (const op of [
  OP.MARK, OP.STOP, OP.POP, OP.POP_MARK, OP.DUP, OP.NONE, OP.NEWTRUE, OP.NEWFALSE, OP.EMPTY_LIST, OP.APPEND,
  OP.APPENDS, OP.LIST, OP.EMPTY_TUPLE, OP.TUPLE, OP.TUPLE1, OP.TUPLE2, OP.TUPLE3, OP.EMPTY_DICT, OP.DICT,
  OP.SETITEM, OP.SETITEMS, OP.EMPTY_SET, OP.ADDITEMS, OP.FROZENSET, OP.MEMOIZE,
]) READ.set(op, NONE);

/** Longest text line (protocol 0 INT/LONG/FLOAT/PUT/GET) we accept: Python's int digit limit. */
const MAX_LINE = 4400;

/**
 * Steps through opcodes. After `next()`: `op` is the opcode at `at`, and its argument is
 * `bytes[argStart, argEnd)` (for a length-prefixed argument: the payload, without the prefix;
 * for a line: without the newline).
 */
export class OpCursor {
  pos = 0;
  at = 0;
  op = 0;
  argStart = 0;
  argEnd = 0;
  constructor(readonly bytes: Uint8Array) {}

  fail(code: 'DECODE_TRUNCATED' | 'DECODE_LENGTH' | 'DECODE_SYNTAX' | 'DECODE_FORBIDDEN' | 'DECODE_UNSUPPORTED', detail?: string): never {
    throw new DecodeError(code, this.at, detail);
  }

  /** Read the next opcode and locate its argument. Throws on forbidden/unknown opcodes and bad lengths. */
  next(): void {
    const b = this.bytes;
    this.at = this.pos;
    if (this.pos >= b.length) this.fail('DECODE_TRUNCATED', 'no STOP opcode');
    const op = b[this.pos++]!;
    this.op = op;
    const forbidden = FORBIDDEN.get(op);
    if (forbidden !== undefined) this.fail('DECODE_FORBIDDEN', `pickle opcode ${forbidden} names a class or calls code; refused`);
    const arg = READ.get(op) ?? UNSUPPORTED.get(op);
    if (arg === undefined) this.fail('DECODE_SYNTAX', `unknown pickle opcode 0x${op.toString(16)}`);
    if (arg === 'line') {
      const limit = Math.min(b.length, this.pos + MAX_LINE + 1);
      let nl = this.pos;
      while (nl < limit && b[nl] !== 0x0a) nl++;
      if (nl >= limit) this.fail(limit === b.length ? 'DECODE_TRUNCATED' : 'DECODE_LENGTH', 'text argument without newline');
      this.argStart = this.pos;
      this.argEnd = nl;
      this.pos = nl + 1;
      return;
    }
    let len: number;
    if ('fixed' in arg) {
      len = arg.fixed;
    } else {
      len = this.uint(arg.prefix);
    }
    const left = b.length - this.pos;
    if (len > left) this.fail('fixed' in arg ? 'DECODE_TRUNCATED' : 'DECODE_LENGTH', `argument of ${len} bytes, ${left} left`);
    this.argStart = this.pos;
    this.argEnd = this.pos + len;
    this.pos += len;
  }

  /** An unsigned little-endian length prefix of n bytes, consumed. */
  private uint(n: 1 | 4 | 8): number {
    const b = this.bytes;
    if (b.length - this.pos < n) this.fail('DECODE_TRUNCATED');
    let v = 0;
    for (let k = n - 1; k >= 0; k--) {
      v = v * 256 + b[this.pos + k]!;
      if (v > b.length) this.fail('DECODE_LENGTH', 'length larger than the data');
    }
    this.pos += n;
    return v;
  }

  /** The argument as an unsigned little-endian integer (fixed 1/2/4-byte arguments). */
  argUint(): number {
    let v = 0;
    for (let k = this.argEnd - 1; k >= this.argStart; k--) v = v * 256 + this.bytes[k]!;
    return v;
  }

  /** The argument as latin-1 text (protocol 0 lines). */
  argText(): string {
    let s = '';
    for (let k = this.argStart; k < this.argEnd; k++) s += String.fromCharCode(this.bytes[k]!);
    return s;
  }
}

/**
 * Walk every opcode up to STOP without building anything: refuses forbidden opcodes anywhere in the
 * pickle (even after a problem the builder would meet first), bad lengths, unknown opcodes and
 * trailing bytes.
 */
export function prescan(bytes: Uint8Array): void {
  const c = new OpCursor(bytes);
  do c.next();
  while (c.op !== OP.STOP);
  if (c.pos !== bytes.length) {
    throw new DecodeError('DECODE_TRAILING', c.pos, 'bytes after the pickle STOP opcode');
  }
}
