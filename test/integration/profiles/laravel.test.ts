/**
 * `--framework laravel` end to end: sessions written by Laravel 8 itself (EncryptCookies +
 * StartSession + SessionGuard, test/harness/laravel.ts) into real files, memcached and Redis, with
 * and without SESSION_ENCRYPT; isauth gets only the app key and the store URL, and answers /auth
 * from the browser's Cookie header.
 */
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveLaravel, laravelSession, type LaravelDriver, type LaravelSessionOptions } from '../../harness/laravel.js';
import { havePrograms } from '../../harness/programs.js';
import { removeTempDir, startMemcached, startRedis, tempDir, type RunningServer } from '../../harness/servers.js';
import { startTestService, type TestService } from '../serve/in-process.js';

const ready = haveLaravel('memcached') && haveLaravel('redis') && havePrograms('memcached', 'redis-server');
const key = () => `base64:${randomBytes(32).toString('base64')}`;

describe.runIf(ready)('--framework laravel, sessions written by Laravel', () => {
  let mc: RunningServer;
  let rd: RunningServer;
  const dir = tempDir('isauth-laravel-');
  const appKey = key();
  const services: TestService[] = [];

  beforeAll(async () => {
    [mc, rd] = await Promise.all([startMemcached(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await Promise.all([mc?.kill(), rd?.kill()]);
    removeTempDir(dir);
  });

  const storeUrl = (driver: LaravelDriver) =>
    driver === 'file' ? `files:${dir}` : driver === 'memcached' ? `memcached://127.0.0.1:${mc.port}` : `redis://127.0.0.1:${rd.port}`;

  async function service(driver: LaravelDriver, flags: string[] = []): Promise<TestService> {
    const svc = await startTestService(storeUrl(driver), {}, ['--framework', 'laravel', '--app-key', appKey, ...flags]);
    services.push(svc);
    return svc;
  }

  function write(driver: LaravelDriver, extra: Partial<LaravelSessionOptions>) {
    return laravelSession({
      driver, appKey, loggedIn: false, filesDir: dir,
      memcached: { host: '127.0.0.1', port: mc.port }, redis: { host: '127.0.0.1', port: rd.port }, ...extra,
    });
  }

  for (const driver of ['file', 'memcached', 'redis'] as const) {
    for (const encrypt of [false, true]) {
      it(`${driver}${encrypt ? ' with SESSION_ENCRYPT' : ''}: logged in → auth, visitor → anon, after logout → anon`, async () => {
        const svc = await service(driver, encrypt ? ['--session-encrypt'] : []);
        const user = write(driver, { loggedIn: true, encrypt });
        const guest = write(driver, { loggedIn: false, encrypt });
        const out = write(driver, { loggedIn: true, logout: true, encrypt });
        if (driver === 'file') expect(dirname(user.storeKey)).toBe(dir);
        expect(await svc.auth(`${user.cookieName}=${user.cookieValue}`)).toEqual(['auth', '1']);
        expect(await svc.auth(`${guest.cookieName}=${guest.cookieValue}`)).toEqual(['anon', '0']);
        expect(await svc.auth(`${out.cookieName}=${out.cookieValue}`)).toEqual(['anon', '0']);
        // The cookie from before the logout names a session Laravel destroyed.
        expect(await svc.auth(`${out.cookieName}=${out.login!.cookieValue}`)).toEqual(['anon', '0']);
      });
    }
  }

  it('APP_NAME changes the cookie and the prefixes; --app-name follows', async () => {
    const svc = await startTestService(storeUrl('redis'), {}, ['--framework', 'laravel', '--app-key', appKey, '--app-name', 'My Shop']);
    services.push(svc);
    const user = write('redis', { loggedIn: true, appName: 'My Shop' });
    expect(user.cookieName).toBe('my_shop_session');
    expect(await svc.auth(`${user.cookieName}=${user.cookieValue}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`laravel_session=${user.cookieValue}`)).toEqual(['anon', '0']); // not the configured cookie
  });

  it('key rotation: a cookie made with the previous key is read when that key is listed second', async () => {
    const oldKey = key();
    const user = laravelSession({ driver: 'file', appKey: oldKey, loggedIn: true, filesDir: dir });
    const rotated = await startTestService(storeUrl('file'), {}, ['--framework', 'laravel', '--app-key', key(), '--app-key', oldKey]);
    const newOnly = await startTestService(storeUrl('file'), {}, ['--framework', 'laravel', '--app-key', key()]);
    services.push(rotated, newOnly);
    expect(await rotated.auth(`laravel_session=${user.cookieValue}`)).toEqual(['auth', '1']);
    expect(await newOnly.auth(`laravel_session=${user.cookieValue}`)).toEqual(['anon', '0']);
    const metrics = await (await newOnly.get('/metrics')).text();
    expect(metrics).toMatch(/isauth_cookie_rejections_total\{code="COOKIE_SIGNATURE"\} 1/);
  });

  it('forged, tampered and truncated cookies are logged out, never an error', async () => {
    const svc = await service('file');
    const user = write('file', { loggedIn: true });
    const raw = decodeURIComponent(user.cookieValue);
    const payload = JSON.parse(Buffer.from(raw, 'base64').toString()) as Record<string, string>;
    const tampered = Buffer.from(JSON.stringify({ ...payload, value: `A${payload.value!.slice(1)}` })).toString('base64');
    for (const cookie of [tampered, raw.slice(0, raw.length / 2), user.sessionId, 'x'.repeat(5000), '%%%', 'eyJpdiI6']) {
      expect(await svc.auth(`laravel_session=${encodeURIComponent(cookie)}`)).toEqual(['anon', '0']);
    }
  });
});
