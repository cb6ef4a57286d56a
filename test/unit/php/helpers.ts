/** Test-only helpers: byte literals, error assertions and tiny serializers for PHP formats. */
import { expect } from 'vitest';
import { DecodeError } from '../../../src/errors.js';
import type { ErrorCode } from '../../../src/errors.js';
import { PhpBytes, PhpEnum, PhpFloat, PhpObject, PhpSerializable } from '../../../src/php/types.js';
import type { PhpKey, PhpValue } from '../../../src/php/types.js';

/** Bytes of a latin1 string (each char one byte). */
export const B = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Assert fn throws a DecodeError with this code (and offset, when given). */
export function expectDecodeError(fn: () => unknown, code: ErrorCode, offset?: number): DecodeError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a DecodeError').toBeInstanceOf(DecodeError);
  const err = caught as DecodeError;
  expect({ code: err.code, offset: offset === undefined ? undefined : err.offset }).toEqual({ code, offset });
  return err;
}

function strBytes(s: string | PhpBytes): Buffer {
  return typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s.bytes);
}

function keyOut(k: PhpKey): Buffer {
  if (typeof k === 'number' || typeof k === 'bigint') return B(`i:${k};`);
  const b = strBytes(k);
  return Buffer.concat([B(`s:${b.length}:"`), b, B('";')]);
}

/** PHP's serialize() format for a value tree without references. */
export function phpSerialize(v: PhpValue): Buffer {
  if (v === null) return B('N;');
  if (typeof v === 'boolean') return B(`b:${v ? 1 : 0};`);
  if (typeof v === 'number' || typeof v === 'bigint') return B(`i:${v};`);
  if (typeof v === 'string' || v instanceof PhpBytes) return keyOut(v);
  if (v instanceof PhpFloat) {
    const d = v.value;
    const t = Number.isNaN(d) ? 'NAN' : d === Infinity ? 'INF' : d === -Infinity ? '-INF' : Object.is(d, -0) ? '-0' : String(d);
    return B(`d:${t};`);
  }
  if (v instanceof PhpEnum) {
    const b = Buffer.from(`${v.className}:${v.caseName}`, 'utf8');
    return Buffer.concat([B(`E:${b.length}:"`), b, B('";')]);
  }
  if (v instanceof PhpSerializable) {
    const c = Buffer.from(v.className, 'utf8');
    return Buffer.concat([B(`C:${c.length}:"`), c, B(`":${v.data.length}:{`), Buffer.from(v.data), B('}')]);
  }
  if (v instanceof PhpObject) {
    const c = Buffer.from(v.className, 'utf8');
    const parts = [B(`O:${c.length}:"`), c, B(`":${v.props.size}:{`)];
    for (const [k, x] of v.props) parts.push(keyOut(k), phpSerialize(x));
    return Buffer.concat([...parts, B('}')]);
  }
  const parts = [B(`a:${v.size}:{`)];
  for (const [k, x] of v) parts.push(keyOut(k), phpSerialize(x));
  return Buffer.concat([...parts, B('}')]);
}

function be(n: number | bigint, width: number): Buffer {
  const b = Buffer.alloc(width);
  if (width === 1) b.writeUInt8(Number(n));
  else if (width === 2) b.writeUInt16BE(Number(n));
  else if (width === 4) b.writeUInt32BE(Number(n));
  else b.writeBigUInt64BE(BigInt(n));
  return b;
}

function igInt(n: number | bigint): Buffer {
  const big = BigInt(n);
  const neg = big < 0n;
  const a = neg ? -big : big;
  if (a < 0x100n) return Buffer.concat([B(String.fromCharCode(neg ? 7 : 6)), be(a, 1)]);
  if (a < 0x10000n) return Buffer.concat([B(String.fromCharCode(neg ? 9 : 8)), be(a, 2)]);
  if (a < 0x100000000n) return Buffer.concat([B(String.fromCharCode(neg ? 0x0b : 0x0a)), be(a, 4)]);
  return Buffer.concat([B(String.fromCharCode(neg ? 0x21 : 0x20)), be(a, 8)]);
}

function igStr(s: string | PhpBytes, base = 0x11): Buffer {
  const b = strBytes(s);
  if (b.length === 0 && base === 0x11) return B('\x0d');
  const w = b.length < 0x100 ? 0 : b.length < 0x10000 ? 1 : 2;
  return Buffer.concat([B(String.fromCharCode(base + w)), be(b.length, 1 << w), b]);
}

/** igbinary's format (without header) for a value tree without references or string reuse. */
export function igSerialize(v: PhpValue): Buffer {
  if (v === null) return B('\x00');
  if (typeof v === 'boolean') return B(v ? '\x05' : '\x04');
  if (typeof v === 'number' || typeof v === 'bigint') return igInt(v);
  if (typeof v === 'string' || v instanceof PhpBytes) return igStr(v);
  if (v instanceof PhpFloat) {
    const b = Buffer.alloc(9);
    b[0] = 0x0c;
    b.writeDoubleBE(v.value, 1);
    return b;
  }
  const arr = (size: number): Buffer => {
    const w = size < 0x100 ? 0 : size < 0x10000 ? 1 : 2;
    return Buffer.concat([B(String.fromCharCode(0x14 + w)), be(size, 1 << w)]);
  };
  const key = (k: PhpKey): Buffer => (typeof k === 'number' || typeof k === 'bigint' ? igInt(k) : igStr(k));
  if (v instanceof PhpEnum) return Buffer.concat([igStr(v.className, 0x17), B('\x27'), igStr(v.caseName)]);
  if (v instanceof PhpSerializable) {
    const w = v.data.length < 0x100 ? 0 : v.data.length < 0x10000 ? 1 : 2;
    return Buffer.concat([igStr(v.className, 0x17), B(String.fromCharCode(0x1d + w)), be(v.data.length, 1 << w), Buffer.from(v.data)]);
  }
  if (v instanceof PhpObject) {
    const parts = [igStr(v.className, 0x17), arr(v.props.size)];
    for (const [k, x] of v.props) parts.push(key(k), igSerialize(x));
    return Buffer.concat(parts);
  }
  const parts = [arr(v.size)];
  for (const [k, x] of v) parts.push(key(k), igSerialize(x));
  return Buffer.concat(parts);
}

/** igbinary with its 4-byte version-2 header. */
export const igbinary = (v: PhpValue): Buffer => Buffer.concat([B('\0\0\0\x02'), igSerialize(v)]);

/** Depth of the first-child chain (non-empty Maps), as PHP counts nesting. */
export function depthOf(v: PhpValue): number {
  let d = 0;
  while (v instanceof Map && v.size > 0) {
    d++;
    v = v.values().next().value as PhpValue;
  }
  return d;
}
