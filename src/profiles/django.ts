/**
 * `--framework django`: Django's sessions (django.contrib.sessions), by backend — which the store
 * says:
 *
 *   backend         store                cookie codec           key                                    value codec   format
 *   signed_cookies  `cookie:`            signature + age ≤ --max-age checked    the cookie itself       —             its JSON payload
 *   cache           memcached / redis    session key [a-z0-9]   `:1:django.contrib.sessions.cache<key>` pymemcache's  pickle (strict whitelist)
 *   cached_db       memcached / redis    session key            `?prefix=:1:django.contrib.sessions.cached_db`         pickle
 *   db / file       SQL / files          session key            row / `sessionid<key>`                 —             signed JSON, salt …SessionStore
 *
 * Signed data is verified with `--secret-key` (SECRET_KEY, then the fallbacks). Rules: @django
 * (`_auth_user_id` present).
 */
import { djangoSessionKeyCodec, djangoSignedCookieCodec } from '../cookie-codec/django.js';
import { djangoPickleFormat, djangoSignedCookieFormat, djangoSignedFormat } from '../session-format/django/index.js';
import { djangoCacheKey } from '../store-key/django-cache.js';
import { prefixKey } from '../store-key/prefix.js';
import { identityCodec } from '../value-codec/identity.js';
import { pymemcacheCodec } from '../value-codec/pymemcache.js';
import { urlPrefixOr } from './plain.js';
import { sqlStageChoices } from './sql.js';
import type { Config } from '../config/schema.js';
import { findDjangoCookie } from '../session-ref/index.js';
import type { Profile, StageChoices } from './types.js';

/** SESSION_COOKIE_AGE's default: two weeks. */
const TWO_WEEKS = '1209600';

export const django = Object.freeze<Profile>({
  defaults: () => ({ cookie: 'sessionid', auth: ['@django'], maxAge: TWO_WEEKS }),
  check(config) {
    const signed = config.store.spec.kind !== 'memcached' && config.store.spec.kind !== 'redis';
    return signed && config.secretKey.length === 0
      ? ['--secret-key: --framework django needs SECRET_KEY to verify signed session data with this store']
      : [];
  },
  // Django reads the Cookie header its own way (last of two wins, no name mangling).
  stages: (config) => ({ ...djangoStages(config), cookieJar: findDjangoCookie }),
});

function djangoStages(config: Config): StageChoices {
  const spec = config.store.spec;
  const signed = { secretKeys: config.secretKey, maxDepth: config.maxDepth, maxBytes: config.maxSessionBytes };
  if (spec.kind === 'cookie') {
    return {
      cookieCodec: djangoSignedCookieCodec({ secretKeys: config.secretKey, maxAgeSeconds: config.maxAge, maxBytes: config.maxSessionBytes }),
      keyScheme: prefixKey(''),
      valueCodec: identityCodec(),
      format: djangoSignedCookieFormat({ maxDepth: config.maxDepth, maxBytes: config.maxSessionBytes }),
    };
  }
  if (spec.kind === 'memcached' || spec.kind === 'redis') {
    return {
      cookieCodec: djangoSessionKeyCodec(),
      keyScheme: prefixKey(urlPrefixOr(spec, djangoCacheKey('', { backend: 'cache' }))),
      valueCodec: spec.kind === 'memcached' ? pymemcacheCodec() : identityCodec(),
      format: djangoPickleFormat({ maxDepth: config.maxDepth }),
    };
  }
  const choices = {
    cookieCodec: djangoSessionKeyCodec(),
    keyScheme: prefixKey(urlPrefixOr(spec, spec.kind === 'files' ? config.cookie : '')),
    valueCodec: identityCodec(),
    format: djangoSignedFormat(signed),
  };
  // db backend: `django_session` (`?schema=django`), expiry checked in SQL.
  return spec.kind === 'sql' ? sqlStageChoices(spec, config, choices) : choices;
}
