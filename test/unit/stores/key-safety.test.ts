import { describe, expect, it } from 'vitest';
import { isSafeFileName, isSafeMemcachedKey, isSafeRedisKey } from '../../../src/stores/key-safety.js';
import { sessionPath } from '../../../src/stores/files.js';

const files = { kind: 'files' as const, dir: '/var/lib/php/sessions', depth: 2 };

describe('the stores refuse keys their medium could misread (last line of defence)', () => {
  it('file names: no separator, no leading dot, no NUL, ≤ 255 bytes', () => {
    expect(isSafeFileName('sess_abc')).toBe(true);
    expect(isSafeFileName('abcDEF0123456789abcdef0123456789abcdef01')).toBe(true); // Laravel: no prefix
    for (const bad of ['', '.', '..', '../x', 'a/b', '.hidden', 'a\0b', 'a b', 'x'.repeat(256), 'a\nb']) {
      expect(isSafeFileName(bad), JSON.stringify(bad)).toBe(false);
    }
  });
  it('files: directory levels come from the id, and only from characters of an id', () => {
    expect(sessionPath(files, 'sess_abcdef', 'abcdef')).toBe('/var/lib/php/sessions/a/b/sess_abcdef');
    expect(sessionPath(files, 'sess_ab', 'ab')).toBeUndefined(); // PHP has no file for an id this short
    expect(sessionPath(files, 'sess_x', '../x')).toBeUndefined();
    expect(sessionPath(files, '../etc', 'abcdef')).toBeUndefined();
  });
  it('memcached keys: printable ASCII without spaces, ≤ 250 bytes', () => {
    expect(isSafeMemcachedKey('memc.sess.key.abc')).toBe(true);
    expect(isSafeMemcachedKey(':1:django.contrib.sessions.cacheabc')).toBe(true);
    for (const bad of ['', 'a b', 'a\r\nget x', 'x'.repeat(251), 'é']) expect(isSafeMemcachedKey(bad), JSON.stringify(bad)).toBe(false);
  });
  it('redis keys: printable, ≤ 1024 bytes', () => {
    expect(isSafeRedisKey('PHPREDIS_SESSION:abc')).toBe(true);
    for (const bad of ['', 'a\r\nb', 'x'.repeat(1025)]) expect(isSafeRedisKey(bad), JSON.stringify(bad)).toBe(false);
  });
});
