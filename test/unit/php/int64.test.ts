/** The shared integer module: the digit scanner, the 64-bit range and PHP's integer-key rule. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digits, int64Of, intKey, isIntText, normInt, numericKey } from '../../../src/php/int64.js';
import { B } from './helpers.js';

/** PHP's rule written out the slow way: canonical decimal text within the signed 64-bit range. */
function reference(text: string): number | bigint | undefined {
  if (!/^(?:0|-?[1-9][0-9]*)$/.test(text)) return undefined;
  const n = BigInt(text);
  if (n < -(2n ** 63n) || n > 2n ** 63n - 1n) return undefined;
  return Number.isSafeInteger(Number(n)) && BigInt(Number(n)) === n ? Number(n) : n;
}

describe('int64', () => {
  it('digits: the value and where the run stops, also at the end of the bytes', () => {
    const out = { q: -1 };
    expect(digits(B('x123;'), 1, out)).toBe(123);
    expect(out.q).toBe(4);
    expect(digits(B('0042'), 0, out)).toBe(42);
    expect(out.q).toBe(4);
    expect(digits(B('abc'), 1, out)).toBe(0);
    expect(out.q).toBe(1);
  });

  it('integer keys: the edge cases PHP keeps as strings', () => {
    const cases: [string, number | bigint | undefined][] = [
      ['0', 0], ['5', 5], ['-3', -3], ['9223372036854775807', 9223372036854775807n], ['-9223372036854775808', -9223372036854775808n],
      ['9007199254740991', 9007199254740991], ['9007199254740992', 9007199254740992n],
      ['9223372036854775808', undefined], ['-9223372036854775809', undefined], ['-0', undefined], ['01', undefined],
      ['+1', undefined], [' 1', undefined], ['1 ', undefined], ['', undefined], ['-', undefined], ['1.0', undefined], ['١', undefined],
    ];
    for (const [text, want] of cases) {
      expect({ text, key: intKey(text) }).toEqual({ text, key: want });
      expect({ text, key: numericKey(B(`${text}"`), 0, Buffer.byteLength(text, 'latin1')) }).toEqual({ text, key: want });
    }
    expect(isIntText('99999999999999999999')).toBe(true);
    expect(isIntText('-0')).toBe(false);
  });

  it('integer keys agree with the slow rule on any text', () => {
    const text = fc.oneof(fc.string(), fc.bigInt().map(String), fc.stringMatching(/^-?[0-9]{0,21}$/));
    fc.assert(fc.property(text, (t) => {
      expect(intKey(t)).toEqual(reference(t));
    }));
  });

  it('int64Of: leading zeros, range, and the number/bigint split', () => {
    const of = (s: string, neg = false) => int64Of(B(s), 0, s.length, neg, digits(B(s), 0, { q: 0 }));
    expect(of('0000000000000000000000000001')).toBe(1);
    expect(of('9223372036854775808', true)).toBe(-9223372036854775808n);
    expect(of('9223372036854775808')).toBeUndefined();
    expect(of('12', true)).toBe(-12);
    expect(normInt(2n ** 53n - 1n)).toBe(2 ** 53 - 1);
    expect(normInt(2n ** 53n)).toBe(2n ** 53n);
  });
});
