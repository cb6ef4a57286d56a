/**
 * The decoder's fast paths agree with the general ones: `d:` decimals, long ASCII strings cut
 * from one latin1 copy of the input, and the short-string cache with look-alike strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSession } from '../../../src/php/session.js';
import { unserialize } from '../../../src/php/unserialize.js';
import { PhpBytes, PhpFloat } from '../../../src/php/types.js';
import { B, expectDecodeError } from './helpers.js';

const u = (s: string) => unserialize(B(s));
const f = (s: string) => (u(`d:${s};`) as PhpFloat).value;

describe('fast path: d: decimals', () => {
  it('gives the same double as a full parse, around the 15-digit limit too', () => {
    for (const s of ['0', '-0', '9.99', '11.36', '.5', '1.', '-.25', '123456789012345', '12345678901234.5',
      '1234567890123456', '0.000000000000001', '0.1000000000000001', '9007199254740993', '-1.7976931348623157']) {
      expect(Object.is(f(s), Number(s.endsWith('.') ? `${s}0` : s)), s).toBe(true);
    }
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^[0-9]{0,12}$/), fc.stringMatching(/^[0-9]{0,12}$/), (neg, a, b) => {
        if (a === '' && b === '') return;
        const s = `${neg ? '-' : ''}${a}.${b}`;
        expect(Object.is(f(s), Number(`${neg ? '-' : ''}${a || '0'}.${b || '0'}`)), s).toBe(true);
      }),
    );
  });

  it('leaves other forms and errors to the full reader', () => {
    expect(f('+1.5')).toBe(1.5);
    expect(f('1.5e3')).toBe(1500);
    expectDecodeError(() => u('d:1.5'), 'DECODE_TRUNCATED', 5);
    expectDecodeError(() => u('d:1.5x;'), 'DECODE_SYNTAX', 5);
    expectDecodeError(() => u('d:-;'), 'DECODE_NUMBER', 3);
    expectDecodeError(() => u('d;1.5;'), 'DECODE_SYNTAX', 1);
    expectDecodeError(() => u('a:1:{i:0;d:.;}'), 'DECODE_NUMBER', 12);
  });
});

describe('fast path: long strings', () => {
  const long = (i: number) => `/catalog/category-${i}/product-${i * 31}?ref=listing`;

  it('reads many long ASCII strings exactly, in php and php_serialize sessions', () => {
    const vals = Array.from({ length: 5 }, (_, i) => long(i));
    const arr = `a:5:{${vals.map((v, i) => `i:${i};s:${v.length}:"${v}";`).join('')}}`;
    expect([...(u(arr) as Map<number, string>).values()]).toEqual(vals);
    const php = decodeSession(B(`h|${arr}x|s:${vals[0]!.length}:"${vals[0]}";`), 'php');
    expect([...(php.get('h') as Map<number, string>).values()]).toEqual(vals);
    expect(php.get('x')).toBe(vals[0]);
    const ser = decodeSession(B(`a:1:{s:1:"h";${arr}}`), 'php_serialize');
    expect([...(ser.get('h') as Map<number, string>).values()]).toEqual(vals);
  });

  it('decodes long strings of a non-ASCII input one by one: UTF-8 or bytes', () => {
    const utf = 'Product number 1 — deluxe edition';
    const bad = `${'x'.repeat(30)}\xff`;
    const input = Buffer.concat([
      B(`a:4:{i:0;s:${long(1).length}:"${long(1)}";i:1;s:${Buffer.byteLength(utf)}:"`), Buffer.from(utf),
      B(`";i:2;s:31:"${bad}";i:3;s:${long(2).length}:"${long(2)}";}`),
    ]);
    const m = unserialize(input) as Map<number, unknown>;
    expect(m.get(0)).toBe(long(1));
    expect(m.get(1)).toBe(utf);
    expect(m.get(2)).toEqual(new PhpBytes(new Uint8Array(B(bad))));
    expect(m.get(3)).toBe(long(2));
  });
});

describe('short-string cache', () => {
  it('strings alike in length and most bytes never answer for each other', () => {
    const a = 'key_AAAA_x_BBBB_end';
    const b = 'key_CCCC_x_DDDD_end';
    for (let i = 0; i < 3; i++) {
      const m = u(`a:2:{s:${a.length}:"${a}";s:1:"${a[5]}";s:${b.length}:"${b}";s:${b.length}:"${b}";}`) as Map<string, string>;
      expect([...m]).toEqual([[a, 'A'], [b, b]]);
    }
    expect(u('s:0:"";')).toBe('');
    expect(u('s:2:"\xc3\xa9";')).toBe('é');
    expect(u('s:2:"ab";')).toBe('ab');
  });
});
