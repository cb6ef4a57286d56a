/**
 * `--framework plain` (the default): sessions written by PHP's own session handlers — files,
 * php-memcached / pecl memcache (`memcached`), phpredis (`redis`, `rediscluster`) — or by a custom
 * save handler storing PHP- or JSON-serialized sessions under a prefix, a `?key=` template or in
 * an SQL table.
 *
 *   cookie codec   the cookie value is the id (PHP's alphabet)          src/cookie-codec/php-id.ts
 *   store key      PHP's prefix + id, placed by the bare id            src/store-key/php.ts
 *   value codec    the memcached client's flags; identity elsewhere    src/value-codec/
 *   session format --serializer (php, php_binary, php_serialize, igbinary, json)
 */
import { phpIdCodec } from '../cookie-codec/php-id.js';
import { serializerFormat } from '../session-format/index.js';
import { PHP_KEY_PREFIX } from '../store-key/php.js';
import type { Profile } from './types.js';

export const plain = Object.freeze<Profile>({
  title: "PHP's own session handlers, or a custom save handler",
  phpSessions: true,
  defaults: () => ({}),
  cookie: () => phpIdCodec,
  format: (config, wanted) => serializerFormat(config.serializer, config.maxDepth, wanted),
  stores: {
    files: { prefix: PHP_KEY_PREFIX.files },
    memcached: { prefix: PHP_KEY_PREFIX.memcached, pecl: true },
    redis: { prefix: (config) => (config.store.spec.kind === 'redis-cluster' ? PHP_KEY_PREFIX['redis-cluster'] : PHP_KEY_PREFIX.redis) },
    sql: { prefix: '' },
  },
});
