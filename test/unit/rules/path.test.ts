import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhpEnum, PhpSerializable, type PhpKey, type PhpValue } from '../../../src/php/types.js';
import { compilePath, MISSING, parsePath, phpArrayKey } from '../../../src/rules/path.js';
import { arr, obj, rec, sess } from './build.js';

const at = (path: string, s: Map<PhpKey, PhpValue>) => {
  const segs = parsePath(path);
  if (typeof segs === 'string') throw new Error(segs);
  return compilePath(segs)(s);
};

describe('phpArrayKey', () => {
  it.each<[string, PhpKey]>([
    ['5', 5], ['0', 0], ['-3', -3], ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992n], ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775808', '9223372036854775808'], ['05', '05'], ['-0', '-0'], ['+1', '+1'],
    ['1.0', '1.0'], [' 1', ' 1'], ['', ''], ['abc', 'abc'],
  ])('%s → %s', (input, want) => {
    expect(phpArrayKey(input)).toBe(want);
  });

  it('round-trips every safe integer through its decimal form', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => phpArrayKey(String(n)) === n));
  });
});

describe('parsePath', () => {
  it('keeps slashes in the top-level key', () => {
    expect(parsePath('symfony/user/sfUser/authenticated')).toEqual(['symfony/user/sfUser/authenticated']);
  });
  it('splits on |', () => expect(parsePath('a|b|c')).toEqual(['a', 'b', 'c']));
  it.each(['', '|a', 'a|', 'a||b'])('rejects %j', (p) => expect(typeof parsePath(p)).toBe('string'));
});

describe('compilePath', () => {
  const s = sess({
    user: rec({ role: 'admin', '5': 'string five', groups: arr([0, 'staff'], [1, 'dev']) }),
    nums: arr([5, 'int five'], [9007199254740993n, 'big']),
    o: obj('App\\User', { '\0*\0prot': 'p', '\0App\\User\0priv': 'q', pub: 'r', nested: rec({ x: 1 }) }),
    both: obj('C', { '\0C\0name': 'private', name: 'public' }),
    scalar: 'text',
    ser: new PhpSerializable('X', new Uint8Array()),
    e: new PhpEnum('Suit', 'Hearts'),
    nil: null,
  });

  it('reads top-level keys', () => {
    expect(at('scalar', s)).toBe('text');
    expect(at('nil', s)).toBe(null);
    expect(at('absent', s)).toBe(MISSING);
  });
  it('descends arrays, normalising numeric sub-keys like PHP', () => {
    expect(at('user|role', s)).toBe('admin');
    expect(at('user|groups|1', s)).toBe('dev');
    expect(at('nums|5', s)).toBe('int five');
    expect(at('nums|9007199254740993', s)).toBe('big');
    // the array holds the string key "5" (a decoder would not produce it, but it must not be found as int 5)
    expect(at('user|5', s)).toBe(MISSING);
    expect(at('nums|05', s)).toBe(MISSING);
  });
  it('descends objects by unmangled name, public first', () => {
    expect(at('o|prot', s)).toBe('p');
    expect(at('o|priv', s)).toBe('q');
    expect(at('o|pub', s)).toBe('r');
    expect(at('o|nested|x', s)).toBe(1);
    expect(at('both|name', s)).toBe('public');
  });
  it('returns MISSING through scalars, Serializable and enums', () => {
    for (const p of ['scalar|0', 'ser|x', 'e|name', 'nil|x', 'user|role|x', 'absent|x']) expect(at(p, s)).toBe(MISSING);
  });
  it('finds integer top-level keys of php_serialize sessions', () => {
    expect(at('7', arr([7, 'seven']))).toBe('seven');
    expect(at('7', arr(['7', 'string seven'], [7, 'int']))).toBe('string seven');
  });
  it('treats prototype names as plain data', () => {
    const p = arr(['__proto__', rec({ constructor: 'x' })], ['constructor', true]);
    expect(at('__proto__|constructor', p)).toBe('x');
    expect(at('constructor', p)).toBe(true);
    expect(at('hasOwnProperty', p)).toBe(MISSING);
    expect(at('__proto__|toString', p)).toBe(MISSING);
    expect(at('o|constructor', sess({ o: obj('X', {}) }))).toBe(MISSING);
  });

  it('finds any value placed at any path (property)', () => {
    const seg = fc.oneof(fc.string({ minLength: 1 }).filter((x) => !x.includes('|')), fc.nat().map(String));
    fc.assert(
      fc.property(fc.array(seg, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.string(), (path, viaObject, leaf) => {
        // build from the leaf outwards; sub-levels as arrays (PHP-normalised keys) or objects
        let v: PhpValue = leaf;
        for (let i = path.length - 1; i >= 1; i--) {
          const k = path[i] as string;
          v = viaObject ? obj('X', { [`\0*\0${k}`]: v }) : arr([phpArrayKey(k), v]);
        }
        const top = sess();
        top.set(path[0] as string, v);
        expect(compilePath(path)(top)).toBe(leaf);
        // a different final key is not found
        const other = [...path.slice(0, -1), `${path.at(-1)}x`];
        if (path.length > 1) expect(compilePath(other)(top)).toBe(MISSING);
      }),
    );
  });
});
