/**
 * `isauth init` on the real WordPress (Debian's package, test/harness/wordpress.ts) with a table
 * prefix of its own, its salts kept in the database (no constants in wp-config.php) and no
 * WP_SITEURL: wp-config.php is read with isauth's own reader (`--wp-config`'s), and WordPress is
 * asked for the cookie name its siteurl option gives. The config file names wp-config.php rather
 * than copying its password and salts when isauth's user can read it, and copies them (mode 0600)
 * when it cannot. The derived configuration must make isauth
 * answer what WordPress decides (wp_validate_auth_cookie) for a real login over HTTP, after its
 * logout, and for a forged cookie; the nginx include it writes passes `nginx -t`.
 */
import { chmodSync, chownSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveIsauthBuild, type RunningIsauth } from '../../harness/isauth.js';
import { mainConf } from '../../harness/nginx.js';
import { havePrograms } from '../../harness/programs.js';
import { tempDir } from '../../harness/servers.js';
import { haveWordPress, startWordPress, type WordPressSite } from '../../harness/wordpress.js';
import { plainWordPressSite, startWordPressHttp, WpVisitor, type RunningWordPressHttp } from '../../harness/wordpress-http.js';
import { isauthCli, isauthSays, printConfig, serveFromConfig, type Derived } from './support.js';

const ready = haveIsauthBuild() && haveWordPress() && havePrograms('php-fpm', 'nginx');

describe.runIf(ready)('isauth init: WordPress with its own table prefix, salts in the database, the siteurl from the database', () => {
  let wp: WordPressSite;
  let web: RunningWordPressHttp;
  let derived: Derived;
  let isauth: RunningIsauth;

  beforeAll(async () => {
    wp = await startWordPress({ prefix: 'shop_', saltConstants: false });
    web = await startWordPressHttp(wp, { http: (s) => plainWordPressSite({ port: wp.port, root: wp.root, fpmSocket: s }) });
    await wp.createUser('alice', 'alice-pw', 'subscriber');
    derived = printConfig(wp.root);
    isauth = await serveFromConfig(derived.file);
  }, 180_000);
  afterAll(async () => {
    await isauth?.stop();
    await web?.stop();
    await wp?.stop();
  });

  it('reads wp-config.php (isauth --wp-config\'s reader) and asks WordPress for the cookie name', () => {
    expect(derived.run.stderr).toContain("define('SHORTINIT', true);");
    expect(derived.run.stderr).toContain('wp_cookie_constants();');
    expect(derived.run.stderr).toContain('a read-only account is safer');
    const origins = derived.doc.$origins as Record<string, string>;
    expect(origins.cookie).toMatch(/^WordPress [\d.]+ LOGGED_IN_COOKIE \(wp_cookie_constants\(\): md5 of the siteurl option\)$/);
  });

  it('names wp-config.php instead of copying its password and salts (isauth\'s user can read it); --check-config shows the same origins', () => {
    const wpConfig = join(wp.root, 'wp-config.php');
    expect(derived.doc).toEqual({ framework: 'wordpress', wpConfig, cookie: wp.cookieName, listen: expect.any(String), $origins: expect.any(Object) });
    expect((derived.doc.$origins as Record<string, string>).wpConfig).toBe('isauth init: read by isauth at each start (--store, --wp-table-prefix, --wp-logged-in-key, --wp-logged-in-salt), not copied');
    expect(derived.run.stderr).toContain(`note: the config file names ${wpConfig} ("wpConfig") instead of copying what it gives`);
    const shown = isauthCli(['serve', '--check-config', '--config', derived.file]);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^ *--store mysql:\/\/wp:\*\*\*@127\.0\.0\.1:\d+\/wordpress +← .*wp-config\.php:[\d, ]+: DB_NAME, DB_USER, DB_PASSWORD, DB_HOST$/m);
    expect(shown.stdout).toMatch(/^ *--wp-table-prefix shop_ +← .*wp-config\.php:\d+: \$table_prefix$/m);
    expect(shown.stdout).toMatch(/^ *--wp-logged-in-salt @option \(read from the database\) +← /m);
  });

  it('copies the values instead, mode 0600, when isauth\'s user cannot read wp-config.php', () => {
    const wpConfig = join(wp.root, 'wp-config.php');
    // WordPress's user (www-data, who owns nothing here: its group reads the file) can; isauth's user cannot.
    chownSync(wpConfig, 0, 33);
    chmodSync(wpConfig, 0o640);
    try {
      const copied = printConfig(wp.root, ['--isauth-user', 'nobody']);
      expect(copied.doc).toMatchObject({
        framework: 'wordpress',
        store: expect.stringMatching(/^mysql:\/\/wp:[0-9a-f]+@127\.0\.0\.1:\d+\/wordpress$/),
        wpTablePrefix: 'shop_',
        wpLoggedInKey: '@option',
        wpLoggedInSalt: '@option',
        cookie: wp.cookieName,
      });
      expect(copied.doc.wpConfig).toBeUndefined();
      expect((copied.doc.$origins as Record<string, string>).wpTablePrefix).toMatch(/wp-config\.php:\d+: \$table_prefix$/);
      expect(copied.run.stderr).toContain(`note: isauth's user "nobody" cannot read ${wpConfig}: its values are copied`);
      const dir = tempDir('init-wp-copy');
      const out = join(dir, 'isauth.json');
      const conf = join(dir, 'conf');
      mkdirSync(join(conf, 'conf.d'), { recursive: true });
      mkdirSync(join(dir, 'logs'));
      mkdirSync(join(dir, 'tmp'));
      writeFileSync(join(conf, 'nginx.conf'), mainConf(dir, { http: '    include conf.d/*.conf;' }));
      const r = isauthCli(['init', wp.root, '--yes', '--no-check', '--config-out', out, '--nginx-dir', conf, '--site', 'copy', '--isauth-user', 'nobody'], { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toContain(`wrote ${out} (mode 0600, owned by nobody (it holds secrets))`);
      expect(statSync(out).mode & 0o777).toBe(0o600);
    } finally {
      chownSync(wpConfig, 0, 0);
      chmodSync(wpConfig, 0o644);
    }
  });

  it('answers what WordPress decides: a real login, the same cookie after logout, a forged one', async () => {
    const v = new WpVisitor(wp);
    expect((await v.login('alice', 'alice-pw')).status).toBe(302);
    const cookie = v.loggedInCookie() as string; // `name=value`
    expect([await isauthSays(isauth, cookie), await wp.truth(cookie)]).toEqual(['1', expect.any(Number)]);
    const forged = `${wp.cookieName}=${encodeURIComponent('alice|9999999999|token|0000')}`;
    expect([await isauthSays(isauth, forged), await wp.truth(forged)]).toEqual(['0', false]);
    await v.logout();
    expect([await isauthSays(isauth, cookie), await wp.truth(cookie)]).toEqual(['0', false]);
  });

  it('writes an nginx include for WordPress that nginx -t accepts', () => {
    const dir = tempDir('init-wp-nginx');
    const conf = join(dir, 'conf');
    mkdirSync(join(conf, 'conf.d'), { recursive: true });
    mkdirSync(join(dir, 'logs'));
    mkdirSync(join(dir, 'tmp'));
    writeFileSync(join(conf, 'nginx.conf'), mainConf(dir, { http: '    include conf.d/*.conf;' }));
    const r = isauthCli(['init', wp.root, '--yes', '--no-check', '--config-out', join(dir, 'isauth.json'), '--nginx-dir', conf, '--site', 'blog'], { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain('nginx -t refused');
    const site = readFileSync(join(conf, 'conf.d', 'isauth-blog.conf'), 'utf8');
    expect(site).toContain('fastcgi_param SCRIPT_FILENAME   $document_root$fastcgi_script_name;');
    expect(site).toContain(`root ${wp.root};`);
  });
});
