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
  return spec.pecl !== undefined ? peclMemcacheCodec({ maxBytes }) : phpMemcachedCodec({ maxBytes });
}

/**
 * A userland php-memcached client's default placement, for URLs that do not say `hash=`:
 * Symfony's MemcachedAdapter::createConnection sets LIBKETAMA_COMPATIBLE (weighted ketama, MD5);
 * Laravel's skeleton sets no option (php-memcached's default: modula over one-at-a-time).
 */
export function withClientDistribution(spec: StoreSpec, distribution: 'ketama_weighted' | 'modulo'): StoreSpec {
  if (spec.kind !== 'memcached' || spec.pecl !== undefined || spec.distributionGiven) return spec;
  return { ...spec, distribution };
}
