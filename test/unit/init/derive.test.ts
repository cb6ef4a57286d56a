/**
 * The mappings of src/init/*-derive.ts on framework answers shaped as the real frameworks print
 * them (the integration tests in test/integration/init/ run the frameworks themselves): what each
 * setting becomes, and that what isauth cannot take over is a named problem, never a guess.
 */
import { describe, expect, it } from 'vitest';
import { deriveDjango } from '../../../src/init/django-derive.js';
import { deriveLaravel } from '../../../src/init/laravel-derive.js';
import { deriveSymfony } from '../../../src/init/symfony-derive.js';
import { parseEnvVar, parseSessionConfig } from '../../../src/init/symfony.js';

const NO_PHP = { ini: undefined, pool: undefined, poolName: undefined, user: undefined, listen: undefined, notes: [] };
const KEY = `base64:${Buffer.alloc(32, 7).toString('base64')}`;

function laravel(over: { session?: object; cache?: object; database?: object; [k: string]: unknown } = {}) {
  const { session, cache, database, ...rest } = over;
  return deriveLaravel({
    version: '8.83.26',
    session: { driver: 'file', lifetime: 120, encrypt: false, files: '/srv/app/storage/framework/sessions', connection: null, table: 'sessions', store: null, cookie: 'laravel_session', ...session },
    'app.key': KEY,
    'app.previous_keys': [],
    'app.cipher': 'AES-256-CBC',
    previous_keys_read: false,
    cache: { default: 'file', prefix: 'laravel_cache', stores: { memcached: { driver: 'memcached', options: [], sasl: [null, null], servers: [{ host: '127.0.0.1', port: 11211, weight: 100 }] }, redis: { driver: 'redis', connection: 'cache' } }, ...cache },
    database: { default: 'mysql', connections: { mysql: { driver: 'mysql', host: 'db', port: '3306', database: 'shop', username: 'app', password: 'p@ss word', prefix: '' } }, redis: { client: 'phpredis', options: { prefix: 'laravel_database_' }, default: { host: '10.0.0.5', password: null, port: '6380', database: '2' } }, ...database },
    ...rest,
  });
}

describe('Laravel', () => {
  it('each driver becomes the store Laravel reads', () => {
    expect(laravel().options.find((o) => o.key === 'store')?.value).toBe('files:/srv/app/storage/framework/sessions');
    expect(laravel({ session: { driver: 'memcached' } }).options.find((o) => o.key === 'store')?.value).toBe('memcached://127.0.0.1:11211?prefix=laravel_cache:');
    expect(laravel({ session: { driver: 'redis' } }).options.find((o) => o.key === 'store')?.value).toBe('redis://10.0.0.5:6380/2?prefix=laravel_database_laravel_cache:');
    expect(laravel({ session: { driver: 'database' } }).options.find((o) => o.key === 'store')?.value).toBe('mysql://app:p%40ss%20word@db:3306/shop?schema=laravel');
  });
  it('an empty cache prefix (or "0") has no colon, as MemcachedStore::setPrefix', () => {
    for (const prefix of ['', '0']) {
      expect(laravel({ session: { driver: 'memcached' }, cache: { prefix } }).options.find((o) => o.key === 'store')?.value).toBe('memcached://127.0.0.1:11211?prefix=');
    }
  });
  it('previous keys only where the Encrypter reads them', () => {
    expect(laravel({ 'app.previous_keys': [KEY.replace('Bw', 'Cw')] }).options.find((o) => o.key === 'appKey')?.value).toEqual([KEY]);
    expect(laravel({ 'app.previous_keys': ['base64:old'], previous_keys_read: true }).options.find((o) => o.key === 'appKey')?.value).toEqual([KEY, 'base64:old']);
  });
  it('names what it cannot take over', () => {
    expect(laravel({ session: { driver: 'cookie' } }).problems).toEqual([expect.stringContaining("config('session.driver') = \"cookie\"")]);
    expect(laravel({ 'app.key': '' }).problems).toEqual([expect.stringContaining("config('app.key') is empty")]);
    const sasl = laravel({ session: { driver: 'memcached' }, cache: { stores: { memcached: { driver: 'memcached', sasl: ['u', 'p'], servers: [{ host: 'h', port: 1 }] } } } });
    expect(sasl.problems).toEqual([expect.stringContaining('SASL')]);
    expect(laravel({ session: { driver: 'redis' }, database: { redis: { default: { url: 'redis://x' } } } }).problems).toEqual([expect.stringContaining('url')]);
  });
  it('never puts a secret into an origin', () => {
    for (const o of laravel({ session: { driver: 'database' } }).options) expect(o.origin).not.toMatch(/p@ss|base64:/);
  });
});

const django = (over: Record<string, unknown>) => deriveDjango({
  version: '3.2.25', fallbacks_read: false, SECRET_KEY: 's3', SECRET_KEY_FALLBACKS: [], SESSION_COOKIE_NAME: 'sessionid', SESSION_COOKIE_AGE: 1209600,
  SESSION_SERIALIZER: 'django.contrib.sessions.serializers.JSONSerializer', SESSION_CACHE_ALIAS: 'default', CACHES: {}, DATABASES: {}, ...over,
});

describe('Django', () => {
  it('db on PostgreSQL, cached_db on Redis, file', () => {
    const db = django({ SESSION_ENGINE: 'django.contrib.sessions.backends.db', DATABASES: { default: { ENGINE: 'django.db.backends.postgresql', HOST: 'pg', PORT: '', NAME: 'shop', USER: 'u', PASSWORD: 'p' } } });
    expect(db.options.find((o) => o.key === 'store')?.value).toBe('postgres://u:p@pg:5432/shop?schema=django');
    const redis = django({ SESSION_ENGINE: 'django.contrib.sessions.backends.cached_db', CACHES: { default: { BACKEND: 'django_redis.cache.RedisCache', LOCATION: 'redis://:pw@10.0.0.1:6379/4', KEY_PREFIX: 'x' } } });
    expect(redis.options.find((o) => o.key === 'store')?.value).toBe('redis://:pw@10.0.0.1:6379/4?prefix=x:1:django.contrib.sessions.cached_db');
    const file = django({ SESSION_ENGINE: 'django.contrib.sessions.backends.file', file_storage_path: '/tmp/s' });
    expect(file.options.find((o) => o.key === 'store')?.value).toBe('files:/tmp/s');
  });
  it('fallbacks only from Django 4.1 on', () => {
    expect(django({ SESSION_ENGINE: 'django.contrib.sessions.backends.signed_cookies', SECRET_KEY_FALLBACKS: ['old'], fallbacks_read: true }).options.find((o) => o.key === 'secretKey')?.value).toEqual(['s3', 'old']);
  });
  it('names what it cannot take over', () => {
    expect(django({ SESSION_ENGINE: 'django.contrib.sessions.backends.signed_cookies', SESSION_SERIALIZER: 'django.contrib.sessions.serializers.PickleSerializer' }).problems).toEqual([expect.stringContaining('never unpickles')]);
    expect(django({ SESSION_ENGINE: 'django.contrib.sessions.backends.cache', CACHES: { default: { BACKEND: 'django.core.cache.backends.memcached.PyMemcacheCache', LOCATION: ['a:1', 'b:2'] } } }).problems).toEqual([expect.stringContaining('exactly one server')]);
    expect(django({ SESSION_ENGINE: 'django.contrib.sessions.backends.db', DATABASES: { default: { ENGINE: 'django.db.backends.sqlite3', NAME: 'x' } } }).problems).toEqual([expect.stringContaining('sqlite3')]);
  });
});

describe('Symfony', () => {
  const symfony = (session: Record<string, string | number | boolean | null>, resolved: Record<string, string> = {}) => deriveSymfony({ session, resolved }, NO_PHP, {});
  it('reads debug:config and debug:container output', () => {
    const s = parseSessionConfig("\nCurrent configuration for \"framework.session\"\n===\n\nhandler_id: '%env(SESSION_DSN)%'\nname: SHOPSID\ngc_maxlifetime: 3600\nsave_path: '/srv/a b/var'\ncookie_secure: auto\n");
    expect(s).toMatchObject({ handler_id: '%env(SESSION_DSN)%', name: 'SHOPSID', gc_maxlifetime: 3600, save_path: '/srv/a b/var' });
    expect(parseEnvVar('  Real value        "x"  \n  Processed value   "memcached://h:1?prefix=p_"  \n', 'SESSION_DSN')).toBe('memcached://h:1?prefix=p_');
  });
  it('DSNs and the native file handler', () => {
    const store = (s: Record<string, string | number | boolean | null>, r?: Record<string, string>) => symfony(s, r).options.find((o) => o.key === 'store')?.value;
    expect(store({ handler_id: '%env(X)%' }, { handler_id: 'memcached://10.0.0.1:11211?prefix=shop_' })).toBe('memcached://10.0.0.1:11211?prefix=shop_');
    expect(store({ handler_id: 'memcached:?host[a:1]&host[b:2]' })).toBe('memcached://a:1,b:2?prefix=sf2s');
    expect(store({ handler_id: 'redis://secret@r:6380/3' })).toBe('redis://:secret@r:6380/3?prefix=sf_s');
    expect(store({ handler_id: 'session.handler.native_file', save_path: '/srv/app/var/sessions/prod' })).toBe('files:/srv/app/var/sessions/prod');
    expect(store({ handler_id: 'pgsql://u:p@db/shop' })).toBe('postgres://u:p@db:5432/shop?schema=symfony');
  });
  it('a handler service is a named problem', () => {
    expect(symfony({ handler_id: 'app.my_handler' }).problems).toEqual([expect.stringContaining('is a service of the application')]);
  });
});
