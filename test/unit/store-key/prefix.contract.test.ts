/**
 * The KeyScheme contract for `prefixKey`, as the profiles configure it, against the real writers:
 * PHP's files handler (`sess_<id>`, the file it creates), Laravel's file driver (the id alone: the
 * file its request wrote; the same scheme serves SQL stores), Django's cache backend
 * (`:1:django.contrib.sessions.cache<key>`, the cache key Django reports).
 */
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import fc from 'fast-check';
import { describe } from 'vitest';
import { DJANGO_CACHE_PREFIX } from '../../../src/store-key/django-cache.js';
import { PHP_KEY_PREFIX } from '../../../src/store-key/php.js';
import { prefixKey } from '../../../src/store-key/prefix.js';
import { isSafeFileName, isSafeMemcachedKey, isSafeRedisKey } from '../../../src/stores/key-safety.js';
import { isSafeSqlKey } from '../../../src/stores/sql/schema.js';
import { runKeySchemeContract } from '../../contracts/key-scheme.js';
import { djangoSession, haveDjango } from '../../harness/django.js';
import { haveLaravel, laravelSession } from '../../harness/laravel.js';
import { newSessionId, phpWriteSession } from '../../harness/php-session.js';
import { havePhpExtensions } from '../../harness/programs.js';
import { tempDir } from '../../harness/servers.js';

const idOf = (alphabet: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: min, maxLength: max });
const PHP_ID = idOf('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789,-', 1, 128);

describe.runIf(havePhpExtensions('session'))('prefixKey: PHP', () => {
  runKeySchemeContract('prefixKey (PHP files)', () => {
    const dir = tempDir('key-php-files');
    const ids = [newSessionId(), 'abc,DEF-123'];
    for (const id of ids) phpWriteSession({ handler: 'files', savePath: dir }, id, `$_SESSION['k'] = 1;`);
    const files = readdirSync(dir);
    return {
      scheme: prefixKey(PHP_KEY_PREFIX.files),
      placeBy: 'id',
      written: ids.map((id) => [id, files.find((f) => f.endsWith(id))!] as const),
      ids: PHP_ID,
      guards: { files: isSafeFileName },
      hostile: 'verbatim',
    };
  });
});

describe.runIf(haveLaravel())('prefixKey: Laravel', () => {
  runKeySchemeContract('prefixKey (Laravel file and SQL)', () => {
    const filesDir = tempDir('key-laravel');
    const s = laravelSession({ driver: 'file', appKey: `base64:${Buffer.alloc(32, 3).toString('base64')}`, loggedIn: false, filesDir });
    return {
      scheme: prefixKey(''),
      placeBy: 'id',
      written: [[s.sessionId, basename(s.storeKey)]],
      ids: idOf('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40, 40),
      guards: { files: isSafeFileName, sql: isSafeSqlKey },
      hostile: 'verbatim',
    };
  });
});

describe.runIf(haveDjango())('prefixKey: Django', () => {
  runKeySchemeContract('prefixKey (Django cache)', () => {
    const d = djangoSession({ backend: 'cache', loggedIn: true, secretKey: 'key-scheme' });
    return {
      scheme: prefixKey(DJANGO_CACHE_PREFIX.cache, 'key'),
      placeBy: 'key',
      written: [[d.cookieValue, d.cacheKey!]],
      ids: idOf('abcdefghijklmnopqrstuvwxyz0123456789', 8, 64),
      guards: { memcached: isSafeMemcachedKey, redis: isSafeRedisKey },
      hostile: 'verbatim',
    };
  });
});
