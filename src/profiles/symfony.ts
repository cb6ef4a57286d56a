/**
 * `--framework symfony`: Symfony's sessions. On PHP's own handlers (files, and pecl memcache's)
 * they are plain PHP sessions; Symfony's own handlers use their own key prefixes, and its
 * memcached client picks the server by the WHOLE key with LIBKETAMA_COMPATIBLE:
 *
 *   store key      files `sess_<id>`; memcached `sf2s<id>` (MemcachedSessionHandler), placed by
 *                  the whole key, weighted ketama; redis `sf_s<id>` (RedisSessionHandler); sql:
 *                  PdoSessionHandler's table (`?schema=symfony`)
 *   value codec    php-memcached's flags (values over 2,000 bytes are fastlz-compressed)
 *   session format --serializer (php by default)
 *   rules          @symfony (`_sf2_attributes` holds `_security_<firewall>`)
 */
import { phpIdCodec } from '../cookie-codec/php-id.js';
import { serializerFormat } from '../session-format/index.js';
import { PHP_KEY_PREFIX } from '../store-key/php.js';
import type { Profile } from './types.js';

export const SYMFONY_PREFIX = Object.freeze({ memcached: 'sf2s', redis: 'sf_s' });

export const symfony = Object.freeze<Profile>({
  title: 'Symfony (HttpFoundation sessions)',
  phpSessions: true,
  defaults: () => ({ auth: ['@symfony'] }),
  cookie: () => phpIdCodec,
  format: (config, wanted) => serializerFormat(config.serializer, config.maxDepth, wanted),
  stores: {
    files: { prefix: PHP_KEY_PREFIX.files },
    memcached: { prefix: SYMFONY_PREFIX.memcached, placeBy: 'key', distribution: 'ketama_weighted', pecl: true },
    redis: { prefix: SYMFONY_PREFIX.redis, placeBy: 'key' },
    sql: { prefix: '', sqlSchemas: ['symfony', 'plain', 'custom'] },
  },
});
