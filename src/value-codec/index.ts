/** Stage 5: the store's bytes and flags → the session's bytes (see types.ts). */
export { identityCodec } from './identity.js';
export { phpMemcachedCodec } from './php-memcached.js';
export { peclMemcacheCodec } from './pecl-memcache.js';
export type { ValueCodec, ValueCodecOptions } from './types.js';
