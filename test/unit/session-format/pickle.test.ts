/**
 * The strict pickle reader, on pickles built by hand opcode by opcode (what CPython writes is
 * checked against real Python in test/integration/profiles/django/pickle.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/errors.js';
import { DEFAULT_MAX_DEPTH } from '../../../src/php/options.js';
import { PhpBytes, PhpFloat, type PhpArray, type PhpKey, type PhpValue } from '../../../src/php/types.js';
import { djangoPickleFormat, unpickle } from '../../../src/session-format/django/index.js';
import { FORBIDDEN } from '../../../src/session-format/django/pickle-ops.js';
import { expectDecodeError } from '../php/helpers.js';

type Part = string | number[] | Buffer;
/** Concatenate opcodes: strings as latin-1, arrays as bytes. */
const PA = (parts: readonly Part[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const P = (...parts: Part[]): Buffer => PA(parts);
const u32 = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
/** SHORT_BINUNICODE of an ASCII/UTF-8 string. */
const str = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf8');
  return P([0x8c, b.length], b);
};
const HEAD = [0x80, 4];
const map = (...e: Array<[PhpKey, PhpValue]>): PhpArray => new Map(e);

describe('unpickle: data opcodes', () => {
  it('reads a protocol 4 dict of every scalar and container type', () => {
    const big = [0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0x40]; // LONG1 2**70
    const pkl = P(HEAD, '}', [0x94], '(',
      str('none'), 'N', str('t'), [0x88], str('f'), [0x89],
      str('k'), 'K', [200], str('m'), 'M', [0x10, 0x27], str('j'), 'J', u32(0xfffffffe),
      str('big'), big, str('neg'), [0x8a, 1, 0xff], str('zero'), [0x8a, 0],
      str('fl'), 'G', [0x3f, 0xf8, 0, 0, 0, 0, 0, 0],
      str('s'), 'X', u32(2), [0xc3, 0xa9], str('bad'), [0x8c, 1, 0xff], str('by'), 'C', [2, 1, 2], str('ba'), [0x96], [1, 0, 0, 0, 0, 0, 0, 0], 'z',
      str('list'), ']', [0x94], '(', 'K', [1], 'K', [2], 'e',
      str('tup'), 'K', [1], 'K', [2], [0x86],
      str('set'), [0x8f], '(', 'K', [7], [0x90], str('fs'), '(', 'K', [8], [0x91], str('et'), ')',
      'u', '.');
    const s = unpickle(pkl);
    expect(s).toEqual(map(
      ['none', null], ['t', true], ['f', false], ['k', 200], ['m', 10000], ['j', -2],
      ['big', 2n ** 70n], ['neg', -1], ['zero', 0], ['fl', new PhpFloat(1.5)],
      ['s', 'é'], ['bad', new PhpBytes(Buffer.from([0xff]))], ['by', new PhpBytes(Buffer.from([1, 2]))], ['ba', new PhpBytes(Buffer.from('z'))],
      ['list', map([0, 1], [1, 2])], ['tup', map([0, 1], [1, 2])], ['set', map([0, 7])], ['fs', map([0, 8])], ['et', new Map()],
    ));
  });

  it('resolves the memo (MEMOIZE, BINPUT, LONG_BINPUT, text PUT/GET) to the same value', () => {
    // stack after the list: dict, list; POP drops the list; a, b, c → the list through three routes
    const fixed = P(HEAD, '}', [0x94], ']', 'q', [7], 'K', [1], 'a', 'r', u32(300), '0', '(', str('a'), 'h', [7], str('b'), 'j', u32(300), str('c'), 'g7\n', 'u', '.');
    const s = unpickle(fixed);
    expect(s.get('a')).toEqual(map([0, 1]));
    expect(s.get('a')).toBe(s.get('b'));
    expect(s.get('a')).toBe(s.get('c'));
  });

  it('reads protocol 0/1 text ints, longs, floats and the DICT/LIST/TUPLE mark forms', () => {
    const pkl = P('(', str('i'), 'I42\n', str('t'), 'I01\n', str('l'), 'L123456789012345678901234567890L\n', str('f'), 'F-2.5\n', str('inf'), 'Finf\n',
      str('lst'), '(', 'I1\n', 'I2\n', 'l', str('tp'), '(', 'I3\n', 't', 'd', '.');
    expect(unpickle(pkl)).toEqual(map(
      ['i', 42], ['t', true], ['l', 123456789012345678901234567890n], ['f', new PhpFloat(-2.5)], ['inf', new PhpFloat(Infinity)],
      ['lst', map([0, 1], [1, 2])], ['tp', map([0, 3])],
    ));
  });

  it('accepts int and bytes dict keys, refuses others with DECODE_KEY', () => {
    expect(unpickle(P(HEAD, '}', 'K', [5], str('v'), 's', '.'))).toEqual(map([5, 'v']));
    expectDecodeError(() => unpickle(P(HEAD, '}', 'N', str('v'), 's', '.')), 'DECODE_KEY', 7);
    expectDecodeError(() => unpickle(P(HEAD, '}', ')', str('v'), 's', '.')), 'DECODE_KEY');
    expectDecodeError(() => unpickle(P(HEAD, '}', 'G', [0, 0, 0, 0, 0, 0, 0, 0], str('v'), 's', '.')), 'DECODE_KEY');
  });
});

describe('unpickle: refusals', () => {
  it('every opcode that names a class or calls code is DECODE_FORBIDDEN, wherever it is', () => {
    for (const [op, name] of FORBIDDEN) {
      // after valid data, before STOP
      const e = expectDecodeError(() => unpickle(P(HEAD, '}', str('a'), 'K', [1], 's', [op], '.')), 'DECODE_FORBIDDEN', 9);
      expect(e.message).toContain(name);
      // at the very start, and after a syntax problem the builder would meet first (POP on an empty stack)
      expectDecodeError(() => unpickle(P([op])), 'DECODE_FORBIDDEN', 0);
      expectDecodeError(() => unpickle(P(HEAD, '0', [op], '.')), 'DECODE_FORBIDDEN', 3);
    }
    // the classic payload: cos\nsystem\n(S'id'\ntR.
    expectDecodeError(() => unpickle(P("cos\nsystem\n(S'id'\ntR.")), 'DECODE_FORBIDDEN', 0);
  });

  it('forbidden bytes inside a string argument are data, not opcodes', () => {
    expect(unpickle(P(HEAD, '}', str('x'), str('cR\x93bio'), 's', '.')).get('x')).toBe('cR\x93bio');
  });

  it('a top level that is not one dict is DECODE_SYNTAX', () => {
    expectDecodeError(() => unpickle(P(HEAD, ']', '.')), 'DECODE_SYNTAX');
    expectDecodeError(() => unpickle(P(HEAD, 'N', '.')), 'DECODE_SYNTAX');
    expectDecodeError(() => unpickle(P(HEAD, '}', '}', '.')), 'DECODE_SYNTAX');
    expectDecodeError(() => unpickle(P(HEAD, '.')), 'DECODE_SYNTAX');
  });

  it('truncation, lengths beyond the data, trailing bytes, unknown and unsupported opcodes', () => {
    const good = P(HEAD, [0x95], [21, 0, 0, 0, 0, 0, 0, 0], '}', [0x94], '(', str('a'), [0x94], 'K', [1], str('b'), ']', 'K', [2], 'a', 'u', '.');
    expect(unpickle(good).size).toBe(2);
    for (let n = 0; n < good.length; n++) expect(() => unpickle(good.subarray(0, n))).toThrow(DecodeError);
    expectDecodeError(() => unpickle(P(HEAD, '}', 'X', u32(0xffffffff), 'u.')), 'DECODE_LENGTH', 3);
    expectDecodeError(() => unpickle(P(HEAD, '}', [0x8d], [0, 0, 0, 0, 0, 0, 0, 0x10], '.')), 'DECODE_LENGTH', 3);
    expectDecodeError(() => unpickle(P(HEAD, '}', [0x8b], u32(0x7fffffff), '.')), 'DECODE_LENGTH', 3);
    expectDecodeError(() => unpickle(P(HEAD, '}', '.', 'x')), 'DECODE_TRAILING', 4);
    expectDecodeError(() => unpickle(P(HEAD, '}', [0xff], '.')), 'DECODE_SYNTAX', 3);
    expectDecodeError(() => unpickle(P(HEAD, '}', 'U', [1], 'x', '.')), 'DECODE_UNSUPPORTED', 3);
    expectDecodeError(() => unpickle(P(HEAD, '}', [0x97], '.')), 'DECODE_UNSUPPORTED', 3);
    expectDecodeError(() => unpickle(P([0x80, 6], '}', '.')), 'DECODE_UNSUPPORTED', 0);
    expectDecodeError(() => unpickle(P(HEAD, '}', 'h', [3], '.')), 'DECODE_REFERENCE', 3);
    expectDecodeError(() => unpickle(P(HEAD, 'a', '.')), 'DECODE_SYNTAX');
    expectDecodeError(() => unpickle(P(HEAD, '}', 'K', [1], 'a', '.')), 'DECODE_SYNTAX'); // APPEND to a dict
    expectDecodeError(() => unpickle(P(HEAD, '}', 'I1x\n', '.')), 'DECODE_NUMBER');
    expectDecodeError(() => unpickle(P(HEAD, '}', 'I' + '1'.repeat(5000) + '\n', '.')), 'DECODE_LENGTH');
  });

  it('cycles and changing a container after placing it are refused (they could hide depth)', () => {
    // d['a'] = d
    expectDecodeError(() => unpickle(P(HEAD, '}', [0x94], str('a'), 'h', [0], 's', '.')), 'DECODE_UNSUPPORTED');
    // l1 = [], l2 = [], l2.append(l1), then l1.append(l2) through the memo
    const cyc = P(HEAD, '}', str('a'), ']', [0x94], ']', [0x94], 'h', [0], 'a', '0', 'h', [1], 'a', 's', '.');
    expectDecodeError(() => unpickle(cyc), 'DECODE_UNSUPPORTED');
    // n empty lists memoized first, then each appended into the previous one: depth n in disguise
    const n = 20;
    const parts: Part[] = [HEAD, '}', str('a')];
    for (let i = 0; i < n; i++) parts.push(']', [0x94]);
    for (let i = 0; i < n; i++) parts.push('0');
    for (let i = 0; i < n - 1; i++) parts.push('h', [i], 'h', [i + 1], 'a', '0');
    parts.push('h', [0], 's', '.');
    expectDecodeError(() => unpickle(PA(parts), 5), 'DECODE_UNSUPPORTED');
  });

  it('depth: maxDepth levels decode, one more is DECODE_DEPTH; a 100,000-level bomb fails fast', () => {
    const nested = (n: number): Buffer => {
      // {'a': [[[...[1]...]]]} with n levels in all (the dict is one)
      const parts: Part[] = [HEAD, '}', str('a')];
      for (let i = 0; i < n - 1; i++) parts.push(']');
      parts.push('K', [1]);
      for (let i = 0; i < n - 1; i++) parts.push('a');
      parts.push('s', '.');
      return PA(parts);
    };
    expect(unpickle(nested(DEFAULT_MAX_DEPTH)).size).toBe(1);
    expectDecodeError(() => unpickle(nested(DEFAULT_MAX_DEPTH + 1)), 'DECODE_DEPTH');
    expect(djangoPickleFormat({ maxDepth: 3 }).decode(nested(3)).size).toBe(1);
    expectDecodeError(() => djangoPickleFormat({ maxDepth: 3 }).decode(nested(4)), 'DECODE_DEPTH');
    expectDecodeError(() => unpickle(nested(100_000)), 'DECODE_DEPTH');
    // tuples built from the stack count too
    const tuples = P(HEAD, '}', str('a'), 'K', [1], ...Array<Part>(50).fill([0x85]), 's', '.');
    expectDecodeError(() => unpickle(tuples, 10), 'DECODE_DEPTH');
  });

  it('random bytes (bare and after a PROTO header) never throw anything but DecodeError', () => {
    const check = (b: Uint8Array) => {
      try {
        expect(unpickle(b)).toBeInstanceOf(Map);
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), check), { numRuns: 3000 });
    const ops = fc.constantFrom(...'}](u)esaK\x01h\x00\x94q\x00N\x88\x85\x86(0.'.split('').map((c) => c.charCodeAt(0)));
    fc.assert(fc.property(fc.array(ops, { maxLength: 60 }), (a) => check(P(HEAD, '}', a))), { numRuns: 3000 });
  });
});
