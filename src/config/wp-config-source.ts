/**
 * `--wp-config FILE`: WordPress's wp-config.php (read statically by wp-config.ts) → isauth options,
 * a config source like `--php-ini`: below the command line, the environment and the config
 * file, above the `--framework` defaults. Only options no higher source sets are derived, so a
 * container can give any of them as an env var instead. Origins name the file, the line and the
 * constant, never a value (the password and the salts are secrets).
 *
 *   DB_NAME, DB_USER, DB_PASSWORD, DB_HOST  → --store mysql://USER:PASS@HOST[:PORT]/NAME[?socket=…]
 *   $table_prefix                           → --wp-table-prefix
 *   LOGGED_IN_KEY/LOGGED_IN_SALT (wp_salt)  → --wp-logged-in-key / --wp-logged-in-salt (or @option)
 *   LOGGED_IN_COOKIE, COOKIEHASH            → --cookie
 *   WP_SITEURL                              → --wp-siteurl (the cookie name is derived from it)
 */
import { FROM_OPTION } from '../profiles/wordpress.js';
import type { Raw } from './raw.js';
import type { OptionKey } from '../options/schema.js';
import { readWpConfig, type WpConfigEntry } from './wp-config.js';
import { loggedInSalt, type SaltHalf } from './wp-salt.js';

export interface WpConfigSource {
  readonly values: Map<OptionKey, Raw>;
  readonly errors: string[];
}


/** Debian's compiled-in MySQL socket, which mysqli uses for the host `localhost`. */
export const DEBIAN_MYSQL_SOCKET = '/run/mysqld/mysqld.sock';

/**
 * DB_HOST as wpdb::parse_db_host() splits it — `host`, `host:port`, `host:/socket`, `:/socket`,
 * `[v6]:port` — and as mysqli connects: `localhost` (or no host) without a socket means the
 * default socket, not TCP.
 */
export function mysqlUrl(db: { name: string; user: string; password: string; host: string }): string | { error: string } {
  let host = db.host;
  let socket: string | undefined;
  const sock = host.indexOf(':/');
  if (sock >= 0) {
    socket = host.slice(sock + 1);
    host = host.slice(0, sock);
  }
  const m = (host.split(':').length > 2 ? /^\[?([0-9A-Fa-f:]+)(?:\]:(\d+))?/ : /^([^:/]*)(?::(\d+))?/).exec(host);
  if (!m) return { error: `DB_HOST is not host, host:port or host:/socket` };
  let name = m[1] ?? '';
  const port = m[2];
  if (socket === undefined && (name === '' || name === 'localhost')) socket = DEBIAN_MYSQL_SOCKET;
  if (name === '') name = 'localhost';
  const auth = `${encodeURIComponent(db.user)}${db.password === '' ? '' : `:${encodeURIComponent(db.password)}`}@`;
  const hostPart = name.includes(':') ? `[${name}]` : name;
  const query = socket !== undefined ? `?socket=${encodeURIComponent(socket)}` : '';
  return `mysql://${auth}${hostPart}${port !== undefined && socket === undefined ? `:${port}` : ''}/${encodeURIComponent(db.name)}${query}`;
}

const str = (e: WpConfigEntry | undefined): string | undefined => (e === undefined || e.value === null || typeof e.value === 'boolean' ? undefined : String(e.value));

/** Reads FILE and derives the options `isSet` says no higher source gives. */
export function readWpConfigSource(path: string, text: string, isSet: (key: OptionKey) => boolean): WpConfigSource {
  const values = new Map<OptionKey, Raw>();
  const read = readWpConfig(text);
  const at = (line: number, what: string): string => ` (${path}:${line}: ${what})`;
  const errors = read.errors.map((e) => `--wp-config: ${path}:${e.line}: ${e.message}`);
  if (errors.length > 0) return { values, errors };
  const c = read.constants;
  const set = (key: OptionKey, value: string, origin: string): void => {
    if (!isSet(key)) values.set(key, { value, origin });
  };

  for (const unsupported of ['CUSTOM_USER_TABLE', 'CUSTOM_USER_META_TABLE']) {
    const e = c.get(unsupported);
    if (e !== undefined) errors.push(`--wp-config: ${path}:${e.line}: ${unsupported} (users shared between sites) is not supported`);
  }

  const db = ['DB_NAME', 'DB_USER', 'DB_PASSWORD', 'DB_HOST'].map((n) => c.get(n));
  if (!isSet('store') && db.every((e) => e !== undefined)) {
    const [name, user, password, host] = db.map(str);
    const url = mysqlUrl({ name: name ?? '', user: user ?? '', password: password ?? '', host: host ?? 'localhost' });
    const lines = db.map((e) => e?.line).join(', ');
    if (typeof url === 'object') errors.push(`--wp-config: ${path}:${c.get('DB_HOST')?.line}: ${url.error}`);
    else set('store', url, ` (${path}:${lines}: DB_NAME, DB_USER, DB_PASSWORD, DB_HOST)`);
  }
  if (read.tablePrefix !== undefined) set('wpTablePrefix', read.tablePrefix.value, at(read.tablePrefix.line, '$table_prefix'));

  const halves = loggedInSalt(c);
  const multisite = c.get('MULTISITE');
  const half = (key: OptionKey, h: SaltHalf): void => {
    if ('constant' in h) {
      if (h.value === FROM_OPTION) errors.push(`--wp-config: ${path}:${h.line}: ${h.constant} is "${FROM_OPTION}", which isauth reserves`);
      set(key, h.value, at(h.line, h.constant));
    } else if (multisite !== undefined && multisite.value !== false && !isSet(key)) {
      errors.push(`--wp-config: ${path}: ${h.why}: a multisite keeps the ${h.option} option in its sitemeta table, which isauth does not read — define ${h.option.toUpperCase()} in wp-config.php or give it as an option (docs/wordpress.md)`);
    } else {
      set(key, FROM_OPTION, ` (${path}: ${h.why} → the ${h.option} option in the database)`);
    }
  };
  half('wpLoggedInKey', halves.key);
  half('wpLoggedInSalt', halves.salt);

  // LOGGED_IN_COOKIE, else 'wordpress_logged_in_' . COOKIEHASH, else from the site URL.
  const cookie = c.get('LOGGED_IN_COOKIE');
  const hash = c.get('COOKIEHASH');
  const siteurl = c.get('WP_SITEURL');
  if (cookie !== undefined) set('cookie', str(cookie) ?? '', at(cookie.line, 'LOGGED_IN_COOKIE'));
  else if (hash !== undefined) set('cookie', `wordpress_logged_in_${str(hash) ?? ''}`, at(hash.line, 'COOKIEHASH'));
  else if (siteurl !== undefined && (multisite === undefined || multisite.value === false)) {
    set('wpSiteurl', str(siteurl) ?? '', at(siteurl.line, 'WP_SITEURL'));
  }
  return { values, errors };
}

/**
 * The wp-config.php source for loadConfig, or undefined without `--wp-config`. `higher(key)` is
 * what the command line, the environment or the config file set.
 */
export function wpConfigSource(path: string | undefined, higher: (key: OptionKey) => Raw | undefined, readFile: (p: string) => string): WpConfigSource | undefined {
  if (path === undefined) return undefined;
  const framework = higher('framework')?.value;
  if (framework !== 'wordpress') {
    return { values: new Map(), errors: [`--wp-config: applies to --framework wordpress only (got --framework ${typeof framework === 'string' ? framework : 'plain'})`] };
  }
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    return { values: new Map(), errors: [`--wp-config: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`] };
  }
  return readWpConfigSource(path, text, (k) => higher(k) !== undefined);
}
