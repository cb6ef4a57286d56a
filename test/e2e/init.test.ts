/**
 * A Laravel site from nothing to a working nginx page cache with `isauth init` and an nginx
 * reload: the Laravel 8 skeleton (test/harness/laravel-app/, sessions in memcached, a middleware
 * that writes rendered pages under isauth's keys) runs on a real php-fpm pool; nginx runs with a
 * Debian-style nginx.conf that includes conf.d/*.conf and serves no site yet; `isauth init --yes`
 * writes isauth's config file and the site's include; isauth starts with that file alone; nginx
 * reloads. Then: pages come from memcached per variant — anonymous, logged in, logged out — and
 * while isauth is down they come from PHP, with nginx's error.log saying why.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISAUTH_MAIN, haveIsauthBuild } from '../harness/isauth.js';
import { haveLaravel } from '../harness/laravel.js';
import { mainConf } from '../harness/nginx.js';
import { findProgram, havePrograms } from '../harness/programs.js';
import { spawnTracked, waitForSocket, type Tracked } from '../harness/process.js';
import { freePort, startMemcached, tempDir, waitForPort, type RunningServer } from '../harness/servers.js';
import { appCopy, http, type Answer } from '../harness/web-app.js';

const ready = haveIsauthBuild() && havePrograms('nginx', 'php-fpm', 'memcached', 'runuser') && haveLaravel('memcached');

describe.runIf(ready)('isauth init takes a Laravel site to a working nginx page cache', () => {
  let mc: RunningServer;
  let fpm: Tracked;
  let nginx: Tracked;
  let isauth: Tracked | undefined;
  let site: string;
  let ngx: string;
  let configFile: string;
  let init: { status: number | null; stdout: string; stderr: string };
  let initArgs: string[];
  const from = (a: Answer): string => (a.headers['x-page-cache'] === 'hit' ? 'cache' : a.headers['x-rendered-by'] === 'php' ? 'php' : '?');

  beforeAll(async () => {
    mc = await startMemcached();
    const app = appCopy('laravel', {
      '.env': [
        `APP_KEY=base64:${randomBytes(32).toString('base64')}`, 'APP_NAME=Shop', 'SESSION_DRIVER=memcached',
        'MEMCACHED_HOST=127.0.0.1', `MEMCACHED_PORT=${mc.port}`, `PAGE_CACHE=127.0.0.1:${mc.port}`,
      ].join('\n'),
    }, ['storage', 'bootstrap/cache']);

    // php-fpm: a php.ini and one pool, as Debian lays them out.
    const php = tempDir('init-fpm');
    chmodSync(php, 0o755);
    mkdirSync(join(php, 'pool.d'));
    writeFileSync(join(php, 'php.ini'), '; the site\'s php.ini\n');
    const socket = join(php, 'app.sock');
    writeFileSync(join(php, 'pool.d', 'shop.conf'), `[shop]\nuser = www-data\ngroup = www-data\nlisten = ${socket}\nlisten.mode = 0666\npm = static\npm.max_children = 2\nclear_env = yes\ncatch_workers_output = yes\n`);
    writeFileSync(join(php, 'php-fpm.conf'), `[global]\nerror_log = ${join(php, 'php-fpm.log')}\ndaemonize = no\ninclude = ${join(php, 'pool.d')}/*.conf\n`);
    fpm = spawnTracked('php-fpm', findProgram('php-fpm')!, ['-R', '-F', '-c', join(php, 'php.ini'), '-y', join(php, 'php-fpm.conf')], { stopSignal: 'SIGQUIT' });
    await fpm.started(waitForSocket(socket));

    // nginx: nginx.conf includes conf.d/*.conf, which is empty — no site yet (only a status port).
    const dir = tempDir('init-nginx');
    chmodSync(dir, 0o755);
    ngx = join(dir, 'conf');
    for (const d of ['conf/conf.d', 'logs', 'tmp']) mkdirSync(join(dir, d), { recursive: true });
    chmodSync(join(dir, 'tmp'), 0o777);
    const status = await freePort();
    writeFileSync(join(ngx, 'nginx.conf'), mainConf(dir, { http: `    include conf.d/*.conf;\n    server { listen 127.0.0.1:${status}; return 204; }` }));
    nginx = spawnTracked('nginx', findProgram('nginx')!, ['-p', `${dir}/`, '-e', join(dir, 'logs/error.log'), '-c', join(ngx, 'nginx.conf')], { stopSignal: 'SIGTERM' });
    await nginx.started(waitForPort(status));

    const cfgDir = tempDir('init-etc');
    chmodSync(cfgDir, 0o755);
    configFile = join(cfgDir, 'shop.json');
    const [sitePort, isauthPort] = [await freePort(), await freePort()];
    site = `http://127.0.0.1:${sitePort}`;
    initArgs = [app, '--yes',
      '--php-ini', join(php, 'php.ini'), '--php-fpm-pool', join(php, 'pool.d', 'shop.conf'),
      '--config-out', configFile, '--nginx-dir', ngx, '--site', 'shop',
      '--site-listen', `127.0.0.1:${sitePort}`, '--listen', `127.0.0.1:${isauthPort}`, '--page-cache', `127.0.0.1:${mc.port}`,
    ];
    const r = spawnSync(process.execPath, [ISAUTH_MAIN, 'init', ...initArgs], { encoding: 'utf8', env: { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` }, timeout: 120_000 });
    init = { status: r.status, stdout: r.stdout, stderr: r.stderr };
    if (r.status !== 0) throw new Error(`isauth init exited ${r.status}:\n${r.stdout}\n${r.stderr}`);

    // The service as the systemd unit runs it: `isauth serve` with ISAUTH_CONFIG and nothing else.
    isauth = spawnTracked('isauth', process.execPath, [ISAUTH_MAIN, 'serve'], { env: { PATH: process.env.PATH, ISAUTH_CONFIG: configFile } });
    await isauth.started(waitForPort(isauthPort));
    nginx.child.kill('SIGHUP');
    await waitForPort(sitePort, 15_000);
  }, 180_000);
  afterAll(async () => {
    await isauth?.stop();
    await nginx?.stop();
    await fpm?.stop();
    await mc?.stop();
  });

  it('init wrote the config file (0600, www-data: it holds the app key), the include, and checked the store live', () => {
    const st = statSync(configFile);
    expect((st.mode & 0o777).toString(8)).toBe('600');
    expect(st.uid).toBe(Number(spawnSync('id', ['-u', 'www-data'], { encoding: 'utf8' }).stdout.trim()));
    const include = readFileSync(join(ngx, 'conf.d', 'isauth-shop.conf'), 'utf8');
    expect(include).toMatch(/upstream isauth_php_fpm \{\n {4}server unix:\/.*\/app\.sock;/);
    expect(include).toContain(`server 127.0.0.1:${mc.port} max_fails=0;`);
    expect(init.stdout).toContain('--store memcached://127.0.0.1:');
    expect(init.stdout).toContain('probe OK: the memcached store answered');
    expect(init.stdout).toContain('Next: run isauth with it');
  });

  it('anonymous, logged in and logged out pages come from memcached, each its own variant', async () => {
    const first = await http(`${site}/`);
    expect([first.status, from(first), first.body, first.headers['x-page-stored']]).toEqual([200, 'php', 'Hello, guest', 'yes']);
    const again = await http(`${site}/`);
    expect([from(again), again.headers['x-cache-variant'], again.body]).toEqual(['cache', 'anon', 'Hello, guest']);

    const login = await http(`${site}/login`, { method: 'POST' });
    const cookie = `shop_session=${login.cookies.get('shop_session')}`;
    const mine = await http(`${site}/`, { cookie });
    expect([from(mine), mine.body]).toEqual(['php', 'Hello, Alice (logged in)']);
    const mineAgain = await http(`${site}/`, { cookie });
    expect([from(mineAgain), mineAgain.headers['x-cache-variant'], mineAgain.body]).toEqual(['cache', 'auth', 'Hello, Alice (logged in)']);

    const logout = await http(`${site}/logout`, { method: 'POST', cookie });
    for (const c of [cookie, `shop_session=${logout.cookies.get('shop_session')}`]) {
      const page = await http(`${site}/`, { cookie: c });
      expect([from(page), page.headers['x-cache-variant'], page.body]).toEqual(['cache', 'anon', 'Hello, guest']);
    }
  });

  it('run again, init is idempotent and its live check decides the newest session in the store', () => {
    const before = readFileSync(join(ngx, 'conf.d', 'isauth-shop.conf'), 'utf8');
    const r = spawnSync(process.execPath, [ISAUTH_MAIN, 'init', ...initArgs], { encoding: 'utf8', env: { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(ngx, 'conf.d', 'isauth-shop.conf'), 'utf8')).toBe(before);
    expect(r.stdout).toContain('A session (the most recently used session in memcached (its cookie made with the app key)):');
    expect(r.stdout).toMatch(/^decision {4}(logged in|not logged in) — variant (auth|anon), X-Auth-State [01]$/m);
    expect(r.stdout).toMatch(/^key {9}shop_cache:[A-Za-z0-9]{40}$/m);
  });

  it('while isauth is down pages come from PHP, and nginx logs why (docs/deploy.md)', async () => {
    await isauth?.stop();
    const page = await http(`${site}/`);
    expect([page.status, from(page), page.body]).toEqual([200, 'php', 'Hello, guest']);
    const log = readFileSync(join(ngx, '..', 'logs', 'error.log'), 'utf8');
    expect(log).toMatch(/connect\(\) failed \(111: Connection refused\) while connecting to upstream, .*subrequest: "\/_isauth"/);
    expect(log).toMatch(/auth request unexpected status: 502/);
  });
});
