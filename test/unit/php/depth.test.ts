/**
 * Depth: every decoder accepts PHP's 4096 levels and rejects 4097 with DECODE_DEPTH, without
 * using the JS call stack (the readers are iterative), even when the caller is already deep.
 */
import { describe, expect, it } from 'vitest';
import { decodeSession, igbinaryUnserialize, MAX_DEPTH_LIMIT, DEFAULT_MAX_DEPTH, toJson, unserialize } from '../../../src/php/index.js';
import { B, depthOf, expectDecodeError } from './helpers.js';

const nest = (n: number) => 'a:1:{i:0;'.repeat(n) + 'N;' + '}'.repeat(n);
/** igbinary: array8 of one entry, key string8 "a", n times, then null. */
function igNest(n: number): Buffer {
  const body = Buffer.alloc(n * 5 + 1);
  for (let i = 0; i < n; i++) body.set([0x14, 1, 0x11, 1, 0x61], i * 5);
  return Buffer.concat([Buffer.from([0, 0, 0, 2]), body]);
}
/** Run fn with `frames` JS frames already on the stack. */
function deepCall<T>(frames: number, fn: () => T): T {
  return frames === 0 ? fn() : deepCall(frames - 1, fn);
}

describe('depth limit: 4096 like PHP', () => {
  it('is the default and the ceiling', () => {
    expect(DEFAULT_MAX_DEPTH).toBe(4096);
    expect(MAX_DEPTH_LIMIT).toBe(4096);
  });

  it('php_serialize, php, php_binary and unserialize: 4096 levels decode, 4097 are DECODE_DEPTH', () => {
    expect(depthOf(decodeSession(B(nest(4096)), 'php_serialize'))).toBe(4096);
    expectDecodeError(() => decodeSession(B(nest(4097)), 'php_serialize'), 'DECODE_DEPTH', 4096 * 9);
    expect(depthOf(decodeSession(B(`x|${nest(4096)}`), 'php').get('x')!)).toBe(4096);
    expectDecodeError(() => decodeSession(B(`x|${nest(4097)}`), 'php'), 'DECODE_DEPTH', 2 + 4096 * 9);
    expect(depthOf(decodeSession(B(`\x01x${nest(4096)}`), 'php_binary').get('x')!)).toBe(4096);
    expectDecodeError(() => decodeSession(B(`\x01x${nest(4097)}`), 'php_binary'), 'DECODE_DEPTH');
    expect(depthOf(unserialize(B(nest(4096))))).toBe(4096);
    expectDecodeError(() => unserialize(B(nest(4097))), 'DECODE_DEPTH', 4096 * 9);
  });

  it('objects count too', () => {
    const objs = (n: number) => 'O:8:"stdClass":1:{s:1:"p";'.repeat(n) + 'N;' + '}'.repeat(n);
    expect(() => unserialize(B(objs(4096)))).not.toThrow();
    expectDecodeError(() => unserialize(B(objs(4097))), 'DECODE_DEPTH', 4096 * 26);
  });

  it('igbinary: 4096 levels decode, 4097 are DECODE_DEPTH (igbinary itself has no limit)', () => {
    expect(depthOf(decodeSession(igNest(4096), 'igbinary'))).toBe(4096);
    expectDecodeError(() => decodeSession(igNest(4097), 'igbinary'), 'DECODE_DEPTH', 4 + 4096 * 5);
    expect(depthOf(igbinaryUnserialize(igNest(4096)))).toBe(4096);
    expectDecodeError(() => igbinaryUnserialize(igNest(4097)), 'DECODE_DEPTH');
  });

  it('does not depend on the JS stack: decodes 4096 levels from deep inside a caller, and prints them', () => {
    const v = deepCall(5000, () => decodeSession(B(nest(4096)), 'php_serialize'));
    expect(depthOf(v)).toBe(4096);
    expect(deepCall(5000, () => depthOf(decodeSession(igNest(4096), 'igbinary')))).toBe(4096);
    expect(toJson(v)).toBe(`${'['.repeat(4096)}null${']'.repeat(4096)}`);
  });
});
