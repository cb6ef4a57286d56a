import { describe, expect, it } from 'vitest';
import { decodeSession, decodeSessionKeys } from '../../../src/php/session.js';
import { igbinaryUnserialize } from '../../../src/php/igbinary.js';
import { PhpBytes, PhpEnum, PhpFloat, PhpObject, PhpSerializable } from '../../../src/php/types.js';
import { B, expectDecodeError } from './helpers.js';

const H = '\0\0\0\x02';
const ig = (s: string) => igbinaryUnserialize(B(H + s));

describe('igbinary values', () => {
  it('reads scalars of every width', () => {
    expect(ig('\x00')).toBe(null);
    expect(ig('\x04')).toBe(false);
    expect(ig('\x05')).toBe(true);
    expect(ig('\x06\xff')).toBe(255);
    expect(ig('\x07\x01')).toBe(-1);
    expect(ig('\x08\x01\x00')).toBe(256);
    expect(ig('\x09\xff\xff')).toBe(-65535);
    expect(ig('\x0a\x00\x01\x00\x00')).toBe(65536);
    expect(ig('\x0b\xff\xff\xff\xff')).toBe(-4294967295);
    expect(ig('\x20\x7f\xff\xff\xff\xff\xff\xff\xff')).toBe(9223372036854775807n);
    expect(ig('\x21\x80\x00\x00\x00\x00\x00\x00\x00')).toBe(-9223372036854775808n);
    expect(ig('\x20\x80\x00\x00\x00\x00\x00\x00\x00')).toBe(0);
    expect((ig('\x0c\x3f\xf8\x00\x00\x00\x00\x00\x00') as PhpFloat).value).toBe(1.5);
    expect(ig('\x0d')).toBe('');
    expect(ig('\x11\x03abc')).toBe('abc');
    expect(ig('\x12\x00\x01\xff')).toEqual(new PhpBytes(Uint8Array.of(0xff)));
    expect(ig('\x13\x00\x00\x00\x01z')).toBe('z');
    expect(ig('\x26\0\0\0\0\0\0\0\x01y')).toBe('y');
  });

  it('reuses strings by id (values, keys, class names)', () => {
    const a = ig('\x14\x03\x06\x00\x11\x01x\x06\x01\x0e\x00\x11\x01k\x0e\x01') as Map<unknown, unknown>;
    expect([...a]).toEqual([[0, 'x'], [1, 'x'], ['k', 'k']]);
    const o = ig('\x14\x02\x06\x00\x17\x01A\x14\x00\x06\x01\x1a\x00\x14\x00') as Map<number, PhpObject>;
    expect(o.get(1)!.className).toBe('A');
  });

  it('keeps numeric string keys as strings and skips null keys (igbinary semantics)', () => {
    const a = ig('\x14\x02\x11\x015\x05\x00') as Map<unknown, unknown>;
    expect([...a]).toEqual([['5', true]]);
  });

  it('reads objects, Serializable payloads and enums', () => {
    const o = ig('\x17\x03Foo\x14\x02\x11\x01a\x06\x01\x06\x07\x00') as PhpObject;
    expect(o.className).toBe('Foo');
    expect([...o.props]).toEqual([['a', 1], ['7', null]]);
    const c = ig('\x17\x03Foo\x1d\x03abc') as PhpSerializable;
    expect(Buffer.from(c.data).toString()).toBe('abc');
    expect(ig('\x17\x04Suit\x27\x11\x06Hearts')).toEqual(new PhpEnum('Suit', 'Hearts'));
  });

  it('follows igbinary reference numbering: arrays, objects and ref-wrapped scalars', () => {
    // [ [1], &2, ref→slot1 (inner array), objref→slot 3 (object), ref→slot 2 (the scalar) ]
    const a = ig('\x14\x05\x06\x00\x14\x01\x06\x00\x06\x01\x06\x01\x25\x06\x02\x06\x02\x01\x01\x06\x03\x17\x01A\x14\x00\x06\x04\x22\x03') as Map<number, unknown>;
    expect(a.get(2)).toBe(a.get(0));
    expect(a.get(1)).toBe(2);
    expect(a.get(4)).toBe(a.get(3));
  });

  it('rejects malformed data with offsets', () => {
    expectDecodeError(() => igbinaryUnserialize(B('\0\0\0\x03\x00')), 'DECODE_UNSUPPORTED', 0);
    expectDecodeError(() => igbinaryUnserialize(B('\0\0\0\x02')), 'DECODE_TRUNCATED', 4);
    expectDecodeError(() => ig('\x11\x05ab'), 'DECODE_LENGTH', 6);
    expectDecodeError(() => ig('\x14\x09\x00'), 'DECODE_LENGTH', 5);
    expectDecodeError(() => ig('\x0e\x00'), 'DECODE_REFERENCE', 5);
    expectDecodeError(() => ig('\x01\x00'), 'DECODE_REFERENCE', 4);
    expectDecodeError(() => ig('\x14\x01\x0c'), 'DECODE_KEY', 6);
    expectDecodeError(() => ig('\xff'), 'DECODE_SYNTAX', 4);
    expectDecodeError(() => ig('\x06'), 'DECODE_TRUNCATED', 5);
    expectDecodeError(() => ig('\x05\x05'), 'DECODE_TRAILING', 5);
    expectDecodeError(() => ig('\x17\x01A\x30'), 'DECODE_SYNTAX', 7);
  });
});

describe('igbinary sessions', () => {
  it('empty string is an empty session; int keys are dropped; trailing ignored', () => {
    expect(decodeSession(B(''), 'igbinary').size).toBe(0);
    const s = decodeSession(B(H + '\x14\x02\x11\x01a\x06\x01\x06\x00\x05junk'), 'igbinary');
    expect([...s]).toEqual([['a', 1]]);
    expectDecodeError(() => decodeSession(B(H + '\x06\x01'), 'igbinary'), 'DECODE_UNSUPPORTED', 4);
    expectDecodeError(() => decodeSession(B('\0\0'), 'igbinary'), 'DECODE_TRUNCATED', 2);
  });

  it('decodeSessionKeys skips unwanted values but keeps the string table', () => {
    // a => "tok", b => string id 1 ("tok" was id 1 after key "a" id 0)
    const s = B(H + '\x14\x02\x11\x01a\x11\x03tok\x11\x01b\x0e\x01');
    expect([...decodeSessionKeys(s, 'igbinary', new Set(['b']))]).toEqual([['b', 'tok']]);
    const r = B(H + '\x14\x02\x11\x01a\x14\x01\x06\x00\x06\x01\x11\x01b\x01\x01');
    const b = decodeSessionKeys(r, 'igbinary', new Set(['b'])).get('b') as Map<unknown, unknown>;
    expect([...b]).toEqual([[0, 1]]);
  });
});
