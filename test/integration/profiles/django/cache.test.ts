/**
 * Django 3.2's cache and cached_db session backends writing into a real memcached
 * (PyMemcacheCache, python3-pymemcache) and a real Redis (django-redis): the raw value, read
 * under DJANGO_CACHE_PREFIX + the key, is a pickle that djangoPickleFormat decodes; `_auth_user_id` is there iff
 * the user is logged in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { djangoPickleFormat, djangoSignedFormat } from '../../../../src/session-format/django/index.js';
import { DJANGO_CACHE_PREFIX } from '../../../../src/store-key/django-cache.js';
import { djangoSession, haveDjango } from '../../../harness/django.js';
import { mcGet } from '../../../harness/memcached-text.js';
import { havePrograms } from '../../../harness/programs.js';
import { startMemcached, startRedis, type RunningServer } from '../../../harness/servers.js';

const SECRET = 'cache-test-secret';
const pickle = djangoPickleFormat();
/** `big` reaches Python as an int beyond 2^53 (pickled as LONG1). */
// eslint-disable-next-line no-loss-of-precision
const DATA = { cart: [1, 2], big: 12345678901234567890, f: 0.25, t: ['a', true, null] };

describe.runIf(haveDjango('pymemcache', 'django_redis', 'redis') && havePrograms('memcached', 'redis-server'))('Django cache backends', () => {
  let mc: RunningServer;
  let redis: RunningServer;
  beforeAll(async () => {
    [mc, redis] = await Promise.all([startMemcached(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all([mc?.stop(), redis?.stop()]);
  });

  for (const backend of ['cache', 'cached_db'] as const) {
    it(`${backend} on memcached (PyMemcacheCache): flags 1, a pickle, logged in iff _auth_user_id`, async () => {
      for (const loggedIn of [true, false]) {
        const s = djangoSession({ backend, loggedIn, secretKey: SECRET, cacheLocation: mc.url, data: DATA });
        const key = DJANGO_CACHE_PREFIX[backend] + s.cookieValue;
        expect(s.cacheKey).toBe(key);
        expect(s.cacheFlags).toBe(1); // pymemcache's "pickled" flag
        const raw = await mcGet(mc.port, key);
        expect(raw).not.toBeNull();
        expect(raw!.equals(s.stored!)).toBe(true);
        expect(raw![0]).toBe(0x80);
        const session = pickle.decode(raw!);
        expect(session.has('_auth_user_id')).toBe(loggedIn);
        expect(session.get('cart')).toEqual(new Map([[0, 1], [1, 2]]));
        expect(session.get('big')).toBe(BigInt(JSON.stringify(DATA.big)));
        if (backend === 'cached_db') {
          const row = djangoSignedFormat({ secretKeys: [SECRET], maxBytes: 1 << 20 }).decode(s.dbRow!);
          expect(row).toEqual(session);
        }
      }
    });

    it(`${backend} on Redis (django-redis): a pickle, logged in iff _auth_user_id`, () => {
      for (const loggedIn of [true, false]) {
        const s = djangoSession({ backend, loggedIn, secretKey: SECRET, cacheLocation: redis.url, data: DATA });
        expect(s.cacheKey).toBe(DJANGO_CACHE_PREFIX[backend] + s.cookieValue);
        const session = pickle.decode(s.stored!);
        expect(session.has('_auth_user_id')).toBe(loggedIn);
        expect(session.get('t')).toEqual(new Map<number, unknown>([[0, 'a'], [1, true], [2, null]]));
      }
    });
  }

  it('after logout the old cache entry is gone and the new one has no user', () => {
    const s = djangoSession({ backend: 'cache', loggedIn: true, logout: true, secretKey: SECRET, cacheLocation: redis.url, data: { cart: [3] } });
    expect(s.previousStored).toBeUndefined();
    const session = pickle.decode(s.stored!);
    expect(session.has('_auth_user_id')).toBe(false);
    expect(session.get('cart')).toEqual(new Map([[0, 3]]));
  });
});
