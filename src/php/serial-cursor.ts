/**
 * The lexical layer of PHP's unserialize grammar (ext/standard/var_unserializer.re): a cursor
 * over the bytes that reads punctuation, lengths, integers and floats exactly as PHP's re2c
 * scanner accepts them, straight from the bytes (no intermediate strings for integers).
 *
 * Error rule: a byte that is needed but lies beyond the end → DECODE_TRUNCATED at the end
 * offset; a byte that is present but wrong → DECODE_SYNTAX at that byte.
 */
import { fail, INT64_MAX, INT64_MIN, normInt } from './bytes.js';
import type { Bytes } from './bytes.js';

const D0 = 0x30;
const D9 = 0x39;
const COLON = 0x3a;
const SEMI = 0x3b;
const QUOTE = 0x22;
const LBRACE = 0x7b;

export class SerialCursor {
  constructor(
    readonly buf: Bytes,
    /** One past the last byte this cursor may read. */
    readonly end: number,
    public pos: number,
  ) {}

  /** Start and end of the raw bytes of the last string read by strAt/stringRange/className. */
  s0 = 0;
  s1 = 0;

  /*
   * Fast paths: each reads the well-formed case straight from the bytes and hands anything
   * else (bad byte, end of input, more than 15 digits) to the validating reader below, which
   * either throws the precise error or agrees. A read past the end gives undefined, which
   * matches no expected byte.
   */

  /** `s:<len>:"<len bytes>";` at p (type byte included): sets s0/s1 and pos. */
  strAt(p: number): void {
    const buf = this.buf;
    let q = p + 2;
    let c = buf[q]!;
    let len = 0;
    while (c >= D0 && c <= D9) {
      len = len * 10 + (c - D0);
      c = buf[++q]!;
    }
    const s = q + 2;
    const e = s + len;
    if (c === COLON && q > p + 2 && q - p <= 17 && buf[p + 1] === COLON && buf[q + 1] === QUOTE &&
        e + 1 < this.end && buf[e] === QUOTE && buf[e + 1] === SEMI) {
      this.s0 = s;
      this.s1 = e;
      this.pos = e + 2;
      return;
    }
    this.stringRange(p);
  }

  /** `i:<int>;` at p (type byte included): the integer, pos after the `;`. */
  intAt(p: number): number | bigint {
    const buf = this.buf;
    let q = p + 2;
    let c = buf[q]!;
    const neg = c === 0x2d;
    if (neg) c = buf[++q]!;
    const ds = q;
    let v = 0;
    while (c >= D0 && c <= D9) {
      v = v * 10 + (c - D0);
      c = buf[++q]!;
    }
    if (c === SEMI && q > ds && q - ds <= 15 && buf[p + 1] === COLON) {
      this.pos = q + 1;
      return neg ? 0 - v : v;
    }
    this.expect(p + 1, COLON);
    return this.int(p + 2);
  }

  /** `a:<n>:{` at p: n, pos after the `{`; DECODE_LENGTH when n entries cannot fit. */
  arrayHead(p: number): number {
    const buf = this.buf;
    let q = p + 2;
    let c = buf[q]!;
    let n = 0;
    while (c >= D0 && c <= D9) {
      n = n * 10 + (c - D0);
      c = buf[++q]!;
    }
    if (!(c === COLON && q > p + 2 && q - p <= 17 && buf[p + 1] === COLON && buf[q + 1] === LBRACE)) {
      this.expect(p + 1, COLON);
      n = this.uiv(p + 2);
      q = this.pos;
      this.expect(q, COLON);
      this.expect(q + 1, LBRACE);
    }
    q += 2;
    if (n > Math.floor((this.end - q) / 2)) fail('DECODE_LENGTH', p + 2, `${n} elements cannot fit in ${this.end - q} bytes`);
    this.pos = q;
    return n;
  }

  /** `s:<len>:"<len bytes>";` at p, validating every byte: sets s0/s1 and pos. */
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

  /** Require byte `ch` at `p`. */
  expect(p: number, ch: number): void {
    if (p >= this.end) fail('DECODE_TRUNCATED', this.end, `expected '${String.fromCharCode(ch)}'`);
    if (this.buf[p] !== ch) fail('DECODE_SYNTAX', p, `expected '${String.fromCharCode(ch)}'`);
  }

  /**
   * An unsigned decimal (`uiv`: one or more digits, leading zeros allowed) at `p`, then `this.pos`
   * on the byte after it. Values beyond 2^53 come back as Infinity: they can only be lengths or
   * counts, and every such length is larger than any input.
   */
  uiv(p: number): number {
    const { buf, end } = this;
    let v = 0;
    const s = p;
    while (p < end) {
      const c = buf[p]!;
      if (c < D0 || c > D9) break;
      v = v * 10 + (c - D0);
      p++;
    }
    if (p === s) {
      if (p >= end) fail('DECODE_TRUNCATED', end, 'expected a digit');
      fail('DECODE_SYNTAX', p, 'expected a digit');
    }
    this.pos = p;
    return p - s > 15 ? Infinity : v;
  }

  /**
   * PHP's parse_iv2 as used for object property counts and `C:` data lengths: optional sign,
   * ZERO or more digits (PHP really accepts `O:3:"Foo"::{}`), overflow saturates. Sets `this.pos`.
   */
  iv2(p: number): number {
    const { buf, end } = this;
    let neg = false;
    if (p < end && (buf[p] === 0x2d || buf[p] === 0x2b)) neg = buf[p++] === 0x2d;
    let v = 0;
    while (p < end) {
      const c = buf[p]!;
      if (c < D0 || c > D9) break;
      v = v * 10 + (c - D0);
      p++;
    }
    this.pos = p;
    return neg ? 0 - v : v;
  }

  /**
   * The body of `i:` (after the colon) up to and including `;`. PHP's rule: `[+-]?[0-9]+`;
   * values outside the signed 64-bit range saturate to PHP_INT_MAX / PHP_INT_MIN exactly as
   * PHP does (it only emits a warning), so the result is what PHP itself would see.
   */
  int(p: number): number | bigint {
    const { buf, end } = this;
    let neg = false;
    if (p < end && (buf[p] === 0x2d || buf[p] === 0x2b)) neg = buf[p++] === 0x2d;
    const ds = p;
    let v = 0;
    while (p < end) {
      const c = buf[p]!;
      if (c < D0 || c > D9) break;
      v = v * 10 + (c - D0);
      p++;
    }
    if (p === ds) {
      if (p >= end) fail('DECODE_TRUNCATED', end, 'expected a digit');
      fail('DECODE_NUMBER', p, 'malformed integer');
    }
    this.expect(p, 0x3b);
    this.pos = p + 1;
    if (p - ds <= 15) return neg ? 0 - v : v;
    let z = ds;
    while (z < p - 1 && buf[z] === D0) z++;
    if (p - z > 19) return neg ? normInt(INT64_MIN) : normInt(INT64_MAX);
    let big = BigInt(buf.latin1Slice(z, p));
    if (neg) big = -big;
    if (big > INT64_MAX) big = INT64_MAX;
    else if (big < INT64_MIN) big = INT64_MIN;
    return normInt(big);
  }

  /**
   * The body of `d:` up to and including `;`: `NAN`, `INF`, `-INF`, or PHP's
   * `iv | nv | nvexp` (`1`, `-1.5`, `.5`, `1.`, `1e5`, `1.5E+25`); `+INF`, `1e`, `.` are
   * rejected as PHP rejects them. Out-of-range magnitudes become ±Infinity like zend_strtod.
   */
  double(p: number): number {
    const { buf, end } = this;
    const s = p;
    const c0 = buf[p];
    if (c0 === 0x4e || c0 === 0x49 || (c0 === 0x2d && buf[p + 1] === 0x49)) {
      const word = buf.latin1Slice(s, Math.min(end, s + 5));
      const m = /^(NAN|INF|-INF);/.exec(word);
      if (!m) {
        const cut = s + word.length === end && ['NAN;', 'INF;', '-INF;'].some((w) => w.startsWith(word));
        return this.doubleFail(cut ? end : s);
      }
      this.pos = s + m[0].length;
      return m[1] === 'NAN' ? NaN : m[1] === 'INF' ? Infinity : -Infinity;
    }
    if (c0 === 0x2d || c0 === 0x2b) p++;
    let intDigits = 0;
    while (p < end && buf[p]! >= D0 && buf[p]! <= D9) { p++; intDigits++; }
    let fracDigits = 0;
    if (p < end && buf[p] === 0x2e) {
      p++;
      while (p < end && buf[p]! >= D0 && buf[p]! <= D9) { p++; fracDigits++; }
    }
    if (intDigits + fracDigits === 0) return this.doubleFail(p);
    if (p < end && (buf[p] === 0x65 || buf[p] === 0x45)) {
      p++;
      if (p < end && (buf[p] === 0x2d || buf[p] === 0x2b)) p++;
      const es = p;
      while (p < end && buf[p]! >= D0 && buf[p]! <= D9) p++;
      if (p === es) return this.doubleFail(p);
    }
    this.expect(p, 0x3b);
    this.pos = p + 1;
    return p - s <= 16 && p - s === intDigits + fracDigits + 1 + (c0 === 0x2d || c0 === 0x2b ? 1 : 0)
      ? this.fastDecimal(s, p)
      : Number(buf.latin1Slice(s, p));
  }

  /**
   * `[+-]?digits.digits` with at most 15 digits: the digits as one exact integer divided by an
   * exact power of ten — a single IEEE rounding, so the same double as a full parse.
   */
  private fastDecimal(s: number, e: number): number {
    const { buf } = this;
    let p = s;
    const neg = buf[p] === 0x2d;
    if (neg || buf[p] === 0x2b) p++;
    let m = 0;
    let scale = 1;
    let frac = false;
    for (; p < e; p++) {
      const c = buf[p]!;
      if (c === 0x2e) frac = true;
      else {
        m = m * 10 + (c - D0);
        if (frac) scale *= 10;
      }
    }
    const v = m / scale;
    return neg ? -v : v;
  }

  private doubleFail(p: number): never {
    if (p >= this.end) fail('DECODE_TRUNCATED', this.end, 'incomplete float');
    return fail('DECODE_NUMBER', p, 'malformed float');
  }
}
