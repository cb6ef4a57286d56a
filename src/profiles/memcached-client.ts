/**
 * The value codec a memcached store needs depends on the PHP client that wrote the value: the two
 * clients' flag bits collide (pecl memcache's 2 = zlib is php-memcached's 2 = double), so the
 * store URL says which (`?client=memcache`, else php-memcached, whose session handler and
 * userland client Symfony and Laravel use). Other stores carry no flags.
 */
import type { StoreSpec } from '../stores/types.js';
import { identityCodec } from '../value-codec/identity.js';
import { peclMemcacheCodec } from '../value-codec/pecl-memcache.js';
import { phpMemcachedCodec } from '../value-codec/php-memcached.js';
import type { ValueCodec } from '../value-codec/types.js';

export function storeValueCodec(spec: StoreSpec, maxBytes: number): ValueCodec {
  if (spec.kind !== 'memcached') return identityCodec();
  return (spec as { client?: string }).client === 'memcache' ? peclMemcacheCodec({ maxBytes }) : phpMemcachedCodec({ maxBytes });
}
