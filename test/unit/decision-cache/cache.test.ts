/** The decision cache's own contract: exact identity and reference, bounded, oldest out first. */
import { describe, expect, it } from 'vitest';
import { createDecisionCache } from '../../../src/decision-cache/index.js';

describe('createDecisionCache', () => {
  it('answers only for the same key, reference AND identity', () => {
    const c = createDecisionCache<string>(10);
    c.set('sess_a', 'a', 'id-1', 'auth');
    expect(c.get('sess_a', 'a', 'id-1')).toBe('auth');
    expect(c.get('sess_a', 'a', 'id-2')).toBeUndefined(); // the file changed
    expect(c.get('sess_a', 'other-ref', 'id-1')).toBeUndefined(); // another cookie for the same key
    expect(c.get('sess_b', 'a', 'id-1')).toBeUndefined();
    c.set('sess_a', 'a', 'id-2', 'anon'); // re-read: replaced, not added
    expect(c.size).toBe(1);
    expect(c.get('sess_a', 'a', 'id-1')).toBeUndefined();
    expect(c.get('sess_a', 'a', 'id-2')).toBe('anon');
  });

  it('holds at most maxEntries: the oldest entry goes first', () => {
    const c = createDecisionCache<number>(3);
    for (let i = 0; i < 5; i++) c.set(`k${i}`, 'r', 'x', i);
    expect(c.size).toBe(3);
    expect(c.get('k0', 'r', 'x')).toBeUndefined();
    expect(c.get('k1', 'r', 'x')).toBeUndefined();
    expect([2, 3, 4].map((i) => c.get(`k${i}`, 'r', 'x'))).toEqual([2, 3, 4]);
    // A re-decided key moves to the young end.
    c.set('k2', 'r', 'y', 20);
    c.set('k5', 'r', 'x', 5);
    expect(c.get('k3', 'r', 'x')).toBeUndefined();
    expect(c.get('k2', 'r', 'y')).toBe(20);
  });

  it('refuses a size that is not a positive integer (0 means no cache at all: the caller makes none)', () => {
    expect(() => createDecisionCache(0)).toThrow(RangeError);
    expect(() => createDecisionCache(1.5)).toThrow(RangeError);
  });
});
