/**
 * DECODE_AMBIGUOUS_REFERENCE: after a `C:` payload that looks like serialize() output, a
 * back-reference past that `C:` object is refused (PHP may number the payload's values);
 * references up to it, and after payloads that cannot hold serialized values, resolve.
 * Real PHP output: test/integration/php/serializable-refs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeSession, decodeSessionKeys } from '../../../src/php/session.js';
import { unserialize } from '../../../src/php/unserialize.js';
import { PhpSerializable } from '../../../src/php/types.js';
import { B, expectDecodeError } from './helpers.js';

const box = (payload: string) => `C:3:"Box":${payload.length}:{${payload}}`;

describe('back-references after a C: payload', () => {
  it('refuses R: and r: past a serialize()-looking payload, at the reference', () => {
    const data = `a|${box('a:1:{i:0;s:1:"x";}')}b|s:1:"p";c|R:2;`;
    expectDecodeError(() => decodeSession(B(data), 'php'), 'DECODE_AMBIGUOUS_REFERENCE', data.indexOf('R:2'));
    const obj = `a:3:{i:0;${box('N;')}i:1;O:8:"stdClass":0:{}i:2;r:3;}`;
    expectDecodeError(() => unserialize(B(obj)), 'DECODE_AMBIGUOUS_REFERENCE', obj.indexOf('r:3'));
    // Even when isauth has no such value number at all (PHP may have).
    expectDecodeError(() => unserialize(B(`a:2:{i:0;${box('i:1;')}i:1;R:9;}`)), 'DECODE_AMBIGUOUS_REFERENCE');
  });

  it('every payload that holds a value type before ":" (or N;) counts', () => {
    for (const payload of ['b:1;', 'i:0;', 'd:1.5;', 's:0:"";', 'S:0:"";', 'a:0:{}', 'O:1:"X":0:{}', 'C:1:"X":0:{}', 'E:3:"X:Y";', 'r:1;', 'R:1;', 'N;', 'x:i:0;']) {
      const data = `a|${box(payload)}b|s:1:"p";c|R:2;`;
      expectDecodeError(() => decodeSession(B(data), 'php'), 'DECODE_AMBIGUOUS_REFERENCE');
    }
  });

  it('references up to the C: object itself still resolve', () => {
    const s = decodeSession(B(`a|s:1:"p";b|${box('a:0:{}')}c|R:1;d|r:2;`), 'php');
    expect(s.get('c')).toBe('p');
    expect(s.get('d')).toBeInstanceOf(PhpSerializable);
    expect(s.get('d')).toBe(s.get('b'));
    const keys = decodeSessionKeys(B(`a|s:1:"p";b|${box('a:0:{}')}c|R:1;`), 'php', new Set(['c']));
    expect(keys.get('c')).toBe('p');
  });

  it('payloads that cannot be serialize() output shift nothing', () => {
    for (const payload of ['', 'abc', '["s1","s2"]', '{"a":1}', 'raw\0payload{};', 'YToxOntpOjA7Tjt9']) {
      const s = decodeSession(B(`a|${box(payload)}b|s:1:"p";c|R:2;`), 'php');
      expect({ payload, c: s.get('c') }).toEqual({ payload, c: 'p' });
    }
  });

  it('a payload inside a skipped variable still counts (decodeSessionKeys refuses like decodeSession)', () => {
    const data = `a|a:1:{i:0;${box('i:5;')}}b|s:1:"p";c|R:3;`;
    expectDecodeError(() => decodeSession(B(data), 'php'), 'DECODE_AMBIGUOUS_REFERENCE');
    expectDecodeError(() => decodeSessionKeys(B(data), 'php', new Set(['c'])), 'DECODE_AMBIGUOUS_REFERENCE');
    expectDecodeError(() => decodeSessionKeys(B(data), 'php', new Set(['b'])), 'DECODE_AMBIGUOUS_REFERENCE');
  });
});
