import { describe, expect, it } from 'vitest';
import { phpKeyScheme } from '../../harness/store-reader.js';
import { phpredisPoolPicker } from '../../../src/stores/placement/phpredis-pool.js';
import { crc32, fnv1a, peclSessionServers } from '../../../src/stores/placement/pecl-memcache.js';
import { memcachedRouter } from '../../../src/stores/memcached-route.js';
import { err, ok } from './url-helpers.js';


describe('memcached at scale', () => {
  it('pecl memcache options mirror the ini names, with PHP defaults', () => {
    expect(ok('memcached://a:1,b:2?client=memcache')).toMatchObject({ pecl: { strategy: 'consistent', hashFunction: 'crc32', redundancy: 2 } });
    expect(ok('memcached://a:1,b:2?client=memcache&hash=standard&hash_function=fnv&redundancy=1&prefix=s.')).toMatchObject({
      pecl: { strategy: 'standard', hashFunction: 'fnv', redundancy: 1 },
      prefix: 's.',
    });
    err('memcached://a:1?client=memcache&hash=ketama');
    err('memcached://a:1?client=memcache&replicas=1');
    err('memcached://a:1?hash_function=fnv');
    err('memcached://a:1?client=memcache&redundancy=0');
  });
  it('replicas, IPv6 and unix sockets', () => {
    expect(ok('memcached://a:1,b:2,c:3?replicas=2')).toMatchObject({ replicas: 2 });
    err('memcached://a:1,b:2?replicas=2');
    expect(ok('memcached://[::1]:11211,[fe80::1]')).toMatchObject({ servers: [{ host: '::1', port: 11211 }, { host: 'fe80::1', port: 11211 }] });
    expect(ok('memcached:///run/mc.sock')).toMatchObject({ servers: [{ socket: '/run/mc.sock', port: 0 }] });
    expect(ok('memcached://a:1,/run/mc.sock')).toMatchObject({ servers: [{ host: 'a' }, { socket: '/run/mc.sock' }] });
    err('memcached://[::1');
    err('memcached://[zz]:1');
  });
  it('replica route: the primary, then the next servers in save_path order, wrapping', () => {
    const spec = ok('memcached://a:1,b:2,c:3?replicas=1&hash=modulo');
    if (spec.kind !== 'memcached') throw new Error();
    const r = memcachedRouter(spec)('someid');
    expect(r.missMovesOn).toBe(false);
    expect(r.servers).toEqual([r.servers[0], (r.servers[0]! + 1) % 3]);
  });
});

describe('pecl memcache placement', () => {
  it('hash functions: zlib CRC-32 and FNV-1a', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
  });
  it('redundancy: distinct servers, at most the pool', () => {
    const servers = ['a', 'b', 'c'].map((host) => ({ host, port: 11211, weight: 1 }));
    for (const strategy of ['consistent', 'standard'] as const) {
      const seq = peclSessionServers(servers, { strategy, hashFunction: 'crc32', redundancy: 5 });
      const got = seq('k1');
      expect(new Set(got).size).toBe(got.length);
      expect(got.length).toBeLessThanOrEqual(3);
    }
    expect(peclSessionServers(servers.slice(0, 1), { strategy: 'consistent', hashFunction: 'fnv', redundancy: 2 })('x')).toEqual([0]);
  });
  it('pecl memcache keys: no prefix by default, placement by the whole key', () => {
    const scheme = phpKeyScheme(ok('memcached://a:1,b:2?client=memcache'));
    expect(scheme.key('abc')).toBe('abc');
    expect(scheme.placeBy).toBe('key');
  });
});

describe('redis at scale', () => {
  it('cluster, sentinel, TLS, database, several hosts', () => {
    expect(ok('redis-cluster://u:p@h1:7000,h2:7001?read=replica')).toEqual({
      kind: 'redis-cluster',
      seeds: [{ host: 'h1', port: 7000 }, { host: 'h2', port: 7001 }],
      read: 'replica',
      username: 'u',
      password: 'p',
    });
    expect(ok('redis-sentinel://s1,s2:26380/mymaster?database=2')).toMatchObject({
      kind: 'redis-sentinel',
      sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }],
      name: 'mymaster',
      db: 2,
      read: 'master',
    });
    expect(ok('rediss://h?ca=/etc/ca.pem')).toMatchObject({ kind: 'redis', tls: { ca: '/etc/ca.pem' } });
    expect(ok('redis://h?database=4')).toMatchObject({ db: 4 });
    err('redis://h/3?database=4');
    expect(ok('redis://h1:1:2,h2:2')).toMatchObject({ servers: [{ host: 'h1', port: 1, weight: 2 }, { host: 'h2', port: 2, weight: 1 }] });
    err('redis-cluster://h1/0');
    err('redis-sentinel://s1');
    err('redis-cluster://h1?read=sometimes');
    err('redis://h?ca=/x');
  });
  it('default prefixes by kind, ?key= templates', () => {
    expect(phpKeyScheme(ok('redis-cluster://h:1')).key('abc')).toBe('PHPREDIS_CLUSTER_SESSION:abc');
    expect(phpKeyScheme(ok('redis-sentinel://h:1/m')).key('abc')).toBe('PHPREDIS_SESSION:abc');
    const t = phpKeyScheme(ok('redis://h?key=myapp:sess:{id}:v1'));
    expect(t.key('abc')).toBe('myapp:sess:abc:v1');
    expect(t.placeBy).toBe('key');
    expect(phpKeyScheme(ok('memcached://h?key=app.{id}')).key('abc')).toBe('app.abc');
    err('redis://h?key=nothing');
    err('redis://h?key={id}{id}');
    err('memcached://h?key=a b {id}');
    err('redis://h?key={id}&prefix=x');
  });
  it('phpredis pool: first four id bytes, little-endian, modulo the weights, from the LAST host', () => {
    const pick = phpredisPoolPicker([
      { host: 'a', port: 1, weight: 1 },
      { host: 'b', port: 1, weight: 2 },
    ]);
    // 'aaaa' = 0x61616161 % 3 = 1 → the head of the list, which is the last host (b, range 0..1)
    expect(0x61616161 % 3).toBe(1);
    expect(pick('aaaaxyz')).toBe(1);
    // 'baaa' = 0x61616162 % 3 = 2 → past b's range → a
    expect(0x61616162 % 3).toBe(2);
    expect(pick('baaa')).toBe(0);
  });
});
