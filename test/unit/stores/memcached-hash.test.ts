/**
 * memcached-hash against libmemcached's own test vectors (test/fixtures/hashes.hpp, ketama.hpp of
 * libmemcached-awesome 1.1.4). The proof against real PHP is test/integration/stores/memcached-spread.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildContinuum, md5Hash, oneAtATime, serverPicker } from '../../../src/stores/memcached-hash.js';
import type { MemcachedServer } from '../../../src/stores/types.js';

const WORDS = ['apple', 'beat', 'carrot', 'daikon', 'eggplant', 'flower', 'green', 'hide', 'ick', 'jack', 'kick', 'lime',
  'mushrooms', 'nectarine', 'orange', 'peach', 'quant', 'ripen', 'strawberry', 'tang', 'up', 'volumne', 'when', 'yellow',
  'zip', 'The quick brown fox jumps over the lazy dog'];
const ONE_AT_A_TIME = [2297466611, 3902465932, 469785835, 1937308741, 261917617, 3785641677, 1439605128, 1649152283,
  1493851484, 1246520657, 2221159044, 1973511823, 384136800, 214358653, 2379473940, 4269788650, 2864377005, 2638630052,
  427683330, 990491717, 1747111141, 792127364, 2599214128, 2553037199, 2509838425, 1369346549];
const MD5 = [3195025439, 2556848621, 3724893440, 3332385401, 245758794, 2550894432, 121710495, 3053817768, 1250994555,
  1862072655, 2631955953, 2951528551, 1451250070, 2820856945, 2060845566, 3646985608, 2138080750, 217675895, 2230934345,
  1234361223, 3968582726, 2455685270, 1293568479, 199067604, 2042482093, 2642219166];

describe('hash functions (libhashkit vectors)', () => {
  it('one-at-a-time', () => expect(WORDS.map(oneAtATime)).toEqual(ONE_AT_A_TIME));
  it('md5', () => expect(WORDS.map((w) => md5Hash(w))).toEqual(MD5));
});

describe('ketama_weighted (libmemcached memcached_ketama_compat vectors)', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('./fixtures/libmemcached-ketama-weighted.json', import.meta.url), 'utf8'),
  ) as { cases: [string, number, string][] };
  const weights = [600, 300, 200, 350, 1000, 800, 950, 100];
  const servers: MemcachedServer[] = weights.map((weight, i) => ({ host: `10.0.1.${i + 1}`, port: 11211, weight }));
  const pick = serverPicker(servers, 'ketama_weighted');

  it('has 99 cases', () => expect(fixture.cases).toHaveLength(99));
  it('key hashes', () => {
    for (const [key, hash] of fixture.cases) expect(md5Hash(key)).toBe(hash);
  });
  it('servers', () => {
    for (const [key, , server] of fixture.cases) expect(servers[pick(key)]?.host).toBe(server);
  });
  it('wraps past the last point ("VDEAAAAA" hashes to 0xfffcd1b5)', () => {
    expect(md5Hash('VDEAAAAA')).toBe(0xfffcd1b5);
    expect(pick('VDEAAAAA')).toBe(buildContinuum(servers, true)[0]?.index);
  });
});

describe('ketama (php-memcached 3.x default)', () => {
  const three: MemcachedServer[] = [11211, 11212, 11213].map((port) => ({ host: '127.0.0.1', port, weight: 1 }));

  it('100 points per server, named host-i on 11211 and host:port-i otherwise', () => {
    const c = buildContinuum(three, false);
    expect(c).toHaveLength(300);
    expect(c.filter((p) => p.value === oneAtATime('127.0.0.1-0') && p.index === 0)).toHaveLength(1);
    expect(c.filter((p) => p.value === oneAtATime('127.0.0.1:11212-99') && p.index === 1)).toHaveLength(1);
    for (let i = 1; i < c.length; i++) expect(c[i]!.value).toBeGreaterThanOrEqual(c[i - 1]!.value);
  });
  it('the server owns the first point at or after the hash of the bare id', () => {
    const c = buildContinuum(three, false);
    const pick = serverPicker(three, 'ketama');
    for (const id of WORDS) {
      const h = oneAtATime(id);
      expect(pick(id)).toBe((c.find((p) => p.value >= h) ?? c[0])!.index);
    }
  });
  it('ignores weights', () => {
    const weighted = three.map((s, i) => ({ ...s, weight: i * 50 + 1 }));
    const a = serverPicker(three, 'ketama');
    const b = serverPicker(weighted, 'ketama');
    for (const id of WORDS) expect(b(id)).toBe(a(id));
  });
  it('spreads ids over all servers', () => {
    const pick = serverPicker(three, 'ketama');
    const seen = new Set(Array.from({ length: 200 }, (_, i) => pick(`id${i}x`)));
    expect(seen).toEqual(new Set([0, 1, 2]));
  });
});

describe('modulo and single server', () => {
  const servers: MemcachedServer[] = [1, 2, 3, 4].map((n) => ({ host: `h${n}`, port: 11211, weight: 1 }));
  it('modulo is one-at-a-time % n', () => {
    const pick = serverPicker(servers, 'modulo');
    for (const [i, w] of WORDS.entries()) expect(pick(w)).toBe(ONE_AT_A_TIME[i]! % 4);
  });
  it('one server is always index 0', () => {
    for (const d of ['ketama', 'ketama_weighted', 'modulo'] as const) expect(serverPicker(servers.slice(0, 1), d)('apple')).toBe(0);
  });
});
