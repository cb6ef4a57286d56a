/**
 * `--wp-config` against the real WordPress: the salt isauth derives from wp-config.php (constants,
 * the sample phrase, repeated values, SECRET_KEY, none at all → the database's options) is the
 * `wp_salt('logged_in')` WordPress computes; a site whose salts live in its options table is
 * decided as WordPress decides it; `--check-config` names each value's file, line and constant
 * and shows no secret; a wp-config.php isauth cannot read is an error naming the line.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWpConfigSource } from '../../../src/config/wp-config-source.js';
import { ISAUTH_MAIN, startIsauth } from '../../harness/isauth.js';
import { havePrograms } from '../../harness/programs.js';
import { tempDir } from '../../harness/servers.js';
import { haveWordPress, randomSalt, SALT_NAMES, startWordPress, wpConfigText, type WordPressSite } from '../../harness/wordpress.js';
import { plainWordPressSite, startWordPressHttp, WpVisitor, type RunningWordPressHttp } from '../../harness/wordpress-http.js';

const ready = haveWordPress() && havePrograms('php-fpm', 'nginx');

describe.runIf(ready)('--wp-config against the real WordPress', () => {
  let wp: WordPressSite;
  let http: RunningWordPressHttp;

  beforeAll(async () => {
    wp = await startWordPress({ prefix: 'blog7_', saltConstants: false, siteurlConstant: true });
    http = await startWordPressHttp(wp, { http: (s) => plainWordPressSite({ port: wp.port, root: wp.root, fpmSocket: s }) });
  }, 180_000);
  afterAll(async () => {
    await http?.stop();
    await wp?.stop();
  }, 180_000);

  /** isauth's derivation of key . salt for the current wp-config.php, options read as WordPress stored them. */
  async function derivedSalt(): Promise<string> {
    const text = wpConfigText(wp.config);
    const src = readWpConfigSource('wp-config.php', text, () => false);
    expect(src.errors).toEqual([]);
    const half = async (key: 'wpLoggedInKey' | 'wpLoggedInSalt', option: string): Promise<string> => {
      const v = src.values.get(key)?.value as string;
      return v === '@option' ? wp.php<string>(`return get_site_option('${option}');`) : v;
    };
    return (await half('wpLoggedInKey', 'logged_in_key')) + (await half('wpLoggedInSalt', 'logged_in_salt'));
  }

  it('derives wp_salt("logged_in") exactly as WordPress computes it, for every shape of wp-config.php', async () => {
    const base = { ...wp.config.defines };
    const salts = Object.fromEntries(SALT_NAMES.map((n) => [n, randomSalt()]));
    const shapes: Array<[string, Record<string, string>]> = [
      ['no salts at all (options)', {}],
      ['all eight constants', salts],
      ['LOGGED_IN_KEY still the sample phrase', { ...salts, LOGGED_IN_KEY: 'put your unique phrase here' }],
      ['LOGGED_IN_SALT repeated by NONCE_SALT', { ...salts, NONCE_SALT: salts.LOGGED_IN_SALT as string }],
      ['LOGGED_IN_SALT "0"', { ...salts, LOGGED_IN_SALT: '0' }],
      ['only SECRET_KEY (older sites)', { SECRET_KEY: randomSalt() }],
    ];
    for (const [what, defines] of shapes) {
      wp.configure({ prefix: wp.config.prefix, defines: { ...base, ...defines } });
      const real = await wp.php<string>('return wp_salt("logged_in");');
      expect(await derivedSalt(), what).toBe(real);
    }
    wp.configure({ prefix: wp.config.prefix, defines: base });
  }, 180_000);

  it('a site whose salts are options: logins decided as WordPress decides them (the statement reads the options too)', async () => {
    wp.configure({ prefix: wp.config.prefix, defines: { ...wp.config.defines } });
    // No --wp-siteurl: WP_SITEURL in wp-config.php names the cookie. Table prefix blog7_ from $table_prefix.
    const isauth = await startIsauth({ store: wp.isauthUrl, flags: ['--framework', 'wordpress', '--wp-config', wp.wpConfig, '--log-level', 'warn'] });
    try {
      const id = await wp.createUser('olivia', 'olivia-pw', 'subscriber');
      const v = new WpVisitor(wp);
      expect((await v.login('olivia', 'olivia-pw', { remember: true })).status).toBe(302);
      const cookie = v.loggedInCookie() as string;
      expect(await wp.truth(cookie)).toBe(id);
      const ask = async (c: string) => (await isauth.get('/auth', { cookie: c })).headers['x-auth-state'];
      expect(await ask(cookie)).toBe('1');
      const forged = cookie.slice(0, -1) + (cookie.endsWith('0') ? '1' : '0');
      expect(await wp.truth(forged)).toBe(false);
      expect(await ask(forged)).toBe('0');
      // isauth check with the service's options: the same decision, and why.
      const check = (value: string) =>
        spawnSync(process.execPath, [ISAUTH_MAIN, 'check', value, '--framework', 'wordpress', '--wp-config', wp.wpConfig, '--store', wp.isauthUrl], { encoding: 'utf8' }).stdout;
      const raw = v.cookies.get(wp.cookieName) as string;
      expect(check(raw)).toMatch(/^decision\s+logged in/m);
      await v.logout();
      expect(await wp.truth(cookie)).toBe(false);
      expect(await ask(cookie)).toBe('0');
      expect(check(raw)).toMatch(/^decision\s+not logged in[\s\S]*COOKIE_REVOKED/m);
    } finally {
      await isauth.stop();
    }
  }, 180_000);

  it('--check-config names the file, line and constant of each derived value and shows no secret', () => {
    const salts = Object.fromEntries(SALT_NAMES.map((n) => [n, randomSalt()]));
    wp.configure({ prefix: wp.config.prefix, defines: { ...wp.config.defines, ...salts, LOGGED_IN_SALT: 'put your unique phrase here' } });
    const r = spawnSync(process.execPath, [ISAUTH_MAIN, 'serve', '--check-config', '--framework', 'wordpress', '--wp-config', wp.wpConfig], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(new RegExp(`--store mysql://wp:\\*\\*\\*@127\\.0\\.0\\.1:${wp.db.port}/wordpress   ← ${wp.wpConfig}:\\d+, \\d+, \\d+, \\d+: DB_NAME, DB_USER, DB_PASSWORD, DB_HOST`));
    expect(out).toMatch(new RegExp(`--wp-table-prefix blog7_   ← ${wp.wpConfig}:\\d+: \\$table_prefix`));
    expect(out).toMatch(new RegExp(`--wp-logged-in-key \\(set, not shown\\)   ← ${wp.wpConfig}:\\d+: LOGGED_IN_KEY`));
    expect(out).toMatch(/--wp-logged-in-salt @option \(read from the database\)   ← .*LOGGED_IN_SALT is still the sample phrase → the logged_in_salt option in the database/);
    expect(out).toMatch(new RegExp(`--wp-siteurl ${wp.url.replace(/\./g, '\\.')}   ← ${wp.wpConfig}:\\d+: WP_SITEURL`));
    for (const secret of [...Object.values(salts), wp.config.defines.DB_PASSWORD as string]) expect(out).not.toContain(secret);
  }, 180_000);

  it('a wp-config.php isauth cannot read fully is an error naming the line; an option given otherwise wins', () => {
    const dir = tempDir('wp-config');
    const file = join(dir, 'wp-config.php');
    writeFileSync(file, `<?php\ndefine('DB_NAME', 'wp');\ndefine('DB_USER', 'wp');\ndefine('DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD'));\ndefine('DB_HOST', 'localhost');\n$table_prefix = 'wp_';\n`);
    const run = (...extra: string[]) => spawnSync(process.execPath, [ISAUTH_MAIN, 'serve', '--check-config', '--framework', 'wordpress', '--wp-config', file, '--wp-siteurl', 'http://example.test', ...extra], { encoding: 'utf8' });
    const bad = run();
    expect(bad.status).toBe(78);
    expect(bad.stderr).toContain(`--wp-config: ${file}:4: DB_PASSWORD is not a plain value`);
    // Debian's localhost → the socket mysqli uses; the salts are options (no constants).
    writeFileSync(file, `<?php\ndefine('DB_NAME', 'wp');\ndefine('DB_USER', 'wp');\ndefine('DB_PASSWORD', 'pw');\ndefine('DB_HOST', 'localhost');\n`);
    const good = run();
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('--store mysql://wp:***@localhost:3306/wp?socket=%2Frun%2Fmysqld%2Fmysqld.sock');
    expect(good.stdout).toMatch(/--wp-logged-in-key @option \(read from the database\)   ← .*LOGGED_IN_KEY is not defined/);
    const env = spawnSync(process.execPath, [ISAUTH_MAIN, 'serve', '--check-config', '--framework', 'wordpress', '--wp-config', file], {
      encoding: 'utf8',
      env: { ...process.env, ISAUTH_STORE: 'mysql://isauth:x@db.internal/wp', ISAUTH_COOKIE: 'wordpress_logged_in_abc' },
    });
    expect(env.status, env.stderr).toBe(0);
    expect(env.stdout).toContain('--store mysql://isauth:***@db.internal:3306/wp   ← ISAUTH_STORE');
    expect(env.stdout).toContain('--cookie wordpress_logged_in_abc   ← ISAUTH_COOKIE');
  }, 180_000);
});
