import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { phpStringCodec, unwrapPhpString } from '../../../src/value-codec/php-string.js';
import { runPhp } from '../../harness/php.js';
import { havePrograms } from '../../harness/programs.js';

const codec = phpStringCodec();
const b = (s: string): Buffer => Buffer.from(s, 'latin1');

function corrupt(bytes: Uint8Array): string | undefined {
  try {
    codec.decode(bytes, 0);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(IsauthError);
    return (e as IsauthError).code;
  }
}

describe('phpStringCodec', () => {
  it('unwraps exactly one s:N:"…"; to its bytes, without copying', () => {
    const v = b('s:5:"a;"\x00b";');
    const out = codec.decode(v, 0);
    expect(Buffer.from(out).toString('latin1')).toBe('a;"\x00b');
    expect(out.buffer).toBe(v.buffer);
    expect(Buffer.from(codec.decode(b('s:0:"";'), 0)).length).toBe(0);
  });

  it('refuses everything else with VALUE_CORRUPT', () => {
    const bad = ['', 's:5:"abcd";', 's:5:"abcdef";', 's:5:"abcde"', 's:5:"abcde";x', 's:5:"abcde":', 's:05:"abcde";',
      's:-5:"abcde";', 's:+5:"abcde";', 's::"";', 's:5:abcde;', "s:5:'abcde';", 'S:5:"abcde";', 'i:5;', 'a:0:{}',
      'N;', 's:99999999999999999999:"x";', ' s:1:"x";', 's:1:"x"; ', 's:1:"x";;'];
    for (const s of bad) expect(corrupt(b(s)), JSON.stringify(s)).toBe('VALUE_CORRUPT');
  });

  it('round-trips every byte string (fast-check), and refuses it with a wrong length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: -3, max: 3 }), (body, delta) => {
        const wrap = (n: number): Buffer => Buffer.concat([b(`s:${n}:"`), body, b('";')]);
        expect(Buffer.from(unwrapPhpString(wrap(body.length))!)).toEqual(Buffer.from(body));
        if (delta !== 0 && body.length + delta >= 0) expect(unwrapPhpString(wrap(body.length + delta))).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but VALUE_CORRUPT on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const code = corrupt(bytes);
        return code === undefined || code === 'VALUE_CORRUPT';
      }),
      { numRuns: 1000 },
    );
  });
});

describe.runIf(havePrograms('php'))("phpStringCodec reads PHP's own serialize() of strings", () => {
  it('for session payloads, binary and multibyte strings', () => {
    const values = ['a:1:{s:3:"foo";i:1;}', '', 'é€😀', '\x00\xff";s:1:"', 'x'.repeat(70_000)];
    const out = JSON.parse(
      runPhp('echo json_encode(array_map(fn($s) => base64_encode(serialize($s)), json_decode(stream_get_contents(STDIN))));', {
        input: JSON.stringify(values),
      }).toString(),
    ) as string[];
    out.forEach((ser, i) => {
      expect(Buffer.from(codec.decode(Buffer.from(ser, 'base64'), 0))).toEqual(Buffer.from(values[i]!, 'utf8'));
    });
  });
});
