/**
 * `--framework plain` (the default): sessions written by PHP's own session handlers — files,
 * php-memcached (`memcached`), phpredis (`redis`) — read with `session.serialize_handler`.
 *
 *   cookie codec   the cookie value is the id (PHP's alphabet)        src/cookie-codec/php-id.ts
 *   store key      PHP's prefix + id (`sess_`, `memc.sess.key.`, `PHPREDIS_SESSION:`), or
 *                  the store URL's `?prefix=`; placement by the bare id  src/store-key/
 *   value codec    identity: flags must be 0                          src/value-codec/identity.ts
 *   session format --serializer (php, php_binary, php_serialize, igbinary)  src/session-format/php.ts
 */
import { phpIdCodec } from '../cookie-codec/php-id.js';
import { phpFormat } from '../session-format/php.js';
import { PHP_KEY_PREFIX } from '../store-key/php.js';
import { prefixKey } from '../store-key/prefix.js';
import { identityCodec } from '../value-codec/identity.js';
import type { StoreSpec } from '../stores/types.js';
import type { KeyScheme } from '../store-key/types.js';
import type { Profile } from './types.js';

/** PHP's own key for a store: the URL's `?prefix=`, else the handler's default prefix. */
export function phpKeyScheme(spec: StoreSpec): KeyScheme {
  return prefixKey(('prefix' in spec ? spec.prefix : undefined) ?? PHP_KEY_PREFIX[spec.kind]);
}

export const plain = Object.freeze<Profile>({
  defaults: {},
  stages(config, wanted) {
    return {
      cookieCodec: phpIdCodec,
      keyScheme: phpKeyScheme(config.store.spec),
      valueCodec: identityCodec(),
      format: phpFormat(config.serializer, { maxDepth: config.maxDepth, wanted }),
    };
  },
});
