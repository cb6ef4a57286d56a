/**
 * `--framework laravel`: Laravel's sessions (StartSession + EncryptCookies), names derived from
 * `--app-name` exactly as Laravel derives them (src/profiles/laravel-names.ts).
 *
 *   cookie codec   `<slug>_session`, decrypted with `--app-key` (several for a rotation): the
 *                  Encrypter payload's MAC (CBC) or tag (GCM), then the cookie-name prefix, then
 *                  a 40-character id. A forged or tampered cookie → anon, counted   src/cookie-codec/laravel.ts
 *   store key      files `<id>` (no prefix); memcached `<slug>_cache:<id>` placed by the whole
 *                  key; redis `<slug>_database_<slug>_cache:<id>`; `?prefix=` wins; database
 *                  (`?schema=laravel`): the `id` column, and `user_id` decides by default
 *   value codec    memcached: php-memcached's flags; redis: the cache's second `s:N:"…";`;
 *                  then, with `--session-encrypt`, the Encrypter payload       src/value-codec/
 *   session format php_serialize (Laravel's `serialize($attributes)`)
 *   rules          @laravel (`login_web_<sha1>`)
 */
import { laravelCookieCodec } from '../cookie-codec/laravel.js';
import { IsauthError } from '../errors.js';
import { serializerFormat } from '../session-format/index.js';
import { prefixKey } from '../store-key/prefix.js';
import { chainCodecs } from '../value-codec/chain.js';
import { identityCodec } from '../value-codec/identity.js';
import { laravelEncryptedCodec } from '../value-codec/laravel-encrypted.js';
import { phpStringCodec } from '../value-codec/php-string.js';
import type { ValueCodec } from '../value-codec/types.js';
import { laravelNames } from './laravel-names.js';
import { storeValueCodec, withClientDistribution } from './memcached-client.js';
import { urlPrefixOr } from './plain.js';
import { sqlStageChoices } from './sql.js';
import type { Profile } from './types.js';

const DEFAULT_APP_NAME = 'Laravel';

export const laravel = Object.freeze<Profile>({
  defaults(given) {
    let cookie: string;
    try {
      cookie = laravelNames(given('appName') ?? DEFAULT_APP_NAME).cookie;
    } catch (err) {
      throw new IsauthError('CONFIG_INVALID', `--app-name: ${(err as Error).message}; give --cookie and the store's ?prefix= explicitly`);
    }
    // Laravel's default lifetime: 120 minutes (what the files store's age check uses).
    // The database driver's `user_id` column decides alone (no payload to decrypt or decode).
    const sql = /^(mysql|mariadb|postgres|postgresql):/i.test(given('store') ?? '');
    return { cookie, serializer: 'php_serialize', auth: [sql ? 'user_id' : '@laravel'], maxAge: '7200' };
  },
  check(config) {
    return config.appKey.length === 0 ? ['--app-key: --framework laravel needs the APP_KEY to read the encrypted session cookie'] : [];
  },
  stages(config, wanted) {
    const spec = config.store.spec;
    const names = laravelNames(config.appName);
    const layers: ValueCodec[] = [];
    if (spec.kind === 'redis') layers.push(phpStringCodec());
    if (config.sessionEncrypt) layers.push(laravelEncryptedCodec({ keys: config.appKey, maxBytes: config.maxSessionBytes }));
    const keyScheme =
      spec.kind === 'memcached' ? prefixKey(urlPrefixOr(spec, names.cachePrefix), 'key')
      : spec.kind === 'redis' ? prefixKey(urlPrefixOr(spec, names.redisPrefix))
      : prefixKey('');
    const first = spec.kind === 'memcached' ? storeValueCodec(spec, config.maxSessionBytes) : identityCodec();
    const choices = {
      cookieCodec: laravelCookieCodec({ keys: config.appKey, cookieName: config.cookie }),
      keyScheme,
      valueCodec: chainCodecs(first, ...layers),
      format: serializerFormat(config.serializer, config.maxDepth, wanted),
      storeSpec: withClientDistribution(spec, 'modulo'),
    };
    // database driver: `user_id` decides, or the base64 payload (src/profiles/sql.ts).
    return spec.kind === 'sql' ? sqlStageChoices(spec, config, choices) : choices;
  },
});
