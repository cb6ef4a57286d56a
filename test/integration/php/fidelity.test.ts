/**
 * FIDELITY against real PHP 8.x: PHP writes sessions with every serializer, PHP decodes them
 * into a canonical typed form, and isauth's decoder must produce the same form. Inputs PHP
 * rejects must be rejected too (checked on every prefix of the sample and on edge cases).
 */
import { describe, expect, it } from 'vitest';
import { havePhpExtensions } from '../../harness/programs.js';
import { DecodeError } from '../../../src/errors.js';
import { decodeSession, decodeSessionKeys } from '../../../src/php/session.js';
import type { SerializerName } from '../../../src/php/types.js';
import { canon, phpDecode, phpEncode } from './php-canon.js';

const B = (s: string) => Buffer.from(s, 'latin1');

function ours(handler: SerializerName, bytes: Uint8Array, knows = true): unknown {
  try {
    return canon(decodeSession(bytes, handler), knows);
  } catch (e) {
    if (e instanceof DecodeError) return false;
    throw e;
  }
}

describe.runIf(havePhpExtensions('igbinary', 'session'))('fidelity with PHP session_decode', () => {
  for (const handler of ['php', 'php_binary', 'php_serialize', 'igbinary'] as const) {
    describe(handler, () => {
      const enc = phpEncode(handler);

      it('decodes every type exactly as PHP does', () => {
        const [phpSample, phpEmpty] = phpDecode(handler, [enc.sample, enc.empty]);
        expect(phpSample).not.toBe(false);
        expect(ours(handler, enc.sample)).toEqual(phpSample);
        expect(ours(handler, enc.empty)).toEqual(phpEmpty);
        expect(decodeSession(enc.empty, handler).size).toBe(0);
      });

      it('decodeSessionKeys gives the same values as PHP for any selection', () => {
        const full = decodeSession(enc.sample, handler);
        const names = [...full.keys()].filter((k): k is string => typeof k === 'string');
        for (const name of names) {
          const part = decodeSessionKeys(enc.sample, handler, new Set([name]));
          expect(canon(part)).toEqual(canon(new Map([[name, full.get(name)!]])));
        }
      });

      it('accepts and rejects every prefix exactly as PHP does', () => {
        const prefixes = Array.from({ length: enc.sample.length + 1 }, (_, i) => enc.sample.subarray(0, i));
        const php = phpDecode(handler, prefixes);
        const mismatches = prefixes
          .map((p, i) => ({ i, php: php[i], ours: ours(handler, p) }))
          .filter((m) => JSON.stringify(m.php) !== JSON.stringify(m.ours))
          .map((m) => ({ length: m.i, php: m.php === false ? 'rejects' : 'accepts', ours: m.ours === false ? 'rejects' : 'accepts' }));
        expect(mismatches).toEqual([]);
      });
    });
  }

  it('edge cases: trailing bytes, odd names, numbers — same verdict and value as PHP', () => {
    const cases: [SerializerName, string][] = [
      ['php', 'a|i:1;b'], ['php', 'a|i:1;;b|i:2;'], ['php', '|i:1;'], ['php', 'a|i:99999999999999999999;'],
      ['php', 'a|i:-9223372036854775809;'], ['php', 'a|d:1.;b|d:.5;c|d:-0;d|d:1e999;'], ['php', 'a|d:+INF;'],
      ['php', 'a|O:3:"Foo"::{}'], ['php', 'a|O:3:"Foo":+1:{s:1:"x";i:1;}'], ['php', 'a|O:3:"F-o":0:{}'],
      ['php', 'a|a:2:{s:1:"x";i:1;s:1:"x";i:2;}'], ['php', 'a|O:8:"stdClass":1:{i:5;i:1;}'], ['php', 'a|a:1:{S:1:"5";i:1;}'],
      ['php', 'a|i:1;b|r:1;'], ['php', 'a|a:1:{i:0;a:0:{}}b|R:2;'], ['php', 'a|s:01:"x";'], ['php', 'a|s:+1:"x";'],
      ['php', 'a|a:1:{s:1:"x";i:1;}junk|'], ['php', 'a|C:3:"Foo":3:{abc}'],
      ['php_binary', '\x01ai:1;'], ['php_binary', '\x81ai:1;'], ['php_binary', '\x81a'], ['php_binary', '\x01ai:1;x'],
      ['php_serialize', 'a:1:{s:1:"a";i:1;}garbage'], ['php_serialize', ''], ['php_serialize', 'N;'],
      ['php_serialize', 'a:1:{s:1:"a";i:1;'], ['php_serialize', 'a:1:{i:5;i:1;}'],
      ['igbinary', ''], ['igbinary', '\0\0\0\x02\x14\x01\x11\x01a\x06\x01junk'], ['igbinary', '\0\0\0\x01\x14\x00'],
      ['igbinary', '\0\0\0\x03\x14\x00'], ['igbinary', '\0\0\0\x02\x14\x02\x06\x00\x05\x11\x01a\x05'],
      ['igbinary', '\0\0\0\x02\x14\x01\x11\x01a\x20\x80\0\0\0\0\0\0\x01'],
    ];
    for (const [handler, data] of cases) {
      const [php] = phpDecode(handler, [B(data)]);
      expect({ handler, data, result: ours(handler, B(data)) }).toEqual({ handler, data, result: php });
    }
  });

  it('depth: isauth accepts and rejects the same nesting as PHP (4096 levels: arrays, objects, empty arrays free)', () => {
    const nest = (n: number, inner = 'N;') => 'a:1:{i:0;'.repeat(n) + inner + '}'.repeat(n);
    const objs = (n: number) => 'O:8:"stdClass":1:{s:1:"p";'.repeat(n) + 'N;' + '}'.repeat(n);
    const cases: [SerializerName, string, boolean][] = [
      ['php_serialize', nest(4096), true],
      ['php_serialize', nest(4097), false],
      ['php_serialize', nest(4096, 'a:0:{}'), true],
      ['php_serialize', nest(1, objs(4095)), true],
      ['php_serialize', nest(1, objs(4096)), false],
      ['php', `x|${nest(4096)}`, true],
      ['php', `x|${nest(4097)}`, false],
      ['php', `x|${objs(4096)}`, true],
      ['php', `x|${objs(4097)}`, false],
    ];
    for (const [handler, data, accepted] of cases) {
      const [php] = phpDecode(handler, [B(data)]);
      // Compare verdicts only: canon() itself recurses and is not meant for 4096 levels.
      const oursOk = (() => {
        try {
          decodeSession(B(data), handler);
          return true;
        } catch (e) {
          if (e instanceof DecodeError) return false;
          throw e;
        }
      })();
      expect({ handler, len: data.length, php: php !== false, ours: oursOk }).toEqual({ handler, len: data.length, php: accepted, ours: accepted });
    }
  });
});
