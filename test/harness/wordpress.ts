/**
 * The REAL WordPress for tests: Debian's `wordpress` package (files under /usr/share/wordpress)
 * installed by its own `wp_install()` into a MariaDB started by the harness.
 *
 *   const wp = await startWordPress({ prefix: 'wpt_' });
 *   await wp.php('return wp_create_user("alice", "pw", "alice@example.test");');
 *   await wp.truth('wordpress_logged_in_…=…');   // WordPress's own decision for a Cookie header
 *
 * The site is a hard-linked copy of /usr/share/wordpress in a temp dir with the site's own
 * wp-config.php (define() calls and `$table_prefix`, as a site owner writes it; Debian's
 * dispatcher, which reads /etc/wordpress/config-<host>.php, is not used so that tests never write
 * outside their temp dirs). Every PHP call is a fresh php-cgi process (test/harness/wordpress/run.php):
 * PHP itself parses the Cookie header, and no state survives between calls.
 * `haveWordPress()`: skip loudly locally, fail under CI=true.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { haveMariadb, startMariadb, type Mariadb } from './mariadb.js';
import { findProgram, havePrograms, IN_CI } from './programs.js';
import { freePort, tempDir } from './servers.js';

export const WORDPRESS_DIR = '/usr/share/wordpress';
const RUN_PHP = fileURLToPath(new URL('./wordpress/run.php', import.meta.url));

/** Debian's wordpress package, php-cgi and MariaDB are all present (CI rule of havePrograms). */
export function haveWordPress(): boolean {
  if (!haveMariadb() || !havePrograms('php', 'php-cgi')) return false;
  if (existsSync(join(WORDPRESS_DIR, 'wp-settings.php'))) return true;
  const msg = `MISSING: Debian's wordpress package (${WORDPRESS_DIR}) — run scripts/install-test-deps.sh`;
  if (IN_CI) throw new Error(`${msg} (CI=true: tests that need it must not be skipped)`);
  console.warn(`\n!!!!! ${msg}. SKIPPING the tests that need it. !!!!!\n`);
  return false;
}

/** The eight key/salt constants of wp-config.php. */
export const SALT_NAMES = [
  'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT',
] as const;

/** What wp-config.php says: undefined leaves a define out (WordPress then uses its options). */
export interface WpConfigValues {
  /** `$table_prefix` (default `wp_`). */
  prefix: string;
  /** Constants written as define(NAME, 'value'), in order; a value with quotes is escaped. */
  defines: Record<string, string | boolean>;
}

export interface WordPressOptions {
  /** `$table_prefix` (default `wp_`). */
  prefix?: string;
  /** Write the eight salts as constants (default true); false: WordPress keeps them in its options. */
  saltConstants?: boolean;
  /** Define WP_SITEURL/WP_HOME in wp-config.php (default false: the options hold the URL). */
  siteurlConstant?: boolean;
  /** The site's URL (default http://127.0.0.1:<a free port>): where nginx will listen. */
  port?: number;
  /** More constants for wp-config.php (plugin settings…). */
  defines?: Record<string, string | boolean>;
  /** Must-use plugins to install: files copied into wp-content/mu-plugins/. */
  muPlugins?: readonly string[];
}

export interface WordPressSite {
  /** The site's files (a copy of /usr/share/wordpress with its own wp-config.php). */
  readonly root: string;
  readonly wpConfig: string;
  /** http://127.0.0.1:PORT — siteurl and home; nginx must listen on `port`. */
  readonly url: string;
  readonly port: number;
  readonly db: Mariadb;
  readonly dbName: string;
  /** wordpress_logged_in_<md5(siteurl)> */
  readonly cookieName: string;
  /** mysql:// URL of the read-only `isauth` account (SELECT on users, usermeta, options). */
  readonly isauthUrl: string;
  /** The current wp-config.php values (change them with `configure`). */
  config: WpConfigValues;
  /** Rewrite wp-config.php (every later PHP call reads the new file). */
  configure(c: WpConfigValues): void;
  /** The code's return value, from a fresh PHP process with WordPress loaded (`cookie`: the Cookie header). */
  php<T = unknown>(code: string, o?: { cookie?: string; installing?: boolean; method?: string }): Promise<T>;
  /** WordPress's own decision for a Cookie header: the user id, or false. */
  truth(cookieHeader: string): Promise<number | false>;
  /** Create a user with a role; returns the id. */
  createUser(login: string, password: string, role: string): Promise<number>;
  stop(): Promise<void>;
}

const phpString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** wp-config.php as a site owner writes it (the shape of wp-config-sample.php). */
export function wpConfigText(c: WpConfigValues): string {
  const defines = Object.entries(c.defines)
    .map(([k, v]) => `define( ${phpString(k)}, ${typeof v === 'boolean' ? String(v) : phpString(v)} );`)
    .join('\n');
  return `<?php
/** The base configuration for WordPress (written by test/harness/wordpress.ts). */
${defines}

$table_prefix = ${phpString(c.prefix)};

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`;
}

/** A random salt as WordPress's secret-key service makes them (64 printable characters). */
export function randomSalt(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|';
  return [...randomBytes(64)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Hard-linked copy of the package's files (a real copy across filesystems), wp-config.php our own. */
function copyTree(dir: string): string {
  const root = join(dir, 'wordpress');
  try {
    execFileSync('cp', ['-al', WORDPRESS_DIR, root], { stdio: 'ignore' });
  } catch {
    rmSync(root, { recursive: true, force: true });
    execFileSync('cp', ['-a', WORDPRESS_DIR, root], { stdio: 'ignore' });
  }
  rmSync(join(root, 'wp-config.php'));
  rmSync(join(root, '.htaccess'), { force: true }); // Debian's link to /etc/wordpress/htaccess
  return root;
}

function runPhp(root: string, code: string, o: { cookie?: string; installing?: boolean; method?: string }): Promise<unknown> {
  const cgi = findProgram('php-cgi');
  if (!cgi) throw new Error('php-cgi not found (use haveWordPress)');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, WP_ROOT: root, WP_CODE: code };
  if (o.cookie !== undefined) env.HTTP_COOKIE = o.cookie;
  if (o.installing) env.WP_INSTALLING = '1';
  if (o.method) env.WP_REQUEST_METHOD = o.method;
  return new Promise((resolve, reject) => {
    const child = spawn(cgi, ['-q', '-d', 'display_errors=0', '-f', RUN_PHP], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      let parsed: { ok?: unknown; error?: string; output?: string };
      try {
        parsed = JSON.parse(out) as typeof parsed;
      } catch {
        reject(new Error(`WordPress PHP printed no JSON: ${out.slice(0, 1000)} ${err.slice(0, 1000)}`));
        return;
      }
      if (parsed.error !== undefined) reject(new Error(`WordPress PHP failed: ${parsed.error}\n${parsed.output ?? ''}`));
      else resolve(parsed.ok);
    });
  });
}

export async function startWordPress(o: WordPressOptions = {}): Promise<WordPressSite> {
  const dir = tempDir('wordpress');
  chmodSync(dir, 0o755); // php-fpm workers (www-data) read the files
  const root = copyTree(dir);
  const port = o.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const db = await startMariadb();
  const dbName = 'wordpress';
  const wpPassword = randomBytes(12).toString('hex');
  const isauthPassword = randomBytes(12).toString('hex');
  const prefix = o.prefix ?? 'wp_';
  // MariaDB's anonymous accounts would shadow user@'%' on 127.0.0.1: give each account its host.
  await db.sql(`DELETE FROM mysql.global_priv WHERE User = ''; FLUSH PRIVILEGES;
    CREATE DATABASE ${dbName} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
    CREATE USER 'wp'@'127.0.0.1' IDENTIFIED BY '${wpPassword}';
    GRANT ALL ON ${dbName}.* TO 'wp'@'127.0.0.1';
    CREATE USER 'isauth'@'127.0.0.1' IDENTIFIED BY '${isauthPassword}';`);

  const defines: Record<string, string | boolean> = {
    DB_NAME: dbName,
    DB_USER: 'wp',
    DB_PASSWORD: wpPassword,
    DB_HOST: `127.0.0.1:${db.port}`,
    DB_CHARSET: 'utf8mb4',
    DB_COLLATE: '',
  };
  if (o.saltConstants ?? true) for (const n of SALT_NAMES) defines[n] = randomSalt();
  if (o.siteurlConstant) {
    defines.WP_HOME = url;
    defines.WP_SITEURL = url;
  }
  Object.assign(defines, o.defines);
  // No outgoing HTTP (update checks), no loopback cron requests.
  Object.assign(defines, { WP_HTTP_BLOCK_EXTERNAL: true, DISABLE_WP_CRON: true, AUTOMATIC_UPDATER_DISABLED: true, WP_DEBUG: false });

  const wpConfig = join(root, 'wp-config.php');
  if (o.muPlugins?.length) {
    const dir = join(root, 'wp-content', 'mu-plugins');
    mkdirSync(dir, { recursive: true });
    for (const f of o.muPlugins) copyFileSync(f, join(dir, basename(f)));
  }
  const site: WordPressSite = {
    root,
    wpConfig,
    url,
    port,
    db,
    dbName,
    cookieName: `wordpress_logged_in_${md5(url)}`,
    isauthUrl: `mysql://isauth:${isauthPassword}@127.0.0.1:${db.port}/${dbName}`,
    config: { prefix, defines },
    configure(c) {
      site.config = c;
      writeFileSync(wpConfig, wpConfigText(c));
    },
    php: (code, opts = {}) => runPhp(root, code, opts) as Promise<never>,
    async truth(cookieHeader) {
      const id = await site.php<number | false>('return wp_validate_auth_cookie("", "logged_in");', { cookie: cookieHeader });
      return id;
    },
    async createUser(login, password, role) {
      return site.php<number>(
        `$id = wp_create_user(${phpString(login)}, ${phpString(password)}, ${phpString(`${login.replace(/[^a-z0-9]/gi, '')}@example.test`)});
         if (is_wp_error($id)) throw new Exception($id->get_error_message());
         (new WP_User($id))->set_role(${phpString(role)});
         return $id;`,
      );
    },
    stop: () => db.stop(),
  };
  site.configure(site.config);

  await site.php(
    `require_once ABSPATH . 'wp-admin/includes/upgrade.php';
     $r = wp_install('isauth test', 'admin', 'admin@example.test', false, '', 'admin-password');
     update_option('siteurl', ${phpString(url)});
     update_option('home', ${phpString(url)});
     update_option('permalink_structure', '/%postname%/');
     return $r['user_id'];`,
    { installing: true },
  );
  // isauth's account reads three tables, nothing else.
  await db.sql(['users', 'usermeta', 'options'].map((t) => `GRANT SELECT ON ${dbName}.${prefix}${t} TO 'isauth'@'127.0.0.1';`).join('\n'));
  return site;
}

export const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
