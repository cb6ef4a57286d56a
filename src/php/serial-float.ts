/**
 * `d:` — PHP's float grammar (ext/standard/var_unserializer.re): `NAN`, `INF`, `-INF`, or
 * `iv | nv | nvexp` (`1`, `-1.5`, `.5`, `1.`, `1e5`, `1.5E+25`); `+INF`, `1e`, `.` are
 * rejected as PHP rejects them. Out-of-range magnitudes become ±Infinity like zend_strtod.
 */
import { fail } from './bytes.js';
import { digits } from './int64.js';
import type { SerialScanner } from './serial-scanner.js';

const COLON = 0x3a;
const SEMI = 0x3b;
const DOT = 0x2e;
/** Exact powers of ten up to 10^15. */
const POW10: number[] = [1];
for (let i = 1; i <= 15; i++) POW10.push(POW10[i - 1]! * 10);

/**
 * `d:<float>;` at p (type byte included): the float, pos after the `;`. Fast path for
 * `-?digits[.digits]` with 1 to 15 digits: the digits as one exact integer divided by an exact
 * power of ten (one IEEE rounding, the same double as a full parse); else the full grammar.
 */
export function floatAt(cur: SerialScanner, p: number): number {
  const buf = cur.buf;
  const neg = buf[p + 2] === 0x2d;
  const ds = neg ? p + 3 : p + 2;
  let m = digits(buf, ds, cur);
  let q = cur.q;
  let n = q - ds;
  let scale = 1;
  if (buf[q] === DOT) {
    const f = digits(buf, q + 1, cur);
    const k = cur.q - q - 1;
    q = cur.q;
    n += k;
    if (n <= 15) {
      scale = POW10[k]!;
      m = m * scale + f;
    }
  }
  if (buf[q] === SEMI && n > 0 && n <= 15 && buf[p + 1] === COLON) {
    cur.pos = q + 1;
    const v = m / scale;
    return neg ? -v : v;
  }
  cur.expect(p + 1, COLON);
  return double(cur, p + 2);
}

/** The body of `d:` (after the colon) up to and including `;`, validating every byte. */
function double(cur: SerialScanner, p: number): number {
  const { buf, end } = cur;
  const s = p;
  const c0 = buf[p];
  if (c0 === 0x4e || c0 === 0x49 || (c0 === 0x2d && buf[p + 1] === 0x49)) {
    const word = buf.latin1Slice(s, Math.min(end, s + 5));
    const m = /^(NAN|INF|-INF);/.exec(word);
    if (!m) {
      const cut = s + word.length === end && ['NAN;', 'INF;', '-INF;'].some((w) => w.startsWith(word));
      return malformed(cur, cut ? end : s);
    }
    cur.pos = s + m[0].length;
    return m[1] === 'NAN' ? NaN : m[1] === 'INF' ? Infinity : -Infinity;
  }
  if (c0 === 0x2d || c0 === 0x2b) p++;
  digits(buf, p, cur);
  let count = cur.q - p;
  p = cur.q;
  if (buf[p] === DOT) {
    digits(buf, p + 1, cur);
    count += cur.q - p - 1;
    p = cur.q;
  }
  if (count === 0) return malformed(cur, p);
  if (buf[p] === 0x65 || buf[p] === 0x45) {
    p++;
    if (buf[p] === 0x2d || buf[p] === 0x2b) p++;
    digits(buf, p, cur);
    if (cur.q === p) return malformed(cur, p);
    p = cur.q;
  }
  cur.expect(p, SEMI);
  cur.pos = p + 1;
  return Number(buf.latin1Slice(s, p));
}

function malformed(cur: SerialScanner, p: number): never {
  if (p >= cur.end) fail('DECODE_TRUNCATED', cur.end, 'incomplete float');
  return fail('DECODE_NUMBER', p, 'malformed float');
}
