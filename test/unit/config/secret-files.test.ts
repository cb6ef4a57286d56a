import { describe, expect, it } from 'vitest';
import { loadConfig, renderConfigMarkdown, renderHelp, shownStore, summarizeConfig, type Loaded, type LoadResult } from '../../../src/config/index.js';
import { SECRET_FILES, OPTION_LIST } from '../../../src/options/schema.js';

const KEY = `base64:${Buffer.alloc(32, 7).toString('base64')}`;
const OLD = `base64:${Buffer.alloc(32, 9).toString('base64')}`;
const TOKEN = 'tok-0123456789abcdef';

/** Files by path, as text (the config file as JSON); anything else is ENOENT. */
const disk = (m: Record<string, string | object>) => (p: string): string => {
  const v = m[p];
  if (v === undefined) throw Object.assign(new Error(`no ${p}`), { code: 'ENOENT' });
  return typeof v === 'string' ? v : JSON.stringify(v);
};
const loaded = (r: LoadResult): Loaded => {
  if ('errors' in r) throw new Error(r.errors.join('\n'));
  return r;
};
const errors = (r: LoadResult): readonly string[] => ('errors' in r ? r.errors : []);
const laravel = ['--framework', 'laravel', '--store', 'redis://127.0.0.1:6379'];

describe('secret options from files (--app-key-file, ISAUTH_*_FILE, "…File")', () => {
  it('every secret option has one, named after it', () => {
    expect(SECRET_FILES.map((f) => f.flag).sort()).toEqual(OPTION_LIST.filter((o) => o.secret).map((o) => `${o.flag}-file`).sort());
    expect(SECRET_FILES.find((f) => f.of === 'appKey')).toEqual({ key: 'appKeyFile', flag: '--app-key-file', env: 'ISAUTH_APP_KEY_FILE', of: 'appKey' });
  });

  it('a flag, an env var or a config-file key names the file; its text is the value, the origin names the file', () => {
    const read = disk({ '/run/secrets/app_key': `${KEY}\n`, '/etc/isauth/site.json': { appKeyFile: '/run/secrets/app_key' } });
    const byFlag = loaded(loadConfig([...laravel, '--app-key-file', '/run/secrets/app_key'], {}, read));
    expect(byFlag.config.appKey).toEqual([KEY]);
    expect(byFlag.origins.appKey).toBe('/run/secrets/app_key, from --app-key-file');
    const byEnv = loaded(loadConfig(laravel, { ISAUTH_APP_KEY_FILE: '/run/secrets/app_key' }, read));
    expect(byEnv.config.appKey).toEqual([KEY]);
    expect(byEnv.origins.appKey).toBe('/run/secrets/app_key, from ISAUTH_APP_KEY_FILE');
    const byKey = loaded(loadConfig([...laravel, '--config', '/etc/isauth/site.json'], {}, read));
    expect(byKey.config.appKey).toEqual([KEY]);
    expect(byKey.origins.appKey).toBe('/run/secrets/app_key, from key "appKeyFile" in /etc/isauth/site.json');
  });

  it('a repeatable secret: one item per line (a key rotation, current first); a one-value secret: its one line', () => {
    const read = disk({ '/k': `${KEY}\r\n\n${OLD}\n`, '/t': `${TOKEN}\n` });
    const r = loaded(loadConfig([...laravel, '--app-key-file', '/k', '--inspect-token-file', '/t'], {}, read));
    expect(r.config.appKey).toEqual([KEY, OLD]);
    expect(r.config.inspectToken).toBe(TOKEN);
  });

  it('keeps precedence between places: a flag beats an env file, an env file beats the config file\'s value', () => {
    const read = disk({ '/k1': KEY, '/k2': OLD, '/c.json': { appKey: [KEY] } });
    expect(loaded(loadConfig([...laravel, '--app-key', KEY], { ISAUTH_APP_KEY_FILE: '/k2' }, read)).config.appKey).toEqual([KEY]);
    expect(loaded(loadConfig([...laravel, '--config', '/c.json'], { ISAUTH_APP_KEY_FILE: '/k2' }, read)).config.appKey).toEqual([OLD]);
  });

  it('lists every problem at once, each naming the flag and where it was given, never the text', () => {
    const secret = 'Sup3r-s3cret-value';
    const read = disk({ '/empty': '\n', '/two': `${secret}\n${secret}\n`, '/big': 'x'.repeat(70_000), '/c.json': { inspectTokenFile: 7 } });
    const errs = errors(
      loadConfig(
        [...laravel, '--app-key', KEY, '--app-key-file', '/two', '--wp-logged-in-key-file', '/two', '--wp-logged-in-salt-file', 'relative/salt', '--secret-key-file', '/missing', '--store-password-file', '/empty', '--config', '/c.json', '--bogus-file', '/x'],
        { ISAUTH_INSPECT_TOKEN_FILE: '/big' },
        read,
      ),
    );
    expect(errs).toEqual(
      expect.arrayContaining([
        '--app-key-file: --app-key is given in the same place; give one of them',
        '--wp-logged-in-key-file: /two holds several lines; --wp-logged-in-key is one value, the file\'s one line',
        '--wp-logged-in-salt-file: must be an absolute path (the service\'s working directory is not yours)',
        '--secret-key-file: /missing cannot be read: ENOENT',
        '--store-password-file: /empty is empty',
        '--inspect-token-file (ISAUTH_INSPECT_TOKEN_FILE): /big holds more than 65536 characters; is it the right file?',
        '--inspect-token-file (key "inspectTokenFile" in /c.json): must be a string, the file\'s path',
        expect.stringMatching(/^unknown flag --bogus-file/),
      ]),
    );
    expect(errs.join('\n')).not.toContain(secret);
  });

  it('--check-config shows where a secret came from, never the secret', () => {
    const r = loaded(loadConfig([...laravel, '--app-key-file', '/k'], {}, disk({ '/k': KEY })));
    const line = summarizeConfig(r.config, r.origins).find((l) => l.startsWith('--app-key '));
    expect(line).toBe('--app-key (set, 1, not shown)   ← /k, from --app-key-file');
  });

  it('a misspelt file flag or env var gets a "did you mean"', () => {
    expect(errors(loadConfig(['--app-key-fil=/k'], {}, disk({})))).toEqual([expect.stringContaining('did you mean --app-key-file')]);
    expect(loadConfig([], { ISAUTH_APP_KEY_FIL: '/k' }, disk({}))).toMatchObject({ warnings: [expect.stringContaining('did you mean ISAUTH_APP_KEY_FILE')] });
  });

  it('help and docs/configuration.md list each -file form with its env var and file key', () => {
    for (const f of SECRET_FILES) {
      expect(renderHelp()).toContain(`${f.flag} FILE`);
      expect(renderConfigMarkdown()).toContain(`| \`${f.flag} FILE\` | \`${f.env}\` | \`${f.key}\` |`);
    }
  });
});

describe('--store-password (and --store-password-file)', () => {
  const pw = 'p@ss/w0rd:%20 x';
  const read = disk({ '/run/credentials/isauth.service/store': `${pw}\n` });
  const withFile = ['--store-password-file', '/run/credentials/isauth.service/store'];

  it('joins the password to the store URL\'s account, for every store that logs in; shown masked', () => {
    const cases: Array<[string, string]> = [
      ['redis://127.0.0.1:6379/2', 'redis://:***@127.0.0.1:6379/2'],
      ['redis-cluster://10.0.0.1:7000,10.0.0.2:7000', 'redis-cluster://:***@10.0.0.1:7000,10.0.0.2:7000'],
      ['redis-sentinel://10.0.0.1:26379/mymaster', 'redis-sentinel://:***@10.0.0.1:26379/mymaster'],
      ['mysql://isauth@db.internal/app?schema=laravel', 'mysql://isauth:***@db.internal:3306/app?schema=laravel'],
      ['postgres://isauth@db.internal/app?schema=django', 'postgres://isauth:***@db.internal:5432/app?schema=django'],
    ];
    for (const [store, shown] of cases) {
      const r = loaded(loadConfig(['--store', store, ...withFile], {}, read));
      expect(r.config.store.spec).toMatchObject({ password: pw });
      expect(shownStore(r.config.store)).toBe(shown);
      expect(summarizeConfig(r.config, r.origins).join('\n')).not.toContain(pw);
    }
    const unix = loaded(loadConfig(['--store', 'redis+unix:///run/redis/redis.sock', ...withFile], {}, read));
    expect(unix.config.store.spec).toMatchObject({ socket: '/run/redis/redis.sock', password: pw });
  });

  it('is an error with a store that takes none, or a URL that holds one already', () => {
    expect(errors(loadConfig(['--store', 'memcached://127.0.0.1:11211', ...withFile], {}, read))).toEqual([
      '--store-password (/run/credentials/isauth.service/store, from --store-password-file): a memcached store takes no password (only redis, redis-cluster, redis-sentinel, mysql and postgres log in)',
    ]);
    expect(errors(loadConfig(['--store-password', 'x'], {}, read))).toEqual([expect.stringContaining('a files store takes no password')]);
    const both = errors(loadConfig(['--store', 'redis://:other@127.0.0.1:6379'], { ISAUTH_STORE_PASSWORD: pw }, read));
    expect(both).toEqual(['--store-password (ISAUTH_STORE_PASSWORD): the --store URL holds a password too: give it in one place']);
  });
});

describe('the config file names the application\'s own files ("wpConfig", "phpIni", "phpFpmPool")', () => {
  const WP = `<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp' );
define( 'DB_PASSWORD', 'db-s3cret' );
define( 'DB_HOST', '127.0.0.1:3307' );
define( 'LOGGED_IN_KEY', '${'k'.repeat(64)}' );
define( 'LOGGED_IN_SALT', '${'s'.repeat(64)}' );
$table_prefix = 'blog_';
`;

  it('wp-config.php named by the file is read as --wp-config would be: not copied, so its changes follow', () => {
    const read = disk({ '/etc/isauth/blog.json': { wpConfig: '/etc/wordpress/config-blog.php', cookie: 'wordpress_logged_in_abc' }, '/etc/wordpress/config-blog.php': WP });
    const r = loaded(loadConfig(['--framework', 'wordpress', '--config', '/etc/isauth/blog.json'], {}, read));
    expect(r.config.store.spec).toMatchObject({ kind: 'sql', user: 'wp', password: 'db-s3cret', database: 'wordpress' });
    expect([r.config.wpTablePrefix, r.config.wpLoggedInKey]).toEqual(['blog_', 'k'.repeat(64)]);
    expect(r.origins.wpTablePrefix).toMatch(/^\/etc\/wordpress\/config-blog\.php:8: \$table_prefix$/);
    // A flag still names another file, as for every option.
    const other = disk({ '/etc/isauth/blog.json': { wpConfig: '/nowhere.php', cookie: 'x' }, '/w.php': WP });
    expect(loaded(loadConfig(['--framework', 'wordpress', '--config', '/etc/isauth/blog.json', '--wp-config', '/w.php'], {}, other)).config.wpTablePrefix).toBe('blog_');
  });

  it('a relative path, or a non-string, is an error naming the key', () => {
    expect(errors(loadConfig(['--config', '/c.json'], {}, disk({ '/c.json': { wpConfig: 'wp-config.php', phpIni: 3 } })))).toEqual([
      '--config: "wpConfig" in /c.json must be a string, the file\'s absolute path',
      '--config: "phpIni" in /c.json must be a string, the file\'s absolute path',
    ]);
  });
});
