import { describe, expect, it } from 'vitest';
import { decodeSession, decodeSessionKeys } from '../../../src/php/session.js';
import { PhpBytes, PhpObject } from '../../../src/php/types.js';
import { toJson } from '../../../src/php/to-json.js';
import { B, expectDecodeError } from './helpers.js';

describe('php serializer', () => {
  it('reads name|value pairs with one numbering context', () => {
    const s = decodeSession(B('a|i:1;b|a:1:{i:0;s:1:"x";}c|R:3;d|R:1;e|O:1:"A":0:{}f|r:4;'), 'php');
    expect([...s.keys()]).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(s.get('c')).toBe('x');
    expect(s.get('d')).toBe(1);
    expect(s.get('f')).toBe(s.get('e'));
  });

  it('keeps odd names as PHP does (numeric, empty, with "!" or ";")', () => {
    const s = decodeSession(B('5|i:1;|i:2;a!|i:3;a|a:0:{};b|i:4;'), 'php');
    expect([...s.keys()]).toEqual(['5', '', 'a!', 'a', ';b']);
  });

  it('keeps a non-UTF-8 name as bytes', () => {
    const s = decodeSession(B('\xff|N;'), 'php');
    expect([...s.keys()][0]).toBeInstanceOf(PhpBytes);
  });

  it('an empty session is empty; a tail without "|" fails like PHP 8.2', () => {
    expect(decodeSession(B(''), 'php').size).toBe(0);
    expectDecodeError(() => decodeSession(B('a|i:1;b'), 'php'), 'DECODE_TRAILING', 6);
    expectDecodeError(() => decodeSession(B('a|i:1;b|'), 'php'), 'DECODE_TRUNCATED', 8);
    expectDecodeError(() => decodeSession(B('a|i:1;b|x'), 'php'), 'DECODE_SYNTAX', 8);
    expectDecodeError(() => decodeSession(B('a|i:1;b|R:2;'), 'php'), 'DECODE_REFERENCE', 8);
  });
});

describe('php_binary serializer', () => {
  it('reads length-prefixed names and ignores the 0x80 flag like PHP 8.2', () => {
    const s = decodeSession(B('\x01ai:1;\x81bs:1:"x";\x00N;'), 'php_binary');
    expect([...s]).toEqual([['a', 1], ['b', 'x'], ['', null]]);
  });

  it('rejects a name without a value and trailing junk', () => {
    expectDecodeError(() => decodeSession(B('\x81a'), 'php_binary'), 'DECODE_TRUNCATED', 2);
    expectDecodeError(() => decodeSession(B('\x01ai:1;x'), 'php_binary'), 'DECODE_TRUNCATED', 7);
    expectDecodeError(() => decodeSession(B('\x01ai:1;\x01bx'), 'php_binary'), 'DECODE_SYNTAX', 8);
  });
});

describe('php_serialize serializer', () => {
  it('reads one array, int keys stay ints, trailing bytes ignored like PHP', () => {
    const s = decodeSession(B('a:2:{s:1:"a";i:1;i:5;b:1;}garbage'), 'php_serialize');
    expect([...s]).toEqual([['a', 1], [5, true]]);
  });

  it('empty string and N; are empty sessions; other types are rejected', () => {
    expect(decodeSession(B(''), 'php_serialize').size).toBe(0);
    expect(decodeSession(B('N;'), 'php_serialize').size).toBe(0);
    expectDecodeError(() => decodeSession(B('i:5;'), 'php_serialize'), 'DECODE_UNSUPPORTED', 0);
    expectDecodeError(() => decodeSession(B('a:1:{s:1:"a";i:1;'), 'php_serialize'), 'DECODE_TRUNCATED', 17);
  });
});

describe('decodeSessionKeys', () => {
  const php = B('big|a:2:{i:0;s:3:"abc";i:1;O:1:"A":0:{}}user|i:7;ref|R:2;obj|r:3;tok|s:2:"ok";');

  it('builds only the wanted variables and equals the full decode filtered', () => {
    for (const want of [['user'], ['tok', 'user'], ['ref'], ['obj'], ['nope'], []]) {
      const wanted = new Set(want);
      const full = decodeSession(php, 'php');
      const expected = new Map([...full].filter(([k]) => wanted.has(String(k))));
      expect(toJson(decodeSessionKeys(php, 'php', wanted))).toBe(toJson(expected));
    }
    expect(decodeSessionKeys(php, 'php', new Set(['obj'])).get('obj')).toBeInstanceOf(PhpObject);
  });

  it('still validates the skipped variables', () => {
    expectDecodeError(() => decodeSessionKeys(B('a|i:1;b|s:5:"x";'), 'php', new Set(['a'])), 'DECODE_LENGTH', 10);
    expectDecodeError(() => decodeSessionKeys(B('a|i:1;b|r:1;'), 'php', new Set(['a'])), 'DECODE_REFERENCE', 8);
  });

  it('works for php_serialize, including int keys and a reference to the whole array', () => {
    const s = B('a:3:{s:1:"a";i:1;i:5;s:1:"x";s:1:"b";R:1;}');
    expect([...decodeSessionKeys(s, 'php_serialize', new Set(['5']))]).toEqual([[5, 'x']]);
    const b = decodeSessionKeys(s, 'php_serialize', new Set(['b'])).get('b') as Map<unknown, unknown>;
    expect([...b.keys()]).toEqual(['a', 5, 'b']);
  });

  it('works for php_binary', () => {
    const s = B('\x01ai:1;\x01bR:1;');
    expect([...decodeSessionKeys(s, 'php_binary', new Set(['b']))]).toEqual([['b', 1]]);
  });
});
