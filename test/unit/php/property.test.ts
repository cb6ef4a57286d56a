/**
 * Property tests: random value trees survive serialize → decode (PHP format and igbinary), and
 * arbitrary or corrupted bytes only ever produce a value or a DecodeError.
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/errors.js';
import { decodeSession, decodeSessionKeys } from '../../../src/php/session.js';
import { igbinaryUnserialize } from '../../../src/php/igbinary.js';
import { toJson } from '../../../src/php/to-json.js';
import { unserialize } from '../../../src/php/unserialize.js';
import { PhpBytes, PhpEnum, PhpFloat, PhpObject, PhpSerializable, SERIALIZERS } from '../../../src/php/types.js';
import type { PhpKey, PhpValue } from '../../../src/php/types.js';
import { B, igbinary, phpSerialize } from './helpers.js';

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => (Number.isSafeInteger(Number(b)) && BigInt(Number(b)) === b ? Number(b) : b));
const bytes = fc.uint8Array({ maxLength: 12 }).map((u) => (Buffer.from(u).toString('utf8') === Buffer.from(u).toString('utf8') && isValid(u) ? Buffer.from(u).toString('utf8') : new PhpBytes(u)));
function isValid(u: Uint8Array): boolean {
  return Buffer.from(Buffer.from(u).toString('utf8'), 'utf8').equals(Buffer.from(u));
}
const str = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', '', '0', '-1', '01'), bytes);
const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const float = fc.double().map((d) => new PhpFloat(d));

/** Keys as unserialize produces them: numeric strings are ints. */
function normKey(k: PhpKey): PhpKey {
  if (typeof k !== 'string') return k;
  if (/^(0|-?[1-9][0-9]*)$/.test(k)) {
    const b = BigInt(k);
    if (b >= -(2n ** 63n) && b < 2n ** 63n) return Number.isSafeInteger(Number(b)) ? Number(b) : b;
  }
  return k;
}

const { value } = fc.letrec<{ value: PhpValue; array: PhpValue; object: PhpValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), int64, float, str,
    ident.chain((c) => ident.map((k) => new PhpEnum(c, k))),
    ident.chain((c) => fc.uint8Array({ maxLength: 8 }).map((d) => new PhpSerializable(c, d))),
    tie('array'), tie('object'),
  ),
  array: fc.array(fc.tuple(fc.oneof(int64, str), tie('value')), { maxLength: 5 })
    .map((es) => new Map(es.map(([k, v]) => [normKey(k as PhpKey), v] as [PhpKey, PhpValue])))
    .map((m) => dedupe(m)),
  object: fc.tuple(ident, fc.array(fc.tuple(fc.oneof(ident, ident.map((n) => `\0*\0${n}`)), tie('value')), { maxLength: 4 }))
    .map(([c, ps]) => new PhpObject(c, new Map(ps))),
}));

/** PhpBytes keys are distinct objects; drop those equal in bytes to keep the model comparable. */
function dedupe(m: Map<PhpKey, PhpValue>): Map<PhpKey, PhpValue> {
  const seen = new Set<string>();
  const out = new Map<PhpKey, PhpValue>();
  for (const [k, v] of m) {
    const id = k instanceof PhpBytes ? `b:${Buffer.from(k.bytes).toString('hex')}` : `${typeof k}:${String(k)}`;
    const alias = typeof k === 'bigint' ? `number:${String(k)}` : id;
    if (seen.has(id) || seen.has(alias)) continue;
    seen.add(id);
    seen.add(alias);
    out.set(k, v);
  }
  return out;
}

function onlyDecodeErrors(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
  }
}

describe('property: round trips', () => {
  it('PHP serialize format', () => {
    fc.assert(fc.property(value, (v) => {
      expect(toJson(unserialize(phpSerialize(v)))).toBe(toJson(v));
    }), { numRuns: 400 });
  });

  it('igbinary format', () => {
    fc.assert(fc.property(value, (v) => {
      expect(toJson(igbinaryUnserialize(igbinary(v)))).toBe(toJson(v));
    }), { numRuns: 400 });
  });

  it('php_serialize session and decodeSessionKeys agree with the full decode', () => {
    fc.assert(fc.property(fc.array(fc.tuple(ident, value), { maxLength: 5 }), fc.array(ident, { maxLength: 3 }), (vars, want) => {
      const sess = new Map<PhpKey, PhpValue>(vars);
      const bytesOut = phpSerialize(sess);
      const full = decodeSession(bytesOut, 'php_serialize');
      expect(toJson(full)).toBe(toJson(sess));
      const wanted = new Set(want);
      const part = decodeSessionKeys(bytesOut, 'php_serialize', wanted);
      expect(toJson(part)).toBe(toJson(new Map([...full].filter(([k]) => wanted.has(String(k))))));
      const phpForm = Buffer.concat(vars.flatMap(([k, v]) => [B(`${k}|`), phpSerialize(v)]));
      expect(toJson(decodeSessionKeys(phpForm, 'php', wanted))).toBe(toJson(new Map([...decodeSession(phpForm, 'php')].filter(([k]) => wanted.has(String(k))))));
    }), { numRuns: 200 });
  });
});

describe('property: strings', () => {
  it('a string is a JS string exactly when its bytes are valid UTF-8 (as node isUtf8 says)', () => {
    const utf8ish = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xc0, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0x80, 0xbf, 0xa0, 0x9f, 0x8f, 0x90)), { maxLength: 300 });
    fc.assert(fc.property(fc.oneof(utf8ish.map((a) => Uint8Array.from(a)), fc.string({ unit: 'binary', maxLength: 80 }).map((t) => new Uint8Array(Buffer.from(t)))), (u) => {
      const v = unserialize(Buffer.concat([B(`s:${u.length}:"`), u, B('";')]));
      if (isUtf8(u)) expect(Buffer.from(v as string, 'utf8').equals(Buffer.from(u))).toBe(true);
      else expect(Buffer.from((v as PhpBytes).bytes).equals(Buffer.from(u))).toBe(true);
    }), { numRuns: 3000 });
  });
});

describe('property: only DecodeError on any bytes', () => {
  it('arbitrary bytes, every decoder', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (u) => {
      for (const s of SERIALIZERS) onlyDecodeErrors(() => decodeSession(u, s));
      onlyDecodeErrors(() => unserialize(u));
      onlyDecodeErrors(() => igbinaryUnserialize(u));
    }), { numRuns: 2000 });
  });

  it('corrupted valid encodings (byte flips, cuts, inserts)', () => {
    const mutated = (enc: (v: PhpValue) => Buffer) => fc.tuple(value, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert', 'delete'))
      .map(([v, at, byte, op]) => {
        const b = enc(v);
        const i = b.length === 0 ? 0 : at % b.length;
        if (op === 'flip') { const c = Buffer.from(b); c[i] = byte; return c; }
        if (op === 'cut') return b.subarray(0, i);
        if (op === 'insert') return Buffer.concat([b.subarray(0, i), Buffer.of(byte), b.subarray(i)]);
        return Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
      });
    fc.assert(fc.property(mutated(phpSerialize), (b) => {
      onlyDecodeErrors(() => unserialize(b));
      onlyDecodeErrors(() => decodeSession(b, 'php_serialize'));
      onlyDecodeErrors(() => decodeSessionKeys(b, 'php_serialize', new Set(['a'])));
    }), { numRuns: 1500 });
    fc.assert(fc.property(mutated(igbinary), (b) => {
      onlyDecodeErrors(() => igbinaryUnserialize(b));
      onlyDecodeErrors(() => decodeSession(b, 'igbinary'));
    }), { numRuns: 1500 });
  });
});
