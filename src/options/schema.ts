/**
 * THE configuration schema: every option of `isauth serve` is defined once here — its flag, its
 * config-file key and `Config` field (the record key), its env var (`ISAUTH_` + the key in upper
 * snake case), kind, default, help and validation. The argv/env/file readers, `--help`, and
 * docs/configuration.md are all derived from it.
 */
import { DEFAULT_MAX_DEPTH, MAX_DEPTH_LIMIT } from '../php/options.js';
import { checkRule, checkVariant } from '../rules/index.js';
import { parseAppKey } from '../crypto/laravel-encrypter.js';
import { SESSION_SERIALIZERS } from '../session-format/names.js';
import { FRAMEWORKS } from './frameworks.js';
import { storeSetting } from './store.js';
import { cookieName, headerNameOrEmpty, integer, Invalid, listenAddress, listenAddressOrOff, octalMode, oneOf, secretToken, type Parser } from './values.js';

interface Common {
  /** `--flag`, shown as written. */
  readonly flag: string;
  /** One paragraph of help (plain text; `code` spans in backquotes are fine). */
  readonly help: string;
  /** Never shown: `--check-config` and error messages say only whether it is set. */
  readonly secret?: boolean;
}

/** An option with one value: `--flag VALUE`. The default is written as a user would type it. */
export interface ValueOption<T> extends Common {
  readonly kind: 'value';
  readonly metavar: string;
  readonly default: string;
  readonly parse: Parser<T>;
}

/** A switch: `--flag`, `--no-flag`, `--flag=true|false`. */
export interface BoolOption extends Common {
  readonly kind: 'bool';
  readonly default: boolean;
}

/** A repeatable option: each `--flag VALUE` adds one item; each item is checked on its own. */
export interface ListOption extends Common {
  readonly kind: 'list';
  readonly metavar: string;
  readonly default: readonly string[];
  /** What an empty list means, for help and docs. */
  readonly emptyMeans: string;
  /** Error message for a bad item, or undefined. */
  readonly check: (item: string) => string | undefined;
}

export type OptionDef = ValueOption<unknown> | BoolOption | ListOption;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The service options. Record keys are the `Config` fields and the config-file keys. */
export const OPTIONS = {
  framework: {
    kind: 'value', flag: '--framework', metavar: 'NAME', default: 'plain', parse: oneOf(FRAMEWORKS),
    help: `Profile of the application that writes the sessions: ${FRAMEWORKS.join(', ')}. It sets the defaults of the cookie name, key prefix, serializer and rules, and picks the cookie codec, value codec and session format (docs/architecture.md); flags still win.`,
  },
  listen: {
    kind: 'value', flag: '--listen', metavar: 'ADDR', default: '127.0.0.1:9180', parse: listenAddress,
    help: 'Where to answer nginx: `HOST:PORT`, `[IPv6]:PORT`, or `unix:/path/isauth.sock`. Port 9180 is isauth\'s default.',
  },
  socketMode: {
    kind: 'value', flag: '--socket-mode', metavar: 'MODE', default: '0666', parse: octalMode,
    help: 'File mode of the unix socket (octal), so that nginx workers running as another user can connect. Ignored for TCP.',
  },
  store: {
    kind: 'value', flag: '--store', metavar: 'URL', default: 'files:/var/lib/php/sessions', parse: storeSetting,
    help: 'Where the application keeps sessions: `files:/dir` (also `files:N;/dir` like session.save_path), `memcached://host:port[,host:port…][?prefix=…&hash=…]` (also `client=memcache`, `replicas=N`, `key=`), `redis://[user:pass@]host[:port][/db][?prefix=…]` (`rediss://` for TLS; several hosts as phpredis spreads them), `redis+unix:///path.sock[?db=N&prefix=…]`, `redis-cluster://h:p,h:p`, `redis-sentinel://h:p,h:p/MASTER`, `mysql://user:pass@host/db?schema=…`, `postgres://…?schema=…` (docs/sql.md), or `cookie:` (the session is the cookie: Django signed_cookies). docs/scaling.md lists each option.',
  },
  storePassword: {
    kind: 'value', flag: '--store-password', metavar: 'PASSWORD', default: '', parse: (raw: string) => raw, secret: true,
    help: 'The store\'s password when it is kept apart from the `--store` URL: Redis AUTH (also a `redis+unix:` socket), MySQL/MariaDB, PostgreSQL. Meant for `--store-password-file` (a Docker or Kubernetes secret, a systemd credential) or the env var. An error with a store that logs in with none, or whose URL holds a password already.',
  },
  serializer: {
    kind: 'value', flag: '--serializer', metavar: 'NAME', default: 'php', parse: oneOf(SESSION_SERIALIZERS),
    help: `PHP's session.serialize_handler (${SESSION_SERIALIZERS.filter((s) => s !== 'json').join(', ')}), or json for sessions a custom save handler stores as JSON (shared with another language).`,
  },
  appKey: {
    kind: 'list', flag: '--app-key', metavar: 'KEY', default: [], secret: true, emptyMeans: 'none',
    check: (k) => (typeof parseAppKey(k) === 'string' ? 'must be a Laravel APP_KEY: base64:… of 16 or 32 bytes, or a raw 16/32-character key (the value is not shown)' : undefined),
    help: 'Laravel (`--framework laravel`): APP_KEY as in .env (`base64:…`), to decrypt the session cookie (and SESSION_ENCRYPT payloads). Repeat for previous keys during a rotation, current first. Secret: prefer the env var or the config file.',
  },
  appName: {
    kind: 'value', flag: '--app-name', metavar: 'NAME', default: 'Laravel', parse: (raw: string) => raw,
    help: 'Laravel: APP_NAME; its slug names the cookie (`<slug>_session`), the cache prefix (`<slug>_cache:`) and the Redis prefix (`<slug>_database_<slug>_cache:`), as Laravel derives them. `--cookie` and `?prefix=` still win.',
  },
  sessionEncrypt: {
    kind: 'bool', flag: '--session-encrypt', default: false,
    help: 'Laravel: SESSION_ENCRYPT=true — stored sessions are encrypted with the app key.',
  },
  secretKey: {
    kind: 'list', flag: '--secret-key', metavar: 'KEY', default: [], secret: true, emptyMeans: 'none',
    check: (k) => (k.length > 0 ? undefined : 'must not be empty'),
    help: 'Django (`--framework django`): SECRET_KEY, to verify signed session data and signed-cookie sessions. Repeat for SECRET_KEY_FALLBACKS, current first. Secret: prefer the env var or the config file.',
  },
  djangoLegacySignatures: {
    kind: 'bool', flag: '--django-legacy-signatures', default: false,
    help: 'Django: also accept what Django before 3.1 signed — SHA-1 signatures (signed_cookies, db, file) and the pre-3.1 stored session format. Django 3.x still reads them, Django 4 refuses them; off by default, so a cookie forged with the weaker SHA-1 scheme is not accepted. Turn it on only while sessions written before an upgrade from Django < 3.1 are still live.',
  },
  wpSiteurl: {
    kind: 'value', flag: '--wp-siteurl', metavar: 'URL', default: '', parse: (raw: string) => raw,
    help: 'WordPress (`--framework wordpress`): the site\'s WordPress Address (the `siteurl` option, or WP_SITEURL), which names the logged_in cookie: `wordpress_logged_in_` + md5 of it. Not needed when `--cookie` or `--wp-config` gives the name.',
  },
  wpTablePrefix: {
    kind: 'value', flag: '--wp-table-prefix', metavar: 'PREFIX', default: 'wp_', parse: (raw: string) => (/^[A-Za-z0-9_]{0,40}$/.test(raw) ? raw : new Invalid(`must be letters, digits and _ like WordPress's $table_prefix (got ${JSON.stringify(raw.slice(0, 60))})`)),
    help: 'WordPress: `$table_prefix` of wp-config.php; isauth reads `<prefix>users`, `<prefix>usermeta` and `<prefix>options`.',
  },
  wpLoggedInKey: {
    kind: 'value', flag: '--wp-logged-in-key', metavar: 'KEY', default: '', parse: (raw: string) => raw, secret: true,
    help: 'WordPress: the key half of `wp_salt(\'logged_in\')` — LOGGED_IN_KEY (or SECRET_KEY) as WordPress uses it, or `@option` for the `logged_in_key` option WordPress keeps in the database when wp-config.php defines no usable key. `--wp-config` derives it. Secret: prefer the env var.',
  },
  wpLoggedInSalt: {
    kind: 'value', flag: '--wp-logged-in-salt', metavar: 'SALT', default: '', parse: (raw: string) => raw, secret: true,
    help: 'WordPress: the salt half of `wp_salt(\'logged_in\')` — LOGGED_IN_SALT, or `@option` for the `logged_in_salt` option in the database. `--wp-config` derives it. Secret: prefer the env var.',
  },
  cookie: {
    kind: 'value', flag: '--cookie', metavar: 'NAME', default: 'PHPSESSID', parse: cookieName,
    help: 'Name of the session cookie (PHP\'s session.name).',
  },
  sessionHeader: {
    kind: 'value', flag: '--session-header', metavar: 'NAME', default: 'X-Session-Id', parse: headerNameOrEmpty,
    help: 'Request header that may carry the session id (set by nginx, e.g. from another cookie or an argument); empty to ignore headers.',
  },
  auth: {
    kind: 'list', flag: '--auth', metavar: 'EXPR', default: [], check: checkRule,
    emptyMeans: '`@default`',
    help: 'Rule that makes a session logged in; repeat for "any of". `@PRESET`, `PATH`, `PATH=VALUE` or `PATH!=VALUE` (see docs/rules.md).',
  },
  variants: {
    kind: 'list', flag: '--variant', metavar: 'NAME=EXPR', default: [], check: checkVariant,
    emptyMeans: 'no variants',
    help: 'Named page variant, checked in order before the plain auth/anon answer; the first match wins. NAME is 1-64 of `A-Za-z0-9_-`, not auth, anon or bypass.',
  },
  timeout: {
    kind: 'value', flag: '--timeout', metavar: 'MS', default: '100', parse: integer(1, 60_000, 'milliseconds'),
    help: 'Deadline for reading one session from the store, in milliseconds; past it the answer is `bypass`.',
  },
  maxAge: {
    kind: 'value', flag: '--max-age', metavar: 'SECONDS', default: '1440', parse: integer(1, 315_360_000, 'seconds'),
    help: 'The session lifetime where the store needs one: a session file not modified for this long counts as absent (PHP\'s session.gc_maxlifetime; PHP itself only deletes old files now and then); also an SQL `time=` column\'s age and a Django signed cookie\'s. `--framework laravel` and `django` default it to the framework\'s default lifetime (SESSION_LIFETIME 7200, SESSION_COOKIE_AGE 1209600): left so with such a store, startup and `--check-config` say so, since the application may set another.',
  },
  decisionCache: {
    kind: 'value', flag: '--decision-cache', metavar: 'ENTRIES', default: '50000', parse: integer(0, 10_000_000, 'entries'),
    help: 'files store on a local filesystem: remember up to this many decisions under the exact identity of the session file (device, inode, size, mtime and ctime in ns), so an unchanged session costs one lstat instead of a read and a decode; a file changed since is read again. ~250 bytes per entry; 0 turns it off. Only a files store can use it (see docs/benchmarks.md).',
  },
  maxSessionBytes: {
    kind: 'value', flag: '--max-session-bytes', metavar: 'BYTES', default: '1048576', parse: integer(64, 268_435_456, 'bytes'),
    help: 'Larger sessions are not decoded; the answer is `bypass`.',
  },
  maxDepth: {
    kind: 'value', flag: '--max-depth', metavar: 'N', default: String(DEFAULT_MAX_DEPTH), parse: integer(1, MAX_DEPTH_LIMIT),
    help: `Deepest nesting of arrays/objects the decoder accepts (PHP's unserialize_max_depth, default ${DEFAULT_MAX_DEPTH}); deeper sessions answer \`bypass\`.`,
  },
  workers: {
    kind: 'value', flag: '--workers', metavar: 'N', default: '1', parse: integer(1, 256),
    help: 'Number of processes sharing the listening address.',
  },
  logLevel: {
    kind: 'value', flag: '--log-level', metavar: 'LEVEL', default: 'info', parse: oneOf(LOG_LEVELS),
    help: `${LOG_LEVELS.join(', ')}. Per-request lines are logged only at debug and trace.`,
  },
  metrics: {
    kind: 'bool', flag: '--metrics', default: true,
    help: 'Serve Prometheus metrics at /metrics.',
  },
  metricsListen: {
    kind: 'value', flag: '--metrics-listen', metavar: 'ADDR', default: '', parse: (raw: string) => (raw === '' ? null : listenAddress(raw)),
    help: 'Serve `/metrics`, `/healthz` and `/readyz` on this address of their own (`HOST:PORT` or `unix:/path`) — `/metrics` then only there; empty = on `--listen`.',
  },
  accessLog: {
    kind: 'bool', flag: '--access-log', default: false,
    help: 'Log one line per decision (request id, variant, reason, error code, duration in ms, redacted id), whatever `--log-level`. Off: nothing is measured for it.',
  },
  logTime: {
    kind: 'value', flag: '--log-time', metavar: 'FORMAT', default: 'epoch', parse: oneOf(['epoch', 'iso'] as const),
    help: 'Time in log lines: `epoch` (milliseconds, pino\'s default) or `iso` (ISO 8601, UTC).',
  },
  textListen: {
    kind: 'value', flag: '--text-listen', metavar: 'ADDR', default: '', parse: listenAddressOrOff,
    help: 'Also answer InspectorD\'s line protocol (`isauth SID…` → `1`/`0` per id; docs/text-protocol.md) on `HOST:PORT` or `unix:/path`; empty = off. InspectorD used port 3002.',
  },
  textMaxLine: {
    kind: 'value', flag: '--text-max-line', metavar: 'BYTES', default: '8192', parse: integer(64, 1_048_576, 'bytes'),
    help: 'Text protocol: longest accepted line; a longer one gets `err line too long` and the connection is closed.',
  },
  textMaxSids: {
    kind: 'value', flag: '--text-max-sids', metavar: 'N', default: '100', parse: integer(1, 10_000),
    help: 'Text protocol: most session ids in one `isauth` line; more get `err too many ids` (the connection stays usable).',
  },
  textIdleTimeout: {
    kind: 'value', flag: '--text-idle-timeout', metavar: 'MS', default: '300000', parse: integer(100, 86_400_000, 'milliseconds'),
    help: 'Text protocol: a connection that sends nothing for this long is closed.',
  },
  textMaxConnections: {
    kind: 'value', flag: '--text-max-connections', metavar: 'N', default: '256', parse: integer(1, 65_535),
    help: 'Text protocol: most open connections; one more gets `err too many connections` and is closed.',
  },
  inspectToken: {
    kind: 'value', flag: '--inspect-token', metavar: 'TOKEN', default: '', parse: secretToken, secret: true,
    help: 'Turns on read access to decoded sessions (`GET /sessions/:id` with `Authorization: Bearer TOKEN`, and `auth TOKEN` on the text protocol; docs/inspect.md): 16-256 printable characters; empty = off. These answers hold personal data: bind them to a private address. Prefer the env var or the config file to a flag (visible in `ps`).',
  },
} as const satisfies Record<string, OptionDef>;

export type OptionKey = keyof typeof OPTIONS;

type ValueOf<D> = D extends { kind: 'value'; parse: Parser<infer T> } ? T : D extends { kind: 'bool' } ? boolean : readonly string[];

/** The validated settings, one field per option (see docs/configuration.md). Frozen. */
export type Config = { readonly [K in OptionKey]: ValueOf<(typeof OPTIONS)[K]> };

/** Options that only exist on the command line (and `ISAUTH_CONFIG`), not in the config file. */
export const META = {
  config: { flag: '--config', metavar: 'FILE', env: 'ISAUTH_CONFIG', help: 'Read options from this JSON file (keys as in the "file key" column; flags and env vars override it).' },
  phpIni: { flag: '--php-ini', metavar: 'FILE', env: 'ISAUTH_PHP_INI', help: 'Take --store, --serializer, --cookie and --max-age from this php.ini and the conf.d files PHP loads with it (session.*, memcached.sess_*, memcache.*, redis.session.*); every other source overrides it, and it overrides a --framework profile\'s defaults (docs/configuration.md, section "php.ini").' },
  wpConfig: { flag: '--wp-config', metavar: 'FILE', env: 'ISAUTH_WP_CONFIG', help: 'WordPress: read wp-config.php statically (its define() calls and $table_prefix; PHP is never run) for --store, --wp-table-prefix, --wp-logged-in-key, --wp-logged-in-salt, --cookie and --wp-siteurl; every other source overrides it (docs/wordpress.md). On Debian, the file is /etc/wordpress/config-<host>.php.' },
  phpFpmPool: { flag: '--php-fpm-pool', metavar: 'FILE', env: 'ISAUTH_PHP_FPM_POOL', help: 'With or without --php-ini: a php-fpm pool file whose php_value[…]/php_flag[…] and php_admin_value[…]/php_admin_flag[…] override the php.ini, as php-fpm applies them.' },
  checkConfig: { flag: '--check-config', help: 'Validate the configuration, print each value with where it came from, and exit (0 when valid, 2 otherwise).' },
  probe: { flag: '--probe', help: 'With --check-config: also read the store once (its readiness check); exit 1 when it fails.' },
  help: { flag: '--help', short: '-h', help: 'Show this help and exit.' },
  version: { flag: '--version', short: '-V', help: 'Print the version and exit.' },
} as const;

/** The META options that name a file (flag + env var). */
export const FILE_META = ['config', 'phpIni', 'phpFpmPool', 'wpConfig'] as const;

/** `ISAUTH_` + the key in upper snake case: `maxSessionBytes` → `ISAUTH_MAX_SESSION_BYTES`. */
export function envName(key: string): string {
  return `ISAUTH_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Every option with its derived names, in schema order. */
export const OPTION_LIST: readonly (OptionDef & { key: OptionKey; env: string })[] = Object.freeze(
  (Object.keys(OPTIONS) as OptionKey[]).map((key) => Object.freeze({ ...(OPTIONS[key] as OptionDef), key, env: envName(key) })),
);

/**
 * Every secret option can also be read from a file, as Docker and Kubernetes secrets and systemd
 * credentials (`LoadCredential=`) hand them over: `--app-key-file FILE`, `ISAUTH_APP_KEY_FILE`,
 * file key `appKeyFile`. The file's text is the value (one trailing newline dropped); for a
 * repeatable option, one item per line. Giving both forms in one place is an error.
 */
export interface SecretFileDef {
  readonly key: string;
  readonly flag: string;
  readonly env: string;
  /** The option whose value the file holds. */
  readonly of: OptionKey;
}

export const SECRET_FILES: readonly SecretFileDef[] = Object.freeze(
  OPTION_LIST.filter((o) => o.secret === true).map((o) => Object.freeze({ key: `${o.key}File`, flag: `${o.flag}-file`, env: `${o.env}_FILE`, of: o.key })),
);
