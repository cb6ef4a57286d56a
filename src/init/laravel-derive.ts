/**
 * Laravel's own configuration (as laravel.ts printed it) → isauth options, following what
 * Laravel 8's SessionManager does with it (Illuminate/Session/SessionManager.php):
 *
 *   session.cookie                         → --cookie
 *   app.key (+ app.previous_keys where the  → --app-key (Laravel 11's Encrypter::previousKeys; Laravel 8
 *     Encrypter reads them)                   ignores previous_keys, and so does isauth then)
 *   session.encrypt                        → --session-encrypt
 *   session.lifetime (minutes) × 60        → --max-age
 *   session.driver:
 *     file       session.files                                  → files:DIR
 *     memcached  cache.stores[session.store ?: 'memcached']     → memcached://servers?prefix=<cache prefix>:
 *     redis      database.redis[session.connection ?: default], its options.prefix, and the cache
 *                store [session.store ?: 'redis']'s prefix      → redis://…/db?prefix=<redis prefix><cache prefix>:
 *     database   database.connections[session.connection ?: database.default], session.table
 *                                                               → mysql://… | postgres://…?schema=laravel
 * The cache prefix is the store's `prefix`, else cache.prefix (CacheManager::getPrefix), followed
 * by ':' unless empty or "0" (MemcachedStore/RedisStore::setPrefix).
 */
import { DerivationBuilder, type Derivation } from './derived.js';
import { dig, text } from './json-output.js';
import { memcachedUrl, redisUrl, sqlUrl, type ServerAddress } from './store-urls.js';

const C = (path: string): string => `config('${path}')`;

const CIPHERS = ['AES-128-CBC', 'AES-256-CBC', 'AES-128-GCM', 'AES-256-GCM'];

/** PHP's `! empty($prefix) ? $prefix.':' : ''`. */
const withColon = (p: string): string => (p === '' || p === '0' ? '' : `${p}:`);

function cachePrefix(doc: Record<string, unknown>, store: string): { prefix: string; origin: string } {
  const own = text(dig(doc, `cache.stores.${store}.prefix`));
  if (own !== undefined) return { prefix: withColon(own), origin: C(`cache.stores.${store}.prefix`) };
  return { prefix: withColon(text(dig(doc, 'cache.prefix')) ?? ''), origin: C('cache.prefix') };
}

function port(v: unknown, fallback: number): number | undefined {
  const t = text(v);
  if (t === undefined || t === '') return fallback;
  return /^\d{1,5}$/.test(t) && Number(t) > 0 && Number(t) < 65536 ? Number(t) : undefined;
}

function fileStore(doc: Record<string, unknown>, b: DerivationBuilder): void {
  const dir = text(dig(doc, 'session.files'));
  if (dir === undefined || !dir.startsWith('/')) b.problem(`${C('session.files')} is not an absolute directory: give --store files:/dir`);
  else b.set('store', `files:${dir}`, `${C('session.driver')} = "file", ${C('session.files')}`);
}

function memcachedStore(doc: Record<string, unknown>, b: DerivationBuilder): void {
  const store = text(dig(doc, 'session.store')) || 'memcached';
  const at = `cache.stores.${store}`;
  if (dig(doc, `${at}.driver`) !== 'memcached') {
    b.problem(`${C(`${at}.driver`)} is not "memcached": give --store memcached://…?prefix=…`);
    return;
  }
  const raw = dig(doc, `${at}.servers`);
  const servers: ServerAddress[] = [];
  for (const s of Array.isArray(raw) ? raw : []) {
    const host = text(dig(s, 'host'));
    const p = port(dig(s, 'port'), 11211);
    if (!host || p === undefined) {
      b.problem(`${C(`${at}.servers`)}: a server without a usable host and port: give --store`);
      return;
    }
    servers.push({ host, port: host.startsWith('/') ? 0 : p });
  }
  if (servers.length === 0) {
    b.problem(`${C(`${at}.servers`)} lists no server: give --store`);
    return;
  }
  const sasl = dig(doc, `${at}.sasl`);
  if (Array.isArray(sasl) && sasl.some((x) => typeof x === 'string' && x !== '')) {
    b.problem(`${C(`${at}.sasl`)} sets SASL credentials: isauth's memcached client does not authenticate`);
    return;
  }
  const options = dig(doc, `${at}.options`);
  if (servers.length > 1 && options !== undefined && options !== null && Object.keys(options as object).length > 0) {
    b.problem(`${C(`${at}.options`)} sets client options that may change which server holds a session: give --store with &hash= (docs/scaling.md)`);
    return;
  }
  const { prefix, origin } = cachePrefix(doc, store);
  b.set('store', memcachedUrl(servers, { prefix }), `${C('session.driver')} = "memcached", ${C(`${at}.servers`)}, ${origin}`);
}

function redisStore(doc: Record<string, unknown>, b: DerivationBuilder): void {
  const connection = text(dig(doc, 'session.connection')) || 'default';
  const at = `database.redis.${connection}`;
  const conn = dig(doc, at);
  if (typeof conn !== 'object' || conn === null) {
    b.problem(`${C(at)} does not exist: give --store redis://…?prefix=…`);
    return;
  }
  if (text(dig(conn, 'url'))) {
    b.problem(`${C(`${at}.url`)} is set: isauth init does not merge Redis URLs as Laravel does; give --store redis://…?prefix=…`);
    return;
  }
  const client = text(dig(doc, 'database.redis.client')) ?? 'phpredis';
  if (client !== 'phpredis' && client !== 'predis') {
    b.problem(`${C('database.redis.client')} = "${client}" is not phpredis or predis: give --store`);
    return;
  }
  const host = text(dig(conn, 'host')) ?? '127.0.0.1';
  const p = port(dig(conn, 'port'), 6379);
  const db = text(dig(conn, 'database')) ?? '0';
  if (p === undefined || !/^\d+$/.test(db)) {
    b.problem(`${C(at)}: port or database is not a number: give --store`);
    return;
  }
  const password = text(dig(conn, 'password')) || undefined;
  if (host.startsWith('/') && password !== undefined) {
    b.problem(`${C(at)}: a unix socket with a password: give --store`);
    return;
  }
  // Connection options override the shared ones (PhpRedisConnector / PredisConnector merge them).
  const own = text(dig(conn, 'options.prefix'));
  const redisPrefix = own ?? text(dig(doc, 'database.redis.options.prefix')) ?? '';
  const prefixAt = own !== undefined ? C(`${at}.options.prefix`) : C('database.redis.options.prefix');
  const store = text(dig(doc, 'session.store')) || 'redis';
  const cache = cachePrefix(doc, store);
  const url = redisUrl(
    {
      tls: text(dig(conn, 'scheme')) === 'tls',
      host,
      port: p,
      user: text(dig(conn, 'username')) || undefined,
      password,
      database: Number(db),
    },
    { prefix: redisPrefix + cache.prefix },
  );
  b.set('store', url, `${C('session.driver')} = "redis", ${C(at)} (${C('session.connection')}), ${prefixAt}, ${cache.origin}`);
}

function databaseStore(doc: Record<string, unknown>, b: DerivationBuilder): void {
  const name = text(dig(doc, 'session.connection')) || text(dig(doc, 'database.default')) || '';
  const at = `database.connections.${name}`;
  const conn = dig(doc, at);
  const driver = text(dig(conn, 'driver'));
  if (driver !== 'mysql' && driver !== 'pgsql') {
    b.problem(`${C(`${at}.driver`)} = ${JSON.stringify(driver ?? null)}: isauth reads sessions from MySQL/MariaDB and PostgreSQL; give --store`);
    return;
  }
  if (text(dig(conn, 'url'))) {
    b.problem(`${C(`${at}.url`)} is set: isauth init does not merge database URLs as Laravel does; give --store mysql://…?schema=laravel`);
    return;
  }
  const host = text(dig(conn, 'host'));
  const p = port(dig(conn, 'port'), driver === 'mysql' ? 3306 : 5432);
  const database = text(dig(conn, 'database'));
  if (!host || p === undefined || !database) {
    b.problem(`${C(at)}: host, port or database missing (or a read/write split): give --store`);
    return;
  }
  const table = `${text(dig(conn, 'prefix')) ?? ''}${text(dig(doc, 'session.table')) ?? 'sessions'}`;
  const socket = text(dig(conn, 'unix_socket')) || undefined;
  const url = sqlUrl(
    { kind: driver === 'mysql' ? 'mysql' : 'postgres', host, port: p, database, user: text(dig(conn, 'username')) || undefined, password: text(dig(conn, 'password')) || undefined },
    { schema: 'laravel', table: table === 'sessions' ? undefined : table, socket },
  );
  b.set('store', url, `${C('session.driver')} = "database", ${C(at)}, ${C('session.table')}`);
}

export function deriveLaravel(doc: Record<string, unknown>): Derivation {
  const b = new DerivationBuilder();
  const version = text(doc.version) ?? '?';
  b.set('framework', 'laravel', `artisan and bootstrap/app.php: a Laravel ${version} application`);

  const cookie = text(dig(doc, 'session.cookie'));
  if (!cookie) b.problem(`${C('session.cookie')} is empty: give --cookie`);
  else b.set('cookie', cookie, C('session.cookie'));

  const key = text(doc['app.key']);
  const cipher = text(doc['app.cipher']) ?? 'AES-256-CBC';
  if (!CIPHERS.includes(cipher.toUpperCase())) b.problem(`${C('app.cipher')} = "${cipher}": isauth reads ${CIPHERS.join(', ')}`);
  const previous = Array.isArray(doc['app.previous_keys']) ? (doc['app.previous_keys'] as unknown[]).filter((k): k is string => typeof k === 'string' && k !== '') : [];
  if (!key) b.problem(`${C('app.key')} is empty: the application has no APP_KEY (php artisan key:generate), so its cookies cannot be read`);
  else if (doc.previous_keys_read === true) {
    b.set('appKey', [key, ...previous], previous.length > 0 ? `${C('app.key')}, then ${C('app.previous_keys')}` : C('app.key'));
  } else {
    b.set('appKey', [key], C('app.key'));
    if (previous.length > 0) {
      b.note(`${C('app.previous_keys')} lists ${previous.length} key(s), but Laravel ${version}'s Encrypter does not read it (Laravel 11 does): cookies made with those keys are new visitors to Laravel, so isauth does not accept them either`);
    }
  }
  b.set('sessionEncrypt', dig(doc, 'session.encrypt') === true, C('session.encrypt'));

  const lifetime = text(dig(doc, 'session.lifetime'));
  if (lifetime !== undefined && /^\d+$/.test(lifetime) && Number(lifetime) > 0) {
    b.set('maxAge', String(Number(lifetime) * 60), `${C('session.lifetime')} (${lifetime} minutes)`);
  } else b.problem(`${C('session.lifetime')} is not a number of minutes: give --max-age`);

  const driver = text(dig(doc, 'session.driver'));
  if (driver === 'file') fileStore(doc, b);
  else if (driver === 'memcached') memcachedStore(doc, b);
  else if (driver === 'redis') redisStore(doc, b);
  else if (driver === 'database') databaseStore(doc, b);
  else b.problem(`${C('session.driver')} = ${JSON.stringify(driver ?? null)}: isauth reads Laravel's file, memcached, redis and database drivers`);
  return b.build('Laravel');
}
