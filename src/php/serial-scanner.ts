/**
 * The lexical layer of PHP's unserialize grammar (ext/standard/var_unserializer.re): a cursor
 * over the bytes that reads punctuation, lengths, integers, strings and class names exactly as
 * PHP's re2c scanner accepts them, straight from the bytes. Floats: serial-float.ts.
 *
 * Error rule: a byte that is needed but lies beyond the end → DECODE_TRUNCATED at the end
 * offset; a byte that is present but wrong → DECODE_SYNTAX at that byte.
 *
 * Fast paths (strAt, intAt, arrayHead) read the well-formed case straight from the bytes and
 * hand anything else (bad byte, end of input, more than 15 digits) to the validating reader,
 * which either throws the precise error or agrees. A read past the end gives undefined, which
 * matches no expected byte.
 */
import { fail, isValidClassName } from './bytes.js';
import type { Bytes } from './bytes.js';
import { digits, INT64_MAX, INT64_MIN, int64Of, normInt } from './int64.js';

const COLON = 0x3a;
const SEMI = 0x3b;
const QUOTE = 0x22;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

export class SerialScanner {
  /** One past the last byte. */
  readonly end: number;
  /** The next byte to read. */
  pos = 0;
  /** Start and end of the raw bytes of the last string or class name read. */
  s0 = 0;
  s1 = 0;

  /** Where the last digit run stopped (see int64.ts `digits`). */
  q = 0;

  constructor(readonly buf: Bytes) {
    this.end = buf.length;
  }

  /** Require byte `ch` at `p`. */
  expect(p: number, ch: number): void {
    if (p >= this.end) fail('DECODE_TRUNCATED', this.end, `expected '${String.fromCharCode(ch)}'`);
    if (this.buf[p] !== ch) fail('DECODE_SYNTAX', p, `expected '${String.fromCharCode(ch)}'`);
  }

  /** Require `:` then `ch` at p (`:{` after counts, `:"` before names); pos after them. */
  colonThen(p: number, ch: number): void {
    this.expect(p, COLON);
    this.expect(p + 1, ch);
    this.pos = p + 2;
  }

  /** The `}` that ends an array or object. */
  close(): void {
    const q = this.pos;
    if (this.buf[q] !== RBRACE) this.expect(q, RBRACE);
    this.pos = q + 1;
  }

  /**
   * An unsigned decimal (`uiv`: one or more digits, leading zeros allowed) at `p`, then `pos`
   * on the byte after it. Values beyond 2^53 come back as Infinity: they can only be lengths or
   * counts, and every such length is larger than any input.
   */
  uiv(p: number): number {
    const v = digits(this.buf, p, this);
    const q = this.q;
    if (q === p) {
      if (p >= this.end) fail('DECODE_TRUNCATED', this.end, 'expected a digit');
      fail('DECODE_SYNTAX', p, 'expected a digit');
    }
    this.pos = q;
    return q - p > 15 ? Infinity : v;
  }

  /**
   * PHP's parse_iv2 as used for object property counts and `C:` data lengths: optional sign,
   * ZERO or more digits (PHP really accepts `O:3:"Foo"::{}`), overflow saturates. Sets `pos`.
   */
  iv2(p: number): number {
    const c = this.buf[p];
    const neg = c === 0x2d;
    if (neg || c === 0x2b) p++;
    const v = digits(this.buf, p, this);
    this.pos = this.q;
    return neg ? 0 - v : v;
  }

  /**
   * The body of `i:` (after the colon) up to and including `;`. PHP's rule: `[+-]?[0-9]+`;
   * values outside the signed 64-bit range saturate to PHP_INT_MAX / PHP_INT_MIN exactly as
   * PHP does (it only emits a warning), so the result is what PHP itself would see.
   */
  int(p: number): number | bigint {
    const { buf, end } = this;
    const c = buf[p];
    const neg = c === 0x2d;
    if (neg || c === 0x2b) p++;
    const v = digits(buf, p, this);
    const q = this.q;
    if (q === p) {
      if (p >= end) fail('DECODE_TRUNCATED', end, 'expected a digit');
      fail('DECODE_NUMBER', p, 'malformed integer');
    }
    this.expect(q, SEMI);
    this.pos = q + 1;
    return int64Of(buf, p, q, neg, v) ?? normInt(neg ? INT64_MIN : INT64_MAX);
  }

  /** `i:<int>;` at p (type byte included): the integer, pos after the `;`. */
  intAt(p: number): number | bigint {
    const buf = this.buf;
    const neg = buf[p + 2] === 0x2d;
    const ds = neg ? p + 3 : p + 2;
    const v = digits(buf, ds, this);
    const q = this.q;
    if (buf[q] === SEMI && q > ds && q - ds <= 15 && buf[p + 1] === COLON) {
      this.pos = q + 1;
      return neg ? 0 - v : v;
    }
    this.expect(p + 1, COLON);
    return this.int(p + 2);
  }

  /** `s:<len>:"<len bytes>";` at p (type byte included): sets s0/s1 and pos. */
  strAt(p: number): void {
    const buf = this.buf;
    const len = digits(buf, p + 2, this);
    const q = this.q;
    const s = q + 2;
    const e = s + len;
    if (buf[q] === COLON && q > p + 2 && q - p <= 17 && buf[p + 1] === COLON && buf[q + 1] === QUOTE &&
        e + 1 < this.end && buf[e] === QUOTE && buf[e + 1] === SEMI) {
      this.s0 = s;
      this.s1 = e;
      this.pos = e + 2;
      return;
    }
    this.stringRange(p);
  }

  /** `s:<len>:"<len bytes>";` at p, validating every byte: sets s0/s1 and pos. */
  stringRange(p: number): void {
    this.expect(p + 1, COLON);
    const len = this.uiv(p + 2);
    this.colonThen(this.pos, QUOTE);
    const q = this.pos;
    if (len > this.end - q) fail('DECODE_LENGTH', p + 2, `string of ${len} bytes, ${this.end - q} left`);
    const e = q + len;
    this.expect(e, QUOTE);
    this.expect(e + 1, SEMI);
    this.s0 = q;
    this.s1 = e;
    this.pos = e + 2;
  }

  /** `a:<n>:{` at p: n, pos after the `{`; DECODE_LENGTH when n entries cannot fit. */
  arrayHead(p: number): number {
    const buf = this.buf;
    let n = digits(buf, p + 2, this);
    let q = this.q;
    if (buf[q] === COLON && q > p + 2 && q - p <= 17 && buf[p + 1] === COLON && buf[q + 1] === LBRACE) {
      q += 2;
    } else {
      this.expect(p + 1, COLON);
      n = this.uiv(p + 2);
      this.colonThen(this.pos, LBRACE);
      q = this.pos;
    }
    if (n > Math.floor((this.end - q) / 2)) fail('DECODE_LENGTH', p + 2, `${n} elements cannot fit in ${this.end - q} bytes`);
    this.pos = q;
    return n;
  }

  /** The `<len>:"<Class>":` part of O: and C: at p (type byte included): sets s0/s1, pos after the `:`. */
  className(p: number): void {
    this.expect(p + 1, COLON);
    const len = this.uiv(p + 2);
    this.colonThen(this.pos, QUOTE);
    const q = this.pos;
    if (len === 0 || len > this.end - q) fail('DECODE_LENGTH', p + 2, `class name of ${len} bytes`);
    const e = q + len;
    this.expect(e, QUOTE);
    this.expect(e + 1, COLON);
    if (!isValidClassName(this.buf, q, e)) fail('DECODE_SYNTAX', q, 'invalid class name');
    this.s0 = q;
    this.s1 = e;
    this.pos = e + 2;
  }
}
