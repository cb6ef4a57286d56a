/**
 * The JSON session reader: value model, ints vs floats, exact big ints, Python's NaN/Infinity,
 * errors with codes, the depth limit shared with the PHP decoders, and nesting bombs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/errors.js';
import { DEFAULT_MAX_DEPTH } from '../../../src/php/options.js';
import { PhpFloat, type PhpValue } from '../../../src/php/types.js';
import { jsonFormat, jsonToPhp } from '../../../src/session-format/json.js';
import { depthOf, expectDecodeError } from '../php/helpers.js';


describe('jsonToPhp', () => {
  it('maps objects, arrays and scalars onto the value model, in order', () => {
    const s = jsonToPhp('{"b":1,"a":[true,false,null,"x"],"__proto__":{"k":"v"},"e":{},"f":[]}');
    expect([...s.keys()]).toEqual(['b', 'a', '__proto__', 'e', 'f']);
    expect(s.get('b')).toBe(1);
    expect(s.get('a')).toEqual(new Map<number, PhpValue>([[0, true], [1, false], [2, null], [3, 'x']]));
    expect(s.get('__proto__')).toEqual(new Map([['k', 'v']]));
    expect(s.get('e')).toEqual(new Map());
    expect(Object.prototype.hasOwnProperty.call({}, 'k')).toBe(false);
  });

  it('keeps floats apart from ints, and big ints exact', () => {
    const s = jsonToPhp('{"i":1,"f":1.0,"e":1e3,"n":-0.5,"big":12345678901234567890,"neg":-9007199254740993,"safe":9007199254740991}');
    expect(s.get('i')).toBe(1);
    expect(s.get('f')).toEqual(new PhpFloat(1));
    expect(s.get('e')).toEqual(new PhpFloat(1000));
    expect(s.get('n')).toEqual(new PhpFloat(-0.5));
    expect(s.get('big')).toBe(12345678901234567890n);
    expect(s.get('neg')).toBe(-9007199254740993n);
    expect(s.get('safe')).toBe(9007199254740991);
  });

  it("reads Python's NaN and ±Infinity as floats", () => {
    const s = jsonToPhp('{"a":NaN,"b":Infinity,"c":-Infinity}');
    expect((s.get('a') as PhpFloat).value).toBeNaN();
    expect(s.get('b')).toEqual(new PhpFloat(Infinity));
    expect(s.get('c')).toEqual(new PhpFloat(-Infinity));
  });

  it('decodes escapes, keeps lone surrogates, last duplicate wins at the first position', () => {
    const s = jsonToPhp('{"s":"a\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\udc00","d":1,"x":2,"d":3}');
    expect(s.get('s')).toBe('a"b\\c/\b\f\n\r\té😀\udc00');
    expect([...s.entries()]).toEqual([['s', s.get('s')], ['d', 3], ['x', 2]]);
  });

  it('reads UTF-8 bytes, and strings as given', () => {
    expect(jsonToPhp(Buffer.from('{"é":"ü"}', 'utf8')).get('é')).toBe('ü');
    expect(jsonToPhp(' \n{"a" : [ 1 , 2 ] }\t').get('a')).toEqual(new Map([[0, 1], [1, 2]]));
  });

  it('refuses what is not one JSON object, with a code', () => {
    expectDecodeError(() => jsonToPhp('[1]'), 'DECODE_SYNTAX', 0);
    expectDecodeError(() => jsonToPhp('"x"'), 'DECODE_SYNTAX', 0);
    expectDecodeError(() => jsonToPhp(''), 'DECODE_TRUNCATED', 0);
    expectDecodeError(() => jsonToPhp('{"a":1'), 'DECODE_TRUNCATED', 6);
    expectDecodeError(() => jsonToPhp('{"a":"x'), 'DECODE_TRUNCATED');
    expectDecodeError(() => jsonToPhp('{"a":1}x'), 'DECODE_TRAILING', 7);
    expectDecodeError(() => jsonToPhp('{"a":[1,]}'), 'DECODE_SYNTAX', 8);
    expectDecodeError(() => jsonToPhp('{"a":01}'), 'DECODE_SYNTAX');
    expectDecodeError(() => jsonToPhp('{"a":-}'), 'DECODE_NUMBER');
    expectDecodeError(() => jsonToPhp('{a:1}'), 'DECODE_SYNTAX', 1);
    expectDecodeError(() => jsonToPhp('{"a":"\\x"}'), 'DECODE_SYNTAX');
    expectDecodeError(() => jsonToPhp('{"a":"\\u12"}'), 'DECODE_SYNTAX');
    expectDecodeError(() => jsonToPhp('{"a":"\u0001"}'), 'DECODE_SYNTAX');
    expectDecodeError(() => jsonToPhp(`{"a":${'9'.repeat(5000)}}`), 'DECODE_NUMBER');
    expectDecodeError(() => jsonToPhp(Buffer.from([0x7b, 0xff, 0x7d])), 'DECODE_SYNTAX');
  });

  it('counts depth like the PHP decoders: non-empty containers, the top object included', () => {
    const nest = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    expect(depthOf(jsonToPhp(nest(DEFAULT_MAX_DEPTH)))).toBe(DEFAULT_MAX_DEPTH);
    expectDecodeError(() => jsonToPhp(nest(DEFAULT_MAX_DEPTH + 1)), 'DECODE_DEPTH', DEFAULT_MAX_DEPTH * 5);
    expect(depthOf(jsonToPhp('{"a":[[[1]]]}', 4))).toBe(4);
    expectDecodeError(() => jsonToPhp('{"a":[[[1]]]}', 3), 'DECODE_DEPTH', 7);
    // empty containers do not count
    expect(jsonToPhp('{"a":[[[]]]}', 3).size).toBe(1);
    expect(jsonFormat({ maxDepth: 2 }).decode(Buffer.from('{"a":[1]}')).size).toBe(1);
    expectDecodeError(() => jsonFormat({ maxDepth: 2 }).decode(Buffer.from('{"a":[[1]]}')), 'DECODE_DEPTH');
  });

  it('rejects a 100,000-level nesting bomb with DECODE_DEPTH (arrays, objects, unclosed)', () => {
    const n = 100_000;
    for (const bomb of ['{"a":' + '['.repeat(n) + ']'.repeat(n) + '}', '{"a":'.repeat(n) + '1' + '}'.repeat(n), '{"a":' + '['.repeat(n)]) {
      expectDecodeError(() => jsonToPhp(bomb), 'DECODE_DEPTH');
    }
  });

  it('random text and bytes: a session or a DecodeError, nothing else', () => {
    const check = (input: string | Uint8Array) => {
      try {
        expect(jsonToPhp(input)).toBeInstanceOf(Map);
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'{}[]",:0123456789.-eE tfnrulsaNI\\u') , maxLength: 80 }), check), { numRuns: 3000 });
    fc.assert(fc.property(fc.json(), (j) => check(`{"k":${j}}`)), { numRuns: 1000 });
  });

  it('agrees with JSON.parse on the structure of ordinary JSON', () => {
    const plain = (v: PhpValue): unknown => {
      if (v instanceof Map) {
        const arr = [...v.keys()].every((k, i) => k === i);
        return arr && v.size > 0 ? [...v.values()].map(plain) : Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
      }
      if (v instanceof PhpFloat) return v.value;
      if (typeof v === 'bigint') return Number(v);
      return v;
    };
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const text = JSON.stringify(obj);
        const mine = plain(jsonToPhp(text)) as Record<string, unknown>;
        const theirs = JSON.parse(text) as Record<string, unknown>;
        // empty arrays come back as empty Maps → {}; normalise both sides
        const norm = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (Array.isArray(v) && v.length === 0 ? {} : v)));
        expect(norm(mine)).toEqual(norm(theirs));
      }),
      { numRuns: 500 },
    );
  });
});
