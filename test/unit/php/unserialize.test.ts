import { describe, expect, it } from 'vitest';
import { unserialize } from '../../../src/php/unserialize.js';
import { PhpBytes, PhpEnum, PhpFloat, PhpObject, PhpSerializable } from '../../../src/php/types.js';
import { B, expectDecodeError } from './helpers.js';

const u = (s: string) => unserialize(B(s));

describe('unserialize: scalars', () => {
  it('reads N; and booleans', () => {
    expect(u('N;')).toBe(null);
    expect(u('b:0;')).toBe(false);
    expect(u('b:1;')).toBe(true);
  });

  it('reads integers, exact beyond 2^53, with + and leading zeros like PHP', () => {
    expect(u('i:0;')).toBe(0);
    expect(Object.is(u('i:-0;'), 0)).toBe(true);
    expect(u('i:-42;')).toBe(-42);
    expect(u('i:+5;')).toBe(5);
    expect(u('i:007;')).toBe(7);
    expect(u('i:9007199254740991;')).toBe(9007199254740991);
    expect(u('i:9007199254740993;')).toBe(9007199254740993n);
    expect(u('i:9223372036854775807;')).toBe(9223372036854775807n);
    expect(u('i:-9223372036854775808;')).toBe(-9223372036854775808n);
    expect(u('i:0000000000000000000000001;')).toBe(1);
  });

  it('saturates out-of-range integers to PHP_INT_MAX/MIN as PHP does', () => {
    expect(u('i:9223372036854775808;')).toBe(9223372036854775807n);
    expect(u('i:99999999999999999999;')).toBe(9223372036854775807n);
    expect(u('i:-9223372036854775809;')).toBe(-9223372036854775808n);
  });

  it('reads every float form PHP accepts', () => {
    const f = (s: string) => (u(`d:${s};`) as PhpFloat).value;
    expect(f('1.5')).toBe(1.5);
    expect(f('1.')).toBe(1);
    expect(f('.5')).toBe(0.5);
    expect(f('-.5')).toBe(-0.5);
    expect(f('+1.5E-3')).toBe(0.0015);
    expect(f('1e5')).toBe(100000);
    expect(f('1.0E+25')).toBe(1e25);
    expect(f('7')).toBe(7);
    expect(Object.is(f('-0'), -0)).toBe(true);
    expect(f('1e400')).toBe(Infinity);
    expect(f('INF')).toBe(Infinity);
    expect(f('-INF')).toBe(-Infinity);
    expect(f('NAN')).toBeNaN();
    expect(f('0.1')).toBe(0.1);
    expect(u('d:1;')).toBeInstanceOf(PhpFloat);
  });

  it('rejects number forms PHP rejects', () => {
    expectDecodeError(() => u('i:;'), 'DECODE_NUMBER', 2);
    expectDecodeError(() => u('i:-;'), 'DECODE_NUMBER', 3);
    expectDecodeError(() => u('i:1x;'), 'DECODE_SYNTAX', 3);
    expectDecodeError(() => u('d:+INF;'), 'DECODE_NUMBER', 3);
    expectDecodeError(() => u('d:1e;'), 'DECODE_NUMBER', 4);
    expectDecodeError(() => u('d:.;'), 'DECODE_NUMBER', 3);
    expectDecodeError(() => u('d:NAX;'), 'DECODE_NUMBER', 2);
    expectDecodeError(() => u('d:NA'), 'DECODE_TRUNCATED', 4);
    expectDecodeError(() => u('b:2;'), 'DECODE_SYNTAX', 2);
  });
});

describe('unserialize: strings', () => {
  it('counts bytes, allows any byte, decodes UTF-8 or keeps bytes', () => {
    expect(u('s:0:"";')).toBe('');
    expect(u('s:5:"a";b"";')).toBe('a";b"');
    expect(unserialize(Buffer.concat([B('s:4:"'), Buffer.from('hé!'), B('";')]))).toBe('hé!');
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const v = unserialize(Buffer.concat([B('s:256:"'), all, B('";')]));
    expect(v).toBeInstanceOf(PhpBytes);
    expect(Buffer.from((v as PhpBytes).bytes).equals(all)).toBe(true);
  });

  it('reads S: with \\hh escapes', () => {
    expect(u('S:3:"\\61b\\63";')).toBe('abc');
    expect(u('S:1:"\\C3";')).toEqual(new PhpBytes(Uint8Array.of(0xc3)));
    expectDecodeError(() => u('S:1:"\\6g";'), 'DECODE_SYNTAX', 5);
    expectDecodeError(() => u('S:2:"ab'), 'DECODE_TRUNCATED', 7);
  });

  it('rejects bad lengths and terminators with offsets', () => {
    expectDecodeError(() => u('s:10:"abc";'), 'DECODE_LENGTH', 2);
    expectDecodeError(() => u('s:2:"abc";'), 'DECODE_SYNTAX', 7);
    expectDecodeError(() => u('s:3:"abc"x'), 'DECODE_SYNTAX', 9);
    expectDecodeError(() => u('s:3:"abc"'), 'DECODE_TRUNCATED', 9);
    expectDecodeError(() => u('s:+1:"a";'), 'DECODE_SYNTAX', 2);
    expectDecodeError(() => u('s:99999999999999999999:"a";'), 'DECODE_LENGTH', 2);
  });
});

describe('unserialize: arrays', () => {
  it('keeps order, converts numeric string keys like PHP', () => {
    const a = u('a:6:{s:2:"10";i:1;s:3:"-10";i:2;s:2:"01";i:3;s:2:"-0";i:4;s:9:"__proto__";i:5;i:-3;i:6;}') as Map<unknown, unknown>;
    expect([...a.keys()]).toEqual([10, -10, '01', '-0', '__proto__', -3]);
    const big = u('a:2:{s:19:"9223372036854775807";N;s:19:"9223372036854775808";N;}') as Map<unknown, unknown>;
    expect([...big.keys()]).toEqual([9223372036854775807n, '9223372036854775808']);
  });

  it('a later duplicate key replaces the value in the first position', () => {
    const a = u('a:3:{s:1:"x";i:1;s:1:"y";i:2;s:1:"x";i:3;}') as Map<unknown, unknown>;
    expect([...a]).toEqual([['x', 3], ['y', 2]]);
  });

  it('rejects bad keys, counts and terminators', () => {
    expectDecodeError(() => u('a:1:{d:1.5;i:1;}'), 'DECODE_KEY', 5);
    expectDecodeError(() => u('a:1:{N;i:1;}'), 'DECODE_KEY', 5);
    expectDecodeError(() => u('a:9:{i:0;i:1;}'), 'DECODE_LENGTH', 2);
    expectDecodeError(() => u('a:2:{i:0;i:1;}'), 'DECODE_SYNTAX', 13);
    expectDecodeError(() => u('a:1:{i:0;i:1;'), 'DECODE_TRUNCATED', 13);
    expectDecodeError(() => u('a:1:{i:0;i:1}'), 'DECODE_SYNTAX', 12);
  });
});

describe('unserialize: objects', () => {
  it('keeps raw mangled property names and int names as strings', () => {
    const o = u('O:3:"Foo":4:{s:1:"a";i:1;s:4:"\0*\0b";i:2;s:6:"\0Foo\0c";i:3;i:5;N;}') as PhpObject;
    expect(o).toBeInstanceOf(PhpObject);
    expect(o.className).toBe('Foo');
    expect([...o.props.keys()]).toEqual(['a', '\0*\0b', '\0Foo\0c', '5']);
  });

  it('accepts what PHP accepts in the count: sign, no digits', () => {
    expect((u('O:3:"Foo"::{}') as PhpObject).props.size).toBe(0);
    expect((u('O:3:"Foo":+1:{s:1:"x";i:1;}') as PhpObject).props.get('x')).toBe(1);
    expect((u('O:8:"stdClass":0:{}') as PhpObject).className).toBe('stdClass');
  });

  it('rejects invalid class names and bad counts', () => {
    expectDecodeError(() => u('O:3:"F-o":0:{}'), 'DECODE_SYNTAX', 5);
    expectDecodeError(() => u('O:4:"\\Foo":0:{}'), 'DECODE_SYNTAX', 5);
    expectDecodeError(() => u('O:0:"":0:{}'), 'DECODE_LENGTH', 2);
    expectDecodeError(() => u('O:3:"Foo":-1:{}'), 'DECODE_LENGTH', 10);
    expectDecodeError(() => u('O:3:"Foo":1:{N;i:1;}'), 'DECODE_KEY', 13);
  });

  it('reads C: (Serializable) payloads opaquely', () => {
    const c = u('C:3:"Foo":5:{a:b;}}') as PhpSerializable;
    expect(c).toBeInstanceOf(PhpSerializable);
    expect(Buffer.from(c.data).toString()).toBe('a:b;}');
    expectDecodeError(() => u('C:3:"Foo":9:{abc}'), 'DECODE_LENGTH', 10);
    expectDecodeError(() => u('C:3:"Foo":2:{abc}'), 'DECODE_SYNTAX', 15);
  });

  it('reads E: enum cases', () => {
    expect(u('E:11:"Suit:Hearts";')).toEqual(new PhpEnum('Suit', 'Hearts'));
    expectDecodeError(() => u('E:4:"Suit";'), 'DECODE_SYNTAX', 5);
    expectDecodeError(() => u('E:5:"Suit:";'), 'DECODE_SYNTAX', 10);
    expectDecodeError(() => u('E:0:"";'), 'DECODE_LENGTH', 2);
  });
});

describe('unserialize: references', () => {
  it('R: shares the value; numbering skips keys and R: itself', () => {
    const a = u('a:3:{i:0;a:1:{i:0;i:7;}i:1;R:2;i:2;R:3;}') as Map<number, unknown>;
    expect(a.get(1)).toBe(a.get(0));
    expect(a.get(2)).toBe(7);
  });

  it('r: copies an object handle and counts as a value', () => {
    const a = u('a:3:{i:0;O:1:"A":0:{}i:1;r:2;i:2;r:3;}') as Map<number, unknown>;
    expect(a.get(1)).toBe(a.get(0));
    expect(a.get(2)).toBe(a.get(0));
  });

  it('a reference to an enclosing array makes a cycle', () => {
    const a = u('a:1:{i:0;R:1;}') as Map<number, unknown>;
    expect(a.get(0)).toBe(a);
  });

  it('rejects bad references', () => {
    expectDecodeError(() => u('a:1:{i:0;R:5;}'), 'DECODE_REFERENCE', 9);
    expectDecodeError(() => u('a:1:{i:0;R:0;}'), 'DECODE_REFERENCE', 9);
    expectDecodeError(() => u('a:1:{i:0;r:1;}'), 'DECODE_REFERENCE', 9);
    expectDecodeError(() => u('a:1:{i:0;r:2;}'), 'DECODE_REFERENCE', 9);
  });
});

describe('unserialize: limits and framing', () => {
  const nest = (n: number) => 'a:1:{i:0;'.repeat(n) + 'N;' + '}'.repeat(n);

  it('accepts the default depth (4096, as PHP) and rejects one more, empty arrays not counted', () => {
    expect(() => u(nest(4096))).not.toThrow();
    expectDecodeError(() => u(nest(4097)), 'DECODE_DEPTH', 4096 * 9);
    expect(() => u('a:1:{i:0;'.repeat(4096) + 'a:0:{}' + '}'.repeat(4096))).not.toThrow();
    expectDecodeError(() => unserialize(B(nest(3)), { maxDepth: 2 }), 'DECODE_DEPTH', 18);
    expectDecodeError(() => unserialize(B('a:1:{i:0;O:1:"A":0:{}}'), { maxDepth: 0 }), 'DECODE_DEPTH', 9);
    expectDecodeError(() => unserialize(B(nest(4097)), { maxDepth: 1e9 }), 'DECODE_DEPTH');
  });

  it('rejects trailing bytes, empty input and unknown types', () => {
    expectDecodeError(() => u('i:1;x'), 'DECODE_TRAILING', 4);
    expectDecodeError(() => u(''), 'DECODE_TRUNCATED', 0);
    expectDecodeError(() => u('x:1;'), 'DECODE_SYNTAX', 0);
    expectDecodeError(() => u('N'), 'DECODE_TRUNCATED', 1);
  });

  it('accepts Uint8Array views at an offset', () => {
    const big = B('xxi:42;');
    expect(unserialize(new Uint8Array(big.buffer, big.byteOffset + 2, 5))).toBe(42);
  });
});
