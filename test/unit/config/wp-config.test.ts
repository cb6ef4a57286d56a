import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readWpConfig } from '../../../src/config/wp-config.js';
import { loggedInSalt, SAMPLE_PHRASE } from '../../../src/config/wp-salt.js';

const values = (text: string): Record<string, unknown> => Object.fromEntries([...readWpConfig(text).constants].map(([k, v]) => [k, v.value]));

describe('readWpConfig: reads define() calls, const and $table_prefix without running PHP', () => {
  it('reads a wp-config.php as wp-config-sample.php shapes it, with lines', () => {
    const r = readWpConfig(`<?php
/** The name of the database for WordPress */
define( 'DB_NAME', 'wordpress' );
define( "DB_USER", "wp\\x41" ); // escapes in double quotes
# a comment with define('DB_HOST', 'nope');
/* define('DB_HOST', 'nope either'); */
define('DB_PASSWORD', 'it\\'s \\\\ a "secret"');
DEFINE ( 'DB_HOST' , 'db.example:3307' ) ;
\\define('LOGGED_IN_KEY', '$dollar {$not} interpolated in single quotes');
define( 'WP_DEBUG', false );
define( 'WP_MEMORY_LIMIT', 256 );
const COOKIEHASH = 'abc' . 'def';
$table_prefix = 'wp7_';
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
define( 'DB_NAME', 'too late: WordPress is loaded' );
`);
    expect(r.errors).toEqual([]);
    expect(Object.fromEntries([...r.constants].map(([k, v]) => [k, v]))).toEqual({
      DB_NAME: { value: 'wordpress', line: 3 },
      DB_USER: { value: 'wpA', line: 4 },
      DB_PASSWORD: { value: 'it\'s \\ a "secret"', line: 7 },
      DB_HOST: { value: 'db.example:3307', line: 8 },
      LOGGED_IN_KEY: { value: '$dollar {$not} interpolated in single quotes', line: 9 },
      WP_DEBUG: { value: false, line: 10 },
      WP_MEMORY_LIMIT: { value: 256, line: 11 },
      COOKIEHASH: { value: 'abcdef', line: 12 },
    });
    expect(r.tablePrefix).toEqual({ value: 'wp7_', line: 13 });
  });

  it('reads Debian\'s wp-config-sample.php (the shape every site starts from)', () => {
    const sample = '/usr/share/wordpress/wp-config-sample.php';
    if (!existsSync(sample)) return; // the WordPress suites fail under CI when the package is missing
    const r = readWpConfig(readFileSync(sample, 'utf8'));
    expect(r.errors).toEqual([]);
    expect(r.constants.get('LOGGED_IN_KEY')?.value).toBe(SAMPLE_PHRASE);
    expect(r.constants.get('DB_NAME')?.value).toBe('database_name_here');
    expect(r.tablePrefix?.value).toBe('wp_');
  });

  it('a value isauth needs but cannot read statically is an error naming the line', () => {
    const r = readWpConfig(`<?php
define('DB_NAME', 'wp');
define('DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD'));
define('WP_SITEURL', 'https://' . $_SERVER['HTTP_HOST']);
define("LOGGED_IN_SALT", "salt-$suffix");
define('WP_HOME', getenv('HOME_URL')); // not needed: skipped silently
$table_prefix = getenv('PREFIX') ?: 'wp_';
require __DIR__ . '/local-config.php';
define($name, 'x');
`);
    expect(r.errors.map((e) => [e.line, e.message.split(':')[0]])).toEqual([
      [3, 'DB_PASSWORD is not a plain value (a quoted string or a number)'],
      [4, 'WP_SITEURL is not a plain value (a quoted string or a number)'],
      [5, 'LOGGED_IN_SALT is not a plain value (a quoted string or a number)'],
      [7, '$table_prefix is not set to a quoted string'],
      [8, 'require of another file'],
      [9, 'define() with a computed name'],
    ]);
    expect(values(`<?php define('DB_NAME', 'wp');`)).toEqual({ DB_NAME: 'wp' });
  });

  it('Debian\'s dispatcher wp-config.php is refused at its include (point at /etc/wordpress/config-<host>.php)', () => {
    const debian = '/usr/share/wordpress/wp-config.php';
    if (!existsSync(debian)) return;
    const r = readWpConfig(readFileSync(debian, 'utf8'));
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors[0]?.message).toMatch(/^require_once of another file/);
  });

  it('the first define() wins, as in PHP; two different values of a needed constant are an error', () => {
    expect(values(`<?php if (!defined('DB_HOST')) define('DB_HOST', 'a'); define('DB_HOST', 'a');`)).toEqual({ DB_HOST: 'a' });
    const r = readWpConfig(`<?php\nif (getenv('X')) {\n define('DB_HOST', 'a');\n} else {\n define('DB_HOST', 'b');\n}`);
    expect(r.errors).toEqual([{ line: 5, message: expect.stringMatching(/DB_HOST is defined twice with different values \(lines 3 and 5\)/) }]);
    expect(readWpConfig(`<?php define('WP_DEBUG', true); define('WP_DEBUG', false);`).errors).toEqual([]);
  });

  it('text outside <?php … ?> is skipped; ?> ends a statement; unterminated strings and comments are errors', () => {
    expect(values(`<html>define('DB_NAME', 'no')</html><?php define('DB_NAME', 'yes') ?>tail`)).toEqual({ DB_NAME: 'yes' });
    expect(readWpConfig(`<?php\n\ndefine('DB_NAME', 'open`).errors).toEqual([{ line: 3, message: 'not readable as PHP: unterminated string' }]);
    expect(readWpConfig(`<?php\n/* open`).errors[0]?.line).toBe(2);
  });

  it('heredocs and numbers with PHP syntax do not derail the reader', () => {
    const r = readWpConfig(`<?php
$x = <<<EOT
define('DB_NAME', 'inside a heredoc');
EOT;
define('NUM', 0x1F);
define('NEG', -5);
define('DB_NAME', 'after');`);
    expect(r.errors).toEqual([]);
    expect(values(`<?php define('A', 0x1F); define('B', -5); define('C', 1_000);`)).toEqual({ A: 31, B: -5, C: 1000 });
    expect(r.constants.get('DB_NAME')).toEqual({ value: 'after', line: 7 });
  });
});

describe('loggedInSalt: wp_salt("logged_in") rules', () => {
  const consts = (o: Record<string, string | number | boolean | null>) => new Map(Object.entries(o).map(([k, v], i) => [k, { value: v, line: i + 1 }]));
  it('uses LOGGED_IN_KEY and LOGGED_IN_SALT when usable', () => {
    const r = loggedInSalt(consts({ LOGGED_IN_KEY: 'k', LOGGED_IN_SALT: 's', AUTH_KEY: 'a' }));
    expect(r).toEqual({ key: { constant: 'LOGGED_IN_KEY', value: 'k', line: 1 }, salt: { constant: 'LOGGED_IN_SALT', value: 's', line: 2 } });
  });
  it('the sample phrase, an empty or "0" value and a repeated value fall back to the options', () => {
    expect(loggedInSalt(consts({ LOGGED_IN_KEY: SAMPLE_PHRASE, LOGGED_IN_SALT: '0' }))).toEqual({
      key: { option: 'logged_in_key', why: 'LOGGED_IN_KEY is still the sample phrase' },
      salt: { option: 'logged_in_salt', why: 'LOGGED_IN_SALT is empty' },
    });
    const dup = loggedInSalt(consts({ LOGGED_IN_KEY: 'same', NONCE_SALT: 'same', LOGGED_IN_SALT: 'x' }));
    expect(dup.key).toEqual({ option: 'logged_in_key', why: 'LOGGED_IN_KEY repeats the value of another key or salt' });
    // PHP array keys: "5" and 5 are the same key.
    expect(loggedInSalt(consts({ LOGGED_IN_SALT: '5', AUTH_KEY: 5 })).salt).toMatchObject({ option: 'logged_in_salt' });
  });
  it('SECRET_KEY stands in for the key half only', () => {
    const r = loggedInSalt(consts({ SECRET_KEY: 'old', SECRET_SALT: 'old-salt' }));
    expect(r.key).toEqual({ constant: 'SECRET_KEY', value: 'old', line: 1 });
    expect(r.salt).toEqual({ option: 'logged_in_salt', why: 'LOGGED_IN_SALT is not defined' });
  });
});

describe('readWpConfigSource: wp-config.php → isauth options', () => {
  it('Debian\'s setup-mysql config (SECRET_KEY only, localhost, no prefix): socket store, key from SECRET_KEY, salt from the database', async () => {
    const { readWpConfigSource } = await import('../../../src/config/wp-config-source.js');
    const text = `<?php
define('DB_NAME', 'blog');
define('DB_USER', 'blog');
define('DB_PASSWORD', 'p@ss:w/rd');
define('DB_HOST', 'localhost');
define('SECRET_KEY', 'abcdefghij0123456789');
define('WP_CONTENT_DIR', '/srv/www/wp-content/blog.example.com');
define('FS_METHOD', 'direct');
?>
`;
    const r = readWpConfigSource('/etc/wordpress/config-blog.example.com.php', text, () => false);
    expect(r.errors).toEqual([]);
    const v = Object.fromEntries([...r.values].map(([k, x]) => [k, x.value]));
    expect(v).toEqual({
      store: 'mysql://blog:p%40ss%3Aw%2Frd@localhost/blog?socket=%2Frun%2Fmysqld%2Fmysqld.sock',
      wpLoggedInKey: 'abcdefghij0123456789',
      wpLoggedInSalt: '@option',
    });
    expect(r.values.get('wpLoggedInKey')?.origin).toBe(' (/etc/wordpress/config-blog.example.com.php:6: SECRET_KEY)');
  });

  it('DB_HOST as wpdb::parse_db_host() reads it', async () => {
    const { mysqlUrl } = await import('../../../src/config/wp-config-source.js');
    const url = (host: string) => mysqlUrl({ name: 'wp', user: 'u', password: '', host });
    expect(url('db.example')).toBe('mysql://u@db.example/wp');
    expect(url('db.example:3307')).toBe('mysql://u@db.example:3307/wp');
    expect(url('localhost:/var/run/mysqld/other.sock')).toBe('mysql://u@localhost/wp?socket=%2Fvar%2Frun%2Fmysqld%2Fother.sock');
    expect(url(':/tmp/mysql.sock')).toBe('mysql://u@localhost/wp?socket=%2Ftmp%2Fmysql.sock');
    expect(url('127.0.0.1')).toBe('mysql://u@127.0.0.1/wp');
    expect(url('[::1]:3306')).toBe('mysql://u@[::1]:3306/wp');
  });

  it('LOGGED_IN_COOKIE, then COOKIEHASH, then WP_SITEURL name the cookie; options given elsewhere are not derived', async () => {
    const { readWpConfigSource } = await import('../../../src/config/wp-config-source.js');
    const values = (text: string, given: string[] = []) =>
      Object.fromEntries([...readWpConfigSource('w.php', `<?php ${text}`, (k) => given.includes(k)).values].map(([k, x]) => [k, x.value]));
    expect(values(`define('LOGGED_IN_COOKIE', 'mine'); define('COOKIEHASH', 'h'); define('WP_SITEURL', 'http://x');`).cookie).toBe('mine');
    expect(values(`define('COOKIEHASH', 'h'); define('WP_SITEURL', 'http://x');`).cookie).toBe('wordpress_logged_in_h');
    expect(values(`define('WP_SITEURL', 'http://x');`)).toMatchObject({ wpSiteurl: 'http://x' });
    expect(values(`define('LOGGED_IN_KEY', 'k'); define('LOGGED_IN_SALT', 's');`, ['wpLoggedInKey'])).toEqual({ wpLoggedInSalt: 's' });
    const multi = readWpConfigSource('w.php', `<?php define('MULTISITE', true);`, () => false);
    expect(multi.errors[0]).toMatch(/multisite keeps the logged_in_key option in its sitemeta table/);
  });
});
