import { describe, expect, it } from 'vitest';
import { bearerToken, tokenCheck } from '../../../src/inspect/token.js';

describe('tokenCheck', () => {
  it('matches only the configured token, whatever the length of a guess', () => {
    const ok = tokenCheck('correct-horse-battery-staple');
    expect(ok('correct-horse-battery-staple')).toBe(true);
    for (const guess of [undefined, '', 'c', 'correct-horse-battery-stapl', 'correct-horse-battery-staplee', 'x'.repeat(10_000)]) {
      expect(ok(guess)).toBe(false);
    }
  });
  it('matches nothing when off', () => {
    const off = tokenCheck('');
    expect([off(''), off(undefined), off('anything-at-all-here')]).toEqual([false, false, false]);
  });
});

describe('bearerToken', () => {
  it('reads `Bearer TOKEN` (scheme case-insensitive) and nothing else', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
