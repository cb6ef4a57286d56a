/**
 * JSON sessions (Django's JSONSerializer, and any framework that stores a JSON object) → the one
 * value model of src/php/types.ts:
 *
 * - object → Map with string keys in document order (a repeated key keeps its first position and
 *   its last value, as Python's dict and PHP's json_decode do); array → Map with int keys 0..n-1;
 * - integer literal → number, or bigint outside the safe range (parsed exactly); a literal with a
 *   fraction or exponent → PhpFloat (so Python's `1.0` stays a float); `NaN`, `Infinity` and
 *   `-Infinity`, which Python's json writes and reads, → PhpFloat too;
 * - strings (escapes decoded, lone surrogates kept like Python), true/false/null.
 *
 * The top level must be an object (a session is a dict), or `[]`, PHP's json_encode of an empty
 * session: anything else is DECODE_SYNTAX.
 * `maxDepth` means what it means for the PHP decoders (src/php/options.ts): a level for every
 * non-empty object or array, the top-level object included (like php_serialize's outer array);
 * deeper → DECODE_DEPTH, detected while reading, before the deeper levels are built.
 *
 * Why not JSON.parse (measured on Node 20: it does not overflow on 100,000 levels and parses them
 * in ~20 ms): it cannot keep `1.0` apart from `1`, rounds big integers, rejects Python's NaN and
 * Infinity, and would build the whole bomb before a depth check could run. So this is a small
 * iterative reader of its own: the open containers live on a heap array, never on the JS stack.
 * Byte input is decoded as strict UTF-8; a caller with another charset passes a string
 * (Django reads its JSON as latin-1). Error offsets are character indexes into that string.
 */
import { DecodeError, type ErrorCode } from '../errors.js';
import { normInt } from '../php/int64.js';
import { resolveMaxDepth } from '../php/options.js';
import { PhpFloat, type PhpArray, type PhpSession, type PhpValue } from '../php/types.js';
import type { SessionFormat } from './types.js';

/** `[]` and JSON whitespace, nothing else. */
const EMPTY_LIST = /^\[[ \t\n\r]*\][ \t\n\r]*$/;

/** Python refuses integers of more digits than this (sys.int_max_str_digits); so do we. */
const MAX_INT_DIGITS = 4300;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const enum C {
  Quote = 0x22,
  Comma = 0x2c,
  Minus = 0x2d,
  Colon = 0x3a,
  LBrack = 0x5b,
  Backslash = 0x5c,
  RBrack = 0x5d,
  LBrace = 0x7b,
  RBrace = 0x7d,
}

interface Frame {
  readonly map: PhpArray;
  readonly obj: boolean;
  key: string | number;
}

const LITERALS: ReadonlyArray<readonly [string, PhpValue]> = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', new PhpFloat(NaN)],
  ['Infinity', new PhpFloat(Infinity)],
  ['-Infinity', new PhpFloat(-Infinity)],
];
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  fail(code: ErrorCode, detail?: string): never {
    if (code === 'DECODE_SYNTAX' && this.i >= this.s.length) code = 'DECODE_TRUNCATED';
    throw new DecodeError(code, this.i, detail);
  }

  /** Skip JSON whitespace; returns the code unit there (NaN at the end). */
  ws(): number {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++this.i);
    return c;
  }

  string(): string {
    const s = this.s;
    if (s.charCodeAt(this.i) !== C.Quote) this.fail('DECODE_SYNTAX', 'expected a string');
    let out = '';
    let start = ++this.i;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === C.Quote) {
        out += s.slice(start, this.i++);
        return out;
      }
      if (c === C.Backslash) {
        out += s.slice(start, this.i);
        const e = s[this.i + 1];
        if (e === 'u') {
          const hex = s.slice(this.i + 2, this.i + 6);
          if (!HEX4.test(hex)) this.fail('DECODE_SYNTAX', 'bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 6;
        } else {
          const r = e === undefined ? undefined : ESCAPES[e];
          if (r === undefined) this.fail('DECODE_SYNTAX', 'bad escape');
          out += r;
          this.i += 2;
        }
        start = this.i;
      } else if (c < 0x20 || Number.isNaN(c)) {
        this.fail('DECODE_SYNTAX', 'control character or end inside a string');
      } else {
        this.i++;
      }
    }
  }

  /** A number or a literal at this.i (not a container). */
  scalar(): PhpValue {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === C.Quote) return this.string();
    for (const [word, value] of LITERALS) {
      if (s.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    if (c !== C.Minus && !(c >= 0x30 && c <= 0x39)) this.fail('DECODE_SYNTAX');
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(s);
    if (!m) this.fail('DECODE_NUMBER');
    const text = m[0];
    if (m[1] !== undefined || m[2] !== undefined) {
      this.i += text.length;
      return new PhpFloat(Number(text));
    }
    if (text.length > MAX_INT_DIGITS + 1) this.fail('DECODE_NUMBER', 'integer with too many digits');
    this.i += text.length;
    if (text.length < 16) return Number(text);
    return normInt(BigInt(text));
  }

  /** `"key" :` then whitespace, at the start of an object member. */
  key(f: Frame): void {
    f.key = this.string();
    if (this.ws() !== C.Colon) this.fail('DECODE_SYNTAX', 'expected ":"');
    this.i++;
    this.ws();
  }
}

/** JSON text or UTF-8 bytes of an object → a session (Map). Throws DecodeError. */
export function jsonToPhp(input: string | Uint8Array, maxDepth?: number): PhpSession {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = utf8.decode(input);
    } catch {
      throw new DecodeError('DECODE_SYNTAX', 0, 'JSON bytes that are not valid UTF-8');
    }
  }
  const limit = resolveMaxDepth(maxDepth === undefined ? undefined : { maxDepth });
  const r = new Reader(text);
  const first = r.ws();
  // PHP's json_encode writes an empty session (an empty array) as a list.
  if (first === C.LBrack && EMPTY_LIST.test(text.slice(r.i))) return new Map() as PhpSession;
  if (first !== C.LBrace) r.fail('DECODE_SYNTAX', 'the session is not a JSON object');
  const stack: Frame[] = [];
  for (;;) {
    let value: PhpValue;
    const c = text.charCodeAt(r.i);
    if (c === C.LBrace || c === C.LBrack) {
      const obj = c === C.LBrace;
      const at = r.i++;
      if (r.ws() === (obj ? C.RBrace : C.RBrack)) {
        r.i++;
        value = new Map();
      } else {
        if (stack.length >= limit) {
          r.i = at;
          r.fail('DECODE_DEPTH');
        }
        const f: Frame = { map: new Map(), obj, key: 0 };
        stack.push(f);
        if (obj) r.key(f);
        continue;
      }
    } else {
      value = r.scalar();
    }
    // A value is complete: store it in its container; close every container that ends here.
    for (;;) {
      const f = stack[stack.length - 1];
      if (f === undefined) {
        r.ws();
        if (r.i < text.length) r.fail('DECODE_TRAILING');
        return value as PhpArray;
      }
      f.map.set(f.key, value);
      const d = r.ws();
      if (d === C.Comma) {
        r.i++;
        r.ws();
        if (f.obj) r.key(f);
        else f.key = f.map.size;
        break;
      }
      if (d !== (f.obj ? C.RBrace : C.RBrack)) r.fail('DECODE_SYNTAX', f.obj ? 'expected "," or "}"' : 'expected "," or "]"');
      r.i++;
      stack.pop();
      value = f.map;
    }
  }
}

export interface JsonFormatOptions {
  maxDepth?: number;
}

/** The session format for stores whose session bytes are a UTF-8 JSON object. */
export function jsonFormat(opts: JsonFormatOptions = {}): SessionFormat {
  const maxDepth = resolveMaxDepth(opts);
  return { decode: (bytes) => jsonToPhp(bytes, maxDepth) };
}
