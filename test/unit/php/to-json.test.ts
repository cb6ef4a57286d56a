import { describe, expect, it } from 'vitest';
import { toJson } from '../../../src/php/to-json.js';
import { PhpObject, type PhpValue } from '../../../src/php/types.js';
import { unserialize } from '../../../src/php/unserialize.js';
import { B } from './helpers.js';

const j = (s: string) => toJson(unserialize(B(s)));

describe('toJson', () => {
  it('lists become arrays, other arrays objects in PHP order', () => {
    expect(j('a:2:{i:0;s:1:"a";i:1;s:1:"b";}')).toBe('["a","b"]');
    expect(j('a:2:{i:1;s:1:"a";i:0;s:1:"b";}')).toBe('{"1":"a","0":"b"}');
    expect(j('a:2:{s:9:"__proto__";i:1;s:1:"z";i:2;}')).toBe('{"__proto__":1,"z":2}');
    expect(j('a:0:{}')).toBe('[]');
  });

  it('prints integers exactly and special floats as strings', () => {
    expect(j('i:9223372036854775807;')).toBe('9223372036854775807');
    expect(j('i:-9223372036854775808;')).toBe('-9223372036854775808');
    expect(j('a:6:{i:0;d:0.1;i:1;d:INF;i:2;d:-INF;i:3;d:NAN;i:4;d:-0;i:5;d:1.0E+300;}')).toBe('[0.1,"INF","-INF","NAN",-0,1e+300]');
  });

  it('maps objects, Serializable, enums, bytes', () => {
    expect(j('O:3:"Foo":3:{s:1:"a";i:1;s:4:"\0*\0b";i:2;s:6:"\0Foo\0c";i:3;}')).toBe('{"__class":"Foo","a":1,"b":2,"c":3}');
    expect(j('O:3:"Foo":2:{s:6:"\0Bar\0a";i:1;s:1:"a";i:2;}')).toBe('{"__class":"Foo","\\u0000Bar\\u0000a":1,"a":2}');
    expect(j('C:3:"Foo":3:{abc}')).toBe('{"__class":"Foo","__serialized":"abc"}');
    expect(j('E:11:"Suit:Hearts";')).toBe('{"__enum":"Suit:Hearts"}');
    expect(j('s:2:"\xff\x00";')).toBe('{"__bytes":"/wA="}');
    expect(JSON.parse(j('s:4:"\xc3\xa9\n\x00";'))).toBe('é\n\0');
  });

  it('prints a value met again as a reference to where it was printed, and marks cycles', () => {
    expect(j('a:2:{i:0;a:1:{i:0;i:1;}i:1;R:2;}')).toBe('[[1],{"__ref":"/0"}]');
    expect(j('a:1:{i:0;R:1;}')).toBe('[{"__cycle":true}]');
    expect(j('O:1:"A":1:{s:4:"self";r:1;}')).toBe('{"__class":"A","self":{"__cycle":true}}');
    // objects met twice (r:), keys needing RFC 6901 escapes (`~` → ~0, `/` → ~1), the unmangled name
    expect(j('a:2:{s:3:"a/b";O:1:"C":1:{s:4:"\0*\0x";O:1:"B":0:{}}s:3:"c~d";r:3;}')).toBe('{"a/b":{"__class":"C","x":{"__class":"B"}},"c~d":{"__ref":"/a~1b/x"}}');
  });

  it('grows with the input, not with the paths through shared values (2^40 paths)', () => {
    // level n: an object whose a and b are both level n-1
    let node: PhpValue = new PhpObject('L', new Map([['v', 1]]));
    for (let n = 1; n <= 40; n++) node = new PhpObject('N', new Map<string, PhpValue>([['a', node], ['b', node]]));
    const json = toJson(node);
    expect(json.length).toBeLessThan(5000);
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(parsed.b).toEqual({ __ref: '/a' });
  });

  it('refuses to print more than the limit: JSON_TOO_LARGE', () => {
    const big = `a:1:{i:0;s:100:"${'x'.repeat(100)}";}`;
    expect(() => toJson(unserialize(B(big)), 50)).toThrow(expect.objectContaining({ code: 'JSON_TOO_LARGE' }));
    expect(toJson(unserialize(B(big)), 200)).toBe(`["${'x'.repeat(100)}"]`);
  });
});
