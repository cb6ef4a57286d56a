/**
 * `--framework django`: Django's sessions (django.contrib.sessions), by backend — which the store
 * says:
 *
 *   backend         store              cookie codec                         key                                      value codec   format
 *   signed_cookies  `cookie:`          signature + age ≤ --max-age checked  the cookie itself                        —             its JSON payload
 *   cache           memcached / redis  session key [a-z0-9]                 `:1:django.contrib.sessions.cache<key>`  pymemcache's  pickle (strict whitelist)
 *   cached_db       memcached / redis  session key                          `?prefix=:1:django.contrib.sessions.cached_db`         pickle
 *   db / file       SQL / files        session key                          row / `<SESSION_COOKIE_NAME><key>`       —             signed JSON, salt …SessionStore
 *
 * Signed data is verified with `--secret-key` (SECRET_KEY, then the fallbacks). Rules: @django
 * (`_auth_user_id` present).
 */
import { djangoSessionKeyCodec, djangoSignedCookieCodec } from '../cookie-codec/django.js';
import { djangoPickleFormat, djangoSignedCookieFormat, djangoSignedFormat } from '../session-format/django/index.js';
import { DJANGO_CACHE_PREFIX } from '../store-key/django-cache.js';
import { pymemcacheCodec } from '../value-codec/pymemcache.js';
import type { Config } from '../options/schema.js';
import { findDjangoCookie } from '../session-ref/index.js';
import type { Profile } from './types.js';

/** SESSION_COOKIE_AGE's default: two weeks. */
export const DJANGO_COOKIE_AGE = '1209600';

const pickle = (config: Config) => djangoPickleFormat({ maxDepth: config.maxDepth });

export const django = Object.freeze<Profile>({
  title: 'Django (django.contrib.sessions: signed_cookies, cache, cached_db, db, file)',
  ownOptions: ['secretKey', 'djangoLegacySignatures'],
  refuses: ['serializer'],
  phpSessions: false,
  lifetimeSetting: 'SESSION_COOKIE_AGE (two weeks unless settings.py changes it)',
  defaults: () => ({ cookie: 'sessionid', auth: ['@django'], maxAge: DJANGO_COOKIE_AGE }),
  check(config) {
    const signed = config.store.spec.kind !== 'memcached' && config.store.spec.kind !== 'redis';
    return signed && config.secretKey.length === 0
      ? ['--secret-key: --framework django needs SECRET_KEY to verify signed session data with this store']
      : [];
  },
  // Django reads the Cookie header its own way: the last of two wins, names are not mangled.
  cookieJar: findDjangoCookie,
  cookie: () => djangoSessionKeyCodec(),
  format: (config) => djangoSignedFormat({ secretKeys: config.secretKey, maxDepth: config.maxDepth, maxBytes: config.maxSessionBytes, legacy: config.djangoLegacySignatures }),
  stores: {
    cookie: {
      prefix: '',
      cookie: (config) =>
        djangoSignedCookieCodec({ secretKeys: config.secretKey, maxAgeSeconds: config.maxAge, maxBytes: config.maxSessionBytes, legacy: config.djangoLegacySignatures }),
      format: (config) => djangoSignedCookieFormat({ maxDepth: config.maxDepth, maxBytes: config.maxSessionBytes }),
    },
    memcached: { prefix: DJANGO_CACHE_PREFIX.cache, flags: () => pymemcacheCodec(), format: pickle },
    redis: { prefix: DJANGO_CACHE_PREFIX.cache, format: pickle },
    // The file backend names a session file after SESSION_COOKIE_NAME + the key.
    files: { prefix: (config) => config.cookie },
    sql: { prefix: '', sqlSchemas: ['django', 'custom'] },
  },
});
