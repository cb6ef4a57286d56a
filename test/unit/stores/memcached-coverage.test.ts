import { describe, expect, it } from 'vitest';
import { everySessionReachable } from '../../../src/stores/memcached-coverage.js';
import { parseStoreUrl } from '../../../src/stores/url.js';

function spec(url: string) {
  const s = parseStoreUrl(url);
  if ('error' in s || s.kind !== 'memcached') throw new Error(url);
  return s;
}
const FOUR = 'memcached://a:1,b:1,c:1,d:1';

describe('memcached verify: every session still has a reachable copy', () => {
  it('no copies: every server must be up', () => {
    expect(everySessionReachable(spec(FOUR), [true, true, true, true])).toBe(true);
    expect(everySessionReachable(spec(FOUR), [true, false, true, true])).toBe(false);
  });
  it('php-memcached replicas=1: no two consecutive (cyclic) servers down', () => {
    const s = spec(`${FOUR}?replicas=1`);
    expect(everySessionReachable(s, [true, false, true, false])).toBe(true);
    expect(everySessionReachable(s, [true, false, false, true])).toBe(false);
    expect(everySessionReachable(s, [false, true, true, false])).toBe(false); // d then a
  });
  it('pecl memcache redundancy=R: fewer than R down', () => {
    expect(everySessionReachable(spec(`${FOUR}?client=memcache&redundancy=2`), [true, false, true, true])).toBe(true);
    expect(everySessionReachable(spec(`${FOUR}?client=memcache&redundancy=2`), [true, false, false, true])).toBe(false);
    expect(everySessionReachable(spec(`${FOUR}?client=memcache&redundancy=1`), [true, false, true, true])).toBe(false);
  });
});
