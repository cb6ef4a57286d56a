/**
 * `--framework plain` (the default): sessions written by PHP's own session handlers — files,
 * php-memcached / pecl memcache (`memcached`), phpredis (`redis`) — or by a custom save handler
 * storing PHP- or JSON-serialized sessions under a prefix.
 *
 *   cookie codec   the cookie value is the id (PHP's alphabet)          src/cookie-codec/php-id.ts
 *   store key      PHP's prefix + id (`sess_`, `memc.sess.key.`, `PHPREDIS_SESSION:`), or the
 *                  store URL's `?prefix=`; placement by the bare id       src/store-key/
 *   value codec    by the memcached client's flags; identity elsewhere  src/value-codec/
 *   session format --serializer (php, php_binary, php_serialize, igbinary, json)  src/session-format/
 */
import { phpIdCodec } from '../cookie-codec/php-id.js';
import { serializerFormat } from '../session-format/index.js';
import { PHP_KEY_PREFIX } from '../store-key/php.js';
import { prefixKey } from '../store-key/prefix.js';
import { storeKeyOverride } from '../store-key/template.js';
import type { KeyScheme } from '../store-key/types.js';
import type { StoreSpec } from '../stores/types.js';
import { storeValueCodec } from './memcached-client.js';
import { sqlStageChoices } from './sql.js';
import type { Profile } from './types.js';

/** The store URL's `?prefix=` when given, else `fallback`. */
export function urlPrefixOr(spec: StoreSpec, fallback: string): string {
  return ('prefix' in spec ? spec.prefix : undefined) ?? fallback;
}

/** PHP's own key for a store: the URL's `?key=` template or `?prefix=`, else the handler's default prefix. */
export function phpKeyScheme(spec: StoreSpec): KeyScheme {
  return storeKeyOverride(spec) ?? prefixKey(urlPrefixOr(spec, (PHP_KEY_PREFIX as Record<string, string>)[spec.kind] ?? ''));
}

export const plain = Object.freeze<Profile>({
  defaults: () => ({}),
  stages(config, wanted) {
    const choices = {
      cookieCodec: phpIdCodec,
      keyScheme: phpKeyScheme(config.store.spec),
      valueCodec: storeValueCodec(config.store.spec, config.maxSessionBytes),
      format: serializerFormat(config.serializer, config.maxDepth, wanted),
    };
    const spec = config.store.spec;
    return spec.kind === 'sql' ? sqlStageChoices(spec, config, choices) : choices;
  },
});
