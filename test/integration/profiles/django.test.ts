/**
 * `--framework django` end to end: sessions written by Django 3.2 itself (test/harness/django.ts:
 * a real user logged in through django.contrib.auth) with the signed_cookies backend (`cookie:`
 * store) and the cache / cached_db backends on real memcached (PyMemcacheCache) and Redis
 * (django-redis). isauth gets the SECRET_KEY (for signed data) and the store URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { djangoSession, haveDjango } from '../../harness/django.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, startRedis, type RunningServer } from '../../harness/servers.js';
import { startTestService, type TestService } from '../serve/in-process.js';

const SECRET = 'isauth-e2e-django-secret-key-0123456789';

describe.runIf(haveDjango('pymemcache', 'django_redis', 'redis') && havePrograms('memcached', 'redis-server'))('--framework django, sessions written by Django', () => {
  let mc: RunningServer;
  let rd: RunningServer;
  const services: TestService[] = [];
  beforeAll(async () => {
    [mc, rd] = await Promise.all([startMemcached(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await Promise.all([mc?.stop(), rd?.stop()]);
  });
  async function service(store: string, flags: string[] = []): Promise<TestService> {
    const svc = await startTestService(store, {}, ['--framework', 'django', ...flags]);
    services.push(svc);
    return svc;
  }

  it('signed_cookies: the cookie is the session; forged or wrong-key cookies are anon', async () => {
    const svc = await service('cookie:', ['--secret-key', SECRET]);
    const other = await service('cookie:', ['--secret-key', 'another-secret-key-entirely']);
    const user = djangoSession({ backend: 'signed_cookies', loggedIn: true, secretKey: SECRET });
    const guest = djangoSession({ backend: 'signed_cookies', loggedIn: false, secretKey: SECRET, data: { cart: [1] } });
    expect(await svc.auth(`sessionid=${user.cookieValue}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`sessionid=${guest.cookieValue}`)).toEqual(['anon', '0']);
    // A cookie signed with another SECRET_KEY, or forged, is a visitor without a session: anon
    // (cacheable; Django itself starts a new, empty session), counted as a rejected cookie.
    expect(await other.auth(`sessionid=${user.cookieValue}`)).toEqual(['anon', '0']);
    const [payload, ts, sig] = user.cookieValue.split(':');
    const forged = `${payload!.slice(0, -2)}AA:${ts}:${sig}`;
    expect(await svc.auth(`sessionid=${forged}`)).toEqual(['anon', '0']);
    expect(await svc.auth('sessionid=../../etc/passwd')).toEqual(['anon', '0']);
    const metrics = await svc.metrics();
    expect(metrics).toMatch(/^isauth_cookie_rejections_total\{code="COOKIE_SIGNATURE"\} 1$/m);
    expect(metrics).toMatch(/^isauth_cookie_rejections_total\{code="COOKIE_MALFORMED"\} 1$/m);
    expect(await other.metrics()).toMatch(/^isauth_cookie_rejections_total\{code="COOKIE_SIGNATURE"\} 1$/m);
  });

  it('signed_cookies: older than --max-age (SESSION_COOKIE_AGE) → logged out, as Django', async () => {
    const user = djangoSession({ backend: 'signed_cookies', loggedIn: true, secretKey: SECRET });
    await new Promise((r) => setTimeout(r, 2100));
    const strict = await service('cookie:', ['--secret-key', SECRET, '--max-age', '1']);
    expect(await strict.auth(`sessionid=${user.cookieValue}`)).toEqual(['anon', '0']);
    expect(await strict.metrics()).toMatch(/^isauth_cookie_rejections_total\{code="COOKIE_EXPIRED"\} 1$/m);
  });

  for (const where of ['memcached', 'redis'] as const) {
    it(`cache backend on ${where}: logged in → auth, visitor → anon, after logout → anon`, async () => {
      const location = where === 'memcached' ? mc.url : rd.url;
      const svc = await service(where === 'memcached' ? `memcached://127.0.0.1:${mc.port}` : `redis://127.0.0.1:${rd.port}`);
      const user = djangoSession({ backend: 'cache', loggedIn: true, secretKey: SECRET, cacheLocation: location });
      const guest = djangoSession({ backend: 'cache', loggedIn: false, secretKey: SECRET, cacheLocation: location });
      const out = djangoSession({ backend: 'cache', loggedIn: true, logout: true, secretKey: SECRET, cacheLocation: location });
      expect(await svc.auth(`sessionid=${user.cookieValue}`)).toEqual(['auth', '1']);
      expect(await svc.auth(`sessionid=${guest.cookieValue}`)).toEqual(['anon', '0']);
      expect(await svc.auth(`sessionid=${out.cookieValue}`)).toEqual(['anon', '0']);
      expect(await svc.auth(`sessionid=${out.previousCookieValue}`)).toEqual(['anon', '0']);
    });
  }

  it('cached_db backend: the cache entry under ?prefix=:1:django.contrib.sessions.cached_db', async () => {
    const svc = await service(`memcached://127.0.0.1:${mc.port}?prefix=:1:django.contrib.sessions.cached_db`);
    const user = djangoSession({ backend: 'cached_db', loggedIn: true, secretKey: SECRET, cacheLocation: mc.url });
    const guest = djangoSession({ backend: 'cached_db', loggedIn: false, secretKey: SECRET, cacheLocation: mc.url });
    expect(await svc.auth(`sessionid=${user.cookieValue}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`sessionid=${guest.cookieValue}`)).toEqual(['anon', '0']);
  });

  it('a signed store needs --secret-key (a clear config error)', async () => {
    await expect(startTestService('cookie:', {}, ['--framework', 'django'])).rejects.toThrow(/--secret-key/);
  });

  it("pre-3.1 signatures (Django 3.2 with DEFAULT_HASHING_ALGORITHM='sha1'): refused as Django 4 refuses them, read with --django-legacy-signatures", async () => {
    const old = djangoSession({ backend: 'signed_cookies', loggedIn: true, secretKey: SECRET, hashing: 'sha1' });
    const current = djangoSession({ backend: 'signed_cookies', loggedIn: true, secretKey: SECRET });
    const strict = await service('cookie:', ['--secret-key', SECRET]);
    expect(await strict.auth(`sessionid=${current.cookieValue}`)).toEqual(['auth', '1']);
    expect(await strict.auth(`sessionid=${old.cookieValue}`)).toEqual(['anon', '0']);
    expect(await strict.metrics()).toMatch(/^isauth_cookie_rejections_total\{code="COOKIE_SIGNATURE"\} 1$/m);
    const upgrading = await service('cookie:', ['--secret-key', SECRET, '--django-legacy-signatures']);
    expect(await upgrading.auth(`sessionid=${old.cookieValue}`)).toEqual(['auth', '1']);
    expect(await upgrading.auth(`sessionid=${current.cookieValue}`)).toEqual(['auth', '1']);
  });

  it('--django-legacy-signatures is Django\'s: given to another profile, a configuration error', async () => {
    await expect(startTestService('files:/tmp', {}, ['--framework', 'laravel', '--app-key', `base64:${Buffer.alloc(32, 7).toString('base64')}`, '--django-legacy-signatures'])).rejects.toThrow(/--django-legacy-signatures: applies only to --framework django/);
    await expect(startTestService('files:/tmp', {}, ['--django-legacy-signatures'])).rejects.toThrow(/--django-legacy-signatures: applies only to --framework django/);
  });
});
