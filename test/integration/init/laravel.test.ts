/**
 * `isauth init` on a real Laravel 8 application (Debian's php-laravel-framework; the skeleton in
 * test/harness/laravel-app/), configured away from every default: APP_NAME "My Shop", another
 * cookie name, the redis driver with its own Redis and cache prefixes, a 30-minute lifetime, and
 * Laravel 11's `app.previous_keys` set — which Laravel 8 does not read. The configuration isauth
 * derives (`--print-config`, Laravel asked through its own bootstrap) must make isauth answer what
 * the application itself answers for logged-in, guest and logged-out sessions, and for a cookie
 * encrypted with the previous key (Laravel 8: a new visitor).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveIsauthBuild, type RunningIsauth } from '../../harness/isauth.js';
import { haveLaravel, laravelEncrypt } from '../../harness/laravel.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, startRedis, type RunningServer } from '../../harness/servers.js';
import { appCopy, http, serveApp, type RunningApp } from '../../harness/web-app.js';
import { appSays, isauthCli, isauthSays, printConfig, serveFromConfig, type Derived } from './support.js';

const ready = haveIsauthBuild() && havePrograms('redis-server', 'memcached') && haveLaravel('redis') && haveLaravel('memcached');
const key = (): string => `base64:${randomBytes(32).toString('base64')}`;
const WRITABLE = ['storage', 'bootstrap/cache'];
const env = (vars: Record<string, string>): string => Object.entries(vars).map(([k, v]) => `${k}="${v}"`).join('\n');

describe.runIf(ready)('isauth init: Laravel 8, redis driver, custom names and prefixes, previous keys', () => {
  const KEY = key();
  const OLD = key();
  let redis: RunningServer;
  let app: RunningApp;
  let derived: Derived;
  let isauth: RunningIsauth;
  let dir: string;

  beforeAll(async () => {
    redis = await startRedis();
    dir = appCopy('laravel', {
      '.env': env({
        APP_NAME: 'My Shop', APP_KEY: KEY, APP_PREVIOUS_KEYS: OLD, SESSION_DRIVER: 'redis', SESSION_COOKIE: 'shop_sid',
        SESSION_LIFETIME: '30', REDIS_HOST: '127.0.0.1', REDIS_PORT: String(redis.port), REDIS_PREFIX: 'shopdb_', CACHE_PREFIX: 'shopcache',
      }),
    }, WRITABLE);
    app = await serveApp('laravel', dir);
    derived = printConfig(dir);
    isauth = await serveFromConfig(derived.file);
  }, 120_000);
  afterAll(async () => {
    await isauth?.stop();
    await app?.stop();
    await redis?.stop();
  });

  it('asks Laravel (the PHP it runs is shown) and derives every session setting, with origins', () => {
    expect(derived.run.stderr).toContain('runuser -u www-data -- php -r CODE');
    expect(derived.run.stderr).toContain("$app->make(Illuminate\\Contracts\\Console\\Kernel::class)->bootstrap();");
    expect(derived.doc).toMatchObject({
      framework: 'laravel',
      store: `redis://127.0.0.1:${redis.port}?prefix=shopdb_shopcache:`,
      cookie: 'shop_sid',
      maxAge: '1800',
      appKey: [KEY],
      sessionEncrypt: false,
    });
    const origins = derived.doc.$origins as Record<string, string>;
    expect(origins.store).toBe("Laravel config('session.driver') = \"redis\", config('database.redis.default') (config('session.connection')), config('database.redis.options.prefix'), config('cache.prefix')");
    expect(origins.cookie).toBe("Laravel config('session.cookie')");
    // Laravel 8 does not read app.previous_keys: neither does isauth, and it says so.
    expect(derived.run.stderr).toMatch(/note: config\('app.previous_keys'\) lists 1 key\(s\), but Laravel 8\.83\.\d+'s Encrypter does not read it/);
  });

  it('answers what Laravel decides: logged in, guest, logged out (both ids), and a previous-key cookie', async () => {
    const login = await http(`${app.url}/login`, { method: 'POST' });
    const loggedIn = login.cookies.get('shop_sid');
    const cart = await http(`${app.url}/cart`, { method: 'POST' });
    const guest = cart.cookies.get('shop_sid');
    const before = (await http(`${app.url}/login`, { method: 'POST' })).cookies.get('shop_sid');
    const after = (await http(`${app.url}/logout`, { method: 'POST', cookie: `shop_sid=${before}` })).cookies.get('shop_sid');
    // The logged-in session's own id, encrypted by Laravel's Encrypter with the previous key.
    const [oldKeyCookie] = laravelEncrypt([{ key: OLD, cipher: 'AES-256-CBC', plain: await sessionIdOf(loggedIn!), cookieName: 'shop_sid' }]);
    const cases = [
      ['logged in', loggedIn, '1'],
      ['guest with a cart', guest, '0'],
      ['logged out: the id before logout', before, '0'],
      ['logged out: the new id after logout', after, '0'],
      ['previous key', encodeURIComponent(oldKeyCookie!), '0'],
    ] as const;
    for (const [what, value, want] of cases) {
      expect(value, what).toBeTruthy();
      const cookie = `shop_sid=${value}`;
      const isauthAnswer = await isauthSays(isauth, cookie);
      expect([what, isauthAnswer]).toEqual([what, await appSays(app.url, cookie)]);
      expect([what, isauthAnswer]).toEqual([what, want]);
    }
  });

  it('--check-config on the file names the same origins', () => {
    const r = isauthCli(['--check-config', '--config', derived.file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`--store redis://127\\.0\\.0\\.1:${redis.port}\\?prefix=shopdb_shopcache(:|%3A) {3}← key "store" in ${derived.file}: Laravel config\\('session\\.driver'\\) = "redis"`));
    expect(r.stdout).toContain(`--app-key (set, 1, not shown)   ← key "appKey" in ${derived.file}: Laravel config('app.key')`);
    expect(r.stdout).not.toContain(KEY.slice(7));
  });

  /** The session id inside a Laravel cookie: asked from isauth check (it decrypts with the config). */
  async function sessionIdOf(cookieValue: string): Promise<string> {
    const r = isauthCli(['check', cookieValue, '--config', derived.file, '--json']);
    const id = (JSON.parse(r.stdout) as { id: string | null }).id;
    if (id === null) throw new Error(`no id in ${r.stdout}`);
    return id;
  }
});

describe.runIf(ready)('isauth init: Laravel 8, memcached driver, a cache store prefix of its own', () => {
  let mc: RunningServer;
  let app: RunningApp;
  let derived: Derived;
  let isauth: RunningIsauth;

  beforeAll(async () => {
    mc = await startMemcached();
    const dir = appCopy('laravel', {
      '.env': env({ APP_NAME: 'Über Café', APP_KEY: key(), SESSION_DRIVER: 'memcached', MEMCACHED_HOST: '127.0.0.1', MEMCACHED_PORT: String(mc.port), SESSION_LIFETIME: '5' }),
    }, WRITABLE);
    app = await serveApp('laravel', dir);
    derived = printConfig(dir);
    isauth = await serveFromConfig(derived.file);
  }, 120_000);
  afterAll(async () => {
    await isauth?.stop();
    await app?.stop();
    await mc?.stop();
  });

  it('derives the names Laravel makes from APP_NAME, and answers as Laravel does', async () => {
    expect(derived.doc).toMatchObject({ store: `memcached://127.0.0.1:${mc.port}?prefix=uber_cafe_cache:`, cookie: 'uber_cafe_session', maxAge: '300' });
    const loggedIn = (await http(`${app.url}/login`, { method: 'POST' })).cookies.get('uber_cafe_session');
    const guest = (await http(`${app.url}/cart`, { method: 'POST' })).cookies.get('uber_cafe_session');
    for (const [value, want] of [[loggedIn, '1'], [guest, '0']] as const) {
      const cookie = `uber_cafe_session=${value}`;
      expect(await isauthSays(isauth, cookie)).toBe(want);
      expect(await appSays(app.url, cookie)).toBe(want);
    }
  });
});
