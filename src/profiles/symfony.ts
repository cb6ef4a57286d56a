/**
 * `--framework symfony`: Symfony's sessions. On PHP's own handlers (files, php-memcached's and
 * phpredis' session handlers) they are plain PHP sessions; Symfony's own handlers use their own
 * key prefixes, and its memcached client picks the server by the WHOLE key:
 *
 *   store key      files `sess_<id>`; memcached `sf2s<id>` (MemcachedSessionHandler), placed by
 *                  the whole key; redis `sf_s<id>` (RedisSessionHandler); `?prefix=` wins
 *   value codec    php-memcached's flags (values over 2,000 bytes are fastlz-compressed)
 *   session format --serializer (php by default)
 *   rules          @symfony (`_sf2_attributes` holds `_security_<firewall>`)
 */
import { phpIdCodec } from '../cookie-codec/php-id.js';
import { serializerFormat } from '../session-format/index.js';
import { prefixKey } from '../store-key/prefix.js';
import { storeValueCodec, withClientDistribution } from './memcached-client.js';
import { phpKeyScheme, urlPrefixOr } from './plain.js';
import type { Profile } from './types.js';

export const SYMFONY_PREFIX = Object.freeze({ memcached: 'sf2s', redis: 'sf_s' });

export const symfony = Object.freeze<Profile>({
  defaults: () => ({ auth: ['@symfony'] }),
  stages(config, wanted) {
    const spec = config.store.spec;
    const keyScheme =
      spec.kind === 'memcached' || spec.kind === 'redis'
        ? prefixKey(urlPrefixOr(spec, SYMFONY_PREFIX[spec.kind]), 'key')
        : phpKeyScheme(spec);
    return {
      cookieCodec: phpIdCodec,
      keyScheme,
      valueCodec: storeValueCodec(spec, config.maxSessionBytes),
      format: serializerFormat(config.serializer, config.maxDepth, wanted),
      storeSpec: withClientDistribution(spec, 'ketama_weighted'),
    };
  },
});
