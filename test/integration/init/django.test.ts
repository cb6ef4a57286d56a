/**
 * `isauth init` on a real Django 3.2 project (Debian's python3-django; test/harness/django-app/),
 * configured away from the defaults: another cookie name and age, sessions in a memcached cache
 * with its own KEY_PREFIX and VERSION; then signed-cookie sessions after a key rotation, with
 * SECRET_KEY_FALLBACKS set — which Django 3.2 does not read. The derived configuration
 * (`manage.py shell -c` asked) must make isauth answer what Django answers.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DJANGO_PYTHON, haveDjango } from '../../harness/django.js';
import { haveIsauthBuild, type RunningIsauth } from '../../harness/isauth.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { APP_USER, appCopy, http, serveApp, type RunningApp } from '../../harness/web-app.js';
import { userByName } from '../../../src/init/users.js';
import { appSays, isauthSays, printConfig, serveFromConfig, type Derived } from './support.js';

const ready = haveIsauthBuild() && havePrograms('memcached') && haveDjango('pymemcache');

/** A copy of the project with these settings, its database migrated and user alice created (as www-data). */
function project(local: string): string {
  const dir = appCopy('django', { 'shop/local.py': local }, ['.']);
  const { uid, gid } = userByName(APP_USER)!;
  for (const args of [['migrate', '-v0'], ['shell', '-c', "from django.contrib.auth.models import User; User.objects.create_user('alice', password='secret')"]]) {
    const r = spawnSync(DJANGO_PYTHON, ['manage.py', ...args], { cwd: dir, uid, gid, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
    if (r.status !== 0) throw new Error(`manage.py ${args[0]}: ${r.stderr}`);
  }
  return dir;
}

const INIT = ['--python', DJANGO_PYTHON];

describe.runIf(ready)('isauth init: Django 3.2, cache sessions in memcached with KEY_PREFIX and VERSION, another cookie', () => {
  let mc: RunningServer;
  let app: RunningApp;
  let derived: Derived;
  let isauth: RunningIsauth;

  beforeAll(async () => {
    mc = await startMemcached();
    const dir = project(`SECRET_KEY = 'current-secret-key'
SECRET_KEY_FALLBACKS = ['an-older-secret-key']
SESSION_ENGINE = 'django.contrib.sessions.backends.cache'
SESSION_COOKIE_NAME = 'shopsid'
SESSION_COOKIE_AGE = 3600
CACHES = {'default': {'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache', 'LOCATION': '127.0.0.1:${mc.port}', 'KEY_PREFIX': 'shop', 'VERSION': 3}}
`);
    app = await serveApp('django', dir);
    derived = printConfig(dir, INIT);
    isauth = await serveFromConfig(derived.file);
  }, 120_000);
  afterAll(async () => {
    await isauth?.stop();
    await app?.stop();
    await mc?.stop();
  });

  it('asks Django (manage.py shell -c, shown) and derives the store, prefix, cookie and age', () => {
    expect(derived.run.stderr).toContain(`runuser -u www-data -- ${DJANGO_PYTHON} manage.py shell -c CODE`);
    expect(derived.doc).toMatchObject({
      framework: 'django',
      store: `memcached://127.0.0.1:${mc.port}?prefix=shop:3:django.contrib.sessions.cache`,
      cookie: 'shopsid',
      maxAge: '3600',
      secretKey: ['current-secret-key'],
    });
    expect((derived.doc.$origins as Record<string, string>).store).toBe(
      "Django settings.SESSION_ENGINE = \"django.contrib.sessions.backends.cache\", settings.CACHES['default'] (BACKEND, LOCATION, KEY_PREFIX, VERSION)",
    );
    expect(derived.run.stderr).toMatch(/note: settings\.SECRET_KEY_FALLBACKS lists 1 key\(s\), but Django 3\.2\.\d+ does not read it/);
  });

  it('answers what Django decides: logged in, guest, logged out', async () => {
    const loggedIn = (await http(`${app.url}/login`, { method: 'POST' })).cookies.get('shopsid');
    const guest = (await http(`${app.url}/cart`, { method: 'POST' })).cookies.get('shopsid');
    const before = (await http(`${app.url}/login`, { method: 'POST' })).cookies.get('shopsid');
    await http(`${app.url}/logout`, { method: 'POST', cookie: `shopsid=${before}` });
    for (const [what, value, want] of [['logged in', loggedIn, '1'], ['guest', guest, '0'], ['logged out', before, '0']] as const) {
      expect(value, what).toBeTruthy();
      const cookie = `shopsid=${value}`;
      const said = await isauthSays(isauth, cookie);
      expect([what, said]).toEqual([what, await appSays(app.url, cookie)]);
      expect([what, said]).toEqual([what, want]);
    }
  });
});

describe.runIf(ready)('isauth init: Django 3.2, signed-cookie sessions after a key rotation', () => {
  const settings = (key: string, fallbacks: string[]) => `SECRET_KEY = '${key}'
SECRET_KEY_FALLBACKS = ${JSON.stringify(fallbacks)}
SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'
SESSION_COOKIE_NAME = 'sid'
`;
  let app: RunningApp;
  let derived: Derived;
  let isauth: RunningIsauth;
  let oldCookie: string | undefined;

  beforeAll(async () => {
    // Logged in under the old key…
    const before = project(settings('the-old-key', []));
    const old = await serveApp('django', before);
    oldCookie = (await http(`${old.url}/login`, { method: 'POST' })).cookies.get('sid');
    await old.stop();
    // …then the project rotates: a new SECRET_KEY, the old one in SECRET_KEY_FALLBACKS.
    const dir = project(settings('the-new-key', ['the-old-key']));
    app = await serveApp('django', dir);
    derived = printConfig(dir, INIT);
    isauth = await serveFromConfig(derived.file);
  }, 120_000);
  afterAll(async () => {
    await isauth?.stop();
    await app?.stop();
  });

  it('takes only the key Django 3.2 reads; a cookie signed with the old key is a guest to both', async () => {
    expect(derived.doc).toMatchObject({ store: 'cookie:', cookie: 'sid', secretKey: ['the-new-key'] });
    const loggedIn = (await http(`${app.url}/login`, { method: 'POST' })).cookies.get('sid');
    const guest = (await http(`${app.url}/cart`, { method: 'POST' })).cookies.get('sid');
    for (const [what, value, want] of [['logged in', loggedIn, '1'], ['guest', guest, '0'], ['old key', oldCookie, '0']] as const) {
      expect(value, what).toBeTruthy();
      const cookie = `sid=${value}`;
      const said = await isauthSays(isauth, cookie);
      expect([what, said]).toEqual([what, await appSays(app.url, cookie)]);
      expect([what, said]).toEqual([what, want]);
    }
  });
});
