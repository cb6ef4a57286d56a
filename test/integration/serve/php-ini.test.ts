/**
 * `--php-ini` proven against PHP itself: real php-cli, given a copy of the real Debian php.ini +
 * conf.d edited for each handler (`php -c DIR`), writes logged-in sessions; isauth configured
 * ONLY by that php.ini (plus --auth) must find them. Also `--check-config` from the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveIsauthBuild, ISAUTH_MAIN } from '../../harness/isauth.js';
import { havePhpExtensions } from '../../harness/php.js';
import { haveDebianPhpIni, phpIniFixture, runPhpWithIni } from '../../harness/php-ini-fixture.js';
import { newSessionId } from '../../harness/php-session.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, startRedis, tempDir, type RunningServer } from '../../harness/servers.js';
import { startTestServiceFromFlags } from './in-process.js';

type Fixture = ReturnType<typeof phpIniFixture>;

/** PHP writes `user_id` = 42 and 0 into two fresh sessions through its configured handler. */
function phpWrites(f: Fixture): { user: string; guest: string } {
  const ids = { user: newSessionId(), guest: newSessionId() };
  const write = (id: string, v: number): string =>
    `session_id('${id}'); if (!session_start()) exit(3); $_SESSION = ['user_id' => ${v}]; if (!session_write_close()) exit(4);\n`;
  runPhpWithIni(f, write(ids.user, 42) + write(ids.guest, 0));
  return ids;
}

/** isauth from `--php-ini` alone (or `iniFlags`) decides auth for the user, anon for the guest and a stranger. */
async function expectDecisions(f: Fixture, cookie: string, iniFlags: readonly string[] = ['--php-ini', f.ini]): Promise<void> {
  const ids = phpWrites(f);
  const svc = await startTestServiceFromFlags([...iniFlags, '--auth', 'user_id']);
  try {
    expect(await svc.auth(`${cookie}=${ids.user}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`${cookie}=${ids.guest}`)).toEqual(['anon', '0']);
    expect(await svc.auth(`${cookie}=${newSessionId()}`)).toEqual(['anon', '0']);
  } finally {
    await svc.close();
  }
}

const php = haveDebianPhpIni() && havePhpExtensions('session');

describe.runIf(php)('--php-ini: sessions PHP wrote with that php.ini', () => {
  it('files: N;MODE;/dir, session.name, php_serialize', async () => {
    const dir = tempDir('phpini-files');
    for (const c of '0123456789abcdefghijklmnopqrstuv') mkdirSync(join(dir, c));
    const f = phpIniFixture({ 'session.save_path': `"1;0600;${dir}"`, 'session.name': 'SHOPSID', 'session.serialize_handler': 'php_serialize' });
    await expectDecisions(f, 'SHOPSID');
  });

  describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached', 'memcache'))('memcached servers', () => {
    let m1: RunningServer;
    let m2: RunningServer;
    beforeAll(async () => {
      [m1, m2] = await Promise.all([startMemcached(), startMemcached()]);
    });
    afterAll(async () => {
      await Promise.all([m1?.stop(), m2?.stop()]);
    });

    it('php-memcached: two servers, sess_prefix and consistent hash type from conf.d', async () => {
      const f = phpIniFixture(
        { 'session.save_handler': 'memcached', 'session.save_path': `"127.0.0.1:${m1.port},127.0.0.1:${m2.port}"` },
        { '25-memcached.ini': { 'memcached.sess_prefix': '"shop.sess."', 'memcached.sess_consistent_hash_type': 'ketama_weighted', 'memcached.sess_locking': 'Off' } },
      );
      for (let i = 0; i < 3; i++) await expectDecisions(f, 'PHPSESSID');
    });

    it('pecl memcache: tcp:// URLs with a weight, standard hash, static prefix', async () => {
      const f = phpIniFixture(
        { 'session.save_handler': 'memcache', 'session.save_path': `"tcp://127.0.0.1:${m1.port}?weight=2, tcp://127.0.0.1:${m2.port}"` },
        { '20-memcache.ini': { 'memcache.hash_strategy': 'standard', 'memcache.session_redundancy': '1', 'memcache.session_prefix_static_key': 'shop_' } },
      );
      for (let i = 0; i < 3; i++) await expectDecisions(f, 'PHPSESSID');
    });
  });

  describe.runIf(havePrograms('redis-server') && havePhpExtensions('redis', 'igbinary'))('redis', () => {
    let r: RunningServer;
    beforeAll(async () => {
      r = await startRedis();
    });
    afterAll(async () => {
      await r?.stop();
    });

    it('phpredis: database, prefix, igbinary; a pool file overrides save_path and the cookie name', async () => {
      const f = phpIniFixture({
        'session.save_handler': 'redis',
        'session.save_path': '"tcp://127.0.0.1:1?database=9"',
        'session.serialize_handler': 'igbinary',
      });
      const pool = join(f.dir, 'www.conf');
      writeFileSync(pool, `[www]\nphp_admin_value[session.save_path] = "tcp://127.0.0.1:${r.port}?database=3&prefix=shop:sess:"\nphp_value[session.name] = POOLSID\n`);
      // PHP gets the pool's values the way php-fpm would pass them.
      const g = phpIniFixture({
        'session.save_handler': 'redis',
        'session.save_path': `"tcp://127.0.0.1:${r.port}?database=3&prefix=shop:sess:"`,
        'session.serialize_handler': 'igbinary',
        'session.name': 'POOLSID',
      });
      await expectDecisions(g, 'POOLSID', ['--php-ini', f.ini, '--php-fpm-pool', pool]);
      await expectDecisions(g, 'POOLSID');
    });
  });
});

describe.runIf(haveDebianPhpIni())('isauth serve --php-ini … --check-config (the built CLI)', () => {
  it('prints each value with the php.ini file, line and key it came from, without the password', () => {
    haveIsauthBuild();
    const f = phpIniFixture(
      { 'session.save_handler': 'redis', 'session.save_path': '"tcp://127.0.0.1:6379?auth=hunter2&database=2"', 'session.name': 'SHOPSID' },
      { '20-redis.ini': { 'redis.session.locking_enabled': '1' } },
    );
    const res = spawnSync(process.execPath, [ISAUTH_MAIN, 'serve', '--php-ini', f.ini, '--max-age', '60', '--check-config'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const out = res.stdout;
    expect(out).toMatch(new RegExp(`--store redis://:\\*\\*\\*@127\\.0\\.0\\.1:6379/2\\?prefix=PHPREDIS_SESSION%3A +← php\\.ini ${f.ini}:\\d+: session\\.save_handler, php\\.ini ${f.ini}:\\d+: session\\.save_path`));
    expect(out).toMatch(new RegExp(`--cookie SHOPSID +← php\\.ini ${f.ini}:\\d+: session\\.name`));
    expect(out).toMatch(/--max-age 60 +← command line/);
    expect(out).toMatch(/--timeout 100 +← default/);
    expect(out).not.toContain('hunter2');
    const bad = phpIniFixture({ 'session.save_handler': 'user' });
    const err = spawnSync(process.execPath, [ISAUTH_MAIN, 'serve', '--php-ini', bad.ini, '--php-fpm-pool', join(bad.dir, 'nope.conf'), '--check-config'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(err.status).toBe(78);
    expect(err.stderr + err.stdout).toContain(`${join(bad.dir, 'nope.conf')} cannot be read: ENOENT`);
  });
});
