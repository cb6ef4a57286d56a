/**
 * `--framework laravel`: Laravel's sessions (StartSession + EncryptCookies), names derived from
 * `--app-name` exactly as Laravel derives them (src/profiles/laravel-names.ts).
 *
 *   cookie codec   `<slug>_session`, decrypted with `--app-key` (several for a rotation): the
 *                  Encrypter payload's MAC (CBC) or tag (GCM), then the cookie-name prefix, then
 *                  a 40-character id. A forged or tampered cookie → anon, counted   src/cookie-codec/laravel.ts
 *   store key      file `<id>`; memcached `<slug>_cache:<id>` placed by the whole key (modulo, the
 *                  skeleton's client); redis `<slug>_database_<slug>_cache:<id>`; database
 *                  (`?schema=laravel`): the `id` column, and `user_id` decides by default
 *   value codec    memcached: php-memcached's flags; redis: the cache's second `s:N:"…";`;
 *                  then, with `--session-encrypt`, the Encrypter payload       src/value-codec/
 *   session format php_serialize (Laravel's `serialize($attributes)`)
 *   rules          @laravel (`login_web_<sha1>`)
 */
import { laravelCookieCodec } from '../cookie-codec/laravel.js';
import { IsauthError } from '../errors.js';
import { serializerFormat } from '../session-format/index.js';
import { laravelEncryptedCodec } from '../value-codec/laravel-encrypted.js';
import { phpStringCodec } from '../value-codec/php-string.js';
import { SQL_SCHEMES } from '../stores/sql/url.js';
import { laravelNames } from './laravel-names.js';
import type { Profile } from './types.js';

const DEFAULT_APP_NAME = 'Laravel';
/** Laravel's default `session.lifetime`: 120 minutes (what the files and database age checks use). */
export const LARAVEL_LIFETIME = '7200';

export const laravel = Object.freeze<Profile>({
  title: "Laravel (the encrypted session cookie; file, memcached, redis and database drivers)",
  ownOptions: ['appKey', 'appName', 'sessionEncrypt'],
  phpSessions: false,
  lifetimeSetting: "SESSION_LIFETIME (config/session.php 'lifetime', 120 minutes unless the application changed it)",
  defaults(given) {
    let cookie: string;
    try {
      cookie = laravelNames(given('appName') ?? DEFAULT_APP_NAME).cookie;
    } catch (err) {
      throw new IsauthError('CONFIG_INVALID', `--app-name: ${(err as Error).message}; give --cookie and the store's ?prefix= explicitly`);
    }
    // The database driver's `user_id` column decides alone (no payload to decrypt or decode).
    const scheme = /^([A-Za-z]+):/.exec(given('store') ?? '')?.[1]?.toLowerCase() ?? '';
    const sql = Object.hasOwn(SQL_SCHEMES, scheme);
    return { cookie, serializer: 'php_serialize', auth: [sql ? 'user_id' : '@laravel'], maxAge: LARAVEL_LIFETIME };
  },
  check(config) {
    return config.appKey.length === 0 ? ['--app-key: --framework laravel needs the APP_KEY to read the encrypted session cookie'] : [];
  },
  cookie: (config) => laravelCookieCodec({ keys: config.appKey, cookieName: config.cookie }),
  format: (config, wanted) => serializerFormat(config.serializer, config.maxDepth, wanted),
  layers: (config) => (config.sessionEncrypt ? [laravelEncryptedCodec({ keys: config.appKey, maxBytes: config.maxSessionBytes })] : []),
  stores: {
    files: { prefix: '' },
    memcached: { prefix: (config) => laravelNames(config.appName).cachePrefix, placeBy: 'key', distribution: 'modulo' },
    redis: { prefix: (config) => laravelNames(config.appName).redisPrefix, layers: () => [phpStringCodec()] },
    sql: { prefix: '', sqlSchemas: ['laravel', 'custom'] },
  },
});
