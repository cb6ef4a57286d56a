import { describe, expect, it } from 'vitest';
import { err, ok } from './url-helpers.js';
import { phpKeyScheme } from '../../harness/store-reader.js';


describe('files', () => {
  it('plain, depth and depth+mode forms, and files:///', () => {
    expect(ok('files:/var/lib/php/sessions')).toEqual({ kind: 'files', dir: '/var/lib/php/sessions', depth: 0 });
    expect(ok('files:2;/var/s/')).toEqual({ kind: 'files', dir: '/var/s', depth: 2 });
    expect(ok('files:3;0600;/var/s')).toEqual({ kind: 'files', dir: '/var/s', depth: 3 });
    expect(ok('files:///var/s')).toEqual({ kind: 'files', dir: '/var/s', depth: 0 });
    expect(ok('files:/')).toEqual({ kind: 'files', dir: '/', depth: 0 });
  });
  it('rejects relative dirs, bad depth, bad mode, hosts', () => {
    err('files:var/s');
    err('files:x;/var/s');
    err('files:33;/var/s');
    err('files:2;rw;/var/s');
    err('files:1;2;3;/var/s');
    err('files://host/var/s');
    err('files:');
  });
});

describe('memcached', () => {
  it('defaults', () => {
    // No ?prefix=: the spec carries none, and the profile's key stage uses PHP's own prefix.
    expect(ok('memcached://127.0.0.1')).toEqual({
      kind: 'memcached', servers: [{ host: '127.0.0.1', port: 11211, weight: 1 }], distribution: 'ketama',
    });
    expect(phpKeyScheme(ok('memcached://127.0.0.1')).key('abc')).toBe('memc.sess.key.abc');
  });
  it('several servers in order, weights, prefix (empty allowed, percent-decoded), hash', () => {
    const r = ok('memcached://a:1,b.example:2:5,c?prefix=&hash=modulo');
    expect(r).toEqual({
      kind: 'memcached',
      servers: [{ host: 'a', port: 1, weight: 1 }, { host: 'b.example', port: 2, weight: 5 }, { host: 'c', port: 11211, weight: 1 }],
      prefix: '',
      distribution: 'modulo',
      distributionGiven: true, // a profile keeps the URL's hash= (src/profiles/choose.ts)
    });
    expect(ok('memcached://a:1?prefix=my%3Apre.&hash=ketama_weighted')).toMatchObject({ prefix: 'my:pre.', distribution: 'ketama_weighted' });
  });
  it('rejects bad input', () => {
    err('memcached:');
    err('memcached://');
    err('memcached://a:0');
    err('memcached://a:70000');
    err('memcached://a:1:x');
    err('memcached://a:1,a:1');
    err('memcached://a?hash=crc');
    err('memcached://a?prefix=x&prefix=y');
    // a key with a space or CR/LF would be a second memcached command in the text protocol
    for (const bad of ['a%20b', 'a%0D%0Aflush_all', 'tab%09', 'caf%C3%A9', 'x'.repeat(201)]) err(`memcached://a?prefix=${bad}`);
    err('memcached://a?foo=1');
    err('memcached://bad_host');
  });
});

describe('redis', () => {
  it('defaults, db, credentials, prefix', () => {
    expect(ok('redis://127.0.0.1')).toEqual({ kind: 'redis', host: '127.0.0.1', port: 6379, db: 0 });
    expect(phpKeyScheme(ok('redis://127.0.0.1')).key('abc')).toBe('PHPREDIS_SESSION:abc');
    expect(phpKeyScheme(ok('redis://127.0.0.1?prefix=')).key('abc')).toBe('abc');
    expect(ok('redis://u%40x:p%3Aw@r.example:6380/3?prefix=')).toEqual({
      kind: 'redis', host: 'r.example', port: 6380, db: 3, prefix: '', username: 'u@x', password: 'p:w',
    });
    expect(ok('redis://:secret@h')).toMatchObject({ password: 'secret' });
    expect(ok('redis+unix:///run/redis.sock?db=2&prefix=S:')).toEqual({
      kind: 'redis', host: '', port: 0, socket: '/run/redis.sock', db: 2, prefix: 'S:',
    });
  });
  it('rejects bad input and never echoes a password', () => {
    err('redis://h/x');
    err('redis://h:0');
    err('redis://h?db=2');
    err('redis+unix://host/x.sock');
    err('redis+unix://');
    expect(err('redis://u:hunter2@h/notadb')).not.toContain('hunter2');
    expect(err('redis-nope://u:hunter2@h')).not.toContain('hunter2');
    expect(err('redis://u:hunter2@h:99999')).not.toContain('hunter2');
  });
});

it('unknown schemes', () => {
  err('mysql://x');
  err('/var/lib/php/sessions');
  err('');
});
