/**
 * Decimal integers as PHP sees them, for the decoders and the rules alike: the one digit
 * scanner, the signed 64-bit range, the model's `number`/`bigint` split, and PHP's
 * integer-key rule (ZEND_HANDLE_NUMERIC_STR).
 */
import { Buffer } from 'node:buffer';

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

/** Where a `digits()` scan stopped: the first byte that is not a digit. */
export interface DigitsEnd {
  q: number;
}
const scanned: DigitsEnd = { q: 0 };

/**
 * The one digit scanner: the value of the decimal digits from `p` on, exact up to 15 digits
 * (more give an approximation; callers check `out.q - p`), and `out.q` set to the first
 * non-digit; a read past the end of `buf` gives undefined, which stops the scan. The scanner
 * passes itself as `out` (a field of the caller's own object keeps the hot loop fast).
 */
export function digits(buf: Uint8Array, p: number, out: DigitsEnd): number {
  let v = 0;
  let c = buf[p]!;
  while (c >= 0x30 && c <= 0x39) {
    v = v * 10 + (c - 0x30);
    c = buf[++p]!;
  }
  out.q = p;
  return v;
}

/** A 64-bit integer in the model: `number` when safe, `bigint` otherwise. */
export function normInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/**
 * The digit run buf[s..e) (at least one digit; `v` is what `digits()` read from it), negated
 * when `neg`, as a model integer; undefined when it lies outside the signed 64-bit range.
 */
export function int64Of(buf: Uint8Array, s: number, e: number, neg: boolean, v: number): number | bigint | undefined {
  if (e - s <= 15) return neg ? 0 - v : v;
  while (s < e - 1 && buf[s] === 0x30) s++;
  if (e - s > 19) return undefined;
  let big = BigInt(String.fromCharCode(...buf.subarray(s, e)));
  if (neg) big = -big;
  return big > INT64_MAX || big < INT64_MIN ? undefined : normInt(big);
}

/**
 * PHP's integer-key rule (ZEND_HANDLE_NUMERIC_STR) on buf[s..e): `0`, or an optional `-` then
 * a digit 1-9 then digits, within the signed 64-bit range, is that integer; `"-0"`, `"01"`,
 * `"+1"`, `" 1"` and anything beyond 64 bits stay strings (undefined). buf[e] must not be a
 * digit (it is the closing quote, or the end).
 */
export function numericKey(buf: Uint8Array, s: number, e: number): number | bigint | undefined {
  if (e - s > 20) return undefined;
  const neg = buf[s] === 0x2d;
  const p = neg ? s + 1 : s;
  const first = buf[p];
  if (p >= e || first === undefined || first < 0x30 || first > 0x39 || (first === 0x30 && e - s > 1)) return undefined;
  const v = digits(buf, p, scanned);
  if (scanned.q !== e) return undefined;
  return int64Of(buf, p, e, neg, v);
}

/** The same rule for a JS string (a key written in a rule or a path): the integer, or undefined. */
export function intKey(text: string): number | bigint | undefined {
  if (text.length === 0 || text.length > 20) return undefined;
  const bytes = Buffer.from(text, 'utf8');
  return numericKey(bytes, 0, bytes.length);
}

/** Whether `text` has the canonical form of a decimal integer (`0`, `42`, `-7`), whatever its range. */
export function isIntText(text: string): boolean {
  return /^(?:0|-?[1-9][0-9]*)$/.test(text);
}
