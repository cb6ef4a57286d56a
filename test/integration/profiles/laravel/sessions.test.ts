/**
 * Sessions written by Laravel 8.83 itself (test/harness/laravel.ts: EncryptCookies →
 * AddQueuedCookiesToResponse → StartSession, SessionGuard login/logout) into real files, memcached
 * and Redis, with and without SESSION_ENCRYPT, read back raw by the key the framework used and
 * decoded with isauth's modules: the cookie codec gives the id, laravelNames gives the key, the
 * value codecs unwrap/decrypt, decodeSession(…, 'php_serialize') finds `login_web_<sha1>` iff the
 * user is logged in. Sessions stay small: php-memcached compresses values over 2,000 bytes
 * (flags 0x50, fastlz), which is another codec's job.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laravelCookieCodec } from '../../../../src/cookie-codec/laravel.js';
import { decodeSession } from '../../../../src/php/index.js';
import { laravelNames } from '../../../../src/profiles/laravel-names.js';
import { laravelEncryptedCodec } from '../../../../src/value-codec/laravel-encrypted.js';
import { phpStringCodec } from '../../../../src/value-codec/php-string.js';
import { haveLaravel, laravelSession } from '../../../harness/laravel.js';
import type { LaravelDriver, LaravelSessionOptions, LaravelSessionResult } from '../../../harness/laravel.js';
import { mcGetItem } from '../../../harness/memcached-text.js';
import { havePrograms } from '../../../harness/programs.js';
import { startMemcached, startRedis, tempDir } from '../../../harness/servers.js';
import type { RunningServer } from '../../../harness/servers.js';

const ready =
  haveLaravel('memcached') && haveLaravel('redis') && havePrograms('memcached', 'redis-server');

describe.runIf(ready)('Laravel 8 sessions in real stores, read back by isauth', () => {
  let mc: RunningServer;
  let rd: RunningServer;
  let redis: Redis;
  const dir = tempDir('laravel-sessions');
  const appKey = `base64:${randomBytes(32).toString('base64')}`;

  beforeAll(async () => {
    [mc, rd] = await Promise.all([startMemcached(), startRedis()]);
    redis = new Redis({ host: rd.host, port: rd.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  });
  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([mc?.stop(), rd?.stop()]);
  });

  /** The raw stored value (and memcached flags) at `key`, or null when absent. */
  async function readRaw(driver: LaravelDriver, key: string): Promise<{ bytes: Buffer; flags: number } | null> {
    if (driver === 'file') return existsSync(key) ? { bytes: readFileSync(key), flags: 0 } : null;
    if (driver === 'memcached') {
      const item = await mcGetItem(mc.port, key);
      return item && { bytes: item.value, flags: item.flags };
    }
    const v = await redis.getBuffer(key);
    return v && { bytes: v, flags: 0 };
  }

  function expectedKey(driver: LaravelDriver, appName: string | undefined, id: string): string {
    const names = laravelNames(appName);
    if (driver === 'file') return join(dir, id);
    return (driver === 'memcached' ? names.cachePrefix : names.redisPrefix) + id;
  }

  /** What isauth would do: raw bytes → serialize($attributes) → the session's variables. */
  function decodeStored(driver: LaravelDriver, encrypt: boolean, raw: { bytes: Buffer; flags: number }): Map<unknown, unknown> {
    let bytes: Uint8Array = raw.bytes;
    if (driver === 'redis') {
      expect(raw.bytes.subarray(0, 2).toString()).toBe('s:');
      bytes = phpStringCodec().decode(bytes, raw.flags);
    }
    expect(Buffer.from(bytes.subarray(0, 3)).toString()).toMatch(encrypt ? /^eyJ/ : /^a:\d/);
    if (encrypt) bytes = laravelEncryptedCodec({ keys: [appKey], maxBytes: 65536 }).decode(bytes, raw.flags);
    return decodeSession(bytes, 'php_serialize');
  }

  const drivers: LaravelDriver[] = ['file', 'memcached', 'redis'];
  const cases = drivers.flatMap((driver) => [false, true].map((encrypt) => ({ driver, encrypt })));

  describe.each(cases)('$driver, SESSION_ENCRYPT=$encrypt', ({ driver, encrypt }) => {
    const appName = encrypt ? 'My App' : undefined;
    const base = (): LaravelSessionOptions => ({
      driver, appKey, encrypt, loggedIn: false, filesDir: dir,
      memcached: { host: mc.host, port: mc.port }, redis: { host: rd.host, port: rd.port },
      ...(appName === undefined ? {} : { appName }),
    });

    async function check(r: LaravelSessionResult, loggedIn: boolean): Promise<void> {
      const names = laravelNames(appName);
      expect(r.cookieName).toBe(names.cookie);
      const id = laravelCookieCodec({ keys: [appKey], cookieName: names.cookie }).decode(r.cookieValue);
      expect(id).toBe(r.sessionId);
      expect(r.storeKey).toBe(expectedKey(driver, appName, r.sessionId));
      const raw = await readRaw(driver, r.storeKey);
      expect(raw).not.toBeNull();
      expect(raw!.flags).toBe(0); // small session: php-memcached did not compress it
      const session = decodeStored(driver, encrypt, raw!);
      expect(session.has('_token')).toBe(true);
      expect(session.get(r.loginKey)).toBe(loggedIn ? 42 : undefined);
      expect(r.loggedIn).toBe(loggedIn);
    }

    it('a logged-in user: login_web_<sha1> holds the user id', async () => {
      const r = laravelSession({ ...base(), loggedIn: true });
      expect(r.loginKey).toBe('login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d');
      await check(r, true);
    });

    it('a visitor who never logged in: no login key', async () => {
      await check(laravelSession(base()), false);
    });

    it('a logout: the new session has no login key, the logged-in one is gone', async () => {
      const r = laravelSession({ ...base(), logout: true });
      const login = r.login!;
      expect(login.loggedIn).toBe(true);
      expect(laravelCookieCodec({ keys: [appKey], cookieName: login.cookieName }).decode(login.cookieValue)).toBe(login.sessionId);
      expect(r.previousSessionId).toBe(login.sessionId);
      expect(r.sessionId).not.toBe(login.sessionId);
      expect(await readRaw(driver, login.storeKey)).toBeNull();
      await check(r, false);
    });
  });
});
