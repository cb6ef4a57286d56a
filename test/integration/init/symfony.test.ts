/**
 * `isauth init` on a real Symfony 5.4 application (Debian's php-symfony-framework-bundle and
 * -security-bundle; test/harness/symfony-app/, a form login on firewall `main`), configured away
 * from the defaults: sessions in memcached through a DSN in an environment variable
 * (`%env(SESSION_DSN)%`, resolved by Symfony) with a prefix of its own, another cookie name and
 * lifetime, and PHP's php_serialize serializer (php.ini); then PHP's files handler in a directory
 * of the application. The configuration isauth derives must make it answer what Symfony answers.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveIsauthBuild, type RunningIsauth } from '../../harness/isauth.js';
import { havePhpExtensions } from '../../harness/php.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, tempDir, type RunningServer } from '../../harness/servers.js';
import { haveSymfonyApp } from '../../harness/symfony.js';
import { appCopy, http, serveApp, type RunningApp } from '../../harness/web-app.js';
import { appSays, isauthSays, printConfig, serveFromConfig, type Derived } from './support.js';

const ready = haveIsauthBuild() && havePrograms('memcached', 'php') && havePhpExtensions('memcached') && haveSymfonyApp();

const FRAMEWORK = (session: string) => `framework:
    secret: '%env(APP_SECRET)%'
    http_method_override: false
    session:
${session}
`;

/** A php.ini for both the application (php -c) and isauth init (--php-ini). */
function phpIni(lines: string): string {
  const dir = tempDir('symfony-ini');
  chmodSync(dir, 0o755); // the application (www-data) must read it: PHP ignores an unreadable -c file
  const file = join(dir, 'php.ini');
  writeFileSync(file, lines, { mode: 0o644 });
  return file;
}

/** The three visitors every test compares: logged in, a guest with a cart, a visitor who logged out. */
async function visitors(url: string, cookie: string): Promise<Array<[string, string | undefined, string]>> {
  const login = await http(`${url}/login`, { method: 'POST', form: { _username: 'alice', _password: 'secret' } });
  const loggedIn = login.cookies.get(cookie);
  const guest = (await http(`${url}/cart`, { method: 'POST' })).cookies.get(cookie);
  const other = (await http(`${url}/login`, { method: 'POST', form: { _username: 'alice', _password: 'secret' } })).cookies.get(cookie);
  const out = await http(`${url}/logout`, { cookie: `${cookie}=${other}` });
  return [['logged in', loggedIn, '1'], ['guest with a cart', guest, '0'], ['logged out (the id it had)', other, '0'], ['logged out (a new id, if any)', out.cookies.get(cookie) ?? guest, '0']];
}

describe.runIf(ready)('isauth init: Symfony 5.4, memcached DSN from an env var with a prefix, another cookie, php_serialize', () => {
  let mc: RunningServer;
  let app: RunningApp;
  let derived: Derived;
  let isauth: RunningIsauth;

  beforeAll(async () => {
    mc = await startMemcached();
    const ini = phpIni('session.serialize_handler = php_serialize\n');
    const dir = appCopy('symfony', {
      '.env': `APP_ENV=prod\nAPP_DEBUG=0\nAPP_SECRET=0123456789abcdef\nSESSION_DSN=memcached://127.0.0.1:${mc.port}?prefix=shop_sess_\n`,
      'config/packages/framework.yaml': FRAMEWORK(`        handler_id: '%env(SESSION_DSN)%'
        name: SHOPSID
        gc_maxlifetime: 3600
        cookie_samesite: lax
        storage_factory_id: session.storage.factory.native`),
    }, ['var']);
    app = await serveApp('symfony', dir, {}, ini);
    derived = printConfig(dir, ['--php-ini', ini, '--app-user', 'www-data']);
    isauth = await serveFromConfig(derived.file);
  }, 120_000);
  afterAll(async () => {
    await isauth?.stop();
    await app?.stop();
    await mc?.stop();
  });

  it('asks Symfony (debug:config, then debug:container for the env var) and derives the store, prefix, cookie, lifetime and serializer', () => {
    expect(derived.run.stderr).toContain('runuser -u www-data -- php bin/console debug:config framework session --no-ansi');
    expect(derived.run.stderr).toContain('runuser -u www-data -- env APP_DEBUG=1 php bin/console debug:container --env-var=SESSION_DSN --no-ansi');
    expect(derived.doc).toMatchObject({
      framework: 'symfony',
      store: `memcached://127.0.0.1:${mc.port}?prefix=shop_sess_`,
      cookie: 'SHOPSID',
      maxAge: '3600',
      serializer: 'php_serialize',
    });
    const origins = derived.doc.$origins as Record<string, string>;
    expect(origins.store).toBe('Symfony framework.session.handler_id = %env(SESSION_DSN)%');
    expect(origins.serializer).toMatch(/^php\.ini .*php\.ini:1: session\.serialize_handler$/);
  });

  it('answers what Symfony decides: logged in, guest, logged out', async () => {
    for (const [what, value, want] of await visitors(app.url, 'SHOPSID')) {
      expect(value, what).toBeTruthy();
      const cookie = `SHOPSID=${value}`;
      const said = await isauthSays(isauth, cookie);
      expect([what, said]).toEqual([what, await appSays(app.url, cookie)]);
      expect([what, said]).toEqual([what, want]);
    }
  });
});

describe.runIf(ready)("isauth init: Symfony 5.4, PHP's files handler in the application's var/sessions", () => {
  let app: RunningApp;
  let derived: Derived;
  let isauth: RunningIsauth;
  let dir: string;

  beforeAll(async () => {
    const ini = phpIni('session.name = APPSESSID\nsession.gc_maxlifetime = 7200\n');
    dir = appCopy('symfony', {
      '.env': 'APP_ENV=prod\nAPP_DEBUG=0\nAPP_SECRET=0123456789abcdef\n',
      'config/packages/framework.yaml': FRAMEWORK(`        handler_id: session.handler.native_file
        save_path: '%kernel.project_dir%/var/sessions'
        storage_factory_id: session.storage.factory.native`),
    }, ['var']);
    app = await serveApp('symfony', dir, {}, ini);
    derived = printConfig(dir, ['--php-ini', ini, '--app-user', 'www-data']);
    isauth = await serveFromConfig(derived.file);
  }, 120_000);
  afterAll(async () => {
    await isauth?.stop();
    await app?.stop();
  });

  it('takes the directory from Symfony and the cookie and lifetime from php.ini, and answers as Symfony', async () => {
    expect(derived.doc).toMatchObject({ store: `files:${dir}/var/sessions`, cookie: 'APPSESSID', maxAge: '7200' });
    expect(derived.doc.serializer).toBeUndefined(); // php.ini leaves PHP's default, which is isauth's
    for (const [what, value, want] of await visitors(app.url, 'APPSESSID')) {
      expect(value, what).toBeTruthy();
      const cookie = `APPSESSID=${value}`;
      const said = await isauthSays(isauth, cookie);
      expect([what, said]).toEqual([what, await appSays(app.url, cookie)]);
      expect([what, said]).toEqual([what, want]);
    }
  });
});
