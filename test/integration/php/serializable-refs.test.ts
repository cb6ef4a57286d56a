/**
 * `C:` (Serializable) payloads and back-references, on real session_encode() output. When the
 * application's class unserializes its payload with unserialize(), PHP numbers the payload's
 * values with the session's, so a later `R:`/`r:` counts them; whether it does is the class's
 * choice, which isauth cannot see. So a reference that such a payload could shift is refused
 * (DECODE_AMBIGUOUS_REFERENCE), never answered with a possibly wrong value; igbinary keeps
 * its own numbering and is not affected.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPhp } from '../../harness/php.js';
import { havePhpExtensions } from '../../harness/programs.js';
import { decodeSession, decodeSessionKeys } from '../../../src/php/session.js';
import { toJson } from '../../../src/php/to-json.js';
import type { PhpSession, SerializerName } from '../../../src/php/types.js';
import { expectDecodeError } from '../../unit/php/helpers.js';

const SCRIPT = fileURLToPath(new URL('./fixtures/serializable-refs.php', import.meta.url));
const INI = { 'session.use_cookies': '0', 'session.save_path': '/tmp', 'session.use_strict_mode': '0' };

type CaseName = 'late' | 'text' | 'early' | 'self' | 'json';
interface PhpCase {
  bytes: Buffer;
  ok: boolean;
  /** What PHP's session_decode gives for `c` (for an object: whether it is `a` itself). */
  c: unknown;
}

function phpCases(handler: SerializerName): Record<CaseName, PhpCase> {
  const out = JSON.parse(runPhp(`require ${JSON.stringify(SCRIPT)};`, { ini: INI, input: handler }).toString('utf8')) as
    Record<CaseName, { bytes: string; ok: boolean; c: unknown }>;
  const cases = {} as Record<CaseName, PhpCase>;
  for (const [name, c] of Object.entries(out)) cases[name as CaseName] = { ...c, bytes: Buffer.from(c.bytes, 'base64') };
  return cases;
}

/** isauth's `c` in PHP's terms (see phpCases). */
function oursC(session: PhpSession): unknown {
  const c = session.get('c')!;
  return typeof c === 'object' && c !== null && !(c instanceof Map) ? { 'same object as a': c === session.get('a') } : JSON.parse(toJson(c));
}

describe.runIf(havePhpExtensions('igbinary', 'session'))('C: payloads and later back-references (real session_encode output)', () => {
  for (const handler of ['php', 'php_binary', 'php_serialize'] as const) {
    describe(handler, () => {
      const cases = phpCases(handler);

      it('a reference past a payload written by serialize() is refused, never answered with another value', () => {
        for (const name of ['late', 'text'] as const) {
          const { bytes, ok, c } = cases[name];
          expect({ name, ok, c }).toEqual({ name, ok: true, c: ['shared'] });
          expectDecodeError(() => decodeSession(bytes, handler), 'DECODE_AMBIGUOUS_REFERENCE');
          // Selecting keys changes nothing: the whole session is still read and numbered.
          expectDecodeError(() => decodeSessionKeys(bytes, handler, new Set(['c'])), 'DECODE_AMBIGUOUS_REFERENCE');
          expectDecodeError(() => decodeSessionKeys(bytes, handler, new Set(['x'])), 'DECODE_AMBIGUOUS_REFERENCE');
        }
        // The same payload bytes, two numberings: PHP's reference differs by class alone.
        const ref = (b: Buffer) => /R:(\d+);}?$/.exec(b.toString('latin1'))?.[1];
        expect(ref(cases.late.bytes)).not.toBe(ref(cases.text.bytes));
      });

      it('references up to the C: object itself, and after a payload that is not serialized, decode as in PHP', () => {
        for (const name of ['early', 'self', 'json'] as const) {
          const { bytes, ok, c } = cases[name];
          expect(ok).toBe(true);
          expect({ name, c: oursC(decodeSession(bytes, handler)) }).toEqual({ name, c });
          expect({ name, c: oursC(decodeSessionKeys(bytes, handler, new Set(['a', 'c']))) }).toEqual({ name, c });
        }
      });
    });
  }

  it('igbinary: its references do not count payload values, so every case decodes as in PHP', () => {
    const cases = phpCases('igbinary');
    for (const name of ['late', 'text', 'early', 'self', 'json'] as const) {
      const { bytes, ok, c } = cases[name];
      expect(ok).toBe(true);
      expect({ name, c: oursC(decodeSession(bytes, 'igbinary')) }).toEqual({ name, c });
    }
  });
});
