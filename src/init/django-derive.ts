/**
 * Django's settings (as django.ts printed them) → isauth options, following
 * django.contrib.sessions (Django 3.2 and later):
 *
 *   SESSION_COOKIE_NAME                      → --cookie
 *   SESSION_COOKIE_AGE                       → --max-age (signed_cookies' age limit, files' mtime)
 *   SECRET_KEY (+ SECRET_KEY_FALLBACKS where → --secret-key (Django 4.1 added the fallbacks; 3.2 ignores
 *     Django reads them)                        them, and so does isauth then)
 *   SESSION_ENGINE:
 *     signed_cookies  → cookie:
 *     db              DATABASES['default']                → mysql://… | postgres://…?schema=django
 *     file            SessionStore._get_storage_path()     → files:DIR (file names: SESSION_COOKIE_NAME + key)
 *     cache/cached_db CACHES[SESSION_CACHE_ALIAS]: memcached (PyMemcacheCache, MemcachedCache) or
 *                     Redis (django-redis, Django 4's RedisCache), KEY_PREFIX and VERSION
 *                     → memcached://… | redis://…?prefix=KEY_PREFIX:VERSION:django.contrib.sessions.<backend>
 * Signed session data must be JSON (SESSION_SERIALIZER JSONSerializer): isauth never unpickles
 * signed data. A custom KEY_FUNCTION, several memcached servers, or a non-pickle django-redis
 * serializer are named as problems.
 */
import { djangoCachePrefix } from '../store-key/django-cache.js';
import { DerivationBuilder, type Derivation } from './derived.js';
import { dig, text } from './json-output.js';
import { memcachedUrl, redisUrl, sqlUrl } from './store-urls.js';

const S = (name: string): string => `settings.${name}`;
const BACKENDS = 'django.contrib.sessions.backends.';
const JSON_SERIALIZER = 'django.contrib.sessions.serializers.JSONSerializer';
const MEMCACHED = ['django.core.cache.backends.memcached.PyMemcacheCache', 'django.core.cache.backends.memcached.MemcachedCache'];
const REDIS = ['django_redis.cache.RedisCache', 'django.core.cache.backends.redis.RedisCache'];

function signedOnly(doc: Record<string, unknown>, b: DerivationBuilder): void {
  const serializer = text(doc.SESSION_SERIALIZER) ?? JSON_SERIALIZER;
  if (serializer !== JSON_SERIALIZER) b.problem(`${S('SESSION_SERIALIZER')} = "${serializer}": isauth reads signed sessions serialized as JSON only (it never unpickles signed data)`);
}

function database(doc: Record<string, unknown>, b: DerivationBuilder): void {
  const db = dig(doc, 'DATABASES.default');
  const engine = text(dig(db, 'ENGINE')) ?? '';
  const kind = /\.mysql$/.test(engine) ? 'mysql' : /\.postgresql(_psycopg2)?$/.test(engine) ? 'postgres' : undefined;
  if (kind === undefined) {
    b.problem(`${S("DATABASES['default']['ENGINE']")} = "${engine}": isauth reads Django's db sessions from MySQL/MariaDB and PostgreSQL`);
    return;
  }
  const host = text(dig(db, 'HOST')) ?? '';
  const name = text(dig(db, 'NAME')) ?? '';
  const portText = text(dig(db, 'PORT')) ?? '';
  if (host === '' || host.startsWith('/') || name === '' || (portText !== '' && !/^\d{1,5}$/.test(portText))) {
    b.problem(`${S("DATABASES['default']")}: HOST is empty or a socket, or NAME/PORT missing: give --store ${kind}://…?schema=django (with &socket= for a socket)`);
    return;
  }
  const url = sqlUrl(
    { kind, host, port: portText === '' ? (kind === 'mysql' ? 3306 : 5432) : Number(portText), database: name, user: text(dig(db, 'USER')) || undefined, password: text(dig(db, 'PASSWORD')) || undefined },
    { schema: 'django' },
  );
  b.set('store', url, `${S('SESSION_ENGINE')} = "${BACKENDS}db", ${S("DATABASES['default']")}`);
}

/** `host:port` or `unix:/path` (Django's memcached LOCATION forms). */
function memcachedLocation(loc: string): { host: string; port: number } | undefined {
  if (loc.startsWith('unix:')) return { host: loc.slice(5), port: 0 };
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(loc);
  return m ? { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] === undefined ? 11211 : Number(m[2]) } : undefined;
}

function cache(doc: Record<string, unknown>, backend: 'cache' | 'cached_db', b: DerivationBuilder): void {
  const alias = text(doc.SESSION_CACHE_ALIAS) ?? 'default';
  const at = `CACHES['${alias}']`;
  const c = dig(doc, `CACHES.${alias}`);
  if (typeof c !== 'object' || c === null) {
    b.problem(`${S(at)} does not exist: give --store`);
    return;
  }
  if (dig(c, 'KEY_FUNCTION') !== undefined && dig(c, 'KEY_FUNCTION') !== null) {
    b.problem(`${S(`${at}['KEY_FUNCTION']`)} is set: isauth knows Django's default key function only; give --store with ?key=`);
    return;
  }
  const version = text(dig(c, 'VERSION')) ?? '1';
  const prefix = djangoCachePrefix({ keyPrefix: text(dig(c, 'KEY_PREFIX')), version, backend });
  const origin = `${S('SESSION_ENGINE')} = "${BACKENDS}${backend}", ${S(at)} (BACKEND, LOCATION, KEY_PREFIX, VERSION)`;
  const cacheBackend = text(dig(c, 'BACKEND')) ?? '';
  const raw = dig(c, 'LOCATION');
  const locations = (Array.isArray(raw) ? raw.map((x) => text(x) ?? '') : (text(raw) ?? '').split(/[;,]/)).map((s) => s.trim()).filter((s) => s !== '');
  if (MEMCACHED.includes(cacheBackend)) {
    const servers = locations.map(memcachedLocation);
    if (servers.length !== 1 || servers[0] === undefined) {
      b.problem(`${S(`${at}['LOCATION']`)}: isauth reads Django's memcached sessions from exactly one server (the Python clients place keys their own way); give --store`);
      return;
    }
    b.set('store', memcachedUrl([servers[0]], { prefix }), origin);
  } else if (REDIS.includes(cacheBackend)) {
    const serializer = text(dig(c, 'OPTIONS.SERIALIZER'));
    const compressor = text(dig(c, 'OPTIONS.COMPRESSOR'));
    if ((serializer && !/pickle/i.test(serializer)) || (compressor && !/identity/i.test(compressor))) {
      b.problem(`${S(`${at}['OPTIONS']`)} sets a serializer or compressor other than django-redis' pickle: isauth reads pickled, uncompressed values`);
      return;
    }
    const loc = locations[0];
    let u: URL | undefined;
    try {
      u = loc === undefined ? undefined : new URL(loc);
    } catch {
      u = undefined;
    }
    if (u === undefined || !/^(redis|rediss|unix):$/.test(u.protocol)) {
      b.problem(`${S(`${at}['LOCATION']`)} is not a redis://, rediss:// or unix:// URL: give --store`);
      return;
    }
    const db = Number(u.searchParams.get('db') ?? (u.pathname.replace(/^\//, '') || '0'));
    const socket = u.protocol === 'unix:';
    const password = decodeURIComponent(u.password) || undefined;
    if (socket && password !== undefined) {
      b.problem(`${S(`${at}['LOCATION']`)}: a unix socket with a password: give --store`);
      return;
    }
    b.set('store', redisUrl({
      tls: u.protocol === 'rediss:', host: socket ? u.pathname : u.hostname, port: Number(u.port || 6379),
      user: decodeURIComponent(u.username) || undefined, password, database: Number.isInteger(db) ? db : 0,
    }, { prefix }), origin);
  } else {
    b.problem(`${S(`${at}['BACKEND']`)} = "${cacheBackend}": isauth reads Django's cache sessions from memcached (PyMemcacheCache, MemcachedCache) and Redis (django-redis, RedisCache)`);
  }
}

export function deriveDjango(doc: Record<string, unknown>): Derivation {
  const b = new DerivationBuilder();
  const version = text(doc.version) ?? '?';
  b.set('framework', 'django', `manage.py: a Django ${version} project`);
  const cookie = text(doc.SESSION_COOKIE_NAME);
  if (!cookie) b.problem(`${S('SESSION_COOKIE_NAME')} is empty: give --cookie`);
  else b.set('cookie', cookie, S('SESSION_COOKIE_NAME'));
  const age = text(doc.SESSION_COOKIE_AGE);
  if (age !== undefined && /^\d+$/.test(age) && Number(age) > 0) b.set('maxAge', age, S('SESSION_COOKIE_AGE'));

  const secret = text(doc.SECRET_KEY);
  const fallbacks = Array.isArray(doc.SECRET_KEY_FALLBACKS) ? doc.SECRET_KEY_FALLBACKS.filter((k): k is string => typeof k === 'string' && k !== '') : [];
  if (!secret) b.problem(`${S('SECRET_KEY')} is empty`);
  else if (doc.fallbacks_read === true) b.set('secretKey', [secret, ...fallbacks], fallbacks.length > 0 ? `${S('SECRET_KEY')}, then ${S('SECRET_KEY_FALLBACKS')}` : S('SECRET_KEY'));
  else {
    b.set('secretKey', [secret], S('SECRET_KEY'));
    if (fallbacks.length > 0) {
      b.note(`${S('SECRET_KEY_FALLBACKS')} lists ${fallbacks.length} key(s), but Django ${version} does not read it (Django 4.1 does): data signed with those keys is refused by Django, so isauth refuses it too`);
    }
  }

  const engine = text(doc.SESSION_ENGINE) ?? `${BACKENDS}db`;
  const backend = engine.startsWith(BACKENDS) ? engine.slice(BACKENDS.length) : engine;
  switch (backend) {
    case 'signed_cookies':
      signedOnly(doc, b);
      b.set('store', 'cookie:', `${S('SESSION_ENGINE')} = "${engine}"`);
      break;
    case 'db':
      signedOnly(doc, b);
      database(doc, b);
      break;
    case 'file': {
      signedOnly(doc, b);
      const dir = text(doc.file_storage_path);
      if (!dir?.startsWith('/')) b.problem(`${S('SESSION_FILE_PATH')}: Django's file backend gave no absolute directory; give --store files:/dir`);
      else b.set('store', `files:${dir}`, `${S('SESSION_ENGINE')} = "${engine}", ${S('SESSION_FILE_PATH')} (as the file backend resolves it)`);
      break;
    }
    case 'cache':
    case 'cached_db':
      cache(doc, backend, b);
      break;
    default:
      b.problem(`${S('SESSION_ENGINE')} = "${engine}": isauth reads Django's db, file, cache, cached_db and signed_cookies backends`);
  }
  return b.build('Django');
}
